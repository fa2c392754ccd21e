package org.somaxis.security.smart;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseReference;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.somaxis.fhir.OperationOutcomes;
import org.somaxis.gather.StoreSource;
import org.somaxis.security.smart.SmartScope.Context;
import org.somaxis.security.smart.SmartScope.Permission;

/**
 * SMART scope and patient-context enforcement inside the FHIR server (docs/security.md):
 * <ul>
 *   <li>before a request is handled: the interaction must be allowed by some scope on its resource type, per entry for
 *       a transaction or batch; operations have their own rules ({@code $export} needs a {@code system/} scope);
 *   <li>instance-level requests of a restricted token (read, vread, history, {@code $everything}, {@code $evaluate})
 *       on a resource it may not see answer 404, exactly as a resource that does not exist;
 *   <li>before each write is stored (also inside a transaction, where refusing rolls back the whole transaction):
 *       the old and the new version must both be covered by a scope, its filter and the patient compartment; the body
 *       of a conditional create is checked the same way before HAPI looks for a match;
 *   <li>every 404 (and, for restricted tokens, 410) leaves with the same text, so errors never tell whether another
 *       patient's resource exists.
 * </ul>
 * Results of reads and searches are filtered by {@link SmartConsentService}; searches of patient tokens are narrowed by
 * {@link SmartSearchNarrowing}.
 */
@Interceptor
public final class SmartEnforcement {
	static final String INSUFFICIENT_SCOPE = "Bearer error=\"insufficient_scope\"";

	private final SmartRequests requests;
	private final SmartVisibility visibility;
	private final DaoRegistry daoRegistry;
	private final CriteriaTypes criteriaTypes;
	private final java.util.Set<String> resourceTypes;
	private final FhirContext fhirContext;

	public SmartEnforcement(SmartRequests requests, SmartVisibility visibility, DaoRegistry daoRegistry,
			FhirContext fhirContext) {
		this.criteriaTypes = new CriteriaTypes(fhirContext);
		this.resourceTypes = java.util.Set.copyOf(fhirContext.getResourceTypes());
		this.fhirContext = fhirContext;
		this.requests = requests;
		this.visibility = visibility;
		this.daoRegistry = daoRegistry;
	}

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
	public void checkRequest(RequestDetails request, RestOperationTypeEnum operation) {
		if (operation == RestOperationTypeEnum.METADATA) {
			return;
		}
		SmartAccess access = access(request);
		if (access.patientOnly()) {
			// any evaluation this request runs, also as a batch or transaction entry (whose sub-request shares this
			// user data), reads only this patient's own record, not the records of the Patients it links
			request.getUserData().put(StoreSource.COMPARTMENT_ONLY, Boolean.TRUE);
		}
		switch (operation) {
			case TRANSACTION, BATCH -> checkEntries(access, request);
			case GET_PAGE -> require(access.searchesAnything(), "search");
			case SEARCH_SYSTEM, HISTORY_SYSTEM -> checkSystemSearch(access, request);
			case EXTENDED_OPERATION_SERVER, EXTENDED_OPERATION_TYPE, EXTENDED_OPERATION_INSTANCE ->
					checkOperation(access, request.getOperation(), request.getResourceName(),
							request.getId() == null ? null : request.getId().getIdPart(),
							validationMode(request.getParameters(), request.getResource()));
			default -> {
				checkInteraction(access, operation, request.getResourceName(),
						request.getId() == null ? null : request.getId().getIdPart(), request.getParameters(),
						request.getResource());
				if (operation == RestOperationTypeEnum.CREATE || operation == RestOperationTypeEnum.UPDATE) {
					checkConditionalReferences(access, request.getResource());
				}
				if (operation == RestOperationTypeEnum.CREATE) {
					checkConditionalCreate(access, request.getResourceName(), request.getResource(),
							request.getHeader(Constants.HEADER_IF_NONE_EXIST));
				}
			}
		}
	}

	/** Whether the Binary is a bulk export file of the token's client, which it reads without a Binary scope. */
	private boolean ownsExportFile(SmartAccess access, String id) {
		try {
			IBaseResource binary = daoRegistry.getResourceDao("Binary").read(new IdType("Binary", id), new SystemRequestDetails());
			return ExportOwner.of(binary).isPresent() && visibility.canSee(access, binary);
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			return false;
		}
	}

	/**
	 * A conditional create ({@code If-None-Exist}) is judged before HAPI looks for a match, because HAPI answers a match
	 * (200, the matched id in {@code Location}) before any write hook runs:
	 * <ul>
	 *   <li>data the token may not write is refused first, with the answer its storage would get ({@link #checkCreate});
	 *   <li>the match must be one the token could see: for a patient-context token the criteria are narrowed to its
	 *       patient ({@link SmartSearchNarrowing}), so another patient's resource is never one; a token whose scopes on
	 *       the type carry a filter ({@code ?category=}) could match a resource outside it, which nothing narrows, so
	 *       conditional create is refused (403) for it, whatever the data.
	 * </ul>
	 */
	private void checkConditionalCreate(SmartAccess access, String type, IBaseResource resource, String ifNoneExist) {
		if (ifNoneExist == null || ifNoneExist.isBlank()) {
			return;
		}
		if (resource != null && !visibility.canWrite(access, resource, Permission.CREATE, Permission.UPDATE)) {
			throw createRefused(resource);
		}
		if (resource != null && !visibility.mayWriteLinks(access, null, resource, Permission.CREATE, Permission.UPDATE)) {
			throw linksRefused();
		}
		if (type != null) {
			checkCriteria(access, type, EntryTarget.parameters(ifNoneExist.contains("?") ? ifNoneExist : "?" + ifNoneExist));
		}
		if (type != null && !access.seesEveryMatch(type)) {
			throw forbidden("Conditional create of " + type + " needs a scope that reads every " + type
					+ " its criteria could match (no filter); create without If-None-Exist instead");
		}
	}

	/**
	 * A conditional reference in a body ({@code "reference": "Patient?family=X&birthdate=Y"}) is resolved by HAPI where
	 * it stores the resource, with a search nothing narrows and no consent filter sees: the answer (201 naming the
	 * match's id, 404 for none, 412 for several) told a patient token what any patient's data holds. Such a reference
	 * is refused (403) before anything runs unless the token searches every resource of the referenced type: a
	 * {@code user/} or {@code system/} scope with {@code s} and no filter; its criteria's chains and reverse chains
	 * then need what a search's need ({@link #checkCriteria}). A patient-context token may never use one (narrowing
	 * does not reach this search). The refusal depends on the token and the body alone, never on the data.
	 */
	private void checkConditionalReferences(SmartAccess access, IBaseResource resource) {
		if (resource == null) {
			return;
		}
		for (IBaseReference reference : fhirContext.newTerser().getAllPopulatedChildElementsOfType(resource,
				IBaseReference.class)) {
			String value = reference.getReferenceElement().getValue();
			if (value == null || !value.contains("?")) {
				continue;
			}
			String path = value.substring(0, value.indexOf('?'));
			String type = path.substring(path.lastIndexOf('/') + 1);
			if (access.patientOnly() || !resourceTypes.contains(type) || !access.searchesEveryResource(type)) {
				throw forbidden("A conditional reference (Type?criteria) is resolved by a search of every " + (resourceTypes
						.contains(type) ? type : "resource") + ", which needs a user/ or system/ scope with "
						+ (resourceTypes.contains(type) ? type : "the type") + ".s and no filter: refer to the resource by"
						+ " its id");
			}
			checkCriteria(access, type, EntryTarget.parameters(value));
		}
	}

	private void checkInteraction(SmartAccess access, RestOperationTypeEnum operation, String type, String id,
			Map<String, String[]> parameters, IBaseResource resource) {
		if (operation == RestOperationTypeEnum.META) {
			checkMeta(access, type, id);
			return;
		}
		if (operation == RestOperationTypeEnum.VALIDATE) {
			checkValidate(access, type, id, validationMode(parameters, resource));
			return;
		}
		if (operation == RestOperationTypeEnum.META_ADD || operation == RestOperationTypeEnum.META_DELETE) {
			checkMetaChange(access, operation.getCode(), type, id);
			return;
		}
		Permission permission = switch (operation) {
			case READ, VREAD, HISTORY_INSTANCE -> Permission.READ;
			case SEARCH_TYPE, HISTORY_TYPE -> Permission.SEARCH;
			case CREATE -> Permission.CREATE;
			case UPDATE, PATCH -> Permission.UPDATE;
			case DELETE -> Permission.DELETE;
			default -> throw forbidden("The interaction " + operation.getCode() + " is not available to SMART tokens");
		};
		if (type == null) {
			throw forbidden("The interaction " + operation.getCode() + " is not available to SMART tokens");
		}
		if (!(permission == Permission.READ && "Binary".equals(type) && id != null && ownsExportFile(access, id))) {
			require(access.permits(type, permission), scopeName(type, permission));
		}
		if (parameters != null) {
			checkCriteria(access, type, parameters); // a search's, or a conditional update's, patch's or delete's
		}
		if (id != null && permission == Permission.READ) {
			requireVisible(access, type, id);
		} else if (id != null && (operation == RestOperationTypeEnum.DELETE || operation == RestOperationTypeEnum.PATCH)) {
			requireWritable(access, type, id, permission);
		}
	}

	/**
	 * A search whose criteria look into another type ({@code _has}, chains, {@link CriteriaTypes}) needs search without
	 * a filter on that type too; a patient-context token gets no {@code _has} on a type outside the Patient compartment,
	 * whose search HAPI does not narrow to the patient.
	 */
	private void checkCriteria(SmartAccess access, String type, Map<String, String[]> parameters) {
		if (access.patientOnly() && parameters.keySet().stream().anyMatch(p -> p.contains("_has:"))) {
			// narrowing limits the searched type to the patient, not the resources a reverse chain tests: those that
			// name the patient in any role (an Observation about another patient with the patient as performer)
			throw forbidden("_has is not available to a patient-context token: search the other type itself");
		}
		CriteriaTypes.Looked looked = criteriaTypes.of(type, parameters);
		for (String other : looked.all()) {
			if (SmartScope.ANY_TYPE.equals(other)) {
				throw forbidden("The request's criteria follow a reference that may point at any type (a chain through a"
						+ " parameter without a declared target type), which is not available to SMART tokens");
			}
			if (!(access.permits(other, Permission.SEARCH) && access.seesEveryMatch(other))) {
				throw forbidden("The request's criteria look into " + other + ": the token needs " + other
						+ ".s without a filter");
			}
			if (access.patientOnly() && looked.chained().contains(other)
					&& PatientScopeReach.kind(other) != PatientScopeReach.Kind.SHARED) {
				// narrowing limits the searched type to the patient, not the resource a chain reads: a chain into a
				// Patient (link, performer) would test another patient's data
				throw forbidden("A patient-context token's criteria may chain only into shared data (Practitioner,"
						+ " Organization, Medication...), not into " + other);
			}
		}
	}

	private void checkSystemSearch(SmartAccess access, RequestDetails request) {
		require(access.effective().stream().anyMatch(s -> s.resourceType().equals(SmartScope.ANY_TYPE)
				&& s.allows(Permission.SEARCH)), "*.s");
		if (access.patientOnly()) {
			throw forbidden("Searches across all types are not available to a patient-context token; search by type");
		}
	}

	/**
	 * The {@code mode} of a {@code $validate}: on the URL, or in a Parameters body; null without one. When they differ,
	 * {@code delete} wins if either says it: HAPI takes a POST's mode from the body, and the URL's {@code mode=update}
	 * beside a body's {@code delete} passed the update check and answered as a delete.
	 */
	private static String validationMode(Map<String, String[]> parameters, IBaseResource body) {
		List<String> modes = new java.util.ArrayList<>();
		String[] values = parameters == null ? null : parameters.get("mode");
		if (values != null) {
			modes.addAll(java.util.Arrays.asList(values));
		}
		if (body instanceof org.hl7.fhir.r4.model.Parameters operationParameters) {
			operationParameters.getParameter().stream()
					.filter(parameter -> "mode".equals(parameter.getName()) && parameter.getValue() != null)
					.forEach(parameter -> modes.add(parameter.getValue().primitiveValue()));
		}
		return modes.contains("delete") ? "delete" : modes.isEmpty() ? null : modes.get(0);
	}

	private void checkOperation(SmartAccess access, String name, String type, String id, String mode) {
		String operation = name == null ? "" : name.startsWith("$") ? name : "$" + name;
		switch (operation) {
			case "$export", "$export-poll-status" -> {
				if (!access.effective().stream().anyMatch(s -> s.context() == Context.SYSTEM
						&& (s.allows(Permission.READ) || s.allows(Permission.SEARCH)))) {
					throw forbidden("Bulk export needs a system/ scope");
				}
			}
			case "$everything" -> {
				require(access.permits("Patient", Permission.READ), "Patient.r");
				if (id != null) {
					requireVisible(access, "Patient", id);
				} else if (access.patientOnly()) {
					throw forbidden("Patient/$everything needs the patient id of the token's context");
				}
			}
			case "$evaluate" -> {
				if (type == null) {
					return; // the data travels in the request; nothing is read from the store
				}
				require(access.permits(type, Permission.READ), type + ".r");
				requireEveryGatheredType(access);
				if (id != null) {
					requireVisible(access, type, id);
				}
			}
			case "$validate" -> checkValidate(access, type, id, mode);
			case "$expand", "$lookup", "$validate-code", "$translate" -> {
				// terminology: no patient data
			}
			case "$meta" -> checkMeta(access, type, id);
			case "$meta-add", "$meta-delete" -> checkMetaChange(access, operation, type, id);
			default -> {
				if (!access.permits(Context.SYSTEM, SmartScope.ANY_TYPE, Permission.UPDATE)) {
					throw forbidden("The operation " + operation + " needs system/*.cruds");
				}
			}
		}
	}

	/**
	 * {@code $validate} of a body needs {@code c} or {@code u} on the type. On a stored resource it tells what its write
	 * would do, so it needs what that write needs: with {@code mode=delete}, {@code d} and the resource deletable by the
	 * token, exactly as a DELETE (HAPI answered "Ok to delete" or a 409 naming the first referring resource for another
	 * patient's resource, and 404 only for a missing one); in any other mode, {@code u} and the resource writable, as a
	 * PATCH. Otherwise the same 404 as for a resource that does not exist. A 409 names no referring resource to a
	 * restricted token ({@link #sameTextForUnknown}).
	 */
	private void checkValidate(SmartAccess access, String type, String id, String mode) {
		if (type == null) {
			throw forbidden("$validate needs a resource type");
		}
		if (id == null) {
			require(access.permits(type, Permission.CREATE) || access.permits(type, Permission.UPDATE), type + ".c or .u");
		} else if ("delete".equalsIgnoreCase(mode)) {
			require(access.permits(type, Permission.DELETE), type + ".d");
			requireWritable(access, type, id, Permission.DELETE);
		} else {
			require(access.permits(type, Permission.UPDATE), type + ".u");
			requireWritable(access, type, id, Permission.UPDATE);
		}
	}

	/**
	 * {@code $meta} of one resource is a read of it (404 when the token may not see it, as for a read: its version,
	 * date, tags and security labels are the resource's, and an answer told that it exists). Of a type or of the whole
	 * server it answers the union of the tags and labels of every resource searched, which no consent filter sees: it
	 * needs {@code s} without a filter from a {@code user/} or {@code system/} scope on the type (on {@code *} for the
	 * server's), else 403.
	 */
	private void checkMeta(SmartAccess access, String type, String id) {
		if (type == null) {
			require(access.searchesEveryResource(SmartScope.ANY_TYPE), "user/*.s or system/*.s without a filter");
			return;
		}
		require(access.permits(type, Permission.READ), type + ".r");
		if (id != null) {
			requireVisible(access, type, id);
		} else {
			require(access.searchesEveryResource(type), "user/" + type + ".s or system/" + type + ".s without a filter");
		}
	}

	/**
	 * {@code $meta-add} and {@code $meta-delete} change a resource's tags, profiles and security labels, which HAPI
	 * keeps across an update (so a client's PUT never drops a clinic's label) and changes here without the write checks
	 * of an update ({@link #checkUpdate} does not run). They need {@code u} on the type from a {@code user/} or
	 * {@code system/} scope that writes the resource (404 otherwise, as for a PATCH); no {@code patient/} scope changes
	 * them (403): a patient token removed a clinic's security label from its own Condition, and added tags to a
	 * resource also in another patient's compartment.
	 */
	private void checkMetaChange(SmartAccess access, String operation, String type, String id) {
		require(type != null && id != null && (access.permits(Context.USER, type, Permission.UPDATE)
				|| access.permits(Context.SYSTEM, type, Permission.UPDATE)), "user/" + type + ".u or system/" + type
				+ ".u on one resource (" + operation + ")");
		IBaseResource resource;
		try {
			resource = daoRegistry.getResourceDao(type).read(new IdType(type, id), new SystemRequestDetails());
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			throw notKnown(type, id);
		}
		if (!visibility.canWriteBeyondPatient(access, resource, Permission.UPDATE)) {
			throw notKnown(type, id);
		}
	}

	/**
	 * Each entry of a transaction or batch is judged as the request it stands for. A read of a resource the token may
	 * not see refuses the whole Bundle (404, the same as for a resource that does not exist), in a batch too: HAPI
	 * reads a batch's GET entries without passing them through the consent service, so this is their only check.
	 */
	private void checkEntries(SmartAccess access, RequestDetails request) {
		if (!(request.getResource() instanceof Bundle bundle)) {
			return;
		}
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			Bundle.HTTPVerb verb = entry.getRequest().getMethod();
			String url = entry.getRequest().getUrl();
			EntryTarget target = EntryTarget.parse(url, entry.getResource() == null ? null : entry.getResource().fhirType());
			if (target.operation() != null) {
				checkOperation(access, target.operation(), target.type(), target.id(),
						validationMode(EntryTarget.parameters(url), entry.getResource()));
				continue;
			}
			if (target.type() == null) {
				throw forbidden("Bundle entry without a resource type");
			}
			if (!resourceTypes.contains(target.type())) {
				// an absolute URL ("http://host/fhir/Observation/1") or a mis-cased type ("observation/1")
				throw new InvalidRequestException("A Bundle entry's request.url must start with a resource type, relative to"
						+ " the server's base (Observation/123, Observation?code=...)");
			}
			Permission permission = verb == null ? null : switch (verb) {
				case GET, HEAD -> target.id() == null ? Permission.SEARCH : Permission.READ;
				case POST -> Permission.CREATE;
				case PUT, PATCH -> Permission.UPDATE;
				case DELETE -> Permission.DELETE;
				default -> null;
			};
			if (permission == null) {
				throw forbidden("Bundle entry without a request method");
			}
			require(access.permits(target.type(), permission), scopeName(target.type(), permission));
			checkConditionalReferences(access, entry.getResource());
			checkCriteria(access, target.type(), EntryTarget.parameters(url)); // a search's, or a conditional write's
			if (permission == Permission.READ) {
				requireVisible(access, target.type(), target.id());
			} else if (target.id() != null && (verb == Bundle.HTTPVerb.DELETE || verb == Bundle.HTTPVerb.PATCH)) {
				requireWritable(access, target.type(), target.id(), permission);
			}
			if (permission == Permission.CREATE) {
				checkConditionalCreate(access, target.type(), entry.getResource(), entry.getRequest().getIfNoneExist());
			}
		}
	}

	/**
	 * A restricted token asking for one resource it may not see gets the same 404 as for a missing resource; so does
	 * any token asking for another client's bulk export file (a Binary).
	 */
	private void requireVisible(SmartAccess access, String type, String id) {
		if (!access.restricted() && !"Binary".equals(type)) {
			return;
		}
		if ("Patient".equals(type) && access.patientOnly() && !id.equals(access.patientId())) {
			throw notKnown(type, id);
		}
		IBaseResource resource;
		try {
			resource = daoRegistry.getResourceDao(type).read(new IdType(type, id), new SystemRequestDetails());
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			throw notKnown(type, id);
		}
		if (!visibility.canSee(access, resource)) {
			throw notKnown(type, id);
		}
	}

	/**
	 * A delete or patch by a restricted token of a resource it may not write answers as for one that does not exist
	 * (404, the same text), not 403, which told that it exists; so does one of a resource that does not exist.
	 */
	private void requireWritable(SmartAccess access, String type, String id, Permission permission) {
		if (!access.restricted()) {
			return;
		}
		IBaseResource resource;
		try {
			resource = daoRegistry.getResourceDao(type).read(new IdType(type, id), new SystemRequestDetails());
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			throw notKnown(type, id);
		}
		if (!visibility.canWrite(access, resource, permission)) {
			throw notKnown(type, id);
		}
	}

	// Writes: each stored version is checked where HAPI stores it, also for transaction entries and conditional writes.

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void checkCreate(IBaseResource resource, RequestDetails request) {
		SmartAccess access = requests.access(request);
		if (access != null && !visibility.canWrite(access, resource, Permission.CREATE, Permission.UPDATE)) {
			throw createRefused(resource);
		}
		if (access != null && !visibility.mayWriteLinks(access, null, resource, Permission.CREATE, Permission.UPDATE)) {
			throw linksRefused();
		}
		if (access != null) {
			checkConditionalReferences(access, resource); // a create the request's body did not show (a transaction's)
		}
	}

	private static ForbiddenOperationException linksRefused() {
		return forbidden("A patient/ scope may not add, change or remove Patient.link: a link joins the records of"
				+ " two patients (a user/ or system/ scope may)");
	}

	private static ForbiddenOperationException createRefused(IBaseResource resource) {
		return forbidden("No scope allows creating this " + resource.fhirType() + " (type, filter or patient context)");
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void checkUpdate(IBaseResource oldResource, IBaseResource newResource, RequestDetails request) {
		SmartAccess access = requests.access(request);
		if (access != null && !(visibility.canWrite(access, oldResource, Permission.UPDATE)
				&& visibility.canWrite(access, newResource, Permission.UPDATE))) {
			throw forbidden("No scope allows updating this " + newResource.fhirType() + " (type, filter or patient context)");
		}
		if (access != null && !visibility.mayWriteLinks(access, oldResource, newResource, Permission.UPDATE)) {
			throw linksRefused();
		}
		if (access != null) {
			checkConditionalReferences(access, newResource); // a PATCH's result: its body shows no resource
		}
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
	public void checkDelete(IBaseResource resource, RequestDetails request) {
		SmartAccess access = requests.access(request);
		if (access != null && !visibility.canWrite(access, resource, Permission.DELETE)) {
			throw forbidden("No scope allows deleting this " + resource.fhirType() + " (type, filter or patient context)");
		}
	}

	/**
	 * One text for every 404, and restricted tokens never see a 410 that would confirm a deleted resource, nor a 409
	 * on a delete that names the resource referring to it. Runs before the platform's error interceptor (order 0),
	 * which answers every 4xx itself and so would end the chain before this hook: HAPI stops at the first hook that
	 * returns an exception.
	 */
	@Hook(value = Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION, order = -50)
	public BaseServerResponseException sameTextForUnknown(RequestDetails request, Throwable exception) {
		if (exception instanceof ResourceVersionConflictException
				&& (request.getRestOperationType() == RestOperationTypeEnum.DELETE
						|| request.getRestOperationType() == RestOperationTypeEnum.VALIDATE
						|| "$validate".equals(request.getOperation()))) {
			// HAPI's referential-integrity refusal names the first resource that refers to this one, which a
			// restricted token may not see (another patient's Observation naming this patient as performer)
			SmartAccess access = requests.access(request);
			if (access != null && access.restricted()) {
				String message = "The resource cannot be deleted: other resources refer to it";
				ResourceVersionConflictException conflict = new ResourceVersionConflictException(message);
				conflict.setOperationOutcome(OperationOutcomes.error(OperationOutcome.IssueType.CONFLICT, message, null));
				return conflict;
			}
			return null;
		}
		boolean notFound = exception instanceof ResourceNotFoundException;
		boolean gone = exception instanceof ResourceGoneException;
		if (!notFound && !gone) {
			return null;
		}
		SmartAccess access = requests.access(request);
		if (gone && (access == null || !access.restricted())) {
			return null;
		}
		if (request.getId() != null && request.getResourceName() != null) {
			return notKnown(request.getResourceName(), request.getId().getIdPart());
		}
		return notKnown("Resource is not known");
	}

	private SmartAccess access(RequestDetails request) {
		SmartAccess access = requests.access(request);
		if (access == null) {
			throw new AuthenticationException("A bearer access token is required");
		}
		return access;
	}

	static ResourceNotFoundException notKnown(String type, String id) {
		return OperationOutcomes.notKnown(type, id);
	}

	private static ResourceNotFoundException notKnown(String message) {
		return OperationOutcomes.notKnown(message);
	}

	/** $evaluate on stored data: see {@link EvaluationReads}. */
	private static void requireEveryGatheredType(SmartAccess access) {
		List<String> missing = EvaluationReads.missingScopes(access);
		if (!missing.isEmpty()) {
			throw forbidden("$evaluate reads all of the patient's data its rules need, and guidance computed without"
					+ " some of it could miss a contraindication: the token needs read and search without a filter on "
					+ String.join(", ", missing));
		}
	}

	private static void require(boolean allowed, String needed) {
		if (!allowed) {
			throw forbidden("The token's scopes do not allow this request (needs " + needed + ")");
		}
	}

	static ForbiddenOperationException forbidden(String message) {
		ForbiddenOperationException e = new ForbiddenOperationException(message,
				OperationOutcomes.error(OperationOutcome.IssueType.FORBIDDEN, message, null));
		e.addResponseHeader("WWW-Authenticate", INSUFFICIENT_SCOPE);
		return e;
	}

	private static String scopeName(String type, Permission permission) {
		return type + "." + switch (permission) {
			case CREATE -> "c";
			case READ -> "r";
			case UPDATE -> "u";
			case DELETE -> "d";
			case SEARCH -> "s";
		};
	}

	/** What a transaction entry's URL points at: {@code Type}, {@code Type/id}, {@code Type/id/$op}, {@code $op}... */
	record EntryTarget(String type, String id, String operation) {
		static EntryTarget parse(String url, String resourceType) {
			if (url == null || url.isBlank()) {
				return new EntryTarget(resourceType, null, null);
			}
			String path = url.split("\\?", 2)[0];
			List<String> parts = List.of(path.split("/")).stream().filter(p -> !p.isEmpty()).toList();
			String type = null;
			String id = null;
			String operation = null;
			for (String part : parts) {
				if (part.startsWith("$")) {
					operation = part;
				} else if (type == null) {
					type = part;
				} else if (id == null && !part.startsWith("_")) {
					id = part;
				} else {
					break;
				}
			}
			return new EntryTarget(type == null ? resourceType : type, id, operation);
		}

		/** The search parameters in a URL's query (names and values decoded); empty without a query. */
		static Map<String, String[]> parameters(String url) {
			Map<String, String[]> parameters = new java.util.LinkedHashMap<>();
			if (url == null || !url.contains("?")) {
				return parameters;
			}
			for (String pair : url.substring(url.indexOf('?') + 1).split("&")) {
				if (pair.isEmpty()) {
					continue;
				}
				String[] nameValue = pair.split("=", 2);
				String name = decode(nameValue[0]);
				String value = nameValue.length < 2 ? "" : decode(nameValue[1]);
				String[] previous = parameters.getOrDefault(name, new String[0]);
				String[] values = java.util.Arrays.copyOf(previous, previous.length + 1);
				values[previous.length] = value;
				parameters.put(name, values);
			}
			return parameters;
		}

		private static String decode(String part) {
			try {
				return java.net.URLDecoder.decode(part, java.nio.charset.StandardCharsets.UTF_8);
			} catch (IllegalArgumentException e) {
				throw new InvalidRequestException("A Bundle entry's URL or criteria are not validly percent-encoded");
			}
		}
	}
}
