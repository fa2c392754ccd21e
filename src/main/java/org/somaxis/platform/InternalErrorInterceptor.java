package org.somaxis.platform;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.UUID;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.somaxis.fhir.OperationOutcomes;

/**
 * Keeps internals out of responses: an unexpected exception (one HAPI did not already map to a 4xx) is
 * logged here with a reference, and the client gets a 500 OperationOutcome quoting only that reference.
 *
 * <p>The typed data problems HAPI leaves unmapped although the client caused them ({@link ClientDataErrors}: a
 * search value such as {@code birthdate=2023-13-45}, {@code _since=notadate} or {@code value-quantity=gt-}
 * that is not a valid FHIR date, number or quantity) get 400 with the parser's message, which names the value.
 */
@Interceptor
public final class InternalErrorInterceptor {
	private static final Logger log = LoggerFactory.getLogger(InternalErrorInterceptor.class);

	@Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
	public BaseServerResponseException sanitise(Throwable exception) {
		if (exception instanceof BaseServerResponseException known && known.getStatusCode() < 500) {
			return known;
		}
		RuntimeException badValue = ClientDataErrors.clientDataProblem(exception);
		if (badValue != null) {
			String message = badValue instanceof NumberFormatException
					? "A search value is not a valid number: " + badValue.getMessage()
					: badValue.getMessage();
			InvalidRequestException refused = new InvalidRequestException(message);
			refused.setOperationOutcome(OperationOutcomes.error(IssueType.INVALID, message, null));
			return refused;
		}
		String reference = UUID.randomUUID().toString();
		log.error("Internal error, reference {}", reference, exception);
		return new InternalErrorException("Internal server error; quote reference " + reference + " to support");
	}
}
