package org.somaxis.guidance.record;

/** Metabolic labs and the unit each is normalised to. */
public enum LabKind {
	FASTING_GLUCOSE("mg/dL"),
	/** A glucose not marked fasting ({@link ObservationKind#GLUCOSE_NOT_FASTING}). */
	GLUCOSE_NOT_FASTING("mg/dL"),
	INSULIN("uIU/mL"),
	HBA1C("%"),
	HOMA_IR(""),
	IGFBP3("mg/L"),
	TESTOSTERONE("ng/dL");

	private final String unit;

	LabKind(String unit) {
		this.unit = unit;
	}

	/** The label of the observation kinds read as this lab ("Fasting glucose"). */
	public String label() {
		for (ObservationKind kind : ObservationKind.values()) {
			if (kind.lab().orElse(null) == this) {
				return kind.label();
			}
		}
		throw new IllegalStateException("no observation kind is read as " + this);
	}

	public String unit() {
		return unit;
	}
}
