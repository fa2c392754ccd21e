package org.somaxis.guidance.rules;

import java.util.List;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.knowledge.CodeGroup;
import org.somaxis.guidance.knowledge.RuleSpec;
import org.somaxis.guidance.knowledge.Threshold;
import org.somaxis.guidance.record.Igf1Point;
import org.somaxis.guidance.record.Interpretation;
import org.somaxis.guidance.record.PatientRecord;
import org.somaxis.guidance.record.PeptideOrder;

/**
 * igf1-above-range-untreated: the current IGF-1 is above its age/sex interval and no peptide is active or on hold. On
 * growth hormone (somatropin or a long-acting one, {@link PatientRecord#growthHormoneTherapy()}) the card says so and
 * asks for the GH dose to be reviewed instead of an acromegaly work-up; with acromegaly recorded it says the disease is
 * not controlled (probe 56, P56-M1); after a peptide that ended shortly before the draw, or after it, it asks for a
 * repeat once the peptide has worn off ({@code ended-peptide-washout-days}; P56-M2). A
 * peptide being ordered is not therapy yet: the card names the draft and offers to cancel it (on the order face it fires
 * only then), since a peptide that raises GH and IGF-1 should not be started before the high IGF-1 is explained. Not
 * for a child's result read only as above every adult band ({@link Igf1Point#adultBandsOnly()}), unless it is above
 * +3 SDS of the highest of them.
 */
public final class Igf1AboveRangeUntreatedRule implements Rule {
	@Override
	public String id() {
		return "igf1-above-range-untreated";
	}

	@Override
	public java.util.Set<String> phrases() {
		return java.util.Set.of("age-sex-range", "lab-range", "every-adult-band", "without-gh-therapy", "on-growth-hormone",
				"explain-untreated", "explain-growth-hormone", "follow-up-untreated", "follow-up-growth-hormone",
				"explain-acromegaly", "explain-ended-peptide", "follow-up-acromegaly", "follow-up-ended-peptide",
				"in-acromegaly", "after-ended-peptide", "explain-acromegaly-growth-hormone",
				"follow-up-acromegaly-growth-hormone", "in-acromegaly-growth-hormone", "ended-growth-hormone");
	}

	@Override
	public List<Finding> evaluate(PatientRecord record, Face face, RuleContext context) {
		Igf1Point point = record.currentIgf1().orElse(null);
		List<PeptideOrder> drafts = record.peptidesIncludingOnHold().stream().filter(PeptideOrder::isDraft).toList();
		boolean onTherapy = record.peptidesIncludingOnHold().size() > drafts.size();
		if (onTherapy || face == Face.ORDER && drafts.isEmpty() || point == null || !point.hasInterpretation()
				|| !point.interpretation().isAbove() || point.adultBandsOnly() && point.interpretation() != Interpretation.HH) {
			// a child's result above every adult band, untreated: named by the record, not called above the child's own
			// range (pubertal IGF-1 exceeds the adult bands), nor a reason to look for acromegaly; above +3 SDS of the
			// highest adult band (2000 ng/mL at 15) puberty does not explain it, and the card stays
			return List.of(); // on the order face only a peptide being ordered makes it the order's business
		}
		List<String> growthHormone = record.growthHormoneTherapy();
		List<String> acromegaly = record.evidence(CodeGroup.GH_EXCESS);
		long washout = (long) context.threshold(Threshold.ENDED_PEPTIDE_WASHOUT_DAYS);
		List<PeptideOrder> ended = record.endedWithin(point.date(), washout);
		List<String> endedGrowthHormone = record.growthHormoneEndedWithin(point.date(), washout);
		// what explains the high result, the recorded disease first (also on growth hormone, which it forbids; probe 59,
		// P59-C2), then growth hormone taken now, a peptide's lingering effect; else a work-up
		String cause = !acromegaly.isEmpty() ? (growthHormone.isEmpty() ? "acromegaly" : "acromegaly-growth-hormone")
				: !growthHormone.isEmpty() ? "growth-hormone" : !ended.isEmpty() || !endedGrowthHormone.isEmpty()
						? "ended-peptide" : "untreated";
		FindingBuilder finding = Describe.igf1(context.finding(id(), record), point);
		return List.of(finding
				.implicate(drafts)
				.evidence(growthHormone)
				.evidence(acromegaly)
				.evidence(ended.stream().map(PeptideOrder::resourceId).toList())
				.evidence(endedGrowthHormone)
				.value("drafts", drafts.isEmpty() ? "none" : Describe.orders(drafts))
				// growth hormone raises IGF-1 itself: not an untreated high IGF-1 to work up for acromegaly
				.value("growth-hormone-records", String.join(", ", growthHormone))
				.value("acromegaly-records", String.join(", ", record.describedEvidence(CodeGroup.GH_EXCESS)))
				// growth hormone ended as recently is named as such, with its records (probe 59, P59-M3; by its records
				// alone until probe 61, P61-m5)
				.value("ended-peptides", java.util.stream.Stream.of(Describe.orders(ended), endedGrowthHormone.isEmpty() ? ""
								: finding.phrase("ended-growth-hormone", java.util.Map.of("records", String.join(", ", endedGrowthHormone))))
						.filter(text -> !text.isEmpty()).collect(java.util.stream.Collectors.joining(", ")))
				.value("washout-days", Long.toString(washout))
				// the repeat it offers is due once the ended therapy has worn off (it was an order for now: P59-m7)
				.day(RuleSpec.Due.WORN_OFF, "ended-peptide".equals(cause)
						? record.wornOffAfter(point.date(), washout).orElse(null) : null)
				.valuePhrase("therapy", switch (cause) {
					case "growth-hormone" -> "on-growth-hormone";
					case "acromegaly" -> "in-acromegaly";
					case "acromegaly-growth-hormone" -> "in-acromegaly-growth-hormone"; // it named no GH (probe 60, P60-m1)
					case "ended-peptide" -> "after-ended-peptide";
					default -> "without-gh-therapy";
				})
				.valuePhrase("explanation", "explain-" + cause)
				// the advice-only suggestion: an acromegaly work-up, a review of the GH dose or of acromegaly's treatment, a
				// repeat after the washout
				.valuePhrase("follow-up", "follow-up-" + cause)
				// a child's result is above the adult bands, not above an interval for the child's own age and sex
				.valuePhrase("range", point.adultBandsOnly() ? "every-adult-band" : Describe.rangePhrase(point))
				.build());
	}
}
