package org.somaxis.security.smart;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentOutcome;
import ca.uhn.fhir.rest.server.interceptor.consent.IConsentContextServices;
import ca.uhn.fhir.rest.server.interceptor.consent.IConsentService;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.somaxis.security.smart.SmartScope.Permission;

/**
 * Withholds, from every result HAPI is about to return (reads, searches, {@code _include}/{@code _revinclude},
 * {@code $everything}, history, transaction GET entries), each resource the token may not see. HAPI's
 * {@code ConsentInterceptor} also drops {@code Bundle.total}, so counts cannot reveal withheld resources.
 *
 * <p>Where the check could withhold nothing it is skipped ({@link #returnsOnlyVisibleMatches}): a type search without
 * {@code _include}, {@code _revinclude} or {@code _contained} by a token that {@linkplain SmartAccess#returnsEveryMatchUnchecked
 * sees every match} of that type, and a patient's {@code $evaluate} by a token that sees all of the patient's data.
 * Checking would cost a second load and parse of every match, because HAPI hands the matches to the check before it
 * stores them (search task) or returns them (synchronous search), and then loads them again.
 */
public final class SmartConsentService implements IConsentService {
	private static final String WRITE_OUTCOME_CLASS = "ca.uhn.fhir.jpa.dao.BaseStorageDao";

	private final SmartRequests requests;
	private final SmartVisibility visibility;

	public SmartConsentService(SmartRequests requests, SmartVisibility visibility) {
		this.requests = requests;
		this.visibility = visibility;
	}

	@Override
	public ConsentOutcome startOperation(RequestDetails request, IConsentContextServices context) {
		return ConsentOutcome.PROCEED;
	}

	@Override
	public boolean shouldProcessCanSeeResource(RequestDetails request, IConsentContextServices context) {
		SmartAccess access = requests.access(request);
		return access == null || !returnsOnlyVisibleMatches(access, request);
	}

	/**
	 * True where the check could withhold nothing: a type search that returns matches of the searched type only, all
	 * of which {@code access} sees; or {@code Patient/[id]/$evaluate} by a token that reads every type unfiltered, on
	 * its own patient when it is a patient token (the store source reads only that patient's compartment: the
	 * Patient and {@code patient=}-narrowed searches).
	 */
	static boolean returnsOnlyVisibleMatches(SmartAccess access, RequestDetails request) {
		String type = request.getResourceName();
		if (type == null || "Binary".equals(type)) {
			return false; // a Binary may be another client's export file
		}
		if (request.getRestOperationType() == RestOperationTypeEnum.SEARCH_TYPE) {
			return request.getParameters().keySet().stream().noneMatch(SmartConsentService::addsOtherResources)
					&& access.returnsEveryMatchUnchecked(type);
		}
		return request.getRestOperationType() == RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE
				&& "$evaluate".equals(request.getOperation())
				&& "Patient".equals(type)
				&& request.getId() != null
				&& (!access.patientOnly() || request.getId().getIdPart().equals(access.patientId()))
				&& access.returnsEveryMatchUnchecked(SmartScope.ANY_TYPE);
	}

	private static boolean addsOtherResources(String parameter) {
		return parameter.startsWith("_include") || parameter.startsWith("_revinclude") || parameter.startsWith("_contained");
	}

	@Override
	public ConsentOutcome canSeeResource(RequestDetails request, IBaseResource resource, IConsentContextServices context) {
		SmartAccess access = requests.access(request);
		if (access == null) {
			return ConsentOutcome.REJECT;
		}
		if (visibility.canSee(access, resource)) {
			return ConsentOutcome.PROCEED;
		}
		refuseUnwritableEntryResult(access, request, resource);
		return ConsentOutcome.REJECT;
	}

	/**
	 * A transaction or batch entry's write that leaves a resource the token may not write is refused (403) here, not
	 * withheld. HAPI 8.8 stores a transaction's (and a batch entry's) creates and updates in two passes: the first
	 * ({@code BaseTransactionProcessor}, {@code performIndexing=false}) only gives the entry its outcome, through
	 * {@code BaseStorageDao#toMethodOutcome}, which hands the new version to this check
	 * ({@code STORAGE_PREACCESS_RESOURCES}) and drops it from the outcome when the check withholds it; the second
	 * pass ({@code resolveReferencesThenSaveAndIndexResources}) skips an outcome without a resource, and only that pass
	 * stores an update and calls {@code STORAGE_PRESTORAGE_RESOURCE_UPDATED}, where {@link SmartEnforcement#checkUpdate}
	 * refuses it. So a PUT or PATCH entry that moved the token's Observation to another patient (a result it may not
	 * see) was never checked nor stored, while its entry answered "200 OK" with a version that never existed and the
	 * other entries were stored. Refused here, the whole transaction is rolled back (one forbidden entry refuses it) and
	 * a batch entry answers its own 403. A result the token may write (create, update or delete) but not read, such as
	 * a create by a token with {@code c} and no {@code r}, is withheld as before.
	 */
	private void refuseUnwritableEntryResult(SmartAccess access, RequestDetails request, IBaseResource resource) {
		RestOperationTypeEnum operation = request.getRestOperationType();
		if ((operation != RestOperationTypeEnum.TRANSACTION && operation != RestOperationTypeEnum.BATCH)
				|| !isWriteOutcome()
				|| visibility.canWrite(access, resource, Permission.CREATE, Permission.UPDATE, Permission.DELETE)) {
			return;
		}
		throw SmartEnforcement.forbidden("No scope allows writing this " + resource.fhirType()
				+ " (type, filter or patient context)");
	}

	/**
	 * Whether HAPI is making a write's outcome ({@code BaseStorageDao#toMethodOutcome}), not showing a read. Bound to
	 * HAPI 8.8's method name: should an upgrade rename it, {@code CrossPatientIT#forbiddenUpdateOrPatchEntry_*} fails.
	 */
	private static boolean isWriteOutcome() {
		return StackWalker.getInstance().walk(frames -> frames.anyMatch(frame -> "toMethodOutcome".equals(
				frame.getMethodName()) && WRITE_OUTCOME_CLASS.equals(frame.getClassName())));
	}

	/**
	 * Already filtered in {@link #canSeeResource}, except a page fetched by {@code _getpages}: its matches were checked
	 * when the search ran, for the token that started it, and a next link is only an address that another token may
	 * hold. So each resource of a page is checked again for the token fetching it (the Bundle around them is not a
	 * patient's data). Nothing is rewritten on the way out.
	 */
	@Override
	public ConsentOutcome willSeeResource(RequestDetails request, IBaseResource resource, IConsentContextServices context) {
		if (request.getRestOperationType() != RestOperationTypeEnum.GET_PAGE || resource instanceof IBaseBundle) {
			return ConsentOutcome.AUTHORIZED;
		}
		return canSeeResource(request, resource, context) == ConsentOutcome.PROCEED
				? ConsentOutcome.AUTHORIZED : ConsentOutcome.REJECT;
	}
}
