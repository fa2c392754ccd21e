package org.somaxis.gather;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Whose data, read for which evaluation date (the date places the lifestyle window).
 *
 * @param patientId the requested patient's id; null only for an inline Bundle, where the Bundle's one Patient is the
 *     patient asked for
 */
public record PatientQuery(String patientId, LocalDate evaluationDate) {
	public PatientQuery {
		Objects.requireNonNull(evaluationDate, "evaluationDate");
	}
}
