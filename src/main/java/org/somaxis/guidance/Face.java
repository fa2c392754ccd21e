package org.somaxis.guidance;

import java.util.Locale;

/** Where a rule fires: the patient chart, an order being written, or a single new result. */
public enum Face {
	/** patient-view hook and Patient/$evaluate. */
	PATIENT_VIEW("PV"),
	/** order-select, order-sign and $evaluate with draft orders. */
	ORDER("OS"),
	/** Observation/$evaluate on one result. */
	OBSERVATION("OBS");

	private final String abbreviation;

	Face(String abbreviation) {
		this.abbreviation = abbreviation;
	}

	/** The short form used in CLINICAL.md and docs/guidance-rules.md (PV, OS, OBS). */
	public String abbreviation() {
		return abbreviation;
	}

	/** Parses PV/OS/OBS or the enum name, case-insensitively; null when unknown. */
	public static Face parse(String text) {
		if (text == null) {
			return null;
		}
		String upper = text.trim().toUpperCase(Locale.ROOT);
		for (Face face : values()) {
			if (face.abbreviation.equals(upper) || face.name().equals(upper)) {
				return face;
			}
		}
		return null;
	}
}
