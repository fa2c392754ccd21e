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
 * excipient of it (mannitol for tesamorelin, or an ingredient the order's own product names), is recorded. The
 * tesamorelin label makes hypersensitivity to tesamorelin or mannitol a contraindication; the card cites it for
 * tesamorelin, and says for the others only that a reaction to the drug is a reason not to give it again.
 */
public final class PeptideHypersensitivityRule implements Rule {
	@Override
	public String id() {
		return "peptide-hypersensitivity";
	}

	@Override
	public Set<String> phrases() {
		return Set.of("tesamorelin-label", "reaction-to-the-drug");
	}

	@Override
	public List<Finding> evaluate(PatientRecord record, Face face, RuleContext context) {
		List<PeptideOrder> orders = record.peptidesIncludingOnHold().stream()
				.filter(order -> !record.allergiesTo(order).isEmpty())
				.toList();
		if (orders.isEmpty()) {
			return List.of();
		}
		Set<String> allergies = new LinkedHashSet<>();
		orders.forEach(order -> allergies.addAll(record.allergiesTo(order)));
		return List.of(context.finding(id(), record)
				.implicate(orders)
				.evidence(List.copyOf(allergies))
				.value("peptides", Describe.orders(orders))
				.value("allergies", String.join(", ", allergies))
				.valuePhrase("why", orders.stream().anyMatch(order -> order.code().equals("tesamorelin"))
						? "tesamorelin-label" : "reaction-to-the-drug")
				.build());
	}
}
