package org.somaxis.guidance.rules;

import java.util.List;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.record.Igf1Point;
import org.somaxis.guidance.record.Interpretation;
import org.somaxis.guidance.record.PatientRecord;

/** low-igf1-lifestyle: the current IGF-1 is below its interval and no peptide is active or ordered. */
public final class LowIgf1LifestyleRule implements Rule {
	@Override
	public String id() {
		return "low-igf1-lifestyle";
	}

	@Override
	public List<Finding> evaluate(PatientRecord record, Face face, RuleContext context) {
		Igf1Point point = record.currentIgf1().orElse(null);
		if (record.hasAnyPeptide() || point == null || point.interpretation() != Interpretation.L) {
			return List.of();
		}
		return List.of(Describe.igf1(context.finding(id(), record), point).build());
	}
}
