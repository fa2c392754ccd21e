package org.somaxis.operation;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.time.LocalDate;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.GuidanceResponse;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;
import org.somaxis.gather.DraftOrders;
import org.somaxis.gather.PatientData;
import org.somaxis.gather.PatientDataSource;
import org.somaxis.guidance.Hook;

/**
 * {@code POST [base]/$evaluate}: stateless guidance for a patient whose data travels in the request
 * (OperationDefinition evaluate). Nothing is read from or written to the store.
 */
public final class SystemEvaluateProvider {
	public static final String OPERATION_ID = "evaluate";

	private final Evaluation evaluation;

	public SystemEvaluateProvider(Evaluation evaluation) {
		this.evaluation = evaluation;
	}

	@Operation(
			name = "$evaluate",
			idempotent = false,
			canonicalUrl = Evaluation.CANONICAL_BASE + OPERATION_ID,
			returnParameters = {
				@OperationParam(name = "guidance", type = GuidanceResponse.class, min = 1, max = 1),
				@OperationParam(name = "issue", type = DetectedIssue.class, min = 0, max = OperationParam.MAX_UNLIMITED)
			})
	public Parameters evaluate(
			@OperationParam(name = "data", min = 1, max = 1) Bundle data,
			@OperationParam(name = "hook", min = 0, max = 1) CodeType hook,
			@OperationParam(name = "draftOrders", min = 0, max = 1) Bundle draftOrders,
			@OperationParam(name = "evaluationDate", min = 0, max = 1) DateType evaluationDate,
			RequestDetails request) {
		if (data == null) {
			throw OperationErrors.badRequest(IssueType.REQUIRED, "Parameter 'data' (a Bundle) is required", "data");
		}
		LocalDate date = evaluation.date(evaluationDate);
		PatientDataSource inline = evaluation.sources().bundle(data, "data", request.getFhirServerBase());
		PatientData patient = evaluation.gather(inline, null, date);
		DraftOrders drafts = evaluation.drafts(draftOrders, patient, inline);
		Hook parsedHook = Hooks.parse(hook, !drafts.isEmpty());
		return evaluation.evaluate(patient, drafts, parsedHook, date, null, OPERATION_ID, request)
				.rendered()
				.toParameters();
	}
}
