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
 * @param reported what a card quotes beside the value read: the value and unit as the laboratory reported them ("53
 *     mmol/mol", "&gt;53 mmol/mol") when they were converted or given as a bound, and "preliminary" when the result's
 *     status says so ("14.4 mmol/L; preliminary"); null when there is none of these (or the value is derived)
 */
public record LabValue(LabKind kind, LocalDate date, double value, List<String> resourceIds, boolean derived, Instant time,
		String reported) {
	public LabValue {
		resourceIds = List.copyOf(resourceIds);
	}
}
