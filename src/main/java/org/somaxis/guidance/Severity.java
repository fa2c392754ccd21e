package org.somaxis.guidance;

import java.util.Locale;

/** Finding severity; maps 1:1 to the CDS Hooks card indicator. Ordered from least to most severe. */
public enum Severity {
	INFO,
	WARNING,
	CRITICAL;

	/** The CDS Hooks indicator value ("info", "warning", "critical"). */
	public String indicator() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** Parses an indicator value; returns null when the text is not one of info, warning, critical. */
	public static Severity fromIndicator(String text) {
		for (Severity severity : values()) {
			if (severity.indicator().equals(text)) {
				return severity;
			}
		}
		return null;
	}
}
