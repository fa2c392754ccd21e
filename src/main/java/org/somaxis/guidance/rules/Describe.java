package org.somaxis.guidance.rules;

import java.util.List;
import java.util.stream.Collectors;
import org.somaxis.guidance.record.Igf1Point;
import org.somaxis.guidance.record.LabValue;
import org.somaxis.guidance.record.OrderStatus;
import org.somaxis.guidance.record.PatientRecord;
import org.somaxis.guidance.record.PeptideOrder;

/** Shared template values, so every card quotes IGF-1 results and orders the same way. */
final class Describe {
	static final String LAST_IGF1 = "last-igf1";
	static final String LAST_IGF1_UNREAD = "last-igf1-unread";
	static final String NO_IGF1 = "no-igf1";
	static final java.util.Set<String> LAST_IGF1_PHRASES = java.util.Set.of(LAST_IGF1, LAST_IGF1_UNREAD, NO_IGF1);

	private Describe() {}

	/** The phrases naming the interval an IGF-1 was judged against: the laboratory's own, or the table's. */
	static final java.util.Set<String> RANGE_PHRASES = java.util.Set.of("lab-range", "age-sex-range");

	/**
	 * The phrase naming the interval the result was judged against: the laboratory's own range, which has no age or sex
	 * ("age/sex range" was said of one with neither: probe 59, P59-m6), or the table's for the patient's age and sex.
	 */
	static String rangePhrase(Igf1Point point) {
		return point.interval() != null && point.interval().fromTheLaboratory() ? "lab-range" : "age-sex-range";
	}

	/**
	 * igf1, igf1-as-reported (" (60 nmol/L)" when the value was converted from the one the laboratory reported, which the
	 * clinician finds on the report; " (preliminary)" or " (60 nmol/L; preliminary)" for a result whose status is
	 * preliminary, which a card that asks to stop or reduce should not be mistaken for a final one by; else empty),
	 * igf1-date, igf1-low, igf1-high, igf1-sds, igf1-interval-source.
	 */
	static FindingBuilder igf1(FindingBuilder builder, Igf1Point point) {
		java.util.List<String> asReported = new java.util.ArrayList<>();
		if (point.reported() != null) {
			asReported.add(point.reported());
		}
		if (point.preliminary()) {
			asReported.add("preliminary"); // R4's status code, as the lab sent it
		}
		// a value converted from another unit is quoted to a tenth of a ng/mL, not with the conversion's false precision
		// (45 nmol/L is 344.3 ng/mL, not 344.25; probe 56, P56-m4); the reported value stands beside it
		double shown = point.reported() == null ? point.ngPerMl() : Math.round(point.ngPerMl() * 10) / 10.0;
		builder.value("igf1", shown)
				.value("igf1-as-reported", asReported.isEmpty() ? "" : " (" + String.join("; ", asReported) + ")")
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
			case ORDER, REQUESTED_DRAFT, STATEMENT -> order.isDraft() ? "draft" : order.isOnHold() ? "on hold"
					: order.status() == OrderStatus.ENDED ? "ended, " + order.resourceId() : "active";
		};
	}

	/**
	 * "126 mg/dL on 2026-06-01", or "126 mg/dL (7.0 mmol/L) on 2026-06-01" for a value converted from the one the
	 * laboratory reported (the unit is left out when the kind has none, e.g. HOMA-IR).
	 */
	static String lab(LabValue lab) {
		String unit = lab.kind().unit().isEmpty() ? "" : " " + lab.kind().unit();
		String reported = lab.reported() == null ? "" : " (" + lab.reported() + ")";
		return FindingBuilder.format(lab.value()) + unit + reported + " on " + lab.date();
	}

	static double risePercent(double baseline, double latest) {
		return (latest - baseline) / baseline * 100.0;
	}

	/**
	 * The last IGF-1's date, for a finding that names it; one of the same day or later without a readable value
	 * (pending, text such as "&gt;1000", a unit that cannot be converted) is the last, and said so. The rule declares
	 * the {@link #LAST_IGF1_PHRASES}.
	 */
	static FindingBuilder lastIgf1(FindingBuilder builder, PatientRecord record) {
		java.time.LocalDate readable = record.latestIgf1().map(Igf1Point::date).orElse(null);
		java.time.LocalDate unread = record.latestUnreadIgf1();
		if (unread != null && (readable == null || !unread.isBefore(readable))) {
			return builder.value("last-igf1-date", unread.toString()).valuePhrase("last-igf1", LAST_IGF1_UNREAD);
		}
		return readable == null ? builder.valuePhrase("last-igf1", NO_IGF1)
				: builder.value("last-igf1-date", readable.toString()).valuePhrase("last-igf1", LAST_IGF1);
	}
}
