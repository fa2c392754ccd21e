package org.somaxis.guidance.record;

import static org.somaxis.guidance.record.FhirValues.hasCode;
import static org.somaxis.guidance.record.FhirValues.hasLoinc;
import static org.somaxis.guidance.record.FhirValues.unconvertible;

import java.time.LocalDate;
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

	void readSleep(Observation observation, String id, LocalDate date) {
		if (!record.withinDays(date, Threshold.SLEEP_WINDOW_DAYS)) {
			return;
		}
		Quantity quantity = ObservationReader.quantity(observation, id, date, ObservationKind.SLEEP, record.messages);
		Double minutes = record.units.minutes(quantity);
		if (minutes == null) {
			throw new DataProblemException(unconvertible("Sleep duration", date, quantity));
		}
		record.sleepHours.add(minutes / 60.0);
		record.sleepEvidence.add(id);
	}

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
		if (minutes == null && observation.hasEffectivePeriod()) {
			Period period = observation.getEffectivePeriod();
			if (period.getStart() != null && period.getEnd() != null) {
				minutes = (period.getEnd().getTime() - period.getStart().getTime()) / 60000.0;
			}
		}
		if (minutes != null && minutes < 0) {
			record.messages.add("Exercise session " + id + " on " + date + " has a negative duration; duration ignored");
			minutes = null;
		}
		record.exercise.add(new ExerciseSession(id, date, type, minutes, rpe));
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
