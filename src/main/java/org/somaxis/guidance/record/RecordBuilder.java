package org.somaxis.guidance.record;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.somaxis.guidance.knowledge.CodeGroup;
import org.somaxis.guidance.knowledge.Igf1ReferenceIntervals;
import org.somaxis.guidance.knowledge.Knowledge;
import org.somaxis.guidance.knowledge.Threshold;

/** Mutable state of one assembly, shared by the readers; turned into a {@link PatientRecord} by the assembler. */
final class RecordBuilder {
	final Knowledge knowledge;
	final Units units;
	final LocalDate evaluationDate;
	/** Today on the server's clock: a result dated after it is in the future, not merely after a look-back date. */
	final LocalDate today;
	final List<String> messages = new ArrayList<>();
	/** Pregnancy statuses and tests that were named and not used, and may say pregnant. */
	final List<UnreadPregnancy> unreadPregnancy = new ArrayList<>();
	/** Medication records in effect whose drug could not be read (or a peptide's whose status could not), by id. */
	final java.util.Set<String> unreadDrugs = new java.util.TreeSet<>();
	/**
	 * Medication records in effect (orders, statements, administrations, dispenses; not the drafts sent with the request)
	 * coded only in SNOMED CT, NDC or ATC, in codes that are no peptide Somaxis knows (also in unreadDrugs): named by the
	 * assembler when a contraindication a peptide would meet is recorded.
	 */
	final java.util.Set<String> unmappedStandardDrugs = new java.util.TreeSet<>();
	/**
	 * Fasting glucose and HbA1c results named and not used, with their day (null: none known); PatientRecord#unreadGlycaemia
	 * keeps those that no later readable result of the same lab supersedes.
	 */
	final List<UnreadLab> unreadGlycaemia = new ArrayList<>();
	/**
	 * IGF-1 results named and not read, with their day, or the last day one without a day may have been taken (null: none
	 * known; kind null); PatientRecord#unreadIgf1 keeps those that no readable IGF-1 of that day or later supersedes.
	 */
	final List<UnreadLab> unreadIgf1 = new ArrayList<>();

	record UnreadLab(String id, LabKind kind, LocalDate date) {}
	String patientId;
	AgeRange age;
	/** The earliest and latest day the birth date allows (one day for a full date); null when there is none. */
	/** Why no sex is chosen for the IGF-1 intervals ({@link ClinicalSex}): named only beside an IGF-1 result. */
	final List<String> sexMessages = new ArrayList<>();
	LocalDate bornEarliest;
	LocalDate bornLatest;
	Sex sex = Sex.UNKNOWN;
	boolean deceased;
	boolean recordNotInUse;
	Igf1ReferenceIntervals intervals;
	final List<PeptideOrder> peptides = new ArrayList<>();
	final List<PeptideOrder> endedPeptides = new ArrayList<>();
	/** The last day of therapy each ended peptide order or statement gives, by id (PatientRecord#peptideEnds). */
	final Map<String, LocalDate> peptideEnds = new java.util.HashMap<>();
	/** The last day of therapy each ended growth hormone order or statement gives, by id. */
	final Map<String, LocalDate> growthHormoneEnds = new java.util.TreeMap<>();
	final List<String> testosterone = new ArrayList<>();
	/** Medication records of growth hormone (somatropin and the long-acting ones) in effect, by id. */
	final List<String> growthHormone = new ArrayList<>();
	/** Medication records of drugs that may treat diabetes (ValueSet diabetes-medications) in effect, by id. */
	final List<String> diabetesMedications = new ArrayList<>();
	/** Draft orders being signed that are growth hormone or testosterone, no GH-axis peptide: id to the drug's name. */
	final Map<String, OtherTherapy> otherTherapyDrafts = new java.util.LinkedHashMap<>();
	/** Medication records in effect that may treat a cancer (their drug, or their reason), in the order read. */
	final List<CancerTreatmentRead> cancerTreatments = new ArrayList<>();
	/** Malignancy Conditions whose clinicalStatus says it is no longer active (inactive, remission, resolved), by id. */
	final Set<String> pastMalignancies = new java.util.TreeSet<>();
	/** Every malignancy Condition read whatever its clinicalStatus (not refuted), by id: what a reason may name. */
	final Set<String> malignancies = new java.util.HashSet<>();
	final Set<String> pendingLabs = new LinkedHashSet<>();
	LocalDate therapyStart;
	Integer therapyWeek;
	/** An order of the course renews one the course does not reach: therapy may have begun before its start. */
	boolean therapyMayHaveBegunEarlier;
	TherapyPhase phase = TherapyPhase.NONE;
	final List<Igf1Point> igf1 = new ArrayList<>();
	/** The date of the latest IGF-1 result that could not be read (no numeric value, a unit that cannot be converted). */
	LocalDate latestUnreadIgf1;
	/** The last day an IGF-1 that could not be dated to a day may have been taken, at most the evaluation date. */
	LocalDate undatedIgf1Until;
	final List<LabValue> labs = new ArrayList<>();
	/** Sessions as read, with their times; {@link #exercise} counts each once ({@link ExerciseCopies}). */
	final List<ExerciseCopies.Timed> sessions = new ArrayList<>();
	final List<ExerciseSession> exercise = new ArrayList<>();
	/** Sleep records of the sleep window; {@link #sleepSummary} is per night ({@link SleepNights}). */
	final List<SleepNights.Sleep> sleep = new ArrayList<>();
	SleepNights.Summary sleepSummary = new SleepNights.Summary(null, 0, List.of());
	final Map<CodeGroup, List<String>> conditions = new EnumMap<>(CodeGroup.class);
	/** Conditions (and Procedures) that may be in a group and were named, not counted: a review code, no clinicalStatus. */
	final Map<CodeGroup, Set<String>> unreadConditions = new EnumMap<>(CodeGroup.class);
	/** The Conditions the data holds ("Condition/c1"), whatever their status: a reason an order names is among them. */
	final Set<String> conditionsInTheData = new java.util.HashSet<>();
	/**
	 * Conditions an order in effect or being signed states as its reason and the record reads as the patient's: one it
	 * contains ({@code reasonReference} "#rc"), and a peptide order's coded {@code reasonCode}, as an active Condition.
	 */
	final List<ReasonCondition> reasonConditions = new ArrayList<>();

	/** A Condition an order states as its reason; the order is its evidence. */
	record ReasonCondition(String order, org.hl7.fhir.r4.model.Condition condition) {}

	/** The Conditions medication records in effect or being signed give as their reason, with the record that does. */
	final Map<String, String> statedReasons = new java.util.TreeMap<>();
	/** Active Conditions coded in no system a concept group holds (PatientRecord#uncheckedConditions). */
	final Set<String> uncheckedConditions = new java.util.LinkedHashSet<>();
	/** Per peptide (gh-peptides code), the allergies and intolerances recorded to it or to an excipient of it. */
	final Map<String, Set<String>> allergies = new java.util.TreeMap<>();
	/**
	 * Per peptide order, statement, administration or dispense read as a peptide and not ended (its resource id), the
	 * codes ("system|code", in every form) of its drug: the product's ingredients as the record names them.
	 */
	final Map<String, Set<String>> drugCodes = new java.util.TreeMap<>();
	/** Per peptide order (its resource id), the allergies recorded to an ingredient its own product names. */
	final Map<String, Set<String>> orderAllergies = new java.util.TreeMap<>();
	/** Allergies named, not matched, beside a peptide in play: they may be to it. */
	final Set<String> unreadAllergies = new java.util.TreeSet<>();
	/** The latest pregnancy status (82810-3, 11449-6, C-CDA's assertion). */
	final LatestPregnancy pregnancyStatus = new LatestPregnancy();
	/** The latest pregnancy test: qualitative, or quantitative with a positive or negative interpretation. */
	final LatestPregnancy pregnancyTest = new LatestPregnancy();
	/** The latest quantitative hCG result that says neither (its "pregnant" is always false and not used). */
	final LatestPregnancy unreadHcg = new LatestPregnancy();
	LocalDate caloricDate;
	String caloricId;
	boolean caloricRestriction;

	RecordBuilder(Knowledge knowledge, LocalDate evaluationDate, LocalDate today) {
		this.knowledge = knowledge;
		this.units = new Units(knowledge);
		this.evaluationDate = evaluationDate;
		this.today = today;
		this.intervals = knowledge.igf1Intervals();
	}

	/**
	 * A pregnancy status or test that was named and not used and may say pregnant.
	 *
	 * @param date its day, or null when it has none or its day is after the evaluation date (then nothing supersedes it)
	 */
	void unreadPregnancy(String id, LocalDate date, ObservationKind kind) {
		unreadPregnancy.add(new UnreadPregnancy(id, date, kind != ObservationKind.PREGNANCY_TEST
				&& kind != ObservationKind.QUANTITATIVE_HCG));
	}

	/**
	 * A medication record in effect that may treat a cancer.
	 *
	 * @param antineoplastic its drug is in ValueSet antineoplastic-medications
	 * @param reasonMalignancy a reasonCode is in the malignancy group
	 * @param reasonConditions the Conditions its reasonReferences name ("Condition/c1")
	 * @param otherReasonCoded a reasonCode is coded, and none is in the malignancy group (methotrexate for arthritis)
	 */
	record CancerTreatmentRead(CancerTreatment treatment, boolean antineoplastic, boolean reasonMalignancy,
			List<String> reasonConditions, boolean otherReasonCoded) {}

	/** @param status a pregnancy status (superseded only by a later status), else a test (by a later status or test) */
	record UnreadPregnancy(String id, LocalDate date, boolean status) {}

	/** An IGF-1 of this day that could not be read. */
	void unreadIgf1On(String id, LocalDate day) {
		if (latestUnreadIgf1 == null || day.isAfter(latestUnreadIgf1)) {
			latestUnreadIgf1 = day;
		}
		unreadIgf1.add(new UnreadLab(id, null, day));
	}

	/**
	 * An IGF-1 of this day that was read but could not be interpreted (no interval applies): its check against +3 SDS
	 * may be missing. Unlike {@link #unreadIgf1On}, it does not set an older result aside: its value is known.
	 */
	void uninterpretedIgf1On(String id, LocalDate day) {
		unreadIgf1.add(new UnreadLab(id, null, day));
	}

	/** An IGF-1 without a day, which may have been taken as late as {@code lastDay} (null: after the evaluation date). */
	void undatedIgf1(String id, LocalDate lastDay) {
		if (lastDay != null && (undatedIgf1Until == null || lastDay.isAfter(undatedIgf1Until))) {
			undatedIgf1Until = lastDay;
		}
		unreadIgf1.add(new UnreadLab(id, null, lastDay));
	}

	/**
	 * The patient's age on {@code day} (a result's, which a laboratory interprets by the age at collection); null when
	 * the birth date is unknown or after that day.
	 */
	AgeRange ageOn(LocalDate day) {
		return bornEarliest == null ? null : AgeRange.bornBetween(bornEarliest, bornLatest, day);
	}

	double threshold(Threshold threshold) {
		return knowledge.threshold(threshold);
	}

	/** Whether a peptide is ordered, taken or on hold (once the therapy is derived): what the safety checks judge. */
	boolean peptideInPlay() {
		return peptides.stream().anyMatch(order -> !order.isEnded()) || endedPeptides.stream().anyMatch(PeptideOrder::isOnHold);
	}

	/**
	 * Whether a medication record that may be in effect could not be read and may be a peptide: text only, a local code,
	 * an unresolved reference, an ingredient without a code, a peptide whose status could not be read. One coded only in
	 * SNOMED CT, NDC or ATC is not counted here (in the UK every drug is): it is named beside a contraindication instead.
	 */
	boolean drugMayBePeptide() {
		return !drugsThatMayBePeptides().isEmpty();
	}

	/** The records of {@link #drugMayBePeptide()}. */
	List<String> drugsThatMayBePeptides() {
		return unreadDrugs.stream().filter(id -> !unmappedStandardDrugs.contains(id)).toList();
	}

	/** Whether this peptide (a gh-peptides code) is ordered, taken or on hold. */
	boolean peptideInPlay(String code) {
		return peptides.stream().anyMatch(order -> !order.isEnded() && order.code().equals(code))
				|| endedPeptides.stream().anyMatch(order -> order.isOnHold() && order.code().equals(code));
	}

	/** Notes the codes of the drug of a record read as a peptide (see {@link #drugCodes}). */
	void addDrugCodes(String order, org.hl7.fhir.r4.model.CodeableConcept drug) {
		for (org.hl7.fhir.r4.model.Coding coding : drug.getCoding()) {
			if (coding.hasSystem() && coding.hasCode()) {
				String system = org.somaxis.guidance.knowledge.ConceptSet.system(coding.getSystem());
				Set<String> codes = drugCodes.computeIfAbsent(order, key -> new java.util.TreeSet<>());
				org.somaxis.guidance.knowledge.ConceptSet.codeForms(system, coding.getCode())
						.forEach(form -> codes.add(system + "|" + form));
			}
		}
	}

	/** A recorded allergy or intolerance to an ingredient the order's own product names. */
	void addOrderAllergy(String order, String allergyId) {
		orderAllergies.computeIfAbsent(order, key -> new LinkedHashSet<>()).add(allergyId);
	}

	/** A recorded allergy or intolerance that contraindicates the peptide (a gh-peptides code). */
	void addAllergy(String peptide, String allergyId) {
		allergies.computeIfAbsent(peptide, key -> new LinkedHashSet<>()).add(allergyId);
	}

	/** Per Condition id, the code that placed it in a group and its date, as cards name it ({@link PatientRecord#describedEvidence}). */
	final Map<String, String> conditionLabels = new java.util.HashMap<>();

	void addCondition(CodeGroup group, String evidence) {
		conditions.computeIfAbsent(group, key -> new ArrayList<>()).add(evidence);
	}

	/** A Condition or Procedure that may be in the group and is named, not counted. */
	void unreadCondition(CodeGroup group, String id) {
		unreadConditions.computeIfAbsent(group, key -> new LinkedHashSet<>()).add(id);
	}

	boolean withinDays(LocalDate date, Threshold window) {
		LocalDate first = evaluationDate.minusDays((long) threshold(window));
		return !date.isBefore(first) && !date.isAfter(evaluationDate);
	}
}
