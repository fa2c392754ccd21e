package org.somaxis.guidance.record;

import java.time.LocalDate;

/**
 * A GH-axis peptide order or statement: current (active), being written (draft) or past (ended).
 *
 * @param code gh-peptides code, e.g. "ipamorelin"
 * @param mechanism "ghrh-analogue" or "ghs"
 * @param routeCode SNOMED route code, or "" when not given
 * @param dose dose as text ("300 ug"), or ""
 * @param schedule dosage text, else the timing as "1 per 1 d", or ""
 * @param start bounds start, else authoredOn (null when neither is given)
 * @param authoredOn null when absent
 * @param doseMicrograms the first dose in micrograms (UCUM mass units), null when absent or not a mass
 */
public record PeptideOrder(
		String resourceId,
		String code,
		String display,
		String mechanism,
		OrderStatus status,
		String routeCode,
		String dose,
		String schedule,
		LocalDate start,
		LocalDate authoredOn,
		Double doseMicrograms) {

	public boolean isDraft() {
		return status == OrderStatus.DRAFT;
	}

	public boolean isActive() {
		return status == OrderStatus.ACTIVE;
	}

	/** Stopped, completed or on hold: part of the therapy history, not current therapy. */
	public boolean isEnded() {
		return status == OrderStatus.ENDED || status == OrderStatus.ON_HOLD;
	}

	/** Paused: not current therapy, but it may be resumed without a new order. */
	public boolean isOnHold() {
		return status == OrderStatus.ON_HOLD;
	}

	/** True when both doses are known and this one is lower than {@code other}'s. */
	public boolean lowerDoseThan(PeptideOrder other) {
		return doseMicrograms != null && other.doseMicrograms != null && doseMicrograms < other.doseMicrograms;
	}
}
