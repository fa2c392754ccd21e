package org.somaxis.cdshooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * A parsed 2.0 service request. Parsing is lenient about everything the engine does not need and strict about the
 * REQUIRED fields: a missing {@code hook}, {@code hookInstance}, {@code context} or {@code context.patientId} is a
 * 400, and so is a {@code patientId} that is no FHIR id. {@link #toString()} never shows the access token.
 *
 * @param prefetch the request's prefetch object, or null
 * @param evaluationDate the request extension {@value #EVALUATION_DATE_EXTENSION}, or null for today
 */
public record CdsRequest(
		String hook,
		String hookInstance,
		String fhirServer,
		String accessToken,
		JsonNode context,
		JsonNode prefetch,
		LocalDate evaluationDate) {

	/** Request-level extension that pins the evaluation date (as $evaluate's evaluationDate does). */
	public static final String EVALUATION_DATE_EXTENSION = "org.somaxis.evaluation-date";
	/** R4's id datatype. */
	private static final java.util.regex.Pattern FHIR_ID = java.util.regex.Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

	public static CdsRequest parse(ObjectMapper json, byte[] body) {
		JsonNode root;
		try {
			root = json.readTree(body);
		} catch (IOException e) {
			throw CdsException.badRequest("Request body is not JSON");
		}
		if (root == null || !root.isObject()) {
			throw CdsException.badRequest("Request body must be a JSON object");
		}
		String hook = requiredText(root, "hook");
		String hookInstance = requiredText(root, "hookInstance");
		JsonNode context = root.get("context");
		if (context == null || !context.isObject()) {
			throw CdsException.badRequest("Missing required field 'context' (an object)");
		}
		JsonNode patientId = context.get("patientId");
		if (patientId == null || !patientId.isTextual() || patientId.asText().isBlank()) {
			throw CdsException.badRequest("Missing required field 'context.patientId'");
		}
		if (!FHIR_ID.matcher(patientId.asText()).matches()) {
			// it becomes part of the queries sent to the fhirServer (Patient/<id>): a '?', '/' or '$' would change them
			throw CdsException.badRequest("'context.patientId' must be a FHIR id (letters, digits, '-' and '.', at most 64):"
					+ " the Patient's id, not a reference or a URL");
		}
		String fhirServer = text(root, "fhirServer");
		String token = null;
		JsonNode authorization = root.get("fhirAuthorization");
		if (authorization != null && !authorization.isNull()) {
			if (!authorization.isObject()) {
				throw CdsException.badRequest("'fhirAuthorization' must be an object");
			}
			if (fhirServer == null) {
				throw CdsException.badRequest("'fhirAuthorization' requires 'fhirServer'");
			}
			token = text(authorization, "access_token");
			if (token == null || token.isBlank()) {
				throw CdsException.badRequest("'fhirAuthorization' requires 'access_token' (CDS Hooks 2.0)");
			}
		}
		JsonNode prefetch = root.get("prefetch");
		if (prefetch != null && !prefetch.isNull() && !prefetch.isObject()) {
			// a client's mistake, not data it could not get: never a 412 that hides it
			throw CdsException.badRequest("'prefetch' must be an object of prefetch keys");
		}
		return new CdsRequest(hook, hookInstance, fhirServer, token, context,
				prefetch != null && prefetch.isObject() ? prefetch : null, evaluationDate(root));
	}

	public String patientId() {
		return context.get("patientId").asText();
	}

	private static LocalDate evaluationDate(JsonNode root) {
		JsonNode extension = root.get("extension");
		if (extension == null || !extension.hasNonNull(EVALUATION_DATE_EXTENSION)) {
			return null;
		}
		String value = extension.get(EVALUATION_DATE_EXTENSION).asText();
		try {
			return LocalDate.parse(value);
		} catch (DateTimeParseException e) {
			throw CdsException.badRequest(
					"extension '" + EVALUATION_DATE_EXTENSION + "' must be a date (YYYY-MM-DD), not '" + value + "'");
		}
	}

	private static String requiredText(JsonNode root, String field) {
		String value = text(root, field);
		if (value == null || value.isBlank()) {
			throw CdsException.badRequest("Missing required field '" + field + "'");
		}
		return value;
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return value != null && value.isTextual() ? value.asText() : null;
	}

	@Override
	public String toString() {
		return "CdsRequest[hook=" + hook + ", hookInstance=" + hookInstance + ", fhirServer=" + fhirServer
				+ ", accessToken=" + (accessToken == null ? "none" : "***") + "]";
	}
}
