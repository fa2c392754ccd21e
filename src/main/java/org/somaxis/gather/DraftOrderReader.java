package org.somaxis.gather;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * The one reader of draft orders, for both faces ({@code $evaluate}'s {@code draftOrders} parameter and the CDS
 * {@code context.draftOrders}). Same rules on both:
 *
 * <ul>
 *   <li>a Bundle with or without {@code type}; MedicationRequest and ServiceRequest entries are the drafts, entries of
 *       other types (NutritionOrder, ...) are not inputs of any rule and are skipped;
 *   <li>a MedicationRequest needs {@code medication[x]}, a ServiceRequest a {@code code}; status, when given, is
 *       {@code draft}; an entry without a resource, or with a Bundle of its own, is malformed (MALFORMED: 400 on
 *       both faces);
 *   <li>a subject, when given, is the patient under evaluation (PATIENT_MISMATCH: 400 on both faces);
 *   <li>a {@code medicationReference} is resolved against the contained resources, the Bundle's Medication entries and
 *       the Medications of the patient's gathered data; what is still missing is asked of the data's source (our
 *       store, or the allow-listed server behind a prefetch); one that cannot be resolved becomes a message, never a
 *       silent drop;
 *   <li>entries without a plain id get {@code draft-N}.
 * </ul>
 */
public final class DraftOrderReader {
	private final FhirContext fhir;

	public DraftOrderReader(FhirContext fhir) {
		this.fhir = fhir;
	}

	/** CDS {@code context.draftOrders} (JSON): null or absent means no drafts. */
	public DraftOrders read(JsonNode node, PatientData data, PatientDataSource source, String where) {
		if (node == null || node.isNull()) {
			return DraftOrders.none();
		}
		if (!node.isObject()) {
			throw malformed(where, where + " must be a FHIR Bundle");
		}
		IBaseResource parsed;
		try {
			parsed = fhir.newJsonParser().parseResource(node.toString());
		} catch (DataFormatException e) {
			// the parser says what is wrong (an entry's resource without resourceType, an unknown type, a bad value)
			throw malformed(where, where + " cannot be read as a FHIR R4 Bundle: " + e.getMessage());
		}
		if (!(parsed instanceof Bundle bundle)) {
			throw malformed(where, where + " must be a FHIR Bundle");
		}
		return read(bundle, data, source, where);
	}

	/**
	 * {@code $evaluate}'s {@code draftOrders} (already parsed): null means no drafts.
	 *
	 * @param data the patient's gathered data: its references name the patient, its Medications resolve references
	 * @param source where {@code data} came from, asked for the Medications still missing
	 */
	public DraftOrders read(Bundle bundle, PatientData data, PatientDataSource source, String where) {
		if (bundle == null) {
			return DraftOrders.none();
		}
		Set<String> patientReferences = data.patientReferences();
		MedicationReferences medications = MedicationReferences.among(data.resources());
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			if (entry.getResource() instanceof Medication medication) {
				medications.add(entry.getFullUrl(), medication);
			}
		}
		List<Resource> orders = new ArrayList<>();
		List<String> messages = new ArrayList<>();
		int index = 0;
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			String location = where + ".entry[" + index + "]";
			index++;
			Resource resource = entry.getResource();
			if (resource == null) {
				throw malformed(location, "Malformed draft order: entry has no resource");
			}
			if (resource instanceof Bundle) {
				// its orders would be read by no rule: refused, as a nested Bundle in a prefetch is
				throw malformed(location, "Malformed draft orders: the entry holds a Bundle; the draft orders are the"
						+ " entries of " + where + " itself");
			}
			if (resource instanceof MedicationRequest request) {
				check(location, "MedicationRequest", request.hasMedication(), "medication[x]",
						request.getStatusElement().getValueAsString(), request.getSubject(), patientReferences);
				BundleIds.normalise(resource, entry.getFullUrl(), "draft-" + index);
				orders.add(request);
			} else if (resource instanceof ServiceRequest request) {
				check(location, "ServiceRequest", request.hasCode(), "code",
						request.getStatusElement().getValueAsString(), request.getSubject(), patientReferences);
				BundleIds.normalise(resource, entry.getFullUrl(), "draft-" + index);
				orders.add(request);
			}
		}
		ZonelessTimes.named(orders, where).ifPresent(messages::add);
		Set<String> missing = medications.missingIds(orders, source::holdsBase);
		if (!missing.isEmpty()) {
			source.medications(missing).forEach(found -> {
				if (found instanceof Medication medication) {
					medications.add(null, medication);
				} else if (found instanceof org.hl7.fhir.r4.model.Substance substance) {
					medications.add(substance);
				}
			});
		}
		List<Resource> forRecord = new ArrayList<>();
		for (Resource order : orders) {
			forRecord.add(order instanceof MedicationRequest request ? resolved(request, medications, messages) : order);
		}
		return new DraftOrders(orders, forRecord, messages);
	}

	/** The order as the record reads it: a resolvable medicationReference replaced by the Medication's code. */
	private static MedicationRequest resolved(MedicationRequest request, MedicationReferences medications,
			List<String> messages) {
		MedicationRequest resolved = (MedicationRequest) medications.resolve(request);
		if (resolved.hasMedicationReference()) {
			String reference = request.getMedicationReference().getReference();
			messages.add("Draft order MedicationRequest/" + request.getIdElement().getIdPart() + " names its medication by a"
					+ " reference that cannot be resolved (" + (reference == null ? "no reference" : reference)
					+ "); the peptide checks did not see it");
		}
		return resolved;
	}

	/** What both kinds of draft need: their content element, status draft (or none), the patient as subject. */
	private static void check(String location, String type, boolean hasContent, String content, String status,
			Reference subject, Set<String> patientReferences) {
		if (!hasContent) {
			throw malformed(location, "Malformed draft order: " + type + " has no " + content);
		}
		if (status != null && !status.equals("draft")) {
			throw malformed(location, "Malformed draft order: " + type + " has status '" + status
					+ "'; draft orders must have status 'draft'");
		}
		checkSubject(subject, patientReferences, location);
	}

	private static void checkSubject(Reference subject, Set<String> patientReferences, String location) {
		if (subject == null || subject.getReference() == null) {
			return;
		}
		String reference = subject.getReference();
		org.hl7.fhir.r4.model.IdType target = new org.hl7.fhir.r4.model.IdType(reference);
		boolean samePatient = patientReferences.contains(reference)
				|| ("Patient".equals(target.getResourceType()) && patientReferences.contains("Patient/" + target.getIdPart()));
		if (!samePatient) {
			throw new GatherException(GatherException.Reason.PATIENT_MISMATCH, "Draft order subject '" + reference
					+ "' is not the patient under evaluation " + patientReferences.stream().sorted().toList(), location);
		}
	}

	private static GatherException malformed(String location, String message) {
		return new GatherException(GatherException.Reason.MALFORMED, message, location);
	}
}
