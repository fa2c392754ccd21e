package org.somaxis.security.smart;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.batch2.model.JobInstance;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.util.Batch2JobDefinitionConstants;
import java.util.List;
import org.hl7.fhir.r4.model.Parameters;
import org.somaxis.fhir.BulkExportRequests;
import org.somaxis.security.smart.SmartScope.Context;

/**
 * Bulk export in smart mode (the kickoff itself needs a {@code system/} scope, {@link SmartEnforcement}):
 * <ul>
 *   <li>only types the token reads through a {@code system/} scope without a filter are exported: a {@code _type}
 *       naming another is refused (403, naming the scopes missing); without {@code _type} the export holds the types
 *       the token may read and nothing else (AuditEvent only with its own scope, as for a search); a
 *       {@code _typeFilter} that looks into another type ({@code _has}, a chain) needs that type too;
 *   <li>the job belongs to the client that started it ({@link ExportOwner}, written into the job's parameters and so
 *       into every export file's {@code Binary.securityContext}). Identical kickoffs by two clients are two jobs,
 *       because HAPI reuses a job only for identical parameters. Only the owner may poll or cancel the job; for any
 *       other client the job is unknown (404) and its files are unknown too ({@link SmartVisibility}).
 * </ul>
 */
@Interceptor
public final class SmartBulkExport {
	private static final String TYPE = "_type";

	private final SmartRequests requests;
	private final IJobCoordinator jobs;
	private final CriteriaTypes criteriaTypes;

	public SmartBulkExport(SmartRequests requests, IJobCoordinator jobs, FhirContext fhirContext) {
		this.requests = requests;
		this.jobs = jobs;
		this.criteriaTypes = new CriteriaTypes(fhirContext);
	}

	@Hook(Pointcut.STORAGE_PRE_INITIATE_BULK_EXPORT)
	public void limitToTheTokensScopes(BulkExportJobParameters parameters, RequestDetails request) {
		SmartAccess access = requests.access(request);
		if (access == null) {
			return;
		}
		List<String> missing = parameters.getResourceTypes().stream().filter(type -> !exports(access, type)).toList();
		if (!missing.isEmpty() && namesTypes(request)) {
			throw SmartEnforcement.forbidden("Bulk export of " + String.join(", ", missing)
					+ " needs a system/ scope that reads it without a filter: "
					+ String.join(", ", missing.stream().map(type -> "system/" + type + ".rs").toList()));
		}
		List<String> allowed = parameters.getResourceTypes().stream().filter(type -> exports(access, type)).toList();
		if (allowed.isEmpty()) {
			throw SmartEnforcement.forbidden("The token's system/ scopes read no resource type without a filter");
		}
		parameters.setResourceTypes(allowed);
		for (String filter : parameters.getFilters()) {
			String type = filter.contains("?") ? filter.substring(0, filter.indexOf('?')) : filter;
			for (String looked : criteriaTypes.of(type, SmartEnforcement.EntryTarget.parameters(filter)).all()) {
				if (!exports(access, looked)) {
					throw SmartEnforcement.forbidden("The _typeFilter " + type + " looks into "
							+ ("*".equals(looked) ? "any type" : looked) + ", which needs a system/ scope that reads "
							+ ("*".equals(looked) ? "every type" : looked) + " without a filter");
				}
			}
		}
		ExportOwner owner = ExportOwner.of(access).orElseThrow(() -> SmartEnforcement.forbidden(
				"Bulk export needs a token that names its client (client_id or azp) or its subject (sub)"));
		parameters.setBinarySecurityContextIdentifierSystem(owner.system());
		parameters.setBinarySecurityContextIdentifierValue(owner.value());
	}

	/**
	 * Polling ({@code GET}) or cancelling ({@code DELETE}) a job is for the client that started it; for any other the
	 * job is unknown, with the same answer as for a job that does not exist.
	 */
	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
	public void onlyTheOwnerPolls(RequestDetails request, RestOperationTypeEnum operation) {
		if (!BulkExportRequests.isPoll(request, operation)) {
			return;
		}
		SmartAccess access = requests.access(request);
		if (access == null) {
			return; // refused earlier
		}
		String jobId = BulkExportRequests.jobId(request);
		JobInstance job;
		try {
			job = jobs.getInstance(jobId);
		} catch (ResourceNotFoundException e) {
			throw unknownJob(jobId);
		}
		if (!Batch2JobDefinitionConstants.BULK_EXPORT.equals(job.getJobDefinitionId())) {
			throw unknownJob(jobId);
		}
		BulkExportJobParameters parameters = job.getParameters(BulkExportJobParameters.class);
		ExportOwner owner = new ExportOwner(parameters.getBinarySecurityContextIdentifierSystem(),
				parameters.getBinarySecurityContextIdentifierValue());
		if (!ExportOwner.of(access).filter(owner::equals).isPresent()) {
			throw unknownJob(jobId);
		}
	}

	private static ResourceNotFoundException unknownJob(String jobId) {
		return new ResourceNotFoundException("Unknown bulk export job: " + jobId);
	}

	private static boolean exports(SmartAccess access, String type) {
		if (SmartScope.ANY_TYPE.equals(type)) {
			return access.effective().stream().anyMatch(s -> s.context() == Context.SYSTEM
					&& SmartScope.ANY_TYPE.equals(s.resourceType()) && s.filter().isEmpty()
					&& (s.allows(SmartScope.Permission.READ) || s.allows(SmartScope.Permission.SEARCH)));
		}
		return access.readScopes(type).stream().anyMatch(s -> s.context() == Context.SYSTEM && s.filter().isEmpty());
	}

	/** Whether the kickoff named its types ({@code _type} on the URL or in a POSTed Parameters body). */
	private static boolean namesTypes(RequestDetails request) {
		return request.getParameters().containsKey(TYPE)
				|| request.getResource() instanceof Parameters body
						&& body.getParameter().stream().anyMatch(p -> TYPE.equals(p.getName()));
	}
}
