package org.somaxis.guidance.rules;

import java.util.List;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.record.Igf1Point;
import org.somaxis.guidance.record.Interpretation;
import org.somaxis.guidance.record.PatientRecord;
import org.somaxis.guidance.record.PeptideOrder;

/**
 * igf1-persistently-very-high: the last two on-therapy IGF-1 results are both above +3 SDS, or the last one is and the
 * therapy has not been changed since: no order for a peptide already active was authored on or after the draw date
 * (adding a different peptide is not a reduction).
 */
public final class Igf1PersistentlyVeryHighRule implements Rule {
	@Override
	public String id() {
		return "igf1-persistently-very-high";
	}

	@Override
	public List<Finding> evaluate(PatientRecord record, Face face, RuleContext context) {
		List<Igf1Point> during = record.igf1DuringTherapy();
		if (during.isEmpty() || !record.hasAnyPeptide()) {
			return List.of();
		}
		Igf1Point latest = during.get(during.size() - 1);
		if (latest.interpretation() != Interpretation.HH) {
			return List.of();
		}
		Igf1Point previous = during.size() > 1 ? during.get(during.size() - 2) : null;
		boolean twoInARow = previous != null && previous.interpretation() == Interpretation.HH;
		java.util.Set<String> activeCodes = new java.util.HashSet<>();
		record.activePeptides().forEach(order -> activeCodes.add(order.code()));
		boolean unchanged = record.peptides().stream()
				.noneMatch(order -> activeCodes.contains(order.code()) && changedSince(order, latest));
		if (!twoInARow && !unchanged) {
			return List.of();
		}
		FindingBuilder builder = Describe.igf1(context.finding(id(), record), latest)
				.implicate(record.peptides())
				.value("peptides", Describe.orders(record.peptides()))
				.value("very-high-sds", context.threshold(org.somaxis.guidance.knowledge.Threshold.IGF1_VERY_HIGH_SDS))
				.value("pattern", twoInARow
						? "two consecutive on-therapy results above the limit (previous " + FindingBuilder.format(previous.ngPerMl())
								+ " ng/mL on " + previous.date() + ")"
						: "therapy has not been changed since this result");
		if (twoInARow) {
			builder.evidence(previous.resourceId());
		}
		return List.of(builder.build());
	}

	private static boolean changedSince(PeptideOrder order, Igf1Point point) {
		return order.authoredOn() != null && !order.authoredOn().isBefore(point.date());
	}
}
