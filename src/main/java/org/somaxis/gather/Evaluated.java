package org.somaxis.gather;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Resource;
import org.somaxis.guidance.Guidance;
import org.somaxis.guidance.record.PatientRecord;

/**
 * One evaluation, ready for either face to render.
 *
 * @param dataMessages data that could not be used: from the source, the draft-order reader and the record (an
 *     unconvertible unit, a missing date or birth date, an unreadable peptide order). Every one of them concerns data
 *     a rule reads, since nothing else is gathered.
 * @param ruleFailures rules that could not be evaluated; their findings are missing
 * @param known every resource the evaluation saw, by "Type/id" (drafts win over stored copies), for update actions
 * @param unreadParts the supplementary parts that could not be read ({@link PatientData#unreadParts()})
 * @param unlinked records not read because nothing links them to the patient ({@link PatientData#unlinked()})
 * @param unfollowedLinks the same person's other records whose data may be missing ({@link PatientData#unfollowedLinks()})
 */
public record Evaluated(
		String patientReference,
		PatientRecord record,
		Guidance guidance,
		List<String> dataMessages,
		List<RuleFailure> ruleFailures,
		Map<String, Resource> known,
		Set<GatherPlan.Part> unreadParts,
		List<String> unlinked,
		List<String> unfollowedLinks) {

	/** A rule that did not run to the end (the engine's {@link org.somaxis.guidance.RuleFailure}), worded for the clinician. */
	public record RuleFailure(String ruleId, boolean safety, String message) {}

	public Evaluated {
		dataMessages = List.copyOf(dataMessages);
		ruleFailures = List.copyOf(ruleFailures);
		known = Map.copyOf(known);
		unreadParts = Set.copyOf(unreadParts);
		unlinked = List.copyOf(unlinked);
		unfollowedLinks = List.copyOf(unfollowedLinks);
	}

	/** Whether the patient's administrations or dispenses could not be read: a peptide may be missing. */
	public boolean givenOrDispensedUnread() {
		return unreadParts.stream().anyMatch(GatherPlan.Part::givenOrDispensed);
	}

	/** Whether the patient's allergies could not be read: an allergy to a peptide may be missing. */
	public boolean allergiesUnread() {
		return unreadParts.contains(GatherPlan.Part.ALLERGIES);
	}

	/** True when guidance may be incomplete: a data problem or a rule that failed. */
	public boolean incomplete() {
		return !dataMessages.isEmpty() || !ruleFailures.isEmpty();
	}

	/** Every message, data problems first (what $evaluate puts in evaluationMessage). */
	public List<String> messages() {
		List<String> all = new ArrayList<>(dataMessages);
		ruleFailures.forEach(failure -> all.add(failure.message()));
		return all;
	}
}
