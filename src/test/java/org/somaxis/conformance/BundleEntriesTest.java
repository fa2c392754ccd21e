package org.somaxis.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BundleEntriesTest {
	private static final FhirContext FHIR = Artefacts.withParseChecks();

	@Test
	void anEntryOfATransaction_isFoundByTheResourceItself() {
		Observation second = new Observation();
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		transaction.addEntry().setResource(new Observation());
		transaction.addEntry().setResource(second);

		assertThat(BundleEntries.indexOf(request(transaction), second)).hasValue(1);
		assertThat(BundleEntries.indexOf(request(transaction), new Observation())).isEmpty();
	}

	@Test
	void anEntryOfABatch_orAResourcePostedAlone_hasNoIndex() {
		Patient patient = new Patient();
		Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
		batch.addEntry().setResource(patient);

		assertThat(BundleEntries.indexOf(request(batch), patient)).isEmpty();
		assertThat(BundleEntries.indexOf(request(patient), patient)).isEmpty();
		assertThat(BundleEntries.indexOf(null, patient)).isEmpty();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"Observation.code.coding[0]|Bundle.entry[7].resource.ofType(Observation).code.coding[0]",
			"Observation|Bundle.entry[7].resource.ofType(Observation)",
			"(body)|Bundle.entry[7].resource.ofType(Observation) (body)",
	})
	void aLocation_isRewrittenFromTheBundleRoot_keepingTheRestOfTheMessage(String location, String expected) {
		SingleValidationMessage message = new SingleValidationMessage();
		message.setSeverity(ResultSeverityEnum.ERROR);
		message.setMessageId("igf1-1");
		message.setMessage("An IGF-1 result needs a unit");
		message.setLocationString(location);

		SingleValidationMessage located = BundleEntries.located(List.of(message), 7, "Observation").get(0);

		assertThat(located.getLocationString()).isEqualTo(expected);
		assertThat(located.getSeverity()).isEqualTo(ResultSeverityEnum.ERROR);
		assertThat(located.getMessageId()).isEqualTo("igf1-1");
		assertThat(located.getMessage()).isEqualTo("An IGF-1 result needs a unit");
	}

	@Test
	void parseProblemsOfABundle_areTiedToTheEntriesWhoseResourceHasThem_andTheBundlesOwnComeUnderMinusOne() {
		String body = """
				{"resourceType": "Bundle", "type": "batch", "colour": "blue", "entry": [
				  {"resource": {"resourceType": "Patient", "gender": "female"}, "request": {"method": "POST", "url": "Patient"}},
				  {"resource": {"resourceType": "Condition", "code": {"text": "Asthma"}, "severityScore": 3},
				   "request": {"method": "POST", "url": "Condition"}},
				  {"request": {"method": "DELETE", "url": "Observation/1"}},
				  {"resource": {"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "subject": {"reference": "Patient/1", "displayName": "Ann"}},
				   "request": {"method": "POST", "url": "Observation"}}
				]}""";
		List<SingleValidationMessage> whole = parseProblemsOf(body);

		Map<Integer, List<SingleValidationMessage>> byEntry = BundleEntries.parseProblems(FHIR, tree(body), whole);

		assertThat(whole).hasSize(3);
		assertThat(byEntry).containsOnlyKeys(-1, 1, 3);
		assertThat(byEntry.get(1)).singleElement().satisfies(problem -> assertThat(problem.getMessage()).contains("severityScore"));
		assertThat(byEntry.get(3)).singleElement().satisfies(problem -> assertThat(problem.getMessage()).contains("displayName"));
		assertThat(byEntry.get(-1)).singleElement().satisfies(problem -> assertThat(problem.getMessage()).contains("colour"));
	}

	@Test
	void aBodyThatIsNotJson_orNotABundleWithEntries_keepsEveryProblemOutsideTheEntries() {
		List<SingleValidationMessage> problems = List.of(new SingleValidationMessage());

		assertThat(BundleEntries.parseProblems(FHIR, null, problems)).containsOnlyKeys(BundleEntries.OUTSIDE_ENTRIES)
				.containsValue(problems);
		assertThat(BundleEntries.parseProblems(FHIR, tree("{\"resourceType\": \"Patient\"}"), problems))
				.containsOnlyKeys(BundleEntries.OUTSIDE_ENTRIES);
		assertThat(BundleEntries.parseProblems(FHIR, null, List.of())).isEmpty();
	}

	private static JsonNode tree(String json) {
		try {
			return new ObjectMapper().readTree(json);
		} catch (JsonProcessingException e) {
			throw new IllegalArgumentException(e);
		}
	}

	private static List<SingleValidationMessage> parseProblemsOf(String body) {
		ParseChecks.start();
		FHIR.newJsonParser().parseResource(body);
		return ParseChecks.stop();
	}

	private static SystemRequestDetails request(org.hl7.fhir.instance.model.api.IBaseResource body) {
		SystemRequestDetails request = new SystemRequestDetails();
		request.setResource(body);
		ValidationReport.received(request);
		return request;
	}
}
