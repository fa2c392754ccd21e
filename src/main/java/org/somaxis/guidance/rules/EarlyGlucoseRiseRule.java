package org.somaxis.guidance.rules;

import java.util.List;
import java.util.Set;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.knowledge.Threshold;
import org.somaxis.guidance.record.LabKind;
import org.somaxis.guidance.record.LabValue;
import org.somaxis.guidance.record.PatientRecord;
import org.somaxis.guidance.record.TherapyPhase;

/**
 * early-glucose-rise-expected: in the mobilisation weeks, fasting glucose or HOMA-IR rose more than the threshold but
 * not more than the upper bound from its pre-therapy baseline, neither rose beyond that bound, and glucose and HbA1c stay
 * below their diabetes cut-offs.
 * Expected; recheck later. Never given when ibutamoren (MK-677) is involved: its rise is not the expected one.
 */
public final class EarlyGlucoseRiseRule implements Rule {
	@Override
	public String id() {
		return "early-glucose-rise-expected";
	}

	@Override
	public Set<String> phrases() {
		return Set.of("homa-ir", "fasting-glucose");
	}

	@Override
	public List<Finding> evaluate(PatientRecord record, Face face, RuleContext context) {
		if (record.phase() != TherapyPhase.MOBILISATION
				|| record.peptides().stream().anyMatch(order -> order.code().equals("ibutamoren"))) {
			return List.of();
		}
		LabValue glucose = record.latestLab(LabKind.FASTING_GLUCOSE).orElse(null);
		if (glucose != null && context.meets(glucose, Threshold.GLUCOSE_DIABETES)) {
			return List.of();
		}
		LabValue hba1c = record.latestLab(LabKind.HBA1C).orElse(null);
		if (hba1c != null && hba1c.value() >= context.threshold(Threshold.HBA1C_DIABETES)) {
			return List.of(); // an HbA1c at the diabetes cut-off: nothing here is reassuring
		}
		double max = context.threshold(Threshold.EARLY_GLUCOSE_RISE_MAX_PERCENT);
		Finding reassurance = null;
		for (LabKind kind : List.of(LabKind.FASTING_GLUCOSE, LabKind.HOMA_IR)) {
			LabValue baseline = record.baselineLab(kind).map(record::lowestOnDay).orElse(null);
			LabValue latest = record.latestLab(kind).orElse(null);
			if (baseline == null || latest == null || latest.date().isBefore(record.therapyStart()) || baseline.value() <= 0) {
				continue;
			}
			double rise = Describe.risePercent(baseline.value(), latest.value());
			if (rise > max) {
				return List.of(); // either marker rising beyond the expected: not reassured, also when the other is
			}
			if (reassurance == null && rise > context.threshold(Threshold.EARLY_GLUCOSE_RISE_PERCENT)) {
				FindingBuilder builder = context.finding(id(), record);
				reassurance = builder
						.evidence(baseline.resourceIds())
						.evidence(latest.resourceIds())
						.implicate(record.activePeptides())
						.valuePhrase("marker", marker(kind))
						.value("baseline", Describe.lab(baseline))
						.value("latest", Describe.lab(latest))
						.value("rise", rise)
						.value("max-rise", max)
						.value("week", record.therapyWeek())
						// the recheck at 3 months of therapy is due then, not now (P59-m7)
						.day(org.somaxis.guidance.knowledge.RuleSpec.Due.THERAPY_START, record.therapyStart())
						.build();
			}
		}
		return reassurance == null ? List.of() : List.of(reassurance);
	}

	static String marker(LabKind kind) {
		return kind == LabKind.HOMA_IR ? "homa-ir" : "fasting-glucose";
	}
}
