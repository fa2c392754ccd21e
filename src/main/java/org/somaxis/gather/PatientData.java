package org.somaxis.gather;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.somaxis.fhir.ServerBases;

/**
 * One patient's data as a source returned it: the Patient first, then the other resources, plus messages about data
 * the source could not use.
 *
 * @param patientReferences every way the data may reference the patient ("Patient/123", an inline "urn:uuid:...")
 * @param unreadParts the supplementary parts that could not be read (named in the messages): administrations or
 *     dispenses (a peptide may be missing from the data), allergies (an allergy to a peptide may be)
 * @param unlinked the records left unread because nothing links them to the patient (named in the messages): one may
 *     be the patient's, and hold a contraindication
 * @param unfollowedLinks the same person's other Patient records ({@link PatientLinks}) whose records this data may not
 *     hold (named in the messages)
 */
public record PatientData(Patient patient, List<Resource> resources, List<String> messages, Set<String> patientReferences,
		Set<GatherPlan.Part> unreadParts, List<String> unlinked, List<String> unfollowedLinks) {

	public PatientData {
		unreadParts = Set.copyOf(unreadParts);
		resources = List.copyOf(resources);
		messages = List.copyOf(messages);
		patientReferences = Set.copyOf(patientReferences);
		unlinked = List.copyOf(unlinked);
		unfollowedLinks = List.copyOf(unfollowedLinks);
	}

	public PatientData(Patient patient, List<Resource> resources, List<String> messages, Set<String> patientReferences) {
		this(patient, resources, messages, patientReferences, Set.of(), List.of(), List.of());
	}

	/** The same data, with these supplementary parts marked as not read. */
	public PatientData unread(Set<GatherPlan.Part> parts) {
		if (parts.isEmpty()) {
			return this;
		}
		Set<GatherPlan.Part> all = new java.util.HashSet<>(unreadParts);
		all.addAll(parts);
		return new PatientData(patient, resources, messages, patientReferences, all, unlinked, unfollowedLinks);
	}


	public String patientId() {
		return patient.getIdElement().getIdPart();
	}

	public String patientReference() {
		return "Patient/" + patientId();
	}

	/**
	 * Puts the Patient first and checks identity: the Patient's id must be {@code requestedId} (when given), and
	 * every resource whose {@code subject} names a Patient must name this one (an AllergyIntolerance's {@code patient}). The same Patient more than once (a
	 * prefetch search that {@code _include}s it) is one Patient; two different ones are refused.
	 *
	 * <p>A resource is read as the patient's only when its {@code subject} links it to the patient: a reference to the
	 * patient (relative, one of {@code aliases}, or absolute on one of {@code bases}, the servers whose
	 * {@code Patient/<id>} is this patient), or an identifier the Patient has (system and value). One that names another
	 * Patient is refused, as before. One that nothing links (a subject given only as another identifier or a display, a
	 * Group or a Device, a Patient of the same id on another server, or no subject at all) is not read, and named: read,
	 * another person's "not pregnant" or normal IGF-1 hid this patient's contraindication or critical result.
	 *
	 * @param bases FHIR bases whose Patient of the requested id is this patient (this server, a CDS client's
	 *     fhirServer); compared as {@link ServerBases#isSameServer}
	 * @param where names the input in error messages ("prefetch", "data")
	 * @throws GatherException PATIENT_MISMATCH or MALFORMED
	 */
	public static PatientData checked(String requestedId, List<Resource> resources, List<String> messages,
			Set<String> aliases, Set<String> bases, String where) {
		return checked(requestedId, resources, messages, aliases, bases, PatientLinks.Gathered.NONE, where);
	}

	/**
	 * As {@link #checked(String, List, List, Set, Set, String)}; records filed under a Patient the patient links
	 * ({@link PatientLinks}) are the patient's too.
	 *
	 * @param links what the source gathered of the linked Patients' records
	 */
	public static PatientData checked(String requestedId, List<Resource> resources, List<String> messages,
			Set<String> aliases, Set<String> bases, PatientLinks.Gathered links, String where) {
		List<Patient> patients = resources.stream().filter(Patient.class::isInstance).map(Patient.class::cast).toList();
		Set<String> patientBases = new TreeSet<>(bases);
		aliases.stream().map(IdType::new).filter(IdType::hasBaseUrl).forEach(alias -> patientBases.add(alias.getBaseUrl()));
		java.util.Map<String, List<Patient>> byId = new java.util.LinkedHashMap<>();
		patients.forEach(p -> byId.computeIfAbsent(p.getIdElement().getIdPart(), key -> new ArrayList<>()).add(p));
		String mainId = byId.size() == 1 ? byId.keySet().iterator().next()
				: PatientLinks.mainOf(byId, requestedId, patientBases).orElseThrow(() -> new GatherException(
						GatherException.Reason.MALFORMED, where + " must hold exactly one Patient, or the same person's"
								+ " records that it links; it holds " + byId.size(), where));
		List<String> notes = new ArrayList<>(messages);
		Patient patient = current(byId.get(mainId), where, notes);
		if (byId.size() > 1) { // the same person's linked records sent along: theirs are the patient's, as sent
			links = PatientLinks.sentAlong(byId, mainId, patientBases, links, notes);
		}
		String id = patient.getIdElement().getIdPart();
		if (requestedId != null && !requestedId.equals(id)) {
			throw new GatherException(GatherException.Reason.PATIENT_MISMATCH, "The Patient in " + where + " is Patient/"
					+ id + ", not the requested Patient/" + requestedId, where);
		}
		Set<String> references = new TreeSet<>(aliases);
		references.add("Patient/" + id);
		List<Resource> ordered = new ArrayList<>(resources.size());
		ordered.add(patient);
		List<String> unlinked = new ArrayList<>();
		List<String> unfollowedLinks = new ArrayList<>();
		PatientLinks.read(patient, patientBases, links, references, notes, unfollowedLinks);
		for (Resource resource : resources) {
			if (resource instanceof Patient) {
				continue; // the patient first, once; a linked record's Patient is not the patient
			}
			String why = unlinked(resource, patient, references, patientBases, where);
			if (why == null) {
				ordered.add(resource);
			} else {
				String name = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
				unlinked.add(name);
				notes.add(name + " in " + where + " " + why + ", so it was not read as Patient/" + id
						+ "'s - if it is, link it by reference; please check it");
			}
		}
		return new PatientData(patient, ordered, notes, references, Set.of(), unlinked, unfollowedLinks);
	}

	/** As {@link #checked(String, List, List, Set, Set, String)}, for data whose absolute references name no server's Patient. */
	public static PatientData checked(String requestedId, List<Resource> resources, List<String> messages,
			Set<String> aliases, String where) {
		return checked(requestedId, resources, messages, aliases, Set.of(), where);
	}

	/**
	 * The copy of the Patient to read when the data holds it more than once (a search that {@code _include}s it, two
	 * versions of a record): copies that differ are told apart by {@code meta.versionId} (the highest), else by
	 * {@code meta.lastUpdated} (the latest), and which was read is named; when neither tells them apart the first is
	 * read, and that is named. Before, the first copy was read without a word, and an old version marked deceased hid
	 * every card.
	 */
	private static Patient current(List<Patient> copies, String where, List<String> messages) {
		Patient first = copies.get(0);
		List<Patient> different = new ArrayList<>(List.of(first));
		copies.stream().filter(copy -> different.stream().noneMatch(other -> sameButMeta(copy, other)))
				.forEach(different::add);
		if (different.size() == 1) {
			return first;
		}
		String name = "Patient/" + first.getIdElement().getIdPart();
		java.util.Comparator<Patient> byVersion = java.util.Comparator.comparing(PatientData::versionOf,
				java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()));
		java.util.Comparator<Patient> byUpdate = java.util.Comparator.comparing(
				(Patient copy) -> copy.getMeta().getLastUpdated(), java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()));
		for (java.util.Comparator<Patient> order : List.of(byVersion, byUpdate)) {
			Patient newest = different.stream().max(order).orElseThrow();
			if (different.stream().filter(copy -> order.compare(copy, newest) == 0).count() == 1
					&& (order == byVersion ? versionOf(newest) : newest.getMeta().getLastUpdated()) != null) {
				messages.add(where + " holds " + different.size() + " different copies of " + name + "; the newest ("
						+ (order == byVersion ? "version " + versionOf(newest)
								: "updated " + newest.getMeta().getLastUpdatedElement().getValueAsString())
						+ ") was read - please check it");
				return newest;
			}
		}
		messages.add(where + " holds " + different.size() + " different copies of " + name + " and neither"
				+ " meta.versionId nor meta.lastUpdated tells which is current; the first was read - please check it");
		return first;
	}

	/** Copies that differ at most in {@code meta} (a search's tags, a source) say the same of the patient. */
	private static boolean sameButMeta(Patient one, Patient other) {
		Patient a = one.copy();
		Patient b = other.copy();
		a.setMeta(null);
		b.setMeta(null);
		return a.equalsDeep(b);
	}

	/** The numeric meta.versionId (HAPI's and most servers'), else null. */
	private static Long versionOf(Patient patient) {
		String version = patient.getMeta().getVersionId();
		return version != null && version.matches("\\d{1,18}") ? Long.valueOf(version) : null;
	}

	/**
	 * Why nothing links the resource to the patient, or null when something does (or its kind has no subject: a
	 * Medication, an ObservationDefinition). A resource about another Patient would mix two patients' data: refused,
	 * never ignored.
	 */
	static String unlinked(Resource resource, Patient patient, Set<String> references, Set<String> bases, String where) {
		Reference subject = subjectOf(resource);
		if (subject == null) {
			return null;
		}
		String patientId = patient.getIdElement().getIdPart();
		String reference = subject.getReference(); // null also when sent only as a data-absent-reason
		if (reference != null) {
			if (references.contains(reference)) {
				return null;
			}
			IdType target = new IdType(reference);
			if ("Patient".equals(target.getResourceType()) && target.hasBaseUrl()
					&& bases.stream().noneMatch(base -> ServerBases.isSameServer(target.getBaseUrl(), base))) {
				// another server's id says nothing of who the patient is here, whatever the id
				return "names its subject as a Patient of another server (" + target.getBaseUrl() + ")";
			}
			if ("Patient".equals(target.getResourceType())
					&& references.contains("Patient/" + target.getIdPart())) {
				return null; // the patient, or a record it links, in another spelling (_history, absolute)
			}
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
			if ("Patient".equals(target.getResourceType())) {
				return null; // this Patient, relative or on one of the patient's servers
			}
			if (target.getResourceType() != null && !target.getResourceType().isEmpty()) {
				return "is about a " + target.getResourceType() + ", not a Patient";
			}
		}
		if (subject.hasIdentifier()) {
			Identifier identifier = subject.getIdentifier();
			boolean same = identifier.getSystem() != null && identifier.getValue() != null
					&& patient.getIdentifier().stream().anyMatch(own -> identifier.getSystem().equals(own.getSystem())
							&& identifier.getValue().equals(own.getValue()));
			return same ? null : "names its subject by an identifier"
					+ (identifier.getSystem() == null ? " without a system" : " of " + identifier.getSystem())
					+ " that is not one of the patient's";
		}
		if (reference != null) {
			return "names its subject as '" + reference + "', which is not a reference to a Patient";
		}
		return subject.hasDisplay() ? "names its subject only by a display text" : "has no subject";
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
		} else if (resource instanceof org.hl7.fhir.r4.model.AllergyIntolerance r) {
			return r.getPatient(); // its subject is called patient
		}
		return null;
	}
}
