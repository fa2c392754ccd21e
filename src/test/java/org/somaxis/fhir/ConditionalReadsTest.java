package org.somaxis.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConditionalReadsTest {
	@ParameterizedTest(name = "If-None-Match [{0}] against version 3: {1}")
	@CsvSource(delimiter = '|', value = {
		"*|true",
		" * |true",
		"W/\"3\"|true",
		"\"3\"|true",
		"3|true",
		"W/\"03\"|true",
		"W/\"1\", W/\"3\"|true",
		"W/\"1\",W/\"3\"|true",
		"W/\"1\"|false",
		"W/\"1\", W/\"2\"|false",
		"W/\"33\"|false",
		"W/3|false",
		"\"abc\"|false",
		"W/\"3\" garbage|false",
	})
	void ifNoneMatch_matchesOnlyTheVersionOrStar(String ifNoneMatch, boolean matches) {
		assertThat(ConditionalReads.matchesAny(ifNoneMatch, "3")).isEqualTo(matches);
	}
}
