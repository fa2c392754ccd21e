package org.somaxis.guidance;

import java.util.List;

/**
 * The result of one evaluation: findings in stable order, data-quality messages (unknown units, missing dates, a
 * deceased patient) that belong in GuidanceResponse.evaluationMessage rather than in an error, the rules that
 * failed unexpectedly ({@link RuleFailure}; empty when every rule ran), and the safety rules limited by age that were not
 * evaluated because the patient's age is unknown or, from a partial birth date, on both sides of a limit (a message names
 * them too).
 */
public record Guidance(Face face, List<Finding> findings, List<String> messages, List<RuleFailure> failures,
		List<String> safetyRulesNotEvaluatedForAge) {
	public Guidance {
		findings = findings.stream().sorted(Finding.ORDER).toList();
		messages = List.copyOf(messages);
		failures = List.copyOf(failures);
		safetyRulesNotEvaluatedForAge = List.copyOf(safetyRulesNotEvaluatedForAge);
	}

	/** A result in which every rule ran. */
	public Guidance(Face face, List<Finding> findings, List<String> messages) {
		this(face, findings, messages, List.of(), List.of());
	}

	/** True when a rule failed, so the findings may be incomplete. */
	public boolean incomplete() {
		return !failures.isEmpty();
	}
}
