package org.somaxis.operation;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.somaxis.fhir.OperationOutcomes;

/** The 4xx answers of the $evaluate operations, each with an OperationOutcome naming the offending parameter. */
final class OperationErrors {
	private OperationErrors() {}

	/** 400: the request itself is wrong (unknown hook, bad Bundle, malformed draft order). */
	static InvalidRequestException badRequest(IssueType type, String diagnostics, String location) {
		return new InvalidRequestException(diagnostics, OperationOutcomes.error(type, diagnostics, location));
	}

	/** 422: the request is well formed but names something the operation cannot interpret. */
	static UnprocessableEntityException unprocessable(IssueType type, String diagnostics, String location) {
		return new UnprocessableEntityException(
				diagnostics, OperationOutcomes.error(type, diagnostics, location));
	}
}
