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
 * On growth hormone (somatropin or a long-acting one), whose dose is set by IGF-1, the card says so, names it and asks
 * for the dose to be reviewed: it said "no peptide therapy" and gave lifestyle advice alone (probe 58, P58-m1).
 */
public final class LowIgf1LifestyleRule implements Rule {
	@Override
	public String id() {
		return "low-igf1-lifestyle";
	}

	@Override
	public java.util.Set<String> phrases() {
		return java.util.Set.of("age-sex-range", "lab-range", "no-therapy", "on-growth-hormone", "advice-lifestyle",
				"advice-pituitary",
				"advice-growth-hormone", "advice-pituitary-growth-hormone", "follow-up-evaluation", "follow-up-pituitary",
				"follow-up-growth-hormone", "follow-up-pituitary-growth-hormone");
	}

	@Override
	public List<Finding> evaluate(PatientRecord record, Face face, RuleContext context) {
		Igf1Point point = record.currentIgf1().orElse(null);
		if (record.hasAnyPeptide() || point == null || point.interpretation() != Interpretation.L) {
			return List.of();
		}
		boolean pituitary = record.has(CodeGroup.HYPOTHALAMIC_PITUITARY);
		List<String> growthHormone = record.growthHormoneTherapy();
		String cause = growthHormone.isEmpty() ? (pituitary ? "pituitary" : null)
				: pituitary ? "pituitary-growth-hormone" : "growth-hormone";
		FindingBuilder finding = Describe.igf1(context.finding(id(), record), point)
				.valuePhrase("range", Describe.rangePhrase(point))
				.valuePhrase("therapy", growthHormone.isEmpty() ? "no-therapy" : "on-growth-hormone")
				.valuePhrase("advice", cause == null ? "advice-lifestyle" : "advice-" + cause)
				.valuePhrase("follow-up", cause == null ? "follow-up-evaluation" : "follow-up-" + cause);
		if (!growthHormone.isEmpty()) {
			finding.value("growth-hormone-records", String.join(", ", growthHormone)).evidence(growthHormone);
		}
		if (pituitary) {
			finding.value("conditions", String.join(", ", record.evidence(CodeGroup.HYPOTHALAMIC_PITUITARY)))
					.evidence(record.evidence(CodeGroup.HYPOTHALAMIC_PITUITARY));
		}
		return List.of(finding.build());
	}
}
