package org.somaxis.operation;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Date;
import org.hl7.fhir.r4.model.DateType;
import org.somaxis.guidance.Guidance;
import org.somaxis.guidance.GuidanceEngine;
import org.somaxis.guidance.Hook;
import org.somaxis.guidance.record.PatientRecord;

/** gather → engine → render, shared by the three $evaluate providers. */
public final class Evaluation {
	public static final String CANONICAL_BASE = "http://somaxis.org/fhir/OperationDefinition/";

	private final RecordAssembler assembler;
	private final GuidanceEngine engine;
	private final GuidanceRendering rendering;
	private final Clock clock;

	public Evaluation(RecordAssembler assembler, GuidanceEngine engine, GuidanceRendering rendering, Clock clock) {
		this.assembler = assembler;
		this.engine = engine;
		this.rendering = rendering;
		this.clock = clock;
	}

	/** One evaluation: the record the rules saw, their guidance, and its FHIR rendering. */
	public record Result(PatientRecord record, Guidance guidance, GuidanceRendering.Rendered rendered) {}

	public Result evaluate(RecordAssembler.Gathered gathered, DraftOrders drafts, Hook hook, LocalDate date,
			String focusObservationId, String operationId) {
		PatientRecord record = assembler.assemble(gathered, drafts, hook, date, focusObservationId);
		Guidance guidance = engine.evaluate(record, hook.face());
		GuidanceRendering.Rendered rendered = rendering.render(
				guidance, CANONICAL_BASE + operationId, gathered.patientReference(), date, Date.from(clock.instant()));
		return new Result(record, guidance, rendered);
	}

	/** The {@code evaluationDate} parameter, or today in the server's clock. */
	public LocalDate date(DateType evaluationDate) {
		if (evaluationDate == null || evaluationDate.getValue() == null) {
			return LocalDate.now(clock);
		}
		requireDay(evaluationDate);
		return LocalDate.of(evaluationDate.getYear(), evaluationDate.getMonth() + 1, evaluationDate.getDay());
	}

	/** A partial date (year, or year and month) cannot place the evaluation windows: 400. */
	static DateType requireDay(DateType date) {
		if (date.getPrecision() != ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY) {
			throw OperationErrors.badRequest(org.hl7.fhir.r4.model.OperationOutcome.IssueType.INVALID,
					"evaluationDate '" + date.getValueAsString() + "' must be a full date (YYYY-MM-DD)", "evaluationDate");
		}
		return date;
	}

	public RecordAssembler assembler() {
		return assembler;
	}
}
