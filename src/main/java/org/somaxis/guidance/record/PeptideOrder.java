package org.somaxis.guidance.record;

import java.time.LocalDate;

/**
 * A GH-axis peptide order or statement, or a record that the peptide was given or dispensed: current (active), being
 * written (draft) or past (ended).
 *
 * @param code gh-peptides code, e.g. "ipamorelin"
 * @param mechanism "ghrh-analogue" or "ghs"
 * @param routeCode SNOMED route code, or "" when not given
 * @param dose dose as text ("300 ug"), or ""
 * @param schedule dosage text, else the timing as "1 per 1 d", or ""
 * @param start bounds start, else authoredOn (null when neither is given)
 * @param authoredOn null when absent
 * @param doseMicrograms the first dose in micrograms (UCUM mass units), null when absent or not a mass
 * @param scheduled the daily amount is given or could differ from the dose: a timing (repeat or code), several
 *     dosage instructions, or a dose as needed
 * @param dailyMicrograms the dose times the administrations a day its timing gives (frequency per period), null when
 *     either is unknown or the timing says more than that
 * @param source what kind of record says so: only an order or a statement is changed by a card's actions
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
		Double doseMicrograms,
		boolean scheduled,
		Double dailyMicrograms,
		Source source) {

	/** The kind of record a peptide is read from. */
	public enum Source {
		/** A stored MedicationRequest (a draft among them is one left in the chart). */
		ORDER,
		/** A draft sent with the request (a hook's or $evaluate's draftOrders): the order being written now. */
		REQUESTED_DRAFT,
		STATEMENT,
		/** A MedicationAdministration: the peptide was given. */
		ADMINISTRATION,
		/** A MedicationDispense: the pharmacy handed it over. */
		DISPENSE;

		/**
		 * An order or a statement, which a card may change (stop, set the route) and whose route, dose and notes are
		 * read; a record that the peptide was given or dispensed is a past event, evidence of therapy, and is neither.
		 */
		public boolean changeable() {
			return this != ADMINISTRATION && this != DISPENSE;
		}
	}

	/** As {@link Source#changeable()}. */
	public boolean changeable() {
		return source.changeable();
	}

	/** The same record with another status. */
	PeptideOrder withStatus(OrderStatus value) {
		return new PeptideOrder(resourceId, code, display, mechanism, value, routeCode, dose, schedule, start, authoredOn,
				doseMicrograms, scheduled, dailyMicrograms, source);
	}

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

	/**
	 * True when this order gives less of the peptide than {@code other}: less a day when either gives a timing (1.5 mg
	 * twice a day is not less than 2 mg once a day), else a lower dose. False when that cannot be told (a dose missing,
	 * a timing on one side only, one that says more than a frequency per period, several instructions, as needed), so
	 * no reduction is assumed.
	 */
	public boolean lowerDoseThan(PeptideOrder other) {
		if (doseMicrograms == null || other.doseMicrograms == null) {
			return false;
		}
		if (scheduled || other.scheduled) {
			return dailyMicrograms != null && other.dailyMicrograms != null && dailyMicrograms < other.dailyMicrograms;
		}
		return doseMicrograms < other.doseMicrograms;
	}
}
