package org.somaxis.guidance.rules;

import org.somaxis.guidance.knowledge.CodeGroup;

/**
 * secretagogue-breastfeeding: a GH-axis peptide other than tesamorelin while breastfeeding. None has been studied in
 * lactation; tesamorelin, the one with a label, has its own card (tesamorelin-breastfeeding).
 */
public final class SecretagogueBreastfeedingRule extends PeptideContraindicationRule {
	public SecretagogueBreastfeedingRule() {
		super("secretagogue-breastfeeding", CodeGroup.LACTATION, order -> !order.code().equals("tesamorelin"));
	}
}
