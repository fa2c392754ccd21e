package org.somaxis.guidance.rules;

import org.somaxis.guidance.knowledge.CodeGroup;

/** tesamorelin-hp-axis-disorder: tesamorelin with a disrupted hypothalamic-pituitary axis. */
public final class TesamorelinHpAxisDisorderRule extends PeptideContraindicationRule {
	public TesamorelinHpAxisDisorderRule() {
		super("tesamorelin-hp-axis-disorder", CodeGroup.HYPOTHALAMIC_PITUITARY,
				order -> order.code().equals("tesamorelin"));
	}
}
