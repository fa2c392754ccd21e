package org.somaxis.security.smart;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentInterceptor;
import ca.uhn.fhir.rest.server.util.ICachedSearchDetails;

/**
 * HAPI's {@code ConsentInterceptor} with {@link SmartConsentService}, which lets a search reuse cached results where
 * that cannot change what the token sees.
 *
 * <p>HAPI stores a search's matches after the consent service has filtered them (so counts and pages are right), and
 * therefore never reuses a stored search when a consent service filters. That makes every repeated search of smart
 * mode a new database search. But a token that sees every match of the searched type unchecked
 * ({@link SmartAccess#returnsEveryMatchUnchecked}) has nothing filtered: its stored matches are the query's full result, the same for every such token
 * (a patient token's query is narrowed to its patient, so the stored query names that patient). Those searches may
 * reuse, and be reused by, each other. A search by a token with fine-grained filters or limited reach is never
 * reused and never offered for reuse. Pages are filtered per request either way.
 */
public final class SmartConsentInterceptor extends ConsentInterceptor {
	private final SmartRequests requests;

	public SmartConsentInterceptor(SmartRequests requests, SmartVisibility visibility) {
		super(new SmartConsentService(requests, visibility));
		this.requests = requests;
	}

	@Override
	@Hook(value = Pointcut.STORAGE_PRECHECK_FOR_CACHED_SEARCH)
	public boolean interceptPreCheckForCachedSearch(RequestDetails request) {
		return seesEveryMatch(request);
	}

	@Override
	@Hook(value = Pointcut.STORAGE_PRESEARCH_REGISTERED)
	public void interceptPreSearchRegistered(RequestDetails request, ICachedSearchDetails search) {
		if (!seesEveryMatch(request)) {
			search.setCannotBeReused();
		}
	}

	private boolean seesEveryMatch(RequestDetails request) {
		SmartAccess access = requests.access(request);
		String type = request.getResourceName();
		return access != null && type != null && access.returnsEveryMatchUnchecked(type);
	}
}
