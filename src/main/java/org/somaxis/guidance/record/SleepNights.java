package org.somaxis.guidance.record;

import static org.somaxis.guidance.record.FhirValues.number;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sleep per night. Devices send a night as one record, as stage segments, as a total plus naps, or twice (a watch and a
 * phone app): the mean that sleep-short judges is of nights, not of records.
 *
 * <p>Each record belongs to one sleep day, its "night of" ({@link LifestyleReader#nightOf}). Within a night:
 * <ul>
 *   <li>records with a period (a start and an end with times) that overlap are alternative readings of the same sleep;
 *       the night's period total is the largest sum of records no two of which overlap, so the segments of one night
 *       and a nap add up, and a second device's copy of them is counted once;</li>
 *   <li>records with only a date or a time are whole-night readings that cannot be placed: copies of one another, the
 *       largest counted;</li>
 *   <li>a night read both ways counts the larger of the two, never their sum.</li>
 * </ul>
 * Records not counted are named. A night totalling more than the hours a day has, or no sleep at all (0 h: a night
 * the device did not track, more often than not), is named and left out.
 */
final class SleepNights {

	/** One sleep record inside the window: start and end are instants for a period with times, else null. */
	record Sleep(String id, LocalDate night, Instant start, Instant end, double hours) {
		boolean placed() {
			return start != null && end != null && !end.isBefore(start);
		}
	}

	/** The nights with data: their mean, their number and the records counted. */
	record Summary(Double meanHours, int nights, List<String> evidence) {}

	private SleepNights() {}

	static Summary summarise(List<Sleep> records, double maxHoursPerNight, List<String> messages) {
		Map<LocalDate, List<Sleep>> byNight = new TreeMap<>();
		for (Sleep sleep : records) {
			byNight.computeIfAbsent(sleep.night(), night -> new ArrayList<>()).add(sleep);
		}
		double total = 0;
		int nights = 0;
		List<String> evidence = new ArrayList<>();
		for (Map.Entry<LocalDate, List<Sleep>> entry : byNight.entrySet()) {
			List<Sleep> counted = counted(entry.getValue());
			double hours = counted.stream().mapToDouble(Sleep::hours).sum();
			if (hours <= 0) {
				// no sleep at all: far more often a night the device did not track than one without sleep; as a night
				// of 0 h it made "mean sleep 0 h" (and named a copy of nothing)
				messages.add("Sleep " + (entry.getValue().size() == 1 ? "record " : "records ") + String.join(", ",
						entry.getValue().stream().map(Sleep::id).toList()) + " of the night of " + entry.getKey()
						+ " record no sleep (0 h), more likely a night not tracked than one without sleep; the night is"
						+ " left out - please check it");
				continue;
			}
			List<String> countedIds = counted.stream().map(Sleep::id).toList();
			if (hours > maxHoursPerNight) {
				messages.add("Sleep records " + String.join(", ", countedIds) + " of the night of " + entry.getKey()
						+ " add up to " + number(hours) + " h, more than " + number(maxHoursPerNight)
						+ " h in one night; the night is left out - please check the units");
				continue;
			}
			List<String> copies = entry.getValue().stream().map(Sleep::id).filter(id -> !countedIds.contains(id)).toList();
			if (!copies.isEmpty()) {
				messages.add("Sleep " + (copies.size() == 1 ? "record " : "records ") + String.join(", ", copies)
						+ " of the night of " + entry.getKey() + " repeat sleep counted from " + String.join(", ", countedIds)
						+ " (the same night from another device or app); counted once");
			}
			total += hours;
			nights++;
			evidence.addAll(countedIds);
		}
		return new Summary(nights == 0 ? null : total / nights, nights, evidence);
	}

	/**
	 * The records of one night that are counted: the largest set of placed records no two of which overlap, or the
	 * largest unplaced record, whichever says more.
	 */
	private static List<Sleep> counted(List<Sleep> night) {
		List<Sleep> placed = night.stream().filter(Sleep::placed).sorted(Comparator.comparing(Sleep::end)
				.thenComparing(Sleep::id)).toList();
		List<Sleep> periods = largestWithoutOverlap(placed);
		Sleep largestUnplaced = night.stream().filter(sleep -> !sleep.placed())
				.max(Comparator.comparingDouble(Sleep::hours).thenComparing(Sleep::id, Comparator.reverseOrder()))
				.orElse(null);
		double periodHours = periods.stream().mapToDouble(Sleep::hours).sum();
		return largestUnplaced != null && largestUnplaced.hours() > periodHours ? List.of(largestUnplaced) : periods;
	}

	/** Weighted interval scheduling over records sorted by end: the non-overlapping set with the most hours. */
	private static List<Sleep> largestWithoutOverlap(List<Sleep> byEnd) {
		int n = byEnd.size();
		double[] best = new double[n + 1];
		boolean[] take = new boolean[n + 1];
		int[] previous = new int[n + 1];
		for (int j = 1; j <= n; j++) {
			Sleep sleep = byEnd.get(j - 1);
			int p = j - 1;
			while (p > 0 && byEnd.get(p - 1).end().isAfter(sleep.start())) {
				p--;
			}
			previous[j] = p;
			double with = best[p] + sleep.hours();
			take[j] = with > best[j - 1];
			best[j] = take[j] ? with : best[j - 1];
		}
		List<Sleep> chosen = new ArrayList<>();
		for (int j = n; j > 0; ) {
			if (take[j]) {
				chosen.add(0, byEnd.get(j - 1));
				j = previous[j];
			} else {
				j--;
			}
		}
		return chosen;
	}
}
