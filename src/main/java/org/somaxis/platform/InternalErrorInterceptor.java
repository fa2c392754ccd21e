package org.somaxis.platform;

import ca.uhn.fhir.i18n.Msg;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.term.ex.ExpansionTooCostlyException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.UUID;
import org.hibernate.exception.JDBCConnectionException;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.somaxis.fhir.OperationOutcomes;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Keeps internals out of responses: an unexpected exception (one HAPI did not already map to a 4xx) is
 * logged here with a reference, and the client gets a 500 OperationOutcome quoting only that reference.
 *
 * <p>The typed data problems HAPI leaves unmapped although the client caused them ({@link ClientDataErrors}: a
 * search value such as {@code birthdate=2023-13-45}, {@code _since=notadate} or {@code value-quantity=gt-}
 * that is not a valid FHIR date, number or quantity) get 400 with the parser's message, which names the value.
 *
 * <p>One exception to the 500: when no database connection can be had (the pool is exhausted for longer than
 * Hikari's {@code connection-timeout}, or the database is unreachable), the answer is <b>503</b> with a
 * {@code transient} OperationOutcome and {@code Retry-After}, so clients retry instead of treating it as a bug
 * (docs/adr/0005-pool-exhaustion.md).
 */
@Interceptor
public final class InternalErrorInterceptor {
	private static final Logger log = LoggerFactory.getLogger(InternalErrorInterceptor.class);
	static final String RETRY_AFTER_SECONDS = "5";

	@Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
	public BaseServerResponseException sanitise(Throwable exception) {
		if (exception instanceof BaseServerResponseException known && known.getStatusCode() < 500) {
			if (known.getOperationOutcome() == null) {
				// HAPI would say "processing" whatever the status; the issue type says what kind of refusal it is
				known.setOperationOutcome(OperationOutcomes.error(
						OperationOutcomes.issueType(known.getStatusCode()), known.getMessage(), null));
			}
			return known;
		}
		if (exception instanceof ExpansionTooCostlyException tooLarge) {
			// HAPI reports an expansion over the maximum size as an internal error; the request asked for too much
			InvalidRequestException refused = new InvalidRequestException(tooLarge.getMessage());
			refused.setOperationOutcome(OperationOutcomes.error(IssueType.TOOCOSTLY, tooLarge.getMessage(), null));
			return refused;
		}
		if (isExpansionOverAnUnheldCodeSystem(exception)) {
			// a ValueSet over a code system the server does not hold (the review sets' ICD-10-CM filters): HAPI reports
			// it as an internal error, but it is a limit of this server, the same answer every time
			String message = "This server cannot expand the ValueSet: " + exception.getMessage();
			InvalidRequestException refused = new InvalidRequestException(message);
			refused.setOperationOutcome(OperationOutcomes.error(IssueType.NOTSUPPORTED, message, null));
			return refused;
		}
		String reference = UUID.randomUUID().toString();
		ClientDataErrors.Problem badValue = isDatabaseUnavailable(exception) ? null : ClientDataErrors.clientDataProblem(exception);
		if (badValue != null) {
			return badValue.refusal();
		}
		if (isDatabaseUnavailable(exception)) {
			log.warn("Database unavailable, answered 503, reference {}: {}", reference, rootMessageType(exception));
			UnclassifiedServerFailureException unavailable = new UnclassifiedServerFailureException(
					503,
					"The database is unavailable or busy; retry later (reference " + reference + ")",
					OperationOutcomes.error(
							IssueType.TRANSIENT,
							"The database is unavailable or busy; retry later (reference " + reference + ")",
							null));
			unavailable.addResponseHeader("Retry-After", RETRY_AFTER_SECONDS);
			return unavailable;
		}
		log.error("Internal error, reference {}", reference, exception);
		return new InternalErrorException("Internal server error; quote reference " + reference + " to support");
	}

	/**
	 * HAPI's in-memory expansion wraps its typed {@code ExpansionCouldNotBeCompletedInternallyException} into an
	 * {@link InternalErrorException} with error code HAPI-0888 and no cause (HAPI 8.8, {@code ValueSetExpander}), so
	 * the error code, a stable identifier of HAPI's, is all that marks it.
	 */
	static boolean isExpansionOverAnUnheldCodeSystem(Throwable exception) {
		return exception instanceof InternalErrorException internal && internal.getMessage() != null
				&& internal.getMessage().startsWith(Msg.code(888) + InMemoryTerminologyServerValidationSupport
						.ExpansionCouldNotBeCompletedInternallyException.class.getName());
	}

	/**
	 * No connection could be had or the one in use broke: Hikari's timeout, a failed transaction start, or an SQL
	 * connection-exception state (SQLSTATE class 08) anywhere in the cause chain.
	 */
	static boolean isDatabaseUnavailable(Throwable exception) {
		for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (t instanceof SQLTransientConnectionException
					|| t instanceof CannotCreateTransactionException
					|| t instanceof JDBCConnectionException) {
				return true;
			}
			if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
				return true;
			}
		}
		return false;
	}

	private static String rootMessageType(Throwable exception) {
		Throwable root = exception;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getClass().getSimpleName();
	}
}
