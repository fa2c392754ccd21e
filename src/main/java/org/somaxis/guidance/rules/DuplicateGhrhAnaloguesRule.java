package org.somaxis.guidance.rules;

import java.util.List;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.knowledge.PeptideSpec;
import org.somaxis.guidance.record.PatientRecord;
import org.somaxis.guidance.record.PeptideOrder;

/**
 * duplicate-ghrh-analogues: two different GHRH analogues active, on hold or ordered at once. "Keep one" removes only the newest
 * draft (latest authoredOn, then highest id) that holds no other peptide: the order the clinician is adding, never an
 * established one; nothing when both are in one order (a blend), whose removal would remove both, and never a blend's
 * draft, whose removal would remove its other peptide too (a sermorelin and ipamorelin vial).
 */
public final class DuplicateGhrhAnaloguesRule implements Rule {
	@Override
	public String id() {
		return "duplicate-ghrh-analogues";
	}

	@Override
	public List<Finding> evaluate(PatientRecord record, Face face, RuleContext context) {
		List<PeptideOrder> ghrh = record.peptidesIncludingOnHold().stream()
				.filter(order -> order.mechanism().equals(PeptideSpec.GHRH_ANALOGUE))
				.toList();
		if (ghrh.stream().map(PeptideOrder::code).distinct().count() < 2) {
			return List.of();
		}
		// a blend (one order naming two analogues): removing its draft would remove both, so nothing is offered
		boolean oneOrder = ghrh.stream().map(PeptideOrder::resourceId).distinct().count() == 1;
		java.util.Map<String, Long> peptidesPerOrder = record.peptidesIncludingOnHold().stream()
				.collect(java.util.stream.Collectors.groupingBy(PeptideOrder::resourceId, java.util.stream.Collectors.counting()));
		PeptideOrder newest = oneOrder ? null : ghrh.stream()
				.filter(PeptideOrder::isDraft)
				.filter(order -> peptidesPerOrder.get(order.resourceId()) == 1) // a blend's draft removes its others too
				.max(java.util.Comparator.comparing((PeptideOrder order) -> order.authoredOn() == null
								? java.time.LocalDate.MIN : order.authoredOn())
						.thenComparing(PeptideOrder::resourceId))
				.orElse(null);
		return List.of(context.finding(id(), record)
				.implicate(ghrh)
				.actOn(newest == null ? List.of() : List.of(newest))
				.value("peptides", Describe.orders(ghrh))
				.value("newest", oneOrder ? "none: they are one order (a blend)"
						: newest == null ? "none: no draft is being written" : newest.display() + ", " + newest.resourceId())
				.build());
	}
}
