package org.somaxis.operation;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.somaxis.gather.BundleIds;
import org.somaxis.gather.StoreGatherer;
import org.somaxis.guidance.Hook;
import org.somaxis.guidance.record.PatientRecord;
import org.somaxis.guidance.record.PatientRecordAssembler;

/**
 * Gathers one patient's resources for the engine, either from the local store or from an inline Bundle, and
 * assembles the {@link PatientRecord}.
 *
 * <p>From the store it costs one read and five indexed searches, whatever the size of the record:
 * {@code Patient/X}, then {@code Observation}, {@code MedicationRequest}, {@code MedicationStatement},
 * {@code Condition} and draft {@code ServiceRequest} with {@code patient=X}, in one read-only transaction. There are
 * no per-resource reads.
 */
public final class RecordAssembler {
	private final DaoRegistry daos;
	private final StoreGatherer store;
	private final PatientRecordAssembler assembler;

	public RecordAssembler(DaoRegistry daos, StoreGatherer store, PatientRecordAssembler assembler) {
		this.daos = daos;
		this.store = store;
		this.assembler = assembler;
	}

	/** A patient's resources, the Patient first. */
	public record Gathered(Patient patient, List<Resource> resources) {
		public String patientReference() {
			return "Patient/" + patient.getIdElement().getIdPart();
		}
	}

	/**
	 * Reads the patient and searches its clinical resources.
	 *
	 * @throws ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException (404) for an unknown patient
	 */
	public Gathered fromStore(IdType patientId, RequestDetails request) {
		// one read-only transaction for the read and the five searches, not six
		Map<StoreGatherer.Part, List<Resource>> parts =
				store.gather(patientId.getIdPart(), EnumSet.allOf(StoreGatherer.Part.class), request);
		List<Resource> resources = new ArrayList<>();
		parts.values().forEach(resources::addAll);
		return new Gathered((Patient) resources.get(0), resources);
	}

	/** Reads the result Observation/$evaluate interprets (404 when unknown). */
	public org.hl7.fhir.r4.model.Observation readObservation(IdType observationId, RequestDetails request) {
		return daos.getResourceDao(org.hl7.fhir.r4.model.Observation.class)
				.read(new IdType("Observation", observationId.getIdPart()), request);
	}

	/**
	 * Takes the resources of an inline Bundle (any type) holding exactly one Patient. Resources without a plain id
	 * get the id of their {@code urn:uuid:} fullUrl, so findings can cite them.
	 *
	 * @throws OperationErrors.BadRequest (400) unless the Bundle holds exactly one Patient
	 */
	public Gathered fromBundle(Bundle data, String parameterName) {
		List<Resource> resources = new ArrayList<>();
		List<Patient> patients = new ArrayList<>();
		int index = 0;
		for (Bundle.BundleEntryComponent entry : data.getEntry()) {
			Resource resource = entry.getResource();
			if (resource == null) {
				throw OperationErrors.badRequest(IssueType.INVALID,
						"Bundle entry " + index + " has no resource", parameterName + ".entry[" + index + "]");
			}
			BundleIds.normalise(resource, entry.getFullUrl(), resource.fhirType().toLowerCase() + "-" + index);
			if (resource instanceof Patient patient) {
				patients.add(patient);
			}
			resources.add(resource);
			index++;
		}
		if (patients.size() != 1) {
			throw OperationErrors.badRequest(IssueType.INVALID,
					"Parameter '" + parameterName + "' must hold exactly one Patient; it holds " + patients.size(),
					parameterName);
		}
		resources.remove(patients.get(0));
		resources.add(0, patients.get(0));
		return new Gathered(patients.get(0), resources);
	}

	/** Assembles the record the engine sees. */
	public PatientRecord assemble(
			Gathered gathered, DraftOrders drafts, Hook hook, LocalDate evaluationDate, String focusObservationId) {
		return assembler.assemble(gathered.resources(), drafts.orders(), hook, evaluationDate, focusObservationId);
	}
}
