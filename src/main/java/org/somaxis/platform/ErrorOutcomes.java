package org.somaxis.platform;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.somaxis.fhir.OperationOutcomes;

/**
 * Renders an HTTP error that happens outside HAPI (in Jetty's parser, in the servlet container, in a filter) as
 * a FHIR OperationOutcome, in XML when the client asked for XML ({@code _format} or {@code Accept}), else JSON.
 */
public final class ErrorOutcomes {
	/** An encoded OperationOutcome and its content type. */
	public record Rendered(String contentType, byte[] body) {}

	private final FhirContext fhirContext;

	public ErrorOutcomes(FhirContext fhirContext) {
		this.fhirContext = fhirContext;
	}

	/** True for the paths whose errors are FHIR's to answer: {@code /fhir} and requests Jetty could not route. */
	public static boolean isFhirPath(String path) {
		return path == null || !(path.startsWith("/actuator") || path.startsWith("/cds-services"));
	}

	public Rendered render(int status, String reason, String query, String accept) {
		OperationOutcome outcome = OperationOutcomes.error(OperationOutcomes.issueType(status), diagnostics(status, reason), null);
		boolean xml = wantsXml(query, accept);
		String body = xml
				? fhirContext.newXmlParser().encodeResourceToString(outcome)
				: fhirContext.newJsonParser().encodeResourceToString(outcome);
		return new Rendered(
				xml ? "application/fhir+xml;charset=utf-8" : "application/fhir+json;charset=utf-8",
				body.getBytes(StandardCharsets.UTF_8));
	}

	static boolean wantsXml(String query, String accept) {
		String format = query == null ? "" : query.toLowerCase(Locale.ROOT);
		int at = format.indexOf("_format=");
		if (at >= 0) {
			int end = format.indexOf('&', at);
			return format.substring(at + 8, end < 0 ? format.length() : end).contains("xml");
		}
		String asked = accept == null ? "" : accept.toLowerCase(Locale.ROOT);
		return asked.contains("xml") && !asked.contains("json");
	}

	private static String diagnostics(int status, String reason) {
		String generic = "HTTP " + status + " " + reasonPhrase(status);
		// a reason is shown for client errors only: it is then about the request, never about the server
		if (status >= 400 && status < 500 && reason != null && !reason.isBlank() && !reason.equals(reasonPhrase(status))) {
			return generic + ": " + reason.replaceAll("[^\\x20-\\x7E]", "?");
		}
		return generic;
	}

	private static String reasonPhrase(int status) {
		return switch (status) {
			case 400 -> "Bad Request";
			case 401 -> "Unauthorized";
			case 403 -> "Forbidden";
			case 404 -> "Not Found";
			case 405 -> "Method Not Allowed";
			case 406 -> "Not Acceptable";
			case 408 -> "Request Timeout";
			case 409 -> "Conflict";
			case 412 -> "Precondition Failed";
			case 413 -> "Content Too Large";
			case 414 -> "URI Too Long";
			case 415 -> "Unsupported Media Type";
			case 429 -> "Too Many Requests";
			case 431 -> "Request Header Fields Too Large";
			case 500 -> "Internal Server Error";
			case 503 -> "Service Unavailable";
			default -> "Error";
		};
	}
}
