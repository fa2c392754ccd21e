package org.somaxis.guidance.record;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A metabolic lab value in its normalised unit ({@link LabKind#unit()}).
 *
 * @param resourceIds the observation, or for a derived HOMA-IR both inputs
 * @param derived true for a HOMA-IR computed from a same-day glucose/insulin pair
 * @param time the instant it is dated by when its date has a time of day; null for a date alone or a derived value
 */
public record LabValue(LabKind kind, LocalDate date, double value, List<String> resourceIds, boolean derived, Instant time) {
	public LabValue {
		resourceIds = List.copyOf(resourceIds);
	}
}
