package org.somaxis.guidance.record;

import static org.somaxis.guidance.record.FhirValues.number;
import static org.somaxis.guidance.record.FhirValues.unconvertible;
import static org.somaxis.guidance.record.FhirValues.unit;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.somaxis.guidance.DataProblemException;
import org.somaxis.guidance.knowledge.Threshold;

/** Reads laboratory results: IGF-1 (with its reference interval) and the metabolic labs, and derives HOMA-IR. */
final class LabReader {
	private final RecordBuilder record;

	LabReader(RecordBuilder record) {
		this.record = record;
	}

	void readIgf1(Observation observation, String id, LocalDate date, java.time.Instant time) {
		List<String> readAsItsBound = new ArrayList<>(); // said only of a result that is read
		Quantity quantity = ObservationReader.quantity(observation, id, date, ObservationKind.IGF1, readAsItsBound);
		Double ng = record.units.normalise(ObservationKind.IGF1, quantity.getValue().doubleValue(), unit(quantity));
		if (ng == null) {
			throw new DataProblemException(unconvertible(ObservationKind.IGF1, id, date, quantity));
		}
		ng = ObservationReader.asRead(quantity, ng);
		if (ng <= 0) {
			throw new DataProblemException("IGF-1 on " + date + " is not positive (" + number(ng) + " ng/mL); ignored");
		}
		AgeRange age = record.ageOn(date); // a laboratory reads a result by the age at collection
		Igf1Intervals.LabRange lab =
				Igf1Intervals.fromLab(observation, age, record.sex, record.units, date, record.messages);
		ReferenceInterval interval = lab.interval();
		if (interval == null && record.sex != Sex.MALE && record.sex != Sex.FEMALE && observation.hasReferenceRange()) {
			interval = eachSexAgrees(observation, age, date, ng, id);
		}
		if (interval == null) {
			interval = Igf1Intervals.fromTable(record.intervals, age, record.sex);
			if (observation.hasReferenceRange()) {
				// the lab's own range says more about its assay than any table: say it was not used, why, and what was
				record.messages.add("IGF-1 " + id + " on " + date + " has a reference range from the lab that cannot be used"
						+ " (" + lab.unusable() + "); "
						+ (interval == null ? "no other interval applies" : "interpreted with " + interval.origin() + " instead")
						+ labFlag(observation) + " - please check it");
			}
		}
		List<ReferenceInterval> eachAge = interval == null
				? Igf1Intervals.bandsOfEachAge(record.intervals, age, record.sex) : List.of();
		ReferenceInterval agreed = Igf1Intervals.agreeing(eachAge, ng);
		if (agreed != null) {
			// the bands of each age a partial birth date allows read it alike: the reading is known whichever applies
			interval = agreed;
			record.messages.add("IGF-1 on " + date + ": no single reference interval applies to ages " + age
					+ (record.sex == Sex.UNKNOWN ? "" : " (" + record.sex.code() + ")") + " (a partial birth date); at "
					+ number(ng) + " ng/mL it is " + reading(agreed, ng) + " the interval of each ("
					+ eachAge.stream().map(band -> number(band.low()) + "-" + number(band.high()))
							.collect(java.util.stream.Collectors.joining(", "))
					+ " ng/mL, " + record.intervals.source() + "), so it is read so against " + number(agreed.low()) + "-"
					+ number(agreed.high()) + " ng/mL - please check it");
		}
		boolean adultBandsOnly = false;
		if (interval == null) {
			String sex = record.sex == Sex.UNKNOWN ? "" : " (" + record.sex.code() + ")";
			// above the upper limit of every band of the table, it is above the patient's interval whatever the age
			interval = Igf1Intervals.aboveEveryBand(record.intervals, age, record.sex, ng);
			// a child's own range may be higher than every adult band (puberty): above them, not known to be above it
			adultBandsOnly = interval != null && age != null && record.intervals.below(age.oldest());
			record.messages.add("IGF-1 on " + date + ": " + (age == null
					? "the patient's age is unknown, so no age-specific reference interval applies"
					: age.exactYears() == null
							? "no single reference interval applies to ages " + age + sex + " (a partial birth date)"
							: "no reference interval applies to age " + age + sex)
					+ (interval == null
							? "; the result is not interpreted as low, normal or high"
							: "; at " + number(ng) + " ng/mL it is above the upper limit of every interval the patient's"
									+ " age may fall in (" + record.intervals.source() + "), so it is read as above range"
									+ " against the highest ("
									+ number(interval.low()) + "-" + number(interval.high()) + " ng/mL) - please check it"));
		}
		if (interval == null) {
			// read, but not interpreted: beside a peptide its check against +3 SDS may be missing, as an IGF-1 that could
			// not be read at all (a partial birth date that puts 320 ng/mL above one band and within the other drew only an
			// info line: probe 83, P83-M5)
			record.uninterpretedIgf1On(id, date);
		}
		double veryHigh = record.threshold(Threshold.IGF1_VERY_HIGH_SDS);
		Interpretation interpretation = interval == null ? null : interval.interpret(ng, veryHigh);
		boundOnEitherSideOfTheInterval(quantity, interval, interpretation, veryHigh, id, date);
		record.messages.addAll(readAsItsBound);
		String flag = interpretation == null ? null : contradictedFlag(observation, interpretation).orElse(null);
		if (flag != null) {
			String reading = interpretation == Interpretation.N ? "within range"
					: interpretation.isAbove() ? "above range" : "below range";
			record.messages.add("IGF-1 " + id + " on " + date + " was flagged " + flag + " by the lab, "
					+ (!interval.fromTheLaboratory() && !observation.hasReferenceRange()
							? "which sent no reference range; read with " + interval.origin() + " it is " + reading
							: "though it is " + reading + " read with "
									+ (interval.fromTheLaboratory() ? "the lab's own range" : interval.origin()) + " ("
									+ number(interval.low()) + "-" + number(interval.high()) + " ng/mL)")
					+ " - please check it");
		}
		boolean during = record.therapyStart != null && !date.isBefore(record.therapyStart);
		record.igf1.add(new Igf1Point(
				id,
				date,
				ng,
				quantity.getValue().doubleValue() == ng && !quantity.hasComparator() ? null : asReported(quantity),
				interval,
				interval == null ? null : interval.sds(ng),
				interpretation,
				during,
				time,
				adultBandsOnly,
				flag != null,
				observation.getStatus() == Observation.ObservationStatus.PRELIMINARY));
	}

	/**
	 * An IGF-1 reported as a bound is read at it only where that settles its reading against the interval and +3 SDS:
	 * under the interval's lower limit, or above +3 SDS. Another bound is not read: "&gt;130" on therapy drew the "in the
	 * target band" reassurance, and "&gt;300" read as within range, though either may be above +3 SDS (probe 83, P83-M3);
	 * as an IGF-1 that could not be read, beside a peptide the "guidance may be incomplete" warning stands in for it.
	 */
	private void boundOnEitherSideOfTheInterval(Quantity quantity, ReferenceInterval interval, Interpretation interpretation,
			double veryHigh, String id, LocalDate date) {
		if (!quantity.hasComparator() || interval == null) {
			return;
		}
		boolean settles = switch (quantity.getComparator()) {
			case LESS_THAN, LESS_OR_EQUAL -> interpretation == Interpretation.L;
			case GREATER_THAN, GREATER_OR_EQUAL -> interpretation == Interpretation.HH;
			default -> false;
		};
		if (!settles) {
			throw new DataProblemException("IGF-1 " + id + " on " + date + " is reported as '" + asReported(quantity)
					+ "', a bound that does not tell where it lies against the reference interval (" + number(interval.low())
					+ "-" + number(interval.high()) + " ng/mL) and +" + number(veryHigh) + " SDS ("
					+ number(interval.valueAtSds(veryHigh)) + " ng/mL); ignored - please check it");
		}
	}

	/**
	 * For a patient with no sex chosen (gender other or unknown, a birth sex at odds with it, a sex parameter for clinical
	 * use of "specified"), whose lab sent ranges for each sex and none for everyone: the lab's range when the result reads
	 * alike against the one for males and the one for females (260 ng/mL above both 50-200 and 60-220), named; null when
	 * the lab sent no range for one of them (the fallback table is used). When the two read it differently the result is
	 * not read (a {@link DataProblemException}, so it counts among the IGF-1 results that could not be used), rather than
	 * read against the fallback table's sex-combined band. Setting both aside turned a result above the lab's every range
	 * into one within the fallback table's.
	 */
	private ReferenceInterval eachSexAgrees(Observation observation, AgeRange age, LocalDate date, double ng, String id) {
		List<String> unused = new java.util.ArrayList<>();
		ReferenceInterval male = Igf1Intervals.fromLab(observation, age, Sex.MALE, record.units, date, unused).interval();
		ReferenceInterval female = Igf1Intervals.fromLab(observation, age, Sex.FEMALE, record.units, date, unused).interval();
		if (male == null || female == null) {
			return null;
		}
		ReferenceInterval agreed = Igf1Intervals.agreeing(List.of(male, female), ng);
		if (agreed == null) {
			// the fallback table's sex-combined band is a third interval, which the lab did not issue: 230 ng/mL above
			// the range for females and within that for males read as normal, with no sign of either (probe 45, M5)
			throw new DataProblemException("IGF-1 " + id + " on " + date + ": no sex is chosen for the patient's reference"
					+ " interval, and at " + number(ng) + " ng/mL it is " + reading(female, ng) + " the lab's range for"
					+ " females (" + number(female.low()) + "-" + number(female.high()) + " ng/mL) but " + reading(male, ng)
					+ " its range for males (" + number(male.low()) + "-" + number(male.high()) + " ng/mL); not read"
					+ " - please record the patient's sex for clinical use (the sex parameter for clinical use) or check it");
		}
		if (agreed != null) {
			record.messages.add("IGF-1 " + id + " on " + date + ": no sex is chosen for the patient's reference interval,"
					+ " and the lab sent one range for males (" + number(male.low()) + "-" + number(male.high()) + " ng/mL)"
					+ " and one for females (" + number(female.low()) + "-" + number(female.high()) + " ng/mL); at "
					+ number(ng) + " ng/mL it is " + reading(agreed, ng) + " each, so it is read so against " + number(agreed.low())
					+ "-" + number(agreed.high()) + " ng/mL - please check it");
		}
		return agreed;
	}

	/** "below", "within" or "above", for a result against an interval. */
	private static String reading(ReferenceInterval interval, double ng) {
		return ng < interval.low() ? "below" : ng > interval.high() ? "above" : "within";
	}

	/**
	 * The lab's own high or low flag (HL7 v3 ObservationInterpretation H, HH, HU, L, LL, LU) when it says the opposite
	 * of {@code ours}: the lab knows its assay, so a result it calls high that the fallback interval calls normal is
	 * named, not passed over (an IGF-1 of 300 ng/mL flagged HH, normal in the fallback band, drew nothing).
	 */
	private static java.util.Optional<String> contradictedFlag(Observation observation, Interpretation ours) {
		for (org.hl7.fhir.r4.model.CodeableConcept concept : observation.getInterpretation()) {
			for (org.hl7.fhir.r4.model.Coding coding : concept.getCoding()) {
				if (coding.hasSystem() && !INTERPRETATION_SYSTEMS.contains(coding.getSystem())) {
					continue;
				}
				String code = String.valueOf(coding.getCode());
				boolean labHigh = LAB_HIGH.contains(code);
				boolean labLow = LAB_LOW.contains(code);
				if (labHigh && !ours.isAbove() || labLow && ours != Interpretation.L) {
					return java.util.Optional.of(code);
				}
			}
		}
		return java.util.Optional.empty();
	}

	private static final java.util.Set<String> LAB_HIGH = java.util.Set.of("H", "HH", "HU");
	private static final java.util.Set<String> LAB_LOW = java.util.Set.of("L", "LL", "LU");
	private static final java.util.Set<String> INTERPRETATION_SYSTEMS = java.util.Set.of(
			"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", "urn:oid:2.16.840.1.113883.5.83");

	/** The lab's own interpretation codes, quoted for the clinician (e.g. "; the lab flagged it H"); "" when none. */
	static String labFlag(Observation observation) {
		List<String> flags = new ArrayList<>();
		observation.getInterpretation().forEach(concept -> concept.getCoding().stream()
				.filter(coding -> coding.hasCode())
				.forEach(coding -> flags.add(coding.getCode())));
		return flags.isEmpty() ? "" : "; the lab flagged it " + String.join(", ", flags);
	}

	void readLab(Observation observation, String id, LocalDate date, java.time.Instant time, ObservationKind kind,
			LabKind labKind) {
		List<String> readAsItsBound = new ArrayList<>(); // said only of a result that is read
		Quantity quantity = ObservationReader.quantity(observation, id, date, kind, readAsItsBound);
		double value = quantity.getValue().doubleValue();
		if (labKind == LabKind.HBA1C) {
			ifccScale(kind, id, date, value, unit(quantity).trim());
		}
		Double normalised = record.units.normalise(kind, value, unit(quantity));
		if (normalised == null) {
			throw new DataProblemException(unconvertible(kind, id, date, quantity));
		}
		Double millimoles = record.units.millimolesPerLitre(kind, value, unit(quantity));
		boundOnEitherSideOfACutOff(kind, labKind, id, date, quantity, millimoles == null ? normalised : millimoles,
				millimoles != null);
		record.messages.addAll(readAsItsBound);
		normalised = ObservationReader.asRead(quantity, normalised);
		millimoles = millimoles == null ? null : ObservationReader.asRead(quantity, millimoles);
		// a converted value is quoted with the one the laboratory reported, which the clinician finds on the report; so is
		// one reported as a bound (">53 mmol/mol", read as 53), whose card would otherwise quote it as exact
		String reported = quantity.getValue().doubleValue() == normalised && !quantity.hasComparator() ? null
				: asReported(quantity);
		if (observation.getStatus() == Observation.ObservationStatus.PRELIMINARY) {
			// said wherever a card quotes it, as of an IGF-1: a card that cancels an order is not to be taken as resting on
			// a final result (probe 80, P80-m5)
			reported = (reported == null ? "" : reported + "; ") + "preliminary";
		}
		record.labs.add(new LabValue(labKind, date, normalised, List.of(id), false, time, reported, millimoles));
	}

	/**
	 * A glucose or HbA1c reported as a bound is read as its bound only where that settles every cut-off the rules judge
	 * it by: below the lowest ("&lt;90 mg/dL" is normal whatever it is) or above the highest ("&gt;500 mg/dL"). Another
	 * bound is not read: "&lt;250 mg/dL", not marked fasting, drew the critical MK-677 card as a glucose of 250 (probe 78,
	 * P78-m1), and "&gt;90 mg/dL" fasting would have read as normal a result that may be in the diabetes range.
	 */
	private void boundOnEitherSideOfACutOff(ObservationKind kind, LabKind labKind, String id, LocalDate date,
			Quantity quantity, double value, boolean inMillimoles) {
		if (!quantity.hasComparator()) {
			return;
		}
		double lowest;
		double highest;
		switch (labKind) {
			case FASTING_GLUCOSE -> {
				lowest = cutOff(Threshold.GLUCOSE_PREDIABETES, inMillimoles);
				highest = cutOff(Threshold.GLUCOSE_DIABETES, inMillimoles);
			}
			case GLUCOSE_NOT_FASTING -> {
				lowest = cutOff(Threshold.GLUCOSE_NOT_FASTING_DIABETES, inMillimoles);
				highest = lowest;
			}
			case HBA1C -> {
				lowest = record.threshold(Threshold.HBA1C_PREDIABETES);
				highest = record.threshold(Threshold.HBA1C_DIABETES);
			}
			default -> {
				return; // insulin, IGFBP-3, testosterone, HOMA-IR: no cut-off judged on a single result
			}
		}
		boolean settles = switch (quantity.getComparator()) {
			case LESS_THAN -> value <= lowest;
			case LESS_OR_EQUAL -> value < lowest;
			case GREATER_THAN, GREATER_OR_EQUAL -> value >= highest;
			default -> false;
		};
		if (!settles) {
			String cutOffs = lowest == highest ? number(lowest) : number(lowest) + " and " + number(highest);
			throw new DataProblemException(kind.label() + " " + id + " on " + date + " is reported as '"
					+ asReported(quantity) + "', a bound that does not tell on which side of " + cutOffs + " "
					+ (inMillimoles ? "mmol/L" : kind.unit()) + " it lies; ignored - please check it");
		}
	}

	/** A glucose cut-off in mg/dL, or as its source pairs it in mmol/L ({@link Threshold#inMillimolesPerLitre}). */
	private double cutOff(Threshold inMilligrams, boolean inMillimoles) {
		return record.threshold(inMillimoles ? inMilligrams.inMillimolesPerLitre().orElseThrow() : inMilligrams);
	}

	/**
	 * An HbA1c whose scale is in doubt is not read: one under the IFCC code in % (IFCC or NGSP %?), and one in mmol/mol
	 * so low that it is more likely a % result given the wrong unit (read on the IFCC scale, 7.2 would be 2.8 % and hide
	 * a 7.2 % that should draw the glucose card).
	 */
	private void ifccScale(ObservationKind kind, String id, LocalDate date, double value, String unit) {
		if (kind == ObservationKind.HBA1C_IFCC && unit.equals("%")) {
			throw new DataProblemException(kind.label() + " " + id + " on " + date + " is given in %, which may be on"
					+ " either scale (IFCC or NGSP); ignored - please check it");
		}
		double floor = record.threshold(Threshold.HBA1C_IFCC_MIN);
		if (unit.equalsIgnoreCase("mmol/mol") && value <= floor) {
			throw new DataProblemException(kind.label() + " " + id + " on " + date + " is " + number(value) + " mmol/mol,"
					+ " at or below " + number(floor) + ": more likely a % result given in mmol/mol than an IFCC one;"
					+ " ignored - please check it");
		}
	}

	/** "53 mmol/mol", or "&gt;53 mmol/mol" for a bound: the value as the laboratory reported it. */
	private static String asReported(Quantity quantity) {
		return (quantity.hasComparator() ? quantity.getComparator().toCode() : "") + quantity.getValue().toPlainString() + " "
				+ unit(quantity);
	}

	/** HOMA-IR from each same-day fasting glucose and insulin pair, unless a HOMA-IR is reported for that day. */
	void deriveHomaIr() {
		Map<LocalDate, List<LabValue>> glucose = new TreeMap<>();
		Map<LocalDate, List<LabValue>> insulin = new HashMap<>();
		Set<LocalDate> reported = new HashSet<>();
		for (LabValue lab : record.labs) {
			switch (lab.kind()) {
				case FASTING_GLUCOSE -> glucose.computeIfAbsent(lab.date(), day -> new ArrayList<>()).add(lab);
				case INSULIN -> insulin.computeIfAbsent(lab.date(), day -> new ArrayList<>()).add(lab);
				case HOMA_IR -> reported.add(lab.date());
				default -> { }
			}
		}
		for (Map.Entry<LocalDate, List<LabValue>> entry : glucose.entrySet()) {
			List<LabValue> glucoses = entry.getValue();
			List<LabValue> insulins = insulin.get(entry.getKey());
			if (insulins == null || reported.contains(entry.getKey())) {
				continue;
			}
			// each day's results are in SameDay's order: the last is the latest, or, out of order, the highest
			LabValue latestGlucose = glucoses.get(glucoses.size() - 1);
			LabValue latestInsulin = insulins.get(insulins.size() - 1);
			if (!SameDay.inOrder(glucoses) || !SameDay.inOrder(insulins)) {
				// also the day's lowest pair, which a rule comparing a later value with this day takes (lowestOnDay)
				LabValue lowestGlucose = glucoses.stream().min(java.util.Comparator.comparingDouble(LabValue::value)).orElseThrow();
				LabValue lowestInsulin = insulins.stream().min(java.util.Comparator.comparingDouble(LabValue::value)).orElseThrow();
				if (lowestGlucose != latestGlucose || lowestInsulin != latestInsulin) {
					addHomaIr(entry.getKey(), lowestGlucose, lowestInsulin);
				}
			}
			addHomaIr(entry.getKey(), latestGlucose, latestInsulin);
		}
	}

	private void addHomaIr(LocalDate day, LabValue glucose, LabValue insulin) {
		List<String> ids = new ArrayList<>(glucose.resourceIds());
		ids.addAll(insulin.resourceIds());
		double homa = glucose.value() * insulin.value() / record.threshold(Threshold.HOMA_IR_DIVISOR);
		record.labs.add(new LabValue(LabKind.HOMA_IR, day, homa, ids, true, null, null, null));
	}
}
