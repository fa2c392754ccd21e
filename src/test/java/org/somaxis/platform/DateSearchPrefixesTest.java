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

	/**
	 * A parsed search (a batch entry's, a conditional url's) is bounded the same way, in the lists HAPI built, which may
	 * not be changed: a batch search answered 500 when they were changed in place (P64-M2). Other values stay.
	 */
	@org.junit.jupiter.api.Test
	void aParsedSearch_hasItsPartialDatesBounded_leavingItsOtherValues() {
		ca.uhn.fhir.jpa.searchparam.SearchParameterMap search = new ca.uhn.fhir.jpa.searchparam.SearchParameterMap();
		search.put("date", java.util.List.of(java.util.List.of(new ca.uhn.fhir.rest.param.DateParam("ge2024")),
				java.util.List.of(new ca.uhn.fhir.rest.param.DateParam("le2019-02")),
				java.util.List.of(new ca.uhn.fhir.rest.param.DateParam("gt2020"))));
		search.add("code", new ca.uhn.fhir.rest.param.TokenParam("http://loinc.org", "2484-4"));

		DateSearchPrefixes.dayBounded(search);

		assertThat(search.get("date")).extracting(or -> or.stream()
				.map(value -> ((ca.uhn.fhir.rest.param.DateParam) value).getValueAsQueryToken(null)).toList())
				.containsExactly(java.util.List.of("ge2024-01-01"), java.util.List.of("le2019-02-28"), java.util.List.of("gt2020"));
		assertThat(search.get("code")).hasSize(1);
	}

	/**
	 * A parsed search with ap, or with dates to OR, is refused as the request's own parameters are: an export filtered
	 * so failed on every poll with 500, or exported the wrong set (probe 65, P65-C1, M3).
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = ';', value = {"ap2024; 'ap' prefix", "ge2024,le2019; a list of dates to OR"})
	void aParsedSearchWithApOrDatesToOr_isRefusedAsNotSupported(String values, String said) {
		ca.uhn.fhir.jpa.searchparam.SearchParameterMap search = new ca.uhn.fhir.jpa.searchparam.SearchParameterMap();
		search.put("date", java.util.List.of(java.util.Arrays.stream(values.split(","))
				.map(value -> (ca.uhn.fhir.model.api.IQueryParameterType) new ca.uhn.fhir.rest.param.DateParam(value)).toList()));

		org.assertj.core.api.Assertions.assertThatThrownBy(() -> DateSearchPrefixes.dayBounded(search))
				.isInstanceOf(ca.uhn.fhir.rest.server.exceptions.InvalidRequestException.class)
				.hasMessageContaining(said);
	}
}
