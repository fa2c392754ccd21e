package org.somaxis.gather;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Timing;
import org.somaxis.guidance.Action;
import org.somaxis.guidance.record.Codes;

/**
 * The resources a suggestion's actions stand for, built once for both faces from the typed {@link Action}: the lab
 * order a CREATE proposes and the whole changed resource of an UPDATE. Nothing here reads a description.
 */
public final class ActionResources {
	/** HL7's MedicationRequest status reasons (FHIR R4, ValueSet medicationrequest-status-reason). */
	public static final String STATUS_REASON_SYSTEM = "http://terminology.hl7.org/CodeSystem/medicationrequest-status-reason";

	private ActionResources() {}

	/**
	 * The ServiceRequest a CREATE action proposes, the same on both faces: status {@code draft}, intent {@code order}
	 * (a draft order the clinician signs), the LOINC code, subject the patient, and when it is due as
	 * {@code occurrencePeriod} (a repeat "in 4-6 weeks" or once an ended therapy has worn off was an order for now
	 * beside a text that said later: probe 59, P59-m7).
	 */
	public static ServiceRequest labOrder(Action action, String patientReference) {
		ServiceRequest order = new ServiceRequest();
		order.setStatus(ServiceRequest.ServiceRequestStatus.DRAFT);
		order.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
		order.setCode(new CodeableConcept(new Coding(Codes.LOINC, action.loincCode(), action.loincDisplay())));
		order.setSubject(new Reference(patientReference));
		if (action.dueFrom() != null || action.dueTo() != null) {
			Period due = new Period();
			if (action.dueFrom() != null) {
				due.setStartElement(new DateTimeType(action.dueFrom().toString()));
			}
			if (action.dueTo() != null) {
				due.setEndElement(new DateTimeType(action.dueTo().toString()));
			}
			order.setOccurrence(due);
		}
		return order;
	}

	/**
	 * The resource an UPDATE action acts on, changed exactly as its {@link Action.Change} says: a copy of the order, or
	 * of the MedicationStatement (a peptide the patient reports taking is judged like an order), with the new status
	 * and/or every dosage's route set to the SNOMED CT code. Empty when the evaluation did not see the resource (then
	 * only its id can be given).
	 */
	public static Optional<Resource> changed(Action action, Map<String, Resource> known) {
		Resource current = known.get(action.resourceId());
		if (current == null || action.change() == null) {
			return Optional.empty();
		}
		Action.Change change = action.change();
		if (current instanceof MedicationRequest order) {
			MedicationRequest copy = order.copy();
			if (change.status() != null) {
				copy.setStatus(MedicationRequest.MedicationRequestStatus.fromCode(change.status()));
				statusReason(change).ifPresent(copy::setStatusReason);
				if (!endDosing(change, copy.getDosageInstruction()) && change.endsOn() != null) {
					// a dosage that could not take the end (none, or one bounded by a duration): the supply's validity
					// ends too, which the record reads as the end (probe 61, P61-M2)
					endPeriod(copy.getDispenseRequest().getValidityPeriod(), change.endsOn());
				}
			}
			setRoute(change, copy.getDosageInstruction(), copy::addDosageInstruction);
			return Optional.of(copy);
		}
		if (current instanceof MedicationStatement statement) {
			MedicationStatement copy = statement.copy();
			if (change.status() != null) {
				copy.setStatus(MedicationStatement.MedicationStatementStatus.fromCode(change.status()));
				statusReason(change).ifPresent(reason -> copy.setStatusReason(List.of(reason)));
				endDosing(change, copy.getDosage());
				if (change.endsOn() != null) {
					// when the patient stopped taking it; a statement dated by one dateTime becomes a period from it
					// (it gave no end at all; probe 62, P62-M1)
					if (copy.hasEffectiveDateTimeType()) {
						copy.setEffective(new Period().setStartElement(copy.getEffectiveDateTimeType().copy()));
					}
					if (!copy.hasEffective() || copy.hasEffectivePeriod()) {
						endPeriod(copy.getEffectivePeriod(), change.endsOn());
					}
				}
			}
			setRoute(change, copy.getDosage(), copy::addDosage);
			return Optional.of(copy);
		}
		throw new IllegalStateException("update actions change MedicationRequests and MedicationStatements, not "
				+ current.fhirType());
	}

	/**
	 * Why the status changes, as the changed resource records it: the code of HL7's medicationrequest-status-reason the
	 * knowledge names for the action (pregnancy, allergy), with the finding's summary as text. Before, a stopped order
	 * said nowhere why (probe 56, P56-m3).
	 */
	private static Optional<CodeableConcept> statusReason(Action.Change change) {
		if (change.statusReasonCode() == null && change.statusReasonText() == null) {
			return Optional.empty();
		}
		CodeableConcept reason = new CodeableConcept().setText(change.statusReasonText());
		if (change.statusReasonCode() != null) {
			reason.addCoding(new Coding(STATUS_REASON_SYSTEM, change.statusReasonCode(), null));
		}
		return Optional.of(reason);
	}

	/**
	 * A stop's end day on each dosage's {@code timing.repeat.boundsPeriod.end}: not on one bounded by a duration or a
	 * range, which a period would replace. False when a dosage could not take it (none, or one so bounded: a taper's
	 * open step bounded by weeks kept running; probe 62, P62-m1).
	 */
	private static boolean endDosing(Action.Change change, List<Dosage> dosages) {
		if (change.endsOn() == null) {
			return false;
		}
		boolean every = !dosages.isEmpty();
		for (Dosage dosage : dosages) {
			Timing.TimingRepeatComponent repeat = dosage.getTiming().getRepeat();
			if (repeat.hasBoundsDuration() || repeat.hasBoundsRange()) {
				every = false;
				continue;
			}
			endPeriod(repeat.getBoundsPeriod(), change.endsOn());
		}
		return every;
	}

	/**
	 * Ends the period on {@code day}: not one that ends sooner, not one that starts on a later day (it never began);
	 * one that starts that very day at a time ends when it starts, since a bare day would come before it and break
	 * R4's per-1 (the server refused its own stop; probe 61, P61-m3).
	 */
	private static void endPeriod(Period period, java.time.LocalDate day) {
		String end = day.toString();
		String start = period.hasStartElement() ? day(period.getStartElement()) : "";
		if (start.compareTo(end) > 0 || period.hasEndElement() && day(period.getEndElement()).compareTo(end) <= 0) {
			return;
		}
		period.setEndElement(start.equals(end) && period.getStartElement().getPrecision().ordinal()
				> ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY.ordinal()
				? period.getStartElement().copy() : new DateTimeType(end));
	}

	/** The day part of a date or dateTime as written ("2026-11" for a month, which sorts before its days). */
	private static String day(DateTimeType value) {
		String text = value.getValueAsString();
		return text == null ? "" : text.length() > 10 ? text.substring(0, 10) : text;
	}

	private static void setRoute(Action.Change change, List<Dosage> dosages, Supplier<Dosage> add) {
		if (change.routeCode() == null) {
			return;
		}
		if (dosages.isEmpty()) {
			add.get();
		}
		for (Dosage dosage : dosages) {
			dosage.setRoute(new CodeableConcept(new Coding(Codes.SNOMED, change.routeCode(), null)));
		}
	}
}
