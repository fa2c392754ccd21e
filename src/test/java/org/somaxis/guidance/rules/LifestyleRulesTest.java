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

	@ParameterizedTest(name = "sleep {0} h and {1} h -> {2}")
	@CsvSource({"7, 7, none", "6.5, 7.5, none", "6.5, 7.4, info", "5, 9, none"})
	void sleepShort(double first, double second, String expected) {
		Scenario scenario = Scenario.of(patient(40, "male"), sleep("s1", first, TODAY.minusDays(1)), sleep("s2", second, TODAY.minusDays(14)),
				sleep("old", 3, TODAY.minusDays(15)));

		assertThat(Outcome.of(scenario, "sleep-short")).isEqualTo(expected);
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
