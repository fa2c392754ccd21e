package org.somaxis.guidance.record;

import static org.somaxis.guidance.record.FhirValues.number;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Orders the results of one kind on one day, so that the last one is the day's latest. When every result of the day has
 * a time and no two share it, they are ordered by time. Otherwise they cannot be told apart in time (a date alone, a
 * date beside a time, the same instant): they are ordered by value, so the higher one, the reading the safety rules
 * are cautious with (IGF-1 above its range, a diabetic glucose), is read as the latest, and when their values differ
 * a message names them. Before, the latest of such a day was the one whose resource id sorted last.
 */
final class SameDay {
	private SameDay() {}

	/** Sorts the IGF-1 series and the labs by day, then orders each day as above (the labs per kind). */
	static void order(RecordBuilder record) {
		record.igf1.sort(Comparator.comparing(Igf1Point::date).thenComparing(Igf1Point::resourceId));
		orderDays(record.igf1, Igf1Point::date, point -> "IGF-1", Igf1Point::resourceId, Igf1Point::ngPerMl, point -> "ng/mL",
				record);
		record.labs.sort(Comparator.comparing(LabValue::date).thenComparing(LabValue::kind)
				.thenComparing(lab -> lab.resourceIds().get(0)));
		orderDays(record.labs, LabValue::date, lab -> lab.kind().label(), lab -> lab.resourceIds().get(0), LabValue::value,
				lab -> lab.kind().unit(), record);
	}

	/** Reorders, in place, each run of results of the same day and kind (the list is sorted by both). */
	private static <T> void orderDays(List<T> results, Function<T, LocalDate> date, Function<T, String> label,
			Function<T, String> id, ToDoubleFunction<T> value, Function<T, String> unit, RecordBuilder record) {
		int start = 0;
		while (start < results.size()) {
			T head = results.get(start);
			int end = start + 1;
			while (end < results.size() && date.apply(results.get(end)).equals(date.apply(head))
					&& label.apply(results.get(end)).equals(label.apply(head))) {
				end++;
			}
			if (end - start > 1) {
				List<T> run = new ArrayList<>(results.subList(start, end));
				if (distinctTimes(run, id, record.times)) {
					run.sort(Comparator.comparing(result -> record.times.get(id.apply(result))));
				} else {
					run.sort(Comparator.comparingDouble(value).thenComparing(id));
					if (value.applyAsDouble(run.get(0)) != value.applyAsDouble(run.get(run.size() - 1))) {
						record.messages.add(label.apply(head) + " results of " + date.apply(head) + " ("
								+ String.join(", ", run.stream().map(result -> id.apply(result) + " "
										+ number(value.applyAsDouble(result)) + " " + unit.apply(result)).toList())
								+ ") cannot be ordered in time; the highest is read as the latest - please check it");
					}
				}
				for (int i = 0; i < run.size(); i++) {
					results.set(start + i, run.get(i));
				}
			}
			start = end;
		}
	}

	private static <T> boolean distinctTimes(List<T> run, Function<T, String> id, Map<String, Instant> times) {
		HashSet<Instant> seen = new HashSet<>();
		for (T result : run) {
			Instant time = times.get(id.apply(result));
			if (time == null || !seen.add(time)) {
				return false;
			}
		}
		return true;
	}
}
