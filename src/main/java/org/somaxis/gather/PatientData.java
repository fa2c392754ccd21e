package org.somaxis.gather;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * One patient's data as a source returned it: the Patient first, then the other resources, plus messages about data
 * the source could not use.
 *
 * @param patientReferences every way the data may reference the patient ("Patient/123", an inline "urn:uuid:...")
 * @param givenOrDispensedUnread the patient's administrations or dispenses could not be read (named in the messages):
 *     a peptide may be missing from the data
 */
public record PatientData(Patient patient, List<Resource> resources, List<String> messages, Set<String> patientReferences,
		boolean givenOrDispensedUnread) {

	public PatientData {
		resources = List.copyOf(resources);
		messages = List.copyOf(messages);
		patientReferences = Set.copyOf(patientReferences);
	}

	public PatientData(Patient patient, List<Resource> resources, List<String> messages, Set<String> patientReferences) {
		this(patient, resources, messages, patientReferences, false);
	}

	/** The same data, marked when {@code unread}: its administrations or dispenses could not be read. */
	public PatientData givenOrDispensedUnread(boolean unread) {
		return unread ? new PatientData(patient, resources, messages, patientReferences, true) : this;
	}

	public String patientId() {
		return patient.getIdElement().getIdPart();
	}

	public String patientReference() {
		return "Patient/" + patientId();
	}

	/**
	 * Puts the Patient first and checks identity: the Patient's id must be {@code requestedId} (when given), and
	 * every resource whose {@code subject}/{@code patient} names a Patient must name this one. The same Patient more
	 * than once (a prefetch search that {@code _include}s it) is one Patient; two different ones are refused.
	 *
	 * @param where names the input in error messages ("prefetch", "data")
	 * @throws GatherException PATIENT_MISMATCH or MALFORMED
	 */
	public static PatientData checked(String requestedId, List<Resource> resources, List<String> messages,
			Set<String> aliases, String where) {
		List<Patient> patients = resources.stream().filter(Patient.class::isInstance).map(Patient.class::cast).toList();
		long distinct = patients.stream().map(p -> p.getIdElement().getIdPart()).distinct().count();
		if (distinct != 1) {
			throw new GatherException(GatherException.Reason.MALFORMED,
					where + " must hold exactly one Patient; it holds " + distinct, where);
		}
		Patient patient = patients.get(0);
		String id = patient.getIdElement().getIdPart();
		if (requestedId != null && !requestedId.equals(id)) {
			throw new GatherException(GatherException.Reason.PATIENT_MISMATCH, "The Patient in " + where + " is Patient/"
					+ id + ", not the requested Patient/" + requestedId, where);
		}
		Set<String> references = new TreeSet<>(aliases);
		references.add("Patient/" + id);
		List<Resource> ordered = new ArrayList<>(resources.size());
		ordered.add(patient);
		for (Resource resource : resources) {
			if (resource instanceof Patient) {
				continue;
			}
			checkSubject(resource, id, references, where);
			ordered.add(resource);
		}
		return new PatientData(patient, ordered, messages, references);
	}

	/** A resource about another Patient would mix two patients' data: refused, never ignored. */
	static void checkSubject(Resource resource, String patientId, Set<String> references, String where) {
		Reference subject = subjectOf(resource);
		if (subject == null || subject.getReference() == null) { // also a reference sent only as a data-absent-reason
			return;
		}
		String reference = subject.getReference();
		if (references.contains(reference)) {
			return;
		}
		IdType target = new IdType(reference);
		if ("Patient".equals(target.getResourceType()) && !patientId.equals(target.getIdPart())) {
			throw new GatherException(GatherException.Reason.PATIENT_MISMATCH, resource.fhirType() + "/"
					+ resource.getIdElement().getIdPart() + " in " + where + " is about " + reference
					+ ", not Patient/" + patientId, where);
		}
		if (reference.startsWith("urn:")) {
			throw new GatherException(GatherException.Reason.PATIENT_MISMATCH, resource.fhirType() + "/"
					+ resource.getIdElement().getIdPart() + " in " + where + " is about " + reference
					+ ", which is not the patient's entry", where);
		}
	}

	private static Reference subjectOf(Resource resource) {
		if (resource instanceof org.hl7.fhir.r4.model.Observation r) {
			return r.getSubject();
		} else if (resource instanceof org.hl7.fhir.r4.model.MedicationRequest r) {
			return r.getSubject();
		} else if (resource instanceof org.hl7.fhir.r4.model.MedicationStatement r) {
			return r.getSubject();
		} else if (resource instanceof org.hl7.fhir.r4.model.MedicationAdministration r) {
			return r.getSubject();
		} else if (resource instanceof org.hl7.fhir.r4.model.MedicationDispense r) {
			return r.getSubject();
		} else if (resource instanceof org.hl7.fhir.r4.model.Condition r) {
			return r.getSubject();
		} else if (resource instanceof org.hl7.fhir.r4.model.ServiceRequest r) {
			return r.getSubject();
		} else if (resource instanceof org.hl7.fhir.r4.model.Procedure r) {
			return r.getSubject();
		}
		return null;
	}
}
