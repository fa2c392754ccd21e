package org.somaxis.guidance.record;

import static org.somaxis.guidance.record.FhirValues.coding;
import static org.somaxis.guidance.record.FhirValues.hl7Codings;
import static org.somaxis.guidance.record.FhirValues.idOf;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Procedure;
import org.somaxis.guidance.knowledge.AbsentOrUnknown;
import org.somaxis.guidance.knowledge.CodeGroup;
import org.somaxis.guidance.knowledge.CodeSyntax;
import org.somaxis.guidance.knowledge.ConceptSet;
import org.somaxis.guidance.knowledge.PregnancyStatusValues;
import org.somaxis.guidance.knowledge.Threshold;

/**
 * Reads the concept groups (malignancy, diabetes, hypothalamic-pituitary, cardiac, pregnancy) by ValueSet membership:
 * Conditions, Procedures of the hypothalamic-pituitary group (a hypophysectomy or pituitary irradiation is permanent),
 * and the latest pregnancy-status Observation.
 */
final class ConditionReader {
	private static final Set<String> ACTIVE = Set.of("active", "recurrence", "relapse");
	/** Every code of condition-clinical (R4); any other code in that system is not a status. */
	private static final Set<String> CLINICAL_STATUSES =
			Set.of("active", "recurrence", "relapse", "inactive", "remission", "resolved");
	private static final Set<String> NOT_TRUE = Set.of("refuted", "entered-in-error");
	private static final Set<String> UNCONFIRMED = Set.of("unconfirmed", "provisional", "differential");
	/** A procedure begun: done, in progress, or stopped or on hold after some of its main activity (R4). */
	private static final Set<Procedure.ProcedureStatus> BEGUN = Set.of(Procedure.ProcedureStatus.COMPLETED,
			Procedure.ProcedureStatus.INPROGRESS, Procedure.ProcedureStatus.STOPPED, Procedure.ProcedureStatus.ONHOLD);

	private final RecordBuilder record;

	ConditionReader(RecordBuilder record) {
		this.record = record;
	}

	/**
	 * Whether a concept group or a review set lists one of the codes: a clinic's own code is read so, its system being no
	 * published one; another code of that system is named as unchecked (probe 66, P66-C1).
	 */
	private boolean listed(org.hl7.fhir.r4.model.CodeableConcept code) {
		return code.getCoding().stream().anyMatch(this::listed);
	}

	private boolean inClinicSystem(Coding coding) {
		return coding.hasSystem() && record.knowledge.clinicSystems().contains(ConceptSet.system(coding.getSystem()));
	}

	private boolean inPublishedSystem(Coding coding) {
		return coding.hasSystem() && record.knowledge.groupSystems().contains(ConceptSet.system(coding.getSystem()));
	}

	private boolean listed(Coding coding) {
		for (CodeGroup group : CodeGroup.values()) {
			if (record.knowledge.group(group).contains(coding)
					|| record.knowledge.review(group).filter(review -> review.contains(coding)).isPresent()) {
				return true;
			}
		}
		return false;
	}

	/**
	 * A Condition counts only when its clinicalStatus is active, recurrence or relapse and its verificationStatus is
	 * not refuted or entered-in-error. Both are read from their coding in the HL7 code system, wherever it stands among
	 * the codings (an EHR may put its own status coding first). One in a group without such a clinicalStatus coding
	 * (none at all, text only, only a local code, or a code condition-clinical does not have) does not count, and a
	 * message says so, since it may be a contraindication the record cannot date. An active Condition coded in no system
	 * a group holds cannot be checked at all, and a message says that.
	 */
	void read(Condition condition) {
		read(condition, idOf(condition));
	}

	/**
	 * Reads a Condition under the id that names it: its own, or the order that states it as its reason
	 * ({@link RecordBuilder#reasonConditions}), which cards then name as its evidence.
	 */
	void read(Condition condition, String id) {
		record.conditionsInTheData.add(id);
		List<Coding> verifications = hl7Codings(condition.getVerificationStatus(), Codes.CONDITION_VER_STATUS);
		// codings that disagree (refuted beside confirmed) do not drop the Condition: it is read and the conflict named
		Coding verification = verifications.stream().filter(coding -> !NOT_TRUE.contains(coding.getCode())).findFirst()
				.orElse(verifications.isEmpty() ? null : verifications.get(0));
		if (verification != null && NOT_TRUE.contains(verification.getCode())) {
			return;
		}
		AbsentOrUnknown empty = record.knowledge.absentOrUnknown();
		if (empty.knownAbsent().matches(condition.getCode())) {
			return; // an IPS "no known problems": a statement that there is none, not a problem
		}
		if (empty.noInformation().matches(condition.getCode())) {
			record.messages.add(id + " says no information about the patient's problems was available, so the"
					+ " contraindications were not checked against them - please check it");
			return;
		}
		// "Active" or a made-up code is not a status the record can read; of codings that disagree, an active one decides
		List<Coding> clinicals = clinicalStatuses(condition.getClinicalStatus());
		Coding clinical = clinicals.stream().filter(coding -> ACTIVE.contains(coding.getCode())).findFirst()
				.orElse(clinicals.isEmpty() ? null : clinicals.get(0));
		String conflict = disagreement("clinicalStatus", clinicals) + disagreement("verificationStatus", verifications);
		if (!ConceptSet.anyCodingIn(condition.getCode(), record.knowledge.groupSystems())
				&& !ConceptSet.anyCodingIn(condition.getCode(), record.knowledge.clinicSystems()) && !listed(condition.getCode())
				&& (clinical == null || ACTIVE.contains(clinical.getCode()))) {
			// text only, or a code system no group holds (an EHR's own, a national ICD-10 not read as the WHO's): it may be a contraindication
			record.messages.add(id + " is coded in no system the concept groups hold (" + systemsOf(condition.getCode())
					+ "), so it is not checked for contraindications - please check it");
			// named with what it says, so that a list of them can be read without opening each (probe 47, R-m1)
			// the coding that may say what it is (a misnamed ICD-10-CM's C61 beside an EHR's own X1), else the first (P83-m10)
			Coding first = condition.getCode().getCoding().stream().filter(coding -> coding.hasCode()
							&& unreadSystem(coding).isPresent()).findFirst()
					.or(() -> condition.getCode().getCoding().stream().filter(Coding::hasCode).findFirst()).orElse(null);
			String says = first != null ? first.getCode() + (first.hasDisplay() ? " " + first.getDisplay().strip() : "")
					: condition.getCode().hasText() ? condition.getCode().getText().strip() : "no code or text";
			record.uncheckedConditions.add(id + " (" + says + ", coded in no system the concept groups hold)");
			return;
		}
		if (clinical == null || ACTIVE.contains(clinical.getCode())) {
			// a code no group lists beside a clinic's listed one (any such code outside the published systems: without a
			// system, in any other system, also with a published coding beside them), or a clinic's code no group lists
			// beside a published one: the others are counted, this one named, for it may be the contraindication (a
			// cardiac code beside a melanoma's; probes 67-70, P67-M1, P68-M1, P69-C1, P70-C2). A code in a published
			// system that no group lists is no contraindication, and a local code beside a published one alone is taken
			// for the same concept coded twice, as EHRs send them
			boolean published = ConceptSet.anyCodingIn(condition.getCode(), record.knowledge.groupSystems());
			boolean besideAClinicCode = condition.getCode().getCoding().stream()
					.anyMatch(coding -> inClinicSystem(coding) && listed(coding));
			// a coding of a published system misnamed ("icd-10-cm/", "ICD-10-CM") or of ICD-9-CM, beside a published code
			// no group lists (SNOMED CT 126906006 Neoplasm of prostate): not the same concept coded twice, but the one
			// that may say what the other does not; a prostate cancer so coded drew nothing (probe 82, P82-C1). Beside an
			// ICD-10-CM or ICD-10 coding, which classifies the same condition, it is named only when it may itself be of
			// a group (mayBeOfAGroup): a hypertension coded in SNOMED CT, ICD-10-CM and ICD-9-CM was named beside every
			// peptide order (probe 83, P83-M4), and ICD-9-CM 185 beside N40.0 then drew nothing (probe 84, P84-C2)
			boolean inNoGroup = !listed(condition.getCode());
			boolean classifiedBeside = ConceptSet.anyCodingIn(condition.getCode(), Set.of(ConceptSet.ICD10CM, ConceptSet.ICD10));
			condition.getCode().getCoding().stream()
					.filter(coding -> coding.hasCode() && inNoGroup && unreadSystem(coding).isPresent()
							&& (!classifiedBeside || mayBeOfAGroup(coding)))
					.forEach(unread -> {
						String says = unread.getCode() + (unread.hasDisplay() ? " " + unread.getDisplay().strip() : "");
						record.messages.add(id + "'s code " + says + " (" + unread.getSystem() + ") " + unreadSystem(unread).get()
								+ ", so it is not checked for contraindications - please check it");
						record.uncheckedConditions.add(id + " (" + says + ", " + unreadSystem(unread).get() + ")");
					});
			condition.getCode().getCoding().stream()
					.filter(coding -> coding.hasCode() && !listed(coding) && !inPublishedSystem(coding)
							&& unreadSystem(coding).isEmpty()
							&& (!published || besideAClinicCode || inClinicSystem(coding)))
					.forEach(unlisted -> {
						String says = unlisted.getCode() + (unlisted.hasDisplay() ? " " + unlisted.getDisplay().strip() : "");
						record.messages.add(id + "'s code " + says + " (" + (unlisted.hasSystem() ? unlisted.getSystem()
								: "no system") + ") is in no concept group, so it is not checked for contraindications -"
								+ " please check it");
						record.uncheckedConditions.add(id + " (" + says + ", a code in no concept group)");
					});
		}
		java.util.Set<CodeGroup> groups = java.util.EnumSet.noneOf(CodeGroup.class);
		for (CodeGroup group : CodeGroup.values()) {
			if (!record.knowledge.group(group).matches(condition.getCode())) {
				continue;
			}
			groups.add(group);
			if (group == CodeGroup.MALIGNANCY_HISTORY || group == CodeGroup.GH_EXCESS) {
				// counted whatever its clinicalStatus says (refuted and entered in error were left out above): a history
				// stays one ("Personal history of ..." is left active, or marked resolved), and acromegaly in remission or
				// resolved after surgery may come back, which a peptide that raises GH would not help (probe 59, P59-C3)
				countWhateverStatus(id, condition, group, group, verification, clinical);
				continue;
			}
			if (group == CodeGroup.MALIGNANCY) {
				record.malignancies.add(id);
				if (clinical != null && !ACTIVE.contains(clinical.getCode())) {
					record.pastMalignancies.add(id); // its treatment may not be complete (PatientRecord#cancerTreatment)
					// and it is a history of cancer
					countWhateverStatus(id, condition, CodeGroup.MALIGNANCY_HISTORY, group, verification, clinical);
				}
			}
			if (clinical == null) {
				record.unreadCondition(group, id);
				String named = record.knowledge.group(group).match(condition.getCode())
						.map(coding -> label(condition, coding, verification)).orElse(null);
				if (named != null) {
					record.conditionLabels.putIfAbsent(id, named);
				}
				// named with its code, display and onset on both faces: the id alone cannot be acted on (probe 51, P51-m1)
				record.messages.add(id + " (" + group.key() + (named == null ? "" : ": " + named) + ") has no clinicalStatus"
						+ (condition.hasClinicalStatus() ? " coded in " + Codes.CONDITION_CLINICAL : "")
						+ "; not counted as active - please check it");
			} else if (ACTIVE.contains(clinical.getCode())) {
				record.addCondition(group, id);
				record.knowledge.group(group).match(condition.getCode())
						.ifPresent(coding -> record.conditionLabels.putIfAbsent(id, label(condition, coding, verification)));
			}
		}
		if (clinical == null || ACTIVE.contains(clinical.getCode())) {
			review(id, condition.getCode(), groups, true);
		}
		if (!groups.isEmpty() && !conflict.isEmpty()) {
			record.messages.add(id + " has status codings that disagree (" + conflict.substring(2) + "); read as "
					+ (clinical == null ? "without a clinicalStatus" : clinical.getCode())
					+ (verification == null ? "" : " and " + verification.getCode()) + " - please check it");
		}
		if (!groups.isEmpty() && clinical != null && !ACTIVE.contains(clinical.getCode())) {
			// the first day it may have abated: of a dateTime to the month or year too, and of a period its start (probe 83,
			// P83-m2)
			java.util.Date from = condition.hasAbatementDateTimeType() ? condition.getAbatementDateTimeType().getValue()
					: condition.hasAbatementPeriod() ? condition.getAbatementPeriod().getStart() : null;
			LocalDate abated = from == null ? null : LocalDate.ofInstant(from.toInstant(), java.time.ZoneOffset.UTC);
			if (abated != null && abated.isAfter(record.evaluationDate)) {
				// over by its status, not yet by its abatement: the status decides, as everywhere, and the conflict is
				// named, as the converse is (probe 82, P82-m3); beside a peptide, as a record of the group not counted (it
				// may still be active: an info line before, probe 84, P84-M1)
				groups.forEach(group -> record.unreadCondition(group, id));
				record.messages.add(id + " is " + clinical.getCode() + " but its abatement (" + abatementOf(condition)
						+ ") is after the evaluation date; counted as " + clinical.getCode() + " - please check it");
			}
		}
		if (!groups.isEmpty() && clinical != null && ACTIVE.contains(clinical.getCode())) {
			certaintyConflicts(id, condition.getCode(), clinical, verification);
			if (condition.hasAbatement()) {
				// R4's con-4: an abated condition is inactive, resolved or in remission. The status decides, as everywhere
				// (counting a cancer that may be over is the safe mistake), and the conflict is named
				record.messages.add(id + " is " + clinical.getCode() + " but also has an abatement ("
						+ abatementOf(condition) + "), which FHIR allows only for an inactive, resolved or remitted"
						+ " condition; counted as " + clinical.getCode() + " - please check it");
			}
		}
	}

	/**
	 * A Condition counted in {@code counted} whatever its clinicalStatus: a malignancy of the past (a history code, or a
	 * malignancy no longer active; probe 56, P56-M6), or acromegaly. Named with the code of {@code matchedBy} that placed
	 * it there and its status when it has one ("254837009 Malignant neoplasm of breast; remission"); counted once.
	 */
	private void countWhateverStatus(String id, Condition condition, CodeGroup counted, CodeGroup matchedBy,
			Coding verification, Coding clinical) {
		if (record.conditions.getOrDefault(counted, List.of()).contains(id)) {
			return; // a cancer in remission also coded Z85.3: counted once
		}
		record.addCondition(counted, id);
		record.knowledge.group(matchedBy).match(condition.getCode()).ifPresent(coding -> record.conditionLabels.putIfAbsent(id,
				label(condition, coding, verification) + (clinical == null ? "" : "; " + clinical.getCode())));
	}

	/**
	 * The clinicalStatus codings in condition-clinical: those of the HL7 code system, and those of another system that
	 * the knowledge maps to one (C-CDA's Problem Status value as converters copy it, SNOMED CT 55561003 Active: it was
	 * read as no status, and an active cancer not counted; probe 50, P50-M2), as the HL7 coding they are equivalent to.
	 */
	private List<Coding> clinicalStatuses(CodeableConcept status) {
		List<Coding> clinicals = new ArrayList<>(hl7Codings(status, Codes.CONDITION_CLINICAL).stream()
				.filter(coding -> CLINICAL_STATUSES.contains(coding.getCode())).toList());
		for (Coding coding : status.getCoding()) {
			record.knowledge.conditionClinicalStatus(coding)
					.ifPresent(code -> clinicals.add(new Coding(Codes.CONDITION_CLINICAL, code, null)));
		}
		return clinicals;
	}

	/**
	 * The code that placed the Condition in a group, with its display (else the Condition's text) and the date it began
	 * or was recorded, as the record gives them: "R65.21 Severe sepsis with septic shock; onset 2026-11-18"; a diagnosis
	 * whose verificationStatus is unconfirmed, provisional or differential says so ("...; provisional; onset ...").
	 */
	private static String label(Condition condition, Coding coding, Coding verification) {
		String name = coding.hasDisplay() ? coding.getDisplay() : condition.getCode().getText();
		String label = coding.getCode() + (name == null || name.isBlank() ? "" : " " + name.strip())
				// a diagnosis not yet confirmed counts (a suspected sepsis is why a peptide is stopped), and is said to be so
				+ (verification != null && UNCONFIRMED.contains(verification.getCode()) ? "; " + verification.getCode() : "");
		if (condition.hasOnsetDateTimeType() && condition.getOnsetDateTimeType().hasValue()) {
			return label + "; onset " + condition.getOnsetDateTimeType().getValueAsString();
		}
		if (condition.hasOnsetPeriod() && condition.getOnsetPeriod().hasStart()) {
			return label + "; onset " + condition.getOnsetPeriod().getStartElement().getValueAsString();
		}
		if (condition.hasRecordedDateElement() && condition.getRecordedDateElement().hasValue()) {
			return label + "; recorded " + condition.getRecordedDateElement().getValueAsString();
		}
		return label;
	}

	/** The abatement's element, with its date when it is a dateTime ({@code abatementDateTime 2019-05-01}). */
	private static String abatementOf(Condition condition) {
		String type = condition.getAbatement().fhirType();
		String element = "abatement" + Character.toUpperCase(type.charAt(0)) + type.substring(1);
		return condition.hasAbatementDateTimeType() && condition.getAbatementDateTimeType().hasValue()
				? element + " " + condition.getAbatementDateTimeType().getValueAsString()
				: element;
	}

	/** "; name: a, b" when the codings name more than one code, else "". */
	private static String disagreement(String name, List<Coding> codings) {
		List<String> codes = codings.stream().map(Coding::getCode).distinct().toList();
		return codes.size() > 1 ? "; " + name + ": " + String.join(", ", codes) : "";
	}

	/**
	 * A coding whose ICD-10-GM diagnosis certainty says excluded (A) while the verificationStatus does not say refuted,
	 * or a past condition (Z) while the clinicalStatus says active: the HL7 statuses decide, as everywhere, so a
	 * contraindication is never dropped on an extension; the disagreement is named, since the alert may be wrong.
	 */
	private void certaintyConflicts(String id, CodeableConcept code, Coding clinical, Coding verification) {
		for (Coding coding : code.getCoding()) {
			// each one (HAPI's getExtensionByUrl throws on a second)
			for (org.hl7.fhir.r4.model.Extension certainty : coding.getExtensionsByUrl(Codes.ICD10GM_CERTAINTY)) {
				certaintyConflict(id, coding, certainty, clinical, verification);
			}
		}
	}

	private void certaintyConflict(String id, Coding coding, org.hl7.fhir.r4.model.Extension certainty, Coding clinical,
			Coding verification) {
		if (certainty.getValue() == null) {
			return;
		}
		String value = certainty.getValue() instanceof Coding valued ? valued.getCode()
				: certainty.getValue().primitiveValue();
		if ("A".equals(value)) {
			record.messages.add(id + " (" + coding.getSystem() + " " + coding.getCode() + ") is marked excluded (A)"
					+ " by its ICD-10-GM diagnosis certainty, but its verificationStatus is "
					+ (verification == null ? "not given" : verification.getCode()) + "; counted as its statuses say"
					+ " - please check it");
		} else if ("Z".equals(value)) {
			record.messages.add(id + " (" + coding.getSystem() + " " + coding.getCode() + ") is marked a past"
					+ " condition (Z) by its ICD-10-GM diagnosis certainty, but its clinicalStatus is "
					+ clinical.getCode() + "; counted"
					+ " as its statuses say - please check it");
		}
	}

	/**
	 * A code of a system the groups hold that is not written as that system writes its codes ({@link CodeSyntax}): it
	 * can be in no group, so what it means was never checked, and a message names it.
	 */
	private void malformed(String id, CodeableConcept code, boolean inNoGroup) {
		for (Coding coding : code.getCoding()) {
			CodeSyntax.named(coding).ifPresent(named -> {
				record.messages.add(id + " " + named + ", so it is not checked for contraindications - please check it");
				if (inNoGroup) {
					// what it says may be a contraindication (a cancer as "254837009:363698007=76752008", an ICD-10-CM code
					// under the WHO's URI): as a Condition coded in no system the groups hold, never only an info line
					// beside a peptide (probe 82, P82-C2)
					record.uncheckedConditions.add(id + " (" + coding.getCode() + ", " + CodeSyntax.problem(coding).orElseThrow()
							+ ")");
				}
			});
		}
	}

	/**
	 * A code that points to a group's concept without being a member (a newer ICD-10-CM pregnancy code than the
	 * published set lists): named, since the contraindication did not see it, and never counted. Also when another
	 * coding of the Condition is in another group (an ICD-10 pregnancy code beside a SNOMED CT diabetes code).
	 */
	private void review(String id, CodeableConcept code, java.util.Set<CodeGroup> counted, boolean aCondition) {
		// named also when another coding counts; a Condition's counted as unchecked when none does
		malformed(id, code, aCondition && counted.isEmpty() && !listed(code));
		for (CodeGroup group : CodeGroup.values()) {
			if (counted.contains(group)
					|| group == CodeGroup.HYPOTHALAMIC_PITUITARY && counted.contains(CodeGroup.GH_EXCESS)) {
				continue; // acromegaly (E22.0) is counted as such, and its card stops every peptide
			}
			// a drug that could not be read may be the peptide (a text-only "tesamorelin 2 mg"): as if one were in play
			if (group == CodeGroup.HYPOTHALAMIC_PITUITARY && !record.peptideInPlay() && !record.drugMayBePeptide()) {
				// it contraindicates tesamorelin, and the other peptides are paused for it: a head injury or a pituitary
				// code is not news without one (beside sermorelin it was not named at all; probe 59, P59-M2)
				continue;
			}
			if (group == CodeGroup.ACUTE_CRITICAL_ILLNESS && !record.peptideInPlay() && !record.drugMayBePeptide()) {
				continue; // it is about stopping a peptide: an anaphylaxis or a respiratory failure is not news otherwise
			}
			record.knowledge.review(group).flatMap(review -> review.match(code)).ifPresent(coding -> {
				record.unreadCondition(group, id);
				record.conditionLabels.putIfAbsent(id, coding.getCode() + (coding.hasDisplay() ? " " + coding.getDisplay().strip() : ""));
				record.messages.add(id + " (" + coding.getSystem() + " " + coding.getCode() + ") may be "
						+ group.key() + " but is not in ValueSet " + group.valueSetId() + ", so it is not counted as "
						+ group.key() + " - please check it");
			});
		}
	}

	/**
	 * Why a coding's system is one the groups cannot read though its codes may be a contraindication: a published
	 * system misnamed ({@link ConceptSet#misnamed}), or ICD-9-CM (its URI, and its HL7 OID of diagnosis codes, FHIR
	 * R4's list of known code systems), which legacy problem lists still carry; empty for any other.
	 */
	private java.util.Optional<String> unreadSystem(Coding coding) {
		if (!coding.hasSystem() || inPublishedSystem(coding) || inClinicSystem(coding)) {
			return java.util.Optional.empty();
		}
		String system = coding.getSystem().strip();
		if (ICD9CM.contains(system)) {
			return java.util.Optional.of("is ICD-9-CM, which no concept group holds");
		}
		return ConceptSet.misnamed(system).map(meant -> "is under a system written as no published one is named (" + meant
				+ " is the URI of the one it may mean)");
	}

	private static final Set<String> ICD9CM = Set.of("http://hl7.org/fhir/sid/icd-9-cm", "urn:oid:2.16.840.1.113883.6.103");

	/**
	 * Whether a coding the groups cannot read may be of a group: under the system a misnamed one means, a group or review
	 * set lists it (never counted so: named); an ICD-9-CM code of a chapter or category the stopping groups concern, by
	 * the ICD-9-CM Tabular List's own structure (NCHS/CMS, the last edition, FY2014): Neoplasms (140-239), Complications
	 * of pregnancy, childbirth and the puerperium (630-679), V22 Normal pregnancy, V23 Supervision of high-risk pregnancy,
	 * and 253 Disorders of the pituitary gland and its hypothalamic control.
	 */
	private boolean mayBeOfAGroup(Coding coding) {
		String system = coding.getSystem().strip();
		String code = coding.getCode().strip().toUpperCase(java.util.Locale.ROOT);
		if (ICD9CM.contains(system)) {
			if (code.startsWith("V22") || code.startsWith("V23")) {
				return true;
			}
			java.util.regex.Matcher category = ICD9_CATEGORY.matcher(code);
			if (!category.lookingAt()) {
				return false;
			}
			int number = Integer.parseInt(category.group());
			return number >= 140 && number <= 239 || number >= 630 && number <= 679 || number == 253;
		}
		return ConceptSet.misnamed(system).map(meant -> listed(new Coding(meant, coding.getCode(), null))).orElse(false);
	}

	private static final java.util.regex.Pattern ICD9_CATEGORY = java.util.regex.Pattern.compile("[0-9]{3}");

	private static String systemsOf(CodeableConcept code) {
		String systems = code.getCoding().stream()
				.filter(Coding::hasCode)
				.map(coding -> coding.hasSystem() ? coding.getSystem() : "no system")
				.distinct()
				.collect(java.util.stream.Collectors.joining(", "));
		return systems.isEmpty() ? "text only" : systems;
	}

	/**
	 * A Procedure of the hypothalamic-pituitary group counts once begun: completed, in progress, or stopped or on hold
	 * after some of its main activity was performed (R4), since a partial hypophysectomy disrupts the axis too; one in
	 * preparation was not begun. One whose status is unknown (as surgical histories from other systems often are) may
	 * have been done: named, and a record of the group not counted, which the faces warn of beside a peptide (a stopped
	 * one drew nothing, an unknown one an info line beside "IGF-1 in the target band"; probe 59, P59-C1).
	 */
	void read(Procedure procedure) {
		String id = idOf(procedure);
		Procedure.ProcedureStatus status = procedure.getStatus();
		if (!record.knowledge.group(CodeGroup.HYPOTHALAMIC_PITUITARY).matches(procedure.getCode())) {
			if (status != Procedure.ProcedureStatus.NOTDONE && status != Procedure.ProcedureStatus.ENTEREDINERROR
					&& status != Procedure.ProcedureStatus.PREPARATION) {
				review(id, procedure.getCode(), java.util.Set.of(), false); // pituitary surgery in CPT or ICD-10-PCS
			}
			return;
		}
		String named = record.knowledge.group(CodeGroup.HYPOTHALAMIC_PITUITARY).match(procedure.getCode())
				.map(coding -> coding.getCode() + (coding.hasDisplay() ? " " + coding.getDisplay().strip() : "")
						+ (status == null ? "" : "; " + status.toCode()))
				.orElse(null);
		if (status != null && BEGUN.contains(status)) { // Set.of refuses null: a Procedure without a status threw (P60-C1)
			record.addCondition(CodeGroup.HYPOTHALAMIC_PITUITARY, id);
		} else if (status == null || status == Procedure.ProcedureStatus.UNKNOWN
				|| status == Procedure.ProcedureStatus.NULL) {
			record.unreadCondition(CodeGroup.HYPOTHALAMIC_PITUITARY, id);
			record.messages.add(id + " (" + CodeGroup.HYPOTHALAMIC_PITUITARY.key() + (named == null ? "" : ": " + named)
					+ ") has no status saying whether it was done; not counted - please check it");
		} else {
			return;
		}
		if (named != null) {
			record.conditionLabels.putIfAbsent(id, named);
		}
	}

	/**
	 * Whether a pregnancy status or test says pregnant: a status's value in pregnancy-status-pregnant; a test's value or
	 * interpretation in pregnancy-test-positive. The one reading of a positive, for the readers below and for records
	 * that are named and not read.
	 */
	boolean saysPregnant(Observation observation, ObservationKind kind) {
		PregnancyStatusValues values = record.knowledge.pregnancyStatus();
		if (kind == ObservationKind.ESTIMATED_DELIVERY_DATE) {
			return deliveryDate(observation) == DeliveryDate.CURRENT || deliveryDate(observation) == DeliveryDate.NOT_TO_THE_DAY;
		}
		if (kind == ObservationKind.PREGNANCY_TEST || kind == ObservationKind.QUANTITATIVE_HCG) {
			return observation.hasValueCodeableConcept() && values.testPositive().matches(observation.getValueCodeableConcept())
					|| observation.getInterpretation().stream().anyMatch(values.testPositive()::matches);
		}
		return observation.hasValueCodeableConcept() && (values.pregnant().matches(observation.getValueCodeableConcept())
				|| pregnantUnderAnotherSystem(observation.getValueCodeableConcept()) != null);
	}

	/**
	 * The coding of a status's value that carries a code of pregnancy-status-pregnant under no system, or under one the
	 * set does not hold ({@code 77386006} without SNOMED CT's URL, under its OID in capitals, or under
	 * {@code https://snomed.info/sct}): a misspelt system, as converters that drop or misspell the code's system drop or
	 * misspell the value's too. Counted as pregnant, and named ({@link #readPregnancyStatus}): it was ignored, and a
	 * C-CDA pregnancy observation so valued was passed over without a word (probe 52, P52-C1). Null when there is none.
	 */
	Coding pregnantUnderAnotherSystem(CodeableConcept value) {
		return underAnotherSystem(record.knowledge.pregnancyStatus().pregnant(), value);
	}

	/**
	 * The coding of {@code value} whose code is a member of {@code set} under another system than its own (none, a
	 * misspelt one, or another the set holds: 77386006, SNOMED CT's, sent under ICD-10-CM; probe 53, P53-M1). Null when
	 * there is none.
	 */
	private static Coding underAnotherSystem(ConceptSet set, CodeableConcept value) {
		for (Coding coding : value.getCoding()) {
			String own = coding.hasSystem() ? ConceptSet.system(coding.getSystem()) : null;
			if (!coding.hasCode()) {
				continue;
			}
			for (String system : set.systems()) {
				if (!system.equals(own) && set.contains(system, coding.getCode())) {
					return coding;
				}
			}
		}
		return null;
	}

	/**
	 * Whether a pregnancy status or test says not pregnant, as {@link #readPregnancyStatus}, {@link #readPregnancyTest}
	 * and {@link #readQuantitativeHcg} read it: a test's coded value, or with no value (or, for a quantitative hCG, a
	 * number) its interpretation; "Positive" as text with a negative flag does not.
	 */
	boolean saysNotPregnant(Observation observation, ObservationKind kind) {
		PregnancyStatusValues values = record.knowledge.pregnancyStatus();
		if (saysPregnant(observation, kind)) {
			return false;
		}
		if (kind == ObservationKind.ESTIMATED_DELIVERY_DATE) {
			return deliveryDate(observation) == DeliveryDate.PAST; // the pregnancy it dated is over: nothing may be missing
		}
		if (kind == ObservationKind.PREGNANCY_TEST || kind == ObservationKind.QUANTITATIVE_HCG) {
			boolean flagOnly = !observation.hasValue() || kind == ObservationKind.QUANTITATIVE_HCG && observation.hasValueQuantity();
			return observation.hasValueCodeableConcept() && values.testNegative().matches(observation.getValueCodeableConcept())
					|| flagOnly && observation.getInterpretation().stream().anyMatch(values.testNegative()::matches);
		}
		return observation.hasValueCodeableConcept() && values.notPregnant().matches(observation.getValueCodeableConcept());
	}

	/** Whether the Observation's value says pregnant or not pregnant (what a C-CDA pregnancy assertion must say). */
	boolean isPregnancyStatusValue(Observation observation) {
		PregnancyStatusValues values = record.knowledge.pregnancyStatus();
		return observation.hasValueCodeableConcept() && (values.pregnant().matches(observation.getValueCodeableConcept())
				|| values.notPregnant().matches(observation.getValueCodeableConcept())
				|| pregnantUnderAnotherSystem(observation.getValueCodeableConcept()) != null
				// not pregnant under another system: read as a status, which names it and does not count it (P53-m1)
				|| underAnotherSystem(values.notPregnant(), observation.getValueCodeableConcept()) != null);
	}

	/**
	 * Pregnancy status (LOINC 82810-3, or C-CDA's pregnancy assertion): the latest one decides, pregnant when its value is in ValueSet
	 * pregnancy-status-pregnant (the pregnancy group, or the LOINC answer IPS documents send), not pregnant when it is in
	 * pregnancy-status-not-pregnant. Any other value (unknown, text only, an EHR's own code) says neither, so it is not
	 * used and cannot hide an earlier positive; a message names it.
	 */
	/**
	 * The latest pregnancy status decides. Two that say opposite things and cannot be told apart in time (the same day
	 * with no time on one of them, or the same instant) count as pregnant, and a message names both: a negative test
	 * in the morning and a positive one in the afternoon of the same day must not hide the pregnancy.
	 *
	 * @param instant when it was taken, if it has a time of day
	 */
	void readPregnancyStatus(Observation observation, String id, LocalDate date, Instant instant) {
		if (!observation.hasValueCodeableConcept()) {
			record.messages.add("Pregnancy status " + id + " on " + date + " has no coded value; ignored");
			record.unreadPregnancy(id, date, ObservationKind.PREGNANCY_STATUS);
			return;
		}
		boolean pregnant = saysPregnant(observation, ObservationKind.PREGNANCY_STATUS);
		if (!pregnant && !saysNotPregnant(observation, ObservationKind.PREGNANCY_STATUS)) {
			record.messages.add("Pregnancy status " + id + " on " + date + " is coded neither as pregnant nor as not"
					+ " pregnant (ValueSets " + PregnancyStatusValues.PREGNANT_VALUE_SET + " and "
					+ PregnancyStatusValues.NOT_PREGNANT_VALUE_SET + "); ignored - please check it");
			record.unreadPregnancy(id, date, ObservationKind.PREGNANCY_STATUS);
			return;
		}
		Coding misspelt = pregnancyStatusValueMisspelt(observation);
		if (pregnant && misspelt != null) {
			record.messages.add("Pregnancy status " + id + " on " + date + " has the value " + misspelt.getCode()
					+ (misspelt.hasSystem() ? " in the system '" + misspelt.getSystem() + "'" : " without a system")
					+ ", which is not the system of ValueSet " + PregnancyStatusValues.PREGNANT_VALUE_SET + "; read as pregnant,"
					+ " since ignoring it could let a peptide order through - please check it");
		}
		record.pregnancyStatus.offer(pregnant, id, date, instant);
	}

	/** The misspelt coding a status is read as pregnant by, when its value says so under no system the set holds. */
	private Coding pregnancyStatusValueMisspelt(Observation observation) {
		return record.knowledge.pregnancyStatus().pregnant().matches(observation.getValueCodeableConcept()) ? null
				: pregnantUnderAnotherSystem(observation.getValueCodeableConcept());
	}

	/**
	 * A qualitative pregnancy test (hCG [Presence] or [Interpretation], ValueSet pregnancy-tests) is a pregnancy status
	 * by its result:
	 * <ul>
	 *   <li>positive when its value or any interpretation is in pregnancy-test-positive;
	 *   <li>negative when its coded value is in pregnancy-test-negative, or, with no value at all, an interpretation is;
	 *       a value the sets cannot read (a coded equivocal or borderline, a text, a boolean, a number) is not overruled
	 *       by a negative interpretation: "Positive" as text with a negative flag must not hide an earlier positive;
	 *   <li>else it says neither: not used, so it cannot hide an earlier positive, and a message names it.
	 * </ul>
	 * Tests are weighed against statuses when the record is built ({@link PatientRecordAssembler}): a negative test does
	 * not end a status that says pregnant.
	 */
	void readPregnancyTest(Observation observation, String id, LocalDate date, Instant instant) {
		boolean positive = saysPregnant(observation, ObservationKind.PREGNANCY_TEST);
		if (!positive && !saysNotPregnant(observation, ObservationKind.PREGNANCY_TEST)) {
			record.messages.add("Pregnancy test " + id + " on " + date + " has a result coded neither as positive nor"
					+ " as negative (ValueSets " + PregnancyStatusValues.TEST_POSITIVE_VALUE_SET + " and "
					+ PregnancyStatusValues.TEST_NEGATIVE_VALUE_SET + "); ignored - please check it");
			record.unreadPregnancy(id, date, ObservationKind.PREGNANCY_TEST);
			return;
		}
		record.pregnancyTest.offer(positive, id, date, instant);
	}

	/**
	 * A quantitative hCG result (ValueSet pregnancy-tests-quantitative) is read by the laboratory's interpretation, as a
	 * qualitative test's is: positive (pregnancy-test-positive, e.g. POS) counts as a positive test, negative (NEG) as
	 * a negative one. Its number is not read: where pregnancy begins is the laboratory's call, and hCG is also a tumour
	 * marker. One whose value is not a number (a coded result, a text, a boolean) is read as a qualitative test, so that
	 * "Positive" as text with a NEG flag cannot hide an earlier positive. Any other (only a number or no value, with no
	 * interpretation or a flag such as H) is kept, and named if it is the latest pregnancy evidence
	 * ({@link PatientRecordAssembler}).
	 */
	void readQuantitativeHcg(Observation observation, String id, LocalDate date, Instant instant) {
		if (observation.hasValue() && !observation.hasValueQuantity()) {
			readPregnancyTest(observation, id, date, instant);
			return;
		}
		if (saysPregnant(observation, ObservationKind.QUANTITATIVE_HCG)) {
			record.pregnancyTest.offer(true, id, date, instant);
		} else if (saysNotPregnant(observation, ObservationKind.QUANTITATIVE_HCG)) {
			record.pregnancyTest.offer(false, id, date, instant);
		} else {
			record.unreadHcg.offer(false, id, date, instant);
		}
	}

	/** Where an estimated delivery date lies against the evaluation date. */
	private enum DeliveryDate {
		/** No dateTime value. */
		NONE,
		/** More than edd-max-days-overdue before the evaluation date (all of it, for a month or a year). */
		PAST,
		/** From edd-max-days-overdue before the evaluation date to edd-max-days-ahead after it, to the day. */
		CURRENT,
		/** In that window only as a month or a year: a current pregnancy all the same, named. */
		NOT_TO_THE_DAY,
		/** Further ahead than a pregnancy lasts (all of it, for a month or a year). */
		TOO_FAR_AHEAD
	}

	private DeliveryDate deliveryDate(Observation observation) {
		if (!observation.hasValueDateTimeType() || observation.getValueDateTimeType().getValue() == null) {
			return DeliveryDate.NONE;
		}
		DateTimeType value = observation.getValueDateTimeType();
		if (FhirValues.latestDay(value).isBefore(
				record.evaluationDate.minusDays((long) record.threshold(Threshold.EDD_MAX_DAYS_OVERDUE)))) {
			return DeliveryDate.PAST;
		}
		if (FhirValues.earliestDay(value).isAfter(lastDeliveryDate())) {
			return DeliveryDate.TOO_FAR_AHEAD;
		}
		return FhirValues.localDate(value) == null ? DeliveryDate.NOT_TO_THE_DAY : DeliveryDate.CURRENT;
	}

	/** The latest estimated delivery date of a current pregnancy: the evaluation date plus edd-max-days-ahead. */
	private LocalDate lastDeliveryDate() {
		return record.evaluationDate.plusDays((long) record.threshold(Threshold.EDD_MAX_DAYS_AHEAD));
	}

	/**
	 * An Observation whose value is the estimated delivery date (ValueSet estimated-delivery-date-codes) is a pregnancy
	 * status that says pregnant, dated by its effective date, when the date it gives lies no more than
	 * edd-max-days-overdue (14 days: a pregnancy may run two weeks past its due date) before the evaluation date and no
	 * more than edd-max-days-ahead (294 days, 42 weeks) after it: it is weighed with the other statuses and the tests as
	 * a status is (a later status that says not pregnant ends it; a later negative test does not). A date given only as
	 * a month or a year in that window counts too, and is named.
	 * <ul>
	 *   <li>an older date says nothing of a current pregnancy and is passed over;
	 *   <li>a date further ahead than a pregnancy lasts and a value that is not a dateTime are data problems: named, not
	 *       counted, and kept as pregnancy evidence that could not be used ({@link PatientRecord#pregnancyMayBeMissing})
	 *       unless a later status supersedes them.
	 * </ul>
	 */
	void readEstimatedDeliveryDate(Observation observation, String id, LocalDate date, Instant instant) {
		String what = "Estimated delivery date " + id + " on " + date;
		switch (deliveryDate(observation)) {
			case PAST -> { }
			case CURRENT -> record.pregnancyStatus.offer(true, id, date, instant);
			case NONE -> {
				record.messages.add(what + " has no date as its value (valueDateTime)" + (observation.hasValue()
						? ", but a " + observation.getValue().fhirType() : "") + "; ignored - please check it");
				record.unreadPregnancy(id, date, ObservationKind.ESTIMATED_DELIVERY_DATE);
			}
			case NOT_TO_THE_DAY -> {
				// a delivery month ahead is a pregnancy all the same: counted, and named
				record.messages.add(what + " gives the delivery date only as " + observation.getValueDateTimeType()
						.getValueAsString() + ", not to the day; counted as a current pregnancy - please check it");
				record.pregnancyStatus.offer(true, id, date, instant);
			}
			case TOO_FAR_AHEAD -> {
				record.messages.add(what + " gives the delivery date " + observation.getValueDateTimeType().getValueAsString()
						+ ", more than " + (long) record.threshold(Threshold.EDD_MAX_DAYS_AHEAD)
						+ " days after the evaluation date " + record.evaluationDate + ", longer than a pregnancy lasts;"
						+ " not counted - please check it");
				record.unreadPregnancy(id, date, ObservationKind.ESTIMATED_DELIVERY_DATE);
			}
		}
	}
}
