package org.somaxis.security;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.util.FhirContextSearchParamRegistry;
import java.util.Map;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QueryInspectorTest {
	private final QueryInspector inspector = new QueryInspector(1000, QueryInspector.ParameterTypes.ANY);

	private QueryInspector.Problem inspect(String name, String value) {
		return inspector.inspect(null, Map.of(name, new String[] {value}));
	}

	@ParameterizedTest
	@ValueSource(strings = {
		"1e999999999", "gt1e200000", "gt1e500", "le-1e999999999|http://unitsofmeasure.org|ng/mL", "5,1e999999999",
		"http://loinc.org|2484-4$gt1e999999999", "ap1E+1001"
	})
	void exponentAndMagnitudeBombs_areRefusedAsTooCostly(String value) {
		QueryInspector.Problem problem = inspect("value-quantity", value);
		assertThat(problem).isNotNull();
		assertThat(problem.type()).isEqualTo(IssueType.TOOCOSTLY);
		assertThat(problem.location()).isEqualTo("value-quantity");
	}

	@ParameterizedTest
	@ValueSource(strings = {"2030-01-01", "2030-01", "2030", " 2030-01-01 "})
	void sinceAsADateAlone_isRefused_namingTheInstantItTakes(String value) {
		QueryInspector.Problem problem = inspect("_since", value);
		assertThat(problem).isNotNull();
		assertThat(problem.reason()).contains("instant", "2030-01-01T00:00:00Z");
		assertThat(problem.location()).isEqualTo("_since");
	}

	@ParameterizedTest
	@ValueSource(strings = {"2030-01-01T00:00:00Z", "2030-01-01T00:00:00.123+01:00", "2030-01-01T00:00:00 01:00"})
	void sinceAsAnInstant_passes(String value) {
		assertThat(inspect("_since", value)).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = {
		"5.4", "gt5.4|http://unitsofmeasure.org|ng/mL", "1e299", "6.02e23", "2023-01-01", "ge2020-01-01T00:00:00Z",
		"http://loinc.org|2484-4", "Smith", "e5", "1e", "-"
	})
	void ordinarySearchValues_areAccepted(String value) {
		assertThat(inspect("value-quantity", value)).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = {"x", "(", "", "name eq \"x\""})
	void theFilterParameter_isNotSupported_whateverItHolds(String value) {
		assertThat(inspect("_filter", value)).satisfies(problem -> {
			assertThat(problem.type()).isEqualTo(IssueType.NOTSUPPORTED);
			assertThat(problem.location()).isEqualTo("_filter");
		});
	}

	/** HAPI ignored an unknown modifier, or matched nothing with it, and answered 200 as if the search were fine. */
	@ParameterizedTest
	@CsvSource({"code:foo,1", "name:startswith,Mo", "birthdate:foo,1980", "value-quantity:missing,maybe", "code:missing,"})
	void aModifierFhirDoesNotDefine_orAMissingThatIsNoBoolean_isRefused(String name, String value) {
		QueryInspector.Problem problem = inspector.inspect("Observation", Map.of(name, new String[] {value == null ? "" : value}));

		assertThat(problem).isNotNull();
		assertThat(problem.location()).isEqualTo(name);
	}

	@ParameterizedTest
	@CsvSource({"code:text,sleep", "name:exact,Moreno", "name:contains,or", "code:not,x|y", "code:in,http://vs",
		"subject:Patient,1", "subject:Patient.name,Moreno", "subject:identifier,s|1", "value-quantity:missing,true",
		"_include:iterate,Observation:patient", "code:below,http://snomed.info/sct|363346000", "_has:Observation:patient:code,x",
		"name:nickname,Jim", "code:of-type,s|c|v", "_elements:exclude,text", "patient._has:Group:member:_id,g1"})
	void theModifiersOfR4AndHapi_pass(String name, String value) {
		assertThat(inspector.inspect("Observation", Map.of(name, new String[] {value}))).isNull();
	}

	/** HAPI answered _at with the versions written at the time, not those current at it (probe 49, R49-M2). */
	@ParameterizedTest
	@ValueSource(strings = {"2026-12-06T21:13:53.085Z", "ge2026-12-06", "2026-12-06T20:03:02"})
	void historyAt_isNotSupported(String value) {
		assertThat(inspect("_at", value)).isNotNull().satisfies(problem -> {
			assertThat(problem.type()).isEqualTo(org.hl7.fhir.r4.model.OperationOutcome.IssueType.NOTSUPPORTED);
			assertThat(problem.location()).isEqualTo("_at");
		});
	}

	/** HAPI read a _since without a zone in the server's own (probe 48, S-m8). */
	@ParameterizedTest
	@ValueSource(strings = {"2026-12-06T20:03:02", "2026-12-06T20:03:02.123", "2026-12-06T20:03"})
	void sinceWithoutATimeZone_isRefused(String value) {
		assertThat(inspect("_since", value)).isNotNull().extracting(QueryInspector.Problem::location).isEqualTo("_since");
	}

	/** HAPI ignored a result parameter's value R4 does not list, and answered as if it had not been sent (S-m2). */
	@ParameterizedTest
	@CsvSource({"_summary,bogus", "_summary,TRUE", "_total,bogus", "_pretty,maybe", "_containedType,x", "_contained,yes"})
	void aResultParameterWithAValueR4DoesNotList_isRefused(String name, String value) {
		assertThat(inspect(name, value)).isNotNull().extracting(QueryInspector.Problem::location).isEqualTo(name);
	}

	@ParameterizedTest
	@CsvSource({"_summary,true", "_summary,count", "_summary,data", "_summary,text", "_summary,false", "_total,accurate",
		"_total,none", "_pretty,true", "_containedType,contained", "_contained,both"})
	void aResultParameterWithAValueR4Lists_passes(String name, String value) {
		assertThat(inspect(name, value)).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = {"-5", "abc", "1.5", "9999999999"})
	void pagingParametersMustBeWholeNumbers(String value) {
		assertThat(inspect("_offset", value)).isNotNull();
		assertThat(inspect("_count", value)).isNotNull();
		assertThat(inspect("_getpagesoffset", value)).isNotNull();
	}

	@ParameterizedTest
	@ValueSource(strings = {"name=%%%", "name=%", "name=a%2", "_id=%ZZ"})
	void brokenPercentEncoding_isRefused(String query) {
		assertThat(inspector.inspectRawQuery(query)).isNotNull();
	}

	@ParameterizedTest
	@ValueSource(strings = {"name=a%20b", "code=http://loinc.org%7C2484-4", "x=%F0%9F%92%89"})
	void wellFormedPercentEncoding_isAccepted(String query) {
		assertThat(inspector.inspectRawQuery(query)).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = {"a\uD800b", "\uDC00"})
	void loneSurrogates_areRefused(String value) {
		assertThat(inspect("name", value).type()).isEqualTo(IssueType.INVALID);
	}

	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private final QueryInspector typed = new QueryInspector(
			1000, new NumericSearchParameters(FHIR, () -> new FhirContextSearchParamRegistry(FHIR)));

	private QueryInspector.Problem inspectTyped(String resourceType, String name, String value) {
		return typed.inspect(resourceType, Map.of(name, new String[] {value}));
	}

	@ParameterizedTest
	@CsvSource({
		"Patient, identifier, 12e45678",
		"Patient, name, 1e999999999",
		"Patient, name:exact, 1e999999999",
		"Observation, code, http://loinc.org|1e999999999",
		"Observation, code:text, 1e999999999",
		"Observation, _id, 1e999999999",
		"Observation, subject:Patient.identifier, 3e10000",
		"Observation, subject.identifier, 3e10000",
		"Observation, code-value-string, http://loinc.org|2484-4$1e999999999",
	})
	void exponentLikeTokensOfNonNumericParameters_areNotNumbers(String type, String name, String value) {
		assertThat(inspectTyped(type, name, value)).isNull();
	}

	@ParameterizedTest
	@CsvSource({
		"Observation, value-quantity, 1e999999999",
		"Observation, value-quantity:missing, gt1e200000",
		"RiskAssessment, probability, 1e999999999",
		"Observation, code-value-quantity, http://loinc.org|2484-4$gt1e999999999",
		"Observation, component-value-quantity, 1e999999999",
		"Patient, unknown-parameter, 1e999999999",
		"Patient, _has:Observation:patient:value-quantity, 1e999999999",
		"Observation, subject:Patient.unknown, 1e999999999",
		"Observation, code.value-quantity, 1e999999999",
		"Encounter, reason-reference:Observation.value-quantity, 1e999999999",
		"NotAType, identifier, 1e999999999",
	})
	void numericOrUnresolvableParameters_keepTheNumberLimits(String type, String name, String value) {
		QueryInspector.Problem problem = inspectTyped(type, name, value);
		assertThat(problem).isNotNull();
		assertThat(problem.type()).isEqualTo(IssueType.TOOCOSTLY);
	}

	@Test
	void withoutAResourceType_everyParameterKeepsTheNumberLimits() {
		assertThat(inspectTyped(null, "identifier", "12e45678")).isNotNull();
	}

	@Test
	void pagingAndControlCharacterChecks_applyWhateverTheType() {
		assertThat(inspectTyped("Patient", "_count", "-1")).isNotNull();
		assertThat(inspectTyped("Patient", "identifier", "a\u0000b")).isNotNull();
		assertThat(inspectTyped("Patient", "identifier", "a\uD800b")).isNotNull();
	}
}
