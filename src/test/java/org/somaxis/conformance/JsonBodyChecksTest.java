package org.somaxis.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
	private static final ObjectMapper JSON = JsonBodyChecks.TREES;

	private static JsonNode json(String text) throws Exception {
		return JSON.readTree(text.replace('\'', '"'));
	}

	private static List<String> locations(String resource) throws Exception {
		return JsonBodyChecks.of(FHIR, json(resource)).problems().stream().map(SingleValidationMessage::getLocationString).toList();
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
		"an empty object where an element belongs | {'resourceType':'Observation','component':[{'code':{'text':'x'}},{}]}"
				+ " | Observation.component[1]",
	})
	void aPrimitiveInTheWrongJsonType_isNamedAtItsPath(String what, String resource, String location) throws Exception {
		theOneErrorAt(resource, location);
	}

	/** HAPI's parser broke these rules of R4 DomainResource silently: it flattened or dropped (probe 63, P63-M5). */
	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
		"dom-2, contained inside contained | {'resourceType':'Observation','contained':[{'resourceType':'Practitioner',"
				+ "'id':'p1','contained':[{'resourceType':'Organization','id':'o1'}]}]} | Observation.contained[0].contained",
		"dom-4, a contained versionId | {'resourceType':'Observation','contained':[{'resourceType':'Practitioner',"
				+ "'id':'p1','meta':{'versionId':'3'}}]} | Observation.contained[0].meta.versionId",
		"dom-4, a contained lastUpdated | {'resourceType':'Observation','contained':[{'resourceType':'Practitioner',"
				+ "'id':'p1','meta':{'lastUpdated':'2024-01-01T00:00:00Z'}}]} | Observation.contained[0].meta.lastUpdated",
		"dom-5, a contained security label | {'resourceType':'Observation','contained':[{'resourceType':'Practitioner',"
				+ "'id':'p1','meta':{'security':[{'system':'http://terminology.hl7.org/CodeSystem/v3-Confidentiality',"
				+ "'code':'R'}]}}]} | Observation.contained[0].meta.security",
	})
	void aContainedResourceBreakingDomainResourcesRules_isNamedAtItsPath(String what, String resource, String location)
			throws Exception {
		assertThat(theOneErrorAt(resource, location)).contains(what.substring(0, 5));
	}

	@org.junit.jupiter.api.Test
	void aContainedResourceWithItsOwnProfileAndTags_isNoProblem() throws Exception {
		assertThat(locations("{'resourceType':'Observation','contained':[{'resourceType':'Practitioner','id':'p1',"
				+ "'meta':{'profile':['http://x.org/p'],'tag':[{'code':'t'}],'source':'http://x.org'}}]}")).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
		"a repeating primitive with only an id | {'resourceType':'Patient','name':[{'given':['Ann',null],"
				+ "'_given':[null,{'id':'g'}]}]} | Patient.name[0].given[1]",
		"a primitive with only an id | {'resourceType':'Patient','_birthDate':{'id':'b'}} | Patient.birthDate",
		"a primitive with an empty object | {'resourceType':'Patient','_gender':{}} | Patient.gender",
	})
	void aPrimitiveWithNeitherValueNorExtension_isNamedAtItsPath(String what, String resource, String location)
			throws Exception {
		assertThat(theOneErrorAt(resource, location)).contains("ele-1");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
		"an empty url | {'resourceType':'Patient','extension':[{'url':'http://x.org/e','extension':[{'url':'',"
				+ "'valueString':'y'}]}]} | Patient.extension[0].extension[0].url",
		"neither a value nor extensions | {'resourceType':'Patient','extension':[{'url':'http://x.org/e','valueString':'y'},"
				+ "{'url':'http://x.org/f','extension':[]}]} | Patient.extension[1]",
		"neither, on a primitive | {'resourceType':'Patient','birthDate':'1980-01-01','_birthDate':{"
				+ "'extension':[{'url':'http://x.org/e'}]}} | Patient.birthDate.extension[0]",
		"neither, a modifier extension of the resource | {'resourceType':'Patient','modifierExtension':[{'url':"
				+ "'http://x.org/e','valueString':'y'},{'url':'http://x.org/f'}]} | Patient.modifierExtension[1]",
		"neither, a modifier extension of a backbone element | {'resourceType':'Patient','contact':[{'gender':'male',"
				+ "'modifierExtension':[{'url':'http://x.org/e'}]}]} | Patient.contact[0].modifierExtension[0]",
	})
	void anExtensionTheParserTakes_butR4DoesNotAllow_isNamedAtItsPath(String what, String resource, String location)
			throws Exception {
		theOneErrorAt(resource, location);
	}

	@Test
	void anExtensionWithOnlyItsValuesExtensions_hasAValue() throws Exception {
		assertThat(locations("{'resourceType':'Patient','extension':[{'url':'http://x.org/e','_valueCode':{'extension':"
				+ "[{'url':'http://hl7.org/fhir/StructureDefinition/data-absent-reason','valueCode':'unknown'}]}}]}")).isEmpty();
	}

	/** The message of the one problem found in the resource, an error of the parse checks at the location. */
	private static String theOneErrorAt(String resource, String location) throws Exception {
		List<SingleValidationMessage> found = JsonBodyChecks.of(FHIR, json(resource)).problems();

		assertThat(found).singleElement().satisfies(problem -> {
			assertThat(problem.getLocationString()).isEqualTo(location);
			assertThat(problem.getSeverity()).isEqualTo(ResultSeverityEnum.ERROR);
			assertThat(problem.getMessageId()).isEqualTo(ParseChecks.MESSAGE_ID);
		});
		return found.get(0).getMessage();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
		"every type written rightly | {'resourceType':'Observation','id':'o1','status':'final','code':{'coding':[{"
				+ "'system':'http://loinc.org','code':'2484-4','userSelected':true}]},'valueQuantity':{'value':150.5,"
				+ "'unit':'ng/mL'},'referenceRange':[{'low':{'value':0}}],'interpretation':[{'text':'H'}]}",
		"a quoted boolean that is no boolean (the parser refuses it) | {'resourceType':'Patient','active':'yes'}",
		"modifier extensions written rightly | {'resourceType':'Patient','modifierExtension':[{'url':'http://x.org/e',"
				+ "'valueBoolean':true}],'contact':[{'modifierExtension':[{'url':'http://x.org/f','valueCode':'a'}]}]}",
		"a quoted number that is no number (the parser refuses it) | {'resourceType':'Patient','multipleBirthInteger':'two'}",
		"inside an unknown element (the parse checks name the element) | {'resourceType':'Patient','foo':{'active':'true'}}",
		"a null in a list beside its extensions | {'resourceType':'Patient','name':[{'given':[null,'Ann'],"
				+ "'_given':[{'extension':[{'url':'http://x.org/e','valueString':'y'}]},null]}]}",
		"an item known only by its extension, the value list padded | {'resourceType':'Patient','name':[{'given':['Ann',null],"
				+ "'_given':[null,{'extension':[{'url':'http://x.org/e','valueString':'y'}]}]}]}",
		"an id beside a value | {'resourceType':'Patient','birthDate':'1980-01-01','_birthDate':{'id':'b'},'name':[{"
				+ "'given':['Ann'],'_given':[{'id':'g'}]}]}",
		"an unknown resource type (the parser refuses it) | {'resourceType':'Patientx','active':'true'}",
		"not a resource | {'active':'true'}",
		"nulls where nothing is known (read as absent) | {'resourceType':'Patient','telecom':null,'address':[null]}",
		"a list of two where one value belongs (the parse checks name it) | {'resourceType':'Observation',"
				+ "'valueQuantity':{'value':[1,2]}}",
		"a text where an object belongs (the parse checks name it) | {'resourceType':'Observation','subject':'Patient/1'}",
		"a blank resource type (the parser refuses it) | {'resourceType':'','active':'true'}",
		"an abstract resource type in an entry (the parser refuses it) | {'resourceType':'Bundle','type':'batch',"
				+ "'entry':[{'resource':{'resourceType':'DomainResource','active':'true'}}]}",
		"a date the type cannot read (the parser refuses it) | {'resourceType':'Patient','birthDate':'1980-1-1'}",
		"a code off its closed list (the parser refuses it) | {'resourceType':'Patient','gender':' female'}",
		"an empty value (the parser names it) | {'resourceType':'Patient','gender':'','name':[{'family':''}]}",
		"a number the type cannot read (the parser refuses it) | {'resourceType':'Patient','multipleBirthInteger':1.5}",
		"values of the forms of their types | {'resourceType':'Observation','status':'final','code':{'text':'x'},"
				+ "'effectiveDateTime':'2024-02-29T08:15:00-05:00','issued':'2024-02-29T13:20:00.5Z','identifier':[{"
				+ "'system':'urn:oid:1.2.840.114350.1.13','value':'a b'}],'meta':{'profile':['http://x.org/p']}}",
	})
	void valuesTheParserReadsRightly_orRefusesItself_areNotNamed(String what, String resource) throws Exception {
		assertThat(locations(resource)).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
		"an instant of a year | {'resourceType':'Observation','issued':'2020'} | Observation.issued",
		"a time without a time zone, in a choice | {'resourceType':'Observation','effectiveDateTime':'2020-01-01T10:00:00'}"
				+ " | Observation.effective.ofType(dateTime)",
		"a date with a time | {'resourceType':'Patient','birthDate':'1980-01-01T00:00:00Z'} | Patient.birthDate",
		"the year 0000 | {'resourceType':'Patient','birthDate':'0000-01-01'} | Patient.birthDate",
		"a uri with a space | {'resourceType':'Patient','identifier':[{'system':'http://x y','value':'1'}]}"
				+ " | Patient.identifier[0].system",
		"an oid without its prefix, in an extension | {'resourceType':'Patient','extension':[{'url':'http://x.org/e',"
				+ "'valueOid':'1.2.840'}]} | Patient.extension[0].value.ofType(oid)",
		"a code with two spaces | {'resourceType':'Observation','code':{'coding':[{'code':'a  b'}]}}"
				+ " | Observation.code.coding[0].code",
		"a positiveInt of 0, deep in a backbone element | {'resourceType':'MedicationRequest','dosageInstruction':[{"
				+ "'timing':{'repeat':{'frequency':0}}}]} | MedicationRequest.dosageInstruction[0].timing.repeat.frequency",
		"a time of day past 23 | {'resourceType':'MedicationRequest','dosageInstruction':[{'timing':{'repeat':{"
				+ "'timeOfDay':['08:00:00','25:00:00']}}}]} | MedicationRequest.dosageInstruction[0].timing.repeat.timeOfDay[1]",
		"an unsignedInt below 0 | {'resourceType':'Patient','photo':[{'size':-1}]} | Patient.photo[0].size",
		"a contained resource's | {'resourceType':'Patient','contained':[{'resourceType':'Provenance','id':'p',"
				+ "'recorded':'2020-01-01'}]} | Patient.contained[0].ofType(Provenance).recorded",
	})
	void aValueNotOfItsTypesForm_isNamedAtItsPath(String what, String resource, String location) throws Exception {
		assertThat(theOneErrorAt(resource, location)).contains("is not a valid");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
		"an integer with an exponent | {'resourceType':'Observation','valueInteger':1e2}"
				+ " | Observation.value.ofType(integer) | this number would be stored as 100",
		"an integer with a fraction and an exponent | {'resourceType':'Observation','valueInteger':1.50E+2}"
				+ " | Observation.value.ofType(integer) | this number would be stored as 150",
		"a positiveInt with an exponent, deep in a backbone element | {'resourceType':'MedicationRequest',"
				+ "'dosageInstruction':[{'timing':{'repeat':{'frequency':2E0}}}]}"
				+ " | MedicationRequest.dosageInstruction[0].timing.repeat.frequency | this number would be stored as 2",
		"an unsignedInt with an exponent | {'resourceType':'Patient','photo':[{'size':1e3}]}"
				+ " | Patient.photo[0].size | this number would be stored as 1000",
	})
	void aWholeNumberWrittenWithAnExponent_isNamedAtItsPath_asTheParserWouldStoreItChanged(String what, String resource,
			String location, String stored) throws Exception {
		assertThat(theOneErrorAt(resource, location)).contains("without a fraction or an exponent").contains(stored);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
		"an integer with a fraction, which the parser refuses itself | {'resourceType':'Observation','valueInteger':1.0}",
		"an integer with a negative exponent, which the parser refuses itself | {'resourceType':'Observation','valueInteger':1e-2}",
		"an integer out of range, which the parser refuses itself | {'resourceType':'Observation','valueInteger':3e9}",
		"a decimal with an exponent, which R4's decimal allows | {'resourceType':'Observation','valueQuantity':{'value':1e2}}",
		"a plain integer | {'resourceType':'Observation','valueInteger':-0}",
	})
	void aNumberTheParserRefusesOrReadsAsWritten_isNotNamedByTheChecks(String what, String resource) throws Exception {
		assertThat(locations(resource)).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
		"a date of no calendar | {'resourceType':'Patient','birthDate':'1980-1-1'} | Patient.birthDate",
		"a dateTime in a choice | {'resourceType':'Observation','effectiveDateTime':'2020-13-01'}"
				+ " | Observation.effective.ofType(dateTime)",
		"a code off its closed list | {'resourceType':'Patient','gender':'femme'} | Patient.gender",
		"a boolean that is none | {'resourceType':'Patient','active':'yes'} | Patient.active",
		"the second of two values of one name, the first readable | {'resourceType':'Patient','identifier':["
				+ "{'period':{'start':'2020-01-01'}},{'period':{'start':'2020-01-32'}}]} | Patient.identifier[1].period.start",
		"an extension's value on a primitive | {'resourceType':'Patient','birthDate':'1980-01-01','_birthDate':{"
				+ "'extension':[{'url':'http://x.org/e','valueDate':'2020-02-30'}]}}"
				+ " | Patient.birthDate.extension[0].value.ofType(date)",
		"an entry's, from the Bundle's root | {'resourceType':'Bundle','type':'transaction','entry':[{'resource':"
				+ "{'resourceType':'Patient','birthDate':'1980-01-01'}},{'resource':{'resourceType':'Patient',"
				+ "'birthDate':'1980-02-30'}}]} | Bundle.entry[1].resource.ofType(Patient).birthDate",
	})
	void aValueTheParserCannotRead_isLocatedAtItsPath_whenTheParserRefusedTheBody(String what, String resource,
			String location) throws Exception {
		String body = resource.replace('\'', '"');
		ParseChecks.start();
		try {
			FHIR.newJsonParser().parseResource(body);
		} catch (ca.uhn.fhir.parser.DataFormatException refused) {
			// as the server's parse of the body: refused at the first value it cannot read
		}
		List<SingleValidationMessage> problems = ParseChecks.stop();
		assertThat(problems).singleElement().satisfies(problem -> assertThat(ParseChecks.element(problem))
				.hasValueSatisfying(element -> assertThat(element.problem()).isEqualTo(ParseChecks.ElementProblem.UNREADABLE_VALUE)));

		JsonBodyChecks.unreadable(FHIR, JSON.readTree(body)).locate(problems);

		assertThat(problems.get(0).getLocationString()).isEqualTo(location);
		assertThat(JsonBodyChecks.of(FHIR, JSON.readTree(body)).problems()).as("not named by the checks themselves").isEmpty();
	}

	/**
	 * HAPI's parser refuses an extension with both a value and extensions of its own (the other half of R4's ext-1)
	 * without saying where, and without telling its error handler; the walk of the refused body names each at its path.
	 * One with only one of them is not named.
	 */
	@Test
	void anExtensionWithBothAValueAndExtensions_isNamedAtItsPath_byTheWalkOfARefusedBody() throws Exception {
		String body = ("{'resourceType':'Patient','extension':[{'url':'http://x.org/a','valueString':'fine'},"
				+ "{'url':'http://x.org/b','extension':[{'url':'part','valueCode':'x'}]}],"
				+ "'name':[{'family':'Ng','extension':[{'url':'http://x.org/c','valueString':'v',"
				+ "'extension':[{'url':'part','valueCode':'y'}]}]}]}").replace('\'', '"');
		assertThatThrownBy(() -> FHIR.newJsonParser().parseResource(body))
				.isInstanceOf(ca.uhn.fhir.parser.DataFormatException.class);

		List<SingleValidationMessage> problems = JsonBodyChecks.unreadable(FHIR, JSON.readTree(body)).problems();

		assertThat(problems).singleElement().satisfies(problem -> {
			assertThat(problem.getLocationString()).isEqualTo("Patient.name[0].extension[0]");
			assertThat(problem.getMessage()).contains("ext-1");
		});
		assertThat(JsonBodyChecks.unreadable(FHIR, JSON.readTree(body.replace(",'valueString':'v'".replace('\'', '"'), "")))
				.problems()).isEmpty();
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
		assertThat(byEntry.get(1).problems()).extracting(SingleValidationMessage::getLocationString)
				.containsExactly("Patient.active", "Patient.deceased.ofType(boolean)");
		assertThat(byEntry.get(2).problems()).extracting(SingleValidationMessage::getLocationString)
				.containsExactly("Observation.value.ofType(integer)");
		assertThat(byEntry.get(BundleEntries.OUTSIDE_ENTRIES).problems()).extracting(SingleValidationMessage::getLocationString)
				.containsExactly("Bundle.total", "Bundle.entry[2].search.score");
		assertThat(JsonBodyChecks.of(FHIR, bundle).problems()).extracting(SingleValidationMessage::getLocationString)
				.contains("Bundle.entry[1].resource.ofType(Patient).active",
						"Bundle.entry[2].resource.ofType(Observation).value.ofType(integer)", "Bundle.total");
	}

	@Test
	void aBundleInsideAnEntry_keepsTheOuterEntrysKey() throws Exception {
		JsonNode bundle = json("{'resourceType':'Bundle','type':'batch','entry':[{'resource':{'resourceType':'Bundle',"
				+ "'type':'collection','entry':[{'resource':{'resourceType':'Patient','active':'false'}}]}}]}");

		assertThat(JsonBodyChecks.byEntry(FHIR, bundle).get(0).problems()).extracting(SingleValidationMessage::getLocationString)
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
		"extensions without their url, nested and on a primitive, which has no modifier extensions | {'resourceType':"
				+ "'Patient','extension':[{'url':'http://x.org/e','extension':[{'url':'a','valueString':'y'},{'valueString':"
				+ "'z'}]}],'birthDate':'1980-01-01','_birthDate':{'extension':[{'valueString':'y'}],'modifierExtension':"
				+ "[{'url':'u','valueString':'y'}]}}"
				+ " | Patient.extension[0].extension[1];Patient.birthDate.extension[0];Patient.birthDate.modifierExtension",
		"contained resources without their id | {'resourceType':'MedicationRequest','contained':[{'resourceType':"
				+ "'Medication','id':'m'},{'resourceType':'Medication'},{'resourceType':'Organization','id':''}]}"
				+ " | MedicationRequest.contained[1];MedicationRequest.contained[2];MedicationRequest.contained[2].ofType(Organization).id",
		"empty values | {'resourceType':'Patient','name':[{'family':'Doe','given':['Ann','']},{'family':''}],'gender':''}"
				+ " | Patient.name[0].given[1];Patient.name[1].family;Patient.gender",
		"internal references to no contained resource, twice to the same one, and one that resolves | {'resourceType':"
				+ "'MedicationRequest','contained':[{'resourceType':'Medication','id':'m'}],'medicationReference':{'reference':"
				+ "'#m'},'requester':{'reference':'#nobody'},'performer':{'reference':'#nobody'},'extension':[{'url':"
				+ "'http://x.org/e','valueReference':{'reference':'#gone'}}]}"
				+ " | MedicationRequest.requester.reference;MedicationRequest.performer.reference;"
				+ "MedicationRequest.extension[0].value.ofType(Reference).reference",
	})
	void elementsWithAProblem_areLocatedAtTheirPaths(String what, String resource, String locations) throws Exception {
		assertThat(parsedAndLocated(resource)).filteredOn(problem -> ParseChecks.element(problem).isPresent())
				.extracting(SingleValidationMessage::getLocationString)
				.containsExactlyInAnyOrder(locations.split(";"));
	}

	@Test
	void elementsWithAProblemInsideAnEntry_areLocatedFromTheBundlesRoot_eachOfThem() throws Exception {
		List<SingleValidationMessage> problems = parsedAndLocated("{'resourceType':'Bundle','type':'collection','entry':["
				+ "{'resource':{'resourceType':'Patient','active':true}},"
				+ "{'resource':{'resourceType':'Observation','status':'final','code':{'text':'x'},"
				+ "'valueQuantity':{'value':1,'colour':'red'},'contained':[{'resourceType':'Patient'}],"
				+ "'subject':{'reference':'#nothere'}}}]}");

		assertThat(problems).extracting(SingleValidationMessage::getLocationString).containsExactlyInAnyOrder(
				"Bundle.entry[1].resource.ofType(Observation).value.ofType(Quantity).colour",
				"Bundle.entry[1].resource.ofType(Observation).contained[0]",
				"Bundle.entry[1].resource.ofType(Observation).subject.reference");
	}
}
