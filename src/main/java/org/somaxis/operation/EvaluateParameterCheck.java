package org.somaxis.operation;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * Rejects a malformed {@code evaluationDate} in the query string of {@code $evaluate} with a 400. HAPI would bind it
 * into a DateType and fail with a DataFormatException, which surfaces as a 500.
 */
@Interceptor
public final class EvaluateParameterCheck {

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
	public boolean checkQueryParameters(RequestDetails request) {
		if (!"$evaluate".equals(request.getOperation()) || request.getParameters() == null) {
			return true;
		}
		String[] dates = request.getParameters().get("evaluationDate");
		if (dates != null) {
			for (String date : dates) {
				Evaluation.requireDay(parse(date));
			}
		}
		return true;
	}

	private static DateType parse(String text) {
		if (text.contains("T")) {
			// HAPI's DateType refuses a time with an IllegalArgumentException, not a DataFormatException
			throw OperationErrors.badRequest(IssueType.INVALID,
					"evaluationDate '" + text + "' is not a date (YYYY-MM-DD): it has a time", "evaluationDate");
		}
		try {
			return new DateType(text);
		} catch (DataFormatException e) {
			throw OperationErrors.badRequest(IssueType.INVALID,
					"evaluationDate '" + text + "' is not a date (YYYY-MM-DD)", "evaluationDate");
		}
	}
}
