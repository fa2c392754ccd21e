package org.somaxis.guidance.rules;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.record.PatientRecord;
import org.somaxis.guidance.record.PeptideOrder;

/**
 * peptide-hypersensitivity: a GH-axis peptide ordered, taken or on hold while an allergy or intolerance to it, or to an
 * excipient of it (mannitol for tesamorelin), is recorded. The tesamorelin label makes hypersensitivity to tesamorelin
 * or mannitol a contraindication; a recorded reaction to the very drug ordered is one for every peptide.
 */
public final class PeptideHypersensitivityRule implements Rule {
	@Override
	public String id() {
		return "peptide-hypersensitivity";
	}

	@Override
	public List<Finding> evaluate(PatientRecord record, Face face, RuleContext context) {
		List<PeptideOrder> orders = record.peptidesIncludingOnHold().stream()
				.filter(order -> !record.allergiesTo(order.code()).isEmpty())
				.toList();
		if (orders.isEmpty()) {
			return List.of();
		}
		Set<String> allergies = new LinkedHashSet<>();
		orders.forEach(order -> allergies.addAll(record.allergiesTo(order.code())));
		return List.of(context.finding(id(), record)
				.implicate(orders)
				.evidence(List.copyOf(allergies))
				.value("peptides", Describe.orders(orders))
				.value("allergies", String.join(", ", allergies))
				.build());
	}
}
