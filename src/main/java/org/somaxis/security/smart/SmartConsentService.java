package org.somaxis.security.smart;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentOutcome;
import ca.uhn.fhir.rest.server.interceptor.consent.IConsentContextServices;
import ca.uhn.fhir.rest.server.interceptor.consent.IConsentService;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Withholds, from every result HAPI is about to return (reads, searches, {@code _include}/{@code _revinclude},
 * {@code $everything}, history, transaction GET entries), each resource the token may not see. HAPI's
 * {@code ConsentInterceptor} also drops {@code Bundle.total}, so counts cannot reveal withheld resources.
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
