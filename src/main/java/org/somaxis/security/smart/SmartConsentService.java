package org.somaxis.security.smart;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentOutcome;
import ca.uhn.fhir.rest.server.interceptor.consent.IConsentContextServices;
import ca.uhn.fhir.rest.server.interceptor.consent.IConsentService;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Withholds, from every result HAPI is about to return (reads, searches, {@code _include}/{@code _revinclude},
 * {@code $everything}, history, transaction GET entries), each resource the token may not see. HAPI's
 * {@code ConsentInterceptor} also drops {@code Bundle.total}, so counts cannot reveal withheld resources.
 *
 * <p>A type search without {@code _include}, {@code _revinclude} or {@code _contained} by a token that {@linkplain SmartAccess#seesEveryMatch
 * sees every match} of that type is not checked resource by resource: all it can return are matches of that type,
 * and none would be withheld. Checking them would cost a second load and parse of every match, because HAPI's search
 * task hands the matches to the check before it stores them, and the page loads them again.
 */
public final class SmartConsentService implements IConsentService {
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

	/** True for a type search that returns matches of the searched type only, all of which {@code access} sees. */
	static boolean returnsOnlyVisibleMatches(SmartAccess access, RequestDetails request) {
		String type = request.getResourceName();
		return request.getRestOperationType() == RestOperationTypeEnum.SEARCH_TYPE
				&& type != null
				&& request.getParameters().keySet().stream().noneMatch(SmartConsentService::addsOtherResources)
				&& access.seesEveryMatch(type);
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
		return visibility.canSee(access, resource) ? ConsentOutcome.PROCEED : ConsentOutcome.REJECT;
	}

	/** Already filtered in {@link #canSeeResource}; nothing is rewritten on the way out. */
	@Override
	public ConsentOutcome willSeeResource(RequestDetails request, IBaseResource resource, IConsentContextServices context) {
		return ConsentOutcome.AUTHORIZED;
	}
}
