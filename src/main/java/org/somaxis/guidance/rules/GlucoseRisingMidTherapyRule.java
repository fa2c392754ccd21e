package org.somaxis.guidance.rules;

import java.time.LocalDate;
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
 * glucose-rising-mid-therapy: in the body-composition phase (months 2-6), the latest fasting glucose or HOMA-IR is
 * higher than the "week-4 value": the last value of its kind drawn during the mobilisation weeks; with none drawn then,
 * more than early-glucose-rise-max-percent above the pre-therapy value (less monitoring must not mean less warning).
 */
public final class GlucoseRisingMidTherapyRule implements Rule {
	@Override
	public String id() {
		return "glucose-rising-mid-therapy";
	}

	@Override
	public Set<String> phrases() {
		return Set.of("homa-ir", "fasting-glucose", "end-of-mobilisation", "before-therapy");
	}

	@Override
	public List<Finding> evaluate(PatientRecord record, Face face, RuleContext context) {
		if (record.phase() != TherapyPhase.BODY_COMPOSITION || record.therapyStart() == null) {
			return List.of();
		}
		int mobilisationWeeks = (int) context.threshold(Threshold.MOBILISATION_WEEKS);
		LocalDate endOfMobilisation = record.therapyStart().plusWeeks(mobilisationWeeks);
		for (LabKind kind : List.of(LabKind.FASTING_GLUCOSE, LabKind.HOMA_IR)) {
			LabValue week4 = null;
			for (LabValue lab : record.labs(kind)) {
				if (!lab.date().isBefore(record.therapyStart()) && lab.date().isBefore(endOfMobilisation)) {
					week4 = lab;
				}
			}
			week4 = week4 == null ? null : record.lowestOnDay(week4);
			LabValue latest = record.latestLab(kind).orElse(null);
			if (latest == null || latest.date().isBefore(endOfMobilisation)) {
				continue;
			}
			FindingBuilder builder = context.finding(id(), record);
			LabValue compared;
			if (week4 != null) {
				if (latest.value() <= week4.value()) {
					continue;
				}
				compared = week4;
				builder.valuePhrase("reference", "end-of-mobilisation");
			} else {
				// none drawn in those weeks: against the pre-therapy value, a rise beyond what the first weeks may bring
				compared = record.baselineLab(kind).map(record::lowestOnDay).orElse(null);
				double max = context.threshold(Threshold.EARLY_GLUCOSE_RISE_MAX_PERCENT);
				LabValue glucose = record.latestLab(LabKind.FASTING_GLUCOSE).orElse(null);
				if (compared == null || compared.value() <= 0 || Describe.risePercent(compared.value(), latest.value()) <= max
						|| glucose != null && context.meets(glucose, Threshold.GLUCOSE_DIABETES)) {
					continue; // a glucose at the diabetes cut-off is glucose-intolerance-on-gh-therapy's to say
				}
				builder.value("max-rise", max).valuePhrase("reference", "before-therapy");
			}
			return List.of(builder
					.value("compared", Describe.lab(compared))
					.evidence(compared.resourceIds())
					.evidence(latest.resourceIds())
					.implicate(record.activePeptides())
					.valuePhrase("marker", EarlyGlucoseRiseRule.marker(kind))
					.value("latest", Describe.lab(latest))
					.value("mobilisation-weeks", mobilisationWeeks)
					.value("week", record.therapyWeek())
					.build());
		}
		return List.of();
	}
}
