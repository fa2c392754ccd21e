package org.somaxis.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A card's selectionBehavior: alternatives on one resource are at-most-one; suggestions needed together are any. */
class SelectionBehaviorTest {

	private static CdsJson.Suggestion suggestion(CdsJson.Action... actions) {
		return new CdsJson.Suggestion("label", java.util.UUID.randomUUID().toString(), null, List.of(actions));
	}

	private static CdsJson.Action on(String type, String resourceId) {
		return new CdsJson.Action(type, "", null, resourceId);
	}

	@Test
	void stoppingOrPausingTheSameOrder_areAlternatives() {
		assertThat(CardRenderer.selectionBehavior(List.of(
				suggestion(on("update", "MedicationRequest/m1")), suggestion(on("update", "MedicationRequest/m1")))))
				.isEqualTo("at-most-one");
	}

	/** Beside a pregnancy, the drafts must be cancelled and the active order stopped: both may be accepted. */
	@Test
	void cancellingTheDraftsAndStoppingTheActiveOrder_mayBothBeAccepted() {
		assertThat(CardRenderer.selectionBehavior(List.of(
				suggestion(on("delete", "MedicationRequest/d1"), on("delete", "MedicationRequest/d2")),
				suggestion(on("update", "MedicationStatement/s1")),
				suggestion(on("create", null)),
				suggestion())))
				.isEqualTo("any");
	}

	@Test
	void noSuggestions_noSelectionBehavior() {
		assertThat(CardRenderer.selectionBehavior(List.of())).isNull();
	}
}
