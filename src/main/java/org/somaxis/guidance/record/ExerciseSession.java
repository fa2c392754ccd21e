package org.somaxis.guidance.record;

import java.time.LocalDate;

/**
 * One exercise session inside the exercise window.
 *
 * @param minutes duration, null when unknown (not recorded, or not plausible): never read as 0
 * @param rpe rating of perceived exertion, null when not recorded
 */
public record ExerciseSession(String resourceId, LocalDate date, ExerciseType type, Double minutes, Double rpe) {
	public boolean hasMinutes() {
		return minutes != null;
	}
}
