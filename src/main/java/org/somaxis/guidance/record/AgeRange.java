package org.somaxis.guidance.record;

import java.time.LocalDate;
import java.time.Period;
import java.util.function.IntPredicate;

/**
 * The patient's age in whole years on the evaluation date: exact from a full birth date, or the youngest and oldest
 * ages a partial one allows (a birth year alone, as de-identified exports keep it, leaves two ages). Whatever holds for
 * both ends holds for the patient; anything else stays unknown.
 */
public record AgeRange(int youngest, int oldest) {

	public AgeRange {
		if (youngest < 0 || oldest < youngest) {
			throw new IllegalArgumentException("not an age range: " + youngest + ".." + oldest);
		}
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
		return new AgeRange(Period.between(youngestBirth, on).getYears(), Period.between(earliest, on).getYears());
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
