package org.somaxis.guidance.record;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One IGF-1 result, normalised to ng/mL.
 *
 * @param reported the value and unit as the laboratory reported them ("60 nmol/L") when they were converted; null when
 *     the value is as reported
 * @param interval null when no interval applies (then sds and interpretation are null too)
 * @param duringTherapy drawn on or after the start of the first active peptide order
 * @param time the instant it is dated by when its date has a time of day; null for a date alone
 * @param adultBandsOnly read against the highest band of a table that begins above the patient's age (a child's result
 *     above every adult band): above them, but not known to be above the child's own range
 * @param labFlagDisagrees the lab flagged it high or low (and sent no range) where the interval used reads it otherwise:
 *     named in a message, and nothing reassuring is said of it
 * @param preliminary its status is {@code preliminary} (R4: "data may be incomplete or unverified"): read as any result,
 *     and said to be preliminary wherever a card names it
 */
public record Igf1Point(
		String resourceId,
		LocalDate date,
		double ngPerMl,
		String reported,
		ReferenceInterval interval,
		Double sds,
		Interpretation interpretation,
		boolean duringTherapy,
		Instant time,
		boolean adultBandsOnly,
		boolean labFlagDisagrees,
		boolean preliminary) {

	public boolean hasInterpretation() {
		return interpretation != null;
	}
}
