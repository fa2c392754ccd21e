package org.somaxis.guidance;

import java.util.List;
import java.util.Objects;

/**
 * A labelled set of actions the clinician may accept together. An empty action list is advice only.
 *
 * @param reviewsDoseOf the orders whose dose the advice asks to review ("Reduce the dose"): the new dose is the
 *     clinician's choice, so no action carries it, but the engine must know which orders it is about (beside a card
 *     that stops them it is left out; probe 60, P60-m2); empty for any other suggestion
 */
public record Suggestion(String label, List<Action> actions, List<String> reviewsDoseOf) {
	public Suggestion {
		Objects.requireNonNull(label, "label");
		actions = List.copyOf(actions);
		reviewsDoseOf = List.copyOf(reviewsDoseOf);
	}

	public Suggestion(String label, List<Action> actions) {
		this(label, actions, List.of());
	}

	/**
	 * Whether the suggestions are alternatives, of which at most one may be accepted: two of them change the same
	 * resource (stop or pause the same order). Otherwise they may all be accepted (cancel the drafts and stop the active
	 * order, beside a pregnancy). The one reading of a card's selection behaviour, for both faces.
	 */
	public static boolean alternatives(List<Suggestion> suggestions) {
		java.util.Set<String> seen = new java.util.HashSet<>();
		for (Suggestion suggestion : suggestions) {
			java.util.Set<String> ids = new java.util.HashSet<>();
			suggestion.actions().stream().map(Action::resourceId).filter(id -> !id.isEmpty()).forEach(ids::add);
			for (String id : ids) {
				if (!seen.add(id)) {
					return true;
				}
			}
		}
		return false;
	}
}
