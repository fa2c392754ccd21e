package org.somaxis.guidance.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.somaxis.guidance.Fixtures.TODAY;
import static org.somaxis.guidance.Fixtures.patient;
import static org.somaxis.guidance.Fixtures.peptide;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.somaxis.guidance.Action;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.Hook;
import org.somaxis.guidance.Scenario;

/**
 * peptide-beside-growth-hormone: a GH secretagogue started on top of somatropin (or somatropin ordered beside a peptide)
 * drew no card, though the server read the somatropin for its IGF-1 card (probe 56, P56-M9).
 */
class PeptideBesideGrowthHormoneRuleTest {

	private static MedicationRequest somatropin(String id, String status, String system, String code) {
		MedicationRequest request = peptide(id, "tesamorelin", status, TODAY.minusDays(180));
		request.setMedication(new CodeableConcept(new Coding(system, code, null)));
		return request;
	}

	@ParameterizedTest(name = "somatropin {0} ({1}|{2}), {3} {4} -> {5}")
	@CsvSource({
			"active,  http://www.whocc.no/atc,                     H01AC01, sermorelin,  draft,   warning",
			"active,  http://www.nlm.nih.gov/research/umls/rxnorm, 582969,  ibutamoren,  draft,   warning",
			"on-hold, http://www.whocc.no/atc,                     H01AC01, ipamorelin,  active,  warning",
			"active,  http://www.whocc.no/atc,                     H01AC01, tesamorelin, on-hold, warning",
			"stopped, http://www.whocc.no/atc,                     H01AC01, sermorelin,  draft,   none",
			"active,  http://www.whocc.no/atc,                     H01AC01, sermorelin,  stopped, none",
			"active,  http://www.whocc.no/atc,                     H01AC01, none,        none,    none"})
	void aPeptideBesideGrowthHormone_drawsAWarning(String ghStatus, String system, String code, String peptide,
			String status, String expected) {
		Scenario scenario = Scenario.of(patient(45, "male"), somatropin("gh1", ghStatus, system, code))
				.hook(status.equals("draft") ? Hook.ORDER_SIGN : Hook.PATIENT_VIEW);
		ContraindicationRulesTest.addPeptide(scenario, status, peptide);

		assertThat(Outcome.of(scenario, "peptide-beside-growth-hormone")).isEqualTo(expected);
		if (expected.equals("warning")) {
			Finding finding = scenario.findings("peptide-beside-growth-hormone").get(0);
			assertThat(finding.detail()).contains("MedicationRequest/gh1");
			assertThat(finding.evidence()).contains("MedicationRequest/gh1");
			if (status.equals("active")) {
				// a peptide in effect can be paused from the card, so nothing reassuring is said beside it (P59-m4)
				assertThat(finding.suggestions()).anySatisfy(suggestion -> assertThat(suggestion.actions())
						.anySatisfy(action -> assertThat(action.change().status()).isEqualTo("on-hold")));
			}
		}
	}

	/** Somatropin being signed beside a peptide in effect: the same warning, naming the draft. */
	@org.junit.jupiter.api.Test
	void growthHormoneOrderedBesideAPeptideInEffect_drawsTheWarning() {
		Scenario scenario = Scenario.of(patient(45, "male"), peptide("m1", "sermorelin", "active", TODAY.minusDays(60)))
				.drafts(somatropin("d1", "draft", "http://www.whocc.no/atc", "H01AC01")).hook(Hook.ORDER_SIGN);

		assertThat(Outcome.of(scenario, "peptide-beside-growth-hormone")).isEqualTo("warning");
		assertThat(scenario.findings("peptide-beside-growth-hormone").get(0).detail()).contains("MedicationRequest/d1");
	}

	/** Beside a peptide being ordered, the card offers to cancel it. */
	@org.junit.jupiter.api.Test
	void aDraftPeptide_canBeCancelledFromTheCard() {
		Finding finding = Scenario.of(patient(45, "male"), somatropin("gh1", "active", "http://www.whocc.no/atc", "H01AC01"))
				.drafts(peptide("d1", "ibutamoren", "draft", TODAY)).hook(Hook.ORDER_SIGN)
				.findings("peptide-beside-growth-hormone").get(0);

		assertThat(finding.suggestions().get(0).actions()).containsExactly(Action.delete("MedicationRequest/d1"));
	}
}
