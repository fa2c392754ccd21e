package org.somaxis.guidance.rules;

import java.util.List;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.knowledge.CodeGroup;
import org.somaxis.guidance.knowledge.Threshold;
import org.somaxis.guidance.record.ExerciseType;
import org.somaxis.guidance.record.PatientRecord;

/**
 * hiit-absent: no HIIT session in the exercise window, no cardiac condition, and no pregnancy: HIIT is suggested as a GH
 * stimulus, which is no aim in pregnancy, and vigorous exercise then is the obstetric team's call (probe 56, P56-m8).
 */
public final class HiitAbsentRule implements Rule {
	@Override
	public String id() {
		return "hiit-absent";
	}

	@Override
	public List<Finding> evaluate(PatientRecord record, Face face, RuleContext context) {
		if (record.exercise().size() < context.threshold(Threshold.EXERCISE_MIN_LOGGED_SESSIONS)
				|| !record.sessions(ExerciseType.HIIT).isEmpty()
				|| record.has(CodeGroup.CARDIAC) || record.has(CodeGroup.PREGNANCY)) {
			return List.of();
		}
		return List.of(context.finding(id(), record)
				.value("days", context.threshold(Threshold.EXERCISE_WINDOW_DAYS))
				.value("logged", record.exercise().size())
				.build());
	}
}
