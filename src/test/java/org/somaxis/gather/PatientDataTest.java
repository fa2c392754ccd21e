package org.somaxis.gather;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.somaxis.guidance.Fixtures.TODAY;

import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.Fixtures;
import org.somaxis.guidance.record.Codes;

/**
 * Whose a record is: only what its subject links to the patient is read. Before, a record whose subject was only
 * another patient's MRN or name, a Patient of the same id on another server, a Group, or nothing at all was read as the
 * patient's, and another person's newer "not pregnant" turned this patient's pregnancy contraindication into no card.
 */
class PatientDataTest {
	private static final String OWN_BASE = "http://localhost:8080/fhir";

	private static Patient patient() {
		Patient patient = Fixtures.patient(30, "female");
		patient.addIdentifier(new Identifier().setSystem("http://hospital.example/mrn").setValue("MRN-1"));
		return patient;
	}

	private static Reference subject(String shape) {
		return switch (shape) {
			case "no subject" -> new Reference();
			case "display only" -> new Reference().setDisplay("Smith, John");
			case "the patient's MRN" -> new Reference().setIdentifier(
					new Identifier().setSystem("http://hospital.example/mrn").setValue("MRN-1"));
			case "another MRN" -> new Reference().setIdentifier(
					new Identifier().setSystem("http://hospital.example/mrn").setValue("MRN-2"));
			default -> new Reference(shape);
		};
	}

	@ParameterizedTest(name = "{0}: read {1}")
	@CsvSource({
			"Patient/p1, true",
			"Patient/p1/_history/2, true",
			"http://localhost:8080/fhir/Patient/p1, true",
			"http://127.0.0.1:8080/fhir/Patient/p1, true",
			"the patient's MRN, true",
			"https://other.example/fhir/Patient/p1, false",
			"https://other.example/fhir/Patient/999, false",
			"another MRN, false",
			"display only, false",
			"no subject, false",
			"Group/g1, false",
			"p1, false"})
	void aRecordIsReadOnlyWhenItsSubjectLinksItToThePatient(String shape, boolean read) {
		Observation result = Fixtures.igf1("o1", 150, TODAY);
		result.setSubject(subject(shape));

		PatientData data = PatientData.checked("p1", List.of(patient(), result), List.of(), Set.of(), Set.of(OWN_BASE),
				"data");

		assertThat(data.resources().contains(result)).isEqualTo(read);
		assertThat(data.unlinked()).isEqualTo(read ? List.of() : List.of("Observation/o1"));
		if (!read) {
			assertThat(data.messages()).singleElement().asString().startsWith("Observation/o1 in data ")
					.endsWith("so it was not read as Patient/p1's - if it is, link it by reference; please check it");
		}
	}

	/** An absolute reference of the server the Patient's own entry names is the patient's (an EHR's export). */
	@Test
	void anAbsoluteReferenceOfTheServerThePatientsFullUrlNames_isThePatients() {
		Observation result = Fixtures.igf1("o1", 150, TODAY);
		result.setSubject(new Reference("https://ehr.example/fhir/Patient/p1/_history/3"));

		PatientData data = PatientData.checked("p1", List.of(patient(), result), List.of(),
				Set.of("https://ehr.example/fhir/Patient/p1"), Set.of(), "data");

		assertThat(data.resources()).contains(result);
		assertThat(data.unlinked()).isEmpty();
	}

	/**
	 * Two versions of the Patient in one Bundle (an HIE's collection): the newest is read, by version, else by last
	 * update, and named. Before, the first was read: an old version marked deceased silenced the cancer's card.
	 */
	@ParameterizedTest(name = "told apart by {0}")
	@CsvSource({"versionId", "lastUpdated"})
	void twoCopiesOfThePatient_theNewestIsRead_andNamed(String by) {
		Patient old = patient();
		old.setDeceased(new org.hl7.fhir.r4.model.BooleanType(true));
		Patient current = patient();
		if (by.equals("versionId")) {
			old.getMeta().setVersionId("9");
			current.getMeta().setVersionId("10"); // numerically, not as text
		} else {
			old.getMeta().setLastUpdatedElement(new org.hl7.fhir.r4.model.InstantType("2026-01-01T00:00:00Z"));
			current.getMeta().setLastUpdatedElement(new org.hl7.fhir.r4.model.InstantType("2026-05-01T00:00:00Z"));
		}

		PatientData data = PatientData.checked("p1", List.of(old, current), List.of(), Set.of(), Set.of(), "data");

		assertThat(data.patient()).isSameAs(current);
		assertThat(data.messages()).singleElement().asString().startsWith("data holds 2 different copies of Patient/p1;");
	}

	@Test
	void twoCopiesOfThePatientThatNothingTellsApart_theFirstIsReadAndNamed_andIdenticalOnesAreOne() {
		Patient deceased = patient();
		deceased.setDeceased(new org.hl7.fhir.r4.model.BooleanType(true));

		assertThat(PatientData.checked("p1", List.of(deceased, patient()), List.of(), Set.of(), Set.of(), "data")
				.messages()).singleElement().asString().contains("2 different copies of Patient/p1")
				.endsWith("the first was read - please check it");
		assertThat(PatientData.checked("p1", List.of(patient(), patient()), List.of(), Set.of(), Set.of(), "data")
				.messages()).isEmpty();
	}

	/**
	 * A Patient that replaces a merged-away record (an MPI's merge), sent with records still filed under that record:
	 * they are the patient's, read; and since this data may not hold all of them, the link is named and the CDS card is a
	 * warning. Before, the inline data was refused with 400 as "about another Patient", without a word of the link.
	 */
	@Test
	void recordsFiledUnderALinkedPatient_areThePatients_andTheLinkIsNamed() {
		Patient survivor = patient();
		survivor.addLink().setType(Patient.LinkType.REPLACES).setOther(new Reference("Patient/old"));
		org.hl7.fhir.r4.model.Condition cancer = Fixtures.snomedCondition("c1", "254837009");
		cancer.setSubject(new Reference("Patient/old"));

		PatientData data = PatientData.checked("p1", List.of(survivor, cancer), List.of(), Set.of(), Set.of(), "data");

		assertThat(data.resources()).contains(cancer);
		assertThat(data.unlinked()).isEmpty();
		assertThat(data.unfollowedLinks()).containsExactly("Patient/old");
		assertThat(data.messages()).singleElement().asString().startsWith("Patient/p1 is linked (replaces) to Patient/old,"
				+ " the same person's record, whose records were read only where this data holds them");
	}

	/**
	 * Links as MPIs write them: to itself (also with {@code _history}), twice to one record, absolutely on the patient's
	 * own server, to a RelatedPerson, or by identifier only. One entry per linked record, none for itself or a
	 * RelatedPerson; one by identifier is named. Before, a self link read the patient's records twice and an absolute
	 * one on this server refused the records filed under its relative form.
	 */
	@Test
	void linksAsMpisWriteThem_areOnePerLinkedRecord_neverItself() {
		Patient patient = patient();
		patient.addLink().setType(Patient.LinkType.SEEALSO).setOther(new Reference("Patient/p1/_history/2"));
		patient.addLink().setType(Patient.LinkType.REPLACES).setOther(new Reference(OWN_BASE + "/Patient/old"));
		patient.addLink().setType(Patient.LinkType.SEEALSO).setOther(new Reference("Patient/old"));
		patient.addLink().setType(Patient.LinkType.SEEALSO).setOther(new Reference("RelatedPerson/mother"));
		patient.addLink().setType(Patient.LinkType.REFER).setOther(new Reference().setIdentifier(
				new Identifier().setSystem("http://hie.example/mpi").setValue("E-77")));
		org.hl7.fhir.r4.model.Condition cancer = Fixtures.snomedCondition("c1", "254837009");
		cancer.setSubject(new Reference("Patient/old"));

		PatientData data = PatientData.checked("p1", List.of(patient, cancer), List.of(), Set.of(), Set.of(OWN_BASE),
				"data");

		assertThat(data.resources()).contains(cancer);
		assertThat(data.unfollowedLinks()).containsExactly(OWN_BASE + "/Patient/old", "a record given by an identifier");
	}

	/**
	 * An HIE sends a merge's surviving record with the merged-away one and its cancer: the survivor is the patient and
	 * the cancer is read. Before, two Patients were refused with 400 and every card was lost. Two Patients that nothing
	 * links are still refused.
	 */
	@Test
	void theSurvivingRecordSentWithTheMergedAwayOne_isThePatient_andTwoUnlinkedPatientsAreRefused() {
		Patient survivor = patient();
		survivor.addLink().setType(Patient.LinkType.REPLACES).setOther(new Reference("Patient/old"));
		Patient old = Fixtures.patient(30, "female");
		old.setId("old");
		old.setActive(false);
		old.addLink().setType(Patient.LinkType.REPLACEDBY).setOther(new Reference("Patient/p1"));
		org.hl7.fhir.r4.model.Condition cancer = Fixtures.snomedCondition("c1", "254837009");
		cancer.setSubject(new Reference("Patient/old"));

		PatientData data = PatientData.checked(null, List.of(old, survivor, cancer), List.of(), Set.of(), Set.of(), "data");

		assertThat(data.patientId()).isEqualTo("p1");
		assertThat(data.resources()).containsExactly(survivor, cancer);
		assertThat(data.unfollowedLinks()).isEmpty();

		Patient stranger = Fixtures.patient(50, "male");
		stranger.setId("p2");
		assertThatThrownBy(() -> PatientData.checked(null, List.of(patient(), stranger), List.of(), Set.of(), Set.of(),
				"data")).isInstanceOf(GatherException.class).hasMessageContaining("must hold exactly one Patient");
	}

	/**
	 * Two records of one person that give different birth dates: the age is read from the patient's own record, and the
	 * other date is named, since it may be the right one (probe 45, m6: before, not a word). The same date is not named.
	 */
	@Test
	void aLinkedRecordGivingAnotherBirthDate_isNamed() {
		Patient survivor = patient().setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1980-05-01"));
		survivor.addLink().setType(Patient.LinkType.REPLACES).setOther(new Reference("Patient/old"));
		Patient old = new Patient().setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1985-05-01"));
		old.setId("old");
		old.addLink().setType(Patient.LinkType.REPLACEDBY).setOther(new Reference("Patient/p1"));

		PatientData data = PatientData.checked(null, List.of(old, survivor), List.of(), Set.of(), Set.of(), "data");

		assertThat(data.messages()).contains("The linked Patient/old, the same person's record, gives the birth date"
				+ " 1985-05-01, Patient/p1 1980-05-01: the age is read from Patient/p1 - please check which is right");
		old.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1980-05-01"));
		assertThat(PatientData.checked(null, List.of(old, survivor), List.of(), Set.of(), Set.of(), "data").messages())
				.noneMatch(message -> message.contains("birth date"));
	}

	/**
	 * An HIE's Bundle whose Patients link each other by absolute URLs of the HIE's server (the bases their fullUrls
	 * give), the merged-away record linked in turn to a third record not sent, and a link by {@code urn:uuid}: the
	 * survivor is the patient, and the records not sent are named. Before the review, the absolute links were not
	 * resolved (400), and the third record and the urn:uuid link were passed over without a word.
	 */
	@Test
	void linkedPatientsSentWithAbsoluteLinks_areOnePerson_andRecordsNotSentAreNamed() {
		String hie = "https://hie.example/fhir/Patient/";
		Patient survivor = patient();
		survivor.addLink().setType(Patient.LinkType.REPLACES).setOther(new Reference(hie + "old"));
		survivor.addLink().setType(Patient.LinkType.SEEALSO).setOther(new Reference("urn:uuid:4f1c2a9e-0b7d-4c1e-9a52-6d0e2f3b7a09"));
		Patient old = Fixtures.patient(30, "female");
		old.setId("old");
		old.setActive(false);
		old.addLink().setType(Patient.LinkType.REPLACEDBY).setOther(new Reference(hie + "p1"));
		old.addLink().setType(Patient.LinkType.REPLACES).setOther(new Reference(hie + "older"));

		PatientData data = PatientData.checked(null, List.of(survivor, old), List.of(), Set.of(hie + "p1", hie + "old"),
				Set.of(), "data");

		assertThat(data.patientId()).isEqualTo("p1");
		assertThat(data.unfollowedLinks()).contains(hie + "older")
				.anySatisfy(link -> assertThat(link).contains("urn:uuid:4f1c2a9e"));
	}

	/** An inactive record, or one replaced by another, is evaluated as asked, and the clinician is told. */
	@Test
	void anInactiveOrReplacedRecord_isNamed() {
		Patient replaced = patient();
		replaced.setActive(false);
		replaced.addLink().setType(Patient.LinkType.REPLACEDBY).setOther(new Reference("Patient/new"));

		PatientData data = PatientData.checked("p1", List.of(replaced), List.of(), Set.of(), Set.of(), "data");

		assertThat(data.messages()).anySatisfy(message -> assertThat(message).startsWith(
				"Patient/p1 is replaced by Patient/new: this record is no longer the one in use"));
		assertThat(data.messages()).anySatisfy(message -> assertThat(message).startsWith(
				"Patient/p1 is marked inactive (Patient.active false)"));
	}

	@Test
	void aRecordAboutAnotherPatient_isStillRefused() {
		Observation result = Fixtures.igf1("o1", 150, TODAY);
		result.setSubject(new Reference("Patient/p2"));

		assertThatThrownBy(() -> PatientData.checked("p1", List.of(patient(), result), List.of(), Set.of(), Set.of(),
				"data"))
				.isInstanceOf(GatherException.class).hasMessage("Observation/o1 in data is about Patient/p2, not Patient/p1");
	}

	/**
	 * The probe's case: pregnant on one day, and a newer "not pregnant" whose subject is another patient's MRN. The
	 * pregnancy contraindication stands, and the CDS card that says guidance may be incomplete is a warning.
	 */
	@Test
	void anotherPatientsNewerNotPregnant_doesNotHideThePregnancy() {
		Observation pregnant = Fixtures.pregnancyStatus("o1", Codes.PREGNANT, TODAY.minusDays(10));
		Observation notPregnant = Fixtures.pregnancyStatus("o2", "60001007", TODAY.minusDays(1));
		notPregnant.setSubject(subject("another MRN").setDisplay("Smith, John"));
		PatientData data = PatientData.checked("p1", List.of(patient(), pregnant, notPregnant), List.of(), Set.of(),
				Set.of(), "data");

		Evaluated evaluated = GuidanceServiceTest.signTesamorelin(data);

		assertThat(evaluated.guidance().findings()).extracting(Finding::ruleId).contains("peptide-pregnancy");
		assertThat(evaluated.unlinked()).containsExactly("Observation/o2");
		assertThat(GuidanceServiceTest.incompleteCard(evaluated).indicator()).isEqualTo("warning");
	}
}
