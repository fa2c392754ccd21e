package org.somaxis.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;

/**
 * Bulk export requests HAPI would take and then fail on, refused with a 400 first:
 * <ul>
 *   <li>a status request ({@code $export-poll-status}, GET to poll, DELETE to cancel) names its job by exactly one
 *       {@code _jobId}, on the URL or in a POSTed Parameters body: HAPI acts on the first of several (so a check of
 *       another one could be sidestepped) and answers 500 when there is none;
 *   <li>a {@code _typeFilter} with {@code _filter} or a blank in it: HAPI started the job, which then failed, and every
 *       poll answered 500.
 * </ul>
 */
@Interceptor
public final class BulkExportRequests {
	public static final String OPERATION = "$export-poll-status";
	private static final String JOB_ID = "_jobId";

	public static boolean isPoll(RequestDetails request, RestOperationTypeEnum operation) {
		return operation == RestOperationTypeEnum.EXTENDED_OPERATION_SERVER && OPERATION.equals(request.getOperation());
	}

	/** The request's one job id; 400 when it names none or several. */
	public static String jobId(RequestDetails request) {
		List<String> ids = new ArrayList<>();
		String[] onUrl = request.getParameters().get(JOB_ID);
		if (onUrl != null) {
			ids.addAll(Arrays.asList(onUrl));
		}
		if (request.getResource() instanceof Parameters body) {
			body.getParameter().stream()
					.filter(parameter -> JOB_ID.equals(parameter.getName()))
					.forEach(parameter -> ids.add(parameter.hasValue() ? parameter.getValue().primitiveValue() : null));
		}
		if (ids.size() != 1 || ids.get(0) == null || ids.get(0).isBlank()) {
			String message = OPERATION + " needs exactly one " + JOB_ID + " (found " + ids.size() + ")";
			InvalidRequestException refused = new InvalidRequestException(message);
			refused.setOperationOutcome(OperationOutcomes.error(OperationOutcome.IssueType.REQUIRED, message, JOB_ID));
			throw refused;
		}
		return ids.get(0);
	}

	@Hook(Pointcut.STORAGE_PRE_INITIATE_BULK_EXPORT)
	public void typeFiltersTheJobCanRun(BulkExportJobParameters parameters) {
		for (String filter : parameters.getFilters()) {
			if (filter.chars().anyMatch(Character::isWhitespace) || filter.contains("_filter=")) {
				String message = "A _typeFilter must be a search URL without _filter and without blanks"
						+ " (percent-encode them): " + filter;
				InvalidRequestException refused = new InvalidRequestException(message);
				refused.setOperationOutcome(OperationOutcomes.error(OperationOutcome.IssueType.NOTSUPPORTED, message,
						"_typeFilter"));
				throw refused;
			}
		}
	}

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
	public void exactlyOneJobId(RequestDetails request, RestOperationTypeEnum operation) {
		if (isPoll(request, operation)) {
			jobId(request);
		}
	}
}
