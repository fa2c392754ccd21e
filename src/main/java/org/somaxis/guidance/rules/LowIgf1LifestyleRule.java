package org.somaxis.guidance.rules;

import java.util.List;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.knowledge.CodeGroup;
import org.somaxis.guidance.record.Igf1Point;
import org.somaxis.guidance.record.Interpretation;
import org.somaxis.guidance.record.PatientRecord;

/**
 * low-igf1-lifestyle: the current IGF-1 is below its interval and no peptide is active or ordered. With a
 * hypothalamic-pituitary disorder recorded (hypopituitarism, a pituitary tumour or its surgery), the card says it may
 * explain the low IGF-1 and points to the endocrinologist who treats it, rather than to lifestyle alone (probe 56, P56-M8).
 */
public final class LowIgf1LifestyleRule implements Rule {
	@Override
	public String id() {
		return "low-igf1-lifestyle";
	}

	@Override
	public java.util.Set<String> phrases() {
		return java.util.Set.of("advice-lifestyle", "advice-pituitary", "follow-up-evaluation", "follow-up-pituitary");
	}

	@Override
	public List<Finding> evaluate(PatientRecord record, Face face, RuleContext context) {
		Igf1Point point = record.currentIgf1().orElse(null);
		if (record.hasAnyPeptide() || point == null || point.interpretation() != Interpretation.L) {
			return List.of();
		}
		boolean pituitary = record.has(CodeGroup.HYPOTHALAMIC_PITUITARY);
		FindingBuilder finding = Describe.igf1(context.finding(id(), record), point)
				.valuePhrase("advice", pituitary ? "advice-pituitary" : "advice-lifestyle")
				.valuePhrase("follow-up", pituitary ? "follow-up-pituitary" : "follow-up-evaluation");
		if (pituitary) {
			finding.value("conditions", String.join(", ", record.evidence(CodeGroup.HYPOTHALAMIC_PITUITARY)))
					.evidence(record.evidence(CodeGroup.HYPOTHALAMIC_PITUITARY));
		}
		return List.of(finding.build());
	}
}
