package org.somaxis.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** An unreadable value's reason carries no Java exception names (probe 63, P63-m2). */
class ParseChecksMessagesTest {

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
			"java.lang.NumberFormatException: For input string: \"3000000000\" | not a whole number that an R4 integer holds",
			"java.lang.NumberFormatException: For input string: \"1.0\" | not a whole number that an R4 integer holds",
			"ca.uhn.fhir.parser.DataFormatException: Invalid date/time format: \"2026-13-45\" | Invalid date/time format: \"2026-13-45\"",
			"Unknown AdministrativeGender code 'M' | Unknown AdministrativeGender code 'M'"})
	void anUnreadableValuesReason_isSaidWithoutJavasWords(String hapi, String said) {
		assertThat(ParseChecks.readable(hapi)).startsWith(said).doesNotContain("java.").doesNotContain("Exception");
	}
}
