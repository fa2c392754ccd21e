package org.somaxis.guidance.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A lab's age range (referenceRange.age) against the patient's age to the day, in the range's own unit of time. */
class AgeRangeTest {
	private static final LocalDate BORN = LocalDate.of(2011, 3, 15);
	/** 15 years, 8 months and 17 days old: 188 months, 817 weeks. */
	private static final LocalDate ON = LocalDate.of(2026, 12, 1);

	/**
	 * Ages in months, weeks or days, and fractional years, as paediatric labs send them. Before, the age in whole years
	 * (15) was compared with the range's numbers as if they were years: "0-215 mo" held a 40-year-old and "12-23 mo" this
	 * 15-year-old, and "180-203 mo" did not (probe 45, C1).
	 */
	@ParameterizedTest(name = "{0}-{1} {2}: {3}")
	@CsvSource({
			"0, 300, mo, true", "180, 203, mo, true", "186, 190, mo, true", "12, 23, mo, false", "0, 187, mo, false",
			"189, 300, mo, false", "700, 900, wk, true", "0, 800, wk, false", "0, 10000, d, true",
			"15.5, 16.5, a, true", "15, 15, a, true", "0, 14, a, false", "16, 17, a, false", "15.8, 16.5, a, false",
			"0, 15.7, a, true", "0, 15.6, a, false", "0, 300, months, true", "12, 23, month, false",
			"0, 438000, h, true", "0, 72, h, false"})
	void aLabsAgeRange_isReadInItsOwnUnit(String low, String high, String unit, boolean within) {
		AgeRange age = AgeRange.bornBetween(BORN, BORN, ON);

		assertThat(age.within(range(low, high, unit))).isEqualTo(within);
	}

	@ParameterizedTest(name = "unit ''{0}''")
	@CsvSource({"''", "cm", "M"})
	void anAgeRangeInNoUnitOfTimeReadHere_isUnknown(String unit) {
		AgeRange age = AgeRange.bornBetween(BORN, BORN, ON);
		Range ages = range("0", "300", unit);

		assertThat(age.within(ages)).isNull();
		assertThat(AgeRange.unreadUnit(ages)).isEqualTo(unit.isEmpty() ? "" : unit);
	}

	/**
	 * A newborn's age in hours is known to about a day either way (the times of birth and of the draw are not read): a
	 * band in hours, minutes or seconds whose limit falls within that is unknown, not silently chosen; one clear of it
	 * is read. Read to the day before, a 34-hour-old fell in a band from 37 hours (probe 47, R-M2).
	 */
	@ParameterizedTest(name = "aged {0} d: {1}-{2} {3} -> {4}")
	@CsvSource({"1, 0, 23, h, ", "1, 36, 1000, h, ", "1, 0, 100, h, true", "3, 0, 23, h, false", "1, 0, 5760, min, true",
			"5, 0, 86400, s, false"})
	void aBandInHours_isReadOnlyClearOfTheDayOfBirth(int days, String low, String high, String unit, Boolean within) {
		AgeRange age = AgeRange.bornBetween(ON.minusDays(days), ON.minusDays(days), ON);

		assertThat(age.within(range(low, high, unit))).isEqualTo(within);
	}

	/** A birth year alone (2011) leaves 15 or 16 on the day: a range that holds for one and not the other is unknown. */
	@ParameterizedTest(name = "{0}-{1} {2}: {3}")
	@CsvSource({"0, 215, mo, true", "180, 191, mo, ", "0, 13, a, false", "14, 15, a, true"})
	void aPartialBirthDate_decidesOnlyWhatHoldsForEveryBirthDay(String low, String high, String unit, Boolean within) {
		AgeRange age = AgeRange.bornBetween(LocalDate.of(2011, 1, 1), LocalDate.of(2011, 12, 31), ON);

		assertThat(age.within(range(low, high, unit))).isEqualTo(within);
	}

	/** An age known in whole years only (no birth dates) reads a range in years, and no other. */
	@ParameterizedTest(name = "{0}-{1} {2}: {3}")
	@CsvSource({"0, 17, a, true", "18, 30, a, false", "0, 300, mo, "})
	void anAgeInYearsOnly_readsRangesInYears(String low, String high, String unit, Boolean within) {
		assertThat(new AgeRange(15, 15).within(range(low, high, unit))).isEqualTo(within);
	}

	private static Range range(String low, String high, String unit) {
		Range range = new Range();
		range.setLow(limit(low, unit));
		range.setHigh(limit(high, unit));
		return range;
	}

	private static Quantity limit(String value, String unit) {
		Quantity quantity = new Quantity().setValue(new BigDecimal(value));
		if (!unit.isEmpty()) {
			quantity.setUnit(unit);
			if (unit.length() <= 2) {
				quantity.setSystem("http://unitsofmeasure.org").setCode(unit);
			}
		}
		return quantity;
	}
}
