package org.somaxis.gather;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/**
 * Reads one patient's resources from the local store: the Patient and up to five indexed searches with
 * {@code patient=X}, in one read-only transaction, with no per-resource reads. Shared by {@code $evaluate} (all parts)
 * and the CDS Hooks services (the parts the client's prefetch did not supply).
 */
public final class StoreGatherer {

	/** What a gathering may fetch; each part is one read or one search. */
	public enum Part {
		PATIENT("Patient"),
		OBSERVATIONS("Observation"),
		MEDICATION_REQUESTS("MedicationRequest"),
		MEDICATION_STATEMENTS("MedicationStatement"),
		CONDITIONS("Condition"),
		DRAFT_SERVICE_REQUESTS("ServiceRequest");

		private final String resourceType;

		Part(String resourceType) {
			this.resourceType = resourceType;
		}

		public String resourceType() {
			return resourceType;
		}
	}

	private final DaoRegistry daos;
	private final IHapiTransactionService transactions;

	public StoreGatherer(DaoRegistry daos, IHapiTransactionService transactions) {
		this.daos = daos;
		this.transactions = transactions;
	}

	/**
	 * Fetches the requested parts, each list in store order.
	 *
	 * @throws ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException (404) when PATIENT is asked for and unknown
	 */
	public Map<Part, List<Resource>> gather(String patientId, Set<Part> parts, RequestDetails request) {
		return transactions.withRequest(request).readOnly().execute(() -> fetch(patientId, parts, request));
	}

	private Map<Part, List<Resource>> fetch(String patientId, Set<Part> parts, RequestDetails request) {
		Map<Part, List<Resource>> found = new EnumMap<>(Part.class);
		String reference = "Patient/" + patientId;
		for (Part part : Part.values()) {
			if (!parts.contains(part)) {
				continue;
			}
			List<Resource> resources = new ArrayList<>();
			if (part == Part.PATIENT) {
				IFhirResourceDao<Patient> patients = daos.getResourceDao(Patient.class);
				resources.add(patients.read(new IdType("Patient", patientId), request));
			} else {
				SearchParameterMap search = SearchParameterMap.newSynchronous("patient", new ReferenceParam(reference));
				if (part == Part.DRAFT_SERVICE_REQUESTS) {
					search.add("status", new TokenParam("draft"));
				}
				IFhirResourceDao<? extends IBaseResource> dao = daos.getResourceDao(part.resourceType());
				for (IBaseResource resource : dao.searchForResources(search, request)) {
					resources.add((Resource) resource);
				}
			}
			found.put(part, resources);
		}
		return found;
	}
}
