package org.somaxis.guidance.rules;

import org.somaxis.guidance.knowledge.CodeGroup;

/** peptide-active-malignancy: a GH-axis peptide ordered or active while a malignancy is active. */
public final class PeptideActiveMalignancyRule extends PeptideContraindicationRule {
	public PeptideActiveMalignancyRule() {
		super("peptide-active-malignancy", CodeGroup.MALIGNANCY, order -> true);
	}
}
