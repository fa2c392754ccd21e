package org.somaxis.guidance.rules;

import java.util.List;
import java.util.stream.Collectors;
import org.somaxis.guidance.record.Igf1Point;
import org.somaxis.guidance.record.LabValue;
import org.somaxis.guidance.record.PatientRecord;
import org.somaxis.guidance.record.PeptideOrder;

/** Shared template values, so every card quotes IGF-1 results and orders the same way. */
final class Describe {
	private Describe() {}

	/** igf1, igf1-date, igf1-low, igf1-high, igf1-sds, igf1-interval-source. */
	static FindingBuilder igf1(FindingBuilder builder, Igf1Point point) {
		builder.value("igf1", point.ngPerMl())
				.value("igf1-date", point.date().toString())
				.evidence(point.resourceId());
		if (point.interval() != null) {
			builder.value("igf1-low", point.interval().low())
					.value("igf1-high", point.interval().high())
					.value("igf1-sds", point.sds())
					.value("igf1-interval-source", point.interval().origin());
		}
		return builder;
	}

	/**
	 * "Ipamorelin (draft), Sermorelin (active), Tesamorelin (dispensed 2026-11-10, MedicationDispense/d1)": a record
	 * that the peptide was given or dispensed is named with its day and id, since no order shows it.
	 */
	static String orders(List<PeptideOrder> orders) {
		return orders.stream()
				.map(order -> order.display() + " (" + status(order) + ")")
				.distinct()
				.collect(Collectors.joining(", "));
	}

	private static String status(PeptideOrder order) {
		return switch (order.source()) {
			case ADMINISTRATION -> "given " + order.start() + ", " + order.resourceId();
			case DISPENSE -> "dispensed " + order.start() + ", " + order.resourceId();
			case ORDER, REQUESTED_DRAFT, STATEMENT -> order.isDraft() ? "draft" : order.isOnHold() ? "on hold" : "active";
		};
	}

	/** "126 mg/dL on 2026-06-01" (the unit is left out when the kind has none, e.g. HOMA-IR). */
	static String lab(LabValue lab) {
		String unit = lab.kind().unit().isEmpty() ? "" : " " + lab.kind().unit();
		return FindingBuilder.format(lab.value()) + unit + " on " + lab.date();
	}

	static double risePercent(double baseline, double latest) {
		return (latest - baseline) / baseline * 100.0;
	}

	/**
	 * The last IGF-1's date, for a finding that names it; one of the same day or later without a readable value
	 * (pending, text such as "&gt;1000", a unit that cannot be converted) is the last, and said so.
	 */
	static String lastIgf1(PatientRecord record) {
		java.time.LocalDate readable = record.latestIgf1().map(Igf1Point::date).orElse(null);
		java.time.LocalDate unread = record.latestUnreadIgf1();
		if (unread != null && (readable == null || !unread.isBefore(readable))) {
			return unread + " (without a value that could be read)";
		}
		return readable == null ? "none on record" : readable.toString();
	}
}
