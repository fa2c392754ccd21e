package org.somaxis.guidance.record;

import static org.somaxis.guidance.record.FhirValues.hasCode;
import static org.somaxis.guidance.record.FhirValues.hasLoinc;
import static org.somaxis.guidance.record.FhirValues.instantWithTime;
import static org.somaxis.guidance.record.FhirValues.localDate;
import static org.somaxis.guidance.record.FhirValues.number;
import static org.somaxis.guidance.record.FhirValues.ownClock;
import static org.somaxis.guidance.record.FhirValues.unconvertible;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.somaxis.guidance.DataProblemException;
import org.somaxis.guidance.knowledge.Threshold;

/** Reads lifestyle observations: sleep duration, exercise sessions and the caloric-restriction flag. */
final class LifestyleReader {
	private final RecordBuilder record;

	LifestyleReader(RecordBuilder record) {
		this.record = record;
	}

	/**
	 * A sleep record of the sleep window, by its night: the sleep days {@code sleep-window-days} before the evaluation
	 * date (the evaluation date's own night has not ended). A negative duration, or more hours than a day has, is named
	 * and left out (minutes sent as hours read 420 h as one night).
	 */
	void readSleep(Observation observation, String id, LocalDate date) {
		LocalDate night = nightOf(observation, record.threshold(Threshold.SLEEP_NIGHT_BOUNDARY_HOURS));
		if (night == null || night.isBefore(record.evaluationDate.minusDays((long) record.threshold(Threshold.SLEEP_WINDOW_DAYS)))
				|| !night.isBefore(record.evaluationDate)) {
			return;
		}
		Quantity quantity = ObservationReader.quantity(observation, id, date, ObservationKind.SLEEP, record.messages);
		Double minutes = record.units.minutes(quantity);
		if (minutes == null) {
			throw new DataProblemException(unconvertible(ObservationKind.SLEEP, id, date, quantity));
		}
		double hours = ObservationReader.asRead(quantity, minutes) / 60.0;
		double max = record.threshold(Threshold.SLEEP_MAX_HOURS_PER_NIGHT);
		if (hours < 0 || hours > max) {
			throw new DataProblemException("Sleep duration " + id + " on " + date + " is " + number(hours) + " h, "
					+ (hours < 0 ? "a negative duration" : "more than " + number(max) + " h in one record")
					+ "; not plausible, ignored - please check the units");
		}
		Period period = observation.hasEffectivePeriod() ? observation.getEffectivePeriod() : null;
		Instant start = period == null ? null : instantWithTime(period.getStartElement());
		Instant end = period == null ? null : instantWithTime(period.getEndElement());
		record.sleep.add(new SleepNights.Sleep(id, night, start, end, hours));
	}

	/**
	 * The sleep day a record belongs to, its "night of": the day of its end (or, without one, its start or its time)
	 * less {@code sleep-night-boundary-hours} (12) on the record's own clock, so a night from 23:00 to 06:30 is the night
	 * of the day it began, a nap at 14:00 belongs to its day, and segments of one night crossing midnight fall on one
	 * night. A record dated only by a day names the day the night ended (as wearables date a night by the wake day), so
	 * it is the night of the day before. Null when it has no day.
	 */
	static LocalDate nightOf(Observation observation, double boundaryHours) {
		BaseDateTimeType time = null;
		if (observation.hasEffectivePeriod()) {
			Period period = observation.getEffectivePeriod();
			time = period.hasEnd() ? period.getEndElement() : period.getStartElement();
		} else if (observation.hasEffectiveDateTimeType()) {
			time = observation.getEffectiveDateTimeType();
		} else if (observation.hasEffectiveInstantType()) {
			time = observation.getEffectiveInstantType();
		}
		LocalDateTime clock = ownClock(time);
		if (clock != null) {
			return clock.minusMinutes(Math.round(boundaryHours * 60)).toLocalDate();
		}
		LocalDate day = localDate(time);
		return day == null ? null : day.minusDays(1);
	}

	/**
	 * A session of the exercise window. Its duration is the duration component (55411-3) or its period when both ends
	 * have a time; a date-only period, or none, leaves it unknown, and a message names it: a rule that adds minutes
	 * leaves it out rather than read it as 0. A negative duration or one longer than {@code exercise-max-session-minutes}
	 * is named and left out the same way.
	 */
	void readExercise(Observation observation, String id, LocalDate date) {
		if (!record.withinDays(date, Threshold.EXERCISE_WINDOW_DAYS)) {
			return;
		}
		ExerciseType type = ExerciseType.from(observation.hasValueCodeableConcept() ? observation.getValueCodeableConcept() : null);
		if (type == null) {
			throw new DataProblemException("Exercise session " + id + " on " + date + " has no recognised exercise type; ignored");
		}
		Double minutes = null;
		Double rpe = null;
		for (Observation.ObservationComponentComponent component : observation.getComponent()) {
			if (hasLoinc(component.getCode(), Codes.EXERCISE_DURATION) && component.hasValueQuantity()) {
				minutes = record.units.minutes(component.getValueQuantity());
			} else if (hasCode(component.getCode(), Codes.OBSERVATION_CODES, "rpe")) {
				if (component.hasValueQuantity() && component.getValueQuantity().hasValue()) {
					rpe = component.getValueQuantity().getValue().doubleValue();
				} else if (component.hasValueIntegerType() && component.getValueIntegerType().getValue() != null) {
					rpe = component.getValueIntegerType().getValue().doubleValue();
				}
			}
		}
		Period period = observation.hasEffectivePeriod() ? observation.getEffectivePeriod() : null;
		Instant start = period != null ? instantWithTime(period.getStartElement())
				: observation.hasEffectiveDateTimeType() ? instantWithTime(observation.getEffectiveDateTimeType())
				: observation.hasEffectiveInstantType() ? instantWithTime(observation.getEffectiveInstantType()) : null;
		Instant end = period == null ? null : instantWithTime(period.getEndElement());
		if (minutes == null && start != null && end != null) {
			minutes = (end.toEpochMilli() - start.toEpochMilli()) / 60000.0;
		}
		double max = record.threshold(Threshold.EXERCISE_MAX_SESSION_MINUTES);
		if (minutes == null) {
			record.messages.add("Exercise session " + id + " on " + date + " has no duration (no exercise duration 55411-3,"
					+ " no period with a start and an end time); counted as a session, its minutes unknown and not added");
		} else if (minutes < 0) {
			record.messages.add("Exercise session " + id + " on " + date + " has a negative duration; duration ignored");
			minutes = null;
		} else if (minutes > max) {
			record.messages.add("Exercise session " + id + " on " + date + " lasts " + number(minutes) + " min, more than "
					+ number(max) + " min; not plausible (a unit error?), duration ignored - please check it");
			minutes = null;
		}
		if (end == null && start != null) {
			end = minutes == null ? start : start.plusMillis(Math.round(minutes * 60000));
		}
		record.sessions.add(new ExerciseCopies.Timed(new ExerciseSession(id, date, type, minutes, rpe), start, end));
	}

	/** After every Observation is read: sleep per night, and each session once however many devices sent it. */
	void finish() {
		record.sleepSummary = SleepNights.summarise(record.sleep, record.threshold(Threshold.SLEEP_MAX_HOURS_PER_NIGHT),
				record.messages);
		record.exercise.addAll(ExerciseCopies.countedOnce(record.sessions, record.messages));
	}

	void readCaloricRestriction(Observation observation, String id, LocalDate date) {
		if (!observation.hasValueBooleanType() || observation.getValueBooleanType().getValue() == null) {
			throw new DataProblemException("Caloric restriction flag " + id + " on " + date + " has no boolean value; ignored");
		}
		if (record.caloricDate == null || !date.isBefore(record.caloricDate)) {
			record.caloricDate = date;
			record.caloricId = id;
			record.caloricRestriction = observation.getValueBooleanType().getValue();
		}
	}
}
