package org.somaxis.fhir;

import java.util.regex.Pattern;

/** Error texts of libraries as a client may read them: without the Java exception names they carry. */
public final class JavaNames {
	/** A Java exception's name before its text ("java.lang.NumberFormatException: ...", "com.x.JDOMParseException: ..."). */
	private static final Pattern JAVA_EXCEPTION = Pattern.compile("(?:[a-z][a-z0-9_]*\\.)+[A-Z]\\w*(?:Exception|Error):\\s*");

	/**
	 * HAPI's XML parser's wrapper of an error, with its exception's name and a row and column in a document the server
	 * wrote, not the client (an XML Patch's result: "DataFormatException at [[row,col {unknown-source}]: [2,320]]: ",
	 * probe 81, P81-m2).
	 */
	private static final Pattern PARSE_WRAPPER =
			Pattern.compile("\\b[A-Z]\\w*(?:Exception|Error) at \\[\\[row,col [^\\]]*]: \\[\\d+,\\d+]]:\\s*");

	private JavaNames() {}

	/** The text without the Java exception names in it; "" for null. */
	public static String without(String error) {
		return error == null ? ""
				: PARSE_WRAPPER.matcher(JAVA_EXCEPTION.matcher(error).replaceAll("")).replaceAll("");
	}
}
