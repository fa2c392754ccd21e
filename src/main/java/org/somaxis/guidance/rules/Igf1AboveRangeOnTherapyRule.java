package org.somaxis.guidance.rules;

import java.util.List;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.record.Igf1Point;
import org.somaxis.guidance.record.PatientRecord;
import org.somaxis.guidance.record.PeptideOrder;

/**
 * igf1-above-range-on-therapy: the current IGF-1 is above its age/sex interval while a peptide is on or on hold (a
 * pause, perhaps for this result, is not the absence of therapy); orders being written beside it are named and may be
 * cancelled. Drafts alone are not therapy yet: igf1-above-range-untreated answers them.
 */
public final class Igf1AboveRangeOnTherapyRule implements Rule {
	@Override
	public String id() {
		return "igf1-above-range-on-therapy";
	}

	@Override
	public java.util.Set<String> phrases() {
		return Describe.RANGE_PHRASES;
	}

	@Override
	public List<Finding> evaluate(PatientRecord record, Face face, RuleContext context) {
		Igf1Point point = record.currentIgf1().orElse(null);
		List<PeptideOrder> peptides = record.peptidesIncludingOnHold();
		if (peptides.stream().allMatch(PeptideOrder::isDraft) || point == null || !point.hasInterpretation()
				|| !point.interpretation().isAbove()) {
			return List.of(); // only drafts: not on therapy yet (igf1-above-range-untreated speaks to the order)
		}
		return List.of(Describe.igf1(context.finding(id(), record), point)
				.implicate(peptides)
				// a draft that lowers the dose is what the card asks for: cancelling it would keep the higher dose
				.actOn(record.withoutReductions(peptides))
				.value("peptides", Describe.orders(peptides))
				.valuePhrase("range", Describe.rangePhrase(point))
				.build());
	}
}
