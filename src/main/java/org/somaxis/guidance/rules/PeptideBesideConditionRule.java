package org.somaxis.guidance.rules;

import java.util.List;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.knowledge.CodeGroup;
import org.somaxis.guidance.record.PatientRecord;
import org.somaxis.guidance.record.PeptideOrder;

/**
 * One peptide ordered, taken or on hold while a condition of one concept group is active: the card names both. Used
 * for ibutamoren-heart-failure (MK-677 with heart failure: a trial of it was stopped for congestive heart failure) and
 * tesamorelin-breastfeeding (its label asks that mothers be told not to breastfeed on it).
 */
public final class PeptideBesideConditionRule implements Rule {
	private final String id;
	private final String peptide;
	private final CodeGroup group;

	/**
	 * @param peptide the peptide's code in knowledge/peptides.yaml (gh-peptides)
	 */
	PeptideBesideConditionRule(String id, String peptide, CodeGroup group) {
		this.id = id;
		this.peptide = peptide;
		this.group = group;
	}

	@Override
	public String id() {
		return id;
	}

	@Override
	public List<Finding> evaluate(PatientRecord record, Face face, RuleContext context) {
		List<PeptideOrder> orders = record.peptidesIncludingOnHold().stream()
				.filter(order -> order.code().equals(peptide))
				.toList();
		if (orders.isEmpty() || !record.has(group)) {
			return List.of();
		}
		return List.of(context.finding(id(), record)
				.implicate(orders)
				.evidence(record.evidence(group))
				.value("peptides", Describe.orders(orders))
				.value("conditions", String.join(", ", record.evidence(group)))
				.build());
	}
}
