package org.somaxis.guidance.rules;

import java.time.LocalDate;
import java.util.List;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.knowledge.Threshold;
import org.somaxis.guidance.record.PatientRecord;

/** igf1-monitoring-overdue: on therapy and no IGF-1 result in the recent window. */
public final class Igf1MonitoringOverdueRule implements Rule {
	@Override
	public String id() {
		return "igf1-monitoring-overdue";
	}

	@Override
	public List<Finding> evaluate(PatientRecord record, Face face, RuleContext context) {
		int days = (int) context.threshold(Threshold.IGF1_RECENT_DAYS);
		LocalDate since = record.evaluationDate().minusDays(days);
		if (!record.onTherapy() || record.igf1().stream().anyMatch(point -> !point.date().isBefore(since))) {
			return List.of();
		}
		return List.of(context.finding(id(), record)
				.implicate(record.activePeptides())
				.value("peptides", Describe.orders(record.activePeptides()))
				.value("days", days)
				.value("last-igf1", Describe.lastIgf1(record))
				.build());
	}
}
