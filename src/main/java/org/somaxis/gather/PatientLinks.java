package org.somaxis.gather;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;

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

	/** A link: its type code ("replaces", ...) and the linked Patient's reference as written. */
	record Link(String type, String reference) {
		/** The id of a relative {@code Patient/<id>} reference (the records of this store or this data), else null. */
		String localId() {
			IdType id = new IdType(reference);
			return "Patient".equals(id.getResourceType()) && !id.hasBaseUrl() ? id.getIdPart() : null;
		}
	}

	static List<Link> of(Patient patient) {
		List<Link> links = new ArrayList<>();
		for (Patient.PatientLinkComponent link : patient.getLink()) {
			String reference = link.getOther().getReference();
			if (reference != null && !reference.equals("Patient/" + patient.getIdElement().getIdPart())) {
				links.add(new Link(link.getType() == null ? "unknown" : link.getType().toCode(), reference));
			}
		}
		return links;
	}

	/**
	 * Accepts records filed under each linked Patient as the patient's ({@code references}), and names the links: those
	 * whose records the source gathered ({@code followed}, "Patient/id") as read, the others as perhaps missing
	 * ({@code unlinked}, which makes the CDS card a warning). An inactive or replaced record is named too.
	 */
	static void read(Patient patient, Set<String> followed, Set<String> references, List<String> messages,
			List<String> unlinked) {
		String name = "Patient/" + patient.getIdElement().getIdPart();
		for (Link link : of(patient)) {
			references.add(link.reference());
			String local = link.localId();
			if (local != null) {
				references.add("Patient/" + local);
			}
			if (followed.contains(link.reference())) {
				messages.add(name + " is linked (" + link.type() + ") to " + link.reference()
						+ ", the same person's record: its records were read as this patient's");
			} else {
				unlinked.add(link.reference() + " (linked record)");
				messages.add(name + " is linked (" + link.type() + ") to " + link.reference() + ", the same person's"
						+ " record, whose records were read only where this data holds them: a contraindication filed"
						+ " under it may be missing - please check it");
			}
			if ("replaced-by".equals(link.type())) {
				messages.add(name + " is replaced by " + link.reference() + ": this record is no longer the one in use -"
						+ " please evaluate " + link.reference());
			}
		}
		if (patient.getActiveElement().getValue() == Boolean.FALSE) {
			messages.add(name + " is marked inactive (Patient.active false): check that this is the record in use");
		}
	}
}
