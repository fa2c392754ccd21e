package org.somaxis.guidance.record;

import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * The patient's age in whole years on a day (the evaluation date, a result's collection): exact from a full birth date,
 * or the youngest and oldest ages a partial one allows (a birth year alone, as de-identified exports keep it, leaves two
 * ages). Whatever holds for both ends holds for the patient; anything else stays unknown. The birth dates and the day
 * are kept (null when the range was made from years alone) to compare with a lab's age range in months, weeks or days.
 */
public record AgeRange(int youngest, int oldest, LocalDate earliestBirth, LocalDate latestBirth, LocalDate on) {

	public AgeRange {
		if (youngest < 0 || oldest < youngest) {
			throw new IllegalArgumentException("not an age range: " + youngest + ".." + oldest);
		}
	}

	/** Ages in whole years only: a lab's age range in another unit of time is then unknown. */
	public AgeRange(int youngest, int oldest) {
		this(youngest, oldest, null, null, null);
	}

	/**
	 * The ages of someone born between the two dates (inclusive) on {@code on}; null when even the earliest birth is
	 * after it. A latest birth after {@code on} counts as born on it.
	 */
	static AgeRange bornBetween(LocalDate earliest, LocalDate latest, LocalDate on) {
		if (earliest.isAfter(on)) {
			return null;
		}
		LocalDate youngestBirth = latest.isAfter(on) ? on : latest;
		return new AgeRange(Period.between(youngestBirth, on).getYears(), Period.between(earliest, on).getYears(),
				earliest, youngestBirth, on);
	}

	/**
	 * Whether the age is within a lab's age range ({@code referenceRange.age}), each limit read in its own unit of time
	 * (UCUM {@code a}, {@code mo}, {@code wk}, {@code d}, {@code h}, {@code min}, {@code s}, or the unit's words) against the age to the day: a high limit
	 * covers its last digit to the end ("0-17 a" up to the 18th birthday, "0-215 mo" up to 216 months, "18-19.9 a" up
	 * to 20.0 years, "15.5-16.5 a" up to 16.6).
	 * True or false when that holds for every birth date allowed; null when it differs, when a limit's unit is no unit
	 * of time read here, or when a limit in months, weeks or days meets an age known in whole years only. Limits in
	 * months were read as years: a 40-year-old fell in "0-215 months" (probe 45, C1).
	 */
	public Boolean within(org.hl7.fhir.r4.model.Range ages) {
		if (earliestBirth == null) {
			if (!isInYears(ages.getLow()) || !isInYears(ages.getHigh())) {
				return null;
			}
			return all(years -> !(hasValue(ages.getLow()) && years < ages.getLow().getValue().doubleValue())
					&& !(hasValue(ages.getHigh()) && years >= Math.floor(ages.getHigh().getValue().doubleValue()) + 1));
		}
		Boolean first = within(ages, earliestBirth);
		Boolean last = within(ages, latestBirth);
		return first == null || !first.equals(last) ? null : first;
	}

	private Boolean within(org.hl7.fhir.r4.model.Range ages, LocalDate birth) {
		Boolean reached = hasValue(ages.getLow()) ? reached(birth, ages.getLow(), false) : Boolean.TRUE;
		Boolean notPast = hasValue(ages.getHigh()) ? reached(birth, ages.getHigh(), true) : Boolean.FALSE;
		if (Boolean.FALSE.equals(reached) || Boolean.TRUE.equals(notPast)) {
			return false;
		}
		return reached == null || notPast == null ? null : true;
	}

	/**
	 * Whether someone born on {@code birth} has reached the age {@code limit} on the day; with {@code past}, the age
	 * past it (a limit covers its last digit to the end: "0-17 a" up to the 18th birthday, "18-19.9 a" up to 20.0,
	 * "15.5-16.5 a" up to 16.6). Null when the unit is no unit of time read here, or when the limit is in hours, minutes
	 * or seconds and falls within a day of the age: neither the time of birth nor that of the draw is read, so a
	 * newborn's age in hours is known only to about a day either way.
	 */
	private Boolean reached(LocalDate birth, org.hl7.fhir.r4.model.Quantity limit, boolean past) {
		Unit unit = Unit.of(limit);
		if (unit == null) {
			return null;
		}
		java.math.BigDecimal value = limit.getValue();
		java.math.BigDecimal end = past ? value.add(java.math.BigDecimal.ONE.movePointLeft(Math.max(value.scale(), 0)))
				: value;
		if (unit.days < 1) {
			double days = end.doubleValue() * unit.days;
			long age = java.time.temporal.ChronoUnit.DAYS.between(birth, on);
			return age - 1 >= days ? Boolean.TRUE : age + 1 <= days ? Boolean.FALSE : null;
		}
		LocalDate day;
		if (value.scale() <= 0) {
			long whole = end.longValueExact();
			day = switch (unit) {
				case YEAR -> birth.plusYears(whole);
				case MONTH -> birth.plusMonths(whole);
				case WEEK -> birth.plusWeeks(whole);
				default -> birth.plusDays(whole);
			};
		} else {
			day = birth.plusDays(Math.round(end.doubleValue() * unit.days));
		}
		return !on.isBefore(day);
	}

	private static boolean hasValue(org.hl7.fhir.r4.model.Quantity limit) {
		return limit != null && limit.hasValue();
	}

	/** The unit of a limit of a lab's age range that is no unit of time read here ("" for none); null when both are read. */
	static String unreadUnit(org.hl7.fhir.r4.model.Range ages) {
		for (org.hl7.fhir.r4.model.Quantity limit : List.of(ages.getLow(), ages.getHigh())) {
			if (hasValue(limit) && Unit.of(limit) == null) {
				return limit.hasCode() ? limit.getCode() : limit.hasUnit() ? limit.getUnit() : "";
			}
		}
		return null;
	}

	/** An age limit in years (months twelfths of one, and so on); null when absent or in no unit of time read here. */
	static Double years(org.hl7.fhir.r4.model.Quantity limit) {
		Unit unit = hasValue(limit) ? Unit.of(limit) : null;
		return unit == null ? null : limit.getValue().doubleValue() * unit.days / Unit.YEAR.days;
	}

	private static boolean isInYears(org.hl7.fhir.r4.model.Quantity limit) {
		return !hasValue(limit) || Unit.of(limit) == Unit.YEAR;
	}

	/** A unit of time an age limit is given in: its UCUM code, else its words. */
	private enum Unit {
		YEAR(365.25), MONTH(30.4375), WEEK(7), DAY(1), HOUR(1.0 / 24), MINUTE(1.0 / 1440), SECOND(1.0 / 86_400);

		final double days;

		Unit(double days) {
			this.days = days;
		}

		static Unit of(org.hl7.fhir.r4.model.Quantity limit) {
			String name = (limit.hasCode() ? limit.getCode() : limit.hasUnit() ? limit.getUnit() : "")
					.strip().toLowerCase(java.util.Locale.ROOT);
			return switch (name) {
				case "a", "yr", "yrs", "year", "years", "y" -> YEAR;
				case "mo", "month", "months" -> MONTH;
				case "wk", "week", "weeks" -> WEEK;
				case "d", "day", "days" -> DAY;
				case "h", "hr", "hrs", "hour", "hours" -> HOUR;
				case "min", "minute", "minutes" -> MINUTE;
				case "s", "sec", "second", "seconds" -> SECOND;
				default -> null;
			};
		}
	}

	/** The age when the birth date fixes it; null when it leaves more than one. */
	public Integer exactYears() {
		return youngest == oldest ? youngest : null;
	}

	/**
	 * True or false when the test, one that holds on an interval of ages (an age limit, an age band), gives the same
	 * answer at both ends of the range, and so for every age in it; null when the answers differ.
	 */
	public Boolean all(IntPredicate test) {
		boolean atYoungest = test.test(youngest);
		return atYoungest == test.test(oldest) ? atYoungest : null;
	}

	/** "45", or "50 or 51" for a range of two ages, "50 to 52" for more; "under 1" for an infant (not "aged 0"). */
	@Override
	public String toString() {
		if (oldest == 0) {
			return "under 1";
		}
		if (youngest == oldest) {
			return Integer.toString(youngest);
		}
		return youngest + (oldest == youngest + 1 ? " or " : " to ") + oldest;
	}
}
