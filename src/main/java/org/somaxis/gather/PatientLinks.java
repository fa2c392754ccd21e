package org.somaxis.gather;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.somaxis.fhir.ServerBases;
import org.somaxis.guidance.record.PatientRecordAssembler;

/**
 * The other Patient records of the same person that a Patient links ({@code Patient.link}: an MPI's merge,
 * {@code replaces} and {@code replaced-by}, or {@code seealso} and {@code refer} for a record kept elsewhere). Every
 * link type says the two records are one person, so records filed under a linked Patient are the patient's: read where
 * the data holds them (the store follows the links, {@link StoreSource}), and named where it may not. Before, a
 * surviving record's cancer and peptide order filed under the merged-away record were missed without a word.
 */
final class PatientLinks {
	private PatientLinks() {
	}

	/**
	 * What a source gathered of the linked records: those whose records it read ({@link Link#target()}: the patient's
	 * own links and the links of those, transitively), and those further along it could not read (named by the source).
	 */
	record Gathered(Set<String> followed, List<String> unfollowed) {
		static final Gathered NONE = new Gathered(Set.of(), List.of());

		Gathered {
			followed = Set.copyOf(followed);
			unfollowed = List.copyOf(unfollowed);
		}
	}

	/**
	 * A link to another Patient record.
	 *
	 * @param type the link type code ("replaces", ...)
	 * @param reference the linked Patient's reference as written
	 * @param localId its id when it is a Patient of the same server as the patient's (relative, or absolute on one of
	 *     the patient's bases), else null: another server's record
	 */
	record Link(String type, String reference, String localId) {
		/** The reference the records filed under it use: {@code Patient/<id>} on the same server, else as written. */
		String target() {
			return localId != null ? "Patient/" + localId : reference;
		}
	}

	/**
	 * The Patient's links to other Patient records, one per linked record (the first link type given), never to itself
	 * in any form ({@code _history}, absolute); a link to a RelatedPerson, or without a reference, is none.
	 *
	 * @param bases the servers whose {@code Patient/<id>} is of the patient's own server ({@link ServerBases#isSameServer})
	 */
	static List<Link> of(Patient patient, Set<String> bases) {
		String own = patient.getIdElement().getIdPart();
		Map<String, Link> links = new LinkedHashMap<>();
		for (Patient.PatientLinkComponent component : patient.getLink()) {
			String reference = component.getOther().getReference();
			if (reference == null) {
				continue;
			}
			IdType id = new IdType(reference);
			if (!"Patient".equals(id.getResourceType()) || id.getIdPart() == null) {
				continue;
			}
			boolean sameServer = !id.hasBaseUrl()
					|| bases.stream().anyMatch(base -> ServerBases.isSameServer(id.getBaseUrl(), base));
			Link link = new Link(component.getType() == null ? "unknown" : component.getType().toCode(), reference,
					sameServer ? id.getIdPart() : null);
			if (!(sameServer && id.getIdPart().equals(own))) {
				links.putIfAbsent(link.target(), link);
			}
		}
		return List.copyOf(links.values());
	}

	/**
	 * Which of several Patients sent together is the patient, when the others are the same person's records it links
	 * (an HIE sends the surviving record of a merge with the merged-away one): the requested one, else the one record in
	 * use (not inactive, not {@code replaced-by} another); empty when there is none, or a Patient is not linked to it,
	 * directly or along the links of the Patients sent.
	 */
	static java.util.Optional<String> mainOf(Map<String, List<Patient>> byId, String requestedId, Set<String> bases) {
		List<String> candidates = requestedId != null ? List.of(requestedId) : byId.entrySet().stream()
				.filter(entry -> entry.getValue().stream().noneMatch(PatientRecordAssembler::notInUse))
				.map(Map.Entry::getKey)
				.toList();
		if (candidates.size() != 1 || !byId.containsKey(candidates.get(0))) {
			return java.util.Optional.empty();
		}
		// linked, in either direction, along the links of the Patients sent
		Map<String, Set<String>> neighbours = new java.util.HashMap<>();
		byId.forEach((id, copies) -> copies.forEach(copy -> of(copy, bases).stream()
				.filter(link -> link.localId() != null)
				.forEach(link -> {
					neighbours.computeIfAbsent(id, key -> new java.util.HashSet<>()).add(link.localId());
					neighbours.computeIfAbsent(link.localId(), key -> new java.util.HashSet<>()).add(id);
				})));
		Set<String> reached = new java.util.HashSet<>(Set.of(candidates.get(0)));
		java.util.Deque<String> pending = new java.util.ArrayDeque<>(reached);
		while (!pending.isEmpty()) {
			for (String next : neighbours.getOrDefault(pending.poll(), Set.of())) {
				if (reached.add(next)) {
					pending.add(next);
				}
			}
		}
		return reached.containsAll(byId.keySet()) ? java.util.Optional.of(candidates.get(0)) : java.util.Optional.empty();
	}

	/**
	 * The links gathered when the same person's linked Patients were sent along with the patient's: those sent are read
	 * (as sent), and their own links to records not sent are named as perhaps missing, and so is another birth date
	 * ({@link #anotherBirthDate}).
	 */
	static Gathered sentAlong(Map<String, List<Patient>> byId, String mainId, Set<String> bases, Gathered gathered,
			List<String> messages) {
		Set<String> present = new java.util.TreeSet<>(gathered.followed());
		byId.keySet().forEach(id -> present.add("Patient/" + id));
		List<String> unfollowed = new ArrayList<>(gathered.unfollowed());
		Patient main = byId.get(mainId).get(0);
		byId.forEach((id, copies) -> {
			if (id.equals(mainId)) {
				return; // the patient's own links are named by read()
			}
			anotherBirthDate(main, copies.get(0)).ifPresent(messages::add);
			for (Link link : of(copies.get(0), bases)) {
				if (!present.contains(link.target()) && !unfollowed.contains(link.reference())) {
					unfollowed.add(link.reference());
					messages.add("The linked Patient/" + id + " is linked in turn to " + link.reference() + ", whose"
							+ " records were not sent: a contraindication filed under it may be missing - please check it");
				}
			}
		});
		present.remove("Patient/" + mainId);
		return new Gathered(present, unfollowed);
	}

	/**
	 * A message naming the birth date a linked record of the same person gives, when it is another than the patient's:
	 * the age every rule reads comes from the patient's own record, and the other date may be the right one (probe 45,
	 * m6: before, not a word). Empty when either gives none, or both the same.
	 */
	static java.util.Optional<String> anotherBirthDate(Patient patient, Patient linked) {
		String birthDate = patient.getBirthDateElement().getValueAsString();
		String linkedBirthDate = linked.getBirthDateElement().getValueAsString();
		if (birthDate == null || linkedBirthDate == null || birthDate.equals(linkedBirthDate)) {
			return java.util.Optional.empty();
		}
		String id = patient.getIdElement().getIdPart();
		return java.util.Optional.of("The linked Patient/" + linked.getIdElement().getIdPart() + ", the same person's"
				+ " record, gives the birth date " + linkedBirthDate + ", Patient/" + id + " " + birthDate + ": the age is"
				+ " read from Patient/" + id + " - please check which is right");
	}

	/**
	 * Accepts records filed under each linked Patient as the patient's ({@code references}), and names the links whose
	 * records the source did not gather ({@code gathered}, by {@link Link#target()}) as perhaps missing
	 * ({@code unfollowed}, which makes the CDS card a warning). A link to a record given without a reference (an
	 * identifier, a display), and an inactive or replaced record, are named too.
	 */
	static void read(Patient patient, Set<String> bases, Gathered gathered, Set<String> references,
			List<String> messages, List<String> unfollowed) {
		String name = "Patient/" + patient.getIdElement().getIdPart();
		Set<String> followed = gathered.followed();
		references.addAll(followed); // the records of a record linked further along are the patient's too
		unfollowed.addAll(gathered.unfollowed());
		for (Link link : of(patient, bases)) {
			references.add(link.target());
			references.add(link.reference());
			if (!followed.contains(link.target())) { // a link followed needs no word: the cards cite its records
				unfollowed.add(link.reference());
				messages.add(name + " is linked (" + link.type() + ") to " + link.reference() + ", the same person's"
						+ " record, whose records were read only where this data holds them: a contraindication filed"
						+ " under it may be missing - please check it");
			}
		}
		for (Patient.PatientLinkComponent component : patient.getLink()) {
			Reference other = component.getOther();
			String type = component.getType() == null ? "unknown" : component.getType().toCode();
			String reference = other.getReference();
			String targetType = reference == null ? null : new IdType(reference).getResourceType();
			if (reference == null || !"Patient".equals(targetType) && !"RelatedPerson".equals(targetType)) {
				// an identifier, a display, a data-absent-reason, a urn:uuid, a contained or conditional reference
				String given = reference != null ? "a reference that cannot be resolved (" + reference + ")"
						: other.hasIdentifier() ? "an identifier" : other.hasDisplay() ? "a display text" : "no reference";
				unfollowed.add("a record given by " + given);
				messages.add(name + " is linked (" + type + ") to a record given only by " + given + ", whose records were"
						+ " not read: a contraindication filed under it may be missing - please check it");
			}
			if (component.getType() == Patient.LinkType.REPLACEDBY) {
				String by = reference != null ? reference : "another record";
				messages.add(name + " is replaced by " + by + ": this record is no longer the one in use - please evaluate "
						+ by);
			}
		}
		if (patient.getActiveElement().getValue() == Boolean.FALSE) {
			messages.add(name + " is marked inactive (Patient.active false): check that this is the record in use");
		}
	}
}
