package org.somaxis.gather;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.model.api.Include;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/**
 * The local store, in one read-only transaction with no per-resource reads. The Patient and its whole-history parts
 * (medication orders and statements, conditions, procedures) come from one search, {@code Patient?_id=X} with a
 * {@code _revinclude} per part: HAPI then runs one small link query per part and loads everything in one batch,
 * instead of building, running and loading a search per part, which cost about three times as much. Every other part
 * is one indexed search: observations by code (and sleep/exercise by date), so a long history of encounters, vitals
 * and other labs costs nothing, and draft ServiceRequests by status.
 *
 * <p>HAPI loads at most {@code includeLimit} reverse-included resources (JpaStorageSettings
 * maximumIncludesToLoadPerPage) and drops the rest without an error. When a patient reaches that limit, the parts are
 * searched one by one instead, so that no condition or order is ever cut off.
 */
public final class StoreSource implements PatientDataSource, PartFetcher {
	private final DaoRegistry daos;
	private final IHapiTransactionService transactions;
	private final GatherPlan plan;
	private final RequestDetails request;
	private final int includeLimit;

	/** The parts read as reverse includes of the Patient, each with its {@code _revinclude} value. */
	private static final Map<GatherPlan.Part, Include> WITH_PATIENT = new EnumMap<>(Map.of(
			GatherPlan.Part.MEDICATION_REQUESTS, new Include("MedicationRequest:patient"),
			GatherPlan.Part.MEDICATION_STATEMENTS, new Include("MedicationStatement:patient"),
			GatherPlan.Part.CONDITIONS, new Include("Condition:patient"),
			GatherPlan.Part.PROCEDURES, new Include("Procedure:patient")));

	/** @param includeLimit the most reverse-included resources HAPI loads for one search */
	public StoreSource(DaoRegistry daos, IHapiTransactionService transactions, GatherPlan plan, RequestDetails request,
			int includeLimit) {
		this.daos = daos;
		this.transactions = transactions;
		this.plan = plan;
		this.request = request == null ? new SystemRequestDetails() : request;
		this.includeLimit = includeLimit;
	}

	/** @throws GatherException PATIENT_UNKNOWN (no such Patient) or PATIENT_GONE (deleted) */
	@Override
	public PatientData gather(PatientQuery query) {
		return PatientData.checked(query.patientId(), fetch(query, EnumSet.allOf(GatherPlan.Part.class)),
				List.of(), Set.of(), "the store");
	}

	/** One resource by id, as the request (404 / 410 as HAPI answers them). */
	public <T extends IBaseResource> T read(Class<T> type, String id) {
		return daos.getResourceDao(type).read(new IdType(daos.getFhirContext().getResourceType(type), id), request);
	}

	@Override
	public List<Resource> fetch(PatientQuery query, Set<GatherPlan.Part> parts) {
		try {
			return transactions.withRequest(request).readOnly().execute(() -> search(query, parts));
		} catch (ResourceNotFoundException e) {
			throw new GatherException(GatherException.Reason.PATIENT_UNKNOWN,
					"Patient/" + query.patientId() + " is not known to this server");
		} catch (ResourceGoneException e) {
			throw new GatherException(GatherException.Reason.PATIENT_GONE,
					"Patient/" + query.patientId() + " was deleted");
		}
	}

	private List<Resource> search(PatientQuery query, Set<GatherPlan.Part> parts) {
		List<Resource> found = new ArrayList<>();
		Set<GatherPlan.Part> searched = EnumSet.noneOf(GatherPlan.Part.class);
		if (parts.contains(GatherPlan.Part.PATIENT)) {
			searched.add(GatherPlan.Part.PATIENT);
			Set<GatherPlan.Part> included = EnumSet.noneOf(GatherPlan.Part.class);
			parts.stream().filter(WITH_PATIENT::containsKey).forEach(included::add);
			if (patientWithParts(query.patientId(), included, found)) {
				searched.addAll(included);
			}
		}
		for (GatherPlan.Part part : GatherPlan.Part.values()) {
			if (parts.contains(part) && !searched.contains(part)) {
				found.addAll(search(query, part));
			}
		}
		return found;
	}

	/**
	 * Adds the Patient and the given parts to {@code found}, from one search; false (having added only the Patient)
	 * when the reverse includes reached HAPI's limit and may have been cut off.
	 */
	private boolean patientWithParts(String patientId, Set<GatherPlan.Part> parts, List<Resource> found) {
		SearchParameterMap search = SearchParameterMap.newSynchronous("_id", new TokenParam(patientId));
		parts.forEach(part -> search.addRevInclude(WITH_PATIENT.get(part)));
		List<IBaseResource> resources = daos.getResourceDao(Patient.class).search(search, request).getAllResources();
		Patient patient = resources.stream().filter(Patient.class::isInstance).map(Patient.class::cast).findFirst()
				// no match: read it, for HAPI's 404 (unknown) or 410 (deleted)
				.orElseGet(() -> daos.getResourceDao(Patient.class).read(new IdType("Patient", patientId), request));
		found.add(patient);
		if (resources.size() - 1 >= includeLimit) {
			return false;
		}
		resources.stream().filter(resource -> resource != patient).forEach(resource -> found.add((Resource) resource));
		return true;
	}

	private List<Resource> search(PatientQuery query, GatherPlan.Part part) {
		if (part == GatherPlan.Part.PATIENT) {
			return List.of(daos.getResourceDao(Patient.class).read(new IdType("Patient", query.patientId()), request));
		}
		SearchParameterMap search = SearchParameterMap.newSynchronous(
				"patient", new ReferenceParam("Patient/" + query.patientId()));
		for (Map.Entry<String, String> parameter
				: GatherPlan.parameters(part, plan.lifestyleSince(query.evaluationDate())).entrySet()) {
			switch (parameter.getKey()) {
				case "code" -> search.add("code", codes(parameter.getValue()));
				case "date" -> search.add("date", new DateParam(parameter.getValue()));
				default -> search.add(parameter.getKey(), new TokenParam(parameter.getValue()));
			}
		}
		List<Resource> found = new ArrayList<>();
		IFhirResourceDao<? extends IBaseResource> dao = daos.getResourceDao(part.resourceType());
		for (IBaseResource resource : dao.searchForResources(search, request)) {
			found.add((Resource) resource);
		}
		return found;
	}

	private static TokenOrListParam codes(String list) {
		TokenOrListParam codes = new TokenOrListParam();
		for (String token : list.split(",")) {
			int bar = token.indexOf('|');
			codes.add(token.substring(0, bar), token.substring(bar + 1));
		}
		return codes;
	}
}
