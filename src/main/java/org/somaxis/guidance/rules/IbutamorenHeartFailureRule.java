package org.somaxis.guidance.rules;

import java.util.List;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.knowledge.CodeGroup;
import org.somaxis.guidance.record.PatientRecord;
import org.somaxis.guidance.record.PeptideOrder;

/**
 * ibutamoren-heart-failure: ibutamoren (MK-677) ordered, taken or on hold while heart failure
 * (ValueSet heart-failure-conditions) is active: a trial of it in older adults was stopped for congestive heart failure.
 */
public final class IbutamorenHeartFailureRule implements Rule {
	@Override
	public String id() {
		return "ibutamoren-heart-failure";
	}

	@Override
	public List<Finding> evaluate(PatientRecord record, Face face, RuleContext context) {
		List<PeptideOrder> orders = record.peptidesIncludingOnHold().stream()
				.filter(order -> order.code().equals("ibutamoren"))
				.toList();
		if (orders.isEmpty() || !record.has(CodeGroup.HEART_FAILURE)) {
			return List.of();
		}
		return List.of(context.finding(id(), record)
				.implicate(orders)
				.evidence(record.evidence(CodeGroup.HEART_FAILURE))
				.value("peptides", Describe.orders(orders))
				.value("conditions", String.join(", ", record.evidence(CodeGroup.HEART_FAILURE)))
				.build());
	}
}
