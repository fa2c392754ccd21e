package org.somaxis.guidance.rules;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
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
	public Set<String> phrases() {
		return Describe.LAST_IGF1_PHRASES;
	}

	@Override
	public List<Finding> evaluate(PatientRecord record, Face face, RuleContext context) {
		int days = (int) context.threshold(Threshold.IGF1_RECENT_DAYS);
		LocalDate since = record.evaluationDate().minusDays(days);
		if (!record.onTherapy() || record.igf1().stream().anyMatch(point -> !point.date().isBefore(since))) {
			return List.of();
		}
		return List.of(Describe.lastIgf1(context.finding(id(), record), record)
				.implicate(record.activePeptides())
				.value("peptides", Describe.orders(record.activePeptides()))
				.value("days", days)
				.build());
	}
}
