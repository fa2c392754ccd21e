package org.somaxis.guidance.record;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The latest of one kind of pregnancy evidence: pregnancy statuses (82810-3 and the like), pregnancy tests
 * (qualitative, or quantitative hCG read by its interpretation), or the quantitative hCG results the record could not
 * read. "Latest" compares instants when both have a time of day (so that times in different zones compare rightly),
 * else days. Two that say opposite things and cannot be told apart in time (the same day with no time on one of them,
 * or the same instant) count as pregnant, and the other is kept to be named: a negative in the morning and a positive
 * in the afternoon of the same day must not hide the pregnancy. The order they are read in does not matter.
 */
final class LatestPregnancy {
	private LocalDate date;
	private Instant instant;
	private String id;
	private boolean pregnant;
	private String tiedWith;

	void offer(boolean pregnant, String id, LocalDate date, Instant instant) {
		int order = this.id == null ? 1 : compare(date, instant, this.date, this.instant);
		if (order == 0 && pregnant != this.pregnant) {
			// same time, opposite answers: the one that says pregnant stands, and the clinician is told
			String other = this.id;
			if (pregnant) {
				this.id = id;
				this.pregnant = true;
			}
			tiedWith = pregnant ? other : id;
		} else if (order > 0) {
			this.date = date;
			this.instant = instant;
			this.id = id;
			this.pregnant = pregnant;
			tiedWith = null;
		}
	}

	boolean present() {
		return id != null;
	}

	boolean pregnant() {
		return pregnant;
	}

	String id() {
		return id;
	}

	LocalDate date() {
		return date;
	}

	/** The evidence that said the opposite and could not be told apart in time, or null. */
	String tiedWith() {
		return tiedWith;
	}

	/** Whether this one is later than {@code other} (both present); a tie is not later. */
	boolean laterThan(LatestPregnancy other) {
		return compare(date, instant, other.date, other.instant) > 0;
	}

	private static int compare(LocalDate date, Instant instant, LocalDate otherDate, Instant otherInstant) {
		if (instant != null && otherInstant != null) {
			return instant.compareTo(otherInstant);
		}
		return date.compareTo(otherDate);
	}
}
