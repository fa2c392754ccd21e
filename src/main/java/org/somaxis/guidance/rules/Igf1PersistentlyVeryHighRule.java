package org.somaxis.guidance.rules;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.record.Igf1Point;
import org.somaxis.guidance.record.Interpretation;
import org.somaxis.guidance.record.PatientRecord;
import org.somaxis.guidance.record.PeptideOrder;

/**
 * igf1-persistently-very-high: the last two on-therapy IGF-1 results are both above +3 SDS, or the last one is and the
 * therapy has not been reduced since. Only a reduction counts: an order authored on or after the draw date that gives
 * less of the peptide than the order of the same peptide before it ({@link PeptideOrder#lowerDoseThan}: less a day when
 * either gives a timing), and that replaces it: an active order whose predecessor is no longer active, or a draft being
 * ordered (sent with the request; a draft left unsigned in the chart is not one). A stop or a pause ends the order, so it is
 * no longer current therapy. A renewal at the same dose, a dose increase, a second order beside the first or a
 * different peptide is not a reduction.
 */
public final class Igf1PersistentlyVeryHighRule implements Rule {
	@Override
	public String id() {
		return "igf1-persistently-very-high";
	}

	@Override
	public Set<String> phrases() {
		return Set.of("two-in-a-row", "not-reduced");
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
		boolean unchanged = !reducedSince(record, latest);
		if (!twoInARow && !unchanged) {
			return List.of();
		}
		FindingBuilder builder = Describe.igf1(context.finding(id(), record), latest)
				.implicate(record.peptides())
				.actOn(record.withoutReductions(record.peptides()))
				.value("peptides", Describe.orders(record.peptides()))
				.value("very-high-sds", context.threshold(org.somaxis.guidance.knowledge.Threshold.IGF1_VERY_HIGH_SDS))
				.valuePhrase("pattern", twoInARow ? "two-in-a-row" : "not-reduced");
		if (twoInARow) {
			builder.evidence(previous.resourceId())
					.value("previous", previous.ngPerMl())
					.value("previous-date", previous.date().toString());
		}
		return List.of(builder.build());
	}

	private static boolean reducedSince(PatientRecord record, Igf1Point point) {
		return record.peptides().stream().anyMatch(order -> order.authoredOn() != null
				&& !order.authoredOn().isBefore(point.date()) && record.reducesTheDose(order));
	}
}
