package org.somaxis.guidance.rules;

import java.util.List;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.knowledge.CodeGroup;
import org.somaxis.guidance.knowledge.Threshold;
import org.somaxis.guidance.record.Igf1Point;
import org.somaxis.guidance.record.Interpretation;
import org.somaxis.guidance.record.PatientRecord;

/**
 * igf1-in-target: on peptide therapy, the current IGF-1 is inside the clinic's therapy target band and inside its
 * reference interval. Not said of a result a newer, unreadable IGF-1 has superseded, without therapy (a therapy target
 * told to an untreated patient invites starting one), nor beside a pregnancy or an active malignancy (the therapy is to
 * stop, not to be kept on target), nor of a result the lab flagged high or low that the interval used reads as within.
 */
public final class Igf1InTargetRule implements Rule {
	@Override
	public String id() {
		return "igf1-in-target";
	}

	@Override
	public List<Finding> evaluate(PatientRecord record, Face face, RuleContext context) {
		Igf1Point point = record.currentIgf1().orElse(null);
		double low = context.threshold(Threshold.IGF1_TARGET_LOW);
		double high = context.threshold(Threshold.IGF1_TARGET_HIGH);
		if (!record.onTherapy() || record.has(CodeGroup.PREGNANCY) || record.has(CodeGroup.MALIGNANCY)) {
			return List.of();
		}
		// nor of a result the lab itself flagged high or low where the interval used reads it within range (the lab knows
		// its assay; the card would say "within range" beside the report's H)
		if (point == null || record.supersededByUnreadIgf1(point) || point.interpretation() != Interpretation.N
				|| point.labFlagDisagrees() || point.ngPerMl() < low || point.ngPerMl() > high) {
			return List.of();
		}
		return List.of(Describe.igf1(context.finding(id(), record), point)
				.value("target-low", low)
				.value("target-high", high)
				.build());
	}
}
