package org.somaxis.guidance.rules;

import org.somaxis.guidance.knowledge.CodeGroup;

/**
 * peptide-acromegaly: any GH-axis peptide with acromegaly recorded. Its treatment lowers growth hormone and IGF-1,
 * which every peptide raises; tesamorelin's pituitary-tumour contraindication (tesamorelin-hp-axis-disorder) does not
 * reach the unlicensed peptides.
 */
public final class PeptideAcromegalyRule extends PeptideContraindicationRule {
	public PeptideAcromegalyRule() {
		super("peptide-acromegaly", CodeGroup.GH_EXCESS, order -> true);
	}
}
