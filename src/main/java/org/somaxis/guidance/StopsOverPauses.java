package org.somaxis.guidance;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One card must not offer to pause an order another card stops: "pause until recovery" beside "stop the peptide" (an
 * acute critical illness beside an active malignancy) would resume a contraindicated drug, and an EHR that applied both
 * updates would keep whichever came last. A suggestion whose only actions pause orders that another, critical, finding
 * stops is left out, and so is advice to review the dose of only such orders ("Reduce the dose" beside "stop": probe
 * 60, P60-m2); the finding itself, and its other suggestions, stay. Likewise a suggestion that changes a draft another
 * critical finding cancels ("Correct the route" of a draft MK-677 beside "Cancel the draft peptide order" for an active
 * malignancy: probe 82, P82-m1).
 */
final class StopsOverPauses {
	private static final String STOPPED = "stopped";
	private static final String ON_HOLD = "on-hold";

	private StopsOverPauses() {}

	static List<Finding> apply(List<Finding> findings) {
		return findings.stream()
				.map(finding -> withoutPausesOf(finding, stoppedByOthers(findings, finding), cancelledByOthers(findings, finding)))
				.collect(Collectors.toList());
	}

	/**
	 * The orders another critical finding stops and does not offer to pause: a contraindication's stop is what must be
	 * done; a card that offers stop or pause as alternatives (IGF-1 above +3 SDS), or a warning, decides nothing.
	 */
	private static Set<String> stoppedByOthers(List<Finding> findings, Finding finding) {
		Set<String> stopped = new java.util.HashSet<>();
		for (Finding other : findings) {
			if (other == finding || other.severity() != Severity.CRITICAL) {
				continue;
			}
			Set<String> stops = ids(other, STOPPED);
			stops.removeAll(ids(other, ON_HOLD));
			stopped.addAll(stops);
		}
		return stopped;
	}

	/** The drafts another critical finding cancels. */
	private static Set<String> cancelledByOthers(List<Finding> findings, Finding finding) {
		return findings.stream()
				.filter(other -> other != finding && other.severity() == Severity.CRITICAL)
				.flatMap(other -> other.suggestions().stream())
				.flatMap(suggestion -> suggestion.actions().stream())
				.filter(action -> action.type() == Action.Type.DELETE)
				.map(Action::resourceId)
				.collect(Collectors.toSet());
	}

	private static Set<String> ids(Finding finding, String status) {
		return finding.suggestions().stream()
				.flatMap(suggestion -> suggestion.actions().stream())
				.filter(action -> setsStatus(action, status))
				.map(Action::resourceId)
				.collect(Collectors.toCollection(java.util.HashSet::new));
	}

	private static Finding withoutPausesOf(Finding finding, Set<String> stopped, Set<String> cancelled) {
		if (stopped.isEmpty() && cancelled.isEmpty()) {
			return finding;
		}
		List<Suggestion> kept = finding.suggestions().stream()
				.map(suggestion -> new Suggestion(suggestion.label(), suggestion.actions().stream()
						.filter(action -> !(setsStatus(action, ON_HOLD) && stopped.contains(action.resourceId())))
						.filter(action -> !(action.type() == Action.Type.UPDATE && cancelled.contains(action.resourceId())))
						.toList(), suggestion.reviewsDoseOf()))
				.toList();
		List<Suggestion> left = new java.util.ArrayList<>();
		for (int i = 0; i < kept.size(); i++) {
			// a suggestion that acted, and whose every action was a pause of a stopped order, would be advice to pause
			if (!finding.suggestions().get(i).actions().isEmpty() && kept.get(i).actions().isEmpty()) {
				continue;
			}
			List<String> doses = kept.get(i).reviewsDoseOf();
			if (kept.get(i).actions().isEmpty() && !doses.isEmpty()
					&& doses.stream().allMatch(id -> stopped.contains(id) || cancelled.contains(id))) {
				continue; // a new dose for an order being stopped
			}
			left.add(kept.get(i));
		}
		if (left.equals(finding.suggestions())) {
			return finding;
		}
		return new Finding(finding.ruleId(), finding.ruleVersion(), finding.severity(), finding.summary(),
				finding.detail(), finding.evidence(), finding.implicated(), finding.citations(), left,
				finding.overrideReasons());
	}

	private static boolean setsStatus(Action action, String status) {
		return action.type() == Action.Type.UPDATE && status.equals(action.change().status());
	}
}
