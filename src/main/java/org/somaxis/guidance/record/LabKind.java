package org.somaxis.guidance.record;

/** Metabolic labs and the unit each is normalised to. */
public enum LabKind {
	FASTING_GLUCOSE("Fasting glucose", "mg/dL"),
	INSULIN("Fasting insulin", "uIU/mL"),
	HBA1C("HbA1c", "%"),
	HOMA_IR("HOMA-IR", ""),
	IGFBP3("IGFBP-3", "mg/L"),
	TESTOSTERONE("Testosterone", "ng/dL");

	private final String label;
	private final String unit;

	LabKind(String label, String unit) {
		this.label = label;
		this.unit = unit;
	}

	public String label() {
		return label;
	}

	public String unit() {
		return unit;
	}
}
