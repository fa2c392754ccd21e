package org.somaxis.guidance.rules;

import java.util.List;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.record.PatientRecord;

/** testosterone-synergy: active testosterone therapy together with a GH-axis peptide. */
public final class TestosteroneSynergyRule implements Rule {
	@Override
	public String id() {
		return "testosterone-synergy";
	}

	@Override
	public List<Finding> evaluate(PatientRecord record, Face face, RuleContext context) {
		if (record.testosteroneTherapy().isEmpty() || !record.hasAnyPeptide()) {
			return List.of();
		}
		return List.of(context.finding(id(), record)
				.evidence(record.testosteroneTherapy())
				.evidence(record.peptides().stream().map(order -> order.resourceId()).toList())
				.value("peptides", Describe.orders(record.peptides()))
				.build());
	}
}
