package org.somaxis.guidance.rules;

import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.knowledge.CodeGroup;
import org.somaxis.guidance.record.PatientRecord;
import org.somaxis.guidance.record.PeptideOrder;

/**
 * A peptide (active, draft or on hold) together with a condition that contraindicates it, or calls for weighing stopping
 * it. An order on hold is not current therapy, but it may be resumed without a new order, so it is judged too.
 */
abstract class PeptideContraindicationRule implements Rule {
	private final String id;
	private final CodeGroup condition;
	private final Predicate<PeptideOrder> peptides;
	private final Set<String> phrases;
	private final Function<List<PeptideOrder>, String> why;

	PeptideContraindicationRule(String id, CodeGroup condition, Predicate<PeptideOrder> peptides) {
		this(id, condition, peptides, Set.of(), null);
	}

	/**
	 * @param phrases the phrases of the rule's knowledge entry
	 * @param why which of them fills the detail's {@code {why}}, for the orders implicated
	 */
	PeptideContraindicationRule(String id, CodeGroup condition, Predicate<PeptideOrder> peptides, Set<String> phrases,
			Function<List<PeptideOrder>, String> why) {
		this.id = id;
		this.condition = condition;
		this.peptides = peptides;
		this.phrases = Set.copyOf(phrases);
		this.why = why;
	}

	@Override
	public String id() {
		return id;
	}

	@Override
	public Set<String> phrases() {
		return phrases;
	}

	@Override
	public List<Finding> evaluate(PatientRecord record, Face face, RuleContext context) {
		List<PeptideOrder> orders = record.peptidesIncludingOnHold().stream()
				.filter(peptides)
				.toList();
		if (orders.isEmpty() || !record.has(condition)) {
			return List.of();
		}
		var finding = context.finding(id, record)
				.implicate(orders)
				.evidence(record.evidence(condition))
				.value("peptides", Describe.orders(orders))
				.value("conditions", String.join(", ", record.describedEvidence(condition)));
		if (why != null) {
			finding.valuePhrase("why", why.apply(orders));
		}
		return List.of(finding.build());
	}
}
