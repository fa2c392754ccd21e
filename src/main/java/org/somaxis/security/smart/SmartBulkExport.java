package org.somaxis.security.smart;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.batch2.model.JobInstance;
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
import org.somaxis.security.smart.SmartScope.Context;

/**
 * Bulk export in smart mode (the kickoff itself needs a {@code system/} scope, {@link SmartEnforcement}):
 * <ul>
 *   <li>only types the token reads through a {@code system/} scope without a filter are exported: a {@code _type}
 *       naming another is refused (403, naming the scopes missing); without {@code _type} the export holds the types
 *       the token may read and nothing else (AuditEvent only with its own scope, as for a search);
 *   <li>the job belongs to the client that started it ({@link ExportOwner}, written into the job's parameters and so
 *       into every export file's {@code Binary.securityContext}). Identical kickoffs by two clients are two jobs,
 *       because HAPI reuses a job only for identical parameters. Only the owner may poll or cancel the job; for any
 *       other client the job is unknown (404) and its files are unknown too ({@link SmartVisibility}).
 * </ul>
 */
@Interceptor
public final class SmartBulkExport {
	private static final String TYPE = "_type";
	private static final String JOB_ID = "_jobId";

	private final SmartRequests requests;
	private final IJobCoordinator jobs;

	public SmartBulkExport(SmartRequests requests, IJobCoordinator jobs) {
		this.requests = requests;
		this.jobs = jobs;
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
		ExportOwner owner = ExportOwner.of(access);
		parameters.setBinarySecurityContextIdentifierSystem(owner.system());
		parameters.setBinarySecurityContextIdentifierValue(owner.value());
	}

	/** Polling ({@code GET}) or cancelling ({@code DELETE}) a job is for the client that started it. */
	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
	public void onlyTheOwnerPolls(RequestDetails request, RestOperationTypeEnum operation) {
		if (operation != RestOperationTypeEnum.EXTENDED_OPERATION_SERVER
				|| !"$export-poll-status".equals(request.getOperation())) {
			return;
		}
		SmartAccess access = requests.access(request);
		String[] jobId = request.getParameters().get(JOB_ID);
		if (access == null || jobId == null || jobId.length != 1) {
			return; // refused earlier, or HAPI answers the missing or repeated id
		}
		JobInstance job = jobs.getInstance(jobId[0]);
		if (!Batch2JobDefinitionConstants.BULK_EXPORT.equals(job.getJobDefinitionId())) {
			return; // HAPI answers that it is no export job
		}
		BulkExportJobParameters parameters = job.getParameters(BulkExportJobParameters.class);
		ExportOwner owner = new ExportOwner(parameters.getBinarySecurityContextIdentifierSystem(),
				parameters.getBinarySecurityContextIdentifierValue());
		if (!owner.equals(ExportOwner.of(access))) {
			throw new ResourceNotFoundException("Unknown bulk export job: " + jobId[0]);
		}
	}

	private static boolean exports(SmartAccess access, String type) {
		return access.readScopes(type).stream().anyMatch(s -> s.context() == Context.SYSTEM && s.filter().isEmpty());
	}

	/** Whether the kickoff named its types ({@code _type} on the URL or in a POSTed Parameters body). */
	private static boolean namesTypes(RequestDetails request) {
		return request.getParameters().containsKey(TYPE)
				|| request.getResource() instanceof Parameters body
						&& body.getParameter().stream().anyMatch(p -> TYPE.equals(p.getName()));
	}
}
