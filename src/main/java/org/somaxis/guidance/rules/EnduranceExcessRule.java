package org.somaxis.guidance.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.knowledge.Threshold;
import org.somaxis.guidance.record.ExerciseSession;
import org.somaxis.guidance.record.ExerciseType;
import org.somaxis.guidance.record.Igf1Point;
import org.somaxis.guidance.record.Interpretation;
import org.somaxis.guidance.record.PatientRecord;

/**
 * endurance-excess: prolonged endurance above the weekly hours, or any session longer than the long-session limit,
 * together with a low IGF-1 or a caloric-restriction flag. A moderate-aerobic session longer than the limit counts as
 * prolonged endurance. Only sessions of known duration add hours.
 */
public final class EnduranceExcessRule implements Rule {
	@Override
	public String id() {
		return "endurance-excess";
	}

	@Override
	public Set<String> phrases() {
		return Set.of("low-igf1", "caloric-restriction");
	}

	@Override
	public List<Finding> evaluate(PatientRecord record, Face face, RuleContext context) {
		double longSession = context.threshold(Threshold.ENDURANCE_LONG_SESSION_MINUTES);
		List<ExerciseSession> prolonged = record.exercise().stream()
				.filter(session -> session.type() == ExerciseType.PROLONGED_ENDURANCE
						|| (session.type() == ExerciseType.MODERATE_AEROBIC && session.hasMinutes() && session.minutes() > longSession))
				.toList();
		// a session of unknown duration is named by the record and adds nothing here: it is not read as 0 min long
		double weeks = context.threshold(Threshold.EXERCISE_WINDOW_DAYS) / 7.0;
		List<Double> known = prolonged.stream().filter(ExerciseSession::hasMinutes).map(ExerciseSession::minutes).toList();
		double hoursPerWeek = known.stream().mapToDouble(Double::doubleValue).sum() / 60.0 / weeks;
		double longest = known.stream().mapToDouble(Double::doubleValue).max().orElse(0);
		boolean excess = hoursPerWeek > context.threshold(Threshold.ENDURANCE_MAX_HOURS_PER_WEEK) || longest > longSession;
		if (!excess) {
			return List.of();
		}
		Igf1Point igf1 = record.latestIgf1().orElse(null);
		boolean lowIgf1 = igf1 != null && igf1.interpretation() == Interpretation.L;
		if (!lowIgf1 && !record.caloricRestriction()) {
			return List.of();
		}
		List<String> context2 = new ArrayList<>();
		FindingBuilder builder = context.finding(id(), record)
				.evidence(prolonged.stream().map(ExerciseSession::resourceId).toList())
				.value("hours-per-week", hoursPerWeek)
				.value("longest", longest);
		if (lowIgf1) {
			context2.add(builder.phrase("low-igf1", Map.of("igf1", FindingBuilder.format(igf1.ngPerMl()), "igf1-date", igf1.date().toString())));
			builder.evidence(igf1.resourceId());
		}
		if (record.caloricRestriction()) {
			context2.add(builder.phrase("caloric-restriction"));
			builder.evidence(record.caloricRestrictionEvidence());
		}
		return List.of(builder.value("context", FindingBuilder.list(context2)).build());
	}
}
