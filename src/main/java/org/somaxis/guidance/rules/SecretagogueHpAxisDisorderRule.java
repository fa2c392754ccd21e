package org.somaxis.guidance.rules;

import org.somaxis.guidance.knowledge.CodeGroup;

/**
 * secretagogue-hp-axis-disorder: a GH-axis peptide other than tesamorelin with a disrupted hypothalamic-pituitary axis.
 * They act through the pituitary as tesamorelin does, whose label contraindicates it there
 * (tesamorelin-hp-axis-disorder); no label covers them, so the card asks for review rather than forbids.
 */
public final class SecretagogueHpAxisDisorderRule extends PeptideContraindicationRule {
	public SecretagogueHpAxisDisorderRule() {
		super("secretagogue-hp-axis-disorder", CodeGroup.HYPOTHALAMIC_PITUITARY,
				order -> !order.code().equals("tesamorelin"));
	}
}
