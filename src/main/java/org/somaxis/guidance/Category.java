package org.somaxis.guidance;

import java.util.Locale;

/**
 * The two tables of CLINICAL.md. A safety finding is also rendered as a DetectedIssue by the FHIR operations;
 * lifestyle findings are advice only.
 */
public enum Category {
	SAFETY,
	LIFESTYLE;

	/** The value used in knowledge/rules.yaml and docs/guidance-rules.md ("safety", "lifestyle"). */
	public String code() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** Parses a code; null when the text is not one of safety, lifestyle. */
	public static Category fromCode(String text) {
		for (Category category : values()) {
			if (category.code().equals(text)) {
				return category;
			}
		}
		return null;
	}
}
