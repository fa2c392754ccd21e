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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/**
 * The local store: the Patient read plus one indexed search per {@link GatherPlan} part, side by side where cores
 * are free ({@link PartRunner}), with no per-resource reads. Observations are searched by code (and sleep/exercise by
 * date), so a long history of encounters, vitals and other labs costs nothing.
 */
public final class StoreSource implements PatientDataSource, PartFetcher {
	private final DaoRegistry daos;
	private final IHapiTransactionService transactions;
	private final GatherPlan plan;
	private final PartRunner runner;
	private final RequestDetails request;

	public StoreSource(DaoRegistry daos, IHapiTransactionService transactions, GatherPlan plan, PartRunner runner,
			RequestDetails request) {
		this.daos = daos;
		this.transactions = transactions;
		this.plan = plan;
		this.runner = runner;
		this.request = request == null ? new SystemRequestDetails() : request;
	}

	/**
	 * Request user data: the request may read only its patient's own record (a patient-context SMART token), so the
	 * records of the Patients it links are not read here; the links are named as not followed instead.
	 */
	public static final String COMPARTMENT_ONLY = StoreSource.class.getName() + ".compartmentOnly";

	private final List<String> messages = new ArrayList<>();
	private final Set<String> followed = new java.util.TreeSet<>();
	private final List<String> unfollowed = new ArrayList<>();

	/** @throws GatherException PATIENT_UNKNOWN (no such Patient) or PATIENT_GONE (deleted) */
	@Override
	public PatientData gather(PatientQuery query) {
		return PatientData.checked(query.patientId(), fetch(query, query.parts()),
				messages(), Set.of(), Set.of(), linkedRecords(), "the store");
	}

	@Override
	public List<String> messages() {
		return List.copyOf(messages);
	}

	@Override
	public PatientLinks.Gathered linkedRecords() {
		return new PatientLinks.Gathered(followed, unfollowed);
	}

	/** One resource by id, as the request (404 / 410 as HAPI answers them). */
	public <T extends IBaseResource> T read(Class<T> type, String id) {
		return daos.getResourceDao(type).read(new IdType(daos.getFhirContext().getResourceType(type), id), request);
	}

	@Override
	public List<Resource> fetch(PatientQuery query, Set<GatherPlan.Part> parts) {
		try {
			List<Resource> found = new ArrayList<>();
			PartRunner reads = PartRequests.copyable(request) ? runner : PartRunner.inline();
			reads.runAll(reads(query, parts)).forEach(found::addAll);
			// the Medications that orders and statements name by reference, in one more query. Not an _include: HAPI
			// answers a search with _include and more matches than a page as an asynchronous result, which cannot be
			// read whole here (a patient with 20 orders got a 500)
			if (parts.contains(GatherPlan.Part.PATIENT)) {
				found.addAll(linkedRecords(found, query));
			}
			Set<String> medications = MedicationReferences.among(found).missingIds(found, this::holdsBase);
			if (!medications.isEmpty()) {
				found.addAll(medications(medications));
			}
			return found;
		} catch (ResourceNotFoundException e) {
			throw new GatherException(GatherException.Reason.PATIENT_UNKNOWN,
					"Patient/" + query.patientId() + " is not known to this server");
		} catch (ResourceGoneException e) {
			throw new GatherException(GatherException.Reason.PATIENT_GONE,
					"Patient/" + query.patientId() + " was deleted");
		}
	}

	/** The most linked records read for one patient: an MPI's chain of merges is short; a loop of links is not. */
	static final int MAX_LINKED_RECORDS = 10;

	/** The most links not followed that are named one by one; the others are counted in one message. */
	private static final int NAMED_LINKS = 5;

	/**
	 * The records filed under the Patients the fetched one links ({@link PatientLinks}: the same person's other
	 * records, an MPI's merge), every part of them, and so on along their own links (a chain of merges), each record
	 * once, at most {@link #MAX_LINKED_RECORDS} tried. A link this store cannot follow (another server's record, one it does
	 * not hold, one past the limit) is named; none is followed for a request that may read only its patient's own
	 * record ({@link #COMPARTMENT_ONLY}).
	 */
	private List<Resource> linkedRecords(List<Resource> found, PatientQuery query) {
		Patient patient = (Patient) found.stream().filter(Patient.class::isInstance).findFirst().orElse(null);
		List<Resource> theirs = new ArrayList<>();
		if (patient == null) {
			return theirs;
		}
		List<PatientLinks.Link> own = PatientLinks.of(patient, ownBases());
		List<PatientLinks.Link> inbound = linkingTo(query.patientId(), own);
		if (own.isEmpty() && inbound.isEmpty()) {
			return theirs;
		}
		if (Boolean.TRUE.equals(request.getUserData().get(COMPARTMENT_ONLY))) {
			messages.add("The token reaches only Patient/" + query.patientId() + "'s own record, so the records of the"
					+ " Patients linked to it were not read");
			inbound.forEach(link -> unfollowed.add(link.reference()));
			return theirs;
		}
		Set<String> seen = new java.util.HashSet<>(Set.of(query.patientId()));
		java.util.Deque<PatientLinks.Link> pending = new java.util.ArrayDeque<>(own);
		int ownLinks = pending.size(); // the patient's own links come first; PatientData names those not followed
		pending.addAll(inbound);
		int attempts = 0;
		int unnamed = 0;
		while (!pending.isEmpty()) {
			PatientLinks.Link link = pending.poll();
			boolean ownLink = ownLinks-- > 0;
			String linked = link.localId();
			if (linked != null && !seen.add(linked)) {
				continue; // read already: a loop of links, or two paths to one record
			}
			if (linked == null || attempts >= MAX_LINKED_RECORDS) {
				if (!ownLink && unnamed++ < NAMED_LINKS) { // a few named; the rest counted (a hostile record's links)
					unfollowed.add(link.reference());
					messages.add("A record linked to Patient/" + query.patientId() + " is linked in turn to "
							+ link.reference() + ", whose records were not read"
							+ (linked == null ? " (another server's record)" : " (more than " + MAX_LINKED_RECORDS
									+ " linked records)") + ": a contraindication filed under it may be missing - please"
							+ " check it");
				}
				continue;
			}
			attempts++; // read or not: each costs a Patient read and its searches
			PartRunner reads = PartRequests.copyable(request) ? runner : PartRunner.inline();
			List<Resource> record = new ArrayList<>();
			try {
				// every part the query reads, the Patient too: its own links lead further along the chain
				java.util.Set<GatherPlan.Part> parts = java.util.EnumSet.noneOf(GatherPlan.Part.class);
				parts.addAll(query.parts());
				parts.add(GatherPlan.Part.PATIENT);
				reads.runAll(reads(new PatientQuery(linked, query.evaluationDate(), parts), parts)).forEach(record::addAll);
			} catch (ResourceNotFoundException | ResourceGoneException unreadable) {
				messages.add("The linked " + link.reference() + " is not held by this server or was deleted");
				if (!ownLink) {
					unfollowed.add(link.reference());
				}
				continue;
			}
			followed.add(link.target());
			for (Resource resource : record) {
				if (resource instanceof Patient linkedPatient) {
					PatientLinks.anotherBirthDate(patient, linkedPatient).ifPresent(messages::add);
					List<PatientLinks.Link> further = PatientLinks.of(linkedPatient, ownBases());
					pending.addAll(further);
					pending.addAll(linkingTo(linked, further));
				} else {
					theirs.add(resource);
				}
			}
		}
		if (unnamed > NAMED_LINKS) {
			messages.add((unnamed - NAMED_LINKS) + " more records linked further along were not read either");
		}
		return theirs;
	}

	/**
	 * The Patients of this store that link to this one ({@code Patient?link=}) and that it does not link itself: an MPI
	 * that marks only the merged-away record ({@code replaced-by} the survivor, no {@code replaces} on the survivor)
	 * leaves the survivor's cancer and orders under a record only the inbound link names. Before, they were not read.
	 */
	private List<PatientLinks.Link> linkingTo(String patientId, List<PatientLinks.Link> known) {
		SearchParameterMap search = SearchParameterMap.newSynchronous("link", new ReferenceParam("Patient/" + patientId));
		search.setCount(MAX_LINKED_RECORDS + 1); // more than the records read: the rest are named as past the limit
		List<Patient> linking = transactions.withRequest(request).readOnly()
				.execute(() -> daos.getResourceDao(Patient.class).searchForResources(search, request));
		Set<String> knownIds = new java.util.HashSet<>();
		known.forEach(link -> knownIds.add(link.localId()));
		List<PatientLinks.Link> inbound = new ArrayList<>();
		for (Patient linkingPatient : linking) {
			String id = linkingPatient.getIdElement().getIdPart();
			if (!id.equals(patientId) && !knownIds.contains(id)) {
				inbound.add(new PatientLinks.Link("linked from", "Patient/" + id, id));
			}
		}
		return inbound;
	}

	/** Our own base as the request arrived on it, when it has one. */
	private Set<String> ownBases() {
		String own = request.getFhirServerBase();
		return own == null ? Set.of() : Set.of(own);
	}

	/** Our own base, as the request arrived on it. */
	@Override
	public boolean holdsBase(String base) {
		String own = request.getFhirServerBase();
		return own != null && org.somaxis.fhir.ServerBases.isSameServer(base, own);
	}

	@Override
	public List<Resource> medications(Set<String> ids) {
		return transactions.withRequest(request).readOnly().execute(() -> searchMedications(ids));
	}

	/**
	 * One read per part, each in a read-only transaction of its own with a request of its own (the parts may run side
	 * by side, see {@link PartRunner}). The Patient read comes first, so an unknown or deleted patient fails as such.
	 */
	private List<Callable<List<Resource>>> reads(PatientQuery query, Set<GatherPlan.Part> parts) {
		List<Callable<List<Resource>>> reads = new ArrayList<>();
		boolean patientRead = parts.contains(GatherPlan.Part.PATIENT);
		// filling in a prefetch: searches for a patient this store does not hold would find nothing, and the guidance
		// would pass for complete without the data the client could not send (404 / 410 as a gather of all)
		reads.add(inTransaction(partRequest -> {
			Patient patient = daos.getResourceDao(Patient.class)
					.read(new IdType("Patient", query.patientId()), partRequest);
			return patientRead ? List.of(patient) : List.of();
		}));
		for (GatherPlan.Part part : GatherPlan.Part.values()) {
			if (part != GatherPlan.Part.PATIENT && parts.contains(part)) {
				reads.add(inTransaction(partRequest -> search(part, query, partRequest)));
			}
		}
		return reads;
	}

	private Callable<List<Resource>> inTransaction(java.util.function.Function<RequestDetails, List<Resource>> read) {
		RequestDetails copy = PartRequests.of(request);
		RequestDetails partRequest = copy == null ? request : copy;
		return () -> transactions.withRequest(partRequest).readOnly().execute(() -> read.apply(partRequest));
	}

	private List<Resource> search(GatherPlan.Part part, PatientQuery query, RequestDetails partRequest) {
		SearchParameterMap search = SearchParameterMap.newSynchronous(
				"patient", new ReferenceParam("Patient/" + query.patientId()));
		for (Map.Entry<String, String> parameter
				: plan.search(part, plan.lifestyleSince(query.evaluationDate()), GatherPlan.Asker.STORE).entrySet()) {
			switch (parameter.getKey()) {
				case "code" -> search.add("code", codes(parameter.getValue()));
				case "date" -> search.add("date", new DateParam(parameter.getValue()));
				default -> search.add(parameter.getKey(), new TokenParam(parameter.getValue()));
			}
		}
		IFhirResourceDao<? extends IBaseResource> dao = daos.getResourceDao(part.resourceType());
		List<Resource> found = new ArrayList<>();
		for (IBaseResource resource : dao.searchForResources(search, partRequest)) {
			found.add((Resource) resource);
		}
		return found;
	}

	@Override
	public List<Resource> substances(Set<String> ids) {
		return transactions.withRequest(request).readOnly()
				.execute(() -> byId(org.hl7.fhir.r4.model.Substance.class, ids));
	}

	/** The Medications with these ids, and the Substances their ingredients name (a compounded vial's peptide). */
	private List<Resource> searchMedications(Set<String> ids) {
		List<Resource> found = new ArrayList<>(byId(Medication.class, ids));
		Set<String> substances = MedicationReferences.missingSubstanceIds(found);
		if (!substances.isEmpty()) {
			found.addAll(byId(org.hl7.fhir.r4.model.Substance.class, substances));
		}
		return found;
	}

	private List<Resource> byId(Class<? extends IBaseResource> type, Set<String> ids) {
		TokenOrListParam idList = new TokenOrListParam();
		ids.forEach(id -> idList.add(new TokenParam(id)));
		SearchParameterMap byId = SearchParameterMap.newSynchronous();
		byId.add("_id", idList);
		return daos.getResourceDao(type).searchForResources(byId, request).stream()
				.map(Resource.class::cast)
				.toList();
	}

	private static TokenOrListParam codes(String list) {
		TokenOrListParam codes = new TokenOrListParam();
		for (String token : list.split(",")) {
			int bar = token.indexOf('|');
			// a code alone (ObservationKind#searchTokens: a pregnancy kind's) matches it under any system
			codes.add(bar < 0 ? null : token.substring(0, bar), token.substring(bar + 1));
		}
		return codes;
	}
}
