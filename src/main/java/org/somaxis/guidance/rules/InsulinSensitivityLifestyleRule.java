package org.somaxis.guidance.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.knowledge.Threshold;
import org.somaxis.guidance.record.LabKind;
import org.somaxis.guidance.record.LabValue;
import org.somaxis.guidance.record.PatientRecord;

/** insulin-sensitivity-lifestyle: HOMA-IR above its cut-off, or fasting glucose or HbA1c in the prediabetes range. */
public final class InsulinSensitivityLifestyleRule implements Rule {
	@Override
	public String id() {
		return "insulin-sensitivity-lifestyle";
	}

	@Override
	public Set<String> phrases() {
		return Set.of("homa-ir", "homa-ir-derived", "fasting-glucose", "hba1c");
	}

	@Override
	public List<Finding> evaluate(PatientRecord record, Face face, RuleContext context) {
		FindingBuilder builder = context.finding(id(), record);
		List<String> reasons = new ArrayList<>();
		LabValue homa = record.latestLab(LabKind.HOMA_IR).orElse(null);
		if (homa != null && homa.value() > context.threshold(Threshold.HOMA_IR_RESISTANCE)) {
			reasons.add(builder.phrase(homa.derived() ? "homa-ir-derived" : "homa-ir", Map.of("lab", Describe.lab(homa))));
			builder.evidence(homa.resourceIds());
		}
		LabValue glucose = record.latestLab(LabKind.FASTING_GLUCOSE).orElse(null);
		if (glucose != null
				&& context.meets(glucose, Threshold.GLUCOSE_PREDIABETES)
				&& !context.meets(glucose, Threshold.GLUCOSE_DIABETES)) {
			reasons.add(builder.phrase("fasting-glucose", Map.of("lab", Describe.lab(glucose))));
			builder.evidence(glucose.resourceIds());
		}
		LabValue hba1c = record.latestLab(LabKind.HBA1C).orElse(null);
		if (hba1c != null
				&& hba1c.value() >= context.threshold(Threshold.HBA1C_PREDIABETES)
				&& hba1c.value() < context.threshold(Threshold.HBA1C_DIABETES)) {
			reasons.add(builder.phrase("hba1c", Map.of("lab", Describe.lab(hba1c))));
			builder.evidence(hba1c.resourceIds());
		}
		if (reasons.isEmpty()) {
			return List.of();
		}
		return List.of(builder.value("reasons", FindingBuilder.list(reasons)).build());
	}
}
