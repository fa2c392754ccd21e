package org.somaxis.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.somaxis.fhir.JsonPrimitiveArrays;
import org.somaxis.security.BodyInspector;

/**
 * Parse → encode → parse round trips of HAPI's JSON and XML parsers, behind the request guard exactly as the
 * server runs them: whatever the guard lets through must parse or fail with a {@link DataFormatException}, and
 * a parsed resource must survive encode → parse unchanged (the second encoding equals the first).
 *
 * <p>Regression mode (every build) replays the seeds in {@code ParserRoundTripFuzzTestInputs/}; with
 * {@code JAZZER_FUZZ=1} Jazzer mutates them (docs/reliability.md).
 */
class ParserRoundTripFuzzTest {
	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private static final BodyInspector GUARD = new BodyInspector(1000, 100, 10_000);

	@FuzzTest(maxDuration = "30s")
	void jsonRoundTrip(byte[] body) {
		roundTrip(body, "application/fhir+json", FHIR.newJsonParser());
	}

	@FuzzTest(maxDuration = "30s")
	void xmlRoundTrip(byte[] body) {
		roundTrip(body, "application/fhir+xml", FHIR.newXmlParser());
	}

	private static void roundTrip(byte[] body, String contentType, IParser parser) {
		if (GUARD.inspect(body, contentType) != null) {
			return;
		}
		byte[] read = BodyInspector.isFhirJson(body, contentType) ? JsonPrimitiveArrays.aligned(body) : body;
		IBaseResource parsed;
		try {
			parsed = parser.parseResource(new String(read, java.nio.charset.StandardCharsets.UTF_8));
		} catch (DataFormatException refused) {
			return;
		}
		String first = parser.encodeResourceToString(parsed);
		String second = parser.encodeResourceToString(parser.parseResource(first));
		assertThat(second).isEqualTo(first);
	}
}
