package org.somaxis.security.smart;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.util.HashMap;
import java.util.Map;
import org.hl7.fhir.r4.model.IdType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which requests skip the per-resource consent check: only those where it could withhold nothing. */
class SmartConsentServiceTest {

	@ParameterizedTest(name = "{0} {1}?{2} with [{3}] (patient {4}) checked: {5}")
	@CsvSource(delimiter = ';', value = {
		// a type search whose every match the token sees: nothing to withhold
		"SEARCH_TYPE; Encounter; status=finished; patient/Encounter.rs; 123; false",
		"SEARCH_TYPE; Observation; code=x; patient/Observation.rs; 123; false",
		// a patient token reads a Group only when no other patient is in it: each match is checked
		"SEARCH_TYPE; Group; name=x; patient/Group.rs; 123; true",
		"SEARCH_TYPE; Observation; code=x; user/Observation.rs; ; false",
		"SEARCH_TYPE; Observation; code=x; system/*.rs; ; false",
		"SEARCH_TYPE; Medication; code=x; patient/*.rs; 123; false",
		// HAPI does not narrow a patient token's searches of types outside the compartment that name a patient
		"SEARCH_TYPE; Task; code=x; patient/*.rs; 123; true",
		"SEARCH_TYPE; GuidanceResponse; status=success; patient/GuidanceResponse.rs; 123; true",
		// included resources can be of any type and any patient
		"SEARCH_TYPE; Observation; _include=Observation:subject; patient/*.rs; 123; true",
		"SEARCH_TYPE; Patient; _revinclude=Observation:subject; user/*.rs; ; true",
		"SEARCH_TYPE; Condition; _revinclude:iterate=Observation:subject; system/*.rs; ; true",
		"SEARCH_TYPE; Observation; _contained=true; user/*.rs; ; true",
		// a fine-grained filter withholds other categories
		"SEARCH_TYPE; Observation; code=x; patient/Observation.rs?category=laboratory; 123; true",
		// a patient scope next to a user scope: searches are not narrowed to the patient
		"SEARCH_TYPE; Observation; code=x; patient/Observation.rs user/Patient.rs; 123; true",
		// other operations return other resources: reads, $everything, history
		"READ; Observation; ; user/*.rs; ; true",
		"HISTORY_TYPE; Observation; ; user/*.rs; ; true",
		"SEARCH_SYSTEM; ; _type=Observation; system/*.rs; ; true"
	})
	void perResourceCheck_isSkippedOnlyForTypeSearchesWhoseEveryMatchIsVisible(
			RestOperationTypeEnum operation, String type, String query, String scopes, String patient, boolean checked) {
		SystemRequestDetails request = request(operation, type);
		Map<String, String[]> parameters = new HashMap<>();
		if (query != null) {
			String[] pair = query.split("=", 2);
			parameters.put(pair[0], new String[] {pair[1]});
		}
		request.setParameters(parameters);

		assertThat(checked(scopes, patient, request)).isEqualTo(checked);
	}

	@ParameterizedTest(name = "Patient/{1}/{0} with [{2}] (patient {3}) checked: {4}")
	@CsvSource(delimiter = ';', value = {
		// the store source reads only the evaluated patient's compartment, all of which these tokens see
		"$evaluate; 123; patient/*.rs; 123; false",
		"$evaluate; 123; patient/*.read; 123; false",
		"$evaluate; 456; user/*.rs; ; false",
		// another patient (refused earlier anyway), or a token that does not see every type unfiltered
		"$evaluate; 456; patient/*.rs; 123; true",
		"$evaluate; 123; patient/Patient.rs patient/Observation.rs; 123; true",
		"$evaluate; 123; patient/*.rs?category=laboratory; 123; true",
		// $everything returns the resources themselves, which the check must see
		"$everything; 123; patient/*.rs; 123; true"
	})
	void perResourceCheck_isSkippedForAPatientsEvaluateOnlyWhenTheTokenSeesAllOfThatPatientsData(
			String operation, String id, String scopes, String patient, boolean checked) {
		SystemRequestDetails request = request(RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE, "Patient");
		request.setOperation(operation);
		request.setId(new IdType("Patient", id));

		assertThat(checked(scopes, patient, request)).isEqualTo(checked);
	}

	private static SystemRequestDetails request(RestOperationTypeEnum operation, String type) {
		SystemRequestDetails request = new SystemRequestDetails();
		request.setRestOperationType(operation);
		request.setResourceName(type);
		return request;
	}

	/** Whether the per-resource check runs for {@code request} by a token with these scopes and patient. */
	private static boolean checked(String scopes, String patient, SystemRequestDetails request) {
		SmartAccess access = new SmartAccess(SmartScope.parseAll(scopes), patient, "sub", null, null, false);
		return !SmartConsentService.returnsOnlyVisibleMatches(access, request);
	}
}
