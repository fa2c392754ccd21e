package org.somaxis.guidance.rules;

import java.util.List;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.knowledge.Threshold;
import org.somaxis.guidance.record.ExerciseSession;
import org.somaxis.guidance.record.ExerciseType;
import org.somaxis.guidance.record.PatientRecord;

/** resistance-training-low: fewer resistance sessions per week than the threshold over the exercise window. */
public final class ResistanceTrainingLowRule implements Rule {
	@Override
	public String id() {
		return "resistance-training-low";
	}

	@Override
	public List<Finding> evaluate(PatientRecord record, Face face, RuleContext context) {
		if (record.exercise().size() < context.threshold(Threshold.EXERCISE_MIN_LOGGED_SESSIONS)) {
			return List.of();
		}
		double window = context.threshold(Threshold.EXERCISE_WINDOW_DAYS);
		List<ExerciseSession> resistance = record.sessions(ExerciseType.RESISTANCE);
		double perWeek = resistance.size() / (window / 7.0);
		if (perWeek >= context.threshold(Threshold.RESISTANCE_MIN_PER_WEEK)) {
			return List.of();
		}
		return List.of(context.finding(id(), record)
				.evidence(resistance.stream().map(ExerciseSession::resourceId).toList())
				.value("sessions", resistance.size())
				.value("per-week", perWeek)
				.value("days", window)
				.value("logged", record.exercise().size())
				.build());
	}
}
