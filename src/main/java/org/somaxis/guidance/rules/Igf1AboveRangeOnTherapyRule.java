package org.somaxis.guidance.rules;

import java.util.List;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.record.Igf1Point;
import org.somaxis.guidance.record.PatientRecord;

/** igf1-above-range-on-therapy: the current IGF-1 is above its age/sex interval while a peptide is on or ordered. */
public final class Igf1AboveRangeOnTherapyRule implements Rule {
	@Override
	public String id() {
		return "igf1-above-range-on-therapy";
	}

	@Override
	public List<Finding> evaluate(PatientRecord record, Face face, RuleContext context) {
		Igf1Point point = record.currentIgf1().orElse(null);
		if (!record.hasAnyPeptide() || point == null || !point.hasInterpretation() || !point.interpretation().isAbove()) {
			return List.of();
		}
		return List.of(Describe.igf1(context.finding(id(), record), point)
				.implicate(record.peptides())
				.value("peptides", Describe.orders(record.peptides()))
				.build());
	}
}
