package org.somaxis.gather;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.somaxis.operation.EvaluateServer;
import org.springframework.beans.factory.annotation.Autowired;

/** The store tells an unknown patient from a deleted one, so each face can answer 404 or 410. */
class StoreSourceIT extends EvaluateServer {
	private static final LocalDate DATE = LocalDate.parse(EVALUATION_DATE);

	@Autowired
	DataSources dataSources;

	@Test
	void unknownPatient_isPatientUnknown() {
		assertThatThrownBy(() -> dataSources.store(null).gather(new PatientQuery("no-such-patient", DATE)))
				.isInstanceOfSatisfying(GatherException.class,
						e -> assertThat(e.reason()).isEqualTo(GatherException.Reason.PATIENT_UNKNOWN));
	}

	@Test
	void deletedPatient_isPatientGone() {
		String id = http.postResource("/fhir/Patient", new Patient().setActive(true)).header("Location")
				.replaceAll(".*/Patient/([^/]+)/.*", "$1");
		assertThat(http.delete("/fhir/Patient/" + id).status()).isEqualTo(200);

		assertThatThrownBy(() -> dataSources.store(null).gather(new PatientQuery(id, DATE)))
				.isInstanceOfSatisfying(GatherException.class,
						e -> assertThat(e.reason()).isEqualTo(GatherException.Reason.PATIENT_GONE));
	}
}
