package org.somaxis.operation;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.somaxis.gather.BundleIds;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * The {@code draftOrders} parameter: draft MedicationRequests and ServiceRequests for the patient under evaluation.
 * A malformed draft order is a 400, never something the engine has to guess about.
 */
public record DraftOrders(List<Resource> orders) {
	static final String PARAMETER = "draftOrders";

	public DraftOrders {
		orders = List.copyOf(orders);
	}

	public static DraftOrders none() {
		return new DraftOrders(List.of());
	}

	public boolean isEmpty() {
		return orders.isEmpty();
	}

	/**
	 * Checks every entry: a MedicationRequest with a medication, or a ServiceRequest with a code; status draft (or
	 * absent); subject, when given, one of {@code patientReferences}. Entries without a plain id get one.
	 *
	 * @param patientReferences the ways the patient may be referenced ("Patient/123", "urn:uuid:...")
	 */
	public static DraftOrders parse(Bundle bundle, Set<String> patientReferences) {
		if (bundle == null) {
			return none();
		}
		List<Resource> orders = new ArrayList<>();
		int index = 0;
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			String location = PARAMETER + ".entry[" + index + "]";
			Resource resource = entry.getResource();
			if (resource instanceof MedicationRequest request) {
				if (!request.hasMedication()) {
					throw malformed(location, "MedicationRequest has no medication[x]");
				}
				if (request.hasStatus() && request.getStatus() != MedicationRequest.MedicationRequestStatus.DRAFT) {
					throw malformed(location, "MedicationRequest has status '" + request.getStatus().toCode()
							+ "'; draft orders must have status 'draft'");
				}
				checkSubject(request.getSubject(), patientReferences, location);
			} else if (resource instanceof ServiceRequest request) {
				if (!request.hasCode()) {
					throw malformed(location, "ServiceRequest has no code");
				}
				if (request.hasStatus() && request.getStatus() != ServiceRequest.ServiceRequestStatus.DRAFT) {
					throw malformed(location, "ServiceRequest has status '" + request.getStatus().toCode()
							+ "'; draft orders must have status 'draft'");
				}
				checkSubject(request.getSubject(), patientReferences, location);
			} else {
				throw malformed(location, resource == null
						? "entry has no resource"
						: "entry is a " + resource.fhirType() + "; only MedicationRequest and ServiceRequest are accepted");
			}
			BundleIds.normalise(resource, entry.getFullUrl(), "draft-" + (index + 1));
			orders.add(resource);
			index++;
		}
		return new DraftOrders(orders);
	}

	private static void checkSubject(Reference subject, Set<String> patientReferences, String location) {
		if (subject == null || !subject.hasReference()) {
			return;
		}
		String reference = subject.getReference();
		if (!patientReferences.contains(reference)) {
			throw malformed(location, "subject '" + reference + "' is not the patient under evaluation "
					+ patientReferences.stream().sorted().toList());
		}
	}

	private static RuntimeException malformed(String location, String problem) {
		return OperationErrors.badRequest(IssueType.INVALID, "Malformed draft order: " + problem, location);
	}
}
