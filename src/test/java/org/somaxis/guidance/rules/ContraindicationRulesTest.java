package org.somaxis.guidance.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.somaxis.guidance.Fixtures.TODAY;
import static org.somaxis.guidance.Fixtures.condition;
import static org.somaxis.guidance.Fixtures.localCondition;
import static org.somaxis.guidance.Fixtures.peptide;
import static org.somaxis.guidance.Fixtures.pregnancyStatus;
import static org.somaxis.guidance.Fixtures.snomedCondition;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.somaxis.guidance.Action;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.Hook;
import org.somaxis.guidance.Scenario;
import org.somaxis.guidance.record.Codes;

class ContraindicationRulesTest {

	@ParameterizedTest(name = "peptide {0}, malignancy {1}, hook {2} -> {3}")
	@CsvSource({
			"draft,  active,     ORDER_SIGN,   critical",
			"active, active,     PATIENT_VIEW, critical",
			"active, recurrence, PATIENT_VIEW, critical",
			"on-hold, active,    PATIENT_VIEW, critical",
			"stopped, active,    PATIENT_VIEW, none",
			"completed, active,  PATIENT_VIEW, none",
			"active, remission,  PATIENT_VIEW, none",
			"none,   active,     PATIENT_VIEW, none",
			"draft,  none,       ORDER_SIGN,   none",
			"active, active,     OBSERVATION_EVALUATE, none"})
	void peptideActiveMalignancy(String peptide, String malignancy, Hook hook, String expected) {
		Scenario scenario = Scenario.of();
		addPeptide(scenario, peptide, "sermorelin");
		if (!malignancy.equals("none")) {
			scenario.with(condition("c1", Codes.SNOMED, "363346000", malignancy));
		}
		scenario.hook(hook);

		assertThat(Outcome.of(scenario, "peptide-active-malignancy")).isEqualTo(expected);
	}

	@Test
	void malignancyWithDraftOrder_suggestsDeletingTheDraftAndOffersOverrides() {
		Finding finding = Scenario.of(snomedCondition("c1", "363346000"))
				.drafts(peptide("d1", "ipamorelin", "draft", TODAY))
				.findings("peptide-active-malignancy").get(0);

		assertThat(finding.suggestions()).singleElement().satisfies(suggestion ->
				assertThat(suggestion.actions()).containsExactly(Action.delete("MedicationRequest/d1")));
		assertThat(finding.evidence()).containsExactly("Condition/c1", "MedicationRequest/d1");
		assertThat(finding.implicated()).containsExactly("MedicationRequest/d1");
		assertThat(finding.overrideReasons()).isNotEmpty();
		assertThat(finding.citations()).extracting(c -> c.id()).containsExactly("egrifta-label", "levine-2014");
	}

	@Test
	void malignancyWithActiveOrder_suggestsStoppingIt() {
		Finding finding = Scenario.of(snomedCondition("c1", "363346000"),
				peptide("m1", "ipamorelin", "active", TODAY.minusDays(30))).findings("peptide-active-malignancy").get(0);

		assertThat(finding.suggestions()).singleElement().satisfies(suggestion -> {
			assertThat(suggestion.actions()).singleElement().satisfies(action -> {
				assertThat(action.type()).isEqualTo(Action.Type.UPDATE);
				assertThat(action.resourceId()).isEqualTo("MedicationRequest/m1");
			});
		});
	}

	@Test
	void malignancyWithAnOrderOnHold_namesItAsOnHoldAndSuggestsStoppingIt() {
		Finding finding = Scenario.of(snomedCondition("c1", "363346000"),
				peptide("m1", "ipamorelin", "on-hold", TODAY.minusDays(30))).findings("peptide-active-malignancy").get(0);

		assertThat(finding.detail()).contains("(on hold)");
		assertThat(finding.suggestions()).singleElement().satisfies(suggestion ->
				assertThat(suggestion.actions()).singleElement().satisfies(action -> {
					assertThat(action.type()).isEqualTo(Action.Type.UPDATE);
					assertThat(action.resourceId()).isEqualTo("MedicationRequest/m1");
					assertThat(action.change().status()).isEqualTo("stopped");
				}));
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({
			"condition-pregnant,   critical",
			"observation-pregnant, critical",
			"observation-not,      none",
			"none,                 none"})
	void peptidePregnancy(String evidence, String expected) {
		Scenario scenario = Scenario.of().drafts(peptide("d1", "tesamorelin", "draft", TODAY));
		switch (evidence) {
			case "condition-pregnant" -> scenario.with(snomedCondition("c1", Codes.PREGNANT));
			case "observation-pregnant" -> scenario.with(pregnancyStatus("o1", Codes.PREGNANT, TODAY.minusDays(1)));
			case "observation-not" -> scenario.with(pregnancyStatus("o1", "60001007", TODAY.minusDays(1)));
			default -> { }
		}

		assertThat(Outcome.of(scenario, "peptide-pregnancy")).isEqualTo(expected);
	}

	@ParameterizedTest(name = "{0} with {1} on {2} -> {3}")
	@CsvSource({
			"tesamorelin, hypophysectomy,                  ORDER_SIGN,   critical",
			"tesamorelin, hypopituitarism,                 ORDER_SELECT, critical",
			"tesamorelin, pituitary-tumour,                ORDER_SIGN,   critical",
			"tesamorelin, head-irradiation,                ORDER_SIGN,   critical",
			"tesamorelin, hypothalamic-pituitary-disorder, ORDER_SIGN,   critical",
			"sermorelin,  hypophysectomy,                  ORDER_SIGN,   none",
			"tesamorelin, none,                            ORDER_SIGN,   none"})
	void tesamorelinHpAxisDisorder(String code, String disorder, Hook hook, String expected) {
		Scenario scenario = Scenario.of().drafts(peptide("d1", code, "draft", TODAY)).hook(hook);
		if (!disorder.equals("none")) {
			scenario.with(localCondition("c1", disorder));
		}

		assertThat(Outcome.of(scenario, "tesamorelin-hp-axis-disorder")).isEqualTo(expected);
	}

	/** On patient-view, tesamorelin in effect (active or on hold) with a disrupted axis is named, and stopping it offered. */
	@ParameterizedTest(name = "{0} {1} -> {2}")
	@CsvSource({"tesamorelin, active, critical", "tesamorelin, on-hold, critical", "tesamorelin, stopped, none",
			"sermorelin, active, none"})
	void tesamorelinHpAxisDisorder_onPatientView(String code, String status, String expected) {
		Scenario scenario = Scenario.of(localCondition("c1", "hypophysectomy")).hook(Hook.PATIENT_VIEW);
		addPeptide(scenario, status, code);

		assertThat(Outcome.of(scenario, "tesamorelin-hp-axis-disorder")).isEqualTo(expected);
		if (expected.equals("critical")) {
			assertThat(scenario.findings("tesamorelin-hp-axis-disorder").get(0).suggestions()).singleElement()
					.satisfies(suggestion -> assertThat(suggestion.actions()).singleElement()
							.satisfies(action -> assertThat(action.change().status()).isEqualTo("stopped")));
		}
	}

	static void addPeptide(Scenario scenario, String status, String code) {
		switch (status) {
			case "draft" -> scenario.drafts(peptide("d1", code, "draft", TODAY));
			case "active", "on-hold", "stopped", "completed" -> scenario.with(peptide("m1", code, status, TODAY.minusDays(60)));
			default -> { }
		}
	}
}
