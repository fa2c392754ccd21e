package org.somaxis.guidance.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.somaxis.guidance.Action;
import org.somaxis.guidance.Citation;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.Markdown;
import org.somaxis.guidance.Severity;
import org.somaxis.guidance.Suggestion;
import org.somaxis.guidance.knowledge.Knowledge;
import org.somaxis.guidance.knowledge.RuleSpec;
import org.somaxis.guidance.record.PatientRecord;
import org.somaxis.guidance.record.PeptideOrder;

/** Renders a rule's knowledge entry into a {@link Finding}: fills {placeholders}, resolves actions and citations. */
public final class FindingBuilder {
	private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z0-9-]+)}");

	private final Knowledge knowledge;
	private final RuleSpec spec;
	private final PatientRecord record;
	private final Map<String, String> values = new HashMap<>();
	private final Map<String, String> phraseValues = new LinkedHashMap<>();
	private final List<String> evidence = new ArrayList<>();
	private final Map<String, PeptideOrder> implicated = new LinkedHashMap<>();
	private Map<String, PeptideOrder> actedOn;
	private final List<String> extraSources = new ArrayList<>();
	/** The days a create action's {@code due} may count from ({@link RuleSpec.Due#AFTER}), as the rule gives them. */
	private final Map<String, java.time.LocalDate> days = new HashMap<>();
	private Severity severity;

	FindingBuilder(Knowledge knowledge, RuleSpec spec, PatientRecord record) {
		this.knowledge = knowledge;
		this.spec = spec;
		this.record = record;
		this.severity = spec.severity();
		// the day a stop ends the dosing on, as an action's description names it
		values.put("evaluation-date", record.evaluationDate().toString());
	}

	public FindingBuilder value(String name, String value) {
		values.put(name, value);
		return this;
	}

	public FindingBuilder value(String name, double value) {
		return value(name, format(value));
	}

	/**
	 * A day a create action's {@code due} counts from ({@link RuleSpec.Due#WORN_OFF}, {@link RuleSpec.Due#THERAPY_START});
	 * a due that names a day the rule does not give is now.
	 */
	public FindingBuilder day(String name, java.time.LocalDate day) {
		if (!RuleSpec.Due.AFTER.contains(name)) {
			throw new IllegalArgumentException("no due counts from " + name);
		}
		if (day != null) {
			days.put(name, day);
		}
		return this;
	}

	public FindingBuilder evidence(List<String> ids) {
		evidence.addAll(ids);
		return this;
	}

	public FindingBuilder evidence(String id) {
		evidence.add(id);
		return this;
	}

	/** Names an order the finding is about: it becomes evidence and the target of order actions. */
	public FindingBuilder implicate(PeptideOrder order) {
		implicated.put(order.resourceId(), order);
		evidence.add(order.resourceId());
		return this;
	}

	public FindingBuilder implicate(List<PeptideOrder> orders) {
		orders.forEach(this::implicate);
		return this;
	}

	/**
	 * Narrows the orders that the suggestion's order actions (delete-drafts, update-orders, update-active) change to
	 * these; by default they change every implicated order. The orders are implicated too.
	 */
	public FindingBuilder actOn(List<PeptideOrder> orders) {
		actedOn = new LinkedHashMap<>();
		for (PeptideOrder order : orders) {
			implicate(order);
			actedOn.put(order.resourceId(), order);
		}
		return this;
	}

	/** Uses the rule's elevated severity (e.g. critical for MK-677) when it has one. */
	public FindingBuilder elevated() {
		if (spec.elevatedSeverity() != null) {
			severity = spec.elevatedSeverity();
		}
		return this;
	}

	public FindingBuilder source(List<String> citationIds) {
		extraSources.addAll(citationIds);
		return this;
	}

	public Finding build() {
		phraseValues.forEach((valueName, phraseName) -> values.put(valueName, phrase(phraseName)));
		String summary = render(spec.summary());
		if (summary.length() >= Finding.MAX_SUMMARY_LENGTH) {
			summary = summary.substring(0, Finding.MAX_SUMMARY_LENGTH - 4) + "...";
		}
		List<String> sourceIds = new ArrayList<>(spec.sources());
		extraSources.stream().filter(id -> !sourceIds.contains(id)).forEach(sourceIds::add);
		List<Citation> citations = knowledge.citations(sourceIds);
		return new Finding(
				spec.id(),
				spec.version(),
				severity,
				summary,
				renderMarkdown(spec.detail()),
				evidence.stream().distinct().toList(), // a blend's order is implicated once per peptide it names
				new ArrayList<>(implicated.keySet()),
				citations,
				suggestions(summary),
				spec.overrideReasons());
	}

	/** @param summary the finding's summary: why an order's status changes, as the changed order records it */
	private List<Suggestion> suggestions(String summary) {
		Map<String, PeptideOrder> targets = actedOn == null ? implicated : actedOn;
		List<Suggestion> suggestions = new ArrayList<>();
		for (RuleSpec.SuggestionSpec suggestion : spec.suggestions()) {
			List<Action> actions = new ArrayList<>();
			List<String> reviewsDoseOf = new ArrayList<>();
			boolean advice = suggestion.actions().isEmpty();
			for (RuleSpec.ActionSpec action : suggestion.actions()) {
				switch (action.type()) {
					case "create" -> {
						if (!record.pendingLabOrders().contains(action.loinc())) {
							actions.add(orderLab(action));
						}
					}
					case "delete-drafts" -> targets.values().stream()
							.filter(PeptideOrder::isDraft)
							.forEach(order -> actions.add(Action.delete(order.resourceId())));
					case "update-orders", "update-active" -> {
						List<PeptideOrder> orders = targets.values().stream()
								.filter(PeptideOrder::changeable) // a record that it was given or dispensed is no order
								.filter(order -> action.type().equals("update-orders") || order.isActive() || order.isOnHold())
								.toList();
						if (action.doseChange() != null) {
							// the new dose is the clinician's choice: shown as advice, never as a changed resource
							advice = true;
							orders.forEach(order -> reviewsDoseOf.add(order.resourceId()));
							continue;
						}
						orders.stream()
								// pausing an order already on hold changes nothing: not offered
								.filter(order -> !("on-hold".equals(action.setStatus()) && order.isOnHold()))
								.forEach(order -> actions.add(Action.update(
										order.resourceId(), render(action.description()), change(action, order, summary))));
					}
					default -> throw new IllegalStateException("unknown action type " + action.type());
				}
			}
			if (advice || !actions.isEmpty()) {
				suggestions.add(new Suggestion(render(suggestion.label()), actions, reviewsDoseOf));
			}
		}
		return suggestions;
	}

	/**
	 * The lab order of a create action, due when its {@code due} says: counted from the evaluation date or from the day
	 * it names; a day not after the evaluation date is now (no date), as is a named day the rule did not give.
	 */
	private Action orderLab(RuleSpec.ActionSpec action) {
		RuleSpec.Due due = action.due();
		java.time.LocalDate today = record.evaluationDate();
		java.time.LocalDate base = due == null ? null : due.after() == null ? today : days.get(due.after());
		if (base == null) {
			return Action.orderLab(action.loinc(), action.display());
		}
		java.time.LocalDate from = base.plusDays(due.fromDays());
		java.time.LocalDate to = due.toDays() == null ? null : base.plusDays(due.toDays());
		return Action.orderLab(action.loinc(), action.display(), from.isAfter(today) ? from : null,
				to != null && to.isAfter(today) ? to : null);
	}

	/** The typed change of an update action, for one order. */
	private Action.Change change(RuleSpec.ActionSpec action, PeptideOrder order, String summary) {
		if (action.setStatus() != null) {
			// a stop ends the dosing on the day evaluated, so that the record dates it (probe 59, P59-M1)
			return Action.Change.status(action.setStatus(), action.statusReason(), summary,
					"stopped".equals(action.setStatus()) ? record.evaluationDate() : null);
		}
		return Action.Change.route(knowledge.peptide(order.code())
				.orElseThrow(() -> new IllegalStateException("no knowledge entry for peptide " + order.code()))
				.usualRoute());
	}

	/**
	 * The rule's phrase {@code name} from its knowledge entry, with its placeholders filled from {@code args}, then from
	 * the values set so far. The rule chooses the phrase; the words are data. A phrase the entry lacks is a bug: every
	 * phrase a rule names in {@link Rule#phrases()} is checked against the knowledge when the engine is built.
	 */
	public String phrase(String name, Map<String, String> args) {
		String template = spec.phrases().get(name);
		if (template == null) {
			throw new IllegalStateException("rule " + spec.id() + " uses phrase '" + name + "', which its entry in"
					+ " knowledge/rules.yaml does not hold");
		}
		return render(template, args);
	}

	public String phrase(String name) {
		return phrase(name, Map.of());
	}

	/**
	 * Sets {@code valueName} to the rule's phrase {@code phraseName}, filled when the finding is built (so from every
	 * value set by then).
	 */
	public FindingBuilder valuePhrase(String valueName, String phraseName) {
		phraseValues.put(valueName, phraseName);
		return this;
	}

	/** Parts of one placeholder (reasons, context), as cards list them. */
	public static String list(List<String> parts) {
		return String.join("; ", parts);
	}

	private String render(String template) {
		return render(template, Map.of());
	}

	/**
	 * The detail's markdown: the template as written, each value escaped ({@link Markdown#escape}), since values quote
	 * the record (displays, texts) and must show as written. The phrases they may hold have no markdown of their own.
	 */
	private String renderMarkdown(String template) {
		Matcher matcher = PLACEHOLDER.matcher(template);
		StringBuilder out = new StringBuilder(template.length() + 32);
		while (matcher.find()) {
			String value = values.getOrDefault(matcher.group(1), "?");
			matcher.appendReplacement(out, Matcher.quoteReplacement(Markdown.escape(value)));
		}
		matcher.appendTail(out);
		return out.toString();
	}

	private String render(String template, Map<String, String> args) {
		Matcher matcher = PLACEHOLDER.matcher(template);
		StringBuilder out = new StringBuilder(template.length() + 32);
		while (matcher.find()) {
			String value = args.getOrDefault(matcher.group(1), values.getOrDefault(matcher.group(1), "?"));
			matcher.appendReplacement(out, Matcher.quoteReplacement(value));
		}
		matcher.appendTail(out);
		return out.toString();
	}

	/** Numbers as cards show them: integers plain, others with at most two decimals. */
	public static String format(double value) {
		if (value == Math.rint(value) && Math.abs(value) < 1e9) {
			return Long.toString((long) value);
		}
		String text = String.format(Locale.ROOT, "%.2f", value);
		return text.replaceAll("0+$", "").replaceAll("\\.$", "");
	}
}
