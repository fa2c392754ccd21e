package org.somaxis.gather;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import java.time.LocalDate;
import java.util.List;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.somaxis.operation.EvaluateServer;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The store reads the Patient and its whole-history parts in one search with reverse includes. HAPI cuts reverse
 * includes off at a limit without an error, so a patient at the limit must be read part by part, and either way the
 * data must be exactly what one search per part returns.
 */
class StoreSourceIT extends EvaluateServer {
	private static final LocalDate DATE = LocalDate.parse(EVALUATION_DATE);

	@Autowired
	DaoRegistry daos;

	@Autowired
	IHapiTransactionService transactions;

	@Autowired
	DataSources dataSources;

	@ParameterizedTest
	@MethodSource("org.somaxis.operation.EvaluateServer#scenarios")
	void patientWithReverseIncludes_readsExactlyWhatOneSearchPerPartReads(String scenario) {
		PatientQuery query = new PatientQuery(patientId(scenario), DATE);

		List<String> combined = ids(dataSources.store(null).gather(query));
		List<String> partByPart = ids(withIncludeLimit(0).gather(query));

		assertThat(combined).isNotEmpty().containsExactlyInAnyOrderElementsOf(partByPart);
	}

	@Test
	void patientAtHapisIncludeLimit_isReadPartByPart_soNoConditionOrOrderIsCutOff() {
		PatientQuery query = new PatientQuery(patientId("malignancy-snomed-child-tesamorelin"), DATE);
		List<String> whole = ids(dataSources.store(null).gather(query));
		assertThat(whole).anyMatch(id -> id.startsWith("Condition/")).anyMatch(id -> id.startsWith("MedicationRequest/"));

		List<String> atLimit = ids(withIncludeLimit(1).gather(query));

		assertThat(atLimit).containsExactlyInAnyOrderElementsOf(whole);
	}

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

	private StoreSource withIncludeLimit(int includeLimit) {
		return new StoreSource(daos, transactions, dataSources.plan(), null, includeLimit);
	}

	private static List<String> ids(PatientData data) {
		return data.resources().stream().map(Resource::getIdElement)
				.map(id -> id.getResourceType() + "/" + id.getIdPart()).toList();
	}
}
