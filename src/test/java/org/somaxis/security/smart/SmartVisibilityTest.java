package org.somaxis.security.smart;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.GuidanceResponse;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.somaxis.security.smart.SmartScope.Permission;

/** Which single resources a token sees and writes: patient compartment, patient-naming types, shared data. */
class SmartVisibilityTest {
	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private final SmartVisibility visibility = new SmartVisibility(FHIR, null);

	private static SmartAccess patientToken(String patient) {
		return new SmartAccess(SmartScope.parseAll("patient/*.cruds"), patient, "s", null, null, false);
	}

	private static Task taskFor(String reference) {
		Task task = new Task().setStatus(Task.TaskStatus.REQUESTED).setIntent(Task.TaskIntent.ORDER);
		task.setFor(new Reference(reference));
		return task;
	}

	private static GuidanceResponse guidanceFor(String reference) {
		GuidanceResponse response = new GuidanceResponse().setStatus(GuidanceResponse.GuidanceResponseStatus.SUCCESS);
		response.setSubject(new Reference(reference));
		return response;
	}

	/**
	 * A bulk export file written in open mode names no owner: once the server runs in smart mode it is no client's, even
	 * one with system/*.rs (it holds every patient's data, and the AuditEvents such a token may not search). Before, any
	 * system token with a Binary scope read it. An owned file stays its owner's; a Binary that is no export file follows
	 * the Binary scope.
	 */
	@Test
	void anExportFileWithoutAnOwner_isNoClients_inSmartMode() {
		SmartAccess system = new SmartAccess(SmartScope.parseAll("system/*.rs"), null, "s", null, "other-client", false);
		org.hl7.fhir.r4.model.Binary openModeFile = new org.hl7.fhir.r4.model.Binary().setContentType("application/fhir+ndjson");
		openModeFile.getMeta().addExtension(ExportOwner.HAPI_EXPORT_JOB, new org.hl7.fhir.r4.model.StringType("job-1"));
		org.hl7.fhir.r4.model.Binary owned = openModeFile.copy();
		owned.getSecurityContext().setIdentifier(new org.hl7.fhir.r4.model.Identifier().setSystem(ExportOwner.CLIENT)
				.setValue("other-client"));
		org.hl7.fhir.r4.model.Binary plain = new org.hl7.fhir.r4.model.Binary().setContentType("text/plain");

		assertThat(visibility.canSee(system, openModeFile)).isFalse();
		assertThat(visibility.canWrite(system, openModeFile, Permission.UPDATE)).isFalse();
		assertThat(visibility.canSee(system, owned)).isTrue();
		assertThat(visibility.canSee(system, plain)).isTrue();
	}

	@Test
	void taskAndGuidanceResponse_areSeenAndWrittenOnlyByThePatientTheyName() {
		for (IBaseResource resource : new IBaseResource[] {taskFor("Patient/A"), guidanceFor("Patient/A")}) {
			assertThat(visibility.canSee(patientToken("A"), resource)).as(resource.fhirType()).isTrue();
			assertThat(visibility.canWrite(patientToken("A"), resource, Permission.CREATE)).as(resource.fhirType()).isTrue();
			assertThat(visibility.canSee(patientToken("B"), resource)).as(resource.fhirType()).isFalse();
			assertThat(visibility.canWrite(patientToken("B"), resource, Permission.CREATE)).as(resource.fhirType()).isFalse();
		}
	}

	@ParameterizedTest(name = "a Task for {0} is no patient token's")
	@ValueSource(strings = {"Group/A", "Device/A"})
	void taskForSomethingOtherThanAPatient_isNoPatientTokens(String reference) {
		Task task = taskFor(reference);

		assertThat(visibility.canSee(patientToken("A"), task)).isFalse();
		assertThat(visibility.canWrite(patientToken("A"), task, Permission.CREATE)).isFalse();
	}

	/**
	 * A patient's own Observation, Condition or Procedure that names a Practitioner or an Organization in a compartment
	 * element (performer, asserter) is still only that patient's: it was refused to its own patient token (404 on
	 * read, 403 on create), because every reference of the compartment counted as an owner.
	 */
	@Test
	void ownResourceNamingAPractitionerOrOrganization_isThePatientTokens() {
		Observation observation = new Observation().setStatus(Observation.ObservationStatus.FINAL);
		observation.setSubject(new Reference("Patient/A"));
		observation.addPerformer(new Reference("Organization/lab"));
		observation.addPerformer(new Reference("Practitioner/doc"));
		org.hl7.fhir.r4.model.Condition condition = new org.hl7.fhir.r4.model.Condition()
				.setSubject(new Reference("Patient/A")).setAsserter(new Reference("Practitioner/doc"));

		for (IBaseResource resource : new IBaseResource[] {observation, condition}) {
			assertThat(visibility.canSee(patientToken("A"), resource)).as(resource.fhirType()).isTrue();
			assertThat(visibility.canWrite(patientToken("A"), resource, Permission.CREATE)).as(resource.fhirType()).isTrue();
			assertThat(visibility.canSee(patientToken("B"), resource)).as(resource.fhirType()).isFalse();
		}
	}

	@Test
	void taskNamingNoOne_isNoPatientTokens() {
		Task task = new Task().setStatus(Task.TaskStatus.REQUESTED).setIntent(Task.TaskIntent.ORDER);

		assertThat(visibility.canSee(patientToken("A"), task)).isFalse();
		assertThat(visibility.canWrite(patientToken("A"), task, Permission.CREATE)).isFalse();
	}

	@Test
	void storedBundle_isNeverAPatientTokens_evenWithOnlyThatPatientsDataInside() {
		Bundle document = new Bundle().setType(Bundle.BundleType.COLLECTION);
		document.addEntry().setResource(new Patient().setId("A"));
		SmartAccess user = new SmartAccess(SmartScope.parseAll("user/*.rs"), null, "s", null, null, false);

		assertThat(visibility.canSee(patientToken("A"), document)).isFalse();
		assertThat(visibility.canWrite(patientToken("A"), document, Permission.CREATE)).isFalse();
		assertThat(visibility.canSee(user, document)).isTrue();
	}

	@Test
	void sharedReferenceData_isSeenByEveryPatientToken() {
		Medication medication = new Medication();

		assertThat(visibility.canSee(patientToken("A"), medication)).isTrue();
		assertThat(visibility.canSee(patientToken("B"), medication)).isTrue();
	}

	/**
	 * An Observation about A that B performed is A's to read (it is about A, as A's narrowed search finds it) and
	 * nobody's to write with a patient token; B does not read it (it is about A). What is about nobody but names the
	 * patient elsewhere is not the patient's.
	 */
	@Test
	void compartmentData_isReadWhenAboutThePatient_andWrittenOnlyWhenInNoOtherPatientsCompartment() {
		Observation observation = new Observation().setStatus(Observation.ObservationStatus.FINAL);
		observation.setSubject(new Reference("Patient/A"));
		observation.addPerformer(new Reference("Patient/B"));
		Observation own = observation.copy().setPerformer(new java.util.ArrayList<>());
		Patient patient = new Patient();
		patient.setId("A");
		patient.setGender(Enumerations.AdministrativeGender.FEMALE);

		assertThat(visibility.canSee(patientToken("A"), observation)).isTrue();
		assertThat(visibility.canSee(patientToken("B"), observation)).isFalse();
		assertThat(visibility.canWrite(patientToken("A"), observation, Permission.UPDATE)).isFalse();
		assertThat(visibility.canWrite(patientToken("B"), observation, Permission.UPDATE)).isFalse();
		assertThat(visibility.canSee(patientToken("A"), own)).isTrue();
		assertThat(visibility.canWrite(patientToken("A"), own, Permission.UPDATE)).isTrue();
		assertThat(visibility.canSee(patientToken("B"), own)).isFalse();
		assertThat(visibility.canSee(patientToken("A"), patient)).isTrue();
		assertThat(visibility.canSee(patientToken("B"), patient)).isFalse();
	}
}
