package org.somaxis.guidance.rules;

import java.util.List;
import java.util.Set;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.record.PatientRecord;

/**
 * One guidance rule. Its id names its entry in knowledge/rules.yaml, which holds the faces it fires on, its severity,
 * wording, suggestions and sources; the rule class holds only the decision.
 */
public interface Rule {
	String id();

	/** Findings for this record on this face; empty when the rule does not fire. Must not throw for valid records. */
	List<Finding> evaluate(PatientRecord record, Face face, RuleContext context);

	/**
	 * The names of the phrases of its knowledge entry this rule may use ({@link FindingBuilder#phrase}); the engine
	 * refuses to start when the entry lacks one of them or holds one no rule uses.
	 */
	default Set<String> phrases() {
		return Set.of();
	}
}
