package org.somaxis.platform;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.somaxis.fhir.OperationOutcomes;

/**
 * The {@code If-Match} precondition as FHIR uses it: an ETag naming a resource version, {@code W/"3"}
 * (HAPI also reads {@code "3"} and {@code 3}). Versions are whole numbers on this server, so anything else can
 * never match and is refused with 400 instead of reaching the storage layer.
 */
final class IfMatch {
	/** A weak ETag quotes its value (RFC 9110): HAPI 8.8 failed with a 500 on {@code W/3}. */
	private static final Pattern VERSION_ETAG = Pattern.compile("(W/)?\"[0-9]{1,18}\"|[0-9]{1,18}");

	private IfMatch() {}

	static boolean isWellFormed(String value) {
		return VERSION_ETAG.matcher(value.strip()).matches();
	}

	/** True when the well-formed {@code value} names {@code version}. */
	static boolean names(String value, String version) {
		try {
			// compared as numbers, as HAPI compares an update's: W/"02" names version 2
			return Long.parseLong(value.strip().replace("W/", "").replace("\"", "")) == Long.parseLong(version);
		} catch (NumberFormatException notAVersionNumber) {
			return false; // a version id that is no number (none on this server) is named by no If-Match
		}
	}

	/** Throws 400 with an OperationOutcome when {@code value} is present but not a version ETag. */
	static void requireWellFormed(String value, String location) {
		if (value != null && !isWellFormed(value)) {
			InvalidRequestException refused = new InvalidRequestException("If-Match is not a version ETag such as W/\"3\"");
			refused.setOperationOutcome(OperationOutcomes.error(
					IssueType.INVALID,
					"If-Match " + printable(value) + " is not a version ETag such as W/\"3\"",
					location));
			throw refused;
		}
	}

	static String printable(String value) {
		String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
		return shown.replaceAll("[^\\x20-\\x7E]", "?");
	}
}
