package org.somaxis.platform;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one line per FHIR request: the interaction, the resource type, the status and the time taken.
 *
 * <p>It never logs resource ids, query strings, bodies or headers: those can carry PHI or tokens.
 */
@Interceptor
public final class RequestLogInterceptor {
	private static final Logger log = LoggerFactory.getLogger("org.somaxis.fhir.requests");

	@Hook(Pointcut.SERVER_PROCESSING_COMPLETED)
	public void completed(RequestDetails request, ServletRequestDetails servletRequest) {
		if (!log.isInfoEnabled()) {
			return;
		}
		int status = servletRequest == null || servletRequest.getServletResponse() == null
				? 0
				: servletRequest.getServletResponse().getStatus();
		log.info(
				"fhir {} {} {} -> {} in {} ms",
				request.getRequestType(),
				request.getRestOperationType() == null ? "-" : request.getRestOperationType().getCode(),
				request.getResourceName() == null ? "-" : request.getResourceName(),
				status,
				request.getRequestStopwatch().getMillis());
	}
}
