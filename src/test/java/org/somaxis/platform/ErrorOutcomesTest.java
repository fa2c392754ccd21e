package org.somaxis.platform;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorOutcomesTest {
	private final ErrorOutcomes outcomes = new ErrorOutcomes(FhirContext.forR4Cached());

	@ParameterizedTest
	@CsvSource(
			nullValues = "null",
			value = {
				"_format=xml, null, true",
				"a=1&_format=application/fhir%2Bxml, null, true",
				"_format=json, application/fhir+xml, false",
				"null, application/fhir+xml, true",
				"null, 'application/fhir+json, application/fhir+xml', false",
				"null, null, false"
			})
	void format_followsFormatThenAccept_defaultingToJson(String query, String accept, boolean xml) {
		assertThat(ErrorOutcomes.wantsXml(query, accept)).isEqualTo(xml);
	}

	@Test
	void jettyErrors_becomeOperationOutcomesWithTheReasonForClientErrorsOnly() {
		ErrorOutcomes.Rendered clientError = outcomes.render(400, "Ambiguous URI path separator", null, null);
		assertThat(clientError.contentType()).startsWith("application/fhir+json");
		assertThat(new String(clientError.body(), StandardCharsets.UTF_8))
				.contains("\"resourceType\":\"OperationOutcome\"")
				.contains("HTTP 400 Bad Request: Ambiguous URI path separator");

		ErrorOutcomes.Rendered serverError = outcomes.render(500, "java.lang.IllegalStateException: secret", "_format=xml", null);
		assertThat(serverError.contentType()).startsWith("application/fhir+xml");
		assertThat(new String(serverError.body(), StandardCharsets.UTF_8))
				.contains("<OperationOutcome")
				.doesNotContain("secret");
	}

	@Test
	void onlyActuatorAndCdsPathsKeepTheirOwnErrors() {
		assertThat(ErrorOutcomes.isFhirPath("/fhir/Patient/a")).isTrue();
		assertThat(ErrorOutcomes.isFhirPath(null)).isTrue();
		assertThat(ErrorOutcomes.isFhirPath("/actuator/health")).isFalse();
		assertThat(ErrorOutcomes.isFhirPath("/cds-services/x")).isFalse();
	}
}
