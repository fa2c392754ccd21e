package org.somaxis.guidance.record;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/** Exercise types from the exercise-types CodeSystem. */
public enum ExerciseType {
	RESISTANCE("resistance"),
	HIIT("hiit"),
	MODERATE_AEROBIC("moderate-aerobic"),
	PROLONGED_ENDURANCE("prolonged-endurance");

	private final String code;

	ExerciseType(String code) {
		this.code = code;
	}

	public String code() {
		return code;
	}

	public static ExerciseType fromCode(String code) {
		for (ExerciseType type : values()) {
			if (type.code.equals(code)) {
				return type;
			}
		}
		return null;
	}

	/** From an exercise value: our exercise-types codes, LOINC answers (Weights, Running, Bicycling) or SNOMED. */
	public static ExerciseType from(CodeableConcept value) {
		if (value == null) {
			return null;
		}
		for (Coding coding : value.getCoding()) {
			ExerciseType type = from(coding.getSystem(), coding.getCode());
			if (type != null) {
				return type;
			}
		}
		return null;
	}

	private static ExerciseType from(String system, String code) {
		if (Codes.EXERCISE_TYPES.equals(system)) {
			return fromCode(code);
		}
		if (Codes.LOINC.equals(system)) {
			return switch (String.valueOf(code)) {
				case "LA11839-0" -> RESISTANCE;
				case "LA11836-6", "LA11837-4" -> MODERATE_AEROBIC;
				default -> null;
			};
		}
		if (Codes.SNOMED.equals(system)) {
			return switch (String.valueOf(code)) {
				case "266741004" -> RESISTANCE;
				case "229072005" -> MODERATE_AEROBIC;
				default -> null;
			};
		}
		return null;
	}
}
