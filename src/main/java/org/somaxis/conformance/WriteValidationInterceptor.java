package org.somaxis.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.interceptor.validation.IRepositoryValidatingRule;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.util.ResourceUtil;
import com.google.common.collect.ArrayListMultimap;
import com.google.common.collect.ListMultimap;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.somaxis.fhir.OperationOutcomes;

/**
 * Validation on write, on the JPA storage pointcuts (so REST creates and updates, PATCH, every transaction entry
 * and internal writes are covered): first the Somaxis profiles the resource's codes call for are added to its
 * {@code meta.profile} ({@link ProfileInference}), then HAPI's repository validating rules
 * ({@code RepositoryValidatingRuleBuilder ... requireValidationToDeclaredProfiles()}) are evaluated.
 *
 * <p>This does what HAPI's {@code RepositoryValidatingInterceptor} does with the same rules, with two changes:
 * a failure is <b>422 Unprocessable Entity</b> carrying the validator's full OperationOutcome (each issue with its
 * element path) instead of 412 with a one-line summary; and the inferred profiles are added first. HAPI's
 * validator reads the raw request body kept on a resource parsed from a single-resource request rather than the
 * resource itself, so after adding profiles that raw body is dropped; otherwise a single REST create would be
 * validated without its inferred profile (transaction entries have no raw body and were not affected). The
 * exception is thrown inside the storage transaction, so a transaction Bundle with one bad entry stores nothing.
 */
@Interceptor
public final class WriteValidationInterceptor {
	private static final String PLACEHOLDER = "http://hapifhir.io/fhir/StructureDefinition/resource-placeholder";

	private final FhirContext fhirContext;
	private final ListMultimap<String, IRepositoryValidatingRule> rulesByType = ArrayListMultimap.create();

	public WriteValidationInterceptor(FhirContext fhirContext, List<IRepositoryValidatingRule> rules) {
		this.fhirContext = fhirContext;
		rules.forEach(rule -> rulesByType.put(rule.getResourceType(), rule));
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void created(RequestDetails request, IBaseResource resource) {
		validate(request, resource);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void updated(RequestDetails request, IBaseResource oldResource, IBaseResource newResource) {
		validate(request, newResource);
	}

	void validate(RequestDetails request, IBaseResource resource) {
		List<IRepositoryValidatingRule> rules = rulesByType.get(fhirContext.getResourceType(resource));
		if (rules.isEmpty() || isPlaceholder(resource)) {
			return;
		}
		if (!ProfileInference.declareInferredProfiles(resource).isEmpty()) {
			// HAPI's validator validates the raw request body kept on the resource when there is one, which
			// does not have the profiles just added: drop it so the resource itself is validated
			ResourceUtil.clearRawStringFromResource(resource);
		}
		RequestDetails details = request != null ? request : new SystemRequestDetails();
		for (IRepositoryValidatingRule rule : rules) {
			IRepositoryValidatingRule.RuleEvaluation evaluation = rule.evaluate(details, resource);
			if (!evaluation.isPasses()) {
				throw refusal(evaluation);
			}
		}
	}

	private UnprocessableEntityException refusal(IRepositoryValidatingRule.RuleEvaluation evaluation) {
		if (evaluation.getOperationOutcome() instanceof OperationOutcome outcome && outcome.hasIssue()) {
			return new UnprocessableEntityException(fhirContext, outcome);
		}
		return new UnprocessableEntityException(fhirContext, OperationOutcomes.error(
				OperationOutcome.IssueType.PROCESSING, evaluation.getFailureDescription(), null));
	}

	private static boolean isPlaceholder(IBaseResource resource) {
		return resource instanceof org.hl7.fhir.r4.model.DomainResource domain && domain.hasExtension(PLACEHOLDER);
	}
}
