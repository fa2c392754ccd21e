package org.somaxis.guidance.rules;

import java.util.List;
import java.util.Set;
import org.somaxis.guidance.knowledge.CodeGroup;
import org.somaxis.guidance.record.PeptideOrder;

/**
 * peptide-acute-critical-illness: a GH-axis peptide ordered, taken or on hold while an acute critical illness (sepsis,
 * shock, acute respiratory failure) is active. The tesamorelin label warns of it, because pharmacological growth hormone
 * raised mortality in critically ill adults; every peptide here raises growth hormone, so it is judged for each, and
 * the card calls the warning the label's own only for tesamorelin and says of the others that their risk has not been
 * studied.
 */
public final class PeptideAcuteCriticalIllnessRule extends PeptideContraindicationRule {
	public PeptideAcuteCriticalIllnessRule() {
		super("peptide-acute-critical-illness", CodeGroup.ACUTE_CRITICAL_ILLNESS, order -> true,
				Set.of("tesamorelin-label", "raises-growth-hormone", "tesamorelin-and-others"),
				PeptideAcuteCriticalIllnessRule::why);
	}

	private static String why(List<PeptideOrder> orders) {
		boolean tesamorelin = orders.stream().anyMatch(order -> order.code().equals("tesamorelin"));
		boolean others = orders.stream().anyMatch(order -> !order.code().equals("tesamorelin"));
		return tesamorelin && others ? "tesamorelin-and-others" : tesamorelin ? "tesamorelin-label" : "raises-growth-hormone";
	}
}
