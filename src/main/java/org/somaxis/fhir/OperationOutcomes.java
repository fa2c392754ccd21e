package org.somaxis.fhir;

import ca.uhn.fhir.context.FhirContext;
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

	public static String toJson(FhirContext context, OperationOutcome outcome) {
		return context.newJsonParser().encodeResourceToString(outcome);
	}
}
