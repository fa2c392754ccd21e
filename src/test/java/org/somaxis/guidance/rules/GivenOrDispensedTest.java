package org.somaxis.guidance.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.somaxis.guidance.Fixtures.TODAY;
import static org.somaxis.guidance.Fixtures.administered;
import static org.somaxis.guidance.Fixtures.dispensed;
import static org.somaxis.guidance.Fixtures.peptide;
import static org.somaxis.guidance.Fixtures.snomedCondition;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.somaxis.guidance.Action;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.Hook;
import org.somaxis.guidance.Scenario;
import org.somaxis.guidance.record.PatientRecord;
import org.somaxis.guidance.record.PeptideOrder;

/**
 * A peptide that a clinic gave (MedicationAdministration) or a pharmacy dispensed (MedicationDispense) is therapy,
 * also when no order or statement says so: a fill history from another prescriber, or a clinic's injection log, may be
 * all the record holds. Before, both were not read at all, and a cancer beside a tesamorelin dispensed last week drew
 * nothing.
 */
class GivenOrDispensedTest {
	private static final String MALIGNANT_NEOPLASM_OF_BREAST = "254837009";

	@ParameterizedTest(name = "{0} {1}, {2} days ago, supply {3} -> {4}")
	@CsvSource({
			"administration, completed,          1,    , critical",
			"administration, in-progress,        0,    , critical",
			"administration, on-hold,            3,    , critical",
			"administration, stopped,            3,    , critical",
			"administration, completed,         30,    , critical",
			"administration, completed,         31,    , none",
			"administration, not-done,           1,    , none",
			"administration, entered-in-error,   1,    , none",
			"administration, completed,         -2,    , none",
			"dispense,       completed,          7,    , critical",
			"dispense,       in-progress,        1,    , critical",
			"dispense,       preparation,        1,    , critical",
			"dispense,       completed,         40,  28, critical",
			"dispense,       completed,         40,    , none",
			"dispense,       completed,         59,  28, none",
			"dispense,       cancelled,          1,    , none",
			"dispense,       declined,           1,    , none",
			"dispense,       entered-in-error,   1,    , none"})
	void malignancyBesideAPeptideGivenOrDispensed(String kind, String status, int daysAgo, Integer supply,
			String expected) {
		Resource event = kind.equals("administration")
				? administered("a1", "tesamorelin", status, TODAY.minusDays(daysAgo))
				: dispensed("a1", "tesamorelin", status, TODAY.minusDays(daysAgo), supply);
		Scenario scenario = Scenario.of(snomedCondition("c1", MALIGNANT_NEOPLASM_OF_BREAST), event)
				.hook(Hook.PATIENT_VIEW);

		assertThat(Outcome.of(scenario, "peptide-active-malignancy")).isEqualTo(expected);
	}

	/** A record that the peptide was given is evidence, not an order: the card names it and changes nothing of it. */
	@Test
	void malignancyBesideAnAdministration_namesItAndOffersNoChangeToIt() {
		Finding finding = Scenario.of(snomedCondition("c1", MALIGNANT_NEOPLASM_OF_BREAST),
				administered("a1", "tesamorelin", "completed", TODAY.minusDays(2)))
				.findings("peptide-active-malignancy").get(0);

		assertThat(finding.evidence()).contains("MedicationAdministration/a1");
		assertThat(finding.suggestions()).flatExtracting(suggestion -> suggestion.actions()).isEmpty();
	}

	/** An active order and a recent dispense of the same peptide: the card acts on the order only. */
	@Test
	void malignancyBesideAnOrderAndItsDispense_stopsTheOrderOnly() {
		Finding finding = Scenario.of(snomedCondition("c1", MALIGNANT_NEOPLASM_OF_BREAST),
				peptide("m1", "tesamorelin", "active", TODAY.minusDays(60)),
				dispensed("d1", "tesamorelin", "completed", TODAY.minusDays(5), 30))
				.findings("peptide-active-malignancy").get(0);

		assertThat(finding.suggestions()).flatExtracting(suggestion -> suggestion.actions())
				.extracting(Action::resourceId).containsExactly("MedicationRequest/m1");
	}

	/** A draft of a second GHRH analogue while the pharmacy dispensed the first last week. */
	@Test
	void draftOfASecondGhrhAnalogue_besideADispensedOne_isADuplicate() {
		Finding finding = Scenario.of(dispensed("d1", "tesamorelin", "completed", TODAY.minusDays(7), 30))
				.drafts(peptide("n1", "cjc-1295-dac", "draft", TODAY))
				.hook(Hook.ORDER_SIGN)
				.findings("duplicate-ghrh-analogues").get(0);

		assertThat(finding.evidence()).contains("MedicationDispense/d1", "MedicationRequest/n1");
		assertThat(finding.suggestions()).flatExtracting(suggestion -> suggestion.actions())
				.containsExactly(Action.delete("MedicationRequest/n1"));
	}

	/**
	 * Sixty daily injections: the latest is current therapy, the others are the course's history, which dates it from
	 * the first injection. The record lists one current record, not thirty.
	 */
	@Test
	void dailyAdministrations_areOneCurrentRecord_andDateTheCourseFromTheFirst() {
		List<Resource> injections = new ArrayList<>();
		for (int day = 1; day <= 60; day++) {
			injections.add(administered("a" + day, "sermorelin", "completed", TODAY.minusDays(61 - day)));
		}

		PatientRecord record = Scenario.of(injections.toArray(Resource[]::new)).record();

		assertThat(record.peptides()).extracting(PeptideOrder::resourceId).containsExactly("MedicationAdministration/a60");
		assertThat(record.endedPeptides()).hasSize(59);
		assertThat(record.therapyStart()).isEqualTo(TODAY.minusDays(60));
		assertThat(record.therapyWeek()).isEqualTo(9);
	}

	/** An active order already says the patient is on the peptide: the dispense joins the history. */
	@Test
	void dispenseBesideAnActiveOrderOfThePeptide_isHistoryOnly() {
		PatientRecord record = Scenario.of(peptide("m1", "tesamorelin", "active", TODAY.minusDays(10)),
				dispensed("d1", "tesamorelin", "completed", TODAY.minusDays(40), 30)).record();

		assertThat(record.peptides()).extracting(PeptideOrder::resourceId).containsExactly("MedicationRequest/m1");
		assertThat(record.therapyStart()).isEqualTo(TODAY.minusDays(40));
	}

	/** One that does not say whether it happened, or when, may be current therapy: named, not counted. */
	@Test
	void peptideGivenOrDispensedWithoutStatusOrDate_isNamedToTheClinician() {
		MedicationAdministration noStatus = administered("a1", "tesamorelin", "unknown", TODAY.minusDays(1));
		MedicationAdministration undated = administered("a2", "tesamorelin", "completed", null);
		MedicationDispense undatedDispense = dispensed("d1", "tesamorelin", "completed", null, 30);

		PatientRecord record = Scenario.of(noStatus, undated, undatedDispense).record();

		assertThat(record.peptides()).isEmpty();
		assertThat(record.dataQuality()).containsExactlyInAnyOrder(
				"MedicationAdministration/a1 (Tesamorelin) has no status saying whether it was given; not counted as"
						+ " current therapy - please check it",
				"MedicationAdministration/a2 (Tesamorelin) has no date saying when it was given; not counted as current"
						+ " therapy - please check it",
				"MedicationDispense/d1 (Tesamorelin) has no day saying when it was dispensed (whenHandedOver,"
						+ " whenPrepared); not counted as current therapy - please check it");
	}

	/**
	 * Dates as systems write them: given at 08:00 the next morning ten hours east of here (the same instant as 22:00
	 * here), an infusion still running since 60 days ago, a supply in weeks, and a supply too long for a date (which made
	 * the whole evaluation fail). Each is current therapy beside the cancer.
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource({"given tomorrow morning east of here", "in progress since 60 days ago", "a supply of 12 weeks",
			"a supply of a trillion days", "a supply of 90 {days}", "a supply of 90 day(s)", "a supply of 90 DAYS",
			"a supply of 1 a", "a period that ends before it starts"})
	void datesAsSystemsWriteThem_areCurrentTherapy(String shape) {
		Resource event = switch (shape) {
			case "given tomorrow morning east of here" -> administered("a1", "tesamorelin", "completed", null)
					.setEffective(new org.hl7.fhir.r4.model.DateTimeType(TODAY.plusDays(1) + "T08:00:00+10:00"));
			case "a period that ends before it starts" -> administered("a1", "tesamorelin", "completed", null)
					.setEffective(new org.hl7.fhir.r4.model.Period()
							.setStartElement(new org.hl7.fhir.r4.model.DateTimeType(TODAY.minusDays(2).toString()))
							.setEndElement(new org.hl7.fhir.r4.model.DateTimeType(TODAY.minusDays(200).toString())));
			case "in progress since 60 days ago" -> administered("a1", "tesamorelin", "in-progress", null)
					.setEffective(new org.hl7.fhir.r4.model.Period().setStartElement(
							new org.hl7.fhir.r4.model.DateTimeType(TODAY.minusDays(60).toString())));
			case "a supply of 12 weeks" -> {
				MedicationDispense dispense = dispensed("d1", "tesamorelin", "completed", TODAY.minusDays(45), null);
				dispense.setDaysSupply(new org.hl7.fhir.r4.model.Quantity().setValue(12)
						.setSystem("http://unitsofmeasure.org").setCode("wk"));
				yield dispense;
			}
			case "a supply of 90 {days}", "a supply of 90 day(s)", "a supply of 90 DAYS", "a supply of 1 a" -> {
				String[] words = shape.split(" ");
				MedicationDispense dispense = dispensed("d1", "tesamorelin", "completed", TODAY.minusDays(70), null);
				dispense.setDaysSupply(new org.hl7.fhir.r4.model.Quantity().setValue(Integer.parseInt(words[3]))
						.setUnit(words[4]));
				yield dispense;
			}
			case "a supply of a trillion days" -> {
				MedicationDispense dispense = dispensed("d1", "tesamorelin", "completed", TODAY.minusDays(45), null);
				dispense.setDaysSupply(new org.hl7.fhir.r4.model.Quantity().setValue(new java.math.BigDecimal("1e12"))
						.setSystem("http://unitsofmeasure.org").setCode("d"));
				yield dispense;
			}
			default -> throw new IllegalArgumentException(shape);
		};
		Scenario scenario = Scenario.of(snomedCondition("c1", MALIGNANT_NEOPLASM_OF_BREAST), event).today(TODAY);

		assertThat(Outcome.of(scenario, "peptide-active-malignancy")).isEqualTo("critical");
	}

	/**
	 * An administration whose period ends before it starts (R4's per-1; the store refuses it, a prefetch or an inline
	 * Bundle may carry it): read as given until the later day, and named. Before, its end alone decided, so one given two
	 * days ago was read as past therapy without a word.
	 */
	@Test
	void anAdministrationWhosePeriodEndsBeforeItStarts_isNamed() {
		MedicationAdministration reversed = administered("a1", "tesamorelin", "completed", null);
		reversed.setEffective(new org.hl7.fhir.r4.model.Period()
				.setStartElement(new org.hl7.fhir.r4.model.DateTimeType(TODAY.minusDays(2).toString()))
				.setEndElement(new org.hl7.fhir.r4.model.DateTimeType(TODAY.minusDays(200).toString())));

		PatientRecord record = Scenario.of(reversed).today(TODAY).record();

		assertThat(record.peptides()).singleElement().satisfies(order -> assertThat(order.start()).isEqualTo(TODAY.minusDays(2)));
		assertThat(record.dataQuality()).singleElement().asString()
				.isEqualTo("MedicationAdministration/a1 has an effectivePeriod that ends (" + TODAY.minusDays(200)
						+ ") before it starts (" + TODAY.minusDays(2) + "); read as given until the later day");
	}

	/** One dated after today is a clock or typing error, or the newest record: named, and the card says so. */
	@Test
	void peptideGivenAfterToday_isNamedAndMayBeMissing() {
		PatientRecord record = Scenario.of(snomedCondition("c1", MALIGNANT_NEOPLASM_OF_BREAST),
				administered("a1", "tesamorelin", "completed", TODAY.plusDays(3))).today(TODAY).record();

		assertThat(record.peptides()).isEmpty();
		assertThat(record.dataQuality()).containsExactly("MedicationAdministration/a1 (Tesamorelin) is dated "
				+ TODAY.plusDays(3) + ", after today; not counted as current therapy - please check it");
		assertThat(record.peptideMayBeMissing()).isTrue();
	}

	/**
	 * A dispense older than the window whose supply is in a unit that cannot be read (tablets) may still last: named,
	 * and the contraindication may be missing. Forty injections without a status are named once, not forty times.
	 */
	@Test
	void recordsThatCannotBeCounted_areNamedOncePerPeptideAndReason() {
		MedicationDispense tablets = dispensed("d1", "tesamorelin", "completed", TODAY.minusDays(70), null);
		tablets.setDaysSupply(new org.hl7.fhir.r4.model.Quantity().setValue(90).setUnit("tablets"));
		List<Resource> data = new ArrayList<>(List.of(snomedCondition("c1", MALIGNANT_NEOPLASM_OF_BREAST), tablets));
		for (int day = 1; day <= 40; day++) {
			data.add(administered("a" + day, "sermorelin", "unknown", TODAY.minusDays(day)));
		}

		PatientRecord record = Scenario.of(data.toArray(Resource[]::new)).record();

		assertThat(record.dataQuality()).containsExactlyInAnyOrder(
				"MedicationDispense/d1 (Tesamorelin) gives a days' supply that cannot be read (90 tablets), so whether it"
						+ " is still taken is not known; not counted as current therapy - please check it",
				"MedicationAdministration/a1 and 39 more of its kind (Sermorelin) has no status saying whether it was"
						+ " given; not counted as current therapy - please check them");
		assertThat(record.peptideMayBeMissing()).isTrue();
		assertThat(record.endedPeptides()).extracting(PeptideOrder::resourceId).contains("MedicationDispense/d1");
	}

	/**
	 * A days' supply given without a value, or of none or less, cannot be read: the dispense older than the window is
	 * named and, beside a cancer, the contraindication may be missing (before, it was read as no supply and silently
	 * ended). One without any supply has the window alone.
	 */
	@ParameterizedTest(name = "{0} -> may be missing {1}")
	@CsvSource({"no value, true", "zero, true", "negative, true", "none given, false"})
	void aDaysSupplyThatCannotBeRead_isNamed(String supply, boolean missing) {
		MedicationDispense dispense = dispensed("d1", "tesamorelin", "completed", TODAY.minusDays(75), null);
		switch (supply) {
			case "no value" -> dispense.setDaysSupply(new org.hl7.fhir.r4.model.Quantity().setUnit("days"));
			case "zero" -> dispense.setDaysSupply(new org.hl7.fhir.r4.model.Quantity().setValue(0).setCode("d"));
			case "negative" -> dispense.setDaysSupply(new org.hl7.fhir.r4.model.Quantity().setValue(-30).setCode("d"));
			default -> { }
		}

		PatientRecord record = Scenario.of(snomedCondition("c1", MALIGNANT_NEOPLASM_OF_BREAST), dispense).record();

		assertThat(record.peptideMayBeMissing()).isEqualTo(missing);
		assertThat(record.endedPeptides()).extracting(PeptideOrder::resourceId).containsExactly("MedicationDispense/d1");
	}
}
