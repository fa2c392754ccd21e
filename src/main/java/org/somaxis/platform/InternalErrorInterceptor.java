package org.somaxis.platform;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
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
 * <p>One typed data problem HAPI leaves unmapped is the client's fault, not the server's: a
 * {@link DataFormatException} (a search value such as {@code birthdate=2023-13-45} or {@code _since=notadate}
 * that is not a valid FHIR date, number or quantity). It gets 400 with HAPI's message, which names the value.
 */
@Interceptor
public final class InternalErrorInterceptor {
	private static final Logger log = LoggerFactory.getLogger(InternalErrorInterceptor.class);

	@Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
	public BaseServerResponseException sanitise(Throwable exception) {
		if (exception instanceof BaseServerResponseException known && known.getStatusCode() < 500) {
			return known;
		}
		DataFormatException badValue = dataFormatProblem(exception);
		if (badValue != null) {
			InvalidRequestException refused = new InvalidRequestException(badValue.getMessage());
			refused.setOperationOutcome(OperationOutcomes.error(IssueType.INVALID, badValue.getMessage(), null));
			return refused;
		}
		String reference = UUID.randomUUID().toString();
		log.error("Internal error, reference {}", reference, exception);
		return new InternalErrorException("Internal server error; quote reference " + reference + " to support");
	}

	/** The DataFormatException the exception is or wraps (HAPI wraps it when a provider method throws it). */
	private static DataFormatException dataFormatProblem(Throwable exception) {
		Throwable current = exception;
		for (int depth = 0; current != null && depth < 5; depth++, current = current.getCause()) {
			if (current instanceof DataFormatException dataFormat) {
				return dataFormat;
			}
		}
		return null;
	}
}
