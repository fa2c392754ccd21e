package org.somaxis.guidance.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.somaxis.guidance.Fixtures.TODAY;
import static org.somaxis.guidance.Fixtures.patient;

import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.somaxis.guidance.Action;
import org.somaxis.guidance.Scenario;

/**
 * peptide-in-minor: a GH-axis peptide for a patient under 18. Before, tesamorelin for a 10-year-old drew no card at all
 * (approved in the US, so no regulatory card), and MK-677 for a child only the routine regulatory one.
 */
class PeptideInMinorRuleTest {
	private static final String RULE = "peptide-in-minor";

	@ParameterizedTest(name = "aged {0}, {1} {2} -> {3}")
	@CsvSource({
			"10, tesamorelin, draft,   warning",
			"1,  sermorelin,  draft,   warning",
			"17, ibutamoren,  active,  warning",
			"15, ipamorelin,  on-hold, warning",
			"15, ipamorelin,  stopped, none",
			"10, none,        none,    none",
			"18, tesamorelin, draft,   none",
			"45, tesamorelin, draft,   none"})
	void aPeptideForAPatientUnder18_drawsAWarning(int age, String code, String status, String expected) {
		Scenario scenario = Scenario.of(patient(age, "male"));
		ContraindicationRulesTest.addPeptide(scenario, status, code);

		assertThat(Outcome.of(scenario, RULE)).isEqualTo(expected);
	}

	@Test
	void theCard_namesTheAge_andOffersToCancelTheDraft() {
		Scenario scenario = Scenario.of(patient(10, "female")).drafts(org.somaxis.guidance.Fixtures.peptide("d1",
				"tesamorelin", "draft", TODAY));

		assertThat(scenario.findings(RULE)).singleElement().satisfies(finding -> {
			assertThat(finding.detail()).contains("aged 10");
			assertThat(finding.suggestions().get(0).actions()).extracting(Action::resourceId)
					.containsExactly("MedicationRequest/d1");
		});
	}

	/** An infant's age is "under 1", not "aged 0" (the population probe's wording finding). */
	@Test
	void theCardForAnInfant_saysUnder1() {
		Scenario scenario = Scenario.of(patient(0, "female")).drafts(org.somaxis.guidance.Fixtures.peptide("d1",
				"sermorelin", "draft", TODAY));

		assertThat(scenario.findings(RULE)).singleElement()
				.satisfies(finding -> assertThat(finding.detail()).contains("aged under 1").doesNotContain("aged 0"));
	}

	/**
	 * A child's IGF-1 above every adult band (the fallback table begins at 18): without therapy it is named, not called
	 * above the child's own range with an acromegaly work-up (a 15-year-old's 600 ng/mL was); on therapy the on-therapy
	 * card still reads it as above range, beside this rule's warning. An adult's is unchanged.
	 */
	@ParameterizedTest(name = "aged {0}, IGF-1 {1}, peptide {2} -> untreated {3}, on therapy {4}")
	@CsvSource({
			"15, 600, none,   none,    none",
			"15, 2000, none,  warning, none",
			"15, 600, draft,  none,    none",
			"15, 950, active, none,    warning",
			"45, 600, none,   warning, none"})
	void aChildsIgf1AboveEveryAdultBand_isNotCalledAboveTheChildsRange_untreated(int age, double igf1, String peptide,
			String untreated, String onTherapy) {
		Scenario scenario = Scenario.of(patient(age, "female"), org.somaxis.guidance.Fixtures.igf1("o1", igf1, TODAY.minusDays(3)));
		ContraindicationRulesTest.addPeptide(scenario, peptide, "sermorelin");

		assertThat(Outcome.of(scenario, "igf1-above-range-untreated")).isEqualTo(untreated);
		assertThat(Outcome.of(scenario, "igf1-above-range-on-therapy")).isEqualTo(onTherapy);
		if (untreated.equals("warning")) {
			// a child's card says what it is above; an adult's names the age/sex range (probe 45, m4)
			assertThat(scenario.findings("igf1-above-range-untreated").get(0).summary()).contains(age < 18
					? "is above +3 SDS of every adult band (no interval applies to the patient's age)"
					: "is above the age/sex range");
		}
		if (age < 18) {
			assertThat(scenario.record().igf1().get(0).adultBandsOnly()).isTrue();
			assertThat(scenario.record().dataQuality()).anySatisfy(message -> assertThat(message)
					.contains("above the upper limit of every interval"));
		}
	}

	/** A birth year that allows 17 or 18 is not judged; the message names the rule, as for any rule with an age range. */
	@Test
	void aBirthYearThatAllowsAnAdultAge_isNamedNotJudged() {
		Patient patient = patient(18, "male");
		patient.setBirthDateElement(new DateType(String.valueOf(TODAY.getYear() - 18)));
		Scenario scenario = Scenario.of(patient).drafts(org.somaxis.guidance.Fixtures.peptide("d1", "sermorelin", "draft",
				TODAY));

		assertThat(Outcome.of(scenario, RULE)).isEqualTo("none");
		assertThat(scenario.evaluate().messages()).anySatisfy(message -> assertThat(message).contains(RULE));
	}
}
