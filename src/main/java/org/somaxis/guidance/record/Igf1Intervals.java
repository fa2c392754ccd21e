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
	 * The lab's own range that matches the patient's age and sex; null when none is usable. A limit without a unit
	 * takes the result's unit; when the result has none either, the range is ignored with a message.
	 */
	static ReferenceInterval fromLab(
			Observation observation, AgeRange age, Sex sex, Units units, java.time.LocalDate date, List<String> messages) {
		String resultUnit = observation.hasValueQuantity() ? unit(observation.getValueQuantity()) : "";
		for (Observation.ObservationReferenceRangeComponent range : observation.getReferenceRange()) {
			if (!range.hasLow() || !range.hasHigh() || !range.getLow().hasValue() || !range.getHigh().hasValue()
					|| !appliesTo(range, age, sex)) {
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
				if (!unread.isEmpty()) {
					messages.add("IGF-1 on " + date + " has a reference range from the lab for " + String.join(", ", unread)
							+ ", which this server cannot read as an age or sex; the range was used - please check it");
				}
				return new ReferenceInterval(low, high, "lab");
			}
		}
		return null;
	}

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
			Double ageLow = ages.hasLow() && ages.getLow().hasValue() ? ages.getLow().getValue().doubleValue() : null;
			Double ageHigh = ages.hasHigh() && ages.getHigh().hasValue() ? ages.getHigh().getValue().doubleValue() : null;
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
	 * AdministrativeGender ({@code M}, {@code F}), SNOMED CT (248153007 male, 248152002 female), or only the words
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
			boolean v3 = V3_GENDER.contains(String.valueOf(coding.getSystem()));
			if ("male".equals(code) || "248153007".equals(code) || v3 && "M".equals(code)) {
				return Sex.MALE;
			}
			if ("female".equals(code) || "248152002".equals(code) || v3 && "F".equals(code)) {
				return Sex.FEMALE;
			}
		}
		return null;
	}

	private static final java.util.Set<String> FEMALE_WORDS = java.util.Set.of("female", "females", "woman", "women");
	private static final java.util.Set<String> MALE_WORDS = java.util.Set.of("male", "males", "man", "men");

	private static final java.util.Set<String> V3_GENDER = java.util.Set.of(
			"http://terminology.hl7.org/CodeSystem/v3-AdministrativeGender", "urn:oid:2.16.840.1.113883.5.1");

	private static boolean appliesTo(Observation.ObservationReferenceRangeComponent range, AgeRange age, Sex sex) {
		if (range.hasAge()) {
			Range ages = range.getAge();
			if (age == null || !Boolean.TRUE.equals(age.all(years ->
					!(ages.hasLow() && ages.getLow().hasValue() && years < ages.getLow().getValue().doubleValue())
					&& !(ages.hasHigh() && ages.getHigh().hasValue()
							&& years >= Math.floor(ages.getHigh().getValue().doubleValue()) + 1)))) {
				return false;
			}
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
	 * What a range's {@code appliesTo} names that the server cannot read as a sex or as a range meaning (referencerange-
	 * meaning's "normal", HL7 v2 table 0080), quoted; empty when nothing. Such a range is used, as the lab meant it for
	 * this result, and named: setting it aside for the fallback band could turn a result the lab calls very high into
	 * one the band calls high, or high into normal.
	 */
	private static List<String> unreadPopulations(Observation.ObservationReferenceRangeComponent range) {
		List<String> unread = new ArrayList<>();
		for (CodeableConcept applies : range.getAppliesTo()) {
			if (sexOf(applies) == null && applies.getCoding().stream().noneMatch(coding -> MEANINGS.contains(coding.getSystem()))) {
				unread.add("'" + (applies.hasText() ? applies.getText() : applies.getCoding().stream()
						.map(coding -> coding.hasDisplay() ? coding.getDisplay() : coding.getSystem() + "|" + coding.getCode())
						.collect(java.util.stream.Collectors.joining(", "))) + "'");
			}
		}
		return unread;
	}

	private static final java.util.Set<String> MEANINGS = java.util.Set.of(
			"http://terminology.hl7.org/CodeSystem/referencerange-meaning", "http://terminology.hl7.org/CodeSystem/v2-0080");
}
