package org.somaxis.guidance.rules;

import org.somaxis.guidance.knowledge.CodeGroup;

/**
 * tesamorelin-breastfeeding: tesamorelin while breastfeeding or lactation is recorded (its label asks that mothers be
 * told not to breastfeed on it). A warning; the shape is the contraindication rules'.
 */
public final class TesamorelinBreastfeedingRule extends PeptideContraindicationRule {
	public TesamorelinBreastfeedingRule() {
		super("tesamorelin-breastfeeding", CodeGroup.LACTATION, order -> order.code().equals("tesamorelin"));
	}
}
