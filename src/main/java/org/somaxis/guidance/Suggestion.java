package org.somaxis.guidance;

import java.util.List;
import java.util.Objects;

/** A labelled set of actions the clinician may accept together. An empty action list is advice only. */
public record Suggestion(String label, List<Action> actions) {
	public Suggestion {
		Objects.requireNonNull(label, "label");
		actions = List.copyOf(actions);
	}
}
