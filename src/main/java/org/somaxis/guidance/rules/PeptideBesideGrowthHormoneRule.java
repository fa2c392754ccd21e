package org.somaxis.guidance.rules;

import java.util.ArrayList;
import java.util.List;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.record.OtherTherapy;
import org.somaxis.guidance.record.PatientRecord;
import org.somaxis.guidance.record.PeptideOrder;

/**
 * peptide-beside-growth-hormone: a GH-axis peptide (active, on hold or being ordered) beside growth hormone in effect,
 * or growth hormone being ordered beside a peptide in effect. Both raise IGF-1, and growth hormone's dose is set by
 * IGF-1.
 */
public final class PeptideBesideGrowthHormoneRule implements Rule {
	@Override
	public String id() {
		return "peptide-beside-growth-hormone";
	}

	@Override
	public List<Finding> evaluate(PatientRecord record, Face face, RuleContext context) {
		List<PeptideOrder> peptides = record.peptidesIncludingOnHold();
		List<String> growthHormone = new ArrayList<>(record.growthHormoneTherapy());
		record.otherTherapyDrafts().forEach((id, therapy) -> {
			if (therapy == OtherTherapy.GROWTH_HORMONE) {
				growthHormone.add(id);
			}
		});
		if (peptides.isEmpty() || growthHormone.isEmpty()) {
			return List.of();
		}
		return List.of(context.finding(id(), record)
				.implicate(peptides)
				.evidence(growthHormone)
				.value("peptides", Describe.orders(peptides))
				.value("growth-hormone-records", String.join(", ", growthHormone))
				.build());
	}
}
