package org.somaxis.guidance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A card does not offer to pause an order a contraindication card stops. Before, beside an active malignancy the acute
 * critical illness card offered "Pause the peptide until recovery" on the order the malignancy card stopped.
 */
class StopsOverPausesTest {
	private static final String ORDER = "MedicationRequest/m1";

	private static Suggestion stop(String id) {
		return new Suggestion("Stop", List.of(Action.update(id, "stop", Action.Change.status("stopped"))));
	}

	private static Suggestion pause(String id) {
		return new Suggestion("Pause", List.of(Action.update(id, "pause", Action.Change.status("on-hold"))));
	}

	private static Finding finding(String rule, Severity severity, Suggestion... suggestions) {
		return new Finding(rule, "1.0.0", severity, rule, "", List.of(), List.of(ORDER), List.of(), List.of(suggestions),
				List.of());
	}

	private static List<String> labels(Finding finding) {
		return finding.suggestions().stream().map(Suggestion::label).toList();
	}

	@Test
	void aPauseOfAnOrderAContraindicationStops_isLeftOut_theCardAndItsStopStay() {
		Finding contraindication = finding("peptide-active-malignancy", Severity.CRITICAL, stop(ORDER));
		Finding illness = finding("peptide-acute-critical-illness", Severity.WARNING, stop(ORDER), pause(ORDER),
				new Suggestion("Advice", List.of()));

		List<Finding> out = StopsOverPauses.apply(List.of(contraindication, illness));

		assertThat(labels(out.get(0))).containsExactly("Stop");
		assertThat(labels(out.get(1))).containsExactly("Stop", "Advice");
	}

	/** "Reduce the dose" of an order another card stops is a new dose for a drug being stopped (probe 60, P60-m2). */
	@Test
	void doseAdviceForOnlyOrdersAContraindicationStops_isLeftOut_otherAdviceStays() {
		Finding contraindication = finding("peptide-active-malignancy", Severity.CRITICAL, stop(ORDER));
		Finding aboveRange = finding("igf1-above-range-on-therapy", Severity.WARNING, pause(ORDER),
				new Suggestion("Reduce the dose", List.of(), List.of(ORDER)),
				new Suggestion("Reduce the dose of both", List.of(), List.of(ORDER, "MedicationRequest/m2")),
				new Suggestion("Repeat", List.of()));

		List<Finding> out = StopsOverPauses.apply(List.of(contraindication, aboveRange));

		assertThat(labels(out.get(1))).containsExactly("Reduce the dose of both", "Repeat");
		assertThat(labels(StopsOverPauses.apply(List.of(aboveRange)).get(0)))
				.as("alone").containsExactly("Pause", "Reduce the dose", "Reduce the dose of both", "Repeat");
	}

	@Test
	void aPauseOfAnotherOrder_orBesideAWarningsStop_orBesideACriticalCardThatOffersPauseItself_stays() {
		Finding otherOrder = finding("peptide-active-malignancy", Severity.CRITICAL, stop("MedicationRequest/m2"));
		Finding warningStop = finding("ibutamoren-heart-failure", Severity.WARNING, stop(ORDER));
		Finding stopOrPause = finding("igf1-persistently-very-high", Severity.CRITICAL, stop(ORDER), pause(ORDER));
		Finding illness = finding("peptide-acute-critical-illness", Severity.WARNING, pause(ORDER));

		for (Finding beside : List.of(otherOrder, warningStop, stopOrPause)) {
			List<Finding> out = StopsOverPauses.apply(List.of(beside, illness));
			assertThat(labels(out.get(1))).as(beside.ruleId()).containsExactly("Pause");
			assertThat(out.get(0)).isSameAs(beside);
		}
	}

	/**
	 * A change of a draft that a contraindication cancels ("Correct the route" of a draft the active-malignancy card
	 * deletes) is left out, as an EHR applying both would keep whichever came last (probe 82, P82-m1); a warning's
	 * cancel leaves it.
	 */
	@Test
	void aChangeOfADraftAContraindicationCancels_isLeftOut_besideAWarningsCancelItStays() {
		String draft = "MedicationRequest/d2";
		Suggestion cancel = new Suggestion("Cancel", List.of(Action.delete(draft)));
		Suggestion route = new Suggestion("Correct the route",
				List.of(Action.update(draft, "route", Action.Change.route("26643006"))));
		Finding routeMismatch = finding("route-mismatch", Severity.WARNING, route, new Suggestion("Advice", List.of()));

		List<Finding> besideCritical = StopsOverPauses.apply(List.of(
				finding("peptide-active-malignancy", Severity.CRITICAL, cancel), routeMismatch));
		List<Finding> besideWarning = StopsOverPauses.apply(List.of(
				finding("duplicate-ghrh", Severity.WARNING, cancel), routeMismatch));

		assertThat(labels(besideCritical.get(1))).containsExactly("Advice");
		assertThat(labels(besideWarning.get(1))).containsExactly("Correct the route", "Advice");
	}
}
