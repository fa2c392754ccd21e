package org.somaxis.guidance;

import java.util.Objects;

/**
 * One step of a suggestion. CREATE carries the LOINC code of a ServiceRequest to order, and when it is due (null:
 * now); DELETE and UPDATE carry the id of the draft (or active) order they act on, e.g. "MedicationRequest/draft-1";
 * UPDATE also carries the typed {@link Change} the renderers apply to build the whole changed resource. No behaviour
 * depends on the description.
 *
 * @param dueFrom with a CREATE, the first day the test is due, after the evaluation date ("repeat in 4-6 weeks", "once
 *     the ended therapy has worn off"), or null for now
 * @param dueTo with a CREATE, the last day it is due, or null for no end
 */
public record Action(Type type, String description, String loincCode, String loincDisplay, String resourceId,
		Change change, java.time.LocalDate dueFrom, java.time.LocalDate dueTo) {

	public enum Type {
		CREATE,
		UPDATE,
		DELETE
	}

	/**
	 * What an update changes on a MedicationRequest (knowledge/rules.yaml {@code set-status}, {@code set-route}).
	 *
	 * @param status the new MedicationRequest.status code ("stopped", "on-hold"), or null to keep it
	 * @param routeCode the SNOMED CT route code every dosage instruction gets, or null to keep the route
	 * @param statusReasonCode with a status, the code of HL7's medicationrequest-status-reason the order's
	 *     {@code statusReason} gets ("preg", "salg"), or null when none fits
	 * @param statusReasonText with a status, the {@code statusReason} text: why (the finding's summary), or null
	 * @param endsOn with a stop, the day the dosing ends: each dosage's {@code timing.repeat.boundsPeriod.end} gets it
	 *     (unless it ends sooner), as EHRs date a stop, so that the record shows when the peptide ended (an IGF-1 drawn
	 *     soon after is read in that light; probe 59, P59-M1); null to keep the bounds
	 */
	public record Change(String status, String routeCode, String statusReasonCode, String statusReasonText,
			java.time.LocalDate endsOn) {
		public Change {
			if (status == null && routeCode == null) {
				throw new IllegalArgumentException("a change must set a status or a route");
			}
			if (status == null && (statusReasonCode != null || statusReasonText != null || endsOn != null)) {
				throw new IllegalArgumentException("a status reason or an end comes with a status");
			}
		}

		public static Change status(String status) {
			return status(status, null, null);
		}

		/** A new status, with why: a code of HL7's medicationrequest-status-reason (or null) and a text. */
		public static Change status(String status, String statusReasonCode, String statusReasonText) {
			return status(status, statusReasonCode, statusReasonText, null);
		}

		/** A new status, with why, and the day the dosing ends (a stop), or null. */
		public static Change status(String status, String statusReasonCode, String statusReasonText,
				java.time.LocalDate endsOn) {
			return new Change(Objects.requireNonNull(status), null, statusReasonCode, statusReasonText, endsOn);
		}

		public static Change route(String routeCode) {
			return new Change(null, Objects.requireNonNull(routeCode), null, null, null);
		}
	}

	public Action {
		Objects.requireNonNull(type, "type");
		description = description == null ? "" : description;
		loincCode = loincCode == null ? "" : loincCode;
		loincDisplay = loincDisplay == null ? "" : loincDisplay;
		resourceId = resourceId == null ? "" : resourceId;
		if ((type == Type.UPDATE) != (change != null)) {
			throw new IllegalArgumentException("an update, and only an update, carries a change");
		}
		if ((dueFrom != null || dueTo != null) && type != Type.CREATE
				|| dueFrom != null && dueTo != null && dueTo.isBefore(dueFrom)) {
			throw new IllegalArgumentException("a due period belongs to a create, and ends no sooner than it starts");
		}
	}

	public static Action orderLab(String loincCode, String display) {
		return orderLab(loincCode, display, null, null);
	}

	/** A lab order due from {@code dueFrom} to {@code dueTo} (either may be null). */
	public static Action orderLab(String loincCode, String display, java.time.LocalDate dueFrom, java.time.LocalDate dueTo) {
		return new Action(Type.CREATE, "Order " + display, loincCode, display, "", null, dueFrom, dueTo);
	}

	public static Action delete(String resourceId) {
		return new Action(Type.DELETE, "Remove " + resourceId, "", "", resourceId, null, null, null);
	}

	public static Action update(String resourceId, String description, Change change) {
		return new Action(Type.UPDATE, description, "", "", resourceId, change, null, null);
	}
}
