package org.somaxis.guidance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Suggestions that change the same resource are alternatives (a card's selectionBehavior at-most-one, on both faces);
 * suggestions on different resources, which a finding may need together, may all be accepted (any).
 */
class SuggestionAlternativesTest {

	private static Suggestion suggestion(Action... actions) {
		return new Suggestion("label", List.of(actions));
	}

	private static Action update(String resourceId) {
		return Action.update(resourceId, "", Action.Change.status("stopped"));
	}

	@Test
	void stoppingOrPausingTheSameOrder_areAlternatives() {
		assertThat(Suggestion.alternatives(List.of(suggestion(update("MedicationRequest/m1")),
				suggestion(update("MedicationRequest/m1"))))).isTrue();
	}

	/** Beside a pregnancy, the drafts must be cancelled and the active order stopped: both may be accepted. */
	@Test
	void cancellingTheDraftsAndStoppingTheActiveOrder_mayBothBeAccepted() {
		assertThat(Suggestion.alternatives(List.of(
				suggestion(Action.delete("MedicationRequest/d1"), Action.delete("MedicationRequest/d2")),
				suggestion(update("MedicationStatement/s1")),
				suggestion(Action.orderLab("2484-4", "IGF-1")),
				suggestion()))).isFalse();
	}
}
