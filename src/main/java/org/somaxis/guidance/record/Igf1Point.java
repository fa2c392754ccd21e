package org.somaxis.guidance.record;

import java.time.LocalDate;

/**
 * One IGF-1 result, normalised to ng/mL.
 *
 * @param interval null when no interval applies (then sds and interpretation are null too)
 * @param duringTherapy drawn on or after the start of the first active peptide order
 */
public record Igf1Point(
		String resourceId,
		LocalDate date,
		double ngPerMl,
		String reported,
		ReferenceInterval interval,
		Double sds,
		Interpretation interpretation,
		boolean duringTherapy) {

	public boolean hasInterpretation() {
		return interpretation != null;
	}
}
