package org.somaxis.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A year or month after ge or le is searched from its first or to its last day (probe 63, P63-C2). */
class DateSearchPrefixesTest {

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = ';', value = {
			"ge2024; ge2024-01-01",
			"le2024; le2024-12-31",
			"ge2024-06; ge2024-06-01",
			"le2024-02; le2024-02-29",
			"le2023-02; le2023-02-28",
			"le1970-02; le1970-02-28",
			"ge2024,le2019; ge2024-01-01,le2019-12-31",
			// left alone: other prefixes, full dates, times, no month, not dates at all
			"gt2024; gt2024",
			"lt2024-06; lt2024-06",
			"2024; 2024",
			"ge2024-06-01; ge2024-06-01",
			"le2024-06-01T10:00:00Z; le2024-06-01T10:00:00Z",
			"ge2024-13; ge2024-13",
			"ge20240; ge20240"})
	void aPartialDateAfterGeOrLe_isBoundedToItsFirstOrLastDay(String value, String searched) {
		assertThat(DateSearchPrefixes.dayBounded(value)).isEqualTo(searched);
	}
}
