package org.somaxis.fhir;

import java.util.Locale;

/** Media types as HAPI compares them: exactly, where RFC 9110 matches them without regard to case. */
public final class MediaTypes {
	private MediaTypes() {}

	/**
	 * The media type in lower case, its parameters as sent: HAPI refused {@code Application/JSON-Patch+JSON} as no patch
	 * type (HAPI-1965; probe 79, P79-m4; probe 80, P80-m1).
	 */
	public static String lowerCase(String contentType) {
		String[] parts = contentType.split(";", 2);
		return parts[0].toLowerCase(Locale.ROOT) + (parts.length > 1 ? ";" + parts[1] : "");
	}
}
