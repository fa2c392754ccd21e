package org.somaxis.guidance.rules;

import java.util.List;
import java.util.Set;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.knowledge.CodeGroup;
import org.somaxis.guidance.record.PatientRecord;
import org.somaxis.guidance.record.PeptideOrder;

/**
 * peptide-acute-critical-illness: a GH-axis peptide ordered, taken or on hold while an acute critical illness (sepsis,
 * shock, acute respiratory failure) is active. The tesamorelin label warns of it, because pharmacological growth hormone
 * raised mortality in critically ill adults; every peptide here raises growth hormone, so it is judged for each, and
 * the card cites the label as the label's own warning only for tesamorelin.
 */
public final class PeptideAcuteCriticalIllnessRule implements Rule {
	@Override
	public String id() {
		return "peptide-acute-critical-illness";
	}

	@Override
	public Set<String> phrases() {
		return Set.of("tesamorelin-label", "raises-growth-hormone");
	}

	@Override
	public List<Finding> evaluate(PatientRecord record, Face face, RuleContext context) {
		List<PeptideOrder> orders = record.peptidesIncludingOnHold();
		if (orders.isEmpty() || !record.has(CodeGroup.ACUTE_CRITICAL_ILLNESS)) {
			return List.of();
		}
		List<String> conditions = record.evidence(CodeGroup.ACUTE_CRITICAL_ILLNESS);
		return List.of(context.finding(id(), record)
				.implicate(orders)
				.evidence(conditions)
				.value("peptides", Describe.orders(orders))
				.value("conditions", String.join(", ", conditions))
				.valuePhrase("why", orders.stream().anyMatch(order -> order.code().equals("tesamorelin"))
						? "tesamorelin-label" : "raises-growth-hormone")
				.build());
	}
}
