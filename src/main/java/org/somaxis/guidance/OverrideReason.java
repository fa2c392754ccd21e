package org.somaxis.guidance;

import java.util.Objects;

/**
 * A reason a clinician may give for overriding a critical card: a code of the guidance-override-reasons CodeSystem
 * (terminology/CodeSystem-guidance-override-reasons.json) and its display.
 */
public record OverrideReason(String code, String display) {
	public static final String SYSTEM = "http://somaxis.org/fhir/CodeSystem/guidance-override-reasons";

	public OverrideReason {
		Objects.requireNonNull(code, "code");
		Objects.requireNonNull(display, "display");
	}
}
