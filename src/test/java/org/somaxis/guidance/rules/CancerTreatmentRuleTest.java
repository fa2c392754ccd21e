package org.somaxis.guidance.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.somaxis.guidance.Fixtures.TODAY;
import static org.somaxis.guidance.Fixtures.condition;
import static org.somaxis.guidance.Fixtures.peptide;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.somaxis.guidance.Action;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.Hook;
import org.somaxis.guidance.Scenario;
import org.somaxis.guidance.knowledge.ConceptSet;
import org.somaxis.guidance.record.Codes;

/** peptide-cancer-treatment-ongoing: a peptide while a cancer is in remission but still treated, or treated by reason. */
class CancerTreatmentRuleTest {
	private static final String RULE = "peptide-cancer-treatment-ongoing";
	/** VSAC Aromatase Inhibitors: letrozole 2.5 MG Oral Tablet, anastrozole 1 MG Oral Tablet. */
	private static final String LETROZOLE = "200064";
	private static final String ANASTROZOLE = "199224";
	/** VSAC Chemotherapy Agents for Advanced Cancer: methotrexate 2.5 MG Oral Tablet. */
	private static final String METHOTREXATE = "105585";
	private static final String BREAST_CANCER = "254837009";

	@ParameterizedTest(name = "peptide {0}, breast cancer {1}, drug {2} {3} -> {4}")
	@CsvSource({
			"draft,   remission, 200064, active,    warning",
			"active,  remission, 200064, active,    warning",
			"on-hold, remission, 200064, active,    warning",
			"active,  inactive,  199224, active,    warning",
			"active,  resolved,  200064, on-hold,   warning",
			"active,  remission, 105585, active,    warning",
			"active,  remission, 200064, stopped,   none",
			"active,  remission, 200064, completed, none",
			"active,  remission, 200064, cancelled, none",
			"stopped, remission, 200064, active,    none",
			"none,    remission, 200064, active,    none",
			"active,  none,      105585, active,    none",
			"active,  none,      200064, active,    none",
			"active,  active,    200064, active,    none"})
	void antineoplasticBesideAMalignancyNoLongerActive(String peptide, String malignancy, String drug, String drugStatus,
			String expected) {
		Scenario scenario = Scenario.of();
		ContraindicationRulesTest.addPeptide(scenario, peptide, "tesamorelin");
		if (!malignancy.equals("none")) {
			scenario.with(condition("c1", Codes.SNOMED, BREAST_CANCER, malignancy));
		}
		scenario.with(rxnorm("l1", drug, drugStatus));
		scenario.hook(peptide.equals("draft") ? Hook.ORDER_SIGN : Hook.PATIENT_VIEW);

		assertThat(Outcome.of(scenario, RULE)).isEqualTo(expected);
	}

	@Test
	void activeMalignancyUnderTreatment_isTheContraindicationAlone() {
		Scenario scenario = Scenario.of(condition("c1", Codes.SNOMED, BREAST_CANCER, "active"), rxnorm("l1", LETROZOLE, "active"))
				.drafts(peptide("d1", "tesamorelin", "draft", TODAY));

		assertThat(Outcome.of(scenario, "peptide-active-malignancy")).isEqualTo("critical");
		assertThat(Outcome.of(scenario, RULE)).isEqualTo("none");
	}

	@Test
	void remissionOnLetrozole_namesTheTreatmentAndTheCancer_andSuggestsCancellingTheDraft() {
		Finding finding = Scenario.of(condition("c1", Codes.SNOMED, BREAST_CANCER, "remission"), rxnorm("l1", LETROZOLE, "active"))
				.drafts(peptide("d1", "tesamorelin", "draft", TODAY))
				.findings(RULE).get(0);

		assertThat(finding.evidence()).containsExactlyInAnyOrder("MedicationRequest/d1", "MedicationRequest/l1", "Condition/c1");
		assertThat(finding.implicated()).containsExactly("MedicationRequest/d1");
		assertThat(finding.detail()).contains("MedicationRequest/l1 (letrozole 2.5 MG Oral Tablet)").contains("Condition/c1");
		assertThat(finding.suggestions()).anySatisfy(suggestion ->
				assertThat(suggestion.actions()).containsExactly(Action.delete("MedicationRequest/d1")));
		assertThat(finding.citations()).extracting(c -> c.id()).containsExactly("egrifta-label");
	}

	@Test
	void remissionOnLetrozole_withAnActivePeptide_suggestsPuttingItOnHold() {
		Finding finding = Scenario.of(condition("c1", Codes.SNOMED, BREAST_CANCER, "remission"), rxnorm("l1", LETROZOLE, "active"),
				peptide("m1", "ipamorelin", "active", TODAY.minusDays(30))).findings(RULE).get(0);

		assertThat(finding.suggestions()).anySatisfy(suggestion ->
				assertThat(suggestion.actions()).singleElement().satisfies(action -> {
					assertThat(action.type()).isEqualTo(Action.Type.UPDATE);
					assertThat(action.resourceId()).isEqualTo("MedicationRequest/m1");
				}));
	}

	@Test
	void aPatientReportedAromataseInhibitor_countsAsAnOrderDoes() {
		MedicationStatement statement = new MedicationStatement();
		statement.setId("s1");
		statement.setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE);
		statement.setMedication(new CodeableConcept(new Coding(ConceptSet.RXNORM, ANASTROZOLE, null)));
		statement.setSubject(new Reference("Patient/p1"));
		Scenario scenario = Scenario.of(condition("c1", Codes.SNOMED, BREAST_CANCER, "remission"), statement,
				peptide("m1", "sermorelin", "active", TODAY.minusDays(30)));

		assertThat(scenario.findings(RULE)).singleElement().satisfies(finding -> {
			assertThat(finding.evidence()).contains("MedicationStatement/s1");
			assertThat(finding.detail()).contains("Malignancy: Condition/c1");
		});
	}

	/**
	 * A drug recorded with a code not written as its system writes codes (a 9-digit NDC) matches no medication set: a
	 * cancer drug recorded so counted for nothing without a word (probe 71, P71-M1). It is named; one that ended is not.
	 * Beside a cancer in remission and a peptide, the treatment it may be is missing from the past-malignancy card, and
	 * the record says so, so that the CDS card warns (an info card before: probe 72, P72-m4).
	 */
	@org.junit.jupiter.params.ParameterizedTest(name = "{0}")
	@org.junit.jupiter.params.provider.CsvSource({"ACTIVE, true", "COMPLETED, false"})
	void aDrugCodedNotAsItsSystemWritesCodes_isNamed(MedicationStatement.MedicationStatementStatus status, boolean named) {
		MedicationStatement statement = new MedicationStatement();
		statement.setId("s1");
		statement.setStatus(status);
		statement.setMedication(new CodeableConcept(new Coding("http://hl7.org/fhir/sid/ndc", "678900456", null)));
		statement.setSubject(new Reference("Patient/p1"));
		Scenario scenario = Scenario.of(condition("c1", Codes.SNOMED, BREAST_CANCER, "remission"), statement)
				.drafts(peptide("d1", "tesamorelin", "draft", TODAY));

		assertThat(scenario.record().dataQuality().stream().anyMatch(message -> message.contains("MedicationStatement/s1")
				&& message.contains("678900456") && message.contains("is not written as an NDC"))).isEqualTo(named);
		assertThat(scenario.record().cancerTreatmentMayBeMissing()).isEqualTo(named);
	}

	@Test
	void aDrugGivenForABreastCancer_isCancerTreatment_evenWithNoCancerOnTheProblemList() {
		MedicationRequest tamoxifen = named("t1", "tamoxifen 20 mg tablet");
		tamoxifen.addReasonCode(new CodeableConcept(new Coding(Codes.SNOMED, BREAST_CANCER, null)));
		Scenario scenario = Scenario.of(tamoxifen).drafts(peptide("d1", "tesamorelin", "draft", TODAY));

		assertThat(scenario.findings(RULE)).singleElement().satisfies(finding -> {
			assertThat(finding.severity().indicator()).isEqualTo("warning");
			assertThat(finding.detail()).contains("MedicationRequest/t1 (tamoxifen 20 mg tablet)")
					.contains("Malignancy: named only by the order's reason.");
		});
	}

	/**
	 * A peptide ordered for a malignancy says the patient has it: the active-malignancy card, critical, naming the
	 * order's reason. It was read as the cancer's treatment, a warning that named the peptide as the antineoplastic
	 * (probe 82, P82-M2); also when the reason is a Condition the order contains.
	 */
	/**
	 * A peptide ordered for a condition the groups cannot read (a misnamed system, a code of a review set) is named as a
	 * Condition so coded is, the warning; it said nothing (probe 83, P83-M1). A contained reason resolved is a past
	 * malignancy, not an active one (P83-m3).
	 */
	@ParameterizedTest(name = "{0}|{1} ({2}) -> {3}")
	@CsvSource({
			"ICD-10-CM, C61, active, may-be-missing",
			"http://hl7.org/fhir/sid/icd-10-cm, D49.9, active, may-be-missing",
			"http://hl7.org/fhir/sid/icd-10-cm, C61, resolved, past"})
	void aPeptideOrderedForAConditionTheGroupsCannotRead_isNamed(String system, String code, String status,
			String expected) {
		MedicationRequest draft = peptide("d1", "tesamorelin", "draft", TODAY);
		reason(draft, status.equals("active") ? "code" : "contained", system, code);
		if (!status.equals("active")) {
			((org.hl7.fhir.r4.model.Condition) draft.getContained().get(0)).getClinicalStatus().getCodingFirstRep()
					.setCode(status);
		}
		Scenario scenario = Scenario.of().drafts(draft).hook(Hook.ORDER_SIGN);

		assertThat(Outcome.of(scenario, "peptide-active-malignancy")).isEqualTo("none");
		assertThat(scenario.record().contraindicationsMayBeMissing().isEmpty()).isEqualTo(!expected.equals("may-be-missing"));
		assertThat(Outcome.of(scenario, "peptide-past-malignancy")).isEqualTo(expected.equals("past") ? "info" : "none");
	}

	@ParameterizedTest(name = "reason as {0}")
	@org.junit.jupiter.params.provider.ValueSource(strings = {"code", "contained"})
	void aPeptideOrderedForAMalignancy_isTheActiveMalignancyContraindication(String as) {
		MedicationRequest draft = peptide("d1", "tesamorelin", "draft", TODAY);
		reason(draft, as, "http://hl7.org/fhir/sid/icd-10-cm", "C50.911");
		Scenario scenario = Scenario.of().drafts(draft).hook(Hook.ORDER_SIGN);

		assertThat(Outcome.of(scenario, RULE)).isEqualTo("none");
		assertThat(scenario.findings("peptide-active-malignancy")).singleElement().satisfies(finding -> {
			assertThat(finding.severity().indicator()).isEqualTo("critical");
			assertThat(finding.detail()).contains("MedicationRequest/d1 (C50.911 Malignant neoplasm of breast)");
		});
	}

	/**
	 * A Condition an order contains as its reason is read as the patient's, with its statuses: a tamoxifen order for a
	 * contained active C50.911 drew nothing beside a peptide (probe 82, P82-M3), then only this warning, where the same
	 * Condition on the problem list draws the critical card (probe 83, P83-C2); one in remission makes the tamoxifen
	 * cancer treatment. A reason naming a Condition the data does not hold is named, beside a peptide as a
	 * contraindication that may be missing.
	 */
	@Test
	void aDrugGivenForAContainedCancer_isReadWithItsStatus_andAReasonNotInTheData_isNamed() {
		MedicationRequest tamoxifen = named("t1", "tamoxifen 20 mg tablet");
		reason(tamoxifen, "contained", "http://hl7.org/fhir/sid/icd-10-cm", "C50.911");
		MedicationRequest inRemission = named("t3", "tamoxifen 20 mg tablet");
		reason(inRemission, "contained", "http://hl7.org/fhir/sid/icd-10-cm", "C50.911");
		((org.hl7.fhir.r4.model.Condition) inRemission.getContained().get(0)).getClinicalStatus().getCodingFirstRep()
				.setCode("remission");
		MedicationRequest another = named("t2", "tamoxifen 20 mg tablet");
		another.addReasonReference(new Reference("Condition/zz"));

		Scenario contained = Scenario.of(tamoxifen).drafts(peptide("d1", "tesamorelin", "draft", TODAY));
		Scenario remission = Scenario.of(inRemission).drafts(peptide("d1", "tesamorelin", "draft", TODAY));
		Scenario notInTheData = Scenario.of(another).drafts(peptide("d1", "tesamorelin", "draft", TODAY));

		assertThat(Outcome.of(contained, "peptide-active-malignancy")).isEqualTo("critical");
		// also when the order is a draft left in the chart (probe 84, P84-C1)
		MedicationRequest storedDraft = tamoxifen.copy();
		storedDraft.setStatus(MedicationRequest.MedicationRequestStatus.DRAFT);
		assertThat(Outcome.of(Scenario.of(storedDraft).drafts(peptide("d1", "tesamorelin", "draft", TODAY)),
				"peptide-active-malignancy")).isEqualTo("critical");
		assertThat(Outcome.of(remission, RULE)).isEqualTo("warning");
		assertThat(Outcome.of(remission, "peptide-active-malignancy")).isEqualTo("none");
		assertThat(Outcome.of(notInTheData, RULE)).isEqualTo("none");
		assertThat(notInTheData.record().dataQuality()).anySatisfy(message -> assertThat(message)
				.contains("MedicationRequest/t2 gives as its reason Condition/zz, which is not in the patient's data"));
		assertThat(notInTheData.record().contraindicationsMayBeMissing()).anySatisfy(named -> assertThat(named)
				.startsWith("Condition/zz"));
	}

	private static void reason(MedicationRequest order, String as, String system, String code) {
		CodeableConcept reason = new CodeableConcept(new Coding(system, code, "Malignant neoplasm of breast"));
		if (as.equals("code")) {
			order.addReasonCode(reason);
		} else {
			org.hl7.fhir.r4.model.Condition cancer = new org.hl7.fhir.r4.model.Condition();
			cancer.setId("rc");
			cancer.setCode(reason);
			cancer.setClinicalStatus(new CodeableConcept(new Coding(Codes.CONDITION_CLINICAL, "active", null)));
			order.addContained(cancer);
			order.addReasonReference(new Reference("#rc"));
		}
	}

	@Test
	void aDrugWhoseReasonReferenceNamesACancerInRemission_isCancerTreatment() {
		MedicationRequest tamoxifen = named("t1", "tamoxifen 20 mg tablet");
		tamoxifen.addReasonReference(new Reference("Condition/c1"));
		Scenario scenario = Scenario.of(condition("c1", Codes.SNOMED, BREAST_CANCER, "remission"), tamoxifen)
				.drafts(peptide("d1", "tesamorelin", "draft", TODAY));

		assertThat(scenario.findings(RULE)).singleElement()
				.satisfies(finding -> assertThat(finding.evidence()).contains("MedicationRequest/t1", "Condition/c1"));
	}

	@Test
	void aDrugGivenForAnotherCondition_isNotCancerTreatment() {
		MedicationRequest drug = named("t1", "prednisone 5 mg tablet");
		drug.addReasonReference(new Reference("Condition/c2"));
		drug.addReasonCode(new CodeableConcept(new Coding("http://hl7.org/fhir/sid/icd-10-cm", "E11.9", null)));
		Scenario scenario = Scenario.of(condition("c2", "http://hl7.org/fhir/sid/icd-10-cm", "E11.9", "active"), drug)
				.drafts(peptide("d1", "tesamorelin", "draft", TODAY));

		assertThat(Outcome.of(scenario, RULE)).isEqualTo("none");
	}

	/**
	 * Methotrexate whose order states another reason (coded, or a Condition that is not a malignancy) is not cancer
	 * treatment, also beside a cancer in remission; with no reason it counts, the card naming the drug. Before, the card
	 * said the methotrexate was "for" the cancer.
	 */
	@ParameterizedTest(name = "methotrexate with reason {0} -> {1}")
	@CsvSource({"none, warning", "code, none", "reference, none", "text, warning", "breast-cancer, warning"})
	void anAntineoplasticWhoseStatedReasonIsAnotherCondition_isNotCancerTreatment(String reason, String expected) {
		MedicationRequest methotrexate = rxnorm("x1", METHOTREXATE, "active");
		switch (reason) {
			case "code" -> methotrexate.addReasonCode(new CodeableConcept(new Coding("http://hl7.org/fhir/sid/icd-10-cm", "E11.9", null)));
			case "reference" -> methotrexate.addReasonReference(new Reference("Condition/c2"));
			case "text" -> methotrexate.addReasonCode(new CodeableConcept().setText("joints"));
			case "breast-cancer" -> methotrexate.addReasonReference(new Reference("Condition/c1"));
			default -> { }
		}
		Scenario scenario = Scenario.of(condition("c1", Codes.SNOMED, BREAST_CANCER, "remission"),
				condition("c2", "http://hl7.org/fhir/sid/icd-10-cm", "E11.9", "active"), methotrexate,
				peptide("m1", "ipamorelin", "active", TODAY.minusDays(30)));

		assertThat(Outcome.of(scenario, RULE)).isEqualTo(expected);
	}

	/** A letrozole order being signed while a peptide is taken and the cancer is in remission: the moment to warn. */
	@Test
	void anAntineoplasticBeingOrdered_countsAsTreatment() {
		MedicationRequest letrozole = rxnorm("l1", LETROZOLE, "draft");
		Scenario scenario = Scenario.of(condition("c1", Codes.SNOMED, BREAST_CANCER, "remission"),
				peptide("m1", "ipamorelin", "active", TODAY.minusDays(30))).drafts(letrozole).hook(Hook.ORDER_SIGN);

		assertThat(scenario.findings(RULE)).singleElement()
				.satisfies(finding -> assertThat(finding.evidence()).contains("MedicationRequest/l1", "Condition/c1"));
	}

	@Test
	void aDraftLeftInTheChart_isNotTreatment() {
		Scenario scenario = Scenario.of(condition("c1", Codes.SNOMED, BREAST_CANCER, "remission"), rxnorm("l1", LETROZOLE, "draft"),
				peptide("m1", "ipamorelin", "active", TODAY.minusDays(30)));

		assertThat(Outcome.of(scenario, RULE)).isEqualTo("none");
	}

	/**
	 * A cancer in remission or recorded as history, with no treatment in effect, beside a peptide: an info card asking to
	 * confirm with oncology that it is inactive and its treatment complete, as the tesamorelin label asks. Before, a
	 * breast cancer survivor with no medication record drew nothing at all (probe 56, P56-M6). An active cancer, or
	 * treatment in effect, has its own card; a bladder neoplasm that need not be malignant is no history of cancer.
	 */
	@ParameterizedTest(name = "{0}|{1} {2}, peptide {3}, drug {4} -> {5}")
	@CsvSource({
			"SNOMED,  254837009, remission, draft,   none,   info",
			"SNOMED,  254837009, resolved,  active,  none,   info",
			"SNOMED,  254837009, inactive,  on-hold, none,   info",
			"ICD10CM, Z85.3,     active,    draft,   none,   info",
			"ICD10CM, Z85.3,     resolved,  draft,   none,   info",
			"ICD10CM, Z85.038,   active,    active,  none,   info",
			"ICD10,   Z85.3,     active,    draft,   none,   info",
			"SNOMED,  415076002, active,    draft,   none,   info",
			"SNOMED,  266987004, active,    active,  none,   info",
			"SNOMED,  254837009, remission, draft,   200064, none",
			// letrozole beside a history code: treatment not complete, the warning of peptide-cancer-treatment-ongoing
			// instead (probe 60, P60-M1)
			"ICD10CM, Z85.3,     active,    draft,   200064, none",
			"SNOMED,  415076002, active,    draft,   200064, none",
			"SNOMED,  254837009, active,    draft,   none,   none",
			"SNOMED,  254837009, remission, none,    none,   none",
			"SNOMED,  254837009, remission, stopped, none,   none",
			"SNOMED,  289917002, active,    draft,   none,   none",
			"ICD10CM, Z80.3,     active,    draft,   none,   none"})
	void pastMalignancyBesideAPeptide_asksForItToBeConfirmedInactive(String system, String code, String status,
			String peptide, String drug, String expected) {
		Scenario scenario = Scenario.of(condition("c1", org.somaxis.guidance.Fixtures.codeSystem(system), code, status));
		ContraindicationRulesTest.addPeptide(scenario, peptide, "sermorelin");
		if (!drug.equals("none")) {
			scenario.with(rxnorm("l1", drug, "active"));
		}
		scenario.hook(peptide.equals("draft") ? Hook.ORDER_SIGN : Hook.PATIENT_VIEW);

		assertThat(Outcome.of(scenario, "peptide-past-malignancy")).isEqualTo(expected);
		assertThat(Outcome.of(scenario, RULE)).isEqualTo(drug.equals("none") || peptide.equals("none")
				|| peptide.equals("stopped") || status.equals("active") && code.equals(BREAST_CANCER) ? "none" : "warning");
		if (expected.equals("info")) {
			assertThat(scenario.findings("peptide-past-malignancy").get(0).detail()).contains("Condition/c1 (" + code);
		}
	}

	/** Letrozole given for a history of breast cancer (its reasonCode Z85.3) is treatment not complete (P61-M1). */
	@ParameterizedTest(name = "reasonCode {0}|{1}")
	@CsvSource({"ICD10CM, Z85.3", "SNOMED, 415076002"})
	void aDrugWhoseReasonIsAHistoryOfCancer_isCancerTreatment(String system, String code) {
		MedicationRequest letrozole = rxnorm("l1", LETROZOLE, "active");
		letrozole.addReasonCode(new CodeableConcept(new Coding(org.somaxis.guidance.Fixtures.codeSystem(system), code, null)));
		Scenario scenario = Scenario.of(condition("c1", org.somaxis.guidance.Fixtures.codeSystem(system), code, "active"),
				letrozole).drafts(peptide("d1", "sermorelin", "draft", TODAY)).hook(Hook.ORDER_SIGN);

		assertThat(Outcome.of(scenario, RULE)).isEqualTo("warning");
		assertThat(Outcome.of(scenario, "peptide-past-malignancy")).isEqualTo("none");
	}

	/** A remission also coded as history is one record of one cancer, named once, with its status. */
	@Test
	void aRemissionAlsoCodedAsHistory_isNamedOnceWithItsStatus() {
		org.hl7.fhir.r4.model.Condition both = condition("c1", Codes.SNOMED, BREAST_CANCER, "remission");
		both.getCode().addCoding(new Coding("http://hl7.org/fhir/sid/icd-10-cm", "Z85.3", null));

		Finding finding = Scenario.of(both).drafts(peptide("d1", "ipamorelin", "draft", TODAY)).hook(Hook.ORDER_SIGN)
				.findings("peptide-past-malignancy").get(0);

		assertThat(finding.evidence()).containsOnlyOnce("Condition/c1");
		assertThat(finding.detail()).contains("Condition/c1 (254837009").contains("; remission)");
	}

	private static MedicationRequest rxnorm(String id, String code, String status) {
		MedicationRequest request = new MedicationRequest();
		request.setId(id);
		request.setStatus(MedicationRequest.MedicationRequestStatus.fromCode(status));
		request.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
		request.setMedication(new CodeableConcept(new Coding(ConceptSet.RXNORM, code,
				code.equals(LETROZOLE) ? "letrozole 2.5 MG Oral Tablet" : null)));
		request.setSubject(new Reference("Patient/p1"));
		return request;
	}

	private static MedicationRequest named(String id, String text) {
		MedicationRequest request = rxnorm(id, LETROZOLE, "active");
		request.setMedication(new CodeableConcept().setText(text));
		return request;
	}
}
