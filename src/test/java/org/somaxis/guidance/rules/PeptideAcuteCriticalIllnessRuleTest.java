package org.somaxis.guidance.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.somaxis.guidance.Fixtures.TODAY;
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
	private static final String ICD10 = "http://hl7.org/fhir/sid/icd-10";
	private static final String ICD10GM = "http://fhir.de/CodeSystem/bfarm/icd-10-gm";

	@ParameterizedTest(name = "{0} {1} {2}, {3} {4} -> {5}")
	@CsvSource({
			// VSAC Sepsis, Shock and Acute Respiratory Failure (ICD-10-CM), each peptide, each order status
			"ICD10CM, A41.9,    active,     tesamorelin, draft,     warning",
			"ICD10CM, R65.21,   active,     sermorelin,  active,    warning",
			"ICD10CM, A41.51,   recurrence, ibutamoren,  on-hold,   warning",
			"ICD10CM, R57.0,    active,     ipamorelin,  draft,     warning",
			"ICD10CM, T78.2XXA, active,     cjc-1295-dac, active,   warning",
			"ICD10CM, J96.01,   active,     hexarelin,   draft,     warning",
			"ICD10CM, J96.21,   relapse,    tesamorelin, active,    warning",
			// long-term ventilator dependence is in VSAC Acute Respiratory Failure but is no acute illness
			"ICD10CM, Z99.11,   active,     tesamorelin, draft,     none",
			"ICD10CM, Z99.12,   active,     tesamorelin, draft,     none",
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
		Scenario scenario = Scenario.of(patient(54, "male"), condition("c1", system(system), code, status));
		ContraindicationRulesTest.addPeptide(scenario, orderStatus, peptide);

		assertThat(Outcome.of(scenario, "peptide-acute-critical-illness")).isEqualTo(expected);
		if (expected.equals("warning")) {
			Finding finding = scenario.findings("peptide-acute-critical-illness").get(0);
			assertThat(finding.evidence()).contains("Condition/c1");
			assertThat(finding.implicated()).isNotEmpty();
			assertThat(finding.citations()).extracting(citation -> citation.id())
					.containsExactly("egrifta-label", "takala-1999");
		}
	}

	/** The card calls the warning the label's own only for tesamorelin. */
	@ParameterizedTest(name = "{0}")
	@CsvSource({"tesamorelin, tesamorelin-label", "ibutamoren, raises-growth-hormone", "sermorelin, raises-growth-hormone"})
	void theCardsReason_fitsThePeptide(String peptide, String phrase) {
		Scenario scenario = Scenario.of(patient(54, "male"), condition("c1", ICD10CM, "A41.9", "active"))
				.drafts(peptide("d1", peptide, "draft", TODAY));

		String expected = KnowledgeLoader.fromClasspath().rule("peptide-acute-critical-illness").phrases().get(phrase);
		assertThat(scenario.findings("peptide-acute-critical-illness")).singleElement()
				.satisfies(finding -> assertThat(finding.detail()).contains(expected));
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

	private static String system(String name) {
		return switch (name) {
			case "ICD10CM" -> ICD10CM;
			case "ICD10GM" -> ICD10GM;
			default -> ICD10;
		};
	}
}
