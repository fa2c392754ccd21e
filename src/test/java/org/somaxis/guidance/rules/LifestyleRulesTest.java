package org.somaxis.guidance.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.somaxis.guidance.Fixtures.TODAY;
import static org.somaxis.guidance.Fixtures.caloricRestriction;
import static org.somaxis.guidance.Fixtures.exercise;
import static org.somaxis.guidance.Fixtures.igf1;
import static org.somaxis.guidance.Fixtures.localCondition;
import static org.somaxis.guidance.Fixtures.patient;
import static org.somaxis.guidance.Fixtures.sleep;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.somaxis.guidance.Scenario;

class LifestyleRulesTest {

	/** count sessions of a type, spread over the window, the oldest `oldestDay` days before the evaluation date. */
	private static Scenario sessions(Scenario scenario, String type, int count, int oldestDay, double minutes) {
		for (int i = 0; i < count; i++) {
			int day = count == 1 ? oldestDay : oldestDay - i * (oldestDay / count);
			scenario.with(exercise(type + i, type, TODAY.minusDays(day), minutes));
		}
		return scenario;
	}

	@ParameterizedTest(name = "{0} resistance sessions, oldest day {1} -> {2}")
	@CsvSource({
			"8, 28, none",
			"8, 29, info",
			"7, 27, info",
			"12, 27, none"})
	void resistanceTrainingLow(int count, int oldestDay, String expected) {
		Scenario scenario = sessions(Scenario.of(patient(40, "male"), exercise("walk", "LA11836-6", TODAY, 30)), "resistance", count, oldestDay, 45);

		assertThat(Outcome.of(scenario, "resistance-training-low")).isEqualTo(expected);
	}

	@Test
	void resistanceTrainingLow_withNothingLogged_staysQuiet() {
		assertThat(Outcome.of(Scenario.of(patient(40, "male")), "resistance-training-low")).isEqualTo("none");
	}

	@Test
	void resistanceTrainingLow_countsLoincWeightsAsResistance() {
		Scenario scenario = sessions(Scenario.of(patient(40, "male")), "LA11839-0", 8, 27, 45);

		assertThat(Outcome.of(scenario, "resistance-training-low")).isEqualTo("none");
	}

	@ParameterizedTest(name = "HIIT {0} days ago, cardiac {1} -> {2}")
	@CsvSource({"28, false, none", "29, false, info", "-1, false, info", "-1, true, none"})
	void hiitAbsent(int daysAgo, boolean cardiac, String expected) {
		Scenario scenario = Scenario.of(patient(40, "male"), exercise("r1", "resistance", TODAY.minusDays(1), 45));
		if (daysAgo >= 0) {
			scenario.with(exercise("h1", "hiit", TODAY.minusDays(daysAgo), 20));
		}
		if (cardiac) {
			scenario.with(localCondition("c1", "cardiac-condition"));
		}

		assertThat(Outcome.of(scenario, "hiit-absent")).isEqualTo(expected);
	}

	/**
	 * Aortic stenosis, hypertrophic cardiomyopathy and pulmonary hypertension, coded as EHR problem lists code them: no
	 * HIIT suggestion. Before, the card suggested HIIT and said no cardiac condition was recorded (probe 56, P56-C3). Nor
	 * in pregnancy (77386006), where raising GH is no aim (P56-m8).
	 */
	@ParameterizedTest(name = "{0}|{1}")
	@CsvSource({
			"http://hl7.org/fhir/sid/icd-10-cm, I35.0",
			"http://hl7.org/fhir/sid/icd-10-cm, I42.1",
			"http://hl7.org/fhir/sid/icd-10-cm, I27.0",
			"http://hl7.org/fhir/sid/icd-10-cm, I06.0",
			"http://hl7.org/fhir/sid/icd-10-cm, I05.0",
			"http://hl7.org/fhir/sid/icd-10-cm, Q23.0",
			"http://snomed.info/sct,            60573004",
			"http://snomed.info/sct,            45227007",
			"http://snomed.info/sct,            70995007",
			"http://snomed.info/sct,            86299006",
			"http://snomed.info/sct,            79619009",
			"http://snomed.info/sct,            399020009",
			"http://snomed.info/sct,            77386006"})
	void hiitAbsent_isNotSuggestedWithStructuralHeartDiseaseOrPulmonaryHypertensionOrInPregnancy(String system, String code) {
		Scenario scenario = Scenario.of(patient(76, "male"), exercise("r1", "resistance", TODAY.minusDays(1), 45),
				org.somaxis.guidance.Fixtures.condition("c1", system, code, "active"));

		assertThat(Outcome.of(scenario, "hiit-absent")).isEqualTo("none");
	}

	@ParameterizedTest(name = "{0} x {1} min {2}, IGF-1 {3}, restriction {4} -> {5}")
	@CsvSource({
			"4, 90,  prolonged-endurance, 150, true,  none",
			"4, 91,  prolonged-endurance, 150, true,  warning",
			"4, 91,  prolonged-endurance, 150, false, none",
			"4, 91,  prolonged-endurance, 40,  false, warning",
			"14, 85, prolonged-endurance, 150, true,  none",
			"16, 80, prolonged-endurance, 150, true,  warning",
			"2, 100, moderate-aerobic,    150, true,  warning",
			"2, 90,  moderate-aerobic,    150, true,  none"})
	void enduranceExcess(int count, double minutes, String type, double igf1, boolean restriction, String expected) {
		// weekly hours = total minutes / 60 / 4: 14 x 85 min = 4.96 h/week (quiet), 16 x 80 min = 5.33 h/week (fires)
		Scenario scenario = sessions(Scenario.of(patient(45, "female"), igf1("o1", igf1, TODAY.minusDays(3)),
				caloricRestriction("cr", restriction, TODAY.minusDays(5))), type, count, 27, minutes);

		assertThat(Outcome.of(scenario, "endurance-excess")).isEqualTo(expected);
	}

	/** Records dated by a day alone name the day the night ended: TODAY - 13 is the 14th night back, TODAY - 14 the 15th. */
	@ParameterizedTest(name = "sleep {0} h and {1} h -> {2}")
	@CsvSource({"7, 7, none", "6.5, 7.5, none", "6.5, 7.4, info", "5, 9, none"})
	void sleepShort(double first, double second, String expected) {
		Scenario scenario = Scenario.of(patient(40, "male"), sleep("s1", first, TODAY.minusDays(1)), sleep("s2", second, TODAY.minusDays(13)),
				sleep("old", 3, TODAY.minusDays(14)));

		assertThat(Outcome.of(scenario, "sleep-short")).isEqualTo(expected);
	}

	private static org.hl7.fhir.r4.model.Observation timed(String id, String type, java.time.LocalDate day, int hour, double minutes) {
		org.hl7.fhir.r4.model.Observation observation = exercise(id, type, day, minutes);
		java.time.OffsetDateTime start = day.atTime(hour, 0).atOffset(java.time.ZoneOffset.UTC);
		observation.setEffective(new org.hl7.fhir.r4.model.Period()
				.setStart(java.util.Date.from(start.toInstant()))
				.setEnd(java.util.Date.from(start.plusMinutes((long) minutes).toInstant())));
		return observation;
	}

	private static org.hl7.fhir.r4.model.Observation sleepPeriod(String id, String start, String end, double hours) {
		org.hl7.fhir.r4.model.Observation observation = sleep(id, hours, TODAY);
		observation.setEffective(new org.hl7.fhir.r4.model.Period().setStartElement(new org.hl7.fhir.r4.model.DateTimeType(start))
				.setEndElement(new org.hl7.fhir.r4.model.DateTimeType(end)));
		return observation;
	}

	@Test
	void nightsPlusNaps_areJudgedPerNight_andTheCardCountsNights() {
		Scenario scenario = Scenario.of(patient(40, "male"));
		for (int day = 1; day <= 10; day++) { // 7.5 h nights and a 25-min nap each day: read before as 3.96 h over 20 nights
			java.time.LocalDate date = TODAY.minusDays(day);
			scenario.with(sleepPeriod("night" + day, date + "T23:00:00-05:00", date.plusDays(1) + "T06:30:00-05:00", 7.5),
					sleepPeriod("nap" + day, date + "T14:00:00-05:00", date + "T14:25:00-05:00", 25 / 60.0),
					sleep("app" + day, 5, date.plusDays(1))); // another app's total of that night: a copy
		}
		assertThat(Outcome.of(scenario, "sleep-short")).isEqualTo("none");

		Scenario shortNights = Scenario.of(patient(40, "male"));
		for (int day = 0; day < 20; day++) {
			shortNights.with(sleep("s" + day, 6, TODAY.minusDays(day)));
		}
		assertThat(shortNights.findings("sleep-short")).singleElement().satisfies(finding -> assertThat(finding.detail())
				.contains("Mean sleep was **6 h** over 14 recorded nights in the last 14 days"));
	}

	@Test
	void theSameWorkoutsFromTwoDevices_doNotHideTooLittleResistanceTraining() {
		Scenario scenario = Scenario.of(patient(40, "male"));
		for (int week = 0; week < 4; week++) {
			scenario.with(timed("watch" + week, "LA11839-0", TODAY.minusDays(2 + 7L * week), 10, 50),
					timed("strava" + week, "LA11839-0", TODAY.minusDays(2 + 7L * week), 10, 50));
		}

		assertThat(scenario.findings("resistance-training-low")).singleElement().satisfies(finding -> assertThat(finding.detail())
				.startsWith("4 resistance sessions in the last 28 days (1 per week, 4 sessions logged in all)"));
	}

	@Test
	void duplicatedEnduranceSessions_areCountedOnceForTheWeeklyHours() {
		// ten 80-min rides from two devices each: 3.33 h/week, not 6.67
		Scenario scenario = Scenario.of(patient(45, "female"), igf1("o1", 40, TODAY.minusDays(3)));
		for (int i = 0; i < 10; i++) {
			scenario.with(timed("a" + i, "prolonged-endurance", TODAY.minusDays(1 + 2L * i), 7, 80),
					timed("b" + i, "prolonged-endurance", TODAY.minusDays(1 + 2L * i), 7, 80));
		}

		assertThat(Outcome.of(scenario, "endurance-excess")).isEqualTo("none");
	}

	@Test
	void anImplausiblyLongSession_doesNotMakeEnduranceExcessive() {
		Scenario scenario = Scenario.of(patient(45, "female"), igf1("o1", 40, TODAY.minusDays(3)),
				exercise("ride", "prolonged-endurance", TODAY.minusDays(3), 5000));

		assertThat(Outcome.of(scenario, "endurance-excess")).isEqualTo("none");
		assertThat(scenario.evaluate().messages()).anyMatch(message -> message.contains("Observation/ride")
				&& message.contains("duration ignored"));
	}

	@ParameterizedTest(name = "age {0} -> {1}")
	@CsvSource({"17, none", "18, info", "70, info"})
	void adultSleepAndExerciseThresholds_neverFireUnder18(int age, String expected) {
		Scenario scenario = Scenario.of(patient(age, "female"), sleep("s1", 5, TODAY.minusDays(1)),
				exercise("r1", "moderate-aerobic", TODAY.minusDays(1), 30));

		assertThat(Outcome.of(scenario, "sleep-short")).isEqualTo(expected);
		assertThat(Outcome.of(scenario, "hiit-absent")).isEqualTo(expected);
		assertThat(Outcome.of(scenario, "resistance-training-low")).isEqualTo(expected);
	}

	/** A birth year alone (de-identified exports keep only the year): ages 40 or 41, 17 or 18, 16 or 17 on TODAY. */
	@ParameterizedTest(name = "born {0} -> {1}")
	@CsvSource({"1985, info, false", "2008, none, true", "2009, none, false"})
	void birthYearOnly_decidesAnAgeLimitWhenBothPossibleAgesAgree(String year, String expected, boolean saysSo) {
		org.hl7.fhir.r4.model.Patient patient = patient(40, "female");
		patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType(year));
		Scenario scenario = Scenario.of(patient, sleep("s1", 5, TODAY.minusDays(1)));

		assertThat(Outcome.of(scenario, "sleep-short")).isEqualTo(expected);
		assertThat(scenario.evaluate().messages().stream()
				.anyMatch(message -> message.contains("(a partial birth date), so rules limited by age were not evaluated")
						&& message.contains("sleep-short")))
				.isEqualTo(saysSo);
	}

	@org.junit.jupiter.api.Test
	void unknownAge_keepsAdultRulesQuietAndSaysSo() {
		org.somaxis.guidance.Guidance guidance = Scenario.of(sleep("s1", 5, TODAY.minusDays(1))).evaluate();

		assertThat(guidance.findings()).extracting(org.somaxis.guidance.Finding::ruleId).doesNotContain("sleep-short");
		assertThat(guidance.messages()).anyMatch(message -> message.contains("age is unknown") && message.contains("sleep-short"));
	}
}
