package org.somaxis.fhir;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.batch2.api.IJobPersistence;
import ca.uhn.fhir.batch2.model.JobInstance;
import ca.uhn.fhir.batch2.model.StatusEnum;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.model.BulkExportJobResults;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.util.Batch2JobDefinitionConstants;
import ca.uhn.fhir.util.JsonUtil;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * A Bulk Data delete request ({@code DELETE} on a job's status URL) for an export that has finished: the client is done
 * with the files, so they are deleted (as HAPI's retention purge deletes them, {@code bulk-export-file-retention-hours})
 * with the job, the answer is 202 and later polls and downloads find nothing (404, 410). HAPI answered 404 "Nothing to
 * do" and kept the manifest and the files, with their patient data, downloadable until the retention purge. A job still
 * running is cancelled by HAPI (202), as before.
 *
 * <p>Runs after the checks of the same pointcut (order 0): the job id is the request's one {@code _jobId}, and in smart
 * mode only the client that started the job reaches here ({@code SmartBulkExport}).
 */
@Interceptor
public final class ExportDeletion {
	private static final Set<StatusEnum> FINISHED = Set.of(StatusEnum.COMPLETED, StatusEnum.FAILED, StatusEnum.CANCELLED);

	private final IJobCoordinator jobs;
	private final IJobPersistence persistence;
	private final DaoRegistry daos;

	public ExportDeletion(IJobCoordinator jobs, IJobPersistence persistence, DaoRegistry daos) {
		this.jobs = jobs;
		this.persistence = persistence;
		this.daos = daos;
	}

	@Hook(value = Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED, order = 200)
	public void deleteAFinishedExport(RequestDetails request, RestOperationTypeEnum operation) {
		if (!BulkExportRequests.isPoll(request, operation) || request.getRequestType() != RequestTypeEnum.DELETE) {
			return;
		}
		String jobId = BulkExportRequests.jobId(request);
		JobInstance job;
		try {
			job = jobs.getInstance(jobId);
		} catch (ResourceNotFoundException unknown) {
			return; // HAPI's 404
		}
		if (!Batch2JobDefinitionConstants.BULK_EXPORT.equals(job.getJobDefinitionId())) {
			throw new ResourceNotFoundException("Unknown bulk export job: " + jobId);
		}
		if (!FINISHED.contains(job.getStatus())) {
			return; // HAPI cancels it
		}
		List<String> files = job.getReport() == null ? List.of()
				: JsonUtil.deserialize(job.getReport(), BulkExportJobResults.class).getResourceTypeToBinaryIds().values()
						.stream().flatMap(List::stream).toList();
		for (String file : files) {
			try {
				daos.getResourceDao("Binary").delete(new IdType(file).toUnqualifiedVersionless(), new SystemRequestDetails());
			} catch (ResourceNotFoundException | ResourceGoneException alreadyPurged) {
				// HAPI's retention purge got there first
			}
		}
		persistence.deleteInstanceAndChunks(jobId); // its own transaction (REQUIRES_NEW in HAPI 8.8)
		String message = "Bulk export " + jobId + " deleted with its " + files.size() + " file(s)";
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
				.setCode(OperationOutcome.IssueType.INFORMATIONAL).setDiagnostics(message);
		throw new Accepted(message, outcome);
	}

	/**
	 * 202 Accepted, the Bulk Data delete request's success. HAPI's server takes a status other than 200 from an exception
	 * only; this one is no error and is not logged as one.
	 */
	static final class Accepted extends BaseServerResponseException {
		private static final long serialVersionUID = 1L;

		Accepted(String message, OperationOutcome outcome) {
			super(202, message, outcome);
		}
	}
}
