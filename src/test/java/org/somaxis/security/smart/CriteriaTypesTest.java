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
	})
	void criteriaLookInto(String type, String parameters, String expected) {
		List<String> names = List.of(parameters.split(" "));

		assertThat(String.join(" ", criteria.of(type, names))).isEqualTo(expected);
	}
}
