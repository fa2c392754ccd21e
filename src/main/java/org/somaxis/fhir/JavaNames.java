package org.somaxis.fhir;

import java.util.regex.Pattern;

/** Error texts of libraries as a client may read them: without the Java exception names they carry. */
public final class JavaNames {
	/** A Java exception's name before its text ("java.lang.NumberFormatException: ...", "com.x.JDOMParseException: ..."). */
	private static final Pattern JAVA_EXCEPTION = Pattern.compile("(?:[a-z][a-z0-9_]*\\.)+[A-Z]\\w*(?:Exception|Error):\\s*");

	private JavaNames() {}

	/** The text without the Java exception names in it; "" for null. */
	public static String without(String error) {
		return error == null ? "" : JAVA_EXCEPTION.matcher(error).replaceAll("");
	}
}
