package org.somaxis.cdshooks;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Resource;
import org.somaxis.gather.ActionResources;
import org.somaxis.gather.Evaluated;
import org.somaxis.guidance.knowledge.Notices;
import org.somaxis.guidance.knowledge.Notices.Incomplete;
import org.somaxis.guidance.Action;
import org.somaxis.guidance.Citation;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.Markdown;
import org.somaxis.guidance.OverrideReason;
import org.somaxis.guidance.Suggestion;
import org.somaxis.gather.BundleIds;

/**
 * Finding → CDS Hooks 2.0 card. The same fields as the $evaluate rendering (summary = RequestGroup action title,
 * indicator = priority, rule id = action code), so the two faces cannot disagree.
 */
public final class CardRenderer {
	public static final String RULES_SYSTEM = "http://somaxis.org/fhir/CodeSystem/guidance-rules";
	public static final String SOURCE_LABEL = "Somaxis GH-axis guidance";
	/** The guidance-rules code of the card that says guidance may be incomplete (not a rule of the engine). */
	public static final String INCOMPLETE = Notices.INCOMPLETE_CODE;

	private final FhirContext fhir;
	private final ObjectMapper json;
	private final String decisionSupportNotice;
	private final Notices notices;

	/**
	 * @param notices the texts of knowledge/settings.yaml: the framing said once per response, and the wording of the
	 *     card that says guidance may be incomplete
	 */
	public CardRenderer(FhirContext fhir, ObjectMapper json, Notices notices) {
		this.fhir = fhir;
		this.json = json;
		this.decisionSupportNotice = notices.decisionSupport();
		this.notices = notices;
	}

	/**
	 * The card set of one response, framed once: the decision-support notice closes the first card's detail (a CDS
	 * response has no place for text outside its cards, and one line per card would be noise).
	 */
	public List<CdsJson.Card> framed(List<CdsJson.Card> cards) {
		if (cards.isEmpty()) {
			return cards;
		}
		List<CdsJson.Card> framed = new ArrayList<>(cards);
		CdsJson.Card first = cards.get(0);
		String detail = first.detail() == null || first.detail().isEmpty()
				? "_" + decisionSupportNotice + "_"
				: first.detail() + "\n\n_" + decisionSupportNotice + "_";
		framed.set(0, new CdsJson.Card(first.uuid(), first.summary(), detail, first.indicator(), first.source(),
				first.suggestions(), first.selectionBehavior(), first.overrideReasons(), first.links()));
		return framed;
	}

	/**
	 * @param rulePageBase absolute URL of the rule pages, e.g. http://host/cds-services/rules
	 * @param known the resources the evaluation saw, by "Type/id", for update actions
	 */
	public CdsJson.Card card(Finding finding, String patientReference, String rulePageBase, Map<String, Resource> known) {
		List<CdsJson.Suggestion> suggestions = new ArrayList<>();
		List<Suggestion> kept = new ArrayList<>();
		for (Suggestion suggestion : finding.suggestions()) {
			if (suggestion.actions().stream().anyMatch(action -> action.resourceId() != null
					&& BundleIds.isMadeUp(known.get(action.resourceId())))) {
				// a draft sent without an id or fullUrl: the EHR could not tell which order the action means; the card
				// still says what to do
				continue;
			}
			List<CdsJson.Action> actions = suggestion.actions().stream()
					.map(action -> action(action, patientReference, known))
					.toList();
			suggestions.add(new CdsJson.Suggestion(suggestion.label(), UUID.randomUUID().toString(), null, actions));
			kept.add(suggestion);
		}
		List<CdsJson.Coding> overrideReasons = finding.overrideReasons().stream()
				.map(reason -> new CdsJson.Coding(OverrideReason.SYSTEM, reason.code(), reason.display()))
				.toList();
		return new CdsJson.Card(
				UUID.randomUUID().toString(),
				finding.summary(),
				detail(finding),
				finding.severity().indicator(),
				new CdsJson.Source(SOURCE_LABEL, rulePageBase + "/" + finding.ruleId(),
						new CdsJson.Coding(RULES_SYSTEM, finding.ruleId(), null)),
				suggestions,
				kept.isEmpty() ? null : Suggestion.alternatives(kept) ? "at-most-one" : "any",
				overrideReasons,
				null);
	}

	/** The finding's markdown (which quotes the values used) followed by its citations. */
	static String detail(Finding finding) {
		StringBuilder detail = new StringBuilder(finding.detail());
		if (!finding.citations().isEmpty()) {
			detail.append(detail.length() == 0 ? "" : "\n\n").append("**Sources**\n");
			for (Citation citation : finding.citations()) {
				detail.append("\n- ");
				detail.append(citation.url().isEmpty()
						? citation.label()
						: "[" + citation.label() + "](" + citation.url() + ")");
				if (!citation.text().isEmpty()) {
					detail.append(": ").append(citation.text());
				}
			}
		}
		return detail.toString();
	}

	private CdsJson.Action action(Action action, String patientReference, Map<String, Resource> known) {
		String description = action.description().isEmpty() ? defaultDescription(action) : action.description();
		return switch (action.type()) {
			case CREATE -> new CdsJson.Action(
					"create", description, toJson(ActionResources.labOrder(action, patientReference)), null);
			case DELETE -> new CdsJson.Action("delete", description, null, action.resourceId());
			case UPDATE -> new CdsJson.Action("update", description,
					ActionResources.changed(action, known).map(this::toJson).orElse(null), action.resourceId());
		};
	}

	/**
	 * The one card that says guidance may be incomplete, and why: every data problem (a lab that could not be
	 * converted, a missing birth date, an unreadable peptide order) and every rule that could not be evaluated. It is
	 * info, or warning when a safety rule failed (its finding may be missing), when a peptide is active or ordered and
	 * a pregnancy status or test that may say pregnant could not be used, or a condition that may be a malignancy, a
 * pregnancy or (with tesamorelin) a hypothalamic-pituitary disorder was named and not counted, when a fasting glucose
	 * or HbA1c could not be used while a peptide is ordered, taken or on hold, when a condition contraindicates peptides
	 * and a medication record in effect could not be read (either way the contraindication may be missing), or when
	 * records that nothing links to the patient were left unread (one may be the patient's cancer or pregnancy), or when
	 * an order is written for a patient recorded as deceased or on a record marked inactive or replaced.
	 */
	public CdsJson.Card incomplete(Evaluated evaluated, String rulePageBase) {
		Map<Incomplete, List<String>> reasons = evaluated.incompleteReasons();
		// the wording is knowledge data (notices.incomplete in knowledge/settings.yaml): the first reason names the card
		String summary = notices.incomplete(reasons.isEmpty() ? Incomplete.DATA : reasons.keySet().iterator().next()).summary();
		StringBuilder detail = new StringBuilder();
		reasons.forEach((reason, records) -> {
			String paragraph = notices.incomplete(reason).detail();
			if (!paragraph.isEmpty()) {
				detail.append(paragraph.replace("{records}", Markdown.escape(firstFive(records)))).append("\n\n");
			}
		});
		if (!evaluated.dataMessages().isEmpty()) {
			detail.append(notices.incomplete(Incomplete.DATA).detail()).append("\n");
			evaluated.dataMessages().forEach(message -> detail.append("\n- ").append(Markdown.escape(message)));
		}
		if (!evaluated.ruleFailures().isEmpty()) {
			detail.append(evaluated.dataMessages().isEmpty() ? "" : "\n\n")
					.append(notices.incomplete(Incomplete.RULE_FAILURES).detail()).append("\n");
			evaluated.ruleFailures().forEach(failure -> detail.append("\n- ").append(Markdown.escape(failure.message())));
		}
		List<CdsJson.Suggestion> suggestions = reasons.containsKey(Incomplete.GROWTH_HORMONE)
				? cancelGrowthHormoneDrafts(evaluated) : List.of();
		return new CdsJson.Card(
				UUID.randomUUID().toString(),
				summary,
				detail.toString().strip(),
				reasons.isEmpty() ? "info" : "warning",
				new CdsJson.Source(SOURCE_LABEL, rulePageBase + "/" + INCOMPLETE,
						new CdsJson.Coding(RULES_SYSTEM, INCOMPLETE, null)),
				suggestions,
				suggestions.isEmpty() ? null : "any",
				List.of(),
				null);
	}

	/**
	 * Growth hormone being signed beside a condition the peptide checks stop for: the card offered no way to cancel it
	 * (probe 59, P59-m5). One suggestion deletes every such draft the EHR can tell apart (one sent without an id or
	 * fullUrl cannot be named).
	 */
	private List<CdsJson.Suggestion> cancelGrowthHormoneDrafts(Evaluated evaluated) {
		var record = evaluated.record();
		List<CdsJson.Action> deletes = record.growthHormoneBesideAStoppingCondition().stream()
				.filter(id -> record.otherTherapyDrafts().get(id) == org.somaxis.guidance.record.OtherTherapy.GROWTH_HORMONE)
				.filter(id -> !BundleIds.isMadeUp(evaluated.known().get(id)))
				.map(id -> action(Action.delete(id), evaluated.patientReference(), evaluated.known()))
				.toList();
		return deletes.isEmpty() ? List.of()
				: List.of(new CdsJson.Suggestion(notices.cancelGrowthHormoneDraft(), UUID.randomUUID().toString(), null, deletes));
	}

	/** At most five names, and how many more: a card stays readable. */
	private static String firstFive(List<String> names) {
		return String.join(", ", names.subList(0, Math.min(5, names.size())))
				+ (names.size() > 5 ? " and " + (names.size() - 5) + " more" : "");
	}

	private JsonNode toJson(Resource resource) {
		try {
			return json.readTree(fhir.newJsonParser().encodeResourceToString(resource));
		} catch (java.io.IOException e) {
			throw new IllegalStateException(e);
		}
	}

	private static String defaultDescription(Action action) {
		return switch (action.type()) {
			case CREATE -> "Order " + action.loincCode();
			case DELETE -> "Remove " + action.resourceId();
			case UPDATE -> "Update " + action.resourceId();
		};
	}
}
