package org.somaxis.guidance.record;

import static org.somaxis.guidance.record.FhirValues.idOf;
import static org.somaxis.guidance.record.FhirValues.localDate;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Type;
import org.somaxis.guidance.knowledge.Threshold;

/**
 * Reads the records that a peptide was given (MedicationAdministration) or dispensed (MedicationDispense): current
 * therapy when given, or still supplied, no more than {@code given-or-dispensed-current-days} before the evaluation
 * date; else the course's history. What a record is then (a peptide, testosterone, a drug that cannot be read) is
 * {@link TherapyReader}'s to say, as for orders; which of a peptide's records stays current is settled there too.
 */
final class GivenOrDispensedReader {
	private static final String NOT_SAID_GIVEN = "has no status saying whether it was given";
	private static final String NOT_SAID_DISPENSED = "has no status saying whether it was dispensed";
	private static final String UNDATED_GIVEN = "has no date saying when it was given";
	private static final String UNDATED_DISPENSED = "has no day saying when it was dispensed (whenHandedOver, whenPrepared)";

	/** An administration that says the drug was not given (or was recorded in error). */
	private static final Set<MedicationAdministration.MedicationAdministrationStatus> NOT_GIVEN = Set.of(
			MedicationAdministration.MedicationAdministrationStatus.NOTDONE,
			MedicationAdministration.MedicationAdministrationStatus.ENTEREDINERROR);

	/** A dispense that says the drug was not handed over (or was recorded in error). */
	private static final Set<MedicationDispense.MedicationDispenseStatus> NOT_DISPENSED = Set.of(
			MedicationDispense.MedicationDispenseStatus.CANCELLED,
			MedicationDispense.MedicationDispenseStatus.DECLINED,
			MedicationDispense.MedicationDispenseStatus.ENTEREDINERROR);

	private final RecordBuilder record;
	private final TherapyReader therapy;

	GivenOrDispensedReader(RecordBuilder record, TherapyReader therapy) {
		this.record = record;
		this.therapy = therapy;
	}

	/**
	 * A clinic's record that the drug was given: current therapy when given recently, else the course's history. One
	 * that says it was not given is no therapy; one that does not say, or has no date, is named.
	 */
	void read(MedicationAdministration administration) {
		MedicationAdministration.MedicationAdministrationStatus status = administration.getStatus();
		if (status != null && NOT_GIVEN.contains(status)) {
			return;
		}
		String id = idOf(administration);
		org.hl7.fhir.r4.model.BaseDateTimeType given = null;
		LocalDate last = null;
		if (administration.hasEffectiveDateTimeType()) {
			given = administration.getEffectiveDateTimeType();
			last = localDate(given);
		} else if (administration.hasEffectivePeriod()) {
			var period = administration.getEffectivePeriod();
			given = period.hasStartElement() ? period.getStartElement() : period.getEndElement();
			last = period.hasEndElement() ? localDate(period.getEndElement())
					: status == MedicationAdministration.MedicationAdministrationStatus.INPROGRESS
							|| status == MedicationAdministration.MedicationAdministrationStatus.ONHOLD
							? record.evaluationDate // still running: it covers the day evaluated
							: localDate(given);
			LocalDate first = localDate(given);
			if (first != null && last != null && last.isBefore(first)) {
				// R4's per-1 broken (the store refuses it; a prefetch or an inline Bundle may carry it): the later day
				// counts, so an administration of this week is never read as past therapy because of a mistyped end
				record.messages.add(id + " has an effectivePeriod that ends (" + last + ") before it starts (" + first
						+ "); read as given until the later day");
				last = first;
			}
		}
		boolean known = status != null && status != MedicationAdministration.MedicationAdministrationStatus.UNKNOWN;
		Dosage dosage = new Dosage();
		if (administration.hasDosage()) {
			dosage.setRoute(administration.getDosage().getRoute());
			if (administration.getDosage().hasDose()) {
				dosage.addDoseAndRate().setDose(administration.getDosage().getDose());
			}
		}
		readEvent(id, administration.getMedication(), known ? null : NOT_SAID_GIVEN, UNDATED_GIVEN, given, last,
				dosage.isEmpty() ? List.of() : List.of(dosage), PeptideOrder.Source.ADMINISTRATION, null);
	}

	/**
	 * A pharmacy's record that the drug was handed over (or is being prepared for the patient): current therapy until
	 * its days' supply runs out and {@code given-or-dispensed-current-days} more, else the course's history. One that
	 * says it was not dispensed is no therapy; one that does not say, or has no day, is named.
	 */
	void read(MedicationDispense dispense) {
		MedicationDispense.MedicationDispenseStatus status = dispense.getStatus();
		if (status != null && NOT_DISPENSED.contains(status)) {
			return;
		}
		String id = idOf(dispense);
		DateTimeType when = localDate(dispense.getWhenHandedOverElement()) != null ? dispense.getWhenHandedOverElement()
				: localDate(dispense.getWhenPreparedElement()) != null ? dispense.getWhenPreparedElement() : null;
		LocalDate handedOver = when == null ? null : localDate(when);
		Long supplied = suppliedDays(dispense);
		LocalDate last = handedOver == null ? null : handedOver.plusDays(supplied == null ? 0 : supplied);
		boolean known = status != null && status != MedicationDispense.MedicationDispenseStatus.UNKNOWN;
		// older than the window, whether it still lasts depends on a supply whose unit cannot be read: the course's
		// history all the same, and named
		Quantity supply = dispense.getDaysSupply();
		String value = supply.hasValue() ? supply.getValue().toPlainString() : "no value";
		String unit = supply.hasCode() ? supply.getCode() : supply.getUnit();
		String doubt = supplied == null
				? "gives a days' supply that cannot be read (" + value + (unit == null ? "" : " " + unit)
						+ "), so whether it is still taken is not known"
				: null;
		readEvent(id, dispense.getMedication(), known ? null : NOT_SAID_DISPENSED, UNDATED_DISPENSED, when, last,
				dispense.getDosageInstruction(), PeptideOrder.Source.DISPENSE, doubt);
	}

	/**
	 * Days in one unit of a days' supply: UCUM's d, wk, mo and a, or the words (in any case, with "(s)", or as a UCUM
	 * annotation such as {days}); none for any other unit.
	 */
	private static final java.util.Map<String, Integer> SUPPLY_UNIT_DAYS = java.util.Map.ofEntries(
			java.util.Map.entry("d", 1), java.util.Map.entry("day", 1), java.util.Map.entry("days", 1),
			java.util.Map.entry("wk", 7), java.util.Map.entry("week", 7), java.util.Map.entry("weeks", 7),
			java.util.Map.entry("mo", 30), java.util.Map.entry("month", 30), java.util.Map.entry("months", 30),
			java.util.Map.entry("a", 365), java.util.Map.entry("year", 365), java.util.Map.entry("years", 365));

	/** The longest supply read: longer is read as this (ten years), so no value overflows a date. */
	private static final long MAX_SUPPLY_DAYS = 3_650;

	/**
	 * Whole days of supply a dispense gives ({@link #SUPPLY_UNIT_DAYS}; no unit is days): 0 when it gives none, at most
	 * {@link #MAX_SUPPLY_DAYS}, and null when it gives one that cannot be read (no value, none or less, another unit).
	 */
	private static Long suppliedDays(MedicationDispense dispense) {
		Quantity supply = dispense.getDaysSupply();
		if (!dispense.hasDaysSupply()) {
			return 0L; // none given: the window alone
		}
		if (!supply.hasValue() || supply.getValue().signum() <= 0) {
			return null; // given, but no supply can be read from it
		}
		String unit = supply.hasCode() ? supply.getCode() : supply.getUnit();
		String word = unit == null ? "d" : unit.trim().toLowerCase(java.util.Locale.ROOT)
				.replace("(s)", "s").replaceAll("^\\{(.*)}$", "$1");
		Integer days = SUPPLY_UNIT_DAYS.get(word);
		if (days == null) {
			return null;
		}
		java.math.BigDecimal total = supply.getValue().multiply(java.math.BigDecimal.valueOf(days));
		return total.compareTo(java.math.BigDecimal.valueOf(MAX_SUPPLY_DAYS)) > 0 ? MAX_SUPPLY_DAYS : total.longValue();
	}

	/**
	 * @param unknownStatus the words for a status that does not say whether it happened, null when it does
	 * @param undated the words for a missing day
	 * @param when when it was given or handed over (null when not dated)
	 * @param last the last day it covers: the end of the administration, or the last day of the dispense's supply
	 * @param doubt why a record that reads as ended may still be current (a supply that cannot be read), else null: it
	 *     then dates the course as history and is named
	 */
	private void readEvent(String id, Type drug, String unknownStatus, String undated,
			org.hl7.fhir.r4.model.BaseDateTimeType when, LocalDate last, List<Dosage> dosage, PeptideOrder.Source source,
			String doubt) {
		LocalDate start = localDate(when);
		OrderStatus status = null; // not counted, and named by addPeptide when it is a peptide
		String unsaid = unknownStatus != null ? unknownStatus : undated;
		if (unknownStatus == null && start != null && last != null) {
			long window = (long) record.threshold(Threshold.GIVEN_OR_DISPENSED_CURRENT_DAYS);
			if (FhirValues.afterEverywhere(when, record.today)) {
				// a clock or typing error, or the newest record of all: never passed over unseen
				unsaid = "is dated " + when.getValueAsString() + ", after today";
			} else {
				// compared in every time zone: given tomorrow morning east of here may be today here
				boolean current = !FhirValues.afterEverywhere(when, record.evaluationDate)
						&& !last.plusDays(window).isBefore(record.evaluationDate);
				status = current ? OrderStatus.ACTIVE : OrderStatus.ENDED;
			}
		}
		CodeableConcept medication = therapy.drugOf(id, drug, true, status != OrderStatus.ENDED);
		if (medication == null) {
			return;
		}
		if (therapy.otherDrug(id, medication, status)) {
			return;
		}
		therapy.addPeptide(id, medication, status, unsaid, dosage, start, null, source);
		if (doubt != null && status == OrderStatus.ENDED) {
			record.endedPeptides.stream()
					.filter(order -> order.resourceId().equals(id))
					.findFirst()
					.ifPresent(order -> therapy.doubted(order, doubt));
		}
	}
}
