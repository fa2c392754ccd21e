package org.somaxis.guidance.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.somaxis.guidance.Fixtures.TODAY;
import static org.somaxis.guidance.Fixtures.exercise;
import static org.somaxis.guidance.Fixtures.igf1;
import static org.somaxis.guidance.Fixtures.lab;
import static org.somaxis.guidance.Fixtures.patient;
import static org.somaxis.guidance.Fixtures.sleep;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.somaxis.guidance.Scenario;

/** How sleep records become nights and exercise records sessions: shapes devices send, copies, implausible values. */
class LifestyleRecordTest {

	/** 23:00 on {@code day} at -05:00 plus {@code minutes}: a time on the person's own clock. */
	private static String at(LocalDate day, int minutesAfter2300) {
		java.time.LocalDateTime time = day.atTime(23, 0).plusMinutes(minutesAfter2300);
		return time + ":00-05:00";
	}

	private static Observation sleepPeriod(String id, String start, String end, double minutes) {
		Observation observation = lab(id, Codes.SLEEP, minutes, "min", null);
		observation.setEffective(new Period().setStartElement(new DateTimeType(start)).setEndElement(new DateTimeType(end)));
		return observation;
	}

	/** A night from 23:00 on {@code day}, as segments of {@code minutes} each, offset by {@code shift} minutes. */
	private static List<Observation> segments(String prefix, LocalDate day, int count, int minutes, int shift) {
		List<Observation> night = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			int from = shift + i * minutes;
			night.add(sleepPeriod(prefix + i, at(day, from), at(day, from + minutes), minutes));
		}
		return night;
	}

	private static PatientRecord record(List<? extends Resource> resources) {
		return Scenario.of(resources.toArray(Resource[]::new)).record();
	}

	@Test
	void sleepSegmentsOfOneNight_areOneNightCrossingMidnight() {
		List<Observation> records = new ArrayList<>();
		for (int night = 1; night <= 10; night++) { // five 90-min stage segments, 23:00 to 06:30
			records.addAll(segments("n" + night + "-", TODAY.minusDays(night), 5, 90, 0));
		}

		PatientRecord record = record(records);

		assertThat(record.sleepNights()).isEqualTo(10);
		assertThat(record.meanSleepHours()).isCloseTo(7.5, within(1e-9));
		assertThat(record.dataQuality()).isEmpty();
	}

	@Test
	void nightsPlusNaps_addUpToOneSleepDayEach() {
		List<Observation> records = new ArrayList<>();
		for (int day = 1; day <= 10; day++) {
			LocalDate date = TODAY.minusDays(day);
			records.add(sleepPeriod("night" + day, at(date, 0), at(date, 450), 450));
			records.add(sleepPeriod("nap" + day, date + "T14:00:00-05:00", date + "T14:25:00-05:00", 25)); // a nap that day
		}

		PatientRecord record = record(records);

		assertThat(record.sleepNights()).isEqualTo(10);
		assertThat(record.meanSleepHours()).isCloseTo(7.5 + 25 / 60.0, within(1e-9));
	}

	@Test
	void theSameNightFromTwoDevices_isCountedOnceAndNamed() {
		List<Observation> records = new ArrayList<>();
		for (int day = 1; day <= 4; day++) {
			LocalDate date = TODAY.minusDays(day);
			records.add(sleepPeriod("watch" + day, at(date, 0), at(date, 450), 450));
			records.add(sleepPeriod("ring" + day, at(date, 5), at(date, 440), 435));
		}

		PatientRecord record = record(records);

		assertThat(record.sleepNights()).isEqualTo(4);
		assertThat(record.meanSleepHours()).isCloseTo(7.5, within(1e-9));
		assertThat(record.dataQuality()).hasSize(4).allMatch(message -> message.startsWith("Sleep record Observation/ring")
				&& message.contains("repeat sleep counted from Observation/watch") && message.contains("counted once"));
	}

	@Test
	void stageSegmentsFromTwoDevices_countOneNightsWorth() {
		LocalDate night = TODAY.minusDays(2);
		List<Observation> records = new ArrayList<>(segments("a", night, 5, 90, 0));
		records.addAll(segments("b", night, 5, 90, 10)); // the same night, a second device's clock 10 min behind

		PatientRecord record = record(records);

		assertThat(record.sleepNights()).isEqualTo(1);
		assertThat(record.meanSleepHours()).isCloseTo(7.5, within(1e-9));
	}

	@Test
	void aNightAsAPeriodAndAsADayTotal_isOneNightCountedAsTheLarger() {
		LocalDate night = TODAY.minusDays(3);
		PatientRecord record = record(List.of(
				sleepPeriod("watch", at(night, 0), at(night, 450), 450),
				sleep("app", 7, night.plusDays(1)))); // a day total dated by the wake day

		assertThat(record.sleepNights()).isEqualTo(1);
		assertThat(record.meanSleepHours()).isCloseTo(7.5, within(1e-9));
		assertThat(record.dataQuality()).singleElement().asString()
				.contains("Observation/app", "night of " + night, "Observation/watch", "counted once");
	}

	@Test
	void dayTotalsOfOneNight_areCopiesAndTheLargestCounts() {
		PatientRecord record = record(List.of(sleep("a", 6, TODAY), sleep("b", 7, TODAY), sleep("c", 8, TODAY.minusDays(1))));

		assertThat(record.sleepNights()).isEqualTo(2);
		assertThat(record.meanSleepHours()).isCloseTo(7.5, within(1e-9));
		assertThat(record.sleepEvidence()).containsExactlyInAnyOrder("Observation/b", "Observation/c");
	}

	@Test
	void manySegmentsOverManyDays_neverReportMoreNightsThanTheWindowHas() {
		List<Observation> records = new ArrayList<>();
		for (int night = 0; night <= 20; night++) { // 21 nights of twenty 21-min segments, tonight's included
			records.addAll(segments("n" + night + "-", TODAY.minusDays(night), 20, 21, 0));
		}

		PatientRecord record = record(records);

		assertThat(record.sleepNights()).isEqualTo(14);
		assertThat(record.meanSleepHours()).isCloseTo(7.0, within(1e-9));
	}

	@ParameterizedTest(name = "{0} {1} -> named and left out")
	@CsvSource({"420, h", "-3, h", "1500, min"})
	void implausibleSleep_isNamedAndLeftOut(double value, String unit) {
		PatientRecord record = record(List.of(lab("odd", Codes.SLEEP, value, unit, TODAY.minusDays(2)), sleep("s", 6, TODAY)));

		assertThat(record.meanSleepHours()).isEqualTo(6.0);
		assertThat(record.sleepNights()).isEqualTo(1);
		assertThat(record.dataQuality()).singleElement().asString().contains("Observation/odd", "not plausible");
	}

	@Test
	void aNightAddingUpToMoreThanADay_isNamedAndLeftOut() {
		LocalDate night = TODAY.minusDays(2);
		PatientRecord record = record(List.of(
				sleepPeriod("early", night + "T20:00:00-05:00", night + "T21:00:00-05:00", 14 * 60),
				sleepPeriod("late", at(night, 0), at(night, 60), 14 * 60),
				sleep("s", 6, TODAY)));

		assertThat(record.sleepNights()).isEqualTo(1);
		assertThat(record.meanSleepHours()).isEqualTo(6.0);
		assertThat(record.dataQuality()).singleElement().asString().contains("night of " + night, "more than 24 h");
	}

	/**
	 * A night recorded as 0 h of sleep (a night a device did not track) is named and left out, alone or as a copy. Before,
	 * it counted as a night of 0 h ("mean sleep 0 h", or 4 h beside an 8 h night) and its message named a copy of nothing.
	 */
	@Test
	void aNightOfNoSleep_isNamedAndLeftOut_notAveragedIn() {
		LocalDate night = TODAY.minusDays(2);
		PatientRecord record = record(List.of(sleep("zero", 0, night), sleep("s", 8, TODAY)));

		assertThat(record.sleepNights()).isEqualTo(1);
		assertThat(record.meanSleepHours()).isEqualTo(8.0);
		assertThat(record.dataQuality()).singleElement().asString().contains("Observation/zero", "0 h", "left out")
				.doesNotContain("counted from  ");
	}

	@Test
	void sleepWithoutAUnit_isNamedByItsResource() {
		Observation observation = sleep("nounit", 7, TODAY);
		observation.getValueQuantity().setCode(null).setUnit(null).setSystem(null);

		PatientRecord record = record(List.of(observation));

		assertThat(record.dataQuality()).singleElement().asString().startsWith("Sleep duration Observation/nounit on ");
	}

	private static Observation timedSession(String id, String type, String start, String end, Double minutes) {
		Observation observation = exercise(id, type, TODAY, minutes == null ? 0 : minutes);
		if (minutes == null) {
			observation.getComponent().clear();
		}
		Period period = new Period().setStartElement(new DateTimeType(start));
		if (end != null) {
			period.setEndElement(new DateTimeType(end));
		}
		observation.setEffective(period);
		return observation;
	}

	@Test
	void theSameWorkoutFromTwoDevices_isCountedOnceAsTheLongerAndNamed() {
		List<Observation> records = new ArrayList<>();
		for (int week = 0; week < 4; week++) {
			LocalDate day = TODAY.minusDays(2 + 7L * week);
			records.add(timedSession("watch" + week, "LA11839-0", day + "T10:00:00+00:00", day + "T10:50:00+00:00", 50.0));
			records.add(timedSession("strava" + week, "LA11839-0", day + "T10:00:00+00:00", day + "T10:52:00+00:00", null));
		}

		PatientRecord record = record(records);

		assertThat(record.exercise()).hasSize(4).allMatch(session -> session.resourceId().contains("strava")
				&& session.minutes() == 52.0);
		assertThat(record.dataQuality()).hasSize(4).allMatch(message -> message.startsWith("Exercise sessions Observation/strava")
				&& message.contains("Observation/watch") && message.contains("counted once"));
	}

	@Test
	void overlappingSessionsOfDifferentTypes_andSessionsOfOneTypeApart_areEachCounted() {
		LocalDate day = TODAY.minusDays(1);
		PatientRecord record = record(List.of(
				timedSession("run", "LA11836-6", day + "T07:00:00Z", day + "T08:00:00Z", 60.0),
				timedSession("lift", "resistance", day + "T07:30:00Z", day + "T08:10:00Z", 40.0),
				timedSession("lift2", "resistance", day + "T18:00:00Z", day + "T18:40:00Z", 40.0),
				exercise("dayonly", "resistance", day, 40)));

		assertThat(record.exercise()).hasSize(4);
		assertThat(record.dataQuality()).isEmpty();
	}

	@ParameterizedTest(name = "{0} to {1}")
	@CsvSource(value = {"2026-05-28T10:00:00+00:00, NULL", "2026-05-28, 2026-05-28"}, nullValues = "NULL")
	void sessionWithoutADuration_isUnknownAndNamed_notZero(String start, String end) {
		PatientRecord record = record(List.of(timedSession("run", "LA11836-6", start, end, null)));

		assertThat(record.exercise()).singleElement().satisfies(session -> assertThat(session.minutes()).isNull());
		assertThat(record.dataQuality()).singleElement().asString().contains("Observation/run", "has no duration");
	}

	@ParameterizedTest(name = "{0} min -> left out")
	@CsvSource({"5000", "-30"})
	void implausibleSessionDuration_isNamedAndLeftOut(double minutes) {
		PatientRecord record = record(List.of(exercise("ride", "prolonged-endurance", TODAY.minusDays(3), minutes)));

		assertThat(record.exercise()).singleElement().satisfies(session -> assertThat(session.minutes()).isNull());
		assertThat(record.dataQuality()).singleElement().asString().contains("Observation/ride", "duration ignored");
	}

	private static <T extends Observation> T withStatus(T observation, Observation.ObservationStatus status) {
		observation.setStatus(status);
		return observation;
	}

	@Test
	void registeredRecords_haveNoResultYetAndAreNotCounted() {
		PatientRecord record = record(List.of(
				withStatus(exercise("e1", "resistance", TODAY.minusDays(1), 45), Observation.ObservationStatus.REGISTERED),
				withStatus(sleep("s1", 5, TODAY), Observation.ObservationStatus.REGISTERED),
				exercise("e2", "resistance", TODAY.minusDays(2), 45)));

		assertThat(record.exercise()).extracting(ExerciseSession::resourceId).containsExactly("Observation/e2");
		assertThat(record.meanSleepHours()).isNull();
		assertThat(record.dataQuality()).containsExactlyInAnyOrder(
				"Exercise session Observation/e1 on " + TODAY.minusDays(1) + " has status registered (no result yet available); not counted",
				"Sleep duration Observation/s1 on " + TODAY + " has status registered (no result yet available); not counted");
	}

	@Test
	void aRegisteredIgf1_isNotReadAndAnOlderOneIsNotTakenForTheCurrentOne() {
		PatientRecord record = Scenario.of(patient(45, "male"), igf1("old", 150, TODAY.minusDays(30)),
				withStatus(igf1("new", 900, TODAY.minusDays(1)), Observation.ObservationStatus.REGISTERED)).record();

		assertThat(record.igf1()).extracting(Igf1Point::resourceId).containsExactly("Observation/old");
		assertThat(record.supersededByUnreadIgf1(record.igf1().get(0))).isTrue();
	}

	@Test
	void unknownStatus_isReadAsForLabs() {
		PatientRecord record = record(List.of(
				withStatus(exercise("e1", "resistance", TODAY.minusDays(1), 45), Observation.ObservationStatus.UNKNOWN),
				withStatus(sleep("s1", 5, TODAY), Observation.ObservationStatus.UNKNOWN),
				withStatus(igf1("o1", 150, TODAY), Observation.ObservationStatus.UNKNOWN)));

		assertThat(record.exercise()).hasSize(1);
		assertThat(record.meanSleepHours()).isEqualTo(5.0);
		assertThat(record.igf1()).hasSize(1);
	}

	@Test
	void anExerciseTypeValueUnderAnotherCode_isNotASession_asTheStoreDoesNotFetchIt() {
		Observation observation = exercise("e1", "resistance", TODAY.minusDays(1), 45);
		observation.setCode(new CodeableConcept(new Coding("http://loinc.org", "55423-8", "Number of steps")));

		PatientRecord record = record(List.of(observation));

		assertThat(record.exercise()).isEmpty();
	}

	@Test
	void nightOf_isTheDayOfTheEndLessTheBoundaryOnTheRecordsOwnClock() {
		Observation lateNight = sleepPeriod("x", "2026-05-20T23:30:00-10:00", "2026-05-21T07:00:00-10:00", 450);
		Observation nap = sleepPeriod("y", "2026-05-21T13:00:00+14:00", "2026-05-21T13:30:00+14:00", 30);
		Observation dayOnly = sleep("z", 7, LocalDate.of(2026, 5, 21));

		assertThat(LifestyleReader.nightOf(lateNight, 12)).isEqualTo(LocalDate.of(2026, 5, 20));
		assertThat(LifestyleReader.nightOf(nap, 12)).isEqualTo(LocalDate.of(2026, 5, 21));
		assertThat(LifestyleReader.nightOf(dayOnly, 12)).isEqualTo(LocalDate.of(2026, 5, 20));
	}
}
