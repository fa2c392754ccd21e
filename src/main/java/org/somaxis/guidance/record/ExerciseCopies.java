package org.somaxis.guidance.record;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The same workout sent by two devices or apps (a watch and Strava): sessions of one exercise type whose times overlap
 * are one session, counted once as the longest of them, and a message names the others. A session without a time of
 * day (a date only) cannot be placed and is never merged.
 */
final class ExerciseCopies {

	/**
	 * A session as read, with its start and end when it has a time of day (an end known neither from its period nor its
	 * duration is its start); both null otherwise.
	 */
	record Timed(ExerciseSession session, Instant start, Instant end) {
		boolean overlaps(Timed other) {
			return start.equals(other.start) || start.isBefore(other.end) && other.start.isBefore(end);
		}
	}

	private ExerciseCopies() {}

	static List<ExerciseSession> countedOnce(List<Timed> sessions, List<String> messages) {
		List<ExerciseSession> counted = new ArrayList<>();
		List<Timed> placed = new ArrayList<>();
		for (Timed timed : sessions) {
			if (timed.start() == null) {
				counted.add(timed.session());
			} else {
				placed.add(timed);
			}
		}
		placed.sort(Comparator.comparing(Timed::start).thenComparing(timed -> timed.session().resourceId()));
		List<Timed> done = new ArrayList<>();
		for (Timed timed : placed) {
			if (done.contains(timed)) {
				continue;
			}
			List<Timed> copies = new ArrayList<>(List.of(timed));
			for (int i = 0; i < copies.size(); i++) { // every session that overlaps one of the group, of the same type
				Timed member = copies.get(i);
				for (Timed other : placed) {
					if (!copies.contains(other) && other.session().type() == member.session().type() && other.overlaps(member)) {
						copies.add(other);
					}
				}
			}
			done.addAll(copies);
			ExerciseSession longest = copies.stream().map(Timed::session)
					.max(Comparator.comparingDouble((ExerciseSession session) -> session.minutes() == null ? -1 : session.minutes())
							.thenComparing(ExerciseSession::resourceId, Comparator.reverseOrder()))
					.orElseThrow();
			counted.add(longest);
			if (copies.size() > 1) {
				messages.add("Exercise sessions " + String.join(", ", copies.stream().map(copy -> copy.session().resourceId())
						.sorted().toList()) + " (" + longest.type().code() + ", " + longest.date()
						+ ") overlap in time: the same session from more than one device or app; counted once, as "
						+ longest.resourceId());
			}
		}
		return counted;
	}
}
