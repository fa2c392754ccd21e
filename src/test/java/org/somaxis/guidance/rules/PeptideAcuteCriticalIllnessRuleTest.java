package org.somaxis.guidance.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.somaxis.guidance.Fixtures.TODAY;
import static org.somaxis.guidance.Fixtures.codeSystem;
import static org.somaxis.guidance.Fixtures.condition;
import static org.somaxis.guidance.Fixtures.patient;
import static org.somaxis.guidance.Fixtures.peptide;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.Scenario;
import org.somaxis.guidance.knowledge.KnowledgeLoader;

/**
 * peptide-acute-critical-illness, with sepsis, shock and acute respiratory failure coded as hospital EHRs code them
 * (ICD-10-CM encounter diagnoses, WHO ICD-10, ICD-10-GM). Before, a patient in septic shock on tesamorelin drew nothing:
 * no rule read the label's acute critical illness warning.
 */
class PeptideAcuteCriticalIllnessRuleTest {
	private static final String ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm";

	@ParameterizedTest(name = "{0} {1} {2}, {3} {4} -> {5}")
	@CsvSource({
			// VSAC Sepsis, Shock and Acute Respiratory Failure (ICD-10-CM), each peptide, each order status
			"ICD10CM, A41.9,    active,     tesamorelin, draft,     warning",
			"ICD10CM, R65.21,   active,     sermorelin,  active,    warning",
			"ICD10CM, A41.51,   recurrence, ibutamoren,  on-hold,   warning",
			"ICD10CM, R57.0,    active,     ipamorelin,  draft,     warning",
			"ICD10CM, T81.11XA, active,     cjc-1295-dac, active,   warning",
			"ICD10CM, J96.01,   active,     hexarelin,   draft,     warning",
			"ICD10CM, J96.21,   relapse,    tesamorelin, active,    warning",
			// long-term ventilator dependence is in VSAC Acute Respiratory Failure but is no acute illness; anaphylaxis (VSAC
			// Shock) may be to the peptide itself, and a respiratory failure of unspecified acuity may be chronic: named only
			"ICD10CM, Z99.11,   active,     tesamorelin, draft,     none",
			"ICD10CM, Z99.12,   active,     tesamorelin, draft,     none",
			"ICD10CM, T78.2XXA, active,     tesamorelin, draft,     none",
			"ICD10CM, T88.6XXA, active,     sermorelin,  active,    none",
			"ICD10CM, J96.90,   active,     tesamorelin, draft,     none",
			// coded only in SNOMED CT, as problem lists code them (the OHDSI Phenotype Library's roots; VSAC COVID 19), and
			// ARDS in ICD-10-CM (VSAC Acute Respiratory Distress Syndrome): each missed before
			"SNOMED,  91302008, active,     tesamorelin, draft,     warning",
			"SNOMED,  76571007, active,     sermorelin,  active,    warning",
			"SNOMED,  65710008, active,     ibutamoren,  on-hold,   warning",
			"SNOMED,  67782005, active,     tesamorelin, draft,     warning",
			"SNOMED,  870588003, active,    tesamorelin, draft,     warning",
			"SNOMED,  735386008, active,    tesamorelin, active,    warning",
			"ICD10CM, J80,      active,     tesamorelin, draft,     warning",
			// multiple trauma, which the label names (probe 56, P56-M5); its later encounters are not the acute illness
			"ICD10CM, T07.XXXA, active,     sermorelin,  draft,     warning",
			"SNOMED,  262519004, active,    ipamorelin,  active,    warning",
			"ICD10CM, T07.XXXD, active,     sermorelin,  draft,     none",
			"ICD10CM, T07.XXXS, active,     sermorelin,  draft,     none",
			"ICD10,   T07,      active,     sermorelin,  draft,     warning",
			// SNOMED CT shock as the probe coded it: no published set available lists shock in SNOMED CT (the gap)
			"SNOMED,  27942005, active,     tesamorelin, draft,     none",
			// the illness is over, or no peptide is in effect
			"ICD10CM, A41.9,    resolved,   tesamorelin, draft,     none",
			"ICD10CM, A41.9,    inactive,   tesamorelin, active,    none",
			"ICD10CM, A41.9,    active,     tesamorelin, stopped,   none",
			"ICD10CM, A41.9,    active,     tesamorelin, completed, none",
			// chronic respiratory failure and a plain infection are not in the group
			"ICD10CM, J96.10,   active,     tesamorelin, draft,     none",
			"ICD10CM, J18.9,    active,     tesamorelin, draft,     none",
			// WHO ICD-10 categories and ICD-10-GM codes below them, as European hospitals code them
			"ICD10,   A41.9,    active,     tesamorelin, draft,     warning",
			"ICD10,   R57.1,    active,     sermorelin,  active,    warning",
			"ICD10,   J96.00,   active,     tesamorelin, draft,     warning",
			"ICD10GM, A40.0,    active,     tesamorelin, draft,     warning",
			"ICD10,   J96.1,    active,     tesamorelin, draft,     none"})
	void peptideBesideAnAcuteCriticalIllness_drawsAWarning(String system, String code, String status, String peptide,
			String orderStatus, String expected) {
		Scenario scenario = Scenario.of(patient(54, "male"), condition("c1", codeSystem(system), code, status));
		ContraindicationRulesTest.addPeptide(scenario, orderStatus, peptide);

		assertThat(Outcome.of(scenario, "peptide-acute-critical-illness")).isEqualTo(expected);
		if (expected.equals("warning")) {
			Finding finding = scenario.findings("peptide-acute-critical-illness").get(0);
			assertThat(finding.evidence()).contains("Condition/c1");
			assertThat(finding.implicated()).containsExactly(orderStatus.equals("draft") ? "MedicationRequest/d1" : "MedicationRequest/m1");
			assertThat(finding.citations()).extracting(citation -> citation.id())
					.containsExactly("egrifta-label", "takala-1999");
		}
	}

	/** The card calls the warning the label's own only for tesamorelin, and says of the others that it is not studied. */
	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({"tesamorelin, tesamorelin-label", "ibutamoren, raises-growth-hormone",
			"'cjc-1295-no-dac,ipamorelin', raises-growth-hormone", "'tesamorelin,ipamorelin', tesamorelin-and-others"})
	void theCardsReason_fitsThePeptides(String peptides, String phrase) {
		Scenario scenario = Scenario.of(patient(54, "male"), condition("c1", ICD10CM, "A41.9", "active"));
		int n = 0;
		for (String peptide : peptides.split(",")) {
			scenario.drafts(peptide("d" + n++, peptide, "draft", TODAY));
		}

		String expected = KnowledgeLoader.fromClasspath().rule("peptide-acute-critical-illness").phrases().get(phrase);
		assertThat(scenario.findings("peptide-acute-critical-illness")).singleElement()
				.satisfies(finding -> assertThat(finding.detail()).contains(expected));
	}

	/**
	 * An anaphylaxis or a respiratory failure of unspecified acuity, beside a peptide, is named (it may be an acute critical
	 * illness) and makes the CDS card warn; without a peptide it is not news.
	 */
	@ParameterizedTest(name = "{0} with {1}")
	@CsvSource({"T78.2XXA, tesamorelin, true", "J96.91, sermorelin, true", "T78.2XXA, none, false"})
	void aReviewCode_isNamedBesideAPeptideOnly(String code, String peptide, boolean named) {
		Scenario scenario = Scenario.of(patient(54, "male"), condition("c1", ICD10CM, code, "active"));
		if (!peptide.equals("none")) {
			scenario.drafts(peptide("d1", peptide, "draft", TODAY));
		}

		assertThat(scenario.evaluate().messages().stream().anyMatch(message -> message.contains("Condition/c1")
				&& message.contains("acute-critical-illness"))).isEqualTo(named);
		assertThat(scenario.record().contraindicationsMayBeMissing().contains("Condition/c1 (acute-critical-illness: " + code + ")"))
				.isEqualTo(named);
	}

	/**
	 * An anaphylaxis beside a counted sepsis is still warned of: the illness's card does not stop the peptide, and the
	 * anaphylaxis may be to it. A second malignancy code beside a counted one adds nothing: that card stops the peptide.
	 */
	@org.junit.jupiter.api.Test
	void aReviewCodeBesideACountedIllness_isStillAPossibleContraindication_unlikeBesideACountedMalignancy() {
		Scenario septic = Scenario.of(patient(54, "male"), condition("c1", ICD10CM, "A41.9", "active"),
				condition("c2", ICD10CM, "T88.6XXA", "active")).drafts(peptide("d1", "tesamorelin", "draft", TODAY));
		Scenario cancer = Scenario.of(patient(54, "male"), condition("c1", ICD10CM, "C50.911", "active"),
				condition("c2", ICD10CM, "D05.10", "active")).drafts(peptide("d1", "tesamorelin", "draft", TODAY));

		assertThat(septic.record().contraindicationsMayBeMissing()).containsExactly("Condition/c2 (acute-critical-illness: T88.6XXA)");
		assertThat(cancer.record().contraindicationsMayBeMissing()).isEmpty();
	}

	/** An encounter diagnosis of septic shock without a clinicalStatus is not counted, but the CDS card warns of it. */
	@org.junit.jupiter.api.Test
	void aSepsisWithoutClinicalStatus_besideAPeptide_isAContraindicationThatMayBeMissing() {
		org.hl7.fhir.r4.model.Condition sepsis = condition("c1", ICD10CM, "R65.21", "active");
		sepsis.setClinicalStatus(null);
		Scenario scenario = Scenario.of(patient(54, "male"), sepsis).drafts(peptide("d1", "sermorelin", "draft", TODAY));

		assertThat(Outcome.of(scenario, "peptide-acute-critical-illness")).isEqualTo("none");
		assertThat(scenario.record().contraindicationsMayBeMissing()).containsExactly("Condition/c1 (acute-critical-illness: R65.21)");
	}

	/**
	 * A medication record whose drug cannot be read (text only) may be the peptide: beside a sepsis without clinicalStatus,
	 * or an anaphylaxis code of the review set, both records that could not be used are warned of, and the review code is
	 * named. Before, the CDS card was info and the anaphylaxis was not named at all (the replay's R3). A drug coded only in
	 * SNOMED CT (as the NHS codes every drug) is most often another drug: not on its own.
	 */
	@ParameterizedTest(name = "{0} beside {1} -> {2}")
	@CsvSource({
			"text only,       sepsis without clinicalStatus, Condition/c1 (acute-critical-illness: R65.21)",
			"text only,       anaphylaxis,                   Condition/c1 (acute-critical-illness: T88.6XXA)",
			"local code only, anaphylaxis,                   Condition/c1 (acute-critical-illness: T88.6XXA)",
			"SNOMED CT only,  sepsis without clinicalStatus, ''",
			"SNOMED CT only,  anaphylaxis,                   ''",
			"no drug,         sepsis without clinicalStatus, ''",
			"no drug,         anaphylaxis,                   ''"})
	void anUnreadDrug_besideAnIllnessThatWasNotCounted_isWarnedOf(String drug, String illness, String expected) {
		org.hl7.fhir.r4.model.Condition condition = illness.equals("anaphylaxis")
				? condition("c1", ICD10CM, "T88.6XXA", "active") : condition("c1", ICD10CM, "R65.21", "active");
		if (illness.endsWith("without clinicalStatus")) {
			condition.setClinicalStatus(null);
		}
		Scenario scenario = Scenario.of(patient(54, "male"), condition);
		org.hl7.fhir.r4.model.MedicationRequest order = peptide("m1", "sermorelin", "active", TODAY.minusDays(20));
		switch (drug.strip()) {
			case "text only" -> order.setMedication(new org.hl7.fhir.r4.model.CodeableConcept().setText("Sermorelin 9 mg vial"));
			case "local code only" -> order.setMedication(new org.hl7.fhir.r4.model.CodeableConcept(
					new org.hl7.fhir.r4.model.Coding("urn:oid:1.2.840.114350.1.13.0.1.7.2.698288", "12345", null)));
			case "SNOMED CT only" -> order.setMedication(new org.hl7.fhir.r4.model.CodeableConcept(
					new org.hl7.fhir.r4.model.Coding(org.somaxis.guidance.record.Codes.SNOMED, "387458008", "Aspirin")));
			default -> order = null;
		}
		if (order != null) {
			scenario.with(order);
		}

		assertThat(String.join(",", scenario.record().contraindicationsMayBeMissing())).isEqualTo(expected);
		assertThat(scenario.record().dataQuality().stream().anyMatch(message -> message.startsWith("Condition/c1")))
				.isEqualTo(!expected.isEmpty() || illness.endsWith("without clinicalStatus"));
	}

	/**
	 * Stop for an order active or on hold; the draft is cancelled. One suggestion per order, so the card's suggestions may
	 * all be accepted together (cancel the draft and stop the active order): a pause beside the stop made them
	 * alternatives.
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource({"active, 'Stop the peptide=stopped MedicationRequest/m1'",
			"on-hold, 'Stop the peptide=stopped MedicationRequest/m1'",
			"draft, 'Cancel the draft peptide order=DELETE MedicationRequest/d1'"})
	void theSuggestions_actOnTheOrdersAsTheyStand(String orderStatus, String expected) {
		Scenario scenario = Scenario.of(patient(54, "male"), condition("c1", ICD10CM, "A41.9", "active"));
		ContraindicationRulesTest.addPeptide(scenario, orderStatus, "tesamorelin");

		Finding finding = scenario.findings("peptide-acute-critical-illness").get(0);
		String actions = finding.suggestions().stream().filter(suggestion -> !suggestion.actions().isEmpty())
				.map(suggestion -> suggestion.label() + "=" + suggestion.actions().stream()
						.map(action -> (action.change() == null ? action.type().name() : action.change().status()) + " "
								+ action.resourceId())
						.collect(java.util.stream.Collectors.joining(",")))
				.collect(java.util.stream.Collectors.joining("|"));
		assertThat(actions).isEqualTo(expected);
		assertThat(org.somaxis.guidance.Suggestion.alternatives(finding.suggestions())).isFalse();
	}

	/**
	 * The card names each illness by its code and date as the record gives them, so the clinician can tell which it is and
	 * whether it is current (it asks to confirm an old record); before, only "Condition/c1".
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
			"onset     | Severe sepsis with septic shock |      | Condition/c1 (R65.21 Severe sepsis with septic shock; onset 2023-11-18)",
			"recorded  | Severe sepsis with septic shock |      | Condition/c1 (R65.21 Severe sepsis with septic shock; recorded 2026-11-18)",
			"text only |                                 | Septic shock | Condition/c1 (R65.21 Septic shock)",
			"none      |                                 |      | Condition/c1 (R65.21)"})
	void theCard_namesTheIllnessByItsCodeAndDate(String dated, String display, String text, String expected) {
		org.hl7.fhir.r4.model.Condition sepsis = condition("c1", ICD10CM, "R65.21", "active");
		sepsis.getCode().getCodingFirstRep().setDisplay(display);
		sepsis.getCode().setText(text);
		switch (dated.strip()) {
			case "onset" -> sepsis.setOnset(new org.hl7.fhir.r4.model.DateTimeType("2023-11-18"));
			case "recorded" -> sepsis.setRecordedDateElement(new org.hl7.fhir.r4.model.DateTimeType("2026-11-18"));
			default -> { }
		}
		Scenario scenario = Scenario.of(patient(54, "male"), sepsis).drafts(peptide("d1", "tesamorelin", "draft", TODAY));

		assertThat(scenario.findings("peptide-acute-critical-illness")).singleElement()
				.satisfies(finding -> assertThat(finding.detail()).contains("recorded (" + expected + ")."));
	}

	/**
	 * A provisional or differential diagnosis counts (a suspected septic shock is reason enough to weigh stopping), and the
	 * card says it is one; before, it read as a diagnosis "recorded" like any other.
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource({"provisional, 'R65.21 Severe sepsis with septic shock; provisional; onset 2026-12-04'",
			"differential, 'R65.21 Severe sepsis with septic shock; differential; onset 2026-12-04'",
			"confirmed, 'R65.21 Severe sepsis with septic shock; onset 2026-12-04'"})
	void anUnconfirmedDiagnosis_countsAndIsNamedAsSuch(String verification, String expected) {
		org.hl7.fhir.r4.model.Condition sepsis = condition("c1", ICD10CM, "R65.21", "active");
		sepsis.getCode().getCodingFirstRep().setDisplay("Severe sepsis with septic shock");
		sepsis.setOnset(new org.hl7.fhir.r4.model.DateTimeType("2026-12-04"));
		sepsis.setVerificationStatus(new org.hl7.fhir.r4.model.CodeableConcept(new org.hl7.fhir.r4.model.Coding(
				"http://terminology.hl7.org/CodeSystem/condition-ver-status", verification, null)));
		Scenario scenario = Scenario.of(patient(54, "male"), sepsis).drafts(peptide("d1", "tesamorelin", "draft", TODAY));

		assertThat(scenario.findings("peptide-acute-critical-illness")).singleElement()
				.satisfies(finding -> assertThat(finding.detail()).contains("(Condition/c1 (" + expected + "))"));
	}

	/** A warning on the order faces and patient-view, never on a single result's face. */
	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({"PATIENT_VIEW, 1", "ORDER, 1", "OBSERVATION, 0"})
	void firesOnTheFacesItDeclares(Face face, int expected) {
		Scenario scenario = Scenario.of(patient(54, "male"), condition("c1", ICD10CM, "R65.20", "active"))
				.drafts(peptide("d1", "tesamorelin", "draft", TODAY));

		assertThat(scenario.evaluate(face).findings())
				.filteredOn(finding -> finding.ruleId().equals("peptide-acute-critical-illness"))
				.hasSize(expected);
	}
}
