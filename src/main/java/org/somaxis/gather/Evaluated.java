package org.somaxis.gather;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Resource;
import org.somaxis.guidance.Guidance;
import org.somaxis.guidance.knowledge.Notices.Incomplete;
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

	/**
	 * Why guidance may be incomplete in a way that may hide a safety finding, each with the records it names, in the
	 * order the faces name them: the CDS card is then a warning, and {@code $evaluate} says so at severity warning (its
	 * face gave every data problem the one severity: probe 82, P82-m4). Empty when only other data could not be used.
	 */
	public Map<Incomplete, List<String>> incompleteReasons() {
		org.somaxis.guidance.Face face = guidance.face();
		Map<Incomplete, List<String>> reasons = new java.util.EnumMap<>(Incomplete.class);
		// an order written for a patient recorded as deceased: the wrong chart, or a wrong record of death
		if (record.deceased() && face == org.somaxis.guidance.Face.ORDER) {
			reasons.put(Incomplete.DECEASED_ORDER, List.of());
		}
		// a peptide still in effect for a patient recorded as deceased: the wrong chart, or an order to end
		if (record.deceasedWithPeptideInEffect() && face == org.somaxis.guidance.Face.PATIENT_VIEW) {
			reasons.put(Incomplete.DECEASED_TREATED, List.of());
		}
		// an order written on a record marked inactive or replaced by another: the wrong chart
		if (record.recordNotInUse() && face == org.somaxis.guidance.Face.ORDER) {
			reasons.put(Incomplete.RETIRED_ORDER, List.of());
		}
		// growth hormone being signed or in effect beside a malignancy or critical illness: a peptide's checks would stop
		// it, and none covers growth hormone (probe 56, P56-C4; probe 57, P57-C1); named with the conditions
		if (!record.growthHormoneBesideAStoppingCondition().isEmpty()) {
			List<String> named = new java.util.ArrayList<>(record.growthHormoneBesideAStoppingCondition());
			named.addAll(record.stoppingConditions());
			reasons.put(Incomplete.GROWTH_HORMONE, named);
		}
		// growth hormone beside a record that may be such a condition and was not counted (D49.9, a neoplasm of
		// unspecified behaviour): an info line before
		if (!record.growthHormoneBesideAnUnreadStoppingCondition().isEmpty()) {
			reasons.put(Incomplete.GROWTH_HORMONE_CONDITION_UNREAD, record.growthHormoneBesideAnUnreadStoppingCondition());
		}
		if (ruleFailures().stream().anyMatch(Evaluated.RuleFailure::safety)) {
			reasons.put(Incomplete.SAFETY_FAILED, List.of());
		}
		// a peptide ordered, taken or on hold for a patient whose age is unknown (no birth date, one after the result, a
		// partial one on both sides of 18): the check for a child (peptide-in-minor) could not run. An info card before
		if (!guidance().safetyRulesNotEvaluatedForAge().isEmpty() && !record.peptidesIncludingOnHold().isEmpty()) {
			reasons.put(Incomplete.AGE_UNKNOWN, guidance().safetyRulesNotEvaluatedForAge());
		}
		if (!unlinked().isEmpty()) {
			reasons.put(Incomplete.UNLINKED, unlinked());
		}
		if (!unfollowedLinks().isEmpty()) {
			reasons.put(Incomplete.LINKS_UNFOLLOWED, unfollowedLinks());
		}
		if (!record.contraindicationsMayBeMissing().isEmpty()) {
			reasons.put(Incomplete.CONDITION_UNREAD, record.contraindicationsMayBeMissing());
		}
		if (record.pregnancyMayBeMissing()) {
			reasons.put(Incomplete.PREGNANCY_UNREAD, record.unreadPregnancy());
		}
		if (record.peptideMayBeMissing()) {
			reasons.put(Incomplete.DRUG_UNREAD, record.unreadDrugs());
		}
		if (record.cancerTreatmentMayBeMissing()) {
			reasons.put(Incomplete.TREATMENT_UNREAD, record.unreadDrugs());
		}
		if (record.glycaemiaMayBeMissing()) {
			reasons.put(Incomplete.GLYCAEMIA_UNREAD, record.unreadGlycaemia());
		}
		// an IGF-1 as text (">1000"), in a unit that does not convert, or without a day, beside a peptide: the critical
		// check of IGF-1 above +3 SDS may be missing it
		if (record.igf1MayBeMissing()) {
			reasons.put(Incomplete.IGF1_UNREAD, record.unreadIgf1());
		}
		if (givenOrDispensedUnread() && record.anUnseenPeptideWouldMeetAContraindication()) {
			reasons.put(Incomplete.GIVEN_OR_DISPENSED_UNREAD, List.of());
		}
		// a peptide ordered, taken or on hold, and an allergy that could not be matched, or none could be obtained: a
		// hypersensitivity contraindication may be missing
		if (record.allergyMayBeMissing()) {
			reasons.put(Incomplete.ALLERGY_UNREAD, record.unreadAllergies());
		}
		if (allergiesUnread() && !record.peptidesIncludingOnHold().isEmpty()) {
			reasons.put(Incomplete.ALLERGIES_NOT_OBTAINED, List.of());
		}
		return reasons;
	}
}
