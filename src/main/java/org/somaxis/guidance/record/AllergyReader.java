package org.somaxis.guidance.record;

import static org.somaxis.guidance.record.FhirValues.hl7Codings;
import static org.somaxis.guidance.record.FhirValues.idOf;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.somaxis.guidance.knowledge.AbsentOrUnknown;
import org.somaxis.guidance.knowledge.CodeSyntax;
import org.somaxis.guidance.knowledge.ConceptSet;

/**
 * Reads AllergyIntolerance: an allergy or intolerance recorded to a GH-axis peptide, by any code Somaxis holds for it,
 * or to one of its excipients ({@link org.somaxis.guidance.knowledge.Knowledge#peptidesContraindicatedBy}), or to an
 * ingredient the product of a peptide order in play names (that order only), in its {@code code} or in a reaction's
 * {@code substance}.
 *
 * <p>It counts unless its verificationStatus says refuted or entered-in-error, or its clinicalStatus says inactive or
 * resolved (of codings that disagree, one that does not say so decides, as for Conditions). One with no clinicalStatus
 * counts, and is named: an allergy lasts until it is recorded as over, so the safe reading of a record that does not
 * say is that it holds. One that names what the patient reacts to without a code the record can look up (text only, codes
 * only in systems allergens are not looked up in (an allergen list's own), a
 * code without its system, a display without a code), in its code or in a reaction's substance, and matches no peptide, may be an allergy to
 * the peptide: while a peptide is ordered, taken or on hold it is named, and the CDS card warns. So is an IPS "no
 * information about allergies" (the sender could not say); an IPS "no known allergies" is read as nothing. One recorded
 * to a peptide whose clinicalStatus says over in the HL7 system, beside status codings of other systems (a C-CDA
 * conversion's SNOMED CT "Active"), is read as over and named.
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
		if (!verifications.isEmpty() && verifications.stream().allMatch(coding -> NOT_TRUE.contains(coding.getCode()))) {
			return;
		}
		AbsentOrUnknown empty = record.knowledge.absentOrUnknown();
		if (empty.knownAbsent().matches(allergy.getCode())) {
			return; // an IPS "no known allergies": a statement that there is none
		}
		if (empty.noInformation().matches(allergy.getCode())) {
			if (record.peptideInPlay()) {
				record.unreadAllergies.add(id);
				record.messages.add(id + " says no information about the patient's allergies was available, so an allergy"
						+ " to the GH-axis peptides could not be checked - please check it");
			}
			return;
		}
		List<String> clinical = hl7Codings(allergy.getClinicalStatus(), Codes.ALLERGY_CLINICAL).stream()
				.map(Coding::getCode)
				.filter(code -> code.equals(ACTIVE) || OVER.contains(code))
				.toList();
		List<CodeableConcept> substances = new ArrayList<>();
		if (allergy.hasCode()) {
			substances.add(allergy.getCode());
		}
		allergy.getReaction().stream().filter(reaction -> reaction.hasSubstance())
				.forEach(reaction -> substances.add(reaction.getSubstance()));
		Set<String> peptides = new TreeSet<>();
		substances.forEach(substance -> peptides.addAll(record.knowledge.peptidesContraindicatedBy(substance)));
		Set<String> orders = new TreeSet<>();
		substances.forEach(substance -> orders.addAll(ingredientOf(substance)));
		boolean matched = !peptides.isEmpty() || !orders.isEmpty();
		if (!clinical.isEmpty() && !clinical.contains(ACTIVE)) {
			List<String> others = allergy.getClinicalStatus().getCoding().stream()
					.filter(coding -> !(coding.hasSystem()
							&& Codes.ALLERGY_CLINICAL.equals(ConceptSet.system(coding.getSystem()))))
					.map(coding -> (coding.hasSystem() ? coding.getSystem() : "no system") + "|" + coding.getCode())
					.toList();
			if (matched && !others.isEmpty()) {
				record.messages.add(id + " is recorded to a GH-axis peptide or an ingredient of its product, and its"
						+ " clinicalStatus says " + clinical.get(0) + " in " + Codes.ALLERGY_CLINICAL + " beside codings of"
						+ " other systems (" + String.join(", ", others) + "); read as " + clinical.get(0)
						+ ", not counted - please check it");
			}
			return;
		}
		if (!matched) {
			List<String> malformed = malformed(substances);
			// beside a peptide in play, or a drug that could not be read and may be one (an unread allergy beside an unread
			// draft "Tesamorelin" was neither named nor warned of: probe 77, P77-m1)
			boolean besideAPeptide = record.peptideInPlay() || record.drugMayBePeptide();
			if (!malformed.isEmpty() && besideAPeptide) {
				// a code not written as its system writes codes (an NDC cut to 9 digits) matches nothing: an allergy to the
				// peptide recorded so was lost without a word (probe 72, P72-C1)
				record.unreadAllergies.add(id);
				malformed.forEach(problem -> record.messages.add(id + "'s substance " + problem
						+ ", so it was not checked against the GH-axis peptides - please check it"));
			} else if (substances.stream().anyMatch(this::unreadable) && besideAPeptide) {
				record.unreadAllergies.add(id);
				record.messages.add(id + " names what the patient reacts to without a code Somaxis can look up (text"
						+ " only, a code without its system, or codes only in systems it does not look allergens up in: "
						+ systemsOf(substances) + "), so it was not checked against the GH-axis peptides - please check it");
			}
			return;
		}
		peptides.forEach(peptide -> record.addAllergy(peptide, id));
		orders.forEach(order -> record.addOrderAllergy(order, id));
		if (clinical.isEmpty()) {
			record.messages.add(id + " has no clinicalStatus coded in " + Codes.ALLERGY_CLINICAL
					+ "; counted as active - please check it");
		}
	}

	/** Each coding of the substances not written as its system writes codes ({@link CodeSyntax}), and why. */
	private static List<String> malformed(List<CodeableConcept> substances) {
		List<String> problems = new ArrayList<>();
		substances.forEach(substance -> substance.getCoding().forEach(coding -> CodeSyntax.named(coding)
				.ifPresent(problems::add)));
		return problems;
	}

	/**
	 * The peptide orders in play (their resource ids) whose product names this substance among its ingredients (a
	 * compounded vial that lists mannitol): an allergy to it meets that order, whatever the published maps hold.
	 */
	private Set<String> ingredientOf(CodeableConcept substance) {
		Set<String> orders = new TreeSet<>();
		for (Coding coding : substance.getCoding()) {
			if (coding.hasSystem() && coding.hasCode()) {
				String system = ConceptSet.system(coding.getSystem());
				for (String form : ConceptSet.codeForms(system, coding.getCode())) {
					record.drugCodes.forEach((order, codes) -> {
						if (codes.contains(system + "|" + form)) {
							orders.add(order);
						}
					});
				}
			}
		}
		return orders;
	}

	/**
	 * Named by text, by a coding without its system or its code, or only by codes of systems allergens are not looked up
	 * in (an allergen list's own code, as HL7 v2 AL1 segments carry it): nothing the record can look up. A local code of
	 * tesamorelin was read as looked up and not matched, and dropped without a word (probe 46, N-C2). SNOMED CT counts as
	 * looked up, though no SNOMED CT code of a peptide is held: most allergies recorded in it are to foods and other
	 * drugs, and naming every one beside a peptide order would bury the warnings that matter (docs/terminology.md).
	 */
	private boolean unreadable(CodeableConcept substance) {
		java.util.Set<String> lookedUpIn = record.knowledge.allergenSystems();
		return substance.getCoding().stream().noneMatch(coding -> coding.hasSystem() && coding.hasCode()
						&& (lookedUpIn.contains(ConceptSet.system(coding.getSystem())) && !atcClass(coding)
								|| ConceptSet.SNOMED.equals(ConceptSet.system(coding.getSystem()))))
				&& (substance.hasText()
						|| substance.getCoding().stream().anyMatch(coding -> coding.hasCode() || coding.hasDisplay()));
	}

	/**
	 * An ATC code above the chemical substance, its seventh character: a class (H01AC, somatropin and somatropin
	 * agonists, holds sermorelin and tesamorelin), not a drug, so an allergy to it cannot be matched to one peptide and is
	 * named instead of passed over (probe 55, P55-m4).
	 */
	private static boolean atcClass(Coding coding) {
		return ConceptSet.ATC.equals(ConceptSet.system(coding.getSystem())) && coding.getCode().strip().length() < ATC_SUBSTANCE;
	}

	/** The length of an ATC code of the fifth level, a chemical substance (H01AC06). */
	private static final int ATC_SUBSTANCE = 7;

	/** The code systems a substance's codings name, or "none". */
	private static String systemsOf(List<CodeableConcept> substances) {
		java.util.Set<String> systems = new TreeSet<>();
		substances.forEach(substance -> substance.getCoding().stream().filter(Coding::hasSystem)
				.forEach(coding -> systems.add(coding.getSystem())));
		return systems.isEmpty() ? "none" : String.join(", ", systems);
	}
}
