package org.somaxis.guidance.record;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;
import org.somaxis.guidance.knowledge.ConceptSet;

/** Null-safe readers for R4 datatypes, shared by the record assembler and its helpers. */
final class FhirValues {
	private FhirValues() {}

	static String unconvertible(ObservationKind kind, String id, LocalDate date, Quantity quantity) {
		String unit = unit(quantity);
		String why = unit.isBlank() ? " has no unit, so its value cannot be read"
				// the code names what is measured: a 2345-7 glucose (a mass concentration) in mmol/L is a code or unit sent
				// wrong, which SI laboratories send under 14749-6 (probe 78, P78-m4: "laboratories do not report" it)
				: !kind.isReportedIn(unit) ? " has unit '" + unit + "', but its code names a result reported in "
						+ oneOf(kind.reportedUnits()) + ": the code, the unit or the value is wrong"
				: " has unit '" + unit + "' that cannot be converted";
		return kind.label() + " " + id + " on " + date + why + "; ignored";
	}

	/** "ng/mL, ug/L or nmol/L". */
	private static String oneOf(List<String> units) {
		return units.size() == 1 ? units.get(0)
				: String.join(", ", units.subList(0, units.size() - 1)) + " or " + units.get(units.size() - 1);
	}

	static String unit(Quantity quantity) {
		if (quantity.hasCode()) {
			return quantity.getCode();
		}
		return quantity.hasUnit() ? quantity.getUnit() : "";
	}

	static String normalisedUnit(String unit) {
		return unit == null ? "" : unit.trim().toLowerCase(Locale.ROOT);
	}

	static String number(double value) {
		if (value == Math.rint(value) && Math.abs(value) < 1e9) {
			return Long.toString((long) value);
		}
		return String.format(Locale.ROOT, "%.2f", value).replaceAll("0+$", "").replaceAll("\\.$", "");
	}

	static LocalDate localDate(BaseDateTimeType value) {
		if (value == null || value.getValue() == null) {
			return null;
		}
		String text = value.getValueAsString();
		if (text == null || text.length() < 10) {
			return null;
		}
		return LocalDate.of(value.getYear(), value.getMonth() + 1, value.getDay());
	}

	/** The first day a date or dateTime may be: its day, or the first day of its month or year; null without a value. */
	static LocalDate earliestDay(BaseDateTimeType value) {
		if (value == null || value.getValue() == null || value.getYear() == null) {
			return null;
		}
		return switch (value.getPrecision()) {
			case YEAR -> LocalDate.of(value.getYear(), 1, 1);
			case MONTH -> LocalDate.of(value.getYear(), value.getMonth() + 1, 1);
			default -> localDate(value);
		};
	}

	/** The last day a date or dateTime may be: its day, or the last day of its month or year; null without a value. */
	static LocalDate latestDay(BaseDateTimeType value) {
		LocalDate earliest = earliestDay(value);
		if (earliest == null) {
			return null;
		}
		return switch (value.getPrecision()) {
			case YEAR -> earliest.withDayOfYear(earliest.lengthOfYear());
			case MONTH -> earliest.withDayOfMonth(earliest.lengthOfMonth());
			default -> earliest;
		};
	}

	/**
	 * Whether the value lies after the given day in every time zone, so that it cannot yet have happened on that day.
	 * A day (no time) is after it when it is later than the day after; a time is after it when it is later than noon UTC
	 * of the day after, the end of the day at UTC-12. Comparing days alone would drop what a system east of the server
	 * has already dated the next day: an Australian clinic's morning result is the evening before in UTC.
	 */
	static boolean afterEverywhere(BaseDateTimeType value, LocalDate day) {
		LocalDate nextDay = day.plusDays(1);
		Instant instant = instantWithTime(value);
		if (instant == null) { // a day, month or year: no time
			LocalDate date = localDate(value);
			return date != null && date.isAfter(nextDay);
		}
		return instant.isAfter(nextDay.atTime(12, 0).toInstant(ZoneOffset.UTC));
	}

	/**
	 * The date and time of a value that has a time of day as read on the clock it was written in (its own offset), so a
	 * night recorded at -05:00 is read as that person's night; null for a day, month or year.
	 */
	static java.time.LocalDateTime ownClock(BaseDateTimeType value) {
		if (instantWithTime(value) == null) {
			return null;
		}
		return java.time.LocalDateTime.of(value.getYear(), value.getMonth() + 1, value.getDay(), value.getHour(),
				value.getMinute(), value.getSecond());
	}

	/** The instant of a value that has a time of day; null for a day, month or year. */
	static Instant instantWithTime(BaseDateTimeType value) {
		String text = value == null ? null : value.getValueAsString();
		return text == null || text.length() <= 10 ? null : value.getValue().toInstant();
	}

	static boolean hasLoinc(CodeableConcept concept, String code) {
		return hasCode(concept, Codes.LOINC, code);
	}

	static boolean hasCode(CodeableConcept concept, String system, String code) {
		if (concept == null) {
			return false;
		}
		for (Coding coding : concept.getCoding()) {
			if (system.equals(coding.getSystem()) && code.equals(coding.getCode())) {
				return true;
			}
		}
		return false;
	}

	static Coding coding(CodeableConcept concept, String system) {
		if (concept == null) {
			return null;
		}
		for (Coding coding : concept.getCoding()) {
			if (coding.hasSystem() && coding.hasCode() && system.equals(ConceptSet.system(coding.getSystem()))) {
				return coding;
			}
		}
		return null;
	}

	/** Every coding of the concept in the HL7 system (after the documented normalisations); none for a null concept. */
	static List<Coding> hl7Codings(CodeableConcept concept, String system) {
		if (concept == null) {
			return List.of();
		}
		return concept.getCoding().stream()
				.filter(coding -> coding.hasSystem() && coding.hasCode()
						&& system.equals(ConceptSet.system(coding.getSystem())))
				.toList();
	}

	static String idOf(Resource resource) {
		String idPart = resource.getIdElement() == null ? null : resource.getIdElement().getIdPart();
		return resource.fhirType() + "/" + (idPart == null || idPart.isBlank() ? "(no id)" : idPart);
	}
}
