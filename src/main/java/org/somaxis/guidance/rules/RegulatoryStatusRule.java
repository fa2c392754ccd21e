package org.somaxis.guidance.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.knowledge.Jurisdiction;
import org.somaxis.guidance.knowledge.PeptideSpec;
import org.somaxis.guidance.record.PatientRecord;
import org.somaxis.guidance.record.PeptideOrder;

/**
 * regulatory-status: a peptide without approval in the configured jurisdiction. One finding per peptide; the elevated
 * severity (warning) applies to statuses the jurisdiction lists as elevated (restricted / off-label use).
 */
public final class RegulatoryStatusRule implements Rule {
	@Override
	public String id() {
		return "regulatory-status";
	}

	@Override
	public List<Finding> evaluate(PatientRecord record, Face face, RuleContext context) {
		Jurisdiction jurisdiction = context.knowledge().jurisdiction();
		Map<String, List<PeptideOrder>> byCode = new TreeMap<>();
		for (PeptideOrder order : record.peptides()) {
			byCode.computeIfAbsent(order.code(), code -> new ArrayList<>()).add(order);
		}
		List<Finding> findings = new ArrayList<>();
		for (Map.Entry<String, List<PeptideOrder>> entry : byCode.entrySet()) {
			PeptideSpec spec = context.knowledge().peptide(entry.getKey()).orElse(null);
			PeptideSpec.RegulatoryStatus status = spec == null ? null : spec.regulatory().get(jurisdiction.code());
			if (status == null || status.status().equals("approved")) {
				continue;
			}
			FindingBuilder builder = context.finding(id(), record)
					.implicate(entry.getValue())
					.source(status.sources())
					.value("peptide", spec.display())
					.value("jurisdiction", jurisdiction.name())
					.value("status", status.status())
					.value("note", status.note());
			if (jurisdiction.elevatedStatuses().contains(status.status())) {
				builder.elevated();
			}
			findings.add(builder.build());
		}
		return findings;
	}
}
