package org.somaxis.security;

/**
 * C0 control characters other than tab, CR and LF: FHIR strings may not hold them ({@code [ \r\n\t\S]+}), XML cannot
 * carry them, and PostgreSQL refuses U+0000 outright ("invalid byte sequence for encoding UTF8: 0x00"), so a JSON
 * {@code "\u0000"} or a search value {@code name=a%00b} would end in a database error.
 */
final class ControlCharacters {
	private ControlCharacters() {}

	static boolean hasForbidden(CharSequence text) {
		if (text == null) {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x20 && c != '\t' && c != '\r' && c != '\n') {
				return true;
			}
		}
		return false;
	}
}
