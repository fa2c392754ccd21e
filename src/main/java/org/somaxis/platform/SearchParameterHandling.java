package org.somaxis.platform;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.PreferHandlingEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import ca.uhn.fhir.rest.server.interceptor.SearchPreferHandlingInterceptor;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Search parameters the server does not know, as FHIR's search page lets a client choose: with {@code Prefer:
 * handling=lenient} they are dropped before the search runs (HAPI's {@link SearchPreferHandlingInterceptor}; the
 * Bundle's self link shows the search that ran). Without it, or with {@code handling=strict}, nothing is done here and
 * the search refuses them with 400, as it always has: a misspelt parameter ({@code patinet=}) silently dropped would
 * widen the search. HAPI's interceptor on its own would refuse them itself, before the handler is chosen and so before
 * the request's scopes are checked: a token without the scope for a type would get 400 instead of 403, and the audit
 * trail would record no denial.
 */
@Interceptor
public final class SearchParameterHandling {
	private final SearchPreferHandlingInterceptor hapi;

	public SearchParameterHandling(ISearchParamRegistry searchParamRegistry) {
		this.hapi = new SearchPreferHandlingInterceptor(searchParamRegistry);
	}

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLER_SELECTED)
	public void beforeTheSearchIsChosen(RequestDetails request, HttpServletRequest servletRequest, HttpServletResponse response) {
		String prefer = request.getHeader(Constants.HEADER_PREFER);
		if (prefer != null && RestfulServerUtils.parsePreferHeader(prefer).getHanding() == PreferHandlingEnum.LENIENT) {
			hapi.incomingRequestPostProcessed(request, servletRequest, response);
		}
	}
}
