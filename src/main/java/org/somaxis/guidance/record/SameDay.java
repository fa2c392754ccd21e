package org.somaxis.guidance.record;

import static org.somaxis.guidance.record.FhirValues.number;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Orders the results of one kind on one day, so that the last one is the day's latest. When every result of the day has
 * a time and no two share it, they are ordered by time. Otherwise they cannot be told apart in time (a date alone, a
 * date beside a time, the same instant), and the one the safety rules must not miss is read as the latest: an IGF-1 by
 * its interpretation against its own interval (HH, H, none, N, L), then its SDS, then its value; a metabolic lab by its
 * value, the highest last. A message names such a day when its values differ. A rule that compares with an earlier
 * day's value takes that day's lowest ({@link PatientRecord#lowestOnDay}), so a rise is not hidden either. Before, the
 * latest of such a day was the one whose resource id sorted last.
 */
final class SameDay {
	/**
	 * IGF-1 results the safety rules must not miss last: further above the interval (L, N, then one without an
	 * interpretation, which nothing reassuring may be said from, then H, HH), then a higher SDS, then a higher value.
	 */
	private static final Comparator<Igf1Point> IGF1_CAUTION = Comparator
			.comparingInt((Igf1Point point) -> caution(point.interpretation()))
			.thenComparing(Igf1Point::sds, Comparator.nullsFirst(Comparator.naturalOrder()))
			.thenComparingDouble(Igf1Point::ngPerMl)
			.thenComparing(Igf1Point::resourceId);

	private static final Comparator<LabValue> LAB_CAUTION =
			Comparator.comparingDouble(LabValue::value).thenComparing(lab -> lab.resourceIds().get(0));

	private SameDay() {}

	private static int caution(Interpretation interpretation) {
		if (interpretation == null) {
			return 2;
		}
		return switch (interpretation) {
			case L -> 0;
			case N -> 1;
			case H -> 3;
			case HH -> 4;
		};
	}

	private static final Day<Igf1Point> IGF1_DAY = new Day<>(Igf1Point::date, point -> ObservationKind.IGF1,
			Igf1Point::time, Igf1Point::ngPerMl, Igf1Point::resourceId, point -> "IGF-1", point -> "ng/mL", IGF1_CAUTION);
	private static final Day<LabValue> LAB_DAY = new Day<>(LabValue::date, LabValue::kind, LabValue::time, LabValue::value,
			lab -> lab.resourceIds().get(0), lab -> lab.kind().label(), lab -> lab.kind().unit(), LAB_CAUTION);

	/** Sorts the IGF-1 series and the labs by day (the labs by kind within it), then orders each day as above. */
	static void order(RecordBuilder record) {
		record.igf1.sort(Comparator.comparing(Igf1Point::date).thenComparing(Igf1Point::resourceId));
		orderDays(record.igf1, IGF1_DAY, record.messages);
		record.labs.sort(Comparator.comparing(LabValue::date).thenComparing(LabValue::kind)
				.thenComparing(lab -> lab.resourceIds().get(0)));
		orderDays(record.labs, LAB_DAY, record.messages);
	}

	/** Whether one day's results of one kind are ordered in time: one result, or each with its own time. */
	static boolean inOrder(List<LabValue> day) {
		return day.size() < 2 || distinctTimes(day, LAB_DAY);
	}

	/** How to read the results of one list: their day and kind, time, value, id, wording and cautious order. */
	private record Day<T>(Function<T, LocalDate> date, Function<T, Object> kind, Function<T, Instant> time,
			Function<T, Double> value, Function<T, String> id, Function<T, String> label, Function<T, String> unit,
			Comparator<T> caution) {
		boolean sameDayAndKind(T a, T b) {
			return date.apply(a).equals(date.apply(b)) && kind.apply(a).equals(kind.apply(b));
		}
	}

	/** Reorders, in place, each run of results of the same day and kind (the list is sorted by both). */
	private static <T> void orderDays(List<T> results, Day<T> day, List<String> messages) {
		int start = 0;
		while (start < results.size()) {
			T head = results.get(start);
			int end = start + 1;
			while (end < results.size() && day.sameDayAndKind(results.get(end), head)) {
				end++;
			}
			if (end - start > 1) {
				List<T> run = new ArrayList<>(results.subList(start, end));
				if (distinctTimes(run, day)) {
					run.sort(Comparator.comparing(day.time()));
				} else {
					run.sort(day.caution());
					// compared as quoted: the same result reported on two scales (an HbA1c in % and in mmol/mol, converted)
					// differs only past the second decimal, and is one reading, not two to order
					Set<String> values = new HashSet<>();
					run.forEach(result -> values.add(number(day.value().apply(result))));
					if (values.size() > 1) {
						messages.add(day.label().apply(head) + " results of " + day.date().apply(head) + " ("
								+ String.join(", ", run.stream().map(result -> day.id().apply(result) + " "
										+ number(day.value().apply(result)) + " " + day.unit().apply(result)).toList())
								+ ") cannot be ordered in time; " + day.id().apply(run.get(run.size() - 1))
								+ " is read as the latest - please check it");
					}
				}
				for (int i = 0; i < run.size(); i++) {
					results.set(start + i, run.get(i));
				}
			}
			start = end;
		}
	}

	private static <T> boolean distinctTimes(List<T> run, Day<T> day) {
		Set<Instant> seen = new HashSet<>();
		for (T result : run) {
			Instant time = day.time().apply(result);
			if (time == null || !seen.add(time)) {
				return false;
			}
		}
		return true;
	}
}
