package org.somaxis.guidance;

import java.util.List;

/**
 * The result of one evaluation: findings in stable order, plus data-quality messages (unknown units, missing dates,
 * a rule that failed) that belong in GuidanceResponse.evaluationMessage rather than in an error.
 */
public record Guidance(Face face, List<Finding> findings, List<String> messages) {
	public Guidance {
		findings = findings.stream().sorted(Finding.ORDER).toList();
		messages = List.copyOf(messages);
	}
}
