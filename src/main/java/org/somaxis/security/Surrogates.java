package org.somaxis.security;

/**
 * Lone UTF-16 surrogates: a JSON {@code "\ud800"} escape decodes to one, but no UTF-8 encoder, database or
 * FHIR parser can carry it further, so a request holding one is refused up front.
 */
final class Surrogates {
	private Surrogates() {}

	static boolean hasLoneSurrogate(CharSequence text) {
		if (text == null) {
			return false;
		}
		int n = text.length();
		for (int i = 0; i < n; i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c)) {
				if (i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
					i++;
				} else {
					return true;
				}
			} else if (Character.isLowSurrogate(c)) {
				return true;
			}
		}
		return false;
	}
}
