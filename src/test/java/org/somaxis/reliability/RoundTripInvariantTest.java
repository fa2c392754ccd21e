package org.somaxis.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RELIABILITY.md §8 row 4, the parser half: for seeded variations of every example resource,
 * parse(encode(r)) ≡ r in JSON and in XML, and JSON → XML → JSON gives the same resource. The seed of each
 * variation is in the test name, so a failure replays with that seed alone. The server half (read after create)
 * is {@code ReadAfterCreateIT}.
 */
class RoundTripInvariantTest {
	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private static final long BASE_SEED = Long.getLong("reliability.seed", 20261201L);
	private static final int VARIATIONS = 10 * ReliabilityReport.SCALE;
	private static ReliabilityReport report;

	@BeforeAll
	static void start() {
		report = ReliabilityReport.start("round-trip");
	}

	@AfterAll
	static void finish() {
		report.finish();
	}

	static Stream<Object[]> variations() throws IOException {
		List<Path> examples;
		try (Stream<Path> files = Files.list(Path.of("examples/resources"))) {
			examples = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
		}
		return examples.stream().flatMap(example -> java.util.stream.IntStream.range(0, VARIATIONS)
				.mapToObj(i -> new Object[] {example.getFileName().toString(), BASE_SEED + i}));
	}

	/**
	 * A finding of this suite, kept as a regression: HAPI's JSON parser expands a decimal written with an
	 * exponent into plain notation ({@code BigDecimal.toPlainString()}, the cause of the exponent bomb the request
	 * guard refuses). The value survives; its text and implied precision do not. The XML parser keeps the text.
	 */
	@org.junit.jupiter.api.Test
	void jsonParser_writesExponentDecimalsInPlainNotation() {
		String json = "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"},"
				+ "\"valueQuantity\":{\"value\":5.5e23}}";
		org.hl7.fhir.r4.model.Observation parsed =
				FHIR.newJsonParser().parseResource(org.hl7.fhir.r4.model.Observation.class, json);
		assertThat(FHIR.newJsonParser().encodeResourceToString(parsed)).contains("\"value\":550000000000000000000000");
		assertThat(parsed.getValueQuantity().getValue()).isEqualByComparingTo("5.5e23");
		String xml = "<Observation xmlns=\"http://hl7.org/fhir\"><valueQuantity><value value=\"5.5e23\"/></valueQuantity></Observation>";
		assertThat(FHIR.newXmlParser().encodeResourceToString(FHIR.newXmlParser().parseResource(xml))).contains("value=\"5.5e23\"");
	}

	@ParameterizedTest(name = "{0} seed {1}")
	@MethodSource("variations")
	void parseOfEncode_isTheSameResource_inJsonAndXml(String example, long seed) throws IOException {
		Resource original = (Resource) FHIR.newJsonParser().parseResource(Files.readString(Path.of("examples/resources", example)));
		Resource varied = new ResourceGenerator(FHIR, seed).vary(original);
		long started = System.nanoTime();
		IParser json = FHIR.newJsonParser();
		IParser xml = FHIR.newXmlParser();

		Resource viaJson = (Resource) json.parseResource(json.encodeResourceToString(varied));
		Resource viaXml = (Resource) xml.parseResource(xml.encodeResourceToString(varied));
		Resource jsonXmlJson = (Resource) json.parseResource(json.encodeResourceToString(
				xml.parseResource(xml.encodeResourceToString(json.parseResource(json.encodeResourceToString(varied))))));

		boolean same = varied.equalsDeep(viaJson) && varied.equalsDeep(viaXml)
				&& json.encodeResourceToString(jsonXmlJson).equals(json.encodeResourceToString(varied));
		report.answered(same ? 200 : 422, (System.nanoTime() - started) / 1_000_000);
		if (!same) {
			report.violation(example + " seed " + seed);
		}
		assertThat(json.encodeResourceToString(viaJson)).isEqualTo(json.encodeResourceToString(varied));
		assertThat(xml.encodeResourceToString(viaXml)).isEqualTo(xml.encodeResourceToString(varied));
		assertThat(json.encodeResourceToString(jsonXmlJson)).isEqualTo(json.encodeResourceToString(varied));
		assertThat(varied.equalsDeep(viaJson)).isTrue();
		assertThat(varied.equalsDeep(viaXml)).isTrue();
	}
}
