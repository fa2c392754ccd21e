package org.somaxis.guidance.rules;

import java.util.List;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.knowledge.PeptideSpec;
import org.somaxis.guidance.record.PatientRecord;

/** ghrh-plus-ghs-combination: a GHRH analogue together with a ghrelin-mimetic GHS (documented synergy). */
public final class GhrhPlusGhsCombinationRule implements Rule {
	@Override
	public String id() {
		return "ghrh-plus-ghs-combination";
	}

	@Override
	public List<Finding> evaluate(PatientRecord record, Face face, RuleContext context) {
		boolean ghrh = record.peptides().stream().anyMatch(order -> order.mechanism().equals(PeptideSpec.GHRH_ANALOGUE));
		boolean ghs = record.peptides().stream().anyMatch(order -> order.mechanism().equals(PeptideSpec.GHS));
		if (!ghrh || !ghs) {
			return List.of();
		}
		return List.of(context.finding(id(), record)
				.implicate(record.peptides())
				.value("peptides", Describe.orders(record.peptides()))
				.build());
	}
}
