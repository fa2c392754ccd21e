package org.somaxis.platform;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps internals out of responses: an unexpected exception (one HAPI did not already map to a 4xx) is
 * logged here with a reference, and the client gets a 500 OperationOutcome quoting only that reference.
 */
@Interceptor
public final class InternalErrorInterceptor {
	private static final Logger log = LoggerFactory.getLogger(InternalErrorInterceptor.class);

	@Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
	public BaseServerResponseException sanitise(Throwable exception) {
		if (exception instanceof BaseServerResponseException known && known.getStatusCode() < 500) {
			return known;
		}
		String reference = UUID.randomUUID().toString();
		log.error("Internal error, reference {}", reference, exception);
		return new InternalErrorException("Internal server error; quote reference " + reference + " to support");
	}
}
