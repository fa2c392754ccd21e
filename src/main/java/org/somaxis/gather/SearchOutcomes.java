package org.somaxis.gather;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * What a server says about its own search answer, in an OperationOutcome entry of a searchset Bundle (for instance
 * {@code suppressed}: data withheld, or {@code incomplete}). A warning or worse means the data may lack something a
 * rule reads, so it becomes a message; only its severities and codes are quoted, never its text, which may name the
 * patient.
 */
final class SearchOutcomes {
	private static final Set<OperationOutcome.IssueSeverity> NOTEWORTHY = Set.of(OperationOutcome.IssueSeverity.FATAL,
			OperationOutcome.IssueSeverity.ERROR, OperationOutcome.IssueSeverity.WARNING);

	private SearchOutcomes() {}

	/**
	 * Whether the search failed: an issue of severity error or fatal (the search was forbidden, timed out or broke), so
	 * what came with it cannot stand for the patient's data of that kind.
	 */
	static boolean failed(OperationOutcome outcome) {
		return outcome.getIssue().stream().anyMatch(issue -> issue.getSeverity() == OperationOutcome.IssueSeverity.ERROR
				|| issue.getSeverity() == OperationOutcome.IssueSeverity.FATAL);
	}

	/** Adds a message about the outcome of {@code where} (e.g. "prefetch 'conditions'") if it warns. */
	static void note(String where, OperationOutcome outcome, List<String> messages) {
		String issues = outcome.getIssue().stream()
				.filter(issue -> NOTEWORTHY.contains(issue.getSeverity()))
				.map(issue -> issue.getSeverity().toCode() + " " + (issue.hasCode() ? issue.getCode().toCode() : "(no code)"))
				.distinct()
				.collect(Collectors.joining(", "));
		if (!issues.isEmpty()) {
			messages.add(where + " came with an OperationOutcome (" + issues + "): some of the patient's data may be"
					+ " missing - please check it");
		}
	}
}
