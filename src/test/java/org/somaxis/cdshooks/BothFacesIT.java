package org.somaxis.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.GuidanceResponse;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RequestGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.somaxis.guidance.knowledge.Knowledge;
import org.somaxis.guidance.knowledge.KnowledgeLoader;
import org.somaxis.guidance.knowledge.RuleSpec;
import org.somaxis.support.FhirHttp;

/**
 * The two faces of the one pipeline over HTTP: the same rule ids on every scenario, the same refusal of another
 * patient's data, the same data problems (a card on CDS, evaluationMessage on $evaluate), and update suggestions that
 * change the order exactly as the knowledge's typed action says.
 */
class BothFacesIT extends CdsCalls {
	static final FhirContext FHIR = FhirHttp.FHIR;
	static final Knowledge KNOWLEDGE = KnowledgeLoader.fromClasspath();

	static Stream<String> scenarioNames() {
		return scenarios().stream();
	}

	List<String> evaluateRuleIds(String scenario, String hook) {
		FhirHttp.Response response = http.get("/fhir/Patient/" + patientId(scenario) + "/$evaluate?hook=" + hook
				+ "&evaluationDate=" + EVALUATION_DATE);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return ruleIds(response.as(Parameters.class));
	}

	static List<String> ruleCards(List<JsonNode> cards) {
		return rules(cards).stream().filter(rule -> !rule.equals(CardRenderer.INCOMPLETE)).toList();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("scenarioNames")
	void bothFaces_giveTheSameRuleIds(String scenario) {
		assertThat(ruleCards(cards(PV, storedRequest(scenario, "patient-view"))))
				.as("%s patient-view", scenario).isEqualTo(evaluateRuleIds(scenario, "patient-view"));
		assertThat(ruleCards(cards(OS, storedRequest(scenario, "order-select"))))
				.as("%s order-select", scenario).isEqualTo(evaluateRuleIds(scenario, "order-select"));
	}

	// ---- patient identity ----

	/**
	 * A client that read the discovery document before the given and dispensed keys existed, for a patient our store
	 * does not hold: its prefetch lacks only those keys. Before, every card was lost to a 412; now the guidance is
	 * computed from what it sent, and the "guidance may be incomplete" card names what could not be read.
	 */
	@Test
	void prefetchFromAnOlderDiscoveryDocument_isEvaluated_andNamesWhatItLacks() throws IOException {
		ObjectNode request = fixture("patient-view-short-sleep.json");
		request.remove("fhirServer");
		((ObjectNode) request.get("prefetch")).remove(List.of("medicationAdministrations", "medicationDispenses"));

		List<JsonNode> cards = cards(PV, request);

		assertThat(rules(cards)).contains("sleep-short", CardRenderer.INCOMPLETE);
		assertThat(card(cards, CardRenderer.INCOMPLETE).get("detail").asText())
				.contains("MedicationAdministration, MedicationDispense", "could not be read");
		assertThat(card(cards, CardRenderer.INCOMPLETE).get("indicator").asText()).isEqualTo("info");

		// with a cancer on the problem list, a peptide given or dispensed that could not be read may be contraindicated
		org.hl7.fhir.r4.model.Condition cancer = new org.hl7.fhir.r4.model.Condition()
				.setClinicalStatus(new CodeableConcept(new Coding(
						"http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null)))
				.setCode(new CodeableConcept(new Coding("http://snomed.info/sct", "254837009", null)))
				.setSubject(new Reference("Patient/scn-short-sleep"));
		cancer.setId("cancer");
		((ObjectNode) request.get("prefetch")).set("conditions",
				JSON.readTree(FHIR.newJsonParser().encodeResourceToString(cancer)));

		assertThat(card(cards(PV, request), CardRenderer.INCOMPLETE).get("indicator").asText()).isEqualTo("warning");
	}

	@Test
	void prefetchedPatientWhoseIdDiffersFromContextPatientId_is400() {
		ObjectNode request = fixture("patient-view-short-sleep.json");
		((ObjectNode) request.get("context")).put("patientId", "someone-else");

		Reply reply = post("/cds-services/" + PV, request.toString());

		assertThat(reply.status()).isEqualTo(400);
		assertThat(reply.contentType()).startsWith("application/json");
		assertThat(reply.json().get("status").asInt()).isEqualTo(400);
		assertThat(reply.json().get("error").asText()).contains("Patient/scn-short-sleep", "Patient/someone-else");
	}

	@Test
	void draftOrderForAnotherPatient_is400OnBothFaces() throws IOException {
		MedicationRequest draft = tesamorelinDraft(new Reference("Patient/someone-else"),
				new Coding("http://somaxis.org/fhir/CodeSystem/gh-peptides", "tesamorelin", "Tesamorelin"));
		ObjectNode request = storedRequest("short-sleep", "order-sign");
		((ObjectNode) request.get("context")).set("draftOrders", bundleJson(draft));

		assertThat(post("/cds-services/" + SIGN, request.toString()).status()).isEqualTo(400);
		FhirHttp.Response evaluate = http.postResource("/fhir/Patient/" + patientId("short-sleep") + "/$evaluate",
				parameters("draftOrders", new Bundle().addEntry(new Bundle.BundleEntryComponent().setResource(draft)),
						"evaluationDate", new DateType(EVALUATION_DATE)));
		assertThat(evaluate.status()).isEqualTo(400);
	}

	// ---- data problems reach the clinician ----

	@Test
	void unconvertibleIgf1Unit_givesTheIncompleteCard_andAnEvaluationMessage() throws IOException {
		Patient patient = new Patient();
		patient.setId("unit-patient");
		patient.setBirthDate(java.sql.Date.valueOf("1980-01-01"));
		patient.setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.MALE);
		Observation igf1 = new Observation();
		igf1.setId("unit-igf1");
		igf1.setStatus(Observation.ObservationStatus.FINAL);
		igf1.setCode(new CodeableConcept(new Coding("http://loinc.org", "2484-4", "IGF-1")));
		igf1.setSubject(new Reference("Patient/unit-patient"));
		igf1.setEffective(new org.hl7.fhir.r4.model.DateTimeType("2026-11-02"));
		// enzyme activity: no factor turns it into a mass concentration
		igf1.setValue(new Quantity().setValue(42).setUnit("U/L").setSystem("http://unitsofmeasure.org").setCode("U/L"));

		ObjectNode request = JSON.createObjectNode();
		request.put("hook", "patient-view").put("hookInstance", java.util.UUID.randomUUID().toString());
		request.putObject("context").put("patientId", "unit-patient").put("userId", "Practitioner/example");
		ObjectNode prefetch = request.putObject("prefetch");
		prefetch.set("patient", JSON.readTree(FHIR.newJsonParser().encodeResourceToString(patient)));
		prefetch.set("observations", JSON.readTree(FHIR.newJsonParser().encodeResourceToString(
				new Bundle().setType(Bundle.BundleType.SEARCHSET).addEntry(
						new Bundle.BundleEntryComponent().setResource(igf1.copy())))));
		List.of("lifestyleObservations", "medicationRequests", "medicationStatements", "medicationAdministrations",
				"medicationDispenses", "conditions", "procedures", "draftServiceRequests").forEach(prefetch::putNull);
		request.putObject("extension").put(CdsRequest.EVALUATION_DATE_EXTENSION, EVALUATION_DATE);

		List<JsonNode> cards = cards(PV, request);

		assertThat(rules(cards)).containsExactly(CardRenderer.INCOMPLETE);
		JsonNode card = card(cards, CardRenderer.INCOMPLETE);
		assertThat(card.get("indicator").asText()).isEqualTo("info");
		assertThat(card.get("summary").asText()).startsWith("Guidance may be incomplete");
		assertThat(card.get("detail").asText()).contains("IGF-1 Observation/unit-igf1 on 2026-11-02", "'U/L'");

		Bundle data = new Bundle().setType(Bundle.BundleType.COLLECTION);
		data.addEntry().setFullUrl("Patient/unit-patient").setResource(patient);
		data.addEntry().setFullUrl("Observation/unit-igf1").setResource(igf1);
		FhirHttp.Response response = http.postResource("/fhir/$evaluate",
				parameters("data", data, "evaluationDate", new DateType(EVALUATION_DATE)));
		assertThat(response.status()).isEqualTo(200);
		assertThat(messages(response.as(Parameters.class)))
				.anySatisfy(message -> assertThat(message).contains("IGF-1 Observation/unit-igf1 on 2026-11-02", "'U/L'"));
	}

	@Test
	void tesamorelinDraftCodedOnlyInRxNorm_isNeverDroppedSilently() throws IOException {
		MedicationRequest draft = tesamorelinDraft(new Reference("Patient/" + patientId("igf1-above-range-untreated")),
				new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "1044587", "EGRIFTA SV"));
		ObjectNode request = storedRequest("igf1-above-range-untreated", "order-sign");
		((ObjectNode) request.get("context")).set("draftOrders", bundleJson(draft));

		List<JsonNode> cards = cards(SIGN, request);

		// either the peptide checks read it (this patient has no therapy and an IGF-1 above range, so only a peptide
		// order read as such makes igf1-above-range-untreated fire on order-sign, naming it), or the card says that they
		// could not
		boolean checked = rules(cards).contains("igf1-above-range-untreated")
				&& card(cards, "igf1-above-range-untreated").get("detail").asText().contains("Tesamorelin (draft)");
		boolean named = rules(cards).contains(CardRenderer.INCOMPLETE)
				&& card(cards, CardRenderer.INCOMPLETE).get("detail").asText().contains("MedicationRequest/rx-only");
		assertThat(checked || named).as("cards %s", rules(cards)).isTrue();
	}

	/**
	 * An active tesamorelin order as EHRs store it: the drug (EGRIFTA SV, RxNorm only) in a Medication resource or a
	 * contained one, the order pointing at it, beside an active breast cancer coded in SNOMED CT. Both faces must read the
	 * order (HAPI's _include brings the Medication from our store) and so see the contraindication, and stopping it must
	 * change only its status.
	 */
	@ParameterizedTest(name = "{0}")
	@org.junit.jupiter.params.provider.ValueSource(strings = {"stored", "contained"})
	void activePeptideOrderNamingItsDrugThroughAMedication_meetsTheMalignancyContraindicationOnBothFaces(String medication) {
		String patient = storeCancerPatientWithMedicationReferencedOrder(medication);

		List<JsonNode> cards = cards(PV, storedPatientRequest(patient, "patient-view"));
		JsonNode contraindication = card(cards, "peptide-active-malignancy");
		List<String> evaluated = ruleIds(http.get("/fhir/Patient/" + patient + "/$evaluate?hook=patient-view&evaluationDate="
				+ EVALUATION_DATE).as(Parameters.class));
		assertThat(evaluated).contains("peptide-active-malignancy");

		List<JsonNode> updates = new ArrayList<>();
		contraindication.path("suggestions").forEach(suggestion -> suggestion.path("actions").forEach(action -> {
			if (action.path("type").asText().equals("update")) {
				updates.add(action);
			}
		}));
		assertThat(updates).singleElement().satisfies(action -> {
			MedicationRequest accepted = FHIR.newJsonParser().parseResource(MedicationRequest.class, action.get("resource").toString());
			MedicationRequest expected = http.get("/fhir/MedicationRequest/" + patient + "-order").as(MedicationRequest.class);
			expected.setStatus(MedicationRequest.MedicationRequestStatus.STOPPED);
			// and why, as the card says it (probe 56, P56-m3)
			expected.setStatusReason(new CodeableConcept().setText(contraindication.path("summary").asText()));
			// an order with no dosage ends its supply's validity on the day evaluated (probe 61, P61-M2)
			expected.getDispenseRequest().getValidityPeriod()
					.setEndElement(new org.hl7.fhir.r4.model.DateTimeType(EVALUATION_DATE));
			expected.setMeta(null);
			accepted.setMeta(null);
			assertThat(FHIR.newJsonParser().encodeResourceToString(accepted))
					.isEqualTo(FHIR.newJsonParser().encodeResourceToString(expected));
		});
	}

	/**
	 * A compounded peptide as a pharmacy system writes it: the order names a contained Medication whose code is text
	 * only and whose ingredients carry the codes (here our gh-peptides codes; a clinic's own codes work through its
	 * ConceptMap), beside a diluent marked not active. Before, the order was read as naming its drug as text only, and
	 * the cancer did not stop it. A blend of two peptides is read as both, and a message says the dose was not checked.
	 */
	@ParameterizedTest(name = "{0}")
	@org.junit.jupiter.params.provider.CsvSource({"sermorelin, ''", "cjc-1295-no-dac, ipamorelin"})
	void compoundedPeptideCodedByItsIngredients_meetsTheMalignancyContraindicationOnBothFaces(String first, String second) {
		String patient = "compounded-" + first + (second.isEmpty() ? "" : "-" + second);
		Bundle transaction = cancerPatient(patient);
		org.hl7.fhir.r4.model.Medication vial = new org.hl7.fhir.r4.model.Medication();
		vial.setId("vial");
		vial.getCode().setText("Compounded peptide vial, 9 mg");
		for (String peptide : second.isEmpty() ? List.of(first) : List.of(first, second)) {
			vial.addIngredient().setIsActive(true)
					.setItem(new CodeableConcept(new Coding("http://somaxis.org/fhir/CodeSystem/gh-peptides", peptide, null)));
		}
		vial.addIngredient().setIsActive(false).setItem(new CodeableConcept().setText("Bacteriostatic water"));
		MedicationRequest order = activeTesamorelinOrder(patient, null);
		order.setMedication(new Reference("#vial"));
		order.addContained(vial);
		put(transaction, order, patient + "-order");

		FhirHttp.Response stored = http.postResource("/fhir", transaction);

		assertThat(stored.status()).as(stored.body()).isEqualTo(200);
		assertBothFacesShow(patient, "peptide-active-malignancy");
		List<String> messages = messages(http.get("/fhir/Patient/" + patient + "/$evaluate?hook=patient-view&evaluationDate="
				+ EVALUATION_DATE).as(Parameters.class));
		if (second.isEmpty()) {
			assertThat(messages).noneMatch(message -> message.contains(patient + "-order"));
		} else {
			assertThat(messages).anySatisfy(message -> assertThat(message).startsWith("MedicationRequest/" + patient
					+ "-order names more than one GH-axis peptide (").endsWith("): each is checked, but not the dose"
					+ " - please check it"));
		}
	}

	/**
	 * A blend whose second ingredient is a reference: to a contained Substance coded as a peptide (read: both peptides
	 * are named), or to a Substance the data does not hold (named as an ingredient that cannot be read). Before, the
	 * second ingredient was dropped without a word, and a tesamorelin in it met no tesamorelin rule.
	 */
	@ParameterizedTest(name = "{0}")
	@org.junit.jupiter.params.provider.CsvSource({
			"#tesa, names more than one GH-axis peptide (",
			"Substance/not-here, has an ingredient whose drug cannot be read as a code (Substance/not-here)"})
	void blendIngredientGivenByReference_isReadOrNamed(String reference, String message) {
		String patient = "blend-ref-" + (reference.startsWith("#") ? "contained" : "missing");
		Bundle transaction = cancerPatient(patient);
		org.hl7.fhir.r4.model.Substance tesamorelin = new org.hl7.fhir.r4.model.Substance();
		tesamorelin.setId("tesa");
		tesamorelin.setCode(new CodeableConcept(new Coding("http://somaxis.org/fhir/CodeSystem/gh-peptides", "tesamorelin", null)));
		org.hl7.fhir.r4.model.Medication vial = new org.hl7.fhir.r4.model.Medication();
		vial.setId("vial");
		vial.getCode().setText("CJC-1295 / tesamorelin blend");
		vial.addIngredient().setItem(new CodeableConcept(
				new Coding("http://somaxis.org/fhir/CodeSystem/gh-peptides", "cjc-1295-no-dac", null)));
		vial.addIngredient().setItem(new Reference(reference));
		MedicationRequest order = activeTesamorelinOrder(patient, null);
		order.setMedication(new Reference("#vial"));
		order.addContained(vial);
		order.addContained(tesamorelin);
		put(transaction, order, patient + "-order");

		FhirHttp.Response stored = http.postResource("/fhir", transaction);

		assertThat(stored.status()).as(stored.body()).isEqualTo(200);
		assertBothFacesShow(patient, "peptide-active-malignancy");
		assertThat(messages(http.get("/fhir/Patient/" + patient + "/$evaluate?hook=patient-view&evaluationDate="
				+ EVALUATION_DATE).as(Parameters.class)))
				.anySatisfy(text -> assertThat(text).startsWith("MedicationRequest/" + patient + "-order " + message));
	}

	/**
	 * A compounded vial stored as a Medication whose only ingredient is a stored Substance coded tesamorelin. An inline
	 * Bundle holding both gave the contraindication; the store, which fetched the Medication but not the Substance, named
	 * an ingredient it could not read on an info card, so the faces disagreed. The store now fetches the Substance too.
	 */
	@Test
	void storedVialWhosePeptideIsAStoredSubstance_meetsTheMalignancyContraindicationOnBothFaces() {
		String patient = "vial-substance";
		Bundle transaction = cancerPatient(patient);
		org.hl7.fhir.r4.model.Substance tesamorelin = new org.hl7.fhir.r4.model.Substance();
		tesamorelin.setCode(new CodeableConcept(new Coding("http://somaxis.org/fhir/CodeSystem/gh-peptides", "tesamorelin", null)));
		put(transaction, tesamorelin, patient + "-substance");
		org.hl7.fhir.r4.model.Medication vial = new org.hl7.fhir.r4.model.Medication();
		vial.getCode().setText("Tesamorelin 2 mg vial, compounded");
		vial.addIngredient().setItem(new Reference("Substance/" + patient + "-substance"));
		put(transaction, vial, patient + "-vial");
		MedicationRequest order = activeTesamorelinOrder(patient, null);
		order.setMedication(new Reference("Medication/" + patient + "-vial"));
		put(transaction, order, patient + "-order");

		FhirHttp.Response stored = http.postResource("/fhir", transaction);

		assertThat(stored.status()).as(stored.body()).isEqualTo(200);
		assertBothFacesShow(patient, "peptide-active-malignancy");
	}

	/**
	 * Cancers coded in SNOMED CT that the first published set of the malignancy group leaves out: multiple myeloma (from
	 * VSAC's hematologic sets) and primary malignant neoplasm of breast as HL7's ICHOM breast cancer IG codes it. Before,
	 * an active tesamorelin order passed them without a word.
	 */
	@ParameterizedTest(name = "{0}")
	@org.junit.jupiter.params.provider.CsvSource({"109989006, Multiple myeloma", "372137005, Primary malignant neoplasm of breast"})
	void cancerCodedInSnomedOutsideTheSolidTumourSet_meetsTheMalignancyContraindicationOnBothFaces(String code, String display) {
		String patient = "snomed-" + code;
		Bundle transaction = cancerPatient(patient, new Coding("http://snomed.info/sct", code, display));
		put(transaction, activeTesamorelinOrder(patient,
				new CodeableConcept(new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "1044587", null))), patient + "-order");

		FhirHttp.Response stored = http.postResource("/fhir", transaction);

		assertThat(stored.status()).as(stored.body()).isEqualTo(200);
		assertBothFacesShow(patient, "peptide-active-malignancy");
	}

	/**
	 * Cancers coded as systems outside the US code them: the WHO's ICD-10 (by its URI and by its HL7 OID) and ICD-10-GM
	 * as the German base profiles write it (with a version, five characters). Before, each was only named as coded in a
	 * system no group holds, and the tesamorelin order was not stopped.
	 */
	@ParameterizedTest(name = "{0} {1}")
	@org.junit.jupiter.params.provider.CsvSource({
			"http://hl7.org/fhir/sid/icd-10, C50.9, ''",
			"urn:oid:2.16.840.1.113883.6.3, C509, ''",
			"http://fhir.de/CodeSystem/bfarm/icd-10-gm, C34.1, 2025",
			"http://fhir.de/CodeSystem/bfarm/icd-10-gm, C90.00, 2025"})
	void cancerCodedInTheWhosIcd10OrIcd10Gm_meetsTheMalignancyContraindicationOnBothFaces(String system, String code,
			String version) {
		String patient = "icd10-" + code.replace(".", "");
		Coding cancer = new Coding(system, code, null);
		if (!version.isEmpty()) {
			cancer.setVersion(version);
		}
		Bundle transaction = cancerPatient(patient, cancer);
		put(transaction, activeTesamorelinOrder(patient,
				new CodeableConcept(new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "1044587", null))), patient + "-order");

		FhirHttp.Response stored = http.postResource("/fhir", transaction);

		assertThat(stored.status()).as(stored.body()).isEqualTo(200);
		assertBothFacesShow(patient, "peptide-active-malignancy");
	}

	/**
	 * A tesamorelin order coded as EHRs and pharmacy systems code it: Epic's own medication code beside RxNorm and an
	 * NDC package code (refused with 422 before, because not every coding was in gh-peptides), or an NDC package code
	 * alone (read as no peptide before), or only by its WHO ATC code H01AC06, as European systems code a drug (named as
	 * not checked before). Stored over HTTP, it meets the malignancy contraindication on both faces.
	 */
	@ParameterizedTest(name = "{0}")
	@org.junit.jupiter.params.provider.ValueSource(strings = {"epic-rxnorm-ndc", "ndc-only", "atc-only"})
	void tesamorelinOrderCodedAsEhrsCodeIt_isStored_andMeetsTheMalignancyContraindicationOnBothFaces(String coding) {
		String patient = "coded-" + coding;
		Bundle transaction = cancerPatient(patient);
		CodeableConcept drug = new CodeableConcept().setText("EGRIFTA SV 2 MG SUBCUTANEOUS SOLUTION");
		if (coding.equals("epic-rxnorm-ndc")) {
			drug.addCoding(new Coding("urn:oid:1.2.840.114350.1.13.0.1.7.2.698288", "48213", null));
			drug.addCoding(new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "1044587", null));
		}
		if (coding.equals("atc-only")) {
			drug.addCoding(new Coding("http://www.whocc.no/atc", "H01AC06", "tesamorelin"));
		} else {
			drug.addCoding(new Coding("http://hl7.org/fhir/sid/ndc", "62064-0241-01", null));
		}
		put(transaction, activeTesamorelinOrder(patient, drug), patient + "-order");

		FhirHttp.Response stored = http.postResource("/fhir", transaction);

		assertThat(stored.status()).as(stored.body()).isEqualTo(200);
		assertBothFacesShow(patient, "peptide-active-malignancy");
	}

	/**
	 * A cancer and an active tesamorelin order whose subject is this server's own full URL, as EHRs that always write
	 * absolute references send them (also on the other loopback name). Such a reference is a local reference, but it was
	 * stored as an external URL: no search by patient found the order or the cancer, and both faces gave no guidance
	 * at all, without a word. Now each is found by patient and meets the malignancy contraindication on both faces.
	 */
	@ParameterizedTest(name = "{0}")
	@org.junit.jupiter.params.provider.ValueSource(strings = {"localhost", "127.0.0.1"})
	void conditionAndOrderNamingThePatientByThisServersFullUrl_meetTheMalignancyContraindicationOnBothFaces(String host) {
		String patient = "absolute-" + host.replace('.', '-');
		String self = http.base().replace("localhost", host) + "/fhir/Patient/" + patient;
		Bundle transaction = cancerPatient(patient);
		((org.hl7.fhir.r4.model.Condition) transaction.getEntry().get(1).getResource()).setSubject(new Reference(self));
		put(transaction, activeTesamorelinOrder(patient,
				new CodeableConcept(new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "1044587", null)))
				.setSubject(new Reference(self)), patient + "-order");

		FhirHttp.Response stored = http.postResource("/fhir", transaction);

		assertThat(stored.status()).as(stored.body()).isEqualTo(200);
		assertThat(http.get("/fhir/MedicationRequest?patient=" + patient).as(Bundle.class).getEntry()).hasSize(1);
		assertThat(http.get("/fhir/Condition?patient=" + patient).as(Bundle.class).getEntry()).hasSize(1);
		assertBothFacesShow(patient, "peptide-active-malignancy");
	}

	/** A reference to another server's Patient stays the external reference it is: no Patient here is its subject. */
	@Test
	void aConditionNamingAPatientOnAnotherServer_staysExternal() {
		org.hl7.fhir.r4.model.Condition condition = new org.hl7.fhir.r4.model.Condition()
				.setCode(new CodeableConcept(new Coding("http://snomed.info/sct", "254837009", null)))
				.setSubject(new Reference("http://ehr.example.org/fhir/Patient/external-1"));

		FhirHttp.Response stored = http.postResource("/fhir/Condition", condition);

		assertThat(stored.status()).as(stored.body()).isEqualTo(201);
		assertThat(http.get("/fhir/Condition?patient=external-1").as(Bundle.class).getEntry()).isEmpty();
		assertThat(http.get("/fhir/Condition?subject=http://ehr.example.org/fhir/Patient/external-1")
				.as(Bundle.class).getEntry()).hasSize(1);
	}

	/**
	 * A pregnancy status as converted C-CDA documents code it, LOINC named by its HL7 OID: found by the store's search
	 * and read as LOINC 82810-3, so the pregnancy contraindication shows on both faces (before, no search found it).
	 */
	@Test
	void pregnancyStatusCodedWithTheLoincOid_meetsThePregnancyContraindicationOnBothFaces() {
		storePregnantPatientWithTesamorelin("loinc-oid", new Coding("urn:oid:2.16.840.1.113883.6.1", "82810-3", "Pregnancy status"),
				new Coding("http://snomed.info/sct", "77386006", "Pregnant"), "2026-11-10", null);

		assertBothFacesShow("loinc-oid", "peptide-pregnancy");
	}

	/**
	 * A pregnancy status coded under HL7 v2's name of LOINC ("LN"), as a naive v2 converter leaves OBX-3: stored, found by
	 * the store's search and read as LOINC, so the pregnancy contraindication shows on both faces (before, it was not
	 * searched for, and the contraindication was missed without a word).
	 */
	@Test
	void pregnancyStatusCodedUnderHl7V2sNameOfLoinc_meetsThePregnancyContraindicationOnBothFaces() {
		storePregnantPatientWithTesamorelin("loinc-v2-name", new Coding("LN", "82810-3", "Pregnancy status"),
				new Coding("http://snomed.info/sct", "77386006", "Pregnant"), "2026-11-10", null);

		assertBothFacesShow("loinc-v2-name", "peptide-pregnancy");
	}

	/**
	 * A pregnancy status as an International Patient Summary codes it: IPS's profile declared (a profile the server
	 * does not hold) and the value a LOINC answer, LA15173-0 Pregnant. Stored, and the pregnancy contraindication shows
	 * on both faces (before, the value was named in a message and the contraindication missed).
	 */
	@Test
	void pregnancyStatusCodedAsTheInternationalPatientSummaryCodesIt_meetsThePregnancyContraindicationOnBothFaces() {
		storePregnantPatientWithTesamorelin("ips-pregnancy", new Coding("http://loinc.org", "82810-3", "Pregnancy status"),
				new Coding("http://loinc.org", "LA15173-0", "Pregnant"), "2026-11-12",
				"http://hl7.org/fhir/uv/ips/StructureDefinition/Observation-pregnancy-status-uv-ips");

		assertBothFacesShow("ips-pregnancy", "peptide-pregnancy");
	}

	/**
	 * A pregnancy test an Australian clinic reports at 07:30 on the morning after the evaluation date (+10:00), which is
	 * 21:30 UTC on the evaluation date: it has happened, so it counts on both faces (before, it was dropped as later
	 * data without a word, and the contraindication missed).
	 */
	@Test
	void pregnancyStatusDatedTheNextMorningEastOfTheServer_meetsThePregnancyContraindicationOnBothFaces() {
		String effective = java.time.LocalDate.parse(EVALUATION_DATE).plusDays(1) + "T07:30:00+10:00";
		storePregnantPatientWithTesamorelin("east-pregnancy", new Coding("http://loinc.org", "82810-3", "Pregnancy status"),
				new Coding("http://snomed.info/sct", "77386006", "Pregnant"), effective, null);

		assertBothFacesShow("east-pregnancy", "peptide-pregnancy");
	}

	/**
	 * A pregnancy status under another code: C-CDA's Pregnancy Observation as converted C-CDA documents carry it (code
	 * ActCode ASSERTION, value SNOMED CT 77386006), and LOINC's older 11449-6 "Pregnancy status - Reported", as KBV and
	 * ANS records and some EHR exports still code it (before, it was not read, and the contraindication missed without
	 * a word). Found by the store's search and the prefetch templates, and read as a pregnancy status. ActCode also under
	 * its HL7 OID, as Microsoft's FHIR-Converter writes it: missed on every face (probe 50, P50-C1).
	 */
	@ParameterizedTest(name = "{1}|{2}")
	@CsvSource({"ccda-pregnancy, http://terminology.hl7.org/CodeSystem/v3-ActCode, ASSERTION",
			"ccda-pregnancy-oid, urn:oid:2.16.840.1.113883.5.4, ASSERTION",
			"reported-pregnancy, http://loinc.org, 11449-6"})
	void pregnancyStatusUnderAnotherCode_meetsThePregnancyContraindicationOnBothFaces(String patient, String system, String code) {
		storePregnantPatientWithTesamorelin(patient, new Coding(system, code, null),
				new Coding("http://snomed.info/sct", "77386006", "Pregnant"), "2026-11-15", null);

		assertBothFacesShow(patient, "peptide-pregnancy");
	}

	/**
	 * A pregnancy recorded only as its estimated delivery date, as an International Patient Summary codes it (IPS's EDD
	 * profile declared, LOINC 11778-8, valueDateTime 169 days after the evaluation date): stored, found by the store's
	 * search and read as a pregnancy, so the contraindication shows on both faces (before, it was neither searched for
	 * nor read, and the order drew no card and no message).
	 */
	@Test
	void pregnancyRecordedOnlyAsItsEstimatedDeliveryDate_meetsThePregnancyContraindicationOnBothFaces() {
		org.hl7.fhir.r4.model.Observation edd = new org.hl7.fhir.r4.model.Observation()
				.setStatus(org.hl7.fhir.r4.model.Observation.ObservationStatus.FINAL)
				.setCode(new CodeableConcept(new Coding("http://loinc.org", "11778-8", "Delivery date Estimated")))
				.setEffective(new org.hl7.fhir.r4.model.DateTimeType("2026-11-10"))
				.setValue(new org.hl7.fhir.r4.model.DateTimeType("2027-05-10"));
		edd.getMeta().addProfile("http://hl7.org/fhir/uv/ips/StructureDefinition/Observation-pregnancy-edd-uv-ips");
		storeWomanWithTesamorelin("edd-pregnancy", edd);

		assertBothFacesShow("edd-pregnancy", "peptide-pregnancy");
	}

	/**
	 * A positive qualitative hCG test, urine or serum, as labs report it: found by the store's search and the prefetch
	 * templates, and read as a pregnancy, so the contraindication shows on both faces (before, it was not read at all).
	 */
	@ParameterizedTest(name = "{1} {2}|{3}")
	@CsvSource({"hcg-urine, 2106-3, http://snomed.info/sct, 10828004",
			"hcg-serum-rapid, 80385-8, http://loinc.org, LA6576-8"})
	void positivePregnancyTest_meetsThePregnancyContraindicationOnBothFaces(String patient, String loinc,
			String valueSystem, String value) {
		storePregnantPatientWithTesamorelin(patient, new Coding("http://loinc.org", loinc, null),
				new Coding(valueSystem, value, "Positive"), "2026-11-16", null);

		assertBothFacesShow(patient, "peptide-pregnancy");
	}

	/**
	 * A quantitative serum hCG as laboratories report it, a number in m[IU]/mL with the laboratory's POS flag: found by
	 * the store's search and the prefetch templates, and read by its interpretation, so the contraindication shows on
	 * both faces (before, no quantitative hCG was read at all).
	 */
	@ParameterizedTest(name = "{1}")
	@CsvSource({"hcg-quantitative-serum, 21198-7", "hcg-quantitative-immunoassay, 83086-9"})
	void quantitativeHcgWithAPositiveInterpretation_meetsThePregnancyContraindicationOnBothFaces(String patient, String loinc) {
		storeWomanWithTesamorelin(patient, quantitativeHcg(loinc, "POS"));

		assertBothFacesShow(patient, "peptide-pregnancy");
	}

	/**
	 * A quantitative hCG with only a number and an H flag says neither pregnant nor not: no contraindication is made
	 * from it, and both faces name it (the CDS "guidance may be incomplete" card, $evaluate's evaluationMessage), so
	 * that the clinician checks whether the patient is pregnant. With a peptide on the record, the CDS card is a warning
	 * that says so (before, an info card with the weight of a missing sleep log).
	 */
	@Test
	void quantitativeHcgWithOnlyANumber_isNamedOnBothFaces() {
		String patient = "hcg-number-only";
		storeWomanWithTesamorelin(patient, quantitativeHcg("21198-7", "H"));

		List<JsonNode> cards = cards(PV, storedPatientRequest(patient, "patient-view"));
		assertThat(rules(cards)).contains(CardRenderer.INCOMPLETE).doesNotContain("peptide-pregnancy");
		assertThat(card(cards, CardRenderer.INCOMPLETE).get("detail").asText())
				.contains("Quantitative hCG Observation/" + patient + "-pregnancy");
		assertThat(card(cards, CardRenderer.INCOMPLETE).get("indicator").asText()).isEqualTo("warning");
		assertThat(card(cards, CardRenderer.INCOMPLETE).get("summary").asText()).contains("pregnancy");
		Parameters evaluated = http.get("/fhir/Patient/" + patient + "/$evaluate?hook=patient-view&evaluationDate="
				+ EVALUATION_DATE).as(Parameters.class);
		assertThat(ruleIds(evaluated)).doesNotContain("peptide-pregnancy");
		assertThat(messages(evaluated)).anySatisfy(message -> assertThat(message)
				.startsWith("Quantitative hCG Observation/" + patient + "-pregnancy"));
	}

	/**
	 * A breast cancer and an active order whose drug is only text ("Tesamorelin 2 mg compounded vial"): no peptide can
	 * be read, so no contraindication; the CDS card that names the order is a warning that says a medication that could
	 * not be read may be a GH-axis peptide (before, an info card), and $evaluate names it.
	 */
	@Test
	void unreadableOrderBesideACancer_makesTheIncompleteCardAWarning() {
		String patient = "unread-drug-cancer";
		Bundle transaction = cancerPatient(patient);
		put(transaction, activeTesamorelinOrder(patient, new CodeableConcept().setText("Tesamorelin 2 mg compounded vial")),
				patient + "-order");
		FhirHttp.Response stored = http.postResource("/fhir", transaction);
		assertThat(stored.status()).as(stored.body()).isEqualTo(200);

		List<JsonNode> cards = cards(PV, storedPatientRequest(patient, "patient-view"));
		assertThat(rules(cards)).contains(CardRenderer.INCOMPLETE).doesNotContain("peptide-active-malignancy");
		JsonNode incomplete = card(cards, CardRenderer.INCOMPLETE);
		assertThat(incomplete.get("indicator").asText()).isEqualTo("warning");
		assertThat(incomplete.get("summary").asText()).contains("may be a GH-axis peptide");
		assertThat(incomplete.get("detail").asText()).contains("MedicationRequest/" + patient + "-order");
		Parameters evaluated = http.get("/fhir/Patient/" + patient + "/$evaluate?hook=patient-view&evaluationDate="
				+ EVALUATION_DATE).as(Parameters.class);
		assertThat(messages(evaluated)).anySatisfy(message -> assertThat(message)
				.startsWith("MedicationRequest/" + patient + "-order names its drug only as text"));
	}

	/** A quantitative hCG of 1,520 m[IU]/mL on 2026-11-16 with the laboratory's interpretation flag (v3). */
	private static org.hl7.fhir.r4.model.Observation quantitativeHcg(String loinc, String interpretation) {
		org.hl7.fhir.r4.model.Observation hcg = new org.hl7.fhir.r4.model.Observation()
				.setStatus(org.hl7.fhir.r4.model.Observation.ObservationStatus.FINAL)
				.setCode(new CodeableConcept(new Coding("http://loinc.org", loinc, null)))
				.setEffective(new org.hl7.fhir.r4.model.DateTimeType("2026-11-16"))
				.setValue(new org.hl7.fhir.r4.model.Quantity().setValue(1520).setUnit("m[IU]/mL")
						.setSystem("http://unitsofmeasure.org").setCode("m[IU]/mL"));
		hcg.addInterpretation(new CodeableConcept(
				new Coding("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", interpretation, null)));
		return hcg;
	}

	/**
	 * An allergy recorded to tesamorelin's product, or to mannitol (an excipient its label names), beside an active
	 * tesamorelin order, stored as an EHR export codes it: the substance's UNII in the code, or the product's RxNorm code
	 * in a reaction's substance. Before, AllergyIntolerance was neither gathered nor read: no card, no message.
	 */
	@ParameterizedTest(name = "{0} in {2}")
	@CsvSource({
			"http://fdasis.nlm.nih.gov, 3OWL53L36A, code",
			"http://www.nlm.nih.gov/research/umls/rxnorm, 1044587, reaction"})
	void allergyToThePeptideOrItsExcipient_meetsTheHypersensitivityContraindicationOnBothFaces(String system, String code,
			String where) {
		String patient = "allergy-" + where;
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		put(transaction, new Patient().setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.MALE)
				.setBirthDateElement(new DateType("1971-06-20")), patient);
		put(transaction, allergy(patient, new Coding(system, code, null), where), patient + "-allergy");
		put(transaction, activeTesamorelinOrder(patient, new CodeableConcept(new Coding(
				"http://www.nlm.nih.gov/research/umls/rxnorm", "1044587", null))), patient + "-order");

		FhirHttp.Response stored = http.postResource("/fhir", transaction);

		assertThat(stored.status()).as(stored.body()).isEqualTo(200);
		assertBothFacesShow(patient, "peptide-hypersensitivity");
		assertThat(card(cards(PV, storedPatientRequest(patient, "patient-view")), "peptide-hypersensitivity")
				.get("indicator").asText()).isEqualTo("critical");
	}

	/**
	 * The same allergy sent in the prefetch's new 'allergies' key beside a draft tesamorelin order; and a client that
	 * read the discovery document before that key existed, with nowhere to fetch allergies from: the guidance is given,
	 * and the "guidance may be incomplete" card warns that an allergy to the peptide may be missing.
	 */
	@Test
	void allergiesInThePrefetch_areRead_andAPrefetchWithoutThemWarnsBesideAPeptideOrder() throws IOException {
		ObjectNode request = fixture("order-sign-hp-axis-disorder.json");
		request.remove("fhirServer");
		String patient = request.get("context").get("patientId").asText();
		Bundle allergies = new Bundle().setType(Bundle.BundleType.SEARCHSET);
		allergies.addEntry().setResource(allergy(patient, new Coding("http://fdasis.nlm.nih.gov", "3OWL53L36A", "MANNITOL"),
				"code").setId("mannitol"));
		((ObjectNode) request.get("prefetch")).set("allergies",
				JSON.readTree(FHIR.newJsonParser().encodeResourceToString(allergies)));

		List<JsonNode> cards = cards(SIGN, request);

		assertThat(rules(cards)).contains("peptide-hypersensitivity");
		assertThat(card(cards, "peptide-hypersensitivity").get("detail").asText()).contains("AllergyIntolerance/mannitol");

		// the same allergy in a search answer cut short (a next link): read, and the rest named as not read
		ObjectNode partial = (ObjectNode) JSON.readTree(FHIR.newJsonParser().encodeResourceToString(allergies));
		partial.putArray("link").addObject().put("relation", "next").put("url", "https://ehr.example.org/fhir?page=2");
		((ObjectNode) request.get("prefetch")).set("allergies", partial);
		List<JsonNode> cut = cards(SIGN, request);

		assertThat(rules(cut)).contains("peptide-hypersensitivity", CardRenderer.INCOMPLETE);
		assertThat(card(cut, CardRenderer.INCOMPLETE).get("indicator").asText()).isEqualTo("warning");

		((ObjectNode) request.get("prefetch")).remove("allergies");
		List<JsonNode> without = cards(SIGN, request);

		assertThat(rules(without)).doesNotContain("peptide-hypersensitivity").contains(CardRenderer.INCOMPLETE);
		JsonNode incomplete = card(without, CardRenderer.INCOMPLETE);
		assertThat(incomplete.get("indicator").asText()).isEqualTo("warning");
		assertThat(incomplete.get("detail").asText()).contains("AllergyIntolerance", "could not be read");
	}

	private static org.hl7.fhir.r4.model.AllergyIntolerance allergy(String patient, Coding substance, String where) {
		org.hl7.fhir.r4.model.AllergyIntolerance allergy = new org.hl7.fhir.r4.model.AllergyIntolerance()
				.setClinicalStatus(new CodeableConcept(new Coding(
						"http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "active", null)))
				.setVerificationStatus(new CodeableConcept(new Coding(
						"http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", "confirmed", null)))
				.setPatient(new Reference("Patient/" + patient));
		if (where.equals("code")) {
			allergy.setCode(new CodeableConcept(substance));
		} else {
			allergy.setCode(new CodeableConcept().setText("EGRIFTA SV"));
			allergy.addReaction().setSubstance(new CodeableConcept(substance))
					.addManifestation(new CodeableConcept().setText("urticaria"));
		}
		return allergy;
	}

	/** Stores a woman with a pregnancy status (code, value, effective time, declared profile or null) and tesamorelin. */
	private void storePregnantPatientWithTesamorelin(String patient, Coding code, Coding value, String effective, String profile) {
		org.hl7.fhir.r4.model.Observation status = new org.hl7.fhir.r4.model.Observation()
				.setStatus(org.hl7.fhir.r4.model.Observation.ObservationStatus.FINAL)
				.setCode(new CodeableConcept(code))
				.setEffective(new org.hl7.fhir.r4.model.DateTimeType(effective))
				.setValue(new CodeableConcept(value));
		if (profile != null) {
			status.getMeta().addProfile(profile);
		}
		storeWomanWithTesamorelin(patient, status);
	}

	/** Stores a woman with the given pregnancy evidence (its subject set here) and an active tesamorelin order. */
	private void storeWomanWithTesamorelin(String patient, org.hl7.fhir.r4.model.Observation evidence) {
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		put(transaction, new Patient().setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.FEMALE)
				.setBirthDateElement(new DateType("1990-05-02")), patient);
		put(transaction, evidence.setSubject(new Reference("Patient/" + patient)), patient + "-pregnancy");
		put(transaction, activeTesamorelinOrder(patient,
				new CodeableConcept(new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "1044587", null))), patient + "-order");
		FhirHttp.Response stored = http.postResource("/fhir", transaction);
		assertThat(stored.status()).as(stored.body()).isEqualTo(200);
	}

	/** An active tesamorelin order with the drug given, 2 mg subcutaneous, as our peptide-order profile asks. */
	private static MedicationRequest activeTesamorelinOrder(String patient, CodeableConcept drug) {
		MedicationRequest order = new MedicationRequest()
				.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE)
				.setIntent(MedicationRequest.MedicationRequestIntent.ORDER)
				.setMedication(drug)
				.setSubject(new Reference("Patient/" + patient))
				.setAuthoredOnElement(new org.hl7.fhir.r4.model.DateTimeType("2026-10-01"));
		org.hl7.fhir.r4.model.Dosage dosage = order.addDosageInstruction();
		dosage.getRoute().addCoding(new Coding("http://snomed.info/sct", "34206005", "Subcutaneous route"));
		dosage.addDoseAndRate().setDose(new org.hl7.fhir.r4.model.Quantity().setValue(2).setUnit("mg")
				.setSystem("http://unitsofmeasure.org").setCode("mg"));
		return order;
	}

	/** Patient/$evaluate and the CDS patient-view service both give the rule for the stored patient. */
	private void assertBothFacesShow(String patient, String rule) {
		assertThat(ruleIds(http.get("/fhir/Patient/" + patient + "/$evaluate?hook=patient-view&evaluationDate="
				+ EVALUATION_DATE).as(Parameters.class))).contains(rule);
		assertThat(rules(cards(PV, storedPatientRequest(patient, "patient-view")))).contains(rule);
	}

	/**
	 * A medication list of realistic length: 24 other completed orders beside the tesamorelin order that names its drug
	 * through a stored Medication. More orders than a search page made the store's _include search asynchronous, and
	 * both faces answered 500, so the contraindication was never shown.
	 */
	@Test
	void patientWithMoreOrdersThanASearchPage_stillMeetsTheContraindicationOnBothFaces() {
		String patient = storeCancerPatientWithMedicationReferencedOrder("stored-long-list");
		Bundle others = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (int i = 0; i < 24; i++) {
			put(others, new MedicationRequest()
					.setStatus(MedicationRequest.MedicationRequestStatus.COMPLETED)
					.setIntent(MedicationRequest.MedicationRequestIntent.ORDER)
					.setMedication(new CodeableConcept(new Coding("https://ehr.example.org/medications", "m" + i, null)))
					.setSubject(new Reference("Patient/" + patient)), patient + "-other-" + i);
		}
		FhirHttp.Response stored = http.postResource("/fhir", others);
		assertThat(stored.status()).as(stored.body()).isEqualTo(200);

		FhirHttp.Response evaluated = http.get("/fhir/Patient/" + patient + "/$evaluate?hook=patient-view&evaluationDate="
				+ EVALUATION_DATE);

		assertThat(evaluated.status()).as(evaluated.body()).isEqualTo(200);
		assertThat(ruleIds(evaluated.as(Parameters.class))).contains("peptide-active-malignancy");
		assertThat(rules(cards(PV, storedPatientRequest(patient, "patient-view")))).contains("peptide-active-malignancy");
	}

	/** As Epic-style prefetch sends them: the orders, without the Medications they point to, which our store holds. */
	@Test
	void prefetchedOrdersWithoutTheirMedications_getThemFromOurStore() throws IOException {
		String patient = storeCancerPatientWithMedicationReferencedOrder("stored");
		ObjectNode request = storedPatientRequest(patient, "patient-view");
		ObjectNode prefetch = request.putObject("prefetch");
		prefetch.set("patient", JSON.readTree(http.get("/fhir/Patient/" + patient).body()));
		prefetch.set("medicationRequests", JSON.readTree(http.get("/fhir/MedicationRequest?patient=" + patient).body()));
		prefetch.set("conditions", JSON.readTree(http.get("/fhir/Condition?patient=" + patient).body()));
		for (String key : List.of("observations", "lifestyleObservations", "medicationStatements",
				"medicationAdministrations", "medicationDispenses", "procedures", "draftServiceRequests")) {
			prefetch.putNull(key);
		}
		assertThat(prefetch.get("medicationRequests").toString()).doesNotContain("\"Medication\"");

		assertThat(rules(cards(PV, request))).contains("peptide-active-malignancy");
	}

	/**
	 * A peptide the patient reports taking (an active MedicationStatement, as EHR medication lists hold them) and an
	 * order put on hold (Somaxis itself suggests pausing when IGF-1 is high; a held order may be resumed without a new
	 * order) are judged like active orders: beside an active breast cancer, both faces give the contraindication, and
	 * accepting its update gives the same resource with only its status changed to stopped. The statement case answered
	 * 500 on both faces before: no update could be built for a MedicationStatement.
	 */
	@ParameterizedTest(name = "{0}")
	@org.junit.jupiter.params.provider.ValueSource(strings = {"MedicationStatement", "on-hold MedicationRequest"})
	void peptideTakenOrOnHold_meetsTheMalignancyContraindicationOnBothFaces_andStoppingChangesItsStatusAndEndsItsDosing(String shape) {
		String patient = "held-" + (shape.startsWith("on-hold") ? "order" : "statement");
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		put(transaction, new Patient().setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.FEMALE)
				.setBirthDateElement(new DateType("1968-03-14")), patient);
		put(transaction, new org.hl7.fhir.r4.model.Condition()
				.setClinicalStatus(new CodeableConcept(new Coding(
						"http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null)))
				.setCode(new CodeableConcept(new Coding("http://snomed.info/sct", "254837009", "Malignant neoplasm of breast")))
				.setSubject(new Reference("Patient/" + patient)), patient + "-cancer");
		CodeableConcept egrifta = new CodeableConcept(new Coding(
				"http://www.nlm.nih.gov/research/umls/rxnorm", "1044587", "EGRIFTA SV"));
		org.hl7.fhir.r4.model.DomainResource peptide;
		if (shape.equals("MedicationStatement")) {
			peptide = new org.hl7.fhir.r4.model.MedicationStatement()
					.setStatus(org.hl7.fhir.r4.model.MedicationStatement.MedicationStatementStatus.ACTIVE)
					.setMedication(egrifta)
					.setSubject(new Reference("Patient/" + patient))
					.setEffective(new org.hl7.fhir.r4.model.DateTimeType("2026-09-01"));
		} else {
			peptide = new MedicationRequest()
					.setStatus(MedicationRequest.MedicationRequestStatus.ONHOLD)
					.setIntent(MedicationRequest.MedicationRequestIntent.ORDER)
					.setMedication(egrifta)
					.setSubject(new Reference("Patient/" + patient))
					.setAuthoredOnElement(new org.hl7.fhir.r4.model.DateTimeType("2026-09-01"))
					.addDosageInstruction(new Dosage().setText("2 mg once daily").setRoute(new CodeableConcept(
							new Coding("http://snomed.info/sct", "34206005", "Subcutaneous route"))));
		}
		put(transaction, peptide, patient + "-peptide");
		FhirHttp.Response stored = http.postResource("/fhir", transaction);
		assertThat(stored.status()).as(stored.body()).isEqualTo(200);
		String type = peptide.fhirType();

		JsonNode contraindication = card(cards(PV, storedPatientRequest(patient, "patient-view")), "peptide-active-malignancy");
		FhirHttp.Response evaluated = http.get("/fhir/Patient/" + patient + "/$evaluate?hook=patient-view&evaluationDate="
				+ EVALUATION_DATE);
		assertThat(evaluated.status()).as(evaluated.body()).isEqualTo(200);
		assertThat(ruleIds(evaluated.as(Parameters.class))).contains("peptide-active-malignancy");

		List<JsonNode> updates = new ArrayList<>();
		contraindication.path("suggestions").forEach(suggestion -> suggestion.path("actions").forEach(action -> {
			if (action.path("type").asText().equals("update")) {
				updates.add(action);
			}
		}));
		assertThat(updates).singleElement().satisfies(action -> {
			org.hl7.fhir.r4.model.DomainResource accepted = (org.hl7.fhir.r4.model.DomainResource)
					FHIR.newJsonParser().parseResource(action.get("resource").toString());
			org.hl7.fhir.r4.model.DomainResource expected = (org.hl7.fhir.r4.model.DomainResource)
					FHIR.newJsonParser().parseResource(http.get("/fhir/" + type + "/" + patient + "-peptide").body());
			CodeableConcept why = new CodeableConcept().setText(contraindication.path("summary").asText());
			if (expected instanceof MedicationRequest order) {
				order.setStatus(MedicationRequest.MedicationRequestStatus.STOPPED).setStatusReason(why);
				endsOnTheDayEvaluated(order.getDosageInstruction());
			} else {
				org.hl7.fhir.r4.model.MedicationStatement statement = (org.hl7.fhir.r4.model.MedicationStatement) expected;
				statement.setStatus(org.hl7.fhir.r4.model.MedicationStatement.MedicationStatementStatus.STOPPED)
						.setStatusReason(List.of(why));
				endsOnTheDayEvaluated(statement.getDosage());
				// taken since a day, until the day evaluated (probe 62, P62-M1)
				if (statement.hasEffectiveDateTimeType()) {
					statement.setEffective(new org.hl7.fhir.r4.model.Period()
							.setStartElement(statement.getEffectiveDateTimeType().copy())
							.setEndElement(new org.hl7.fhir.r4.model.DateTimeType(EVALUATION_DATE)));
				}
			}
			expected.setMeta(null);
			accepted.setMeta(null);
			assertThat(FHIR.newJsonParser().encodeResourceToString(accepted))
					.isEqualTo(FHIR.newJsonParser().encodeResourceToString(expected));
		});
	}

	/**
	 * Therapy that only a pharmacy's fill or a clinic's injection record shows: a tesamorelin MedicationDispense naming
	 * a stored Medication (EGRIFTA SV, RxNorm 1044587), or a MedicationAdministration naming a contained one, beside an
	 * active breast cancer. Before, neither was gathered or read, and both faces were silent. The card names the record
	 * and offers no change to it: it is a past event, not an order.
	 */
	@ParameterizedTest(name = "{0}")
	@org.junit.jupiter.params.provider.ValueSource(strings = {"MedicationDispense", "MedicationAdministration"})
	void peptideDispensedOrGiven_meetsTheMalignancyContraindicationOnBothFaces(String type) {
		String patient = "given-" + type.toLowerCase(java.util.Locale.ROOT);
		Bundle transaction = cancerPatient(patient);
		org.hl7.fhir.r4.model.Medication egrifta = new org.hl7.fhir.r4.model.Medication().setCode(new CodeableConcept(
				new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "1044587", "EGRIFTA SV")));
		if (type.equals("MedicationDispense")) {
			put(transaction, egrifta, patient + "-egrifta");
			put(transaction, new org.hl7.fhir.r4.model.MedicationDispense()
					.setStatus(org.hl7.fhir.r4.model.MedicationDispense.MedicationDispenseStatus.COMPLETED)
					.setMedication(new Reference("Medication/" + patient + "-egrifta"))
					.setSubject(new Reference("Patient/" + patient))
					.setWhenHandedOverElement(new org.hl7.fhir.r4.model.DateTimeType("2026-11-10T15:20:00-05:00"))
					.setDaysSupply(new org.hl7.fhir.r4.model.Quantity().setValue(30).setUnit("days")
							.setSystem("http://unitsofmeasure.org").setCode("d")), patient + "-event");
		} else {
			egrifta.setId("med");
			org.hl7.fhir.r4.model.MedicationAdministration given = new org.hl7.fhir.r4.model.MedicationAdministration()
					.setStatus(org.hl7.fhir.r4.model.MedicationAdministration.MedicationAdministrationStatus.COMPLETED)
					.setMedication(new Reference("#med"))
					.setSubject(new Reference("Patient/" + patient))
					.setEffective(new org.hl7.fhir.r4.model.DateTimeType("2026-11-20T09:05:00-05:00"));
			given.addContained(egrifta);
			put(transaction, given, patient + "-event");
		}
		FhirHttp.Response stored = http.postResource("/fhir", transaction);
		assertThat(stored.status()).as(stored.body()).isEqualTo(200);

		JsonNode card = card(cards(PV, storedPatientRequest(patient, "patient-view")), "peptide-active-malignancy");
		FhirHttp.Response evaluated = http.get("/fhir/Patient/" + patient + "/$evaluate?hook=patient-view&evaluationDate="
				+ EVALUATION_DATE);
		assertThat(evaluated.status()).as(evaluated.body()).isEqualTo(200);
		assertThat(ruleIds(evaluated.as(Parameters.class))).contains("peptide-active-malignancy");
		assertThat(card.path("indicator").asText()).isEqualTo("critical");
		assertThat(card.path("detail").asText()).contains(type + "/" + patient + "-event");
		card.path("suggestions").forEach(suggestion -> assertThat(suggestion.path("actions")).isEmpty());
	}

	/**
	 * A draft order whose drug is a Medication the EHR holds but did not put in the draft Bundle (here: stored on our
	 * server). Before, the draft was named unresolved on an info card and the contraindication was missed; now the
	 * reader looks the Medication up in the gathered data and the data's source, on both faces.
	 */
	@Test
	void draftNamingAStoredMedication_meetsTheMalignancyContraindicationOnBothFaces() throws IOException {
		String patient = storeCancerPatientWithMedicationReferencedOrder("stored-no-order");
		MedicationRequest draft = tesamorelinDraft(new Reference("Patient/" + patient),
				new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "1044587", null));
		draft.setMedication(new Reference("Medication/" + patient + "-egrifta"));
		ObjectNode request = storedPatientRequest(patient, "order-sign");
		((ObjectNode) request.get("context")).set("draftOrders", bundleJson(draft));

		List<JsonNode> cards = cards(SIGN, request);
		FhirHttp.Response evaluated = http.postResource("/fhir/Patient/" + patient + "/$evaluate",
				parameters("draftOrders", new Bundle().addEntry(new Bundle.BundleEntryComponent().setResource(draft)),
						"evaluationDate", new DateType(EVALUATION_DATE)));

		assertThat(rules(cards)).contains("peptide-active-malignancy").doesNotContain(CardRenderer.INCOMPLETE);
		assertThat(evaluated.status()).as(evaluated.body()).isEqualTo(200);
		assertThat(ruleIds(evaluated.as(Parameters.class))).contains("peptide-active-malignancy");
	}

	/**
	 * A woman with an active breast cancer and an active tesamorelin order whose drug is a Medication (stored, or
	 * contained); her id. "stored-no-order" stores the Medication without the order.
	 */
	private String storeCancerPatientWithMedicationReferencedOrder(String medication) {
		String patient = "medref-" + medication;
		Bundle transaction = cancerPatient(patient);
		org.hl7.fhir.r4.model.Medication egrifta = new org.hl7.fhir.r4.model.Medication();
		egrifta.setCode(new CodeableConcept(new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "1044587", "EGRIFTA SV")));
		MedicationRequest order = new MedicationRequest()
				.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE)
				.setIntent(MedicationRequest.MedicationRequestIntent.ORDER)
				.setSubject(new Reference("Patient/" + patient))
				.setAuthoredOnElement(new org.hl7.fhir.r4.model.DateTimeType("2026-10-01"));
		if (medication.equals("contained")) {
			egrifta.setId("egrifta");
			order.addContained(egrifta);
			order.setMedication(new Reference("#egrifta"));
		} else {
			put(transaction, egrifta, patient + "-egrifta");
			order.setMedication(new Reference("Medication/" + patient + "-egrifta"));
		}
		if (!medication.endsWith("-no-order")) {
			put(transaction, order, patient + "-order");
		}
		FhirHttp.Response stored = http.postResource("/fhir", transaction);
		assertThat(stored.status()).as(stored.body()).isEqualTo(200);
		return patient;
	}

	/** A transaction that stores a patient with an active, confirmed breast cancer (SNOMED CT 254837009). */
	private static Bundle cancerPatient(String patient) {
		return cancerPatient(patient, new Coding("http://snomed.info/sct", "254837009", "Malignant neoplasm of breast"));
	}

	private static Bundle cancerPatient(String patient, Coding code) {
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		put(transaction, new Patient().setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.FEMALE)
				.setBirthDateElement(new DateType("1968-03-14")), patient);
		org.hl7.fhir.r4.model.Condition cancer = new org.hl7.fhir.r4.model.Condition()
				.setClinicalStatus(new CodeableConcept(new Coding(
						"http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null)))
				.setVerificationStatus(new CodeableConcept(new Coding(
						"http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed", null)))
				.setCode(new CodeableConcept(code))
				.setSubject(new Reference("Patient/" + patient));
		cancer.addCategory(new CodeableConcept(new Coding(
				"http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item", null)));
		put(transaction, cancer, patient + "-cancer");
		return transaction;
	}

	private static void put(Bundle transaction, org.hl7.fhir.r4.model.Resource resource, String id) {
		resource.setId(resource.fhirType() + "/" + id);
		transaction.addEntry().setResource(resource).getRequest()
				.setMethod(Bundle.HTTPVerb.PUT).setUrl(resource.fhirType() + "/" + id);
	}

	// ---- actions as data ----

	@Test
	void acceptingEachUpdateSuggestion_changesTheOrderExactlyAsTheKnowledgeSays() {
		Set<String> changesSeen = new TreeSet<>();
		for (String scenario : scenarios()) {
			for (String[] service : List.of(new String[] {PV, "patient-view"}, new String[] {OS, "order-select"})) {
				for (JsonNode card : cards(service[0], storedRequest(scenario, service[1]))) {
					String ruleId = card.path("source").path("topic").path("code").asText();
					for (JsonNode suggestion : card.path("suggestions")) {
						for (JsonNode action : suggestion.path("actions")) {
							if (action.path("type").asText().equals("update")) {
								changesSeen.add(checkUpdate(ruleId, card.path("summary").asText(),
										suggestion.path("label").asText(), action));
							}
						}
					}
				}
			}
		}
		assertThat(changesSeen).as("the scenarios exercise every kind of typed change")
				.contains("set-status:stopped", "set-status:on-hold", "set-route:usual");
	}

	/**
	 * The accepted resource equals the stored order with exactly the declared change applied: a status with why (the
	 * declared HL7 status reason, if any, and the card's summary), or a route.
	 */
	private String checkUpdate(String ruleId, String summary, String label, JsonNode action) {
		RuleSpec.ActionSpec declared = KNOWLEDGE.rule(ruleId).suggestions().stream()
				.filter(suggestion -> suggestion.label().equals(label))
				.flatMap(suggestion -> suggestion.actions().stream())
				.filter(RuleSpec.ActionSpec::isUpdate)
				.findFirst()
				.orElseThrow(() -> new AssertionError(ruleId + ": no update declared for suggestion '" + label + "'"));
		String resourceId = action.path("resourceId").asText();
		assertThat(action.has("resource")).as("%s %s carries the whole changed order", ruleId, resourceId).isTrue();
		MedicationRequest accepted = FHIR.newJsonParser().parseResource(MedicationRequest.class, action.get("resource").toString());
		MedicationRequest expected = http.get("/fhir/" + resourceId).as(MedicationRequest.class);
		String change;
		if (declared.setStatus() != null) {
			expected.setStatus(MedicationRequest.MedicationRequestStatus.fromCode(declared.setStatus()));
			CodeableConcept why = new CodeableConcept().setText(summary);
			if (declared.statusReason() != null) {
				why.addCoding(new Coding(org.somaxis.gather.ActionResources.STATUS_REASON_SYSTEM, declared.statusReason(), null));
			}
			expected.setStatusReason(why);
			if (declared.setStatus().equals("stopped")) {
				endsOnTheDayEvaluated(expected.getDosageInstruction());
			}
			change = "set-status:" + declared.setStatus();
		} else {
			String peptide = expected.getMedicationCodeableConcept().getCoding().stream()
					.filter(coding -> coding.getSystem().endsWith("/gh-peptides"))
					.findFirst().orElseThrow().getCode();
			String route = KNOWLEDGE.peptide(peptide).orElseThrow().usualRoute();
			for (Dosage dosage : expected.getDosageInstruction()) {
				dosage.setRoute(new CodeableConcept(new Coding("http://snomed.info/sct", route, null)));
			}
			change = "set-route:" + declared.setRoute();
		}
		expected.setMeta(null);
		accepted.setMeta(null);
		assertThat(FHIR.newJsonParser().encodeResourceToString(accepted))
				.as("%s: accepting '%s' on %s", ruleId, label, resourceId)
				.isEqualTo(FHIR.newJsonParser().encodeResourceToString(expected));
		return change;
	}

	/** A stop ends each dosage on the day evaluated (the fixtures' dosages begin before it and give no end). */
	private static void endsOnTheDayEvaluated(List<Dosage> dosages) {
		for (Dosage dosage : dosages) {
			dosage.getTiming().getRepeat().getBoundsPeriod().setEndElement(new org.hl7.fhir.r4.model.DateTimeType(EVALUATION_DATE));
		}
	}

	@Test
	void evaluateAndCds_proposeTheSameChangedOrder() {
		String scenario = "igf1-persistently-very-high-tesamorelin";
		List<String> cdsStatuses = new ArrayList<>();
		for (JsonNode card : cards(PV, storedRequest(scenario, "patient-view"))) {
			for (JsonNode suggestion : card.path("suggestions")) {
				for (JsonNode action : suggestion.path("actions")) {
					if (action.path("type").asText().equals("update")) {
						cdsStatuses.add(action.path("resource").path("status").asText());
					}
				}
			}
		}
		Parameters output = http.get("/fhir/Patient/" + patientId(scenario) + "/$evaluate?evaluationDate="
				+ EVALUATION_DATE).as(Parameters.class);
		GuidanceResponse guidance = guidance(output);
		List<String> evaluateStatuses = new ArrayList<>();
		for (RequestGroup.RequestGroupActionComponent finding : requestGroup(output).getAction()) {
			for (RequestGroup.RequestGroupActionComponent suggestion : finding.getAction()) {
				for (RequestGroup.RequestGroupActionComponent step : suggestion.getAction()) {
					if (step.getType().getCodingFirstRep().getCode().equals("update")) {
						String id = step.getResource().getReference().substring(1);
						MedicationRequest changed = (MedicationRequest) guidance.getContained().stream()
								.filter(resource -> resource.getIdElement().getIdPart().equals(id))
								.findFirst().orElseThrow();
						assertThat(step.getTextEquivalent()).startsWith("Update MedicationRequest/");
						evaluateStatuses.add(changed.getStatus().toCode());
					}
				}
			}
		}
		assertThat(cdsStatuses).isNotEmpty().isEqualTo(evaluateStatuses);
	}

	private static MedicationRequest tesamorelinDraft(Reference subject, Coding coding) {
		MedicationRequest draft = new MedicationRequest();
		draft.setId("rx-only");
		draft.setStatus(MedicationRequest.MedicationRequestStatus.DRAFT);
		draft.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
		draft.setMedication(new CodeableConcept(coding));
		draft.setSubject(subject);
		draft.setAuthoredOn(java.sql.Date.valueOf("2026-11-22"));
		draft.addDosageInstruction().setRoute(new CodeableConcept(new Coding("http://snomed.info/sct", "34206005", null)));
		return draft;
	}

	private static JsonNode bundleJson(MedicationRequest draft) throws IOException {
		Bundle bundle = new Bundle().addEntry(new Bundle.BundleEntryComponent().setResource(draft));
		return JSON.readTree(FHIR.newJsonParser().encodeResourceToString(bundle));
	}
}
