package org.somaxis.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
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

	/**
	 * Read on past, a Bundle's values their types cannot read are each recorded and tied to their entry, also two in
	 * one entry; read as other bodies are, the parser stops at the first.
	 */
	@Test
	void valuesTheirTypesCannotRead_readOnPast_areEachTiedToTheirEntry_whereOtherwiseTheParserStopsAtTheFirst() {
		String body = """
				{"resourceType": "Bundle", "type": "batch", "entry": [
				  {"resource": {"resourceType": "Patient", "gender": "woman", "birthDate": "1980-02-30"},
				   "request": {"method": "POST", "url": "Patient"}},
				  {"resource": {"resourceType": "Patient", "gender": "female"}, "request": {"method": "POST", "url": "Patient"}},
				  {"resource": {"resourceType": "Condition", "onsetDateTime": "2019-04-31", "subject": {"reference": "Patient/1"}},
				   "request": {"method": "POST", "url": "Condition"}}
				]}""";
		ParseChecks.startReadingPastUnreadableValues();
		Bundle read = (Bundle) FHIR.newJsonParser().parseResource(body);
		List<SingleValidationMessage> whole = ParseChecks.stop();

		Map<Integer, List<SingleValidationMessage>> byEntry = BundleEntries.parseProblems(FHIR, tree(body), whole);

		assertThat(whole).hasSize(3);
		assertThat(ParseChecks.anUnreadableValue(whole)).isTrue();
		assertThat(byEntry).containsOnlyKeys(0, 2);
		assertThat(byEntry.get(0)).hasSize(2).allSatisfy(problem -> assertThat(ParseChecks.element(problem))
				.hasValueSatisfying(element -> assertThat(element.problem()).isEqualTo(ParseChecks.ElementProblem.UNREADABLE_VALUE)));
		Patient withBoth = (Patient) read.getEntry().get(0).getResource();
		assertThat(withBoth.getBirthDate()).isNull();
		assertThat(withBoth.getGender()).isNull();
		ParseChecks.start();
		assertThatThrownBy(() -> FHIR.newJsonParser().parseResource(body)).isInstanceOf(DataFormatException.class);
		assertThat(ParseChecks.stop()).hasSize(1);
	}

	/** An empty value is named, but it does not stop the parser, and it is not refused as unreadable (400). */
	@Test
	void anEmptyValue_isNotAValueItsTypeCannotRead() {
		ParseChecks.start();
		FHIR.newJsonParser().parseResource("{\"resourceType\": \"Patient\", \"birthDate\": \"\"}");
		List<SingleValidationMessage> problems = ParseChecks.stop();

		assertThat(problems).hasSize(1);
		assertThat(ParseChecks.anUnreadableValue(problems)).isFalse();
	}

	/**
	 * An XML Bundle's parse problems are tied to their entries by parsing each entry's resource element again on its
	 * own, also with a namespace prefix; when the entries found are not as many as the parsed Bundle has, none is tied.
	 */
	@ParameterizedTest
	@CsvSource({"''", "'f:'"})
	void parseProblemsOfAnXmlBundle_areTiedToTheirEntries_unlessItsEntriesCannotBeToldApart(String prefix) {
		String body = """
				<pBundle xmlns%sNS><ptype value="batch"/>
				  <pentry><presource><pPatient><pgender value="female"/></pPatient></presource></pentry>
				  <pentry><prequest><pmethod value="DELETE"/><purl value="Observation/1"/></prequest></pentry>
				  <pentry><presource><pCondition><pseverityScore value="3"/><ponsetDateTime value="2019-04-31"/></pCondition></presource></pentry>
				</pBundle>""".formatted(prefix.isEmpty() ? "" : ":" + prefix.substring(0, prefix.length() - 1))
				.replace("NS", "=\"http://hl7.org/fhir\"").replace("<p", "<" + prefix).replace("</p", "</" + prefix);
		ParseChecks.startReadingPastUnreadableValues();
		Bundle read = (Bundle) FHIR.newXmlParser().parseResource(body);
		List<SingleValidationMessage> whole = ParseChecks.stop();
		assertThat(read.getEntry()).hasSize(3);
		assertThat(whole).hasSize(2);

		Map<Integer, List<SingleValidationMessage>> byEntry = BundleEntries.parseProblemsOfXml(FHIR, body, 3, whole);

		assertThat(byEntry).containsOnlyKeys(2);
		assertThat(byEntry.get(2)).hasSize(2);
		assertThat(BundleEntries.parseProblemsOfXml(FHIR, body, 4, whole)).containsOnlyKeys(BundleEntries.OUTSIDE_ENTRIES)
				.containsValue(whole);
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
