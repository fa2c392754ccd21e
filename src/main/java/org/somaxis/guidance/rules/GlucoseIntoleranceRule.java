package org.somaxis.guidance.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.knowledge.CodeGroup;
import org.somaxis.guidance.knowledge.Threshold;
import org.somaxis.guidance.record.LabKind;
import org.somaxis.guidance.record.LabValue;
import org.somaxis.guidance.record.PatientRecord;
import org.somaxis.guidance.record.PeptideOrder;

/**
 * glucose-intolerance-on-gh-therapy: a peptide with diabetes-range fasting glucose, glucose not marked fasting or HbA1c,
 * diagnosed diabetes, or a medication that may treat diabetes in effect. Critical (elevated severity) when ibutamoren
 * (MK-677) is involved and diabetes is recorded or a result is in its range; a medication alone keeps it a warning,
 * since its ValueSet also lists drugs given without diabetes.
 */
public final class GlucoseIntoleranceRule implements Rule {
	@Override
	public String id() {
		return "glucose-intolerance-on-gh-therapy";
	}

	@Override
	public Set<String> phrases() {
		return Set.of("fasting-glucose", "glucose-not-fasting", "hba1c", "diabetes", "diabetes-medication", "trigger-diabetes",
				"trigger-medication");
	}

	@Override
	public List<Finding> evaluate(PatientRecord record, Face face, RuleContext context) {
		List<PeptideOrder> peptides = record.peptidesIncludingOnHold();
		if (peptides.isEmpty()) {
			return List.of();
		}
		FindingBuilder builder = context.finding(id(), record);
		List<String> reasons = new ArrayList<>();
		LabValue glucose = record.latestLab(LabKind.FASTING_GLUCOSE).orElse(null);
		if (glucose != null && context.meets(glucose, Threshold.GLUCOSE_DIABETES)) {
			reasons.add(builder.phrase("fasting-glucose", Map.of("lab", Describe.lab(glucose))));
			builder.evidence(glucose.resourceIds());
		}
		// a glucose not marked fasting: in the diabetes range only from its own cut-off, whenever it was drawn
		LabValue notFasting = record.latestLab(LabKind.GLUCOSE_NOT_FASTING).orElse(null);
		if (notFasting != null && context.meets(notFasting, Threshold.GLUCOSE_NOT_FASTING_DIABETES)) {
			reasons.add(builder.phrase("glucose-not-fasting", Map.of("lab", Describe.lab(notFasting))));
			builder.evidence(notFasting.resourceIds());
		}
		LabValue hba1c = record.latestLab(LabKind.HBA1C).orElse(null);
		if (hba1c != null && hba1c.value() >= context.threshold(Threshold.HBA1C_DIABETES)) {
			reasons.add(builder.phrase("hba1c", Map.of("lab", Describe.lab(hba1c))));
			builder.evidence(hba1c.resourceIds());
		}
		if (record.has(CodeGroup.DIABETES)) {
			reasons.add(builder.phrase("diabetes", Map.of("conditions", String.join(", ", record.evidence(CodeGroup.DIABETES)))));
			builder.evidence(record.evidence(CodeGroup.DIABETES));
		}
		// diabetes recorded or in the diabetes range: what makes the card critical with MK-677
		boolean diabetes = !reasons.isEmpty();
		if (!record.diabetesMedications().isEmpty()) {
			// a drug that may treat diabetes (metformin, insulin; also SGLT2 inhibitors for heart failure, semaglutide for
			// weight): a reason to check glucose status, not diabetes itself (probe 56, P56-M3)
			reasons.add(builder.phrase("diabetes-medication", Map.of("medications", String.join(", ", record.diabetesMedications()))));
			builder.evidence(record.diabetesMedications());
		}
		if (reasons.isEmpty()) {
			return List.of();
		}
		List<PeptideOrder> ibutamoren = peptides.stream().filter(order -> order.code().equals("ibutamoren")).toList();
		if (!ibutamoren.isEmpty() && diabetes) {
			// critical for MK-677: the draft to cancel is the MK-677 one, not another peptide signed beside it
			builder.elevated().actOn(ibutamoren);
		}
		return List.of(builder
				.implicate(peptides)
				// the summary says what triggered it: a medication alone is no diabetes (probe 58, P58-m3)
				.valuePhrase("trigger", diabetes ? "trigger-diabetes" : "trigger-medication")
				.value("peptides", Describe.orders(peptides))
				.value("reasons", FindingBuilder.list(reasons))
				.build());
	}
}
