package org.somaxis.guidance.rules;

import java.util.List;
import java.util.Set;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.knowledge.CodeGroup;
import org.somaxis.guidance.knowledge.Threshold;
import org.somaxis.guidance.record.Igf1Point;
import org.somaxis.guidance.record.Interpretation;
import org.somaxis.guidance.record.PatientRecord;

/**
 * igf1-non-response: after the minimum therapy weeks, the latest IGF-1 drawn at least
 * {@code igf1-non-response-min-draw-weeks} into therapy rose less than the threshold from the pre-therapy baseline, or
 * is still below its interval. An early draw (e.g. day 3) is never judged. With a hypothalamic-pituitary disorder
 * recorded, the card names it as the likely cause rather than adherence (probe 59, P59-m3).
 */
public final class Igf1NonResponseRule implements Rule {
	@Override
	public String id() {
		return "igf1-non-response";
	}

	@Override
	public Set<String> phrases() {
		return Set.of("no-baseline", "from-baseline", "causes-usual", "causes-hp-axis", "review-usual", "review-hp-axis");
	}

	@Override
	public List<Finding> evaluate(PatientRecord record, Face face, RuleContext context) {
		if (record.completedTherapyWeeks() < context.threshold(Threshold.IGF1_NON_RESPONSE_MIN_WEEKS)) {
			return List.of();
		}
		java.time.LocalDate judged = record.therapyStart()
				.plusWeeks((long) context.threshold(Threshold.IGF1_NON_RESPONSE_MIN_DRAW_WEEKS));
		List<Igf1Point> during = record.igf1DuringTherapy().stream()
				.filter(point -> !point.date().isBefore(judged))
				.toList();
		if (during.isEmpty()) {
			return List.of();
		}
		Igf1Point latest = during.get(during.size() - 1);
		if (record.supersededByUnreadIgf1(latest)) {
			return List.of(); // a newer result could not be read: it may be high ("&gt;1000"), so no call for more
		}
		// a course that renews an order it does not reach may have begun earlier: the last result before its start may
		// be on therapy, so no rise is measured from it (one still below its interval is judged)
		Igf1Point baseline = record.therapyMayHaveBegunEarlier() ? null : record.baselineIgf1().orElse(null);
		if (record.therapyMayHaveBegunEarlier() && latest.interpretation() != Interpretation.L) {
			return List.of();
		}
		boolean below = latest.interpretation() == Interpretation.L;
		Double rise = baseline == null ? null : Describe.risePercent(baseline.ngPerMl(), latest.ngPerMl());
		boolean flat = rise != null && rise < context.threshold(Threshold.IGF1_NON_RESPONSE_MIN_RISE_PERCENT);
		if (!below && !flat) {
			return List.of();
		}
		FindingBuilder builder = Describe.igf1(context.finding(id(), record), latest)
				.implicate(record.activePeptides())
				.value("week", record.therapyWeek())
				.valuePhrase("change", rise == null ? "no-baseline" : "from-baseline");
		// a pituitary that cannot make GH answers a secretagogue little, whatever the adherence
		List<String> pituitary = record.evidence(CodeGroup.HYPOTHALAMIC_PITUITARY);
		builder.evidence(pituitary)
				.value("hp-axis-records", String.join(", ", record.describedEvidence(CodeGroup.HYPOTHALAMIC_PITUITARY)))
				.valuePhrase("causes", pituitary.isEmpty() ? "causes-usual" : "causes-hp-axis")
				// the first thing to do: with the disorder, whether the peptide can work at all (probe 64, P64-m7)
				.valuePhrase("review", pituitary.isEmpty() ? "review-usual" : "review-hp-axis");
		if (baseline != null) {
			builder.evidence(baseline.resourceId())
					.value("rise", rise)
					.value("baseline", baseline.ngPerMl())
					.value("baseline-date", baseline.date().toString());
		}
		return List.of(builder.build());
	}
}
