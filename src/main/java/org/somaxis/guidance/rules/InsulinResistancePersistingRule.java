package org.somaxis.guidance.rules;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.knowledge.Threshold;
import org.somaxis.guidance.record.LabKind;
import org.somaxis.guidance.record.LabValue;
import org.somaxis.guidance.record.PatientRecord;
import org.somaxis.guidance.record.TherapyPhase;

/**
 * insulin-resistance-persisting: after six months of therapy, HOMA-IR above its cut-off or fasting glucose in the
 * prediabetes range, and not improving (the latest value is not lower than the one before it).
 */
public final class InsulinResistancePersistingRule implements Rule {
	@Override
	public String id() {
		return "insulin-resistance-persisting";
	}

	@Override
	public Set<String> phrases() {
		return Set.of("homa-ir", "fasting-glucose");
	}

	@Override
	public List<Finding> evaluate(PatientRecord record, Face face, RuleContext context) {
		if (record.phase() != TherapyPhase.STABILISATION) {
			return List.of();
		}
		LabValue homa = record.latestLab(LabKind.HOMA_IR).orElse(null);
		if (homa != null && homa.value() > context.threshold(Threshold.HOMA_IR_RESISTANCE) && notImproving(record, homa)) {
			return List.of(finding(record, context, homa, "homa-ir"));
		}
		LabValue glucose = record.latestLab(LabKind.FASTING_GLUCOSE).orElse(null);
		if (glucose != null
				&& context.meets(glucose, Threshold.GLUCOSE_PREDIABETES)
				&& !context.meets(glucose, Threshold.GLUCOSE_DIABETES)
				&& notImproving(record, glucose)) {
			return List.of(finding(record, context, glucose, "fasting-glucose"));
		}
		return List.of();
	}

	private Finding finding(PatientRecord record, RuleContext context, LabValue lab, String marker) {
		return context.finding(id(), record)
				.evidence(lab.resourceIds())
				.implicate(record.activePeptides())
				.valuePhrase("marker", marker)
				.value("latest", Describe.lab(lab))
				.value("week", record.therapyWeek())
				.build();
	}

	private static boolean notImproving(PatientRecord record, LabValue latest) {
		List<LabValue> series = record.labs(latest.kind());
		if (series.size() < 2) {
			return true;
		}
		return latest.value() >= record.lowestOnDay(series.get(series.size() - 2)).value();
	}
}
