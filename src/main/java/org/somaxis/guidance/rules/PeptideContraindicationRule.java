package org.somaxis.guidance.rules;

import java.util.List;
import java.util.function.Predicate;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.knowledge.CodeGroup;
import org.somaxis.guidance.record.PatientRecord;
import org.somaxis.guidance.record.PeptideOrder;

/**
 * A peptide (active, draft or on hold) together with a condition that contraindicates it. An order on hold is not
 * current therapy, but it may be resumed without a new order, so it is judged too.
 */
abstract class PeptideContraindicationRule implements Rule {
	private final String id;
	private final CodeGroup condition;
	private final Predicate<PeptideOrder> peptides;

	PeptideContraindicationRule(String id, CodeGroup condition, Predicate<PeptideOrder> peptides) {
		this.id = id;
		this.condition = condition;
		this.peptides = peptides;
	}

	@Override
	public String id() {
		return id;
	}

	@Override
	public List<Finding> evaluate(PatientRecord record, Face face, RuleContext context) {
		List<PeptideOrder> orders = record.peptidesIncludingOnHold().stream()
				.filter(peptides)
				.toList();
		if (orders.isEmpty() || !record.has(condition)) {
			return List.of();
		}
		return List.of(context.finding(id, record)
				.implicate(orders)
				.evidence(record.evidence(condition))
				.value("peptides", Describe.orders(orders))
				.value("conditions", String.join(", ", record.evidence(condition)))
				.build());
	}
}
