package org.somaxis.security;

/**
 * Recognises decimal number literals ({@code -12.5e+300}) and measures their decimal exponent, in one pass and
 * without converting anything: converting is exactly what a hostile literal such as {@code 1e999999999} is
 * meant to make expensive (HAPI expands decimals with {@code BigDecimal.toPlainString()}).
 *
 * <p>Shared by the body and the query-string inspections, so a bomb is recognised the same way wherever it
 * is sent.
 */
final class NumberLiterals {
	/** Exponents beyond this many digits are reported as this value: larger than any sane limit. */
	static final long HUGE = Long.MAX_VALUE;

	private NumberLiterals() {}

	/** True when {@code text} is, as a whole, a decimal literal with an exponent part (FHIR decimals, JSON numbers). */
	static boolean isNumberWithExponent(CharSequence text) {
		return exponentMagnitude(text) >= 0;
	}

	/** True when {@code text} is, as a whole, a decimal literal with or without an exponent. */
	static boolean isNumber(CharSequence text) {
		return scan(text) != NOT_A_NUMBER;
	}

	/**
	 * The magnitude of the decimal exponent of {@code text} when it is a number literal with an exponent part
	 * ({@link #HUGE} when the exponent has more than 18 digits), or -1 when {@code text} is not such a literal.
	 */
	static long exponentMagnitude(CharSequence text) {
		long scanned = scan(text);
		return scanned == NOT_A_NUMBER || scanned == NO_EXPONENT ? -1 : scanned;
	}

	private static final long NOT_A_NUMBER = -2;
	private static final long NO_EXPONENT = -1;

	private static long scan(CharSequence text) {
		int n = text.length();
		int i = 0;
		if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
			i++;
		}
		int digits = 0;
		while (i < n && isDigit(text.charAt(i))) {
			i++;
			digits++;
		}
		if (i < n && text.charAt(i) == '.') {
			i++;
			while (i < n && isDigit(text.charAt(i))) {
				i++;
				digits++;
			}
		}
		if (digits == 0) {
			return NOT_A_NUMBER;
		}
		if (i == n) {
			return NO_EXPONENT;
		}
		if (text.charAt(i) != 'e' && text.charAt(i) != 'E') {
			return NOT_A_NUMBER;
		}
		i++;
		if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
			i++;
		}
		if (i == n) {
			return NOT_A_NUMBER;
		}
		long exponent = 0;
		int significant = 0;
		for (; i < n; i++) {
			char c = text.charAt(i);
			if (!isDigit(c)) {
				return NOT_A_NUMBER;
			}
			if (exponent > 0 || c != '0') {
				significant++;
			}
			if (significant > 18) {
				exponent = HUGE;
			} else {
				exponent = exponent * 10 + (c - '0');
			}
		}
		return exponent;
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}
}
