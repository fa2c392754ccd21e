package org.somaxis.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SearchParamPathsTest {

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '#', value = {
		"Observation.subject                                  # Observation.subject",
		"Observation.subject.where(resolve() is Patient)      # Observation.subject",
		"(Observation.value as Reference)                     # Observation.value",
		"Observation.value.ofType(Reference)                  # Observation.value",
		" Condition.encounter                                 # Condition.encounter",
		"Bundle.entry[0].resource                             # ",
		"Patient.extension('http://x').value                  # ",
		"Observation                                          # "
	})
	void aSearchParametersPath_namesItsPlainElement(String path, String plain) {
		assertThat(SearchParamPaths.plain(path)).isEqualTo(java.util.Optional.ofNullable(plain));
	}
}
