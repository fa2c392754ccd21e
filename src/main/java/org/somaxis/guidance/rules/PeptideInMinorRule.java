package org.somaxis.guidance.rules;

import java.util.List;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.record.PatientRecord;
import org.somaxis.guidance.record.PeptideOrder;

/**
 * peptide-in-minor: a GH-axis peptide ordered, taken or on hold for a child or adolescent. Who counts as one is the
 * rule's population in knowledge/rules.yaml (the engine evaluates it only when every age the birth date allows is in
 * it); this class only finds the peptides.
 */
public final class PeptideInMinorRule implements Rule {
	@Override
	public String id() {
		return "peptide-in-minor";
	}

	@Override
	public List<Finding> evaluate(PatientRecord record, Face face, RuleContext context) {
		List<PeptideOrder> orders = record.peptidesIncludingOnHold();
		if (orders.isEmpty()) {
			return List.of();
		}
		return List.of(context.finding(id(), record)
				.implicate(orders)
				.value("peptides", Describe.orders(orders))
				.value("age", String.valueOf(record.age()))
				.build());
	}
}
