package org.somaxis.operation;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.time.LocalDate;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.GuidanceResponse;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.somaxis.gather.DraftOrders;
import org.somaxis.gather.PatientData;
import org.somaxis.gather.PatientDataSource;
import org.somaxis.guidance.Hook;

/** {@code GET|POST [base]/Patient/[id]/$evaluate}: guidance for a stored patient (OperationDefinition patient-evaluate). */
public final class PatientEvaluateProvider {
	public static final String OPERATION_ID = "patient-evaluate";

	private final Evaluation evaluation;

	public PatientEvaluateProvider(Evaluation evaluation) {
		this.evaluation = evaluation;
	}

	@Operation(
			name = "$evaluate",
			typeName = "Patient",
			idempotent = true,
			canonicalUrl = Evaluation.CANONICAL_BASE + OPERATION_ID,
			returnParameters = {
				@OperationParam(name = "guidance", type = GuidanceResponse.class, min = 1, max = 1),
				@OperationParam(name = "issue", type = DetectedIssue.class, min = 0, max = OperationParam.MAX_UNLIMITED)
			})
	public Parameters evaluate(
			@IdParam IdType patientId,
			@OperationParam(name = "hook", min = 0, max = 1) CodeType hook,
			@OperationParam(name = "draftOrders", min = 0, max = 1) Bundle draftOrders,
			@OperationParam(name = "evaluationDate", min = 0, max = 1) DateType evaluationDate,
			RequestDetails request) {
		LocalDate date = evaluation.date(evaluationDate);
		PatientDataSource store = evaluation.sources().store(request);
		PatientData data = evaluation.gather(store, patientId.getIdPart(), date);
		DraftOrders drafts = evaluation.drafts(draftOrders, data, store);
		Hook parsedHook = Hooks.parse(hook, !drafts.isEmpty());
		return evaluation.evaluate(data, drafts, parsedHook, date, null, OPERATION_ID, request)
				.rendered()
				.toParameters();
	}
}
