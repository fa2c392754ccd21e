package org.somaxis.guidance.record;

import static org.somaxis.guidance.record.FhirValues.hl7Codings;
import static org.somaxis.guidance.record.FhirValues.idOf;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/**
 * Reads AllergyIntolerance: an allergy or intolerance recorded to a GH-axis peptide, by any code Somaxis holds for it,
 * or to one of its excipients ({@link org.somaxis.guidance.knowledge.Knowledge#peptidesContraindicatedBy}), in its
 * {@code code} or in a reaction's {@code substance}.
 *
 * <p>It counts unless its verificationStatus says refuted or entered-in-error, or its clinicalStatus says inactive or
 * resolved. One with no clinicalStatus counts, and is named: an allergy lasts unless it is recorded as over, so the
 * safe reading of a record that does not say is that it holds. One whose substance is given only as text cannot be
 * matched, and is named when a peptide is ordered, taken or on hold.
 */
final class AllergyReader {
	private static final Set<String> NOT_TRUE = Set.of("refuted", "entered-in-error");
	private static final Set<String> OVER = Set.of("inactive", "resolved");
	private static final String ACTIVE = "active";

	private final RecordBuilder record;

	AllergyReader(RecordBuilder record) {
		this.record = record;
	}

	void read(AllergyIntolerance allergy) {
		String id = idOf(allergy);
		List<Coding> verifications = hl7Codings(allergy.getVerificationStatus(), Codes.ALLERGY_VERIFICATION);
		// of codings that disagree, one that does not say untrue decides, as for Conditions
		if (!verifications.isEmpty() && verifications.stream().allMatch(coding -> NOT_TRUE.contains(coding.getCode()))) {
			return;
		}
		List<String> clinical = hl7Codings(allergy.getClinicalStatus(), Codes.ALLERGY_CLINICAL).stream()
				.map(Coding::getCode)
				.filter(code -> code.equals(ACTIVE) || OVER.contains(code))
				.toList();
		if (!clinical.isEmpty() && !clinical.contains(ACTIVE)) {
			return;
		}
		Set<String> peptides = new TreeSet<>(record.knowledge.peptidesContraindicatedBy(allergy.getCode()));
		boolean coded = hasCode(allergy.getCode());
		for (AllergyIntolerance.AllergyIntoleranceReactionComponent reaction : allergy.getReaction()) {
			peptides.addAll(record.knowledge.peptidesContraindicatedBy(reaction.getSubstance()));
			coded |= hasCode(reaction.getSubstance());
		}
		boolean peptideInPlay = record.peptides.stream().anyMatch(order -> !order.isEnded())
				|| record.endedPeptides.stream().anyMatch(PeptideOrder::isOnHold);
		if (peptides.isEmpty()) {
			if (!coded && peptideInPlay) {
				record.messages.add(id + " names what the patient reacts to only as text, so it was not checked against"
						+ " the GH-axis peptides - please check it");
			}
			return;
		}
		peptides.forEach(peptide -> record.addAllergy(peptide, id));
		if (clinical.isEmpty()) {
			record.messages.add(id + " has no clinicalStatus coded in " + Codes.ALLERGY_CLINICAL
					+ "; counted as active - please check it");
		}
	}

	private static boolean hasCode(CodeableConcept concept) {
		return concept != null && concept.getCoding().stream().anyMatch(Coding::hasCode);
	}
}
