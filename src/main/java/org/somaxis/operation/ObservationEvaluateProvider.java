package org.somaxis.operation;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.GuidanceResponse;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.somaxis.gather.DraftOrders;
import org.somaxis.gather.PatientData;
import org.somaxis.gather.StoreSource;
import org.somaxis.guidance.Hook;
import org.somaxis.guidance.record.Igf1Point;
import org.somaxis.guidance.record.Interpretation;
import org.somaxis.guidance.record.LabKind;
import org.somaxis.guidance.record.LabValue;
import org.somaxis.guidance.record.ObservationKind;
import org.somaxis.guidance.record.PatientRecord;
import org.somaxis.guidance.record.ReferenceInterval;

/**
 * {@code GET|POST [base]/Observation/[id]/$evaluate}: interprets one IGF-1 or metabolic result in the context of
 * the patient's record (OperationDefinition observation-evaluate). Returns the value in its normalised unit, for IGF-1
 * the reference interval used, its interpretation and SDS, the change against the previous and the baseline value,
 * and the findings of the OBS face.
 */
public final class ObservationEvaluateProvider {
	public static final String OPERATION_ID = "observation-evaluate";
	static final String INTERPRETATION_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
	static final String UCUM = "http://unitsofmeasure.org";

	private final Evaluation evaluation;

	public ObservationEvaluateProvider(Evaluation evaluation) {
		this.evaluation = evaluation;
	}

	@Operation(
			name = "$evaluate",
			typeName = "Observation",
			idempotent = true,
			canonicalUrl = Evaluation.CANONICAL_BASE + OPERATION_ID,
			returnParameters = {
				@OperationParam(name = "value", type = Quantity.class, min = 0, max = 1),
				@OperationParam(name = "referenceRange", type = Range.class, min = 0, max = 1),
				@OperationParam(name = "referenceRangeSource", type = StringType.class, min = 0, max = 1),
				@OperationParam(name = "interpretation", type = CodeableConcept.class, min = 0, max = 1),
				@OperationParam(name = "sds", type = DecimalType.class, min = 0, max = 1),
				@OperationParam(name = "previous", min = 0, max = 1),
				@OperationParam(name = "baseline", min = 0, max = 1),
				@OperationParam(name = "guidance", type = GuidanceResponse.class, min = 1, max = 1),
				@OperationParam(name = "issue", type = DetectedIssue.class, min = 0, max = OperationParam.MAX_UNLIMITED)
			})
	public Parameters evaluate(
			@IdParam IdType observationId,
			@OperationParam(name = "evaluationDate", min = 0, max = 1) DateType evaluationDate,
			RequestDetails request) {
		StoreSource store = evaluation.sources().store(request);
		Observation observation = store.read(Observation.class, observationId.getIdPart());
		String focus = "Observation/" + observation.getIdElement().getIdPart();
		ObservationKind kind = ObservationKind.of(observation.getCode())
				.filter(known -> known == ObservationKind.IGF1 || known.lab().isPresent())
				.orElse(null);
		if (kind == null) {
			throw OperationErrors.unprocessable(IssueType.NOTSUPPORTED, focus
					+ " is neither an IGF-1 (LOINC 2484-4) nor a metabolic result this operation interprets", "Observation.code");
		}
		if (observation.getStatus() == Observation.ObservationStatus.ENTEREDINERROR
				|| observation.getStatus() == Observation.ObservationStatus.CANCELLED) {
			// the record passes over such a result without a word: an empty answer read as nothing to act on (probe 83,
			// P83-m6)
			throw OperationErrors.unprocessable(IssueType.BUSINESSRULE, focus + " has status "
					+ observation.getStatus().toCode() + ": it is no result to interpret", "Observation.status");
		}
		Reference subject = observation.getSubject();
		IdType patientId = new IdType(subject.getReference());
		if (!subject.hasReference() || !"Patient".equals(patientId.getResourceType()) || !patientId.hasIdPart()) {
			throw OperationErrors.unprocessable(IssueType.INVALID, focus + " has no Patient subject", "Observation.subject");
		}
		LocalDate date = evaluation.date(evaluationDate);
		PatientData data = evaluation.gather(store, patientId.getIdPart(), date);
		Evaluation.Result result =
				evaluation.evaluate(data, DraftOrders.none(), Hook.OBSERVATION_EVALUATE, date, focus, OPERATION_ID, request);

		Parameters parameters = new Parameters();
		if (kind == ObservationKind.IGF1) {
			igf1(result.evaluated().record(), focus, parameters);
		} else {
			lab(result.evaluated().record(), focus, kind.lab().orElseThrow(), parameters);
		}
		result.rendered().addTo(parameters);
		return parameters;
	}

	private static void igf1(PatientRecord record, String focus, Parameters parameters) {
		List<Igf1Point> series = record.igf1();
		int at = -1;
		for (int i = 0; i < series.size(); i++) {
			if (series.get(i).resourceId().equals(focus)) {
				at = i;
			}
		}
		if (at < 0) {
			return; // ignored by the record: the reason is in guidance.evaluationMessage
		}
		Igf1Point point = series.get(at);
		parameters.addParameter().setName("value").setValue(quantity(point.ngPerMl(), "ng/mL"));
		ReferenceInterval interval = point.interval();
		if (interval != null) {
			parameters.addParameter().setName("referenceRange").setValue(new Range()
					.setLow(quantity(interval.low(), "ng/mL"))
					.setHigh(quantity(interval.high(), "ng/mL")));
			parameters.addParameter().setName("referenceRangeSource").setValue(new StringType(interval.origin()
					+ (point.adultBandsOnly() ? " (an adult band: no interval applies to the patient's age)" : "")));
		}
		// a child's result above every adult band is not known to be above the child's own interval (puberty): no
		// interpretation or SDS against an adult band, unless it is above its +3 SDS, as the rules read it. Before, "H"
		// and an SDS against the adult band were given as the child's (probe 45, m5)
		boolean againstAdultBand = point.adultBandsOnly() && point.interpretation() != Interpretation.HH;
		if (point.interpretation() != null && !againstAdultBand) {
			String code = point.interpretation().name();
			parameters.addParameter().setName("interpretation").setValue(new CodeableConcept(
					new Coding(INTERPRETATION_SYSTEM, code, display(code))));
		}
		if (point.sds() != null && !againstAdultBand) {
			parameters.addParameter().setName("sds").setValue(new DecimalType(round(point.sds(), 2)));
		}
		if (at > 0) {
			Igf1Point previous = series.get(at - 1);
			comparison(parameters, "previous", previous.resourceId(), previous.date(), previous.ngPerMl(),
					point.ngPerMl(), "ng/mL");
		}
		Optional<Igf1Point> baseline = record.baselineIgf1();
		if (baseline.isPresent() && !baseline.get().resourceId().equals(focus)
				&& baseline.get().date().isBefore(point.date().plusDays(1))) {
			comparison(parameters, "baseline", baseline.get().resourceId(), baseline.get().date(),
					baseline.get().ngPerMl(), point.ngPerMl(), "ng/mL");
		}
	}

	private static void lab(PatientRecord record, String focus, LabKind kind, Parameters parameters) {
		List<LabValue> series = record.labs(kind).stream().filter(lab -> !lab.derived()).toList();
		int at = -1;
		for (int i = 0; i < series.size(); i++) {
			if (series.get(i).resourceIds().contains(focus)) {
				at = i;
			}
		}
		if (at < 0) {
			return;
		}
		LabValue value = series.get(at);
		parameters.addParameter().setName("value").setValue(quantity(value.value(), kind.unit()));
		if (at > 0) {
			LabValue previous = series.get(at - 1);
			comparison(parameters, "previous", previous.resourceIds().get(0), previous.date(), previous.value(),
					value.value(), kind.unit());
		}
		Optional<LabValue> baseline = record.baselineLab(kind);
		if (baseline.isPresent() && !baseline.get().resourceIds().contains(focus)
				&& baseline.get().date().isBefore(value.date().plusDays(1))) {
			comparison(parameters, "baseline", baseline.get().resourceIds().get(0), baseline.get().date(),
					baseline.get().value(), value.value(), kind.unit());
		}
	}

	private static void comparison(Parameters parameters, String name, String reference, LocalDate date,
			double earlier, double now, String unit) {
		Parameters.ParametersParameterComponent part = parameters.addParameter().setName(name);
		part.addPart().setName("observation").setValue(new Reference(reference));
		part.addPart().setName("date").setValue(new DateType(date.toString()));
		part.addPart().setName("value").setValue(quantity(earlier, unit));
		part.addPart().setName("change").setValue(quantity(now - earlier, unit));
		if (earlier != 0) {
			part.addPart().setName("changePercent").setValue(new DecimalType(round((now - earlier) / earlier * 100, 1)));
		}
	}

	private static Quantity quantity(double value, String unit) {
		Quantity quantity = new Quantity().setValue(round(value, 2));
		if (!unit.isEmpty()) {
			quantity.setUnit(unit).setSystem(UCUM).setCode(unit.equals("uIU/mL") ? "u[IU]/mL" : unit);
		}
		return quantity;
	}

	private static BigDecimal round(double value, int places) {
		return BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP).stripTrailingZeros();
	}

	private static String display(String code) {
		return switch (code) {
			case "L" -> "Low";
			case "N" -> "Normal";
			case "H" -> "High";
			default -> "Critical high";
		};
	}
}
