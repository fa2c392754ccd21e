package org.somaxis.guidance;

import java.util.List;
import java.util.Objects;

/** A labelled set of actions the clinician may accept together. An empty action list is advice only. */
public record Suggestion(String label, List<Action> actions) {
	public Suggestion {
		Objects.requireNonNull(label, "label");
		actions = List.copyOf(actions);
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
