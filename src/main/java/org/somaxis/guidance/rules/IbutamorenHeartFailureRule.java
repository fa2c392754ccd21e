package org.somaxis.guidance.rules;

import org.somaxis.guidance.knowledge.CodeGroup;

/**
 * ibutamoren-heart-failure: MK-677 with active heart failure (a trial of it in older adults was stopped for congestive
 * heart failure). A warning, not a label's contraindication; the shape is the contraindication rules'.
 */
public final class IbutamorenHeartFailureRule extends PeptideContraindicationRule {
	public IbutamorenHeartFailureRule() {
		super("ibutamoren-heart-failure", CodeGroup.HEART_FAILURE, order -> order.code().equals("ibutamoren"));
	}
}
