package org.somaxis.guidance.rules;

import org.somaxis.guidance.knowledge.Knowledge;
import org.somaxis.guidance.knowledge.Threshold;
import org.somaxis.guidance.record.LabValue;
import org.somaxis.guidance.record.PatientRecord;

/** What a rule may use besides the record: the knowledge data, and a builder for findings worded from it. */
public record RuleContext(Knowledge knowledge) {

	public double threshold(Threshold threshold) {
		return knowledge.threshold(threshold);
	}

	/** Whether a lab value meets a cut-off of the knowledge ({@link LabValue#meets}). */
	public boolean meets(LabValue lab, Threshold cutOff) {
		return lab.meets(cutOff, knowledge);
	}

	public FindingBuilder finding(String ruleId, PatientRecord record) {
		return new FindingBuilder(knowledge, knowledge.rule(ruleId), record);
	}
}
