package org.somaxis.guidance.rules;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.knowledge.CodeGroup;
import org.somaxis.guidance.record.CancerTreatment;
import org.somaxis.guidance.record.PatientRecord;
import org.somaxis.guidance.record.PeptideOrder;

/**
 * peptide-cancer-treatment-ongoing: a GH-axis peptide ordered, taken or on hold while a cancer's treatment is not
 * complete ({@link PatientRecord#cancerTreatment()}): a malignancy no longer active with an antineoplastic still in
 * effect, or a drug in effect given for a malignancy. Silent when a malignancy is active: peptide-active-malignancy
 * says more.
 */
public final class PeptideCancerTreatmentOngoingRule implements Rule {
	@Override
	public String id() {
		return "peptide-cancer-treatment-ongoing";
	}

	@Override
	public Set<String> phrases() {
		return Set.of("by-reason-only", "recorded");
	}

	@Override
	public List<Finding> evaluate(PatientRecord record, Face face, RuleContext context) {
		List<PeptideOrder> orders = record.peptidesIncludingOnHold();
		if (orders.isEmpty() || record.cancerTreatment().isEmpty() || record.has(CodeGroup.MALIGNANCY)) {
			return List.of();
		}
		return List.of(context.finding(id(), record)
				.implicate(orders)
				.evidence(record.cancerTreatment().stream().map(CancerTreatment::resourceId).toList())
				.evidence(record.treatedMalignancies())
				.value("peptides", Describe.orders(orders))
				.value("treatment", record.cancerTreatment().stream().map(CancerTreatment::describe)
						.collect(Collectors.joining(", ")))
				.value("conditions", String.join(", ", record.treatedMalignancies()))
				.valuePhrase("malignancy", record.treatedMalignancies().isEmpty() ? "by-reason-only" : "recorded")
				.build());
	}
}
