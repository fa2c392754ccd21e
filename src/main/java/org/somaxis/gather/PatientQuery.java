package org.somaxis.gather;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Whose data, read for which evaluation date (the date places the lifestyle window), and which parts of the
 * {@link GatherPlan}: every part, or those a hook's rules read ({@link GatherPlan#partsFor}).
 *
 * @param patientId the requested patient's id; null only for an inline Bundle, where the Bundle's one Patient is the
 *     patient asked for
 */
public record PatientQuery(String patientId, LocalDate evaluationDate, Set<GatherPlan.Part> parts) {
	public PatientQuery {
		Objects.requireNonNull(evaluationDate, "evaluationDate");
		parts = Set.copyOf(parts);
	}

	/** Every part. */
	public PatientQuery(String patientId, LocalDate evaluationDate) {
		this(patientId, evaluationDate, EnumSet.allOf(GatherPlan.Part.class));
	}
}
