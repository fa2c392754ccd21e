package org.somaxis.security.smart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.somaxis.security.smart.SmartScope.Context;
import org.somaxis.security.smart.SmartScope.Permission;

class SmartScopeTest {

	@ParameterizedTest
	@CsvSource({
		"patient/Observation.rs, PATIENT, Observation, READ|SEARCH",
		"user/*.cruds, USER, *, CREATE|READ|UPDATE|DELETE|SEARCH",
		"system/Patient.c, SYSTEM, Patient, CREATE",
		"patient/Condition.cud, PATIENT, Condition, CREATE|UPDATE|DELETE",
		"patient/*.read, PATIENT, *, READ|SEARCH",
		"user/Observation.write, USER, Observation, CREATE|UPDATE|DELETE",
		"system/*.*, SYSTEM, *, CREATE|READ|UPDATE|DELETE|SEARCH"
	})
	void v2LettersAndV1Suffixes_mapToPermissions(String scope, Context context, String type, String letters) {
		SmartScope parsed = SmartScope.parse(scope).orElseThrow();

		assertThat(parsed.context()).isEqualTo(context);
		assertThat(parsed.resourceType()).isEqualTo(type);
		EnumSet<Permission> expected = EnumSet.noneOf(Permission.class);
		for (String letter : letters.split("\\|")) {
			expected.add(Permission.valueOf(letter));
		}
		assertThat(parsed.permissions()).isEqualTo(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = {"patient/Observation.dus", "patient/Observation.dr", "patient/Observation.sr", "openid",
		"launch/patient", "fhirUser", "offline_access", "admin/Patient.rs", "patient/Observation.", "patient/.rs",
		"patient/Observation.rs?category", "patient/Observation.rs?=x"})
	void outOfOrderLettersAndOtherScopes_grantNothing(String scope) {
		assertThat(SmartScope.parse(scope)).isEmpty();
	}

	/**
	 * A filter on a parameter that is not a property of the resource (full text, a named query, _filter, _list, _has)
	 * cannot be judged per resource, and searches ignored some of them: user/Observation.rs?_text=foo read every
	 * Observation. Such a scope grants nothing; filters on the resource's own metadata still work.
	 */
	@ParameterizedTest
	@CsvSource({
			"user/Observation.rs?_text=foo, false",
			"user/Observation.rs?_content=foo, false",
			"user/Observation.rs?_query=foo, false",
			"user/Observation.rs?_filter=status eq final, false",
			"user/Observation.rs?_list=l1, false",
			"user/Observation.rs?category=laboratory&_has:Patient:link:name=x, false",
			"user/Observation.rs?_security=http://terminology.hl7.org/CodeSystem/v3-Confidentiality%7CN, true",
			"user/Observation.rs?_tag=http://example.org/tags%7Cshared, true",
			"user/Observation.rs?category:missing=false, false",
			"user/Observation.rs?category:not=laboratory, false",
			"user/Observation.rs?subject.name=x, false",
			"user/Observation.rs?category=%zz, false",
	})
	void filterOnAParameterThatIsNotAPropertyOfTheResource_grantsNothing(String scope, boolean grants) {
		assertThat(SmartScope.parse(scope).isPresent()).isEqualTo(grants);
	}

	@Test
	void fineGrainedScope_keepsItsFilter() {
		SmartScope scope = SmartScope.parse(
				"patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category%7Claboratory").orElseThrow();

		assertThat(scope.filter()).isEqualTo(Map.of("category",
				List.of("http://terminology.hl7.org/CodeSystem/observation-category|laboratory")));
		assertThat(scope.filterQuery()).isEqualTo("category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory");
	}

	@Test
	void scopeClaim_keepsOnlyResourceScopes() {
		assertThat(SmartScope.parseAll("openid fhirUser launch/patient patient/Patient.r patient/Observation.rs"))
				.extracting(SmartScope::resourceType).containsExactly("Patient", "Observation");
	}

	@Test
	void patientScopes_grantNothingWithoutAPatientInContext() {
		SmartAccess access = new SmartAccess(SmartScope.parseAll("patient/*.rs"), null, "s", null, null, false);

		assertThat(access.permits("Observation", Permission.READ)).isFalse();
	}

	@Test
	void auditEvents_needTheirOwnSystemScope_neverAWildcard() {
		SmartAccess wildcard = new SmartAccess(SmartScope.parseAll("system/*.cruds"), null, "s", null, null, false);
		SmartAccess own = new SmartAccess(SmartScope.parseAll("system/AuditEvent.rs"), null, "s", null, null, false);
		SmartAccess writer = new SmartAccess(SmartScope.parseAll("system/AuditEvent.cruds"), null, "s", null, null, false);
		SmartAccess admin = new SmartAccess(List.of(), null, "s", null, null, true);

		assertThat(wildcard.permits("AuditEvent", Permission.SEARCH)).isFalse();
		assertThat(own.permits("AuditEvent", Permission.SEARCH)).isTrue();
		assertThat(writer.permits("AuditEvent", Permission.CREATE)).isFalse();
		assertThat(admin.permits("AuditEvent", Permission.READ)).isTrue();
	}

	@Test
	void binary_isReachedOnlyBySystemScopes() {
		SmartAccess patient = new SmartAccess(SmartScope.parseAll("patient/*.rs"), "1", "s", null, null, false);
		SmartAccess system = new SmartAccess(SmartScope.parseAll("system/*.rs"), null, "s", null, null, false);

		assertThat(patient.permits("Binary", Permission.READ)).isFalse();
		assertThat(system.permits("Binary", Permission.READ)).isTrue();
	}

	@ParameterizedTest(name = "{0} with patient/*.cruds: {1}; with user/*.cruds: reachable")
	@CsvSource({
		"Observation, true", "Patient, true", "Encounter, true",
		"Task, true", "GuidanceResponse, true",
		"Medication, true", "Practitioner, true", "ValueSet, true",
		"Bundle, false", "Linkage, false", "Subscription, false", "Contract, false", "Slot, false"
	})
	void patientScopes_reachOnlyThePatientsDataAndSharedReferenceData(String type, boolean reachable) {
		SmartAccess patient = new SmartAccess(SmartScope.parseAll("patient/*.cruds"), "1", "s", null, null, false);
		SmartAccess named = new SmartAccess(SmartScope.parseAll("patient/" + type + ".cruds"), "1", "s", null, null, false);
		SmartAccess user = new SmartAccess(SmartScope.parseAll("user/*.cruds"), null, "s", null, null, false);

		for (Permission permission : Permission.values()) {
			assertThat(patient.permits(type, permission)).as("patient/*: " + permission).isEqualTo(reachable);
			assertThat(named.permits(type, permission)).as("patient/" + type + ": " + permission).isEqualTo(reachable);
			assertThat(user.permits(type, permission)).as("user/*: " + permission).isTrue();
		}
	}

	/**
	 * Only where what a patient token's narrowed search finds is what it may read: types narrowed by their patient
	 * parameter; not Group (read only when no other patient is named), Task (not narrowed) or Binary.
	 */
	@ParameterizedTest(name = "{0}: every match seen by a patient token without a per-resource check: {1}")
	@CsvSource({"Encounter, true", "MedicationRequest, true", "Patient, true", "Medication, true",
			"Observation, true", "Condition, true", "Appointment, true", "Group, false", "Task, false",
			"GuidanceResponse, false", "Binary, false"})
	void patientTokens_seeEveryMatchOnlyWhereNarrowingLeavesNoOtherPatientsData(String type, boolean seesEveryMatch) {
		SmartAccess patient = new SmartAccess(SmartScope.parseAll("patient/*.rs"), "1", "s", null, null, false);

		assertThat(patient.returnsEveryMatchUnchecked(type)).isEqualTo(seesEveryMatch);
	}
}
