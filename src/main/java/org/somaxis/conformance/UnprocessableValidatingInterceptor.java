package org.somaxis.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.interceptor.validation.IRepositoryValidatingRule;
import ca.uhn.fhir.jpa.interceptor.validation.RepositoryValidatingInterceptor;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.somaxis.fhir.OperationOutcomes;

/**
 * HAPI's repository validation, but a resource that fails it is refused with <b>422 Unprocessable Entity</b>
 * and the validator's full OperationOutcome (every issue with its element path), instead of HAPI's 412
 * Precondition Failed with a one-line summary. Thrown inside the storage transaction, so a transaction Bundle
 * with one bad entry stores nothing.
 */
public final class UnprocessableValidatingInterceptor extends RepositoryValidatingInterceptor {
	private final FhirContext fhirContext;

	public UnprocessableValidatingInterceptor(FhirContext fhirContext, List<IRepositoryValidatingRule> rules) {
		super(fhirContext, rules);
		this.fhirContext = fhirContext;
	}

	@Override
	protected void handleFailure(IRepositoryValidatingRule.RuleEvaluation evaluation) {
		if (evaluation.getOperationOutcome() instanceof OperationOutcome outcome && outcome.hasIssue()) {
			throw new UnprocessableEntityException(fhirContext, outcome);
		}
		throw new UnprocessableEntityException(fhirContext, OperationOutcomes.error(
				OperationOutcome.IssueType.PROCESSING, evaluation.getFailureDescription(), null));
	}
}
