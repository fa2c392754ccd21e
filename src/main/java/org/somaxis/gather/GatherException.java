package org.somaxis.gather;

/**
 * The data for an evaluation cannot be used, and why. Each face maps the reason to its own status (docs/operations.md,
 * docs/cds-services.md); the message never contains a token.
 */
public final class GatherException extends RuntimeException {

	public enum Reason {
		/** A Patient, or a resource's subject, is not the patient asked for ($evaluate 400, CDS 400). */
		PATIENT_MISMATCH,
		/** The input is not usable FHIR for this purpose: no Patient, a malformed draft order ($evaluate 400, CDS 400). */
		MALFORMED,
		/** The patient is not in the store ($evaluate 404, CDS 412). */
		PATIENT_UNKNOWN,
		/** The patient was deleted ($evaluate 410, CDS 412). */
		PATIENT_GONE,
		/** The data cannot be obtained: no prefetch and no allowed server, remote failure (CDS 412). */
		UNAVAILABLE
	}

	private final Reason reason;
	private final String location;

	public GatherException(Reason reason, String message, String location) {
		super(message);
		this.reason = reason;
		this.location = location;
	}

	public GatherException(Reason reason, String message) {
		this(reason, message, null);
	}

	public Reason reason() {
		return reason;
	}

	/** The input element at fault (e.g. "data.entry[2]", "prefetch.patient"), or null. */
	public String location() {
		return location;
	}
}
