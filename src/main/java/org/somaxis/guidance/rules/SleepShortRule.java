package org.somaxis.guidance.rules;

import java.util.List;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.knowledge.Threshold;
import org.somaxis.guidance.record.PatientRecord;

/** sleep-short: mean sleep per night over the nights of the sleep window that have data is below the threshold. */
public final class SleepShortRule implements Rule {
	@Override
	public String id() {
		return "sleep-short";
	}

	@Override
	public List<Finding> evaluate(PatientRecord record, Face face, RuleContext context) {
		Double mean = record.meanSleepHours();
		if (mean == null || mean >= context.threshold(Threshold.SLEEP_MIN_HOURS)) {
			return List.of();
		}
		return List.of(context.finding(id(), record)
				.evidence(record.sleepEvidence())
				.value("hours", mean)
				.value("nights", record.sleepNights())
				.value("days", context.threshold(Threshold.SLEEP_WINDOW_DAYS))
				.build());
	}
}
