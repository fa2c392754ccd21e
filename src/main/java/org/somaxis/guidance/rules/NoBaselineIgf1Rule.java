package org.somaxis.guidance.rules;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.knowledge.Threshold;
import org.somaxis.guidance.record.PatientRecord;
import org.somaxis.guidance.record.PeptideOrder;

/** no-baseline-igf1: a peptide is being ordered and there is no IGF-1 result in the recent window. */
public final class NoBaselineIgf1Rule implements Rule {
	@Override
	public String id() {
		return "no-baseline-igf1";
	}

	@Override
	public Set<String> phrases() {
		return Describe.LAST_IGF1_PHRASES;
	}

	@Override
	public List<Finding> evaluate(PatientRecord record, Face face, RuleContext context) {
		List<PeptideOrder> drafts = record.draftPeptides();
		int days = (int) context.threshold(Threshold.IGF1_RECENT_DAYS);
		LocalDate since = record.evaluationDate().minusDays(days);
		if (drafts.isEmpty() || record.igf1().stream().anyMatch(point -> !point.date().isBefore(since))) {
			return List.of();
		}
		return List.of(Describe.lastIgf1(context.finding(id(), record), record)
				.implicate(drafts)
				.value("peptides", Describe.orders(drafts))
				.value("days", days)
				.build());
	}
}
