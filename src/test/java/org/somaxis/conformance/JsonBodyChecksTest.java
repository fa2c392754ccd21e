package org.somaxis.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonBodyChecksTest {
	private static final FhirContext FHIR = Artefacts.withParseChecks();
	private static final ObjectMapper JSON = new ObjectMapper();

	private static JsonNode json(String text) throws Exception {
		return JSON.readTree(text.replace('\'', '"'));
	}

	private static List<String> locations(String resource) throws Exception {
		return JsonBodyChecks.of(FHIR, json(resource)).wrongTypes().stream().map(SingleValidationMessage::getLocationString).toList();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
		"a boolean in quotes | {'resourceType':'Patient','active':'true'} | Patient.active",
		"a decimal in quotes, in a choice | {'resourceType':'Observation','status':'final','code':{'text':'x'},"
				+ "'valueQuantity':{'value':'150','unit':'ng/mL'}} | Observation.value.ofType(Quantity).value",
		"a string without quotes, in a list | {'resourceType':'Patient','name':[{'given':['Ann',42]}]}"
				+ " | Patient.name[0].given[1]",
		"a positiveInt in quotes, deep in a backbone element | {'resourceType':'MedicationRequest','status':'draft',"
				+ "'intent':'order','subject':{'reference':'Patient/1'},'medicationCodeableConcept':{'text':'x'},"
				+ "'dosageInstruction':[{'timing':{'repeat':{'frequency':'1','period':1,'periodUnit':'d'}}}]}"
				+ " | MedicationRequest.dosageInstruction[0].timing.repeat.frequency",
		"an extension's value | {'resourceType':'Patient','extension':[{'url':'http://x.org/e','valueBoolean':'false'}]}"
				+ " | Patient.extension[0].value.ofType(boolean)",
		"an extension of a primitive | {'resourceType':'Patient','birthDate':'1980-01-01','_birthDate':{'extension':"
				+ "[{'url':'http://x.org/e','valueInteger':'5'}]}} | Patient.birthDate.extension[0].value.ofType(integer)",
		"a contained resource | {'resourceType':'MedicationRequest','contained':[{'resourceType':'Medication','id':'m',"
				+ "'ingredient':[{'itemCodeableConcept':{'text':'x'},'isActive':'true'}]}]}"
				+ " | MedicationRequest.contained[0].ofType(Medication).ingredient[0].isActive",
		"a date without quotes | {'resourceType':'Observation','status':'final','code':{'text':'x'},"
				+ "'effectiveDateTime':2020} | Observation.effective.ofType(dateTime)",
		"a code given as a boolean | {'resourceType':'Observation','status':true,'code':{'text':'x'}} | Observation.status",
		"an object where a decimal belongs | {'resourceType':'Observation','valueQuantity':{'value':{}}}"
				+ " | Observation.value.ofType(Quantity).value",
		"a one-item list where one value belongs | {'resourceType':'Observation','valueQuantity':{'value':[1]}}"
				+ " | Observation.value.ofType(Quantity).value",
		"an empty list where one object belongs | {'resourceType':'Observation','meta':[]} | Observation.meta",
		"a text where a list of canonicals belongs | {'resourceType':'Observation','meta':{'profile':'http://x.org/p'}}"
				+ " | Observation.meta.profile",
		"a number where the narrative belongs | {'resourceType':'Patient','text':{'status':'generated','div':5}}"
				+ " | Patient.text.div",
		"a list inside a list | {'resourceType':'Patient','name':[{'given':[['Ann']]}]} | Patient.name[0].given[0]",
	})
	void aPrimitiveInTheWrongJsonType_isNamedAtItsPath(String what, String resource, String location) throws Exception {
		List<SingleValidationMessage> found = JsonBodyChecks.of(FHIR, json(resource)).wrongTypes();

		assertThat(found).singleElement().satisfies(problem -> {
			assertThat(problem.getLocationString()).isEqualTo(location);
			assertThat(problem.getSeverity()).isEqualTo(ResultSeverityEnum.ERROR);
			assertThat(problem.getMessageId()).isEqualTo(ParseChecks.MESSAGE_ID);
		});
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
		"every type written rightly | {'resourceType':'Observation','id':'o1','status':'final','code':{'coding':[{"
				+ "'system':'http://loinc.org','code':'2484-4','userSelected':true}]},'valueQuantity':{'value':150.5,"
				+ "'unit':'ng/mL'},'referenceRange':[{'low':{'value':0}}],'interpretation':[{'text':'H'}]}",
		"a quoted boolean that is no boolean (the parser refuses it) | {'resourceType':'Patient','active':'yes'}",
		"a quoted number that is no number (the parser refuses it) | {'resourceType':'Patient','multipleBirthInteger':'two'}",
		"inside an unknown element (the parse checks name the element) | {'resourceType':'Patient','foo':{'active':'true'}}",
		"a null in a list beside its extensions | {'resourceType':'Patient','name':[{'given':[null,'Ann'],"
				+ "'_given':[{'extension':[{'url':'http://x.org/e','valueString':'y'}]},null]}]}",
		"an unknown resource type (the parser refuses it) | {'resourceType':'Patientx','active':'true'}",
		"not a resource | {'active':'true'}",
		"nulls where nothing is known (read as absent) | {'resourceType':'Patient','telecom':null,'address':[null]}",
		"a list of two where one value belongs (the parse checks name it) | {'resourceType':'Observation',"
				+ "'valueQuantity':{'value':[1,2]}}",
		"a text where an object belongs (the parse checks name it) | {'resourceType':'Observation','subject':'Patient/1'}",
		"a blank resource type (the parser refuses it) | {'resourceType':'','active':'true'}",
		"an abstract resource type in an entry (the parser refuses it) | {'resourceType':'Bundle','type':'batch',"
				+ "'entry':[{'resource':{'resourceType':'DomainResource','active':'true'}}]}",
	})
	void valuesTheParserReadsRightly_orRefusesItself_areNotNamed(String what, String resource) throws Exception {
		assertThat(locations(resource)).isEmpty();
	}

	@Test
	void inABundle_eachProblemIsKeyedByItsEntry_andLocatedFromItsResource() throws Exception {
		JsonNode bundle = json("{'resourceType':'Bundle','type':'transaction','total':'2','entry':["
				+ "{'resource':{'resourceType':'Patient','active':true},'request':{'method':'POST','url':'Patient'}},"
				+ "{'resource':{'resourceType':'Patient','active':'true','deceasedBoolean':'false'},"
				+ "'request':{'method':'POST','url':'Patient'}},"
				+ "{'search':{'score':'1'},'resource':{'resourceType':'Observation','valueInteger':'7'}}]}");

		Map<Integer, JsonBodyChecks.Found> byEntry = JsonBodyChecks.byEntry(FHIR, bundle);

		assertThat(byEntry).containsKeys(BundleEntries.OUTSIDE_ENTRIES, 1, 2).doesNotContainKey(0);
		assertThat(byEntry.get(1).wrongTypes()).extracting(SingleValidationMessage::getLocationString)
				.containsExactly("Patient.active", "Patient.deceased.ofType(boolean)");
		assertThat(byEntry.get(2).wrongTypes()).extracting(SingleValidationMessage::getLocationString)
				.containsExactly("Observation.value.ofType(integer)");
		assertThat(byEntry.get(BundleEntries.OUTSIDE_ENTRIES).wrongTypes()).extracting(SingleValidationMessage::getLocationString)
				.containsExactly("Bundle.total", "Bundle.entry[2].search.score");
		assertThat(JsonBodyChecks.of(FHIR, bundle).wrongTypes()).extracting(SingleValidationMessage::getLocationString)
				.contains("Bundle.entry[1].resource.ofType(Patient).active",
						"Bundle.entry[2].resource.ofType(Observation).value.ofType(integer)", "Bundle.total");
	}

	@Test
	void aBundleInsideAnEntry_keepsTheOuterEntrysKey() throws Exception {
		JsonNode bundle = json("{'resourceType':'Bundle','type':'batch','entry':[{'resource':{'resourceType':'Bundle',"
				+ "'type':'collection','entry':[{'resource':{'resourceType':'Patient','active':'false'}}]}}]}");

		assertThat(JsonBodyChecks.byEntry(FHIR, bundle).get(0).wrongTypes()).extracting(SingleValidationMessage::getLocationString)
				.containsExactly("Bundle.entry[0].resource.ofType(Patient).active");
	}

	/** The parse checks' problems of a JSON resource, located by the walk. */
	private static List<SingleValidationMessage> parsedAndLocated(String resource) throws Exception {
		ParseChecks.start();
		List<SingleValidationMessage> problems;
		try {
			FHIR.newJsonParser().parseResource(resource.replace('\'', '"'));
		} finally {
			problems = ParseChecks.stop();
		}
		JsonBodyChecks.of(FHIR, json(resource)).locate(problems);
		return problems;
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
		"unknown elements, the same name twice | {'resourceType':'Condition','colour':'red','code':{'coding':["
				+ "{'system':'http://snomed.info/sct','code':'254837009'},{'code':'x','colour':'blue'}]},'subject':"
				+ "{'reference':'Patient/1'},'extension':[{'url':'http://x.org/e','valueString':'y','size':1}]}"
				+ " | Condition.colour;Condition.code.coding[1].colour;Condition.extension[0].size",
		"a list where one value belongs, an object where a list belongs | {'resourceType':'Observation','status':'final',"
				+ "'code':{'coding':{'system':'http://loinc.org','code':'2484-4'}},'valueQuantity':[{'value':1},{'value':2}],"
				+ "'subject':[{'reference':'Patient/1'},{'reference':'Patient/2'}]}"
				+ " | Observation.code.coding;Observation.value.ofType(Quantity);Observation.subject",
		"a text where an object belongs, alone and in a list | {'resourceType':'Observation','subject':'Patient/1',"
				+ "'category':['vital-signs']} | Observation.subject;Observation.category[0]",
	})
	void elementsWithAProblem_areLocatedAtTheirPaths(String what, String resource, String locations) throws Exception {
		assertThat(parsedAndLocated(resource)).filteredOn(problem -> ParseChecks.element(problem).isPresent())
				.extracting(SingleValidationMessage::getLocationString)
				.containsExactlyInAnyOrder(locations.split(";"));
	}

	@Test
	void anUnknownElementInsideAnEntry_isLocatedFromTheBundlesRoot_andOtherProblemsKeepTheirLocation() throws Exception {
		List<SingleValidationMessage> problems = parsedAndLocated("{'resourceType':'Bundle','type':'collection','entry':["
				+ "{'resource':{'resourceType':'Patient','active':true}},"
				+ "{'resource':{'resourceType':'Observation','status':'final','code':{'text':'x'},"
				+ "'valueQuantity':{'value':1,'colour':'red'},'contained':[{'resourceType':'Patient'}]}}]}");

		assertThat(problems).extracting(SingleValidationMessage::getLocationString)
				.contains("Bundle.entry[1].resource.ofType(Observation).value.ofType(Quantity).colour");
		assertThat(problems).filteredOn(problem -> ParseChecks.element(problem).isEmpty())
				.as("the contained resource without an id").isNotEmpty()
				.allSatisfy(problem -> assertThat(problem.getLocationString()).doesNotStartWith("Bundle.entry"));
	}
}
