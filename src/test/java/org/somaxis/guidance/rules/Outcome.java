package org.somaxis.guidance.rules;

import java.util.List;
import java.util.stream.Collectors;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.Scenario;

/** Reduces a rule's findings to a table cell: "none", or the severities joined by "+" ("warning", "info+info"). */
final class Outcome {
	private Outcome() {}

	static String of(Scenario scenario, String ruleId) {
		List<Finding> findings = scenario.findings(ruleId);
		if (findings.isEmpty()) {
			return "none";
		}
		return findings.stream().map(finding -> finding.severity().indicator()).collect(Collectors.joining("+"));
	}
}
