package org.somaxis.guidance.record;

import static org.somaxis.guidance.record.FhirValues.coding;
import static org.somaxis.guidance.record.FhirValues.firstCode;
import static org.somaxis.guidance.record.FhirValues.hasCode;
import static org.somaxis.guidance.record.FhirValues.hasLoinc;
import static org.somaxis.guidance.record.FhirValues.idOf;
import static org.somaxis.guidance.record.FhirValues.localDate;
import static org.somaxis.guidance.record.FhirValues.matches;
import static org.somaxis.guidance.record.FhirValues.number;
import static org.somaxis.guidance.record.FhirValues.unconvertible;
import static org.somaxis.guidance.record.FhirValues.unit;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.ObservationDefinition;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.somaxis.guidance.Hook;
import org.somaxis.guidance.knowledge.CodeGroup;
import org.somaxis.guidance.knowledge.Igf1ReferenceIntervals;
import org.somaxis.guidance.knowledge.Knowledge;
import org.somaxis.guidance.knowledge.PeptideSpec;
import org.somaxis.guidance.knowledge.Threshold;

/**
 * Builds a {@link PatientRecord} from R4 resources. Pure and total: malformed or missing data never throws, it becomes
 * a data-quality message and is ignored. Anything dated after the evaluation date is ignored silently.
 */
public final class PatientRecordAssembler {
	private final Knowledge knowledge;
	private final Units units;

	public PatientRecordAssembler(Knowledge knowledge) {
		this.knowledge = knowledge;
		this.units = new Units(knowledge);
	}

	/** Assembles for the patient-view face at the given date, without drafts. */
	public PatientRecord assemble(List<? extends Resource> resources, LocalDate evaluationDate) {
		return assemble(resources, List.of(), Hook.PATIENT_VIEW, evaluationDate, null);
	}

	/**
	 * @param resources Patient, Observation, MedicationRequest, MedicationStatement, Condition, ObservationDefinition
	 *     (others are ignored)
	 * @param draftOrders MedicationRequest / ServiceRequest drafts from the hook context or $evaluate input
	 * @param focusObservationId "Observation/id" of the result under evaluation (OBSERVATION face), or null
	 */
	public PatientRecord assemble(
			List<? extends Resource> resources,
			List<? extends Resource> draftOrders,
			Hook hook,
			LocalDate evaluationDate,
			String focusObservationId) {
		Builder builder = new Builder(evaluationDate);
		List<? extends Resource> all = resources == null ? List.of() : resources;
		List<? extends Resource> drafts = draftOrders == null ? List.of() : draftOrders;
		for (Resource resource : all) {
			safely(builder, resource, () -> builder.readDefinitionOrPatient(resource));
		}
		for (Resource resource : all) {
			safely(builder, resource, () -> builder.readTherapy(resource, false));
		}
		for (Resource resource : drafts) {
			safely(builder, resource, () -> builder.readTherapy(resource, true));
		}
		builder.deriveTherapy();
		for (Resource resource : all) {
			safely(builder, resource, () -> builder.readClinical(resource));
		}
		return builder.build(hook == null ? Hook.PATIENT_VIEW : hook, focusObservationId);
	}

	private static String schedule(Dosage dosage) {
		if (dosage.hasText()) {
			return dosage.getText();
		}
		if (dosage.hasTiming() && dosage.getTiming().hasRepeat()) {
			var repeat = dosage.getTiming().getRepeat();
			if (repeat.hasFrequency() && repeat.hasPeriod() && repeat.hasPeriodUnit()) {
				return repeat.getFrequency() + " per " + number(repeat.getPeriod().doubleValue()) + " "
						+ repeat.getPeriodUnit().toCode();
			}
		}
		return "";
	}

	private static void safely(Builder builder, Resource resource, Runnable step) {
		if (resource == null) {
			return;
		}
		try {
			step.run();
		} catch (RuntimeException e) {
			builder.messages.add(idOf(resource) + " could not be read (" + e.getClass().getSimpleName() + "); ignored");
		}
	}

	/** Mutable state for one assembly. */
	private final class Builder {
		final LocalDate evaluationDate;
		final List<String> messages = new ArrayList<>();
		String patientId;
		Integer age;
		Sex sex = Sex.UNKNOWN;
		Igf1ReferenceIntervals intervals = knowledge.igf1Intervals();
		final List<PeptideOrder> peptides = new ArrayList<>();
		final List<String> testosterone = new ArrayList<>();
		final Set<String> pendingLabs = new LinkedHashSet<>();
		LocalDate therapyStart;
		Integer therapyWeek;
		TherapyPhase phase = TherapyPhase.NONE;
		final List<Igf1Point> igf1 = new ArrayList<>();
		final List<LabValue> labs = new ArrayList<>();
		final List<ExerciseSession> exercise = new ArrayList<>();
		final List<Double> sleepHours = new ArrayList<>();
		final List<String> sleepEvidence = new ArrayList<>();
		final Map<CodeGroup, List<String>> conditions = new EnumMap<>(CodeGroup.class);
		LocalDate pregnancyObservationDate;
		String pregnancyObservationId;
		boolean pregnancyObserved;
		LocalDate caloricDate;
		String caloricId;
		boolean caloricRestriction;

		Builder(LocalDate evaluationDate) {
			this.evaluationDate = evaluationDate;
		}

		void readDefinitionOrPatient(Resource resource) {
			if (resource instanceof Patient patient && patientId == null) {
				patientId = idOf(patient);
				sex = patient.hasGender() ? Sex.fromAdministrativeGender(patient.getGender().toCode()) : Sex.UNKNOWN;
				if (patient.hasBirthDateElement() && patient.getBirthDateElement().getValue() != null) {
					LocalDate birth = localDate(patient.getBirthDateElement());
					if (birth == null || birth.isAfter(evaluationDate)) {
						messages.add(patientId + " has a partial or future birth date; age unknown");
					} else {
						age = java.time.Period.between(birth, evaluationDate).getYears();
					}
				} else {
					messages.add(patientId + " has no birth date; age-based IGF-1 intervals cannot be used");
				}
			} else if (resource instanceof ObservationDefinition definition && hasLoinc(definition.getCode(), Codes.IGF1)) {
				intervals = Igf1Intervals.fromDefinition(definition, intervals, messages);
			}
		}

		void readTherapy(Resource resource, boolean fromDrafts) {
			if (resource instanceof MedicationRequest request) {
				readMedicationRequest(request, fromDrafts);
			} else if (resource instanceof MedicationStatement statement && !fromDrafts) {
				readMedicationStatement(statement);
			} else if (resource instanceof ServiceRequest request && isDraft(request, fromDrafts)) {
				for (Coding coding : request.getCode().getCoding()) {
					if (Codes.LOINC.equals(coding.getSystem()) && coding.hasCode()) {
						pendingLabs.add(coding.getCode());
					}
				}
			}
		}

		private boolean isDraft(ServiceRequest request, boolean fromDrafts) {
			return fromDrafts || request.getStatus() == ServiceRequest.ServiceRequestStatus.DRAFT;
		}

		private void readMedicationRequest(MedicationRequest request, boolean fromDrafts) {
			String id = idOf(request);
			MedicationRequest.MedicationRequestStatus status = request.getStatus();
			OrderStatus orderStatus;
			if (fromDrafts || status == MedicationRequest.MedicationRequestStatus.DRAFT) {
				orderStatus = OrderStatus.DRAFT;
			} else if (status == MedicationRequest.MedicationRequestStatus.ACTIVE) {
				orderStatus = OrderStatus.ACTIVE;
			} else {
				return;
			}
			if (!request.hasMedicationCodeableConcept()) {
				if (request.hasMedicationReference()) {
					messages.add(id + " names its medication by reference, which is not resolved; ignored");
				}
				return;
			}
			CodeableConcept medication = request.getMedicationCodeableConcept();
			if (hasCode(medication, Codes.THERAPY_CODES, "testosterone")) {
				if (orderStatus == OrderStatus.ACTIVE) {
					testosterone.add(id);
				}
				return;
			}
			Dosage dosage = request.getDosageInstruction().isEmpty() ? null : request.getDosageInstructionFirstRep();
			LocalDate authored = request.hasAuthoredOnElement() ? localDate(request.getAuthoredOnElement()) : null;
			addPeptide(id, medication, orderStatus, dosage, authored);
		}

		private void readMedicationStatement(MedicationStatement statement) {
			if (statement.getStatus() != MedicationStatement.MedicationStatementStatus.ACTIVE
					|| !statement.hasMedicationCodeableConcept()) {
				return;
			}
			String id = idOf(statement);
			CodeableConcept medication = statement.getMedicationCodeableConcept();
			if (hasCode(medication, Codes.THERAPY_CODES, "testosterone")) {
				testosterone.add(id);
				return;
			}
			Dosage dosage = statement.getDosage().isEmpty() ? null : statement.getDosageFirstRep();
			LocalDate start = null;
			if (statement.hasEffectivePeriod() && statement.getEffectivePeriod().hasStartElement()) {
				start = localDate(statement.getEffectivePeriod().getStartElement());
			} else if (statement.hasEffectiveDateTimeType()) {
				start = localDate(statement.getEffectiveDateTimeType());
			}
			addPeptide(id, medication, OrderStatus.ACTIVE, dosage, start);
		}

		private void addPeptide(
				String id, CodeableConcept medication, OrderStatus status, Dosage dosage, LocalDate authored) {
			Coding coding = coding(medication, Codes.GH_PEPTIDES);
			if (coding == null) {
				return;
			}
			PeptideSpec spec = knowledge.peptide(coding.getCode()).orElse(null);
			if (spec == null) {
				messages.add(id + " has unknown gh-peptides code '" + coding.getCode() + "'; ignored");
				return;
			}
			String route = "";
			String dose = "";
			String schedule = "";
			LocalDate start = authored;
			if (dosage != null) {
				Coding routeCoding = coding(dosage.getRoute(), Codes.SNOMED);
				route = routeCoding == null ? "" : routeCoding.getCode();
				if (dosage.hasDoseAndRate() && dosage.getDoseAndRateFirstRep().hasDoseQuantity()) {
					Quantity quantity = dosage.getDoseAndRateFirstRep().getDoseQuantity();
					dose = number(quantity.getValue().doubleValue()) + " " + unit(quantity);
				}
				schedule = schedule(dosage);
				if (dosage.hasTiming()
						&& dosage.getTiming().hasRepeat()
						&& dosage.getTiming().getRepeat().hasBoundsPeriod()
						&& dosage.getTiming().getRepeat().getBoundsPeriod().hasStartElement()) {
					start = localDate(dosage.getTiming().getRepeat().getBoundsPeriod().getStartElement());
				}
			}
			if (status == OrderStatus.ACTIVE && start == null) {
				messages.add(id + " has neither authoredOn nor a dosage start; therapy week unknown");
			}
			peptides.add(new PeptideOrder(
					id, spec.code(), spec.display(), spec.mechanism(), status, route, dose.trim(), schedule, start, authored));
		}

		void deriveTherapy() {
			for (PeptideOrder order : peptides) {
				if (order.isActive() && order.start() != null && !order.start().isAfter(evaluationDate)) {
					if (therapyStart == null || order.start().isBefore(therapyStart)) {
						therapyStart = order.start();
					}
				}
			}
			if (therapyStart == null) {
				return;
			}
			long days = ChronoUnit.DAYS.between(therapyStart, evaluationDate);
			therapyWeek = (int) (days / 7) + 1;
			if (therapyWeek <= knowledge.threshold(Threshold.MOBILISATION_WEEKS)) {
				phase = TherapyPhase.MOBILISATION;
			} else if (evaluationDate.isBefore(
					therapyStart.plusMonths((long) knowledge.threshold(Threshold.BODY_COMPOSITION_END_MONTHS)))) {
				phase = TherapyPhase.BODY_COMPOSITION;
			} else {
				phase = TherapyPhase.STABILISATION;
			}
		}

		void readClinical(Resource resource) {
			if (resource instanceof Observation observation) {
				readObservation(observation);
			} else if (resource instanceof Condition condition) {
				readCondition(condition);
			}
		}

		private void readCondition(Condition condition) {
			String id = idOf(condition);
			if (condition.hasVerificationStatus()) {
				String verification = firstCode(condition.getVerificationStatus());
				if ("refuted".equals(verification) || "entered-in-error".equals(verification)) {
					return;
				}
			}
			List<CodeGroup> groups = new ArrayList<>();
			for (CodeGroup group : CodeGroup.values()) {
				if (matches(condition.getCode(), knowledge.codes(group))) {
					groups.add(group);
				}
			}
			if (groups.isEmpty()) {
				return;
			}
			if (!condition.hasClinicalStatus()) {
				messages.add(id + " has no clinicalStatus; treated as active");
			} else if (!Set.of("active", "recurrence", "relapse").contains(firstCode(condition.getClinicalStatus()))) {
				return;
			}
			for (CodeGroup group : groups) {
				conditions.computeIfAbsent(group, key -> new ArrayList<>()).add(id);
			}
		}

		private void readObservation(Observation observation) {
			String id = idOf(observation);
			Observation.ObservationStatus status = observation.getStatus();
			if (status == Observation.ObservationStatus.ENTEREDINERROR
					|| status == Observation.ObservationStatus.CANCELLED) {
				return;
			}
			String kind = kindOf(observation);
			if (kind == null) {
				return;
			}
			LocalDate date = effectiveDate(observation);
			if (date == null) {
				messages.add(label(kind) + " " + id + (observation.hasEffective()
						? " has an effective date without a day; ignored"
						: " has no effective date; ignored"));
				return;
			}
			if (date.isAfter(evaluationDate)) {
				return;
			}
			switch (kind) {
				case Codes.IGF1 -> readIgf1(observation, id, date);
				case Codes.GLUCOSE_MASS, Codes.GLUCOSE_MOLAR -> readLab(observation, id, date, LabKind.FASTING_GLUCOSE);
				case Codes.INSULIN -> readLab(observation, id, date, LabKind.INSULIN);
				case Codes.HBA1C -> readLab(observation, id, date, LabKind.HBA1C);
				case Codes.IGFBP3 -> readLab(observation, id, date, LabKind.IGFBP3);
				case Codes.TESTOSTERONE -> readLab(observation, id, date, LabKind.TESTOSTERONE);
				case "homa-ir" -> readLab(observation, id, date, LabKind.HOMA_IR);
				case Codes.SLEEP -> readSleep(observation, id, date);
				case Codes.EXERCISE_ACTIVITY -> readExercise(observation, id, date);
				case Codes.PREGNANCY_STATUS -> readPregnancy(observation, id, date);
				case "caloric-restriction" -> readCaloricRestriction(observation, id, date);
				default -> { }
			}
		}

		private String kindOf(Observation observation) {
			for (Coding coding : observation.getCode().getCoding()) {
				if (Codes.LOINC.equals(coding.getSystem())) {
					String code = coding.getCode();
					if (code != null && Set.of(Codes.IGF1, Codes.GLUCOSE_MASS, Codes.GLUCOSE_MOLAR, Codes.INSULIN, Codes.HBA1C,
							Codes.IGFBP3, Codes.TESTOSTERONE, Codes.SLEEP, Codes.EXERCISE_ACTIVITY, Codes.PREGNANCY_STATUS)
							.contains(code)) {
						return code;
					}
				} else if (Codes.OBSERVATION_CODES.equals(coding.getSystem())
						&& ("homa-ir".equals(coding.getCode()) || "caloric-restriction".equals(coding.getCode()))) {
					return coding.getCode();
				}
			}
			if (observation.hasValueCodeableConcept()
					&& coding(observation.getValueCodeableConcept(), Codes.EXERCISE_TYPES) != null) {
				return Codes.EXERCISE_ACTIVITY;
			}
			return null;
		}

		private String label(String kind) {
			return switch (kind) {
				case Codes.IGF1 -> "IGF-1";
				case Codes.GLUCOSE_MASS, Codes.GLUCOSE_MOLAR -> "Fasting glucose";
				case Codes.INSULIN -> "Fasting insulin";
				case Codes.HBA1C -> "HbA1c";
				case Codes.IGFBP3 -> "IGFBP-3";
				case Codes.TESTOSTERONE -> "Testosterone";
				case "homa-ir" -> "HOMA-IR";
				case Codes.SLEEP -> "Sleep duration";
				case Codes.EXERCISE_ACTIVITY -> "Exercise session";
				case Codes.PREGNANCY_STATUS -> "Pregnancy status";
				default -> "Caloric restriction flag";
			};
		}

		private void readIgf1(Observation observation, String id, LocalDate date) {
			Quantity quantity = quantity(observation, id, date, "IGF-1");
			if (quantity == null) {
				return;
			}
			Double ng = units.igf1NgPerMl(quantity.getValue().doubleValue(), unit(quantity));
			if (ng == null) {
				messages.add(unconvertible("IGF-1", date, quantity));
				return;
			}
			if (ng <= 0) {
				messages.add("IGF-1 on " + date + " is not positive (" + number(ng) + " ng/mL); ignored");
				return;
			}
			ReferenceInterval interval = Igf1Intervals.fromLab(observation, age, sex, units);
			if (interval == null) {
				interval = Igf1Intervals.fromTable(intervals, age, sex);
			}
			if (interval == null) {
				messages.add("IGF-1 on " + date + " has no applicable reference interval; not interpreted");
			}
			double veryHigh = knowledge.threshold(Threshold.IGF1_VERY_HIGH_SDS);
			boolean during = therapyStart != null && !date.isBefore(therapyStart);
			igf1.add(new Igf1Point(
					id,
					date,
					ng,
					number(quantity.getValue().doubleValue()) + " " + unit(quantity),
					interval,
					interval == null ? null : interval.sds(ng),
					interval == null ? null : interval.interpret(ng, veryHigh),
					during));
		}

		private void readLab(Observation observation, String id, LocalDate date, LabKind kind) {
			Quantity quantity = quantity(observation, id, date, kind == LabKind.HOMA_IR ? "HOMA-IR" : label(kindOf(observation)));
			if (quantity == null) {
				return;
			}
			Double normalised = units.lab(kind, quantity.getValue().doubleValue(), unit(quantity));
			if (normalised == null) {
				messages.add(unconvertible(label(kindOf(observation)), date, quantity));
				return;
			}
			labs.add(new LabValue(kind, date, normalised, List.of(id), false));
		}

		private void readSleep(Observation observation, String id, LocalDate date) {
			if (!withinDays(date, Threshold.SLEEP_WINDOW_DAYS)) {
				return;
			}
			Quantity quantity = quantity(observation, id, date, "Sleep duration");
			if (quantity == null) {
				return;
			}
			Double hours = Units.minutes(quantity);
			if (hours == null) {
				messages.add(unconvertible("Sleep duration", date, quantity));
				return;
			}
			sleepHours.add(hours / 60.0);
			sleepEvidence.add(id);
		}

		private void readExercise(Observation observation, String id, LocalDate date) {
			if (!withinDays(date, Threshold.EXERCISE_WINDOW_DAYS)) {
				return;
			}
			ExerciseType type = ExerciseType.from(observation.hasValueCodeableConcept() ? observation.getValueCodeableConcept() : null);
			if (type == null) {
				messages.add("Exercise session " + id + " on " + date + " has no recognised exercise type; ignored");
				return;
			}
			Double minutes = null;
			Double rpe = null;
			for (Observation.ObservationComponentComponent component : observation.getComponent()) {
				if (hasLoinc(component.getCode(), Codes.EXERCISE_DURATION) && component.hasValueQuantity()) {
					minutes = Units.minutes(component.getValueQuantity());
				} else if (hasCode(component.getCode(), Codes.OBSERVATION_CODES, "rpe")) {
					if (component.hasValueQuantity() && component.getValueQuantity().hasValue()) {
						rpe = component.getValueQuantity().getValue().doubleValue();
					} else if (component.hasValueIntegerType()) {
						rpe = component.getValueIntegerType().getValue().doubleValue();
					}
				}
			}
			if (minutes == null && observation.hasEffectivePeriod()) {
				Period period = observation.getEffectivePeriod();
				if (period.getStart() != null && period.getEnd() != null) {
					minutes = (period.getEnd().getTime() - period.getStart().getTime()) / 60000.0;
				}
			}
			if (minutes != null && minutes < 0) {
				messages.add("Exercise session " + id + " on " + date + " has a negative duration; duration ignored");
				minutes = null;
			}
			exercise.add(new ExerciseSession(id, date, type, minutes, rpe));
		}

		private void readPregnancy(Observation observation, String id, LocalDate date) {
			if (!observation.hasValueCodeableConcept()) {
				messages.add("Pregnancy status " + id + " on " + date + " has no coded value; ignored");
				return;
			}
			if (pregnancyObservationDate == null || !date.isBefore(pregnancyObservationDate)) {
				pregnancyObservationDate = date;
				pregnancyObservationId = id;
				pregnancyObserved = hasCode(observation.getValueCodeableConcept(), Codes.SNOMED, Codes.PREGNANT);
			}
		}

		private void readCaloricRestriction(Observation observation, String id, LocalDate date) {
			if (!observation.hasValueBooleanType() || observation.getValueBooleanType().getValue() == null) {
				messages.add("Caloric restriction flag " + id + " on " + date + " has no boolean value; ignored");
				return;
			}
			if (caloricDate == null || !date.isBefore(caloricDate)) {
				caloricDate = date;
				caloricId = id;
				caloricRestriction = observation.getValueBooleanType().getValue();
			}
		}

		private Quantity quantity(Observation observation, String id, LocalDate date, String label) {
			if (!observation.hasValueQuantity()
					|| !observation.getValueQuantity().hasValue()
					|| observation.getValueQuantity().getValue() == null) {
				messages.add(label + " " + id + " on " + date + " has no numeric value; ignored");
				return null;
			}
			return observation.getValueQuantity();
		}

		private boolean withinDays(LocalDate date, Threshold window) {
			LocalDate first = evaluationDate.minusDays((long) knowledge.threshold(window));
			return !date.isBefore(first) && !date.isAfter(evaluationDate);
		}

		private LocalDate effectiveDate(Observation observation) {
			if (observation.hasEffectiveDateTimeType()) {
				return localDate(observation.getEffectiveDateTimeType());
			}
			if (observation.hasEffectivePeriod() && observation.getEffectivePeriod().hasStartElement()) {
				return localDate(observation.getEffectivePeriod().getStartElement());
			}
			if (observation.hasEffectiveInstantType()) {
				return localDate(observation.getEffectiveInstantType());
			}
			return null;
		}

		private void deriveHomaIr() {
			Map<LocalDate, LabValue> glucose = new TreeMap<>();
			Map<LocalDate, LabValue> insulin = new HashMap<>();
			Set<LocalDate> reported = new java.util.HashSet<>();
			for (LabValue lab : labs) {
				switch (lab.kind()) {
					case FASTING_GLUCOSE -> glucose.put(lab.date(), lab);
					case INSULIN -> insulin.put(lab.date(), lab);
					case HOMA_IR -> reported.add(lab.date());
					default -> { }
				}
			}
			double divisor = knowledge.threshold(Threshold.HOMA_IR_DIVISOR);
			for (Map.Entry<LocalDate, LabValue> entry : glucose.entrySet()) {
				LabValue pair = insulin.get(entry.getKey());
				if (pair != null && !reported.contains(entry.getKey())) {
					List<String> ids = new ArrayList<>(entry.getValue().resourceIds());
					ids.addAll(pair.resourceIds());
					double homa = entry.getValue().value() * pair.value() / divisor;
					labs.add(new LabValue(LabKind.HOMA_IR, entry.getKey(), homa, ids, true));
				}
			}
		}

		PatientRecord build(Hook hook, String focusObservationId) {
			deriveHomaIr();
			labs.sort(Comparator.comparing(LabValue::date).thenComparing(lab -> lab.resourceIds().get(0)));
			igf1.sort(Comparator.comparing(Igf1Point::date).thenComparing(Igf1Point::resourceId));
			exercise.sort(Comparator.comparing(ExerciseSession::date).thenComparing(ExerciseSession::resourceId));
			peptides.sort(Comparator.comparing(PeptideOrder::resourceId));
			if (pregnancyObserved) {
				conditions.computeIfAbsent(CodeGroup.PREGNANCY, key -> new ArrayList<>()).add(pregnancyObservationId);
			}
			conditions.values().forEach(ids -> ids.sort(null));
			Double meanSleep = null;
			if (!sleepHours.isEmpty()) {
				double total = 0;
				for (double hours : sleepHours) {
					total += hours;
				}
				meanSleep = total / sleepHours.size();
			}
			return new PatientRecord(
					evaluationDate,
					hook,
					patientId,
					age,
					sex,
					igf1,
					focusObservationId,
					peptides,
					therapyStart,
					therapyWeek,
					phase,
					labs,
					exercise,
					meanSleep,
					sleepEvidence,
					conditions,
					caloricRestriction,
					caloricRestriction ? List.of(caloricId) : List.of(),
					testosterone,
					pendingLabs,
					messages);
		}
	}

}
