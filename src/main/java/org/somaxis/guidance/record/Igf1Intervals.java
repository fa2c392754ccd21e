package org.somaxis.guidance.record;

import static org.somaxis.guidance.record.FhirValues.idOf;
import static org.somaxis.guidance.record.FhirValues.number;
import static org.somaxis.guidance.record.FhirValues.unit;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.ObservationDefinition;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.somaxis.guidance.knowledge.Igf1ReferenceIntervals;

/** Chooses the reference interval for an IGF-1 result: the lab's own range first, then the fallback table. */
final class Igf1Intervals {
	private Igf1Intervals() {}

	/**
	 * The lab's own range that matches the patient's age and sex, or none and why. A limit without a unit takes the
	 * result's unit; when the result has none either, the range is ignored with a message.
	 *
	 * <p>Of the ranges that match, the first one the server reads whole is used: its population (if any) is an age or a
	 * sex and its {@code type} (if any) says a normal range. Only when there is none is a range whose population or type
	 * the server cannot read used; either way such a range is named. A range typed as a treatment, therapeutic or
	 * recommended range (FHIR's referencerange-meaning) is a target, not the reference interval the rules compare with,
	 * and is never used: a treatment range listed before the normal one hid an IGF-1 above the normal range.
	 */
	static LabRange fromLab(
			Observation observation, AgeRange age, Sex sex, Units units, java.time.LocalDate date, List<String> messages) {
		String resultUnit = observation.hasValueQuantity() ? unit(observation.getValueQuantity()) : "";
		ReferenceInterval partlyRead = null;
		List<String> partlyReadFor = null;
		List<String> targets = new ArrayList<>();
		for (Observation.ObservationReferenceRangeComponent range : observation.getReferenceRange()) {
			String ageUnit = range.hasAge() ? AgeRange.unreadUnit(range.getAge()) : null;
			if (ageUnit != null) {
				messages.add("IGF-1 on " + date + " has a reference range" + (range.hasLow() && range.hasHigh()
						&& range.getLow().hasValue() && range.getHigh().hasValue() ? " (" + number(range.getLow().getValue()
								.doubleValue()) + "-" + number(range.getHigh().getValue().doubleValue()) + ")" : "")
						+ " for ages " + (ageUnit.isEmpty() ? "without a unit" : "in '" + ageUnit + "'")
						+ ", no unit of time this server reads; the range is ignored");
			}
			if (!range.hasLow() || !range.hasHigh() || !range.getLow().hasValue() || !range.getHigh().hasValue()
					|| !appliesTo(range, age, sex)) {
				continue;
			}
			String type = meaning(range.getType());
			if (TARGET_TYPES.contains(type)) {
				targets.add(type.substring(type.indexOf('|') + 1) + " " + range.getLow().getValue().toPlainString() + "-"
						+ range.getHigh().getValue().toPlainString());
				continue;
			}
			String lowUnit = unitOr(range.getLow(), resultUnit);
			String highUnit = unitOr(range.getHigh(), resultUnit);
			if (lowUnit.isEmpty() || highUnit.isEmpty()) {
				messages.add("IGF-1 on " + date + " has a reference range without a unit; the range is ignored");
				continue;
			}
			Double low = units.normalise(ObservationKind.IGF1, range.getLow().getValue().doubleValue(), lowUnit);
			Double high = units.normalise(ObservationKind.IGF1, range.getHigh().getValue().doubleValue(), highUnit);
			if (low == null || high == null) {
				messages.add("IGF-1 on " + date + " has a reference range in a unit that cannot be converted; the range is ignored");
			} else if (low > 0 && high > low) {
				List<String> unread = unreadPopulations(range);
				if (range.hasType() && !NORMAL_TYPES.contains(type)) {
					unread.add("type " + quoted(range.getType()));
				}
				if (unread.isEmpty()) {
					if (partlyRead != null) {
						messages.add("IGF-1 on " + date + " also has a reference range from the lab, "
								+ number(partlyRead.low()) + "-" + number(partlyRead.high()) + " ng/mL for "
								+ String.join(", ", partlyReadFor) + ", which this server cannot read as an age, a sex or a"
								+ " normal range; the lab's range " + number(low) + "-" + number(high) + " ng/mL was used"
								+ " instead - please check it");
					}
					return new LabRange(new ReferenceInterval(low, high, ReferenceInterval.LABORATORY), null);
				}
				if (partlyRead == null) {
					partlyRead = new ReferenceInterval(low, high, ReferenceInterval.LABORATORY);
					partlyReadFor = unread;
				}
			}
		}
		if (partlyRead != null) {
			messages.add("IGF-1 on " + date + " has a reference range from the lab, " + number(partlyRead.low()) + "-"
					+ number(partlyRead.high()) + " ng/mL for " + String.join(", ", partlyReadFor) + ", which this server"
					+ " cannot read as an age, a sex or a normal range; the range was used - please check it");
			return new LabRange(partlyRead, null);
		}
		return new LabRange(null, targets.isEmpty()
				? "it needs a low and a high limit, low above 0, that apply to the patient's age and sex"
				: "for this patient it is only a target range (type " + String.join("; ", targets) + "), not a reference interval");
	}

	/**
	 * The lab's range chosen for a result, or none and why (for the message that names the interval used instead).
	 *
	 * @param interval the lab's range; null when none is usable
	 * @param unusable why no range of the lab's was used; null when one was
	 */
	record LabRange(ReferenceInterval interval, String unusable) {}

	/** The table's band for the age and sex; null when none applies, or when the ages of a partial birth date differ. */
	static ReferenceInterval fromTable(Igf1ReferenceIntervals table, AgeRange age, Sex sex) {
		if (age == null) {
			return null;
		}
		java.util.Optional<Igf1ReferenceIntervals.Band> band = table.find(age.youngest(), sex.code());
		if (!band.equals(table.find(age.oldest(), sex.code()))) {
			return null;
		}
		return band.map(found -> new ReferenceInterval(found.low(), found.high(), table.source())).orElse(null);
	}

	/**
	 * Of the intervals a result may have to be read with (the table's bands for each age a partial birth date allows, or
	 * a lab's ranges for each sex when no sex is chosen), the one to read it with when each of them reads it alike: below,
	 * within or above range. Then the reading is known whichever applies, and it is taken against the strictest of
	 * them, the one that gives the result the furthest SDS (a result above +3 SDS of the women's range and less of the
	 * men's is read as very high: the critical card is not lost to a sex not chosen), the first when within.
	 * Null when they disagree or there are none.
	 */
	static ReferenceInterval agreeing(List<ReferenceInterval> candidates, double ng) {
		if (candidates.isEmpty()) {
			return null;
		}
		if (candidates.stream().allMatch(interval -> ng < interval.low())) {
			return candidates.stream().min(java.util.Comparator.comparingDouble(interval -> interval.sds(ng))).orElseThrow();
		}
		if (candidates.stream().allMatch(interval -> ng > interval.high())) {
			return candidates.stream().max(java.util.Comparator.comparingDouble(interval -> interval.sds(ng))).orElseThrow();
		}
		if (candidates.stream().allMatch(interval -> ng >= interval.low() && ng <= interval.high())) {
			return candidates.get(0);
		}
		return null;
	}

	/**
	 * The table's bands for each age a partial birth date allows (born "1946": 79 or 80), when the table covers each and
	 * they are not one band; empty otherwise.
	 */
	static List<ReferenceInterval> bandsOfEachAge(Igf1ReferenceIntervals table, AgeRange age, Sex sex) {
		if (age == null || age.exactYears() != null) {
			return List.of();
		}
		List<ReferenceInterval> bands = new ArrayList<>();
		for (int years = age.youngest(); years <= age.oldest(); years++) {
			java.util.Optional<Igf1ReferenceIntervals.Band> band = table.find(years, sex.code());
			if (band.isEmpty()) {
				return List.of();
			}
			ReferenceInterval interval = new ReferenceInterval(band.get().low(), band.get().high(), table.source());
			if (!bands.contains(interval)) {
				bands.add(interval);
			}
		}
		return bands.size() > 1 ? bands : List.of();
	}

	/**
	 * For a result no band applies to (the age unknown, a partial birth date spanning bands, an age the table does not
	 * cover): the band with the highest upper limit among the bands of the ages a partial birth date allows (when the
	 * table covers each), else among every band of the patient's sex (every band when the sex is unknown), when the
	 * result is above that limit, and so above the interval of any age it may be; else null.
	 * So a result far above every interval is read as high, not left uninterpreted, and nothing else is guessed.
	 */
	static ReferenceInterval aboveEveryBand(Igf1ReferenceIntervals table, AgeRange age, Sex sex, double ng) {
		// the ages of a partial birth date, when the table covers each: their bands (born 1976, aged 49 or 50: 40-49.9
		// and 50-59.9); else every band of the sex
		java.util.List<Igf1ReferenceIntervals.Band> candidates = new java.util.ArrayList<>();
		for (int years = age == null ? 0 : age.youngest(); age != null && years <= age.oldest(); years++) {
			java.util.Optional<Igf1ReferenceIntervals.Band> band = table.find(years, sex.code());
			if (band.isEmpty()) {
				candidates.clear();
				break;
			}
			candidates.add(band.get());
		}
		return (candidates.isEmpty() ? table.bands() : candidates).stream()
				.filter(band -> sex == Sex.UNKNOWN || band.gender() == null || band.gender().equals(sex.code()))
				.max(java.util.Comparator.comparingDouble(Igf1ReferenceIntervals.Band::high))
				.filter(band -> ng > band.high())
				.map(band -> new ReferenceInterval(band.low(), band.high(), table.source()))
				.orElse(null);
	}

	/** A fallback table sent as an ObservationDefinition; returns {@code current} when it has no usable band. */
	static Igf1ReferenceIntervals fromDefinition(
			ObservationDefinition definition, Igf1ReferenceIntervals current, List<String> messages) {
		List<Igf1ReferenceIntervals.Band> bands = new ArrayList<>();
		for (ObservationDefinition.ObservationDefinitionQualifiedIntervalComponent interval :
				definition.getQualifiedInterval()) {
			Range range = interval.getRange();
			if (!range.hasLow() || !range.hasHigh() || !range.getLow().hasValue() || !range.getHigh().hasValue()) {
				continue;
			}
			Range ages = interval.getAge();
			String ageUnit = AgeRange.unreadUnit(ages);
			if (ageUnit != null) {
				messages.add(idOf(definition) + " has an interval for ages " + (ageUnit.isEmpty() ? "without a unit"
						: "in '" + ageUnit + "'") + ", no unit of time this server reads; skipped");
				continue;
			}
			// in years, whatever unit of time the limits are given in (months were read as years)
			Double ageLow = AgeRange.years(ages.getLow());
			Double ageHigh = AgeRange.years(ages.getHigh());
			String gender = interval.hasGender() && interval.getGender() != Enumerations.AdministrativeGender.NULL
					? interval.getGender().toCode()
					: null;
			double low = range.getLow().getValue().doubleValue();
			double high = range.getHigh().getValue().doubleValue();
			if (!(low > 0 && high > low)) {
				messages.add(idOf(definition) + " has an interval " + number(low) + ".." + number(high) + "; skipped");
				continue;
			}
			bands.add(new Igf1ReferenceIntervals.Band(ageLow, ageHigh, gender, low, high));
		}
		if (bands.isEmpty()) {
			messages.add(idOf(definition) + " has no usable qualifiedInterval; default IGF-1 intervals kept");
			return current;
		}
		String source = definition.hasPreferredReportName() ? definition.getPreferredReportName() : idOf(definition);
		return new Igf1ReferenceIntervals(source, bands);
	}

	private static String unitOr(Quantity quantity, String fallback) {
		String unit = unit(quantity);
		return unit.isEmpty() ? fallback : unit;
	}

	/**
	 * The sex a range's {@code appliesTo} names: FHIR's administrative-gender ({@code male}, {@code female}), HL7 v3
	 * AdministrativeGender or v2 table 0001 ({@code M}, {@code F}), Gender Harmony's sex parameter for clinical use
	 * ({@code male-typical}, {@code female-typical}), SNOMED CT (248153007 male, 248152002 female), or only the words
	 * ("Female", "men"); null when it names none of these. HL7's v3 codes and the words were read as no restriction, so a
	 * lab's range for women was applied to a man.
	 */
	private static Sex sexOf(CodeableConcept applies) {
		String text = applies.hasText() ? applies.getText().strip().toLowerCase(java.util.Locale.ROOT) : "";
		if (applies.getCoding().isEmpty() && FEMALE_WORDS.contains(text)) {
			return Sex.FEMALE;
		}
		if (applies.getCoding().isEmpty() && MALE_WORDS.contains(text)) {
			return Sex.MALE;
		}
		for (Coding coding : applies.getCoding()) {
			String code = coding.getCode();
			boolean letters = V3_GENDER.contains(String.valueOf(coding.getSystem()));
			if ("male".equals(code) || "248153007".equals(code) || "male-typical".equals(code)
					|| letters && "M".equals(code)) {
				return Sex.MALE;
			}
			if ("female".equals(code) || "248152002".equals(code) || "female-typical".equals(code)
					|| letters && "F".equals(code)) {
				return Sex.FEMALE;
			}
		}
		return null;
	}

	private static final java.util.Set<String> FEMALE_WORDS = java.util.Set.of("female", "females", "woman", "women");
	private static final java.util.Set<String> MALE_WORDS = java.util.Set.of("male", "males", "man", "men");

	/** Code systems whose F and M are female and male: HL7 v3 AdministrativeGender and HL7 v2 table 0001 (PID-8). */
	private static final java.util.Set<String> V3_GENDER = java.util.Set.of(
			"http://terminology.hl7.org/CodeSystem/v3-AdministrativeGender", "urn:oid:2.16.840.1.113883.5.1",
			"http://terminology.hl7.org/CodeSystem/v2-0001", "urn:oid:2.16.840.1.113883.12.1");

	private static boolean appliesTo(Observation.ObservationReferenceRangeComponent range, AgeRange age, Sex sex) {
		if (range.hasAge() && (age == null || !Boolean.TRUE.equals(age.within(range.getAge())))) {
			return false;
		}
		for (CodeableConcept applies : range.getAppliesTo()) {
			Sex population = sexOf(applies);
			if (population != null && population != sex) {
				return false;
			}
		}
		return true;
	}

	/**
	 * What a range's {@code appliesTo} names that the server cannot read as a sex or as a normal range (referencerange-
	 * meaning's "normal", a code of HL7 v2 table 0080), quoted; empty when nothing. Another referencerange-meaning
	 * population (pre-puberty, follicular, postmenopausal, ...) is not read. Such a range is used, as the lab meant it for
	 * this result, and named: setting it aside for the fallback band could turn a result the lab calls very high into
	 * one the band calls high, or high into normal.
	 */
	private static List<String> unreadPopulations(Observation.ObservationReferenceRangeComponent range) {
		List<String> unread = new ArrayList<>();
		for (CodeableConcept applies : range.getAppliesTo()) {
			if (sexOf(applies) == null && !NORMAL_TYPES.contains(meaning(applies))) {
				unread.add(quoted(applies));
			}
		}
		return unread;
	}

	/** A concept as the lab wrote it: its text, else each coding's display, else its system and code. */
	private static String quoted(CodeableConcept concept) {
		return "'" + (concept.hasText() ? concept.getText() : concept.getCoding().stream()
				.map(coding -> coding.hasDisplay() ? coding.getDisplay()
						: coding.hasSystem() ? coding.getSystem() + "|" + coding.getCode() : coding.getCode())
				.collect(java.util.stream.Collectors.joining(", "))) + "'";
	}

	/**
	 * A range type's or population's meaning as {@code system|code} of its first coding in referencerange-meaning or HL7
	 * v2 table 0080; empty when it has none (text only, another system, a coding without a system).
	 */
	private static String meaning(CodeableConcept type) {
		return type.getCoding().stream()
				.filter(coding -> coding.hasSystem() && MEANINGS.contains(coding.getSystem()) && coding.hasCode())
				.findFirst()
				.map(coding -> coding.getSystem() + "|" + coding.getCode())
				.orElse("");
	}

	private static final String MEANING = "http://terminology.hl7.org/CodeSystem/referencerange-meaning|";

	/**
	 * Types of a normal range: referencerange-meaning's normal, and every code of HL7 v2 table 0080 (the population of a
	 * normal range).
	 */
	private static final java.util.Set<String> NORMAL_TYPES = java.util.Set.of(MEANING + "normal",
			"http://terminology.hl7.org/CodeSystem/v2-0080|A", "http://terminology.hl7.org/CodeSystem/v2-0080|N",
			"http://terminology.hl7.org/CodeSystem/v2-0080|R", "http://terminology.hl7.org/CodeSystem/v2-0080|S",
			"http://terminology.hl7.org/CodeSystem/v2-0080|SP", "http://terminology.hl7.org/CodeSystem/v2-0080|ST");

	/**
	 * Types of a target range, not a reference interval: referencerange-meaning's recommended, treatment, therapeutic,
	 * pre and post.
	 */
	private static final java.util.Set<String> TARGET_TYPES = java.util.Set.of(MEANING + "recommended", MEANING + "treatment",
			MEANING + "therapeutic", MEANING + "pre", MEANING + "post");

	private static final java.util.Set<String> MEANINGS = java.util.Set.of(
			"http://terminology.hl7.org/CodeSystem/referencerange-meaning", "http://terminology.hl7.org/CodeSystem/v2-0080");
}
