package org.somaxis.guidance.rules;

import java.util.List;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.knowledge.CodeGroup;
import org.somaxis.guidance.record.PatientRecord;
import org.somaxis.guidance.record.PeptideOrder;

/**
 * peptide-past-malignancy: a GH-axis peptide (active, on hold or being ordered) beside a malignancy recorded as history
 * or as no longer active, with no active malignancy and no cancer treatment in effect (whose cards say more). The
 * tesamorelin label asks that a pre-existing malignancy be inactive and its treatment complete before therapy; the
 * record cannot tell, so the card asks for it to be confirmed (probe 56, P56-M6).
 */
public final class PeptidePastMalignancyRule implements Rule {
	@Override
	public String id() {
		return "peptide-past-malignancy";
	}

	@Override
	public List<Finding> evaluate(PatientRecord record, Face face, RuleContext context) {
		List<PeptideOrder> orders = record.peptidesIncludingOnHold();
		if (orders.isEmpty() || !record.has(CodeGroup.MALIGNANCY_HISTORY) || record.has(CodeGroup.MALIGNANCY)
				|| !record.cancerTreatment().isEmpty()) {
			return List.of();
		}
		return List.of(context.finding(id(), record)
				.evidence(record.evidence(CodeGroup.MALIGNANCY_HISTORY))
				.evidence(orders.stream().map(PeptideOrder::resourceId).toList())
				.value("peptides", Describe.orders(orders))
				.value("conditions", String.join(", ", record.describedEvidence(CodeGroup.MALIGNANCY_HISTORY)))
				.build());
	}
}
