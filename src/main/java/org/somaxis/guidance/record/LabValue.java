package org.somaxis.guidance.record;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.somaxis.guidance.knowledge.Knowledge;
import org.somaxis.guidance.knowledge.Threshold;

/**
 * A metabolic lab value in its normalised unit ({@link LabKind#unit()}).
 *
 * @param resourceIds the observation, or for a derived HOMA-IR both inputs
 * @param derived true for a HOMA-IR computed from a same-day glucose/insulin pair
 * @param time the instant it is dated by when its date has a time of day; null for a date alone or a derived value
 * @param reported what a card quotes beside the value read: the value and unit as the laboratory reported them ("53
 *     mmol/mol", "&gt;53 mmol/mol") when they were converted or given as a bound, and "preliminary" when the result's
 *     status says so ("14.4 mmol/L; preliminary"); null when there is none of these (or the value is derived)
 * @param millimolesPerLitre a glucose reported in mmol/L: its value so (just under a '&lt;' bound's number), which the
 *     cut-offs in mmol/L judge; null for any other
 */
public record LabValue(LabKind kind, LocalDate date, double value, List<String> resourceIds, boolean derived, Instant time,
		String reported, Double millimolesPerLitre) {
	public LabValue {
		resourceIds = List.copyOf(resourceIds);
	}

	/**
	 * Whether the value meets a cut-off of the knowledge: a glucose reported in mmol/L the cut-off's pair in mmol/L
	 * ({@link Threshold#inMillimolesPerLitre}), every other value the cut-off in its unit.
	 */
	public boolean meets(Threshold cutOff, Knowledge knowledge) {
		Optional<Threshold> inMillimoles = cutOff.inMillimolesPerLitre();
		return millimolesPerLitre != null && inMillimoles.isPresent()
				? millimolesPerLitre >= knowledge.threshold(inMillimoles.get())
				: value >= knowledge.threshold(cutOff);
	}
}
