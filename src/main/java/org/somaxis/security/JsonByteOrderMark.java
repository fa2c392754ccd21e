package org.somaxis.security;

import java.util.Arrays;
import java.util.Locale;

/**
 * A UTF-8 byte order mark before a JSON body. RFC 8259 (section 8.1) forbids sending one but lets a parser ignore it,
 * and Windows tools write one (PowerShell 5's {@code -Encoding utf8}, Notepad before 2019), so a bundle saved there and
 * posted with {@code curl --data-binary @file} starts with it. HAPI's JSON parser refuses such a body ("first
 * non-whitespace character was '\uFEFF'"); XML parsers already skip the mark. Only JSON media types are touched:
 * the bytes of any other body, such as a Binary's, are its content.
 */
final class JsonByteOrderMark {
	private static final byte[] MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

	private JsonByteOrderMark() {}

	/** The body without a leading UTF-8 byte order mark when its media type is JSON; otherwise the body itself. */
	static byte[] strip(byte[] body, String contentType) {
		if (body.length < MARK.length || !isJson(contentType)
				|| !Arrays.equals(body, 0, MARK.length, MARK, 0, MARK.length)) {
			return body;
		}
		return Arrays.copyOfRange(body, MARK.length, body.length);
	}

	private static boolean isJson(String contentType) {
		if (contentType == null) {
			return false;
		}
		String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
		return type.equals("application/json") || type.endsWith("+json") || type.equals("application/json+fhir");
	}
}
