package org.somaxis.gather;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.somaxis.operation.EvaluateServer;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The store tells an unknown patient from a deleted one, so each face can answer 404 or 410; and reads the records of
 * the same person's other Patient records (an MPI's merge) as the patient's.
 */
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

	/**
	 * An MPI merged Patient "old" into "survivor": the survivor {@code replaces} it, and the cancer and the tesamorelin
	 * order stay filed under the old record. Evaluating the survivor reads them, and a tesamorelin draft draws the
	 * contraindication. Before, neither was read and nothing said so.
	 */
	@Test
	void aMergedAwayRecordsCancerAndOrder_areReadForTheSurvivingRecord() {
		String[] merge = storeMerge("merged", true);
		String old = merge[0];
		String survivor = merge[1];

		PatientData data = dataSources.store(null).gather(new PatientQuery(survivor, DATE));

		assertThat(data.patientId()).isEqualTo(survivor);
		assertThat(data.resources()).anySatisfy(resource -> assertThat(resource).isInstanceOf(
				org.hl7.fhir.r4.model.Condition.class));
		assertThat(data.unlinked()).isEmpty();
		assertThat(data.unfollowedLinks()).isEmpty();

		assertThat(ruleIds(evaluateWithTesamorelinDraft(survivor))).contains("peptide-active-malignancy");

		// the old record evaluated itself: its own data, and a word that it is replaced
		PatientData oldData = dataSources.store(null).gather(new PatientQuery(old, DATE));
		assertThat(oldData.messages()).anySatisfy(message -> assertThat(message)
				.startsWith("Patient/" + old + " is replaced by Patient/" + survivor));
		assertThat(oldData.messages()).anySatisfy(message -> assertThat(message).contains("marked inactive"));
	}

	/**
	 * A chain of merges (A replaces B, B replaces C, the cancer filed under C) and a loop (C replaces A): each record is
	 * read once, the cancer among them. Before, only B was read, and nothing said C was not.
	 */
	@Test
	void aChainOfMergesWithALoop_isReadToItsEnd_eachRecordOnce() {
		String suffix = Long.toString(System.nanoTime(), 36);
		String a = "chain-a-" + suffix;
		String b = "chain-b-" + suffix;
		String c = "chain-c-" + suffix;
		List<Patient> chain = new java.util.ArrayList<>();
		for (String[] pair : new String[][] {{a, b}, {b, c}, {c, a}}) {
			Patient patient = new Patient();
			patient.setId(pair[0]);
			patient.addLink().setType(Patient.LinkType.REPLACES)
					.setOther(new org.hl7.fhir.r4.model.Reference("Patient/" + pair[1]));
			chain.add(patient);
		}
		store(chain);
		storeCancerOf(c);

		PatientData data = dataSources.store(null).gather(new PatientQuery(a, DATE));

		assertThat(data.resources()).filteredOn(org.hl7.fhir.r4.model.Condition.class::isInstance).hasSize(1);
		assertThat(data.resources()).filteredOn(Patient.class::isInstance).hasSize(1);
		assertThat(data.unfollowedLinks()).isEmpty();
	}

	/**
	 * An MPI marked only the merged-away record ({@code replaced-by} the survivor) and left the survivor without a link
	 * back; the cancer stays filed under the merged-away record. Evaluating the survivor finds that record by its link
	 * to the survivor and reads it, and a tesamorelin draft draws the contraindication. Before, the survivor's own links
	 * were the only ones followed, and nothing was read or said.
	 */
	@Test
	void aMergedAwayRecordThatOnlyLinksToTheSurvivor_isReadForTheSurvivor() {
		String survivor = storeMerge("inbound", false)[1];

		PatientData data = dataSources.store(null).gather(new PatientQuery(survivor, DATE));

		assertThat(data.patientId()).isEqualTo(survivor);
		assertThat(data.resources()).filteredOn(org.hl7.fhir.r4.model.Condition.class::isInstance).hasSize(1);
		assertThat(data.unlinked()).isEmpty();
		assertThat(data.unfollowedLinks()).isEmpty();
		assertThat(ruleIds(evaluateWithTesamorelinDraft(survivor))).contains("peptide-active-malignancy");
	}

	/**
	 * The survivor of a merge whose merged-away record gives another birth date (a registration slip the MPI merged
	 * over): the age is read from the survivor, and the other date is named (probe 45, m6: before, not a word). The
	 * same date gives no message.
	 */
	@Test
	void aLinkedRecordGivingAnotherBirthDate_isNamed() {
		String[] same = storeMerge("same-birth", true);
		String suffix = Long.toString(System.nanoTime(), 36);
		Patient old = new Patient().setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1957-04-02"));
		old.setId("other-birth-old-" + suffix);
		Patient survivor = new Patient().setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1975-04-02"));
		survivor.setId("other-birth-survivor-" + suffix);
		survivor.addLink().setType(Patient.LinkType.REPLACES)
				.setOther(new org.hl7.fhir.r4.model.Reference("Patient/" + old.getIdPart()));
		store(List.of(old, survivor));

		PatientData data = dataSources.store(null).gather(new PatientQuery(survivor.getIdPart(), DATE));

		assertThat(data.messages()).contains("The linked Patient/" + old.getIdPart() + ", the same person's record, gives"
				+ " the birth date 1957-04-02, Patient/" + survivor.getIdPart() + " 1975-04-02: the age is read from Patient/"
				+ survivor.getIdPart() + " - please check which is right");
		assertThat(dataSources.store(null).gather(new PatientQuery(same[1], DATE)).messages())
				.noneMatch(message -> message.contains("birth date"));
	}

	/**
	 * An MPI's merge, stored: the old record, inactive and {@code replaced-by} the survivor, holding an active cancer; the
	 * survivor ({@code replaces} the old one when {@code survivorLinksBack}), a woman born 1975. Returns {old, survivor}.
	 */
	private String[] storeMerge(String prefix, boolean survivorLinksBack) {
		String suffix = Long.toString(System.nanoTime(), 36);
		String old = prefix + "-old-" + suffix;
		String survivor = prefix + "-survivor-" + suffix;
		Patient oldPatient = new Patient();
		oldPatient.setId(old);
		oldPatient.setActive(false).setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.FEMALE)
				.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1975-04-02"));
		oldPatient.addLink().setType(Patient.LinkType.REPLACEDBY)
				.setOther(new org.hl7.fhir.r4.model.Reference("Patient/" + survivor));
		Patient survivingPatient = new Patient();
		survivingPatient.setId(survivor);
		survivingPatient.setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.FEMALE)
				.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1975-04-02"));
		if (survivorLinksBack) {
			survivingPatient.addLink().setType(Patient.LinkType.REPLACES)
					.setOther(new org.hl7.fhir.r4.model.Reference("Patient/" + old));
		}
		store(List.of(survivingPatient, oldPatient));
		storeCancerOf(old);
		return new String[] {old, survivor};
	}

	/** {@code Patient/[id]/$evaluate} at order-sign with a tesamorelin draft for the patient. */
	/**
	 * A pregnancy status stored under a misnamed LOINC system ({@code https://loinc.org}) is found and read, as a prefetch
	 * of it is: the store's faces drew nothing where the prefetch's drew the critical card (probe 82, P82-M4).
	 */
	@Test
	void aPregnancyStatusUnderAMisnamedLoincSystem_isReadFromTheStore() {
		String id = http.postResource("/fhir/Patient", new Patient().setGender(
				org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.FEMALE).setBirthDateElement(
				new org.hl7.fhir.r4.model.DateType("1990-04-02"))).header("Location").replaceAll(".*/Patient/([^/]+)/.*", "$1");
		org.hl7.fhir.r4.model.Observation status = org.somaxis.guidance.Fixtures.pregnancyStatus("s1", "77386006",
				DATE.minusDays(10));
		status.setId((String) null);
		status.getCode().getCodingFirstRep().setSystem("https://loinc.org");
		status.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/" + id));
		assertThat(http.postResource("/fhir/Observation", status).status()).isEqualTo(201);

		assertThat(ruleIds(evaluateWithTesamorelinDraft(id))).contains("peptide-pregnancy");
	}

	private org.hl7.fhir.r4.model.Parameters evaluateWithTesamorelinDraft(String patientId) {
		org.hl7.fhir.r4.model.Bundle drafts = new org.hl7.fhir.r4.model.Bundle();
		org.hl7.fhir.r4.model.MedicationRequest draft = org.somaxis.guidance.Fixtures.peptide("d1", "tesamorelin", "draft",
				DATE);
		draft.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/" + patientId));
		drafts.addEntry().setResource(draft);
		return http.postResource("/fhir/Patient/" + patientId + "/$evaluate",
				parameters("draftOrders", drafts, "hook", new org.hl7.fhir.r4.model.CodeType("order-sign"),
						"evaluationDate", new org.hl7.fhir.r4.model.DateType(EVALUATION_DATE)))
				.as(org.hl7.fhir.r4.model.Parameters.class);
	}

	/** The Patients, by their ids, in one transaction (their links may name each other). */
	private void store(List<Patient> patients) {
		org.hl7.fhir.r4.model.Bundle transaction = new org.hl7.fhir.r4.model.Bundle()
				.setType(org.hl7.fhir.r4.model.Bundle.BundleType.TRANSACTION);
		for (Patient patient : patients) {
			transaction.addEntry().setResource(patient).getRequest().setMethod(org.hl7.fhir.r4.model.Bundle.HTTPVerb.PUT)
					.setUrl("Patient/" + patient.getIdElement().getIdPart());
		}
		assertThat(http.postResource("/fhir", transaction).status()).isEqualTo(200);
	}

	/** An active malignant neoplasm of breast (SNOMED CT 254837009) filed under the Patient. */
	private void storeCancerOf(String patientId) {
		org.hl7.fhir.r4.model.Condition cancer = org.somaxis.guidance.Fixtures.snomedCondition("c1", "254837009");
		cancer.setId((String) null);
		cancer.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/" + patientId));
		assertThat(http.postResource("/fhir/Condition", cancer).status()).isEqualTo(201);
	}
}
