package org.somaxis.operation;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Date;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.somaxis.fhir.OperationOutcomes;
import org.somaxis.gather.DataSources;
import org.somaxis.gather.DraftOrderReader;
import org.somaxis.gather.DraftOrders;
import org.somaxis.gather.Evaluated;
import org.somaxis.gather.GatherException;
import org.somaxis.gather.GuidanceService;
import org.somaxis.gather.PatientData;
import org.somaxis.gather.PatientDataSource;
import org.somaxis.gather.PatientQuery;
import org.somaxis.guidance.Hook;

/**
 * What the three $evaluate providers share: the one pipeline ({@link GuidanceService}) fed from a
 * {@link PatientDataSource}, then the FHIR rendering; and the mapping of a {@link GatherException} to a 4xx with an
 * OperationOutcome (400 another patient's data or a malformed input, 404 unknown patient, 410 deleted patient).
 */
public final class Evaluation {
	public static final String CANONICAL_BASE = "http://somaxis.org/fhir/OperationDefinition/";

	private final DataSources sources;
	private final DraftOrderReader drafts;
	private final GuidanceService service;
	private final GuidanceRendering rendering;
	private final Clock clock;

	public Evaluation(DataSources sources, DraftOrderReader drafts, GuidanceService service, GuidanceRendering rendering,
			Clock clock) {
		this.sources = sources;
		this.drafts = drafts;
		this.service = service;
		this.rendering = rendering;
		this.clock = clock;
	}

	/** One evaluation and its FHIR rendering. */
	public record Result(Evaluated evaluated, GuidanceRendering.Rendered rendered) {}

	DataSources sources() {
		return sources;
	}

	PatientData gather(PatientDataSource source, String patientId, LocalDate date) {
		try {
			return source.gather(new PatientQuery(patientId, date));
		} catch (GatherException e) {
			throw refusal(e);
		}
	}

	DraftOrders drafts(Bundle draftOrders, PatientData data, PatientDataSource source) {
		try {
			return drafts.read(draftOrders, data, source, "draftOrders");
		} catch (GatherException e) {
			throw refusal(e);
		}
	}

	Result evaluate(PatientData data, DraftOrders orders, Hook hook, LocalDate date, String focusObservationId,
			String operationId, RequestDetails request) {
		Evaluated evaluated = service.evaluate(data, orders, hook, date, focusObservationId,
				request == null ? null : request.getRequestId());
		GuidanceRendering.Rendered rendered = rendering.render(
				evaluated, CANONICAL_BASE + operationId, date, Date.from(clock.instant()));
		return new Result(evaluated, rendered);
	}

	/** The {@code evaluationDate} parameter, or today in the server's clock. */
	LocalDate date(DateType evaluationDate) {
		if (evaluationDate == null || evaluationDate.getValue() == null) {
			return service.today();
		}
		requireDay(evaluationDate);
		return LocalDate.of(evaluationDate.getYear(), evaluationDate.getMonth() + 1, evaluationDate.getDay());
	}

	/** A partial date (year, or year and month) cannot place the evaluation windows: 400. */
	static DateType requireDay(DateType date) {
		if (date.getPrecision() != ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY) {
			throw OperationErrors.badRequest(IssueType.INVALID,
					"evaluationDate '" + date.getValueAsString() + "' must be a full date (YYYY-MM-DD)", "evaluationDate");
		}
		return date;
	}

	/** The status of each {@link GatherException.Reason} on this face (docs/operations.md, Errors). */
	static BaseServerResponseException refusal(GatherException e) {
		return switch (e.reason()) {
			case PATIENT_MISMATCH -> OperationErrors.badRequest(IssueType.CONFLICT, e.getMessage(), e.location());
			case MALFORMED -> OperationErrors.badRequest(IssueType.INVALID, e.getMessage(), e.location());
			case PATIENT_UNKNOWN -> new ResourceNotFoundException(e.getMessage(),
					OperationOutcomes.error(IssueType.NOTFOUND, e.getMessage(), null));
			case PATIENT_GONE -> new ResourceGoneException(e.getMessage(),
					OperationOutcomes.error(IssueType.DELETED, e.getMessage(), null));
			// the $evaluate sources (store, inline Bundle) never report UNAVAILABLE: reaching here is a bug
			case UNAVAILABLE -> throw e;
		};
	}

	static Set<String> references(String... references) {
		return Set.of(references);
	}
}
