package org.somaxis.guidance.record;

import static org.somaxis.guidance.record.FhirValues.afterEverywhere;
import static org.somaxis.guidance.record.FhirValues.idOf;
import static org.somaxis.guidance.record.FhirValues.instantWithTime;
import static org.somaxis.guidance.record.FhirValues.localDate;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.somaxis.guidance.knowledge.ConceptSet;
import org.somaxis.guidance.DataProblemException;

/**
 * Routes each Observation to the one place that reads its {@link ObservationKind}, after the checks every kind shares:
 * status (entered-in-error and cancelled are passed over, registered is named and not read), an effective day, and not
 * after the evaluation date in every time zone.
 */
final class ObservationReader {
	private final RecordBuilder record;
	private final LabReader labs;
	private final LifestyleReader lifestyle;
	private final ConditionReader conditions;

	ObservationReader(RecordBuilder record, ConditionReader conditions) {
		this.record = record;
		this.labs = new LabReader(record);
		this.lifestyle = new LifestyleReader(record);
		this.conditions = conditions;
	}

	void read(Observation observation) {
		Observation.ObservationStatus status = observation.getStatus();
		if (status == Observation.ObservationStatus.ENTEREDINERROR || status == Observation.ObservationStatus.CANCELLED) {
			return;
		}
		// the kind is the code's, as on every face: the store and a prefetch ask by code (GatherPlan), and profile
		// inference keys on it; a value from the exercise-types CodeSystem under another code is not a session
		ObservationKind kind = ObservationKind.of(observation.getCode(),
				observation.hasValueQuantity() ? FhirValues.unit(observation.getValueQuantity()) : "").orElse(null);
		if (kind == null && record.knowledge.pregnancyStatus().estimatedDeliveryDate().matches(observation.getCode())) {
			kind = ObservationKind.ESTIMATED_DELIVERY_DATE; // a code a clinic added to ValueSet estimated-delivery-date-codes
		}
		if (kind == null) {
			kind = misnamedLoinc(observation);
			if (kind == null) {
				return;
			}
		}
		if (kind == ObservationKind.PREGNANCY_ASSERTION && !conditions.isPregnancyStatusValue(observation)
				&& hasCodedValue(observation)) {
			return; // an assertion of something else (a C-CDA allergy or problem converted as it was); one whose value is
			// text only ("Pregnant") may be the pregnancy observation, and is read on, to be named as a status so valued is
		}
		String id = idOf(observation);
		BaseDateTimeType effective = effective(observation);
		if (effective == null && !observation.hasEffective() && observation.hasIssued() && kind.isPregnancy()) {
			// a pregnancy known only from a result released without an effective time: ignoring it could let a
			// peptide order through, so it is dated by its release (an upper bound of when it was true), and named
			effective = observation.getIssuedElement();
			record.messages.add(kind.label() + " " + id + " has no effective date; dated by when it was issued ("
					+ observation.getIssuedElement().getValueAsString() + ")");
		}
		LocalDate date = effective == null ? null : localDate(effective);
		if (date == null && effective != null && kind.isPregnancy() && kind != ObservationKind.ESTIMATED_DELIVERY_DATE
				&& conditions.saysPregnant(observation, kind)) {
			date = pregnancyOfAMonthOrYear(observation, id, effective, kind);
		}
		if (date == null) {
			mayBePregnant(observation, id, null, kind);
			if (kind == ObservationKind.IGF1) {
				// an IGF-1 that may be newer than the last one read: nothing reassuring may be said from that one
				record.undatedIgf1(id, lastPossibleDay(observation, effective));
			}
			unreadGlycaemia(kind, id, null);
			throw new DataProblemException(kind.label() + " " + id + (!observation.hasEffective()
					? " has no effective date; ignored"
					: observation.hasEffectiveTiming()
							? " is dated by a timing, which is not read; ignored"
							: " has an effective date without a day; ignored"));
		}
		if (afterEverywhere(effective, record.evaluationDate)) {
			if (kind.isPregnancy()) {
				// a pregnancy dated after the day evaluated is not counted, but never passed over unseen: a record dated
				// ahead of its time (a clock or time-zone error) may be the only record of a pregnancy
				record.messages.add(kind.label() + " " + id + " is dated " + effective.getValueAsString()
						+ ", after the evaluation date " + record.evaluationDate + "; not counted - please check it");
				mayBePregnant(observation, id, null, kind);
			} else if (afterEverywhere(effective, record.today)) {
				// not a look back: a result dated in the future is a clock or typing error, and may be the newest one
				inTheFuture(kind, id, effective, "not counted");
			}
			return; // a look back at an earlier day: not yet recorded then
		}
		if (afterEverywhere(effective, record.today)) {
			// an evaluation date after today: a result dated in the future is still a clock or typing error
			inTheFuture(kind, id, effective, "counted for the evaluation date " + record.evaluationDate);
		}
		if (record.bornEarliest != null && date.isBefore(record.bornEarliest)) {
			// dated before the patient was born: another person's result (a mother's, on her newborn's chart) or a wrong
			// date. A lab or a session is not the patient's current one (a pre-birth IGF-1 drew an above-range card, its
			// message saying "age unknown"); a pregnancy record still counts, the safe mistake with a peptide ordered
			// (probe 45, M3)
			String named = kind.label() + " " + id + " on " + date + " is dated before the patient's birth ("
					+ (record.bornEarliest.equals(record.bornLatest) ? record.bornEarliest
							: record.bornEarliest + " to " + record.bornLatest) + "): another person's record or a wrong date";
			if (!kind.isPregnancy()) {
				throw new DataProblemException(named + "; not used - please check it");
			}
			record.messages.add(named + "; counted - please check it");
		}
		boolean registeredPregnant = status == Observation.ObservationStatus.REGISTERED && kind.isPregnancy()
				&& conditions.saysPregnant(observation, kind);
		if (registeredPregnant) {
			// a status that says no result yet beside a value that says pregnant: counted, the safe mistake with a
			// peptide ordered (before this status was checked at all, it counted too), and the contradiction named
			record.messages.add(kind.label() + " " + id + " on " + date + " has status registered (no result yet"
					+ " available) but says pregnant; counted as pregnant - please check it");
		} else if (status == Observation.ObservationStatus.REGISTERED) {
			// R4: "the existence of the observation is registered, but there is no result yet available": a value it
			// carries is not a result. Not read, for every kind, and named; an IGF-1 or a pregnancy record so is handled
			// as one that could not be read (it may be newer than the one read, or say pregnant). `unknown`, like
			// preliminary, amended and corrected, is read: R4 leaves its value standing.
			if (kind == ObservationKind.IGF1) {
				record.unreadIgf1On(id, date);
			}
			mayBePregnant(observation, id, date, kind);
			throw new DataProblemException(kind.label() + " " + id + " on " + date
					+ " has status registered (no result yet available); not counted");
		}
		java.time.Instant time = instantWithTime(effective);
		switch (kind) {
			case IGF1 -> {
				try {
					labs.readIgf1(observation, id, date, time);
				} catch (DataProblemException unread) {
					// an older result must not pass for the current one (PatientRecord#supersededByUnreadIgf1)
					record.unreadIgf1On(id, date);
					throw unread;
				}
			}
			case FASTING_GLUCOSE_MASS, FASTING_GLUCOSE_MOLAR, GLUCOSE_NOT_FASTING, GLUCOSE_NOT_FASTING_MOLAR, INSULIN, HBA1C,
					HBA1C_IFCC, IGFBP3, TESTOSTERONE, HOMA_IR -> {
				try {
					labs.readLab(observation, id, date, time, kind, kind.lab().orElseThrow());
				} catch (DataProblemException unread) {
					unreadGlycaemia(kind, id, date);
					throw unread;
				}
			}
			case SLEEP -> lifestyle.readSleep(observation, id, date);
			case EXERCISE -> lifestyle.readExercise(observation, id, date);
			case PREGNANCY_STATUS, PREGNANCY_STATUS_REPORTED, PREGNANCY_ASSERTION ->
					conditions.readPregnancyStatus(observation, id, date, instantWithTime(effective));
			case CALORIC_RESTRICTION -> lifestyle.readCaloricRestriction(observation, id, date);
			case PREGNANCY_TEST -> conditions.readPregnancyTest(observation, id, date, instantWithTime(effective));
			case QUANTITATIVE_HCG -> conditions.readQuantitativeHcg(observation, id, date, instantWithTime(effective));
			case ESTIMATED_DELIVERY_DATE ->
					conditions.readEstimatedDeliveryDate(observation, id, date, instantWithTime(effective));
		}
	}

	/** A glucose or HbA1c named and not used: the glucose-tolerance check may be missing it. */
	private void unreadGlycaemia(ObservationKind kind, String id, LocalDate date) {
		kind.lab().filter(lab -> lab == LabKind.FASTING_GLUCOSE || lab == LabKind.GLUCOSE_NOT_FASTING || lab == LabKind.HBA1C)
				.ifPresent(lab -> record.unreadGlycaemia.add(new RecordBuilder.UnreadLab(id, lab, date)));
	}

	/**
	 * Names a result that carries one of the LOINC codes read here under a system that is not LOINC ("https://loinc.org",
	 * "http://loinc.org/", "LOINC") or under none, and returns its kind when it is to be read: it is most likely the
	 * lab's IGF-1, glucose or pregnancy test under a misspelt system, and passing over it could hide a finding. A
	 * pregnancy status or test that says pregnant is read as LOINC (the caller reads it), as one dated only by its issue
	 * time is; one that says not pregnant is not, so it cannot end a pregnancy another record shows; other kinds are not
	 * read, and an IGF-1 so coded supersedes an older one as an unreadable one does. A search by code alone fetches such
	 * results.
	 */
	private ObservationKind misnamedLoinc(Observation observation) {
		for (org.hl7.fhir.r4.model.Coding coding : observation.getCode().getCoding()) {
			ObservationKind kind = coding.hasCode() ? ObservationKind.of(Codes.LOINC, coding.getCode().trim()).orElse(null) : null;
			if (kind == null && coding.hasCode() && coding.getCode().trim().equalsIgnoreCase("ASSERTION")) {
				// C-CDA's pregnancy observation under another spelling of ActCode (URN:OID in capitals, the bare OID, no
				// system): missed without a word (probe 51, P51-C1). An assertion of something else says nothing
				if (conditions.isPregnancyStatusValue(observation) || !hasCodedValue(observation)) {
					kind = ObservationKind.PREGNANCY_ASSERTION;
				}
			}
			if (kind != null) {
				boolean read = kind.isPregnancy() && conditions.saysPregnant(observation, kind);
				String system = kind == ObservationKind.PREGNANCY_ASSERTION ? "HL7 v3 ActCode" : "LOINC";
				boolean rightSystem = coding.hasSystem() && kind.system().equals(ConceptSet.system(coding.getSystem()));
				record.messages.add(kind.label() + " " + idOf(observation) + " is coded " + coding.getCode().trim()
						+ (coding.hasSystem() ? " in the system '" + coding.getSystem() + "'" : " without a system")
						+ (rightSystem ? ", which " + system + " writes " + kind.codes().get(0)
								: ", which is not " + system + " (" + kind.system() + ")") + "; " + (read
								? "read as " + system + " " + kind.codes().get(0) + ", since it says pregnant and ignoring it"
										+ " could let a peptide order through"
								: "not read") + " - please check it");
				if (kind == ObservationKind.IGF1) {
					unreadIgf1(observation);
				} else if (!read) {
					BaseDateTimeType effective = effective(observation);
					LocalDate day = effective == null || afterEverywhere(effective, record.evaluationDate) ? null : localDate(effective);
					mayBePregnant(observation, idOf(observation), day, kind);
					unreadGlycaemia(kind, idOf(observation), day); // a glucose or HbA1c so coded is not read either
				}
				return read ? kind : null;
			}
		}
		return null;
	}

	/** Whether the value is a CodeableConcept with a coding that has a code: a value given only as text is not. */
	private static boolean hasCodedValue(Observation observation) {
		return observation.hasValueCodeableConcept()
				&& observation.getValueCodeableConcept().getCoding().stream().anyMatch(coding -> coding.hasCode());
	}

	/**
	 * A pregnancy status or test named and not used that does not say not pregnant: the pregnancy contraindication may
	 * be missing ({@link PatientRecord#pregnancyMayBeMissing}). Other kinds are left alone.
	 */
	private void mayBePregnant(Observation observation, String id, LocalDate day, ObservationKind kind) {
		if (kind.isPregnancy() && !conditions.saysNotPregnant(observation, kind)) {
			record.unreadPregnancy(id, day, kind);
		}
	}

	private void inTheFuture(ObservationKind kind, String id, BaseDateTimeType effective, String outcome) {
		record.messages.add(kind.label() + " " + id + " is dated " + effective.getValueAsString() + ", in the future (today is "
				+ record.today + "); " + outcome + " - please check it");
	}

	/** An IGF-1 that is named and not read: an older result it may supersede must not pass for the current one. */
	private void unreadIgf1(Observation observation) {
		BaseDateTimeType effective = effective(observation);
		LocalDate date = effective == null ? null : localDate(effective);
		if (date == null) {
			record.undatedIgf1(idOf(observation), lastPossibleDay(observation, effective));
		} else if (!afterEverywhere(effective, record.evaluationDate)) {
			record.unreadIgf1On(idOf(observation), date);
		}
	}

	void finish() {
		SameDay.order(record);
		labs.deriveHomaIr();
		lifestyle.finish();
	}

	/**
	 * The numeric value, or a data problem naming the result. A value reported as a bound ("&lt;25", "&gt;1000") is read
	 * as the bound, so a result beyond the assay's range still counts, and a message says so.
	 */
	static Quantity quantity(Observation observation, String id, LocalDate date, ObservationKind kind, List<String> messages) {
		if (!observation.hasValueQuantity() || observation.getValueQuantity().getValue() == null) {
			// what the lab did send, quoted for the clinician: a text result ("&gt;1000") and its own flag (HH)
			String text = observation.hasValueStringType() ? observation.getValueStringType().getValue() : null;
			throw new DataProblemException(kind.label() + " " + id + " on " + date + " has no numeric value"
					+ (text == null || text.isBlank() ? "" : " (reported as text '" + abbreviated(text.strip()) + "')")
					+ LabReader.labFlag(observation) + "; ignored");
		}
		Quantity quantity = observation.getValueQuantity();
		if (quantity.hasComparator()) {
			messages.add(kind.label() + " " + id + " on " + date + " is reported as '" + quantity.getComparator().toCode()
					+ FhirValues.number(quantity.getValue().doubleValue()) + "', not an exact value; read as "
					+ (isUnder(quantity) ? "just under " : "") + FhirValues.number(quantity.getValue().doubleValue())
					+ " - please check it");
		}
		return quantity;
	}

	/** Whether the value is reported as under its number ("&lt;200"): read as just under it, never at it. */
	static boolean isUnder(Quantity quantity) {
		return quantity.getComparator() == Quantity.QuantityComparator.LESS_THAN;
	}

	/**
	 * A value read from a quantity, just under its number when it is reported as under it: "&lt;200 mg/dL" read as 200 met
	 * the cut-off of 200 it is under, and drew the critical MK-677 card (probe 80, P80-M2; probe 81, P81-m3).
	 */
	static double asRead(Quantity quantity, double value) {
		return isUnder(quantity) ? Math.nextDown(value) : value;
	}

	/**
	 * A status or test that says pregnant, dated only to its month or year (a C-CDA effectiveTime of {@code 202611}, which
	 * converters write as {@code 2026-11}): read as of the last day it may have been taken, which keeps it counted as long
	 * as any day of that month could, the safe mistake with a peptide ordered, and named. It was ignored, and the
	 * contraindication became a warning (probe 50, P50-M3); an estimated delivery date of a month already counted.
	 * Null when the whole month or year is after the evaluation date, or the date is not a month or year.
	 */
	private LocalDate pregnancyOfAMonthOrYear(Observation observation, String id, BaseDateTimeType effective,
			ObservationKind kind) {
		int length = effective.getValueAsString() == null ? 0 : effective.getValueAsString().length();
		LocalDate last = length == 7 || length == 4 ? lastPossibleDay(observation, effective) : null;
		if (last != null) {
			record.messages.add(kind.label() + " " + id + " says pregnant and is dated only to "
					+ effective.getValueAsString() + "; read as of " + last + ", the last day it may have been taken"
					+ " - please check it");
		}
		return last;
	}

	/**
	 * The last day a result that cannot be dated to a day may have been taken, at most the evaluation date: the end of
	 * its month or year, the day it was issued (a result is released after it is taken) or, for a timing or no date at
	 * all, the evaluation date; null when it was taken after the evaluation date.
	 */
	private LocalDate lastPossibleDay(Observation observation, BaseDateTimeType partial) {
		String text = partial == null ? null : partial.getValueAsString();
		LocalDate first;
		LocalDate last;
		if (text != null && text.length() == 7) { // YYYY-MM
			YearMonth month = YearMonth.of(partial.getYear(), partial.getMonth() + 1);
			first = month.atDay(1);
			last = month.atEndOfMonth();
		} else if (text != null && text.length() == 4) { // YYYY
			first = LocalDate.of(partial.getYear(), 1, 1);
			last = LocalDate.of(partial.getYear(), 12, 31);
		} else if (partial == null && !observation.hasEffective() && observation.hasIssued()) {
			first = null;
			last = localDate(observation.getIssuedElement());
		} else {
			first = null;
			last = null;
		}
		if (first != null && first.isAfter(record.evaluationDate)) {
			return null;
		}
		return last == null || last.isAfter(record.evaluationDate) ? record.evaluationDate : last;
	}

	private static String abbreviated(String text) {
		return text.length() <= 40 ? text : text.substring(0, 40) + "...";
	}

	/** The time the result is dated by: effective[x], a period by its start (or, known only by its end, its end). */
	private static BaseDateTimeType effective(Observation observation) {
		if (observation.hasEffectiveDateTimeType()) {
			return observation.getEffectiveDateTimeType();
		}
		if (observation.hasEffectivePeriod() && observation.getEffectivePeriod().hasStartElement()) {
			return observation.getEffectivePeriod().getStartElement();
		}
		if (observation.hasEffectivePeriod() && observation.getEffectivePeriod().hasEndElement()) {
			// a period known only by its end (a specimen collected "until" a time): the day it ended
			return observation.getEffectivePeriod().getEndElement();
		}
		if (observation.hasEffectiveInstantType()) {
			return observation.getEffectiveInstantType();
		}
		return null;
	}
}
