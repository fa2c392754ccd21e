package org.somaxis.guidance;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One piece of guidance produced by a rule. The same finding feeds both the CDS card and the FHIR rendering.
 *
 * @param ruleId code from the guidance-rules CodeSystem
 * @param ruleVersion version of the rule's knowledge entry
 * @param summary one line, fewer than {@value #MAX_SUMMARY_LENGTH} characters
 * @param detail markdown that quotes the values used
 * @param evidence resource references such as "Observation/abc", sorted
 * @param implicated the orders the finding is about (subset of evidence), sorted
 * @param overrideReasons allowed override reasons; empty unless the severity is critical
 */
public record Finding(
		String ruleId,
		String ruleVersion,
		Severity severity,
		String summary,
		String detail,
		List<String> evidence,
		List<String> implicated,
		List<Citation> citations,
		List<Suggestion> suggestions,
		List<OverrideReason> overrideReasons) {

	public static final int MAX_SUMMARY_LENGTH = 140;

	/** Critical first, then rule id, then summary: the engine's stable output order. */
	public static final Comparator<Finding> ORDER =
			Comparator.comparing(Finding::severity, Comparator.reverseOrder())
					.thenComparing(Finding::ruleId)
					.thenComparing(Finding::summary)
					.thenComparing(finding -> String.join(",", finding.evidence()));

	public Finding {
		Objects.requireNonNull(ruleId, "ruleId");
		Objects.requireNonNull(ruleVersion, "ruleVersion");
		Objects.requireNonNull(severity, "severity");
		Objects.requireNonNull(summary, "summary");
		if (summary.isBlank() || summary.length() >= MAX_SUMMARY_LENGTH) {
			throw new IllegalArgumentException(
					"summary of " + ruleId + " must have 1 to " + (MAX_SUMMARY_LENGTH - 1) + " characters: '" + summary + "'");
		}
		detail = detail == null ? "" : detail;
		evidence = evidence.stream().distinct().sorted().toList();
		implicated = implicated.stream().distinct().sorted().toList();
		citations = List.copyOf(citations);
		suggestions = List.copyOf(suggestions);
		overrideReasons = severity == Severity.CRITICAL ? List.copyOf(overrideReasons) : List.of();
	}
}
