package org.somaxis.guidance.rules;

import org.somaxis.guidance.knowledge.CodeGroup;

/** peptide-pregnancy: a GH-axis peptide ordered or active during pregnancy. */
public final class PeptidePregnancyRule extends PeptideContraindicationRule {
	public PeptidePregnancyRule() {
		super("peptide-pregnancy", CodeGroup.PREGNANCY, order -> true);
	}
}
