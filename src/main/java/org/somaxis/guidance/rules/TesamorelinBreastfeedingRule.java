package org.somaxis.guidance.rules;

import java.util.List;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.knowledge.CodeGroup;
import org.somaxis.guidance.record.PatientRecord;
import org.somaxis.guidance.record.PeptideOrder;

/**
 * tesamorelin-breastfeeding: tesamorelin ordered, taken or on hold while breastfeeding or lactation
 * (ValueSet lactation-conditions) is recorded as active: its label asks that mothers be told not to breastfeed on it.
 */
public final class TesamorelinBreastfeedingRule implements Rule {
	@Override
	public String id() {
		return "tesamorelin-breastfeeding";
	}

	@Override
	public List<Finding> evaluate(PatientRecord record, Face face, RuleContext context) {
		List<PeptideOrder> orders = record.peptidesIncludingOnHold().stream()
				.filter(order -> order.code().equals("tesamorelin"))
				.toList();
		if (orders.isEmpty() || !record.has(CodeGroup.LACTATION)) {
			return List.of();
		}
		return List.of(context.finding(id(), record)
				.implicate(orders)
				.evidence(record.evidence(CodeGroup.LACTATION))
				.value("peptides", Describe.orders(orders))
				.value("conditions", String.join(", ", record.evidence(CodeGroup.LACTATION)))
				.build());
	}
}
