package org.somaxis.security.smart;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which types a search's criteria look into: reverse chains and chains, with their targets. */
class CriteriaTypesTest {
	private final CriteriaTypes criteria = new CriteriaTypes(FhirContext.forR4Cached());

	@ParameterizedTest(name = "{0}?{1} looks into [{2}]")
	@CsvSource(delimiter = ';', value = {
		"Patient; _has:Condition:subject:code; Condition",
		"Patient; _has:Observation:patient:_has:AuditEvent:entity:agent; AuditEvent Observation",
		"Observation; subject:Patient.family; Patient",
		"Observation; subject.family; Device Group Location Patient",
		"Observation; subject:Patient.organization.name; Organization Patient",
		"Observation; code subject subject:Patient subject:identifier _id; ''",
		"Observation; foo.bar; *",
		"Encounter; _has:Condition; ''",
		"Observation; subject:Patient._has:Condition:subject:code; Condition Patient",
		"Patient; _has:Observation:subject:code:not _has:Condition:subject:code:missing; Condition Observation",
		"Observation; subject:Patient.name:contains category:not code:text; Patient",
		"Observation; focus.status; *",
	})
	void criteriaLookInto(String type, String parameters, String expected) {
		List<String> names = List.of(parameters.split(" "));

		assertThat(String.join(" ", criteria.of(type, names).all())).isEqualTo(expected);
	}

	/** A chained sort key is criteria too; chains are told apart from reverse chains (which read the patient's own data). */
	@org.junit.jupiter.api.Test
	void sortKeysAreCriteria_andChainsAreToldApartFromReverseChains() {
		CriteriaTypes.Looked looked = criteria.of("Patient", java.util.Map.of(
				"_sort", new String[] {"-organization.name,birthdate"},
				"_has:Observation:subject:code", new String[] {"x"}));

		assertThat(looked.all()).containsExactlyInAnyOrder("Organization", "Observation");
		assertThat(looked.chained()).containsExactly("Organization");
	}
}
