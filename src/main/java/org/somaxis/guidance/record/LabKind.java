package org.somaxis.guidance.record;

/** Metabolic labs and the unit each is normalised to. */
public enum LabKind {
	FASTING_GLUCOSE("mg/dL"),
	INSULIN("uIU/mL"),
	HBA1C("%"),
	HOMA_IR(""),
	IGFBP3("mg/L"),
	TESTOSTERONE("ng/dL");

	private final String unit;

	LabKind(String unit) {
		this.unit = unit;
	}

	public String unit() {
		return unit;
	}
}
