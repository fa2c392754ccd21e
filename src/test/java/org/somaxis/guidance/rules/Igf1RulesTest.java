package org.somaxis.guidance.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.somaxis.guidance.Fixtures.TODAY;
import static org.somaxis.guidance.Fixtures.igf1;
import static org.somaxis.guidance.Fixtures.lab;
import static org.somaxis.guidance.Fixtures.patient;
import static org.somaxis.guidance.Fixtures.peptide;
import static org.somaxis.guidance.Fixtures.withRange;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.somaxis.guidance.Action;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.Fixtures;
import org.somaxis.guidance.Hook;
import org.somaxis.guidance.Scenario;
import org.somaxis.guidance.record.Codes;

/** Age 45: fallback band 52..328 ng/mL; +3 SDS is 519.8 ng/mL. */
class Igf1RulesTest {

	@ParameterizedTest(name = "IGF-1 {0} ng/mL, peptide {1} -> {2}")
	@CsvSource({
			"328,   active, none",
			"328.5, active, warning",
			"400,   draft,  none",
			"400,   on-hold, warning",
			"600,   active, warning",
			"400,   none,   none",
			"150,   active, none"})
	void igf1AboveRangeOnTherapy(double value, String peptide, String expected) {
		Scenario scenario = Scenario.of(patient(45, "male"), igf1("o1", value, TODAY.minusDays(2)));
		ContraindicationRulesTest.addPeptide(scenario, peptide, "sermorelin");

		assertThat(Outcome.of(scenario, "igf1-above-range-on-therapy")).isEqualTo(expected);
	}

	/**
	 * Beside a cancer, whose card stops the peptide, the above-range card no longer offers to pause it or to reduce its
	 * dose; the repeat stays (probe 60, P60-m2: pause, stop and a new dose were all offered for one order).
	 */
	@Test
	void igf1AboveRangeOnTherapyBesideACancer_offersNoPauseOrNewDoseForTheOrderBeingStopped() {
		Scenario alone = Scenario.of(patient(45, "male"), peptide("m1", "sermorelin", "active", TODAY.minusDays(200)),
				igf1("o1", 400, TODAY.minusDays(2)));
		Scenario besideCancer = Scenario.of(patient(45, "male"),
				peptide("m1", "sermorelin", "active", TODAY.minusDays(200)), igf1("o1", 400, TODAY.minusDays(2)),
				Fixtures.snomedCondition("c1", "254837009"));

		assertThat(besideCancer.findings("peptide-active-malignancy")).hasSize(1);
		assertThat(alone.findings("igf1-above-range-on-therapy").get(0).suggestions())
				.extracting(org.somaxis.guidance.Suggestion::label)
				.containsExactly("Pause the peptide", "Reduce the dose", "Repeat IGF-1 in 4-6 weeks");
		assertThat(besideCancer.findings("igf1-above-range-on-therapy").get(0).suggestions())
				.extracting(org.somaxis.guidance.Suggestion::label).containsExactly("Repeat IGF-1 in 4-6 weeks");
	}

	/**
	 * An IGF-1 above range with no peptide taken: on patient-view the untreated card; on the order faces only when a
	 * peptide is being ordered (a new start), and then it names the draft and offers to cancel it. Before, a new start
	 * got "above the range on peptide therapy", untrue, with no way to cancel the order.
	 */
	@ParameterizedTest(name = "IGF-1 {0}, peptide {1}, {2} -> {3}")
	@CsvSource({
			"400, none,    PATIENT_VIEW, warning",
			"400, draft,   ORDER_SIGN,   warning",
			"400, none,    ORDER_SIGN,   none",
			"400, active,  PATIENT_VIEW, none",
			"400, on-hold, PATIENT_VIEW, none",
			"300, draft,   ORDER_SIGN,   none"})
	void igf1AboveRangeUntreated(double value, String peptide, Hook hook, String expected) {
		Scenario scenario = Scenario.of(patient(45, "male"), igf1("o1", value, TODAY.minusDays(2)));
		ContraindicationRulesTest.addPeptide(scenario, peptide, "sermorelin");
		scenario.hook(hook);

		assertThat(Outcome.of(scenario, "igf1-above-range-untreated")).isEqualTo(expected);
		assertThat(Outcome.of(scenario, "igf1-above-range-on-therapy")).isEqualTo(
				expected.equals("none") && value > 328 && !peptide.equals("none") && !peptide.equals("draft") ? "warning" : "none");
	}

	@Test
	void aNewStartWithIgf1AboveRange_offersToCancelTheDraft() {
		Finding finding = Scenario.of(patient(45, "male"), igf1("o1", 400, TODAY.minusDays(2)))
				.drafts(peptide("d1", "tesamorelin", "draft", TODAY)).hook(Hook.ORDER_SIGN)
				.findings("igf1-above-range-untreated").get(0);

		assertThat(finding.detail()).contains("ordered: Tesamorelin (draft)");
		assertThat(finding.suggestions().get(0).actions()).containsExactly(Action.delete("MedicationRequest/d1"));
	}

	/**
	 * An IGF-1 above range in a patient on growth hormone (somatropin or a long-acting one), coded as US, European and
	 * Swiss systems code it: the card says the patient is on growth hormone, names the record and asks for its dose to be
	 * reviewed, not for an acromegaly work-up. Before, a patient on somatropin was called untreated. A stopped order is
	 * no therapy: the card reads as for an untreated patient.
	 */
	@ParameterizedTest(name = "{0}|{1} {2} -> on growth hormone {3}")
	@CsvSource({
			"http://www.nlm.nih.gov/research/umls/rxnorm, 582969,       active,  true",
			"http://www.whocc.no/atc,                     H01AC01,      active,  true",
			"http://www.whocc.no/atc,                     H01AC07,      on-hold, true",
			"http://snomed.info/sct,                      395883003,    active,  true",
			"http://hl7.org/fhir/sid/ndc,                 0169-7703-21, active,  true",
			"http://www.nlm.nih.gov/research/umls/rxnorm, 582969,       stopped, false"})
	void igf1AboveRangeOnGrowthHormone_saysSoAndAsksForTheDoseToBeReviewed(String system, String code, String status,
			boolean onGrowthHormone) {
		org.hl7.fhir.r4.model.MedicationRequest somatropin = growthHormone(system, code, status, TODAY.minusDays(120));

		List<Finding> findings = Scenario.of(patient(45, "male"), somatropin, igf1("o1", 400, TODAY.minusDays(2)))
				.findings("igf1-above-range-untreated");

		assertThat(findings).singleElement().satisfies(finding -> {
			assertThat(finding.summary().contains("on growth hormone therapy")).isEqualTo(onGrowthHormone);
			assertThat(finding.detail().contains("acromegaly")).isEqualTo(!onGrowthHormone);
			assertThat(finding.evidence().contains("MedicationRequest/gh1")).isEqualTo(onGrowthHormone);
			assertThat(finding.suggestions()).extracting(org.somaxis.guidance.Suggestion::label).last().isEqualTo(
					onGrowthHormone ? "Review the growth hormone dose with its prescriber" : "Consider endocrinology evaluation");
		});
	}

	/**
	 * Acromegaly on record with an IGF-1 above range: the card names it and asks for its treatment to be reviewed, not
	 * for a work-up of a diagnosis already made (probe 56, P56-M1).
	 */
	@ParameterizedTest(name = "{0}|{1}")
	@CsvSource({"http://snomed.info/sct, 74107003", "http://hl7.org/fhir/sid/icd-10-cm, E22.0"})
	void igf1AboveRangeInKnownAcromegaly_asksForItsTreatmentToBeReviewed(String system, String code) {
		Finding finding = Scenario.of(patient(45, "male"), Fixtures.condition("c1", system, code, "active"),
				igf1("o1", 620, TODAY.minusDays(2))).findings("igf1-above-range-untreated").get(0);

		assertThat(finding.summary()).contains("in known acromegaly");
		assertThat(finding.detail()).contains(code).contains("not controlled").doesNotContain("acromegaly and other causes");
		assertThat(finding.evidence()).contains("Condition/c1");
		assertThat(finding.suggestions()).extracting(org.somaxis.guidance.Suggestion::label).last()
				.isEqualTo("Review acromegaly treatment with endocrinology");
	}

	/** On growth hormone in acromegaly, the card is about the acromegaly, not the GH dose (probe 59, P59-C2). */
	@Test
	void igf1AboveRangeOnGrowthHormoneInAcromegaly_isAboutTheAcromegaly() {
		org.hl7.fhir.r4.model.MedicationRequest somatropin = growthHormone(ATC, "H01AC01", "active", TODAY.minusDays(120));

		Finding finding = Scenario.of(patient(45, "male"), somatropin, Fixtures.snomedCondition("c1", "74107003"),
				igf1("o1", 620, TODAY.minusDays(2))).findings("igf1-above-range-untreated").get(0);

		assertThat(finding.summary()).endsWith("in known acromegaly, on growth hormone");
		assertThat(finding.detail()).contains("growth hormone is in effect (MedicationRequest/gh1)", "no place in acromegaly");
		assertThat(finding.evidence()).contains("Condition/c1", "MedicationRequest/gh1");
		assertThat(finding.suggestions()).extracting(org.somaxis.guidance.Suggestion::label).last()
				.isEqualTo("Review growth hormone and acromegaly treatment with endocrinology");
	}

	/**
	 * A long-acting peptide stopped shortly before the IGF-1 was drawn (or after it): its effect may linger, so the card
	 * asks for a repeat once it has worn off, not an acromegaly work-up (probe 56, P56-M2), and the repeat it orders is
	 * due then: ended-peptide-washout-days (28) after the end, or now when that day has passed (it was an order for now
	 * beside "after the therapy has worn off": probe 59, P59-m7). One that ended more than 28 days before the draw, or
	 * gives no end, is no explanation, and the repeat is for now.
	 */
	@ParameterizedTest(name = "ended {0} days before the draw, end given {1} -> after a peptide {2}, repeat due in {3} days")
	@CsvSource({"3, true, true, 19", "28, true, true, ", "-5, true, true, 27", "29, true, false, ", "60, true, false, ",
			"3, false, false, "})
	void igf1AboveRangeShortlyAfterAPeptideEnded_asksForARepeatAfterTheWashout(int daysBefore, boolean endGiven,
			boolean afterPeptide, Integer repeatDueInDays) {
		java.time.LocalDate drawn = TODAY.minusDays(6);
		org.hl7.fhir.r4.model.MedicationRequest stopped = peptide("m1", "cjc-1295-dac", "stopped", drawn.minusDays(120));
		if (endGiven) {
			stopped.getDosageInstructionFirstRep().getTiming().getRepeat().getBoundsPeriod()
					.setStartElement(new org.hl7.fhir.r4.model.DateTimeType(drawn.minusDays(120).toString()))
					.setEndElement(new org.hl7.fhir.r4.model.DateTimeType(drawn.minusDays(daysBefore).toString()));
		}
		Finding finding = Scenario.of(patient(45, "male"), stopped, withRange(igf1("o1", 420, drawn), 52, 328))
				.findings("igf1-above-range-untreated").get(0);

		assertThat(finding.summary().contains("shortly after GH-axis therapy ended")).isEqualTo(afterPeptide);
		assertThat(finding.detail().contains("CJC-1295")).isEqualTo(afterPeptide);
		assertThat(finding.detail().contains("acromegaly and other causes")).isEqualTo(!afterPeptide);
		assertThat(finding.suggestions()).extracting(org.somaxis.guidance.Suggestion::label).last().isEqualTo(afterPeptide
				? "If IGF-1 is still above range once the therapy has worn off, consider endocrinology evaluation"
				: "Consider endocrinology evaluation");
		assertThat(finding.suggestions()).filteredOn(suggestion -> suggestion.label().equals("Repeat IGF-1")).singleElement()
				.satisfies(repeat -> assertThat(repeat.actions()).singleElement().satisfies(order -> {
					assertThat(order.loincCode()).isEqualTo("2484-4");
					assertThat(order.dueFrom()).isEqualTo(repeatDueInDays == null ? null : TODAY.plusDays(repeatDueInDays));
					assertThat(order.dueTo()).isNull();
				}));
	}

	/**
	 * An ended order bounded by a duration rather than a period: "for 12 weeks" from the day it was written, or a supply
	 * expected to last that long, from the validity's start or that day, ends then (probe 59, P59-m1: they gave no end,
	 * so a high IGF-1 days later was sent for an acromegaly work-up). A unit that is no whole day, week, month or year
	 * dates nothing.
	 */
	@ParameterizedTest(name = "{0} {1} {2} from {3} days before the draw -> after a peptide {4}")
	@CsvSource({"bounds, 12, wk, 90, true", "bounds, 12, wk, 120, false", "bounds, 3, mo, 95, true",
			"supply, 84, d, 90, true", "supply, 84, d, 140, false", "supply-from-validity, 28, d, 30, true",
			"bounds, 2000, h, 90, false"})
	void endedOrderBoundedByADuration_endsWhenTheDurationDoes(String bound, int amount, String unit, int startedDaysBefore,
			boolean afterPeptide) {
		java.time.LocalDate drawn = TODAY.minusDays(6);
		org.hl7.fhir.r4.model.MedicationRequest stopped = peptide("m1", "cjc-1295-dac", "completed",
				drawn.minusDays(startedDaysBefore));
		org.hl7.fhir.r4.model.Duration duration = new org.hl7.fhir.r4.model.Duration();
		duration.setValue(amount).setSystem("http://unitsofmeasure.org").setCode(unit);
		org.hl7.fhir.r4.model.Timing.TimingRepeatComponent repeat = stopped.getDosageInstructionFirstRep().getTiming()
				.getRepeat().setBounds(null);
		switch (bound) {
			case "bounds" -> repeat.setBounds(duration);
			case "supply" -> stopped.getDispenseRequest().setExpectedSupplyDuration(duration);
			default -> {
				stopped.setAuthoredOnElement(null);
				stopped.getDispenseRequest().setExpectedSupplyDuration(duration).getValidityPeriod()
						.setStartElement(new org.hl7.fhir.r4.model.DateTimeType(drawn.minusDays(startedDaysBefore).toString()));
			}
		}

		Finding finding = Scenario.of(patient(45, "male"), stopped, withRange(igf1("o1", 420, drawn), 52, 328))
				.findings("igf1-above-range-untreated").get(0);

		assertThat(finding.summary().contains("shortly after GH-axis therapy ended")).isEqualTo(afterPeptide);
	}

	/**
	 * A stopped order ended before its plan did: its planned duration dates nothing, and the day a stop taken from a card
	 * wrote (the supply's validity end) is its end, whatever the plan (probe 64, P64-M3: an IGF-1 34 days after such a
	 * stop, within 28 days of the plan's end, read "shortly after GH-axis therapy ended").
	 */
	@ParameterizedTest(name = "stopped {0} days before the draw, planned to end {1} days after it -> after a peptide {2}")
	@CsvSource({"34, 90, false", "10, 90, true", "none, -10, false"})
	// (begun 200 days before the draw: a stop with no day gives no end; begun within the washout, see below)
	void stoppedOrderBoundedByADuration_endsWhenItsStopSays_notWhenItsPlanDoes(String stoppedDaysBefore, int plannedAfter,
			boolean afterPeptide) {
		java.time.LocalDate drawn = TODAY.minusDays(6);
		java.time.LocalDate start = drawn.minusDays(200);
		org.hl7.fhir.r4.model.MedicationRequest stopped = peptide("m1", "cjc-1295-dac", "stopped", start);
		org.hl7.fhir.r4.model.Duration planned = new org.hl7.fhir.r4.model.Duration();
		planned.setValue(200 + plannedAfter).setSystem("http://unitsofmeasure.org").setCode("d");
		stopped.getDosageInstructionFirstRep().getTiming().getRepeat().setBounds(planned);
		if (!stoppedDaysBefore.equals("none")) {
			stopped.getDispenseRequest().getValidityPeriod().setEndElement(
					new org.hl7.fhir.r4.model.DateTimeType(drawn.minusDays(Integer.parseInt(stoppedDaysBefore)).toString()));
		}

		Finding finding = Scenario.of(patient(45, "male"), stopped, withRange(igf1("o1", 420, drawn), 52, 328))
				.findings("igf1-above-range-untreated").get(0);

		assertThat(finding.summary().contains("shortly after GH-axis therapy ended")).isEqualTo(afterPeptide);
	}

	/**
	 * A stopped order that gives no end ended no sooner than it began: begun 15 days before a high IGF-1, it is read as
	 * after therapy; begun 60 days before, it is not dated and the card asks for a work-up (probe 65, P65-M1).
	 */
	@ParameterizedTest(name = "stopped, begun {0} days before the draw, no end -> after a peptide {1}")
	@CsvSource({"15, true", "28, true", "60, false"})
	void stoppedOrderWithNoEnd_endedNoSoonerThanItBegan(int begunDaysBefore, boolean afterPeptide) {
		java.time.LocalDate drawn = TODAY.minusDays(6);
		org.hl7.fhir.r4.model.MedicationRequest stopped = peptide("m1", "cjc-1295-dac", "stopped",
				drawn.minusDays(begunDaysBefore));

		Finding finding = Scenario.of(patient(45, "male"), stopped, withRange(igf1("o1", 420, drawn), 52, 328))
				.findings("igf1-above-range-untreated").get(0);

		assertThat(finding.summary().contains("shortly after GH-axis therapy ended")).isEqualTo(afterPeptide);
	}

	/**
	 * Somatropin stopped a week before a high IGF-1: read as after therapy, not sent for a work-up (probe 59, P59-M3),
	 * and named as growth hormone beside its record (by the record alone until probe 61, P61-m5).
	 */
	@ParameterizedTest(name = "somatropin ended {0} days before the draw -> after therapy {1}")
	@CsvSource({"7, true", "28, true", "40, false"})
	void igf1AboveRangeShortlyAfterGrowthHormoneEnded_asksForARepeat(int daysBefore, boolean afterTherapy) {
		java.time.LocalDate drawn = TODAY.minusDays(3);
		org.hl7.fhir.r4.model.MedicationRequest somatropin = growthHormone(ATC, "H01AC01", "stopped", drawn.minusDays(200));
		somatropin.getDosageInstructionFirstRep().getTiming().getRepeat().getBoundsPeriod()
				.setEndElement(new org.hl7.fhir.r4.model.DateTimeType(drawn.minusDays(daysBefore).toString()));

		Finding finding = Scenario.of(patient(45, "male"), somatropin, withRange(igf1("o1", 420, drawn), 52, 328))
				.findings("igf1-above-range-untreated").get(0);

		assertThat(finding.summary().contains("shortly after GH-axis therapy ended")).isEqualTo(afterTherapy);
		assertThat(finding.detail().contains("MedicationRequest/gh1")).isEqualTo(afterTherapy);
		assertThat(finding.detail().contains("(growth hormone (ended, MedicationRequest/gh1))")).isEqualTo(afterTherapy);
	}

	/** A renewal at the same dose being signed beside a result above +3 SDS: the critical card offers to cancel it too. */
	@Test
	void persistentlyVeryHigh_offersToCancelADraftAtTheSameDose() {
		Finding finding = Scenario.of(patient(45, "male"), peptide("m1", "sermorelin", "active", TODAY.minusDays(200)),
				igf1("latest", 530, TODAY.minusDays(10)))
				.drafts(peptide("d1", "sermorelin", "draft", TODAY)).hook(Hook.ORDER_SIGN)
				.findings("igf1-persistently-very-high").get(0);

		assertThat(finding.suggestions()).anySatisfy(suggestion ->
				assertThat(suggestion.actions()).containsExactly(Action.delete("MedicationRequest/d1")));
		assertThat(finding.suggestions()).anySatisfy(suggestion -> assertThat(suggestion.actions())
				.anySatisfy(action -> assertThat(action.resourceId()).isEqualTo("MedicationRequest/m1")));
	}

	/**
	 * A preliminary result above +3 SDS on therapy still draws the critical card, which says it is preliminary, as the
	 * value reported in other units is quoted beside the converted one. It was read as final without a note (probe 46,
	 * N-m6).
	 */
	@org.junit.jupiter.params.ParameterizedTest(name = "{0} {1} -> {2}")
	@org.junit.jupiter.params.provider.CsvSource({"PRELIMINARY, ng/mL, (preliminary)",
			"PRELIMINARY, nmol/L, (70.0 nmol/L; preliminary)", "FINAL, ng/mL, ''"})
	void aPreliminaryResult_isSaidToBeSoOnItsCard(org.hl7.fhir.r4.model.Observation.ObservationStatus status, String unit,
			String note) {
		org.hl7.fhir.r4.model.Observation igf1 = lab("latest", Codes.IGF1, unit.equals("ng/mL") ? 600 : 70, unit,
				TODAY.minusDays(10));
		igf1.setStatus(status);
		Finding finding = Scenario.of(patient(45, "male"), peptide("m1", "sermorelin", "active", TODAY.minusDays(200)),
				igf1).findings("igf1-persistently-very-high").get(0);

		assertThat(finding.detail()).contains("ng/mL**" + (note.isEmpty() ? " on " : " " + note + " on "));
	}

	/**
	 * A result judged against the laboratory's own range, which has no age or sex, says so: the cards said "the age/sex
	 * range" of it (probe 59, P59-m6). Judged against the table for age and sex, they still say that.
	 */
	@ParameterizedTest(name = "lab range {0}")
	@CsvSource({"true, the laboratory's reference range", "false, the age/sex range"})
	void anIgf1OutOfRange_namesTheRangeItWasJudgedAgainst(boolean labRange, String range) {
		Observation high = labRange ? withRange(igf1("o1", 420, TODAY.minusDays(1)), 52, 328) : igf1("o1", 420, TODAY.minusDays(1));
		Observation low = labRange ? withRange(igf1("o2", 40, TODAY.minusDays(1)), 52, 328) : igf1("o2", 40, TODAY.minusDays(1));

		Finding onTherapy = Scenario.of(patient(45, "male"), peptide("m1", "ipamorelin", "active", TODAY.minusDays(90)), high)
				.findings("igf1-above-range-on-therapy").get(0);
		Finding untreated = Scenario.of(patient(45, "male"), high).findings("igf1-above-range-untreated").get(0);
		Finding lifestyle = Scenario.of(patient(45, "male"), low).findings("low-igf1-lifestyle").get(0);

		assertThat(onTherapy.summary()).isEqualTo("IGF-1 420 ng/mL is above " + range + " on peptide therapy");
		assertThat(untreated.summary()).startsWith("IGF-1 420 ng/mL is above " + range + " ");
		assertThat(lifestyle.summary()).startsWith("IGF-1 40 ng/mL is below " + range + " ");
	}

	/** A converted value is quoted to a tenth of a ng/mL, not with the conversion's false precision (P56-m4). */
	@Test
	void igf1GivenInNanomoles_isQuotedToATenth() {
		// 45 nmol/L x 7.65 = 344.25 ng/mL
		Finding finding = Scenario.of(patient(45, "male"), peptide("m1", "ipamorelin", "active", TODAY.minusDays(90)),
				lab("o1", Codes.IGF1, 45, "nmol/L", TODAY.minusDays(1))).findings("igf1-above-range-on-therapy").get(0);

		assertThat(finding.summary()).isEqualTo("IGF-1 344.3 ng/mL is above the age/sex range on peptide therapy");
		assertThat(finding.detail()).contains("**344.3 ng/mL** (45.0 nmol/L) on").doesNotContain("344.25");
	}

	/**
	 * The converted value, and beside it the one the laboratory reported, which the clinician finds on the report. The
	 * repeat in 4-6 weeks it offers is an order due then, not now (probe 59, P59-m7).
	 */
	@Test
	void igf1AboveRange_givenInNanomoles_quotesTheConvertedValueAndTheReportedOne() {
		// 50 nmol/L x 7.65 = 382.5 ng/mL, above 328
		Finding finding = Scenario.of(patient(45, "male"), peptide("m1", "ipamorelin", "active", TODAY.minusDays(90)),
				lab("o1", Codes.IGF1, 50, "nmol/L", TODAY.minusDays(1))).findings("igf1-above-range-on-therapy").get(0);

		assertThat(finding.summary()).isEqualTo("IGF-1 382.5 ng/mL is above the age/sex range on peptide therapy");
		assertThat(finding.detail()).contains("**382.5 ng/mL** (50.0 nmol/L) on", "52-328 ng/mL", "SDS **2.33**");
		assertThat(finding.suggestions()).last().satisfies(suggestion ->
				assertThat(suggestion.actions())
						.containsExactly(Action.orderLab("2484-4", "IGF-1", TODAY.plusDays(28), TODAY.plusDays(42))));
	}

	@Test
	void igf1AboveRange_onTheObservationFace_judgesTheResultUnderEvaluation() {
		Scenario scenario = Scenario.of(patient(45, "male"), peptide("m1", "ipamorelin", "active", TODAY.minusDays(90)),
				igf1("old", 400, TODAY.minusDays(30)), igf1("new", 200, TODAY.minusDays(40)));

		assertThat(Outcome.of(scenario.focus("Observation/old"), "igf1-above-range-on-therapy")).isEqualTo("warning");
		assertThat(Outcome.of(scenario.focus("Observation/new"), "igf1-above-range-on-therapy")).isEqualTo("none");
	}

	@Test
	void labRangeUpperLimit_isNotAboveRange() {
		Scenario scenario = Scenario.of(patient(45, "male"), peptide("m1", "ipamorelin", "active", TODAY.minusDays(90)),
				withRange(igf1("o1", 250, TODAY), 80, 250));

		assertThat(Outcome.of(scenario, "igf1-above-range-on-therapy")).isEqualTo("none");
	}

	@ParameterizedTest(name = "previous {0}, latest {1}, re-ordered after latest at {2} ug -> {3}")
	@CsvSource({
			"530, 530, 0,   critical",
			"530, 530, 150, critical",
			"300, 530, 0,   critical",
			"300, 530, 150, none",
			"300, 530, 300, critical",
			"300, 530, 600, critical",
			"530, 519, 0,   none",
			"0,   530, 0,   critical"})
	void igf1PersistentlyVeryHigh_onlyALowerDoseCountsAsAReduction(
			double previous, double latest, int reorderedMicrograms, String expected) {
		Scenario scenario = Scenario.of(patient(45, "male"), peptide("m1", "sermorelin", "active", TODAY.minusDays(200)),
				igf1("latest", latest, TODAY.minusDays(10)));
		if (previous > 0) {
			scenario.with(igf1("previous", previous, TODAY.minusDays(100)));
		}
		if (reorderedMicrograms > 0) {
			org.hl7.fhir.r4.model.MedicationRequest draft = peptide("d1", "sermorelin", "draft", TODAY.minusDays(5));
			draft.getDosageInstructionFirstRep().getDoseAndRateFirstRep().getDoseQuantity()
					.setValue(java.math.BigDecimal.valueOf(reorderedMicrograms));
			scenario.drafts(draft);
		}

		assertThat(Outcome.of(scenario, "igf1-persistently-very-high")).isEqualTo(expected);
	}

	/**
	 * An IGF-1 above range (or above +3 SDS twice) on sermorelin 300 ug, and a draft renewal being signed: at a lower dose
	 * the draft is what the card asks for, so "Cancel the draft" does not offer to delete it (accepting it kept the
	 * higher dose: the probe's M3); at the same or a higher dose it does.
	 */
	@ParameterizedTest(name = "{0}: draft at {1} ug -> cancel offered {2}")
	@CsvSource({"igf1-above-range-on-therapy, 150, false", "igf1-above-range-on-therapy, 300, true",
			"igf1-above-range-on-therapy, 600, true", "igf1-persistently-very-high, 150, false",
			"igf1-persistently-very-high, 300, true"})
	void aDraftThatLowersTheDose_isNotOfferedForCancelling(String rule, int draftMicrograms, boolean cancelOffered) {
		Scenario scenario = Scenario.of(patient(45, "male"), peptide("m1", "sermorelin", "active", TODAY.minusDays(200)),
				igf1("previous", 530, TODAY.minusDays(100)), igf1("latest", 530, TODAY.minusDays(10)));
		org.hl7.fhir.r4.model.MedicationRequest draft = peptide("d1", "sermorelin", "draft", TODAY);
		draft.getDosageInstructionFirstRep().getDoseAndRateFirstRep().getDoseQuantity()
				.setValue(java.math.BigDecimal.valueOf(draftMicrograms));
		scenario.drafts(draft);

		Finding finding = scenario.findings(rule).get(0);

		assertThat(finding.suggestions().stream().flatMap(suggestion -> suggestion.actions().stream())
				.anyMatch(action -> action.type() == Action.Type.DELETE && action.resourceId().equals("MedicationRequest/d1")))
				.isEqualTo(cancelOffered);
		assertThat(finding.implicated()).contains("MedicationRequest/d1");
	}

	@ParameterizedTest(name = "last IGF-1 {0} days ago -> {1}")
	@CsvSource({"90, none", "91, warning", "-1, warning"})
	void noBaselineIgf1(int daysAgo, String expected) {
		Scenario scenario = Scenario.of(patient(45, "male")).drafts(peptide("d1", "ipamorelin", "draft", TODAY));
		if (daysAgo >= 0) {
			scenario.with(igf1("o1", 150, TODAY.minusDays(daysAgo)));
		}

		assertThat(Outcome.of(scenario, "no-baseline-igf1")).isEqualTo(expected);
	}

	@Test
	void noBaselineIgf1_doesNotSuggestLabsAlreadyOrdered() {
		Finding finding = Scenario.of(patient(45, "male"))
				.drafts(peptide("d1", "ipamorelin", "draft", TODAY), Fixtures.labOrderDraft("s1", "2484-4"))
				.findings("no-baseline-igf1").get(0);

		assertThat(finding.suggestions().get(0).actions()).extracting(Action::loincCode).containsExactly("1558-6", "4548-4");
	}

	@ParameterizedTest(name = "last IGF-1 {0} days ago, on therapy {1} -> {2}")
	@CsvSource({"90, true, none", "91, true, info", "-1, true, info", "91, false, none"})
	void igf1MonitoringOverdue(int daysAgo, boolean onTherapy, String expected) {
		Scenario scenario = Scenario.of(patient(45, "male"));
		if (onTherapy) {
			scenario.with(peptide("m1", "tesamorelin", "active", TODAY.minusDays(300)));
		}
		if (daysAgo >= 0) {
			scenario.with(igf1("o1", 150, TODAY.minusDays(daysAgo)));
		}

		assertThat(Outcome.of(scenario, "igf1-monitoring-overdue")).isEqualTo(expected);
	}

	@ParameterizedTest(name = "therapy {0} days, baseline {1}, latest {2} -> {3}")
	@CsvSource({
			"84, 100, 109,  info",
			"84, 100, 110,  none",
			"83, 100, 105,  none",
			"84, 0,   51,   info",
			"84, 0,   100,  none",
			"84, 40,  51,   info"})
	void igf1NonResponse(int therapyDays, double baseline, double latest, String expected) {
		Scenario scenario = Scenario.of(patient(45, "male"),
				peptide("m1", "sermorelin", "active", TODAY.minusDays(therapyDays)),
				igf1("latest", latest, TODAY.minusDays(1)));
		if (baseline > 0) {
			scenario.with(igf1("baseline", baseline, TODAY.minusDays(therapyDays + 5)));
		}

		// 51 ng/mL is below the 52 limit; with no baseline only "still below range" can fire
		assertThat(Outcome.of(scenario, "igf1-non-response")).isEqualTo(expected);
	}

	@ParameterizedTest(name = "IGF-1 {0}, peptide {1} -> {2}")
	@CsvSource({"51, none, info", "52, none, none", "51, active, none", "51, draft, none"})
	void lowIgf1Lifestyle(double value, String peptide, String expected) {
		Scenario scenario = Scenario.of(patient(45, "male"), igf1("o1", value, TODAY));
		ContraindicationRulesTest.addPeptide(scenario, peptide, "sermorelin");
		scenario.hook(org.somaxis.guidance.Hook.PATIENT_VIEW);

		assertThat(Outcome.of(scenario, "low-igf1-lifestyle")).isEqualTo(expected);
	}

	/**
	 * A low IGF-1 in a patient with hypopituitarism on record (SNOMED CT 74728003): the card says the disorder may explain
	 * it and points to the endocrinologist who treats it; before, it gave diet and sleep advice as if nothing explained
	 * it (probe 56, P56-M8). Without it, the lifestyle advice and the evaluation stay.
	 */
	@ParameterizedTest(name = "hypopituitarism {0}")
	@org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
	void lowIgf1_withAPituitaryDisorderRecorded_namesItAsTheLikelyCause(boolean hypopituitarism) {
		Scenario scenario = Scenario.of(patient(45, "male"), igf1("o1", 30, TODAY)).hook(org.somaxis.guidance.Hook.PATIENT_VIEW);
		if (hypopituitarism) {
			scenario.with(org.somaxis.guidance.Fixtures.condition("hp1", "http://snomed.info/sct", "74728003", "active"));
		}

		Finding finding = scenario.findings("low-igf1-lifestyle").get(0);

		assertThat(finding.detail().contains("Condition/hp1")).isEqualTo(hypopituitarism);
		assertThat(finding.suggestions()).extracting(org.somaxis.guidance.Suggestion::label).first().isEqualTo(hypopituitarism
				? "Review with the endocrinologist who treats the pituitary disorder" : "Consider endocrinology evaluation");
	}

	/**
	 * A low IGF-1 in a patient on growth hormone, whose dose is set by IGF-1: the card says the patient is on it, names
	 * the record and asks for the dose to be reviewed, also beside a pituitary disorder; it said "no peptide therapy" and
	 * gave lifestyle advice alone (probe 58, P58-m1); the review comes before the lifestyle advice (probe 71, P71-m3). A
	 * stopped order is no therapy.
	 */
	@ParameterizedTest(name = "{0} {1}, hypopituitarism {2} -> on growth hormone {3}")
	@CsvSource({
			"582969,  active,  false, true",
			"582969,  active,  true,  true",
			"582969,  stopped, false, false"})
	void lowIgf1OnGrowthHormone_saysSoAndAsksForTheDoseToBeReviewed(String rxnorm, String status, boolean hypopituitarism,
			boolean onGrowthHormone) {
		org.hl7.fhir.r4.model.MedicationRequest somatropin = growthHormone(
				"http://www.nlm.nih.gov/research/umls/rxnorm", rxnorm, status, TODAY.minusDays(120));
		Scenario scenario = Scenario.of(patient(45, "male"), somatropin, igf1("o1", 30, TODAY))
				.hook(org.somaxis.guidance.Hook.PATIENT_VIEW);
		if (hypopituitarism) {
			scenario.with(org.somaxis.guidance.Fixtures.condition("hp1", "http://snomed.info/sct", "74728003", "active"));
		}

		assertThat(scenario.findings("low-igf1-lifestyle")).singleElement().satisfies(finding -> {
			assertThat(finding.summary().contains("on growth hormone")).isEqualTo(onGrowthHormone);
			assertThat(finding.summary().contains("(no peptide therapy)")).isEqualTo(!onGrowthHormone);
			assertThat(finding.evidence().contains("MedicationRequest/gh1")).isEqualTo(onGrowthHormone);
			assertThat(finding.detail().contains("Condition/hp1")).isEqualTo(hypopituitarism);
			// the dose review first, lifestyle after it, and the guideline on growth hormone's dose cited first (P71-m3)
			assertThat(finding.suggestions()).extracting(org.somaxis.guidance.Suggestion::label).first().isEqualTo(
					!onGrowthHormone ? "Consider endocrinology evaluation" : hypopituitarism
							? "Review the growth hormone dose with the endocrinologist who treats the pituitary disorder"
							: "Review the growth hormone dose with its prescriber");
			assertThat(finding.citations()).first().extracting(org.somaxis.guidance.Citation::id).isEqualTo("molitch-2011");
		});
	}

	/**
	 * Beside an active malignancy, whose card stops the peptide, the above-range card does not offer to pause it
	 * (StopsOverPauses): an EHR that applied both would resume a contraindicated drug. Without it, the pause is offered.
	 */
	@ParameterizedTest(name = "malignancy {0}")
	@CsvSource({"true, false", "false, true"})
	void igf1AboveRangeOnTherapy_offersAPause_unlessAContraindicationStopsTheOrder(boolean malignancy, boolean pause) {
		Scenario scenario = Scenario.of(patient(45, "male"), igf1("o1", 400, TODAY.minusDays(2)), onSermorelin());
		if (malignancy) {
			scenario.with(org.somaxis.guidance.Fixtures.snomedCondition("c1", "254837009"));
		}

		Finding finding = scenario.findings("igf1-above-range-on-therapy").get(0);
		assertThat(finding.suggestions().stream().flatMap(suggestion -> suggestion.actions().stream())
				.anyMatch(action -> action.change() != null && "on-hold".equals(action.change().status()))).isEqualTo(pause);
	}

	/**
	 * An IGF-1 no interval applies to (a birth year alone, 1976 on 2026-06-01: 49 or 50, and 320 ng/mL is above the band
	 * for 50 and within that for 49) is read but not interpreted: beside a peptide its check against +3 SDS may be
	 * missing, the warning, as for an IGF-1 that could not be read; it drew only an info line (probe 83, P83-M5).
	 */
	@Test
	void anIgf1NoIntervalAppliesTo_besideAPeptide_mayBeMissing() {
		org.hl7.fhir.r4.model.Patient born1976 = patient(45, "male");
		born1976.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1976"));
		Scenario scenario = Scenario.of(born1976, igf1("o1", 320, TODAY.minusDays(5)), onSermorelin());

		assertThat(scenario.record().igf1()).singleElement().satisfies(point -> assertThat(point.interval()).isNull());
		assertThat(scenario.record().igf1MayBeMissing()).isTrue();
	}

	/**
	 * An IGF-1 reported as a bound is read at it only where that settles its reading: under the lower limit, or above +3
	 * SDS. Another is named and not read, and beside a peptide the warning stands in for it: "&gt;130" on therapy drew
	 * "in the target band" and "&gt;300" read as within range (probe 83, P83-M3). The range is 52-328 ng/mL (+3 SDS is
	 * about 518).
	 */
	@ParameterizedTest(name = "IGF-1 {0}{1} -> read {2}")
	@CsvSource({">, 130, false", ">, 300, false", ">, 400, false", ">=, 1200, true", "<, 52, true", "<=, 51, true",
			"<, 60, false", "<=, 52, false"})
	void anIgf1Bound_isReadOnlyWhereItSettlesItsReading(String comparator, double value, boolean read) {
		Observation result = withRange(igf1("o1", value, TODAY), 52, 328);
		result.getValueQuantity().setComparator(org.hl7.fhir.r4.model.Quantity.QuantityComparator.fromCode(comparator));
		Scenario scenario = Scenario.of(patient(45, "male"), result, onSermorelin());

		assertThat(scenario.record().igf1()).hasSize(read ? 1 : 0);
		assertThat(scenario.record().igf1MayBeMissing()).isEqualTo(!read);
		assertThat(Outcome.of(scenario, "igf1-in-target")).isEqualTo("none");
		assertThat(scenario.record().dataQuality()).anySatisfy(message -> assertThat(message).contains(read
				? "not an exact value" : "a bound that does not tell where it lies"));
	}

	@ParameterizedTest(name = "IGF-1 {0} (lab high {1}) -> {2}")
	@CsvSource({"119.9, 328, none", "120, 328, info", "160, 328, info", "160.1, 328, none", "150, 140, none"})
	void igf1InTarget(double value, double labHigh, String expected) {
		Scenario scenario = Scenario.of(patient(45, "male"), withRange(igf1("o1", value, TODAY), 52, labHigh), onSermorelin());

		assertThat(Outcome.of(scenario, "igf1-in-target")).isEqualTo(expected);
	}

	/**
	 * An IGF-1 of 150 the lab flagged H (or L) and sent no range for, within the fallback interval and the target band: no
	 * "in target and within range" beside the report's flag (the probe's M5); nor when the lab's own range holds it and it
	 * flagged it all the same. Flagged N, or not at all, it reassures.
	 */
	@ParameterizedTest(name = "IGF-1 150 flagged {0}, lab range {1} -> {2}")
	@CsvSource({"H, false, none", "HH, false, none", "L, false, none", "N, false, info", "'', false, info",
			"H, true, none", "N, true, info"})
	void igf1InTarget_isNotSaidOfAResultTheLabFlaggedOtherwise(String flag, boolean labRange, String expected) {
		org.hl7.fhir.r4.model.Observation result = igf1("o1", 150, TODAY);
		if (labRange) { // the lab's own range holds it, and the lab still flagged it (the replay's N-3)
			withRange(result, 50, 317);
		}
		if (!flag.isEmpty()) {
			result.addInterpretation().addCoding()
					.setSystem("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation").setCode(flag);
		}
		Scenario scenario = Scenario.of(patient(45, "male"), result, onSermorelin());

		assertThat(Outcome.of(scenario, "igf1-in-target")).isEqualTo(expected);
	}

	private static org.hl7.fhir.r4.model.MedicationRequest onSermorelin() {
		return peptide("m1", "sermorelin", "active", TODAY.minusDays(120));
	}

	/**
	 * The target band is a therapy target: not told to a patient on no peptide (it invites starting one), nor beside a
	 * pregnancy or an active malignancy (the peptide is to be stopped, not kept on target).
	 */
	@ParameterizedTest(name = "IGF-1 140 with {0} -> {1}")
	@CsvSource({"active, info", "none, none", "draft, none", "stopped, none", "pregnancy, none", "malignancy, none",
			"sepsis, none", "sepsis-without-status, none", "carcinoma-in-situ, none"})
	void igf1InTarget_isForPatientsOnTherapyWhoseTherapyIsNotToStop(String context, String expected) {
		Scenario scenario = Scenario.of(patient(45, "female"), igf1("o1", 140, TODAY));
		switch (context) {
			case "active", "draft", "stopped" -> scenario.with(peptide("m1", "sermorelin", context, TODAY.minusDays(120)));
			case "pregnancy" -> scenario.with(onSermorelin(), org.somaxis.guidance.Fixtures.snomedCondition("c1", "77386006"));
			case "malignancy" -> scenario.with(onSermorelin(), org.somaxis.guidance.Fixtures.snomedCondition("c1", "254837009"));
			// an acute critical illness: a warning whose card says to weigh stopping or pausing the peptide
			case "sepsis" -> scenario.with(onSermorelin(),
					org.somaxis.guidance.Fixtures.condition("c1", "http://hl7.org/fhir/sid/icd-10-cm", "A41.9", "active"));
			// records that may be such a condition and were not counted, which the CDS card warns of
			case "sepsis-without-status" -> scenario.with(onSermorelin(),
					org.somaxis.guidance.Fixtures.condition("c1", "http://hl7.org/fhir/sid/icd-10-cm", "A41.9", null));
			case "carcinoma-in-situ" -> scenario.with(onSermorelin(),
					org.somaxis.guidance.Fixtures.condition("c1", "http://hl7.org/fhir/sid/icd-10-cm", "D05.10", "active"));
			default -> { }
		}

		assertThat(Outcome.of(scenario, "igf1-in-target")).isEqualTo(expected);
		if (context.startsWith("sepsis")) { // also on one result, where the illness's rule does not run
			assertThat(scenario.evaluate(Face.OBSERVATION).findings()).extracting(Finding::ruleId)
					.doesNotContain("igf1-in-target");
		}
	}

	@Test
	void igf1InTarget_firesOnTheObservationFaceButNotOnOrders() {
		Scenario scenario = Scenario.of(patient(45, "male"), igf1("o1", 140, TODAY), onSermorelin());

		assertThat(scenario.evaluate(Face.OBSERVATION).findings()).extracting(Finding::ruleId).contains("igf1-in-target");
		assertThat(scenario.evaluate(Face.ORDER).findings()).extracting(Finding::ruleId).doesNotContain("igf1-in-target");
	}

	/**
	 * Of two IGF-1 results of one day that cannot be ordered in time, the one further above its own lab range is read as
	 * the latest, not the one with the higher value: 300 ng/mL within 100-400 beside 260 ng/mL above 80-240.
	 */
	@Test
	void sameDayIgf1Results_theOneFurtherAboveItsRangeIsLatest() {
		Scenario scenario = Scenario.of(patient(45, "male"), peptide("m1", "tesamorelin", "active", TODAY.minusDays(120)),
				withRange(igf1("a", 300, TODAY.minusDays(2)), 100, 400), withRange(igf1("b", 260, TODAY.minusDays(2)), 80, 240));

		assertThat(scenario.record().latestIgf1()).get().extracting(point -> point.resourceId()).isEqualTo("Observation/b");
		assertThat(Outcome.of(scenario, "igf1-above-range-on-therapy")).isNotEqualTo("none");
	}

	/**
	 * Of two IGF-1 results of one day that cannot be ordered in time, one the server could not interpret (no interval
	 * applies) is read as the latest before one within its range: nothing reassuring is said beside a 900 ng/mL.
	 */
	@Test
	void sameDayIgf1Results_anUninterpretedOneIsLatestBeforeANormalOne() {
		org.hl7.fhir.r4.model.Patient ageUnknown = patient(45, "male");
		ageUnknown.setBirthDate(null);
		Scenario scenario = Scenario.of(ageUnknown, withRange(igf1("a", 140, TODAY.minusDays(2)), 100, 300),
				igf1("b", 900, TODAY.minusDays(2)));

		assertThat(scenario.record().latestIgf1()).get().extracting(point -> point.resourceId()).isEqualTo("Observation/b");
		assertThat(Outcome.of(scenario, "igf1-in-target")).isEqualTo("none");
	}

	/**
	 * A newer IGF-1 that cannot be dated to a day ("2026-05", only an issue date, a timing, no date) may be the current
	 * one: nothing reassuring is said from an older result it may supersede. One of a month before the older result's
	 * does not supersede it.
	 */
	@ParameterizedTest(name = "unread IGF-1 dated {0} -> in-target {1}")
	@CsvSource({"month, none", "issued, none", "timing, none", "none, none", "earlier-month, info", "later-month, info"})
	void anOlderResult_perhapsSupersededByAnUndatedOne_reassuresNothing(String dating, String inTarget) {
		org.hl7.fhir.r4.model.Observation undated = igf1("undated", 400, null);
		switch (dating) {
			case "month" -> undated.setEffective(new org.hl7.fhir.r4.model.DateTimeType(TODAY.minusDays(20).toString().substring(0, 7)));
			case "issued" -> undated.setIssuedElement(new org.hl7.fhir.r4.model.InstantType(TODAY.minusDays(5) + "T10:00:00Z"));
			case "timing" -> undated.setEffective(new org.hl7.fhir.r4.model.Timing()
					.addEvent(java.sql.Date.valueOf(TODAY.minusDays(5))));
			case "earlier-month" -> undated.setEffective(new org.hl7.fhir.r4.model.DateTimeType(TODAY.minusDays(120).toString().substring(0, 7)));
			case "later-month" -> undated.setEffective(new org.hl7.fhir.r4.model.DateTimeType(TODAY.plusDays(40).toString().substring(0, 7)));
			default -> { }
		}
		Scenario scenario = Scenario.of(patient(45, "male"), igf1("old", 140, TODAY.minusDays(60)), undated, onSermorelin());

		assertThat(Outcome.of(scenario, "igf1-in-target")).isEqualTo(inTarget);
		if (!dating.equals("later-month")) {
			assertThat(scenario.record().dataQuality()).anySatisfy(message -> assertThat(message).contains("Observation/undated"));
		}
	}

	/**
	 * A newer IGF-1 under a misspelt LOINC system, named and not read, supersedes an older one as an unreadable one does:
	 * "IGF-1 145 ng/mL is in the target band" was said beside "IGF-1 ... not read".
	 */
	@Test
	void anOlderResult_supersededByOneUnderAMisspeltLoincSystem_reassuresNothing() {
		org.hl7.fhir.r4.model.Observation misnamed = igf1("new", 450, TODAY.minusDays(1));
		misnamed.getCode().getCodingFirstRep().setSystem("https://loinc.org");

		Scenario scenario = Scenario.of(patient(45, "male"), igf1("old", 140, TODAY.minusDays(60)), misnamed, onSermorelin());

		assertThat(Outcome.of(scenario, "igf1-in-target")).isEqualTo("none");
		assertThat(Outcome.of(Scenario.of(patient(45, "male"), igf1("old", 140, TODAY.minusDays(60)), onSermorelin()),
				"igf1-in-target"))
				.isEqualTo("info");
	}

	/**
	 * A newer IGF-1 that could not be read ("&gt;1000" as text) supersedes the older one: nothing reassuring ("in the
	 * target band") nor a call for more ("non-response") is said from the older result; the record names the unread one.
	 */
	@Test
	void anOlderResult_supersededByAnUnreadOne_reassuresNothing() {
		org.hl7.fhir.r4.model.Observation unread = igf1("new", 1, TODAY.minusDays(1));
		unread.setValue(new org.hl7.fhir.r4.model.StringType(">1000"));
		Scenario inTarget = Scenario.of(patient(45, "male"), igf1("old", 140, TODAY.minusDays(60)), unread, onSermorelin());
		Scenario nonResponse = Scenario.of(patient(45, "male"),
				peptide("m1", "sermorelin", "active", TODAY.minusDays(120)),
				igf1("baseline", 100, TODAY.minusDays(125)), igf1("latest", 105, TODAY.minusDays(20)), unread);

		assertThat(inTarget.evaluate(Face.OBSERVATION).findings()).extracting(Finding::ruleId).doesNotContain("igf1-in-target");
		assertThat(inTarget.record().dataQuality()).anySatisfy(message -> assertThat(message).contains("has no numeric value"));
		assertThat(Outcome.of(nonResponse, "igf1-non-response")).isEqualTo("none");
		assertThat(Outcome.of(Scenario.of(patient(45, "male"), peptide("m1", "sermorelin", "active", TODAY.minusDays(120)),
				igf1("baseline", 100, TODAY.minusDays(125)), igf1("latest", 105, TODAY.minusDays(20))), "igf1-non-response"))
				.as("the same without the unread result").isEqualTo("info");
		org.hl7.fhir.r4.model.Observation sameDay = igf1("rerun", 1, TODAY.minusDays(60));
		sameDay.setValue(new org.hl7.fhir.r4.model.StringType(">1000"));
		assertThat(Scenario.of(patient(45, "male"), igf1("old", 140, TODAY.minusDays(60)), sameDay)
				.evaluate(Face.OBSERVATION).findings()).extracting(Finding::ruleId).doesNotContain("igf1-in-target");
		Scenario renewal = Scenario.of(patient(45, "male"), igf1("old", 140, TODAY.minusDays(200)), unread)
				.drafts(peptide("d1", "sermorelin", "draft", TODAY));
		assertThat(renewal.findings("no-baseline-igf1")).singleElement().satisfies(finding -> assertThat(finding.detail())
				.contains(TODAY.minusDays(1) + " (without a value that could be read)"));
		Scenario onTherapy = Scenario.of(patient(45, "male"), peptide("m1", "sermorelin", "active", TODAY.minusDays(300)),
				igf1("old", 140, TODAY.minusDays(200)), unread);
		assertThat(onTherapy.findings("igf1-monitoring-overdue")).singleElement().satisfies(finding -> assertThat(finding.detail())
				.contains(TODAY.minusDays(1) + " (without a value that could be read)"));
		assertThat(Outcome.of(Scenario.of(patient(45, "male"), igf1("old", 140, TODAY.minusDays(60)), onSermorelin()),
				"igf1-in-target")).isEqualTo("info");
	}

	private static final String ATC = "http://www.whocc.no/atc";

	/** An order of growth hormone, MedicationRequest/gh1, coded {@code system|code}, written on {@code authored}. */
	private static org.hl7.fhir.r4.model.MedicationRequest growthHormone(String system, String code, String status,
			java.time.LocalDate authored) {
		org.hl7.fhir.r4.model.MedicationRequest order = peptide("gh1", "tesamorelin", status, authored);
		order.setMedication(new org.hl7.fhir.r4.model.CodeableConcept(new org.hl7.fhir.r4.model.Coding(system, code, null)));
		return order;
	}
}
