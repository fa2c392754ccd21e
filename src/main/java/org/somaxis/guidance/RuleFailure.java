package org.somaxis.guidance;

/**
 * A rule that failed with an unexpected error (a bug, not a data problem) during one evaluation. It produced no
 * finding, so the faces must say that guidance is incomplete, and say so prominently when {@code safety} is true.
 *
 * @param ruleId code from the guidance-rules CodeSystem
 * @param ruleVersion version of the rule's knowledge entry
 * @param safety true for a rule of the safety category (a missed finding may be a missed contraindication)
 * @param error the exception's class name, for the log; never shown as clinical text
 */
public record RuleFailure(String ruleId, String ruleVersion, boolean safety, String error) {}
