package org.somaxis.guidance.rules;

import java.util.List;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.record.Igf1Point;
import org.somaxis.guidance.record.PatientRecord;

/**
 * igf1-above-range-untreated: the current IGF-1 is above its age/sex interval and no peptide is active, ordered or on
 * hold.
 */
public final class Igf1AboveRangeUntreatedRule implements Rule {
	@Override
	public String id() {
		return "igf1-above-range-untreated";
	}

	@Override
	public List<Finding> evaluate(PatientRecord record, Face face, RuleContext context) {
		Igf1Point point = record.currentIgf1().orElse(null);
		if (!record.peptidesIncludingOnHold().isEmpty() || point == null || !point.hasInterpretation() || !point.interpretation().isAbove()) {
			return List.of();
		}
		return List.of(Describe.igf1(context.finding(id(), record), point).build());
	}
}
