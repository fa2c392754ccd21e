package org.somaxis.guidance.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.somaxis.guidance.Fixtures.TODAY;
import static org.somaxis.guidance.Fixtures.codeSystem;
import static org.somaxis.guidance.Fixtures.condition;
import static org.somaxis.guidance.Fixtures.patient;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.somaxis.guidance.Scenario;

/**
 * ibutamoren-heart-failure and tesamorelin-breastfeeding, with codes as EHRs send them (SNOMED CT, ICD-10-CM, ICD-10).
 * Before, an 86-year-old in acute heart failure ordered MK-677 got only the regulatory card, and a breastfeeding mother
 * ordered tesamorelin got nothing.
 */
class HeartFailureAndBreastfeedingRulesTest {

	@ParameterizedTest(name = "{0} {1} {2}, {3} {4} -> {5}")
	@CsvSource({
			"SNOMED,  10633002, active,   ibutamoren,  draft,   warning",
			"ICD10CM, I50.1,    active,   ibutamoren,  active,  warning",
			// right heart failure, which VSAC Heart Failure leaves out (it holds I50.814 only)
			"ICD10CM, I50.810,  active,   ibutamoren,  draft,   warning",
			"ICD10CM, I50.813,  active,   ibutamoren,  active,  warning",
			"ICD10,   I50,      active,   ibutamoren,  on-hold, warning",
			"ICD10CM, I50.1,    resolved, ibutamoren,  draft,   none",
			"ICD10CM, I50.1,    active,   tesamorelin, draft,   none",
			"ICD10CM, I50.1,    active,   ibutamoren,  stopped, none",
			"ICD10CM, I10,      active,   ibutamoren,  draft,   none"})
	void mk677WithActiveHeartFailure_drawsAWarning(String system, String code, String status, String peptide,
			String orderStatus, String expected) {
		Scenario scenario = Scenario.of(patient(86, "female"), condition("c1", codeSystem(system), code, status));
		ContraindicationRulesTest.addPeptide(scenario, orderStatus, peptide);

		assertThat(Outcome.of(scenario, "ibutamoren-heart-failure")).isEqualTo(expected);
	}

	@ParameterizedTest(name = "{0} {1} {2}, {3} -> {4}")
	@CsvSource({
			"SNOMED,  866041003, active,   tesamorelin, warning",
			"ICD10CM, Z39.1,     active,   tesamorelin, warning",
			"ICD10CM, O92.79,    active,   tesamorelin, warning",
			"ICD10CM, Z39.2,     active,   tesamorelin, none",
			"ICD10CM, Z39.1,     resolved, tesamorelin, none",
			"ICD10CM, Z39.1,     active,   sermorelin,  none",
			// WHO ICD-10 and ICD-10-GM (read as ICD-10), as European systems code it; before, neither was read nor named
			"ICD10,   Z39.1,     active,   tesamorelin, warning",
			"ICD10GM, Z39.1,     active,   tesamorelin, warning",
			"ICD10,   Z39.2,     active,   tesamorelin, none"})
	void tesamorelinWhileBreastfeeding_drawsAWarning(String system, String code, String status, String peptide,
			String expected) {
		Scenario scenario = Scenario.of(patient(32, "female"), condition("c1", codeSystem(system), code, status))
				.drafts(org.somaxis.guidance.Fixtures.peptide("d1", peptide, "draft", TODAY));

		assertThat(Outcome.of(scenario, "tesamorelin-breastfeeding")).isEqualTo(expected);
		if (expected.equals("warning")) {
			assertThat(scenario.findings("tesamorelin-breastfeeding").get(0).evidence()).contains("Condition/c1");
		}
	}

	/**
	 * Breastfeeding beside the peptides no label covers: a warning of its own, where before they drew nothing (probe 56,
	 * P56-m6). Tesamorelin keeps its label's card.
	 */
	@ParameterizedTest(name = "{0} {1} {2}, {3} {4} -> {5}")
	@CsvSource({
			"SNOMED,  866041003, active,   sermorelin,   draft,   warning",
			"ICD10CM, Z39.1,     active,   ibutamoren,   draft,   warning",
			"ICD10,   Z39.1,     active,   ipamorelin,   active,  warning",
			"ICD10CM, Z39.1,     active,   cjc-1295-dac, on-hold, warning",
			"ICD10CM, Z39.1,     resolved, sermorelin,   draft,   none",
			"ICD10CM, Z39.2,     active,   sermorelin,   draft,   none",
			"ICD10CM, Z39.1,     active,   sermorelin,   stopped, none",
			"ICD10CM, Z39.1,     active,   tesamorelin,  draft,   none"})
	void anotherPeptideWhileBreastfeeding_drawsAWarning(String system, String code, String status, String peptide,
			String orderStatus, String expected) {
		Scenario scenario = Scenario.of(patient(32, "female"), condition("c1", codeSystem(system), code, status));
		ContraindicationRulesTest.addPeptide(scenario, orderStatus, peptide);

		assertThat(Outcome.of(scenario, "secretagogue-breastfeeding")).isEqualTo(expected);
		if (expected.equals("warning") && orderStatus.equals("active")) {
			// a peptide in effect can be paused from the card, and nothing reassuring is said beside it (P60-m3)
			assertThat(scenario.findings("secretagogue-breastfeeding").get(0).suggestions()).anySatisfy(suggestion ->
					assertThat(suggestion.actions()).anySatisfy(action ->
							assertThat(action.change().status()).isEqualTo("on-hold")));
		}
	}

	/** Breastfeeding recorded without a clinicalStatus beside a peptide is a possibly missed warning (P60-m5). */
	@org.junit.jupiter.api.Test
	void breastfeedingWithoutAClinicalStatus_besideAPeptide_mayBeMissing() {
		Scenario scenario = Scenario.of(patient(32, "female"), condition("c1", codeSystem("ICD10CM"), "Z39.1", null))
				.drafts(org.somaxis.guidance.Fixtures.peptide("d1", "ipamorelin", "draft", TODAY));

		assertThat(scenario.record().contraindicationsMayBeMissing()).anySatisfy(missing ->
				assertThat(missing).startsWith("Condition/c1 (lactation"));
	}

	/** Tesamorelin in effect while breastfeeding can be paused from its card too (probe 61, P61-m1). */
	@org.junit.jupiter.api.Test
	void tesamorelinInEffectWhileBreastfeeding_canBePaused() {
		Scenario scenario = Scenario.of(patient(32, "female"), condition("c1", codeSystem("SNOMED"), "866041003", "active"),
				org.somaxis.guidance.Fixtures.peptide("m1", "tesamorelin", "active", TODAY.minusDays(60)));

		assertThat(scenario.findings("tesamorelin-breastfeeding").get(0).suggestions()).anySatisfy(suggestion ->
				assertThat(suggestion.actions()).anySatisfy(action -> assertThat(action.change().status()).isEqualTo("on-hold")));
	}
}
