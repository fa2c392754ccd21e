package org.somaxis.guidance.rules;

import java.util.List;
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
}
