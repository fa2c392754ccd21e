package org.somaxis.guidance.rules;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.knowledge.Threshold;
import org.somaxis.guidance.record.LabKind;
import org.somaxis.guidance.record.LabValue;
import org.somaxis.guidance.record.PatientRecord;

/** metabolic-monitoring-overdue: on therapy and no fasting glucose or HbA1c in the metabolic-recent window. */
public final class MetabolicMonitoringOverdueRule implements Rule {
	private static final List<LabKind> GLUCOSE_STATUS = List.of(LabKind.FASTING_GLUCOSE, LabKind.HBA1C);

	@Override
	public String id() {
		return "metabolic-monitoring-overdue";
	}

	@Override
	public Set<String> phrases() {
		return Set.of("last-lab", "no-lab", "last-lab-unread", "unread-lab");
	}

	@Override
	public List<Finding> evaluate(PatientRecord record, Face face, RuleContext context) {
		if (!record.onTherapy()) {
			return List.of();
		}
		int days = (int) context.threshold(Threshold.METABOLIC_RECENT_DAYS);
		LocalDate since = record.evaluationDate().minusDays(days);
		Optional<LabValue> last = record.labs().stream()
				.filter(lab -> GLUCOSE_STATUS.contains(lab.kind()))
				.max(Comparator.comparing(LabValue::date));
		if (last.isPresent() && !last.get().date().isBefore(since)) {
			return List.of();
		}
		return List.of(context.finding(id(), record)
				.implicate(record.activePeptides())
				.value("peptides", Describe.orders(record.activePeptides()))
				.value("days", days)
				.value("last-lab-date", last.map(lab -> lab.date().toString()).orElse(""))
				// a result that could not be used is not "none on record": it is named (and listed among the data problems)
				.value("unread", String.join(", ", record.unreadGlycaemia()))
				.valuePhrase("last-lab", record.unreadGlycaemia().isEmpty() ? (last.isPresent() ? "last-lab" : "no-lab")
						: last.isPresent() ? "last-lab-unread" : "unread-lab")
				.build());
	}
}
