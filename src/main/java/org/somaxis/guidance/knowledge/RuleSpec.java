package org.somaxis.guidance.knowledge;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.somaxis.guidance.Category;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.OverrideReason;
import org.somaxis.guidance.Severity;

/**
 * One rule's knowledge entry: identity, category, severity, faces, wording templates ({placeholders}), suggestions and sources.
 *
 * @param elevatedSeverity the severity used when the rule's escalation condition holds (null when it has none)
 * @param population who the rule is for (age range, sex); required in the data; {} is everyone
 * @param reassurance the finding reassures (IGF-1 in target, an expected early rise): not shown beside a critical
 *     finding, or one that suggests stopping or pausing the therapy ({@link #setsTherapyAside()}), whose therapy is to
 *     be set aside rather than kept on course
 * @param phrases the rule's wording for parts of a finding that differ from case to case (a reason, a comparison), by
 *     name; templates with {placeholders} like the summary's; the rule chooses which, never writes one
 */
public record RuleSpec(
		String id,
		String version,
		Category category,
		Severity severity,
		Severity elevatedSeverity,
		Set<Face> faces,
		String summary,
		String detail,
		List<SuggestionSpec> suggestions,
		List<String> sources,
		List<OverrideReason> overrideReasons,
		Population population,
		boolean reassurance,
		Map<String, String> phrases) {

	public RuleSpec {
		phrases = Map.copyOf(phrases);
		faces = Set.copyOf(faces);
		suggestions = List.copyOf(suggestions);
		sources = List.copyOf(sources);
		overrideReasons = List.copyOf(overrideReasons);
	}

	/**
	 * Whether the rule suggests stopping or pausing the therapy (an update that sets the status): a reassurance beside
	 * its finding would say to keep on course a therapy this one says to set aside.
	 */
	public boolean setsTherapyAside() {
		return suggestions.stream().flatMap(suggestion -> suggestion.actions().stream())
				.anyMatch(action -> action.setStatus() != null);
	}

	/** A suggestion template: a label plus action templates. */
	public record SuggestionSpec(String label, List<ActionSpec> actions) {
		public SuggestionSpec {
			actions = List.copyOf(actions);
		}
	}

	/**
	 * An action template. {@code create} orders the LOINC code (skipped when a draft ServiceRequest already orders
	 * it); {@code delete-drafts} removes every draft order the finding implicates; {@code update-orders} changes every
	 * implicated order and {@code update-active} every implicated active order. An update declares exactly one typed
	 * change: {@code set-status} ({@value #STOPPED} or {@value #ON_HOLD}, i.e. pause), {@code set-route}
	 * ({@value #USUAL_ROUTE}: the peptide's usual route from knowledge/peptides.yaml) or {@code dose-change}
	 * ({@value #DOSE_REVIEW}: the clinician chooses the new dose, so the suggestion is advice without an action).
	 * A status change may name its {@code status-reason}, a code of HL7's medicationrequest-status-reason (FHIR R4
	 * core) the changed order records, beside the finding's summary as its text. {@code description} is wording only.
	 * A {@code create} may say when the test is {@code due}; without it, now.
	 */
	public record ActionSpec(String type, String loinc, String display, String description, String setStatus,
			String setRoute, String doseChange, String statusReason, Due due) {
		public static final Set<String> TYPES =
				new java.util.TreeSet<>(Set.of("create", "delete-drafts", "update-orders", "update-active"));
		public static final String STOPPED = "stopped";
		public static final String ON_HOLD = "on-hold";
		public static final Set<String> STATUSES = new java.util.TreeSet<>(Set.of(STOPPED, ON_HOLD));
		public static final String USUAL_ROUTE = "usual";
		public static final String DOSE_REVIEW = "review";
		/**
		 * The codes of CodeSystem http://terminology.hl7.org/CodeSystem/medicationrequest-status-reason in FHIR R4
		 * (4.0.1, as hl7.fhir.r4.core publishes it).
		 */
		public static final Set<String> STATUS_REASONS = new java.util.TreeSet<>(Set.of("altchoice", "clarif", "drughigh",
				"hospadm", "labint", "non-avail", "preg", "salg", "sddi", "sdupther", "sintol", "surg", "washout"));

		public boolean isUpdate() {
			return type.startsWith("update-");
		}
	}

	/**
	 * When a lab order a suggestion creates is due: from {@code from-days} to {@code to-days} (or open) days after a
	 * day, the evaluation date or one the rule names ({@code after}): {@value #WORN_OFF}, the day an ended therapy's
	 * effect on IGF-1 has worn off, or {@value #THERAPY_START}, the day the peptide therapy began. A due day that is not
	 * after the evaluation date, or a named day the rule does not give, is now: the order carries no date.
	 */
	public record Due(String after, int fromDays, Integer toDays) {
		public static final String WORN_OFF = "worn-off";
		public static final String THERAPY_START = "therapy-start";
		public static final Set<String> AFTER = new java.util.TreeSet<>(Set.of(WORN_OFF, THERAPY_START));
	}
}
