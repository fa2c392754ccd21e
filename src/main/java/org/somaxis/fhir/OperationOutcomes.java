package org.somaxis.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/** Builds the OperationOutcomes Somaxis returns for rejected requests. */
public final class OperationOutcomes {
	private OperationOutcomes() {}

	/** One error issue; {@code location} may be null when the problem has no position. */
	public static OperationOutcome error(IssueType type, String diagnostics, String location) {
		OperationOutcome outcome = new OperationOutcome();
		OperationOutcome.OperationOutcomeIssueComponent issue = outcome.addIssue()
				.setSeverity(IssueSeverity.ERROR)
				.setCode(type)
				.setDiagnostics(diagnostics);
		if (location != null) {
			issue.addLocation(location);
		}
		return outcome;
	}

	/**
	 * The one 404 for a resource the server does not know (or will not say it knows): "Resource Patient/x is not known",
	 * the same words for every 404, so none tells a restricted client more than another.
	 */
	public static ResourceNotFoundException notKnown(String type, String id) {
		return notKnown("Resource " + type + "/" + id + " is not known");
	}

	/** A 404 with {@code message} and a {@code not-found} OperationOutcome. */
	public static ResourceNotFoundException notKnown(String message) {
		ResourceNotFoundException e = new ResourceNotFoundException(message);
		e.setOperationOutcome(error(IssueType.NOTFOUND, message, null));
		return e;
	}

	/** The OperationOutcome issue type of an HTTP error status. */
	public static IssueType issueType(int status) {
		return switch (status) {
			case 401 -> IssueType.LOGIN;
			case 403 -> IssueType.FORBIDDEN;
			case 404 -> IssueType.NOTFOUND;
			case 410 -> IssueType.DELETED;
			case 405, 406, 415 -> IssueType.NOTSUPPORTED;
			case 408, 503, 504 -> IssueType.TIMEOUT;
			case 409, 412 -> IssueType.CONFLICT;
			case 413, 414, 431 -> IssueType.TOOLONG;
			case 429 -> IssueType.THROTTLED;
			default -> status >= 500 ? IssueType.EXCEPTION : IssueType.INVALID;
		};
	}

	public static String toJson(FhirContext context, OperationOutcome outcome) {
		return context.newJsonParser().encodeResourceToString(outcome);
	}
}
