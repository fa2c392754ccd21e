package org.somaxis.guidance.record;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.somaxis.guidance.Hook;
import org.somaxis.guidance.knowledge.CodeGroup;

/**
 * Everything the rules see about one patient at one evaluation date: typed, unit-normalised and immutable. Built by
 * {@link PatientRecordAssembler}; lists are sorted by date (oldest first) so "latest" is the last element.
 *
 * @param age on the evaluation date: exact, or the ages a partial birth date allows; null when the birth date is unknown
 * @param focusObservationId the result under evaluation on the OBSERVATION face, else null
 * @param peptides active and draft GH-axis peptide orders
 * @param therapyStart start of the first order of the current course (active or ended orders), null when not on
 *     therapy or start unknown
 * @param therapyWeek 1-based week of therapy (days since start / 7 + 1), null when not on therapy
 * @param therapyMayHaveBegunEarlier an order of the course renews one the course does not reach (one the record lacks,
 *     or one of an earlier course): the weeks may be too few, and an IGF-1 before the start may be on therapy
 * @param exercise sessions inside the exercise window, each once: overlapping sessions of one type from two devices
 *     are one ({@link ExerciseCopies})
 * @param meanSleepHours the mean of the nights with sleep data in the sleep window (each night's records added up,
 *     copies from a second device counted once: {@link SleepNights}); null when no night has data
 * @param sleepNights the number of nights that mean is over
 * @param sleepEvidence the sleep records counted
 * @param conditions evidence (resource ids) per active condition group; absent group = none
 * @param testosteroneTherapy evidence for active testosterone therapy; empty = none
 * @param growthHormoneTherapy medication records of growth hormone (ValueSet gh-therapy-medications: somatropin and the
 *     long-acting ones) in effect: active or on hold, or given or dispensed recently; empty = none
 * @param otherTherapyDrafts draft orders that are growth hormone or testosterone (no GH-axis peptide), by id, each
 *     with the drug's name: the peptide checks do not cover them, and they are named as such rather than as unrecognised
 * @param diabetesMedications medication records in effect (active or on hold, or given or dispensed recently) of a drug
 *     that may treat diabetes (ValueSet diabetes-medications): a reason to check glucose status beside a peptide, not a
 *     diagnosis of diabetes (the set lists drugs given without it); empty = none
 * @param cancerTreatment medication records in effect (active or on hold) that say a cancer's treatment is not complete,
 *     each with its drug: a drug of ValueSet
 *     antineoplastic-medications while a malignancy is recorded as no longer active, or any drug whose reason is a
 *     malignancy (a reasonCode of the group, or a reasonReference to a malignancy Condition); empty = none
 * @param treatedMalignancies the malignancy Conditions that treatment is for: those no longer active, and those its
 *     reasons name; empty when {@code cancerTreatment} is
 * @param pendingLabOrders LOINC codes of draft ServiceRequests
 * @param dataQuality messages about data that was ignored or could not be used
 * @param endedPeptides stopped, completed or on-hold peptide orders (therapy history; they date the course)
 * @param peptideEnds the last day of therapy an ended peptide order or statement gives (a dosage's boundsPeriod end,
 *     the dispense validity end, a statement's effective end), by id; absent when it gives none
 * @param growthHormoneEnds the same for ended growth hormone orders and statements (ValueSet gh-therapy-medications)
 * @param deceased Patient.deceased[x] is true or a date
 * @param recordNotInUse the Patient is marked inactive ({@code active} false) or {@code replaced-by} another record: an
 *     order written on it is likely written in the wrong chart
 * @param latestUnreadIgf1 the date of the latest IGF-1 result that could not be read (named in dataQuality); null = none
 * @param unreadPregnancy pregnancy statuses and tests that were named and not used and may say pregnant (no coded
 *     result, one coded neither way, undated, dated ahead, under a misspelt system, the latest hCG without an
 *     interpretation), and that no later readable one supersedes: a pregnancy may be missing
 * @param unreadDrugs medication orders, statements, administrations and dispenses that may be in effect and whose drug
 *     could not be read (text only, codes Somaxis does not map, codes only in SNOMED CT, NDC or ATC that are no peptide it
 *     knows, an unresolved reference, an ingredient without a code), or a peptide's
 *     whose status or date could not: each may be a GH-axis peptide the contraindications did not see
 * @param drugsThatMayBePeptides those of {@code unreadDrugs} not coded only in SNOMED CT, NDC or ATC (text only, a local code,
 *     an unresolved reference, an ingredient without a code, a peptide whose status or date could not be read): each
 *     may be a peptide whatever else the record holds, where a SNOMED CT, NDC or ATC code is most often another drug
 * @param unreadGlycaemia fasting glucose and HbA1c results that were named and not used (a unit that cannot be
 *     converted, no day, no number, a misspelt LOINC system) and that no later readable result of the same lab
 *     supersedes: each may be the one that shows glucose intolerance on a peptide
 * @param unreadIgf1 IGF-1 results that were named and not read (a value as text, a unit that cannot be converted, no
 *     day, registered) and that no readable IGF-1 of their day or later supersedes: each may be the one that shows an
 *     IGF-1 above range on a peptide
 * @param unreadConditions per group, the Conditions and Procedures that may be in it and were named, not counted (a code
 *     of the group's review set, no clinicalStatus): each may be a contraindication the rules did not see
 * @param uncheckedConditions active Conditions (or without a clinicalStatus) coded in no system a concept group holds
 *     (ICD-9-CM, a local code, text only), each as "Condition/c1 (174.9 ..., coded in no system the concept groups
 *     hold)": each may be a contraindication the rules could not check
 * @param unreadAllergies allergies named, not matched, beside a peptide in play (no code the record can look up)
 * @param allergies per peptide (gh-peptides code), the allergies and intolerances recorded to it or to an excipient of it
 *     that count (not refuted, not over)
 * @param orderAllergies per peptide order (its resource id), the allergies that count to an ingredient its own product
 *     names (a compounded vial that lists mannitol)
 * @param undatedIgf1Until the last day an IGF-1 that could not be dated to a day (a month, an issue date, none) may have
 *     been taken, at most the evaluation date (named in dataQuality); null = none
 */
public record PatientRecord(
		LocalDate evaluationDate,
		Hook hook,
		String patientId,
		AgeRange age,
		Sex sex,
		List<Igf1Point> igf1,
		String focusObservationId,
		List<PeptideOrder> peptides,
		LocalDate therapyStart,
		Integer therapyWeek,
		boolean therapyMayHaveBegunEarlier,
		TherapyPhase phase,
		List<LabValue> labs,
		List<ExerciseSession> exercise,
		Double meanSleepHours,
		int sleepNights,
		List<String> sleepEvidence,
		Map<CodeGroup, List<String>> conditions,
		boolean caloricRestriction,
		List<String> caloricRestrictionEvidence,
		List<String> testosteroneTherapy,
		List<String> growthHormoneTherapy,
		Map<String, OtherTherapy> otherTherapyDrafts,
		List<String> diabetesMedications,
		List<CancerTreatment> cancerTreatment,
		List<String> treatedMalignancies,
		Set<String> pendingLabOrders,
		List<String> dataQuality,
		List<PeptideOrder> endedPeptides,
		Map<String, LocalDate> peptideEnds,
		Map<String, LocalDate> growthHormoneEnds,
		boolean deceased,
		boolean recordNotInUse,
		LocalDate latestUnreadIgf1,
		LocalDate undatedIgf1Until,
		List<String> unreadPregnancy,
		List<String> unreadDrugs,
		List<String> drugsThatMayBePeptides,
		List<String> unreadGlycaemia,
		List<String> unreadIgf1,
		Map<CodeGroup, List<String>> unreadConditions,
		List<String> uncheckedConditions,
		List<String> unreadAllergies,
		Map<String, List<String>> allergies,
		Map<String, List<String>> orderAllergies,
		Map<String, String> conditionLabels) {

	public PatientRecord {
		conditionLabels = Map.copyOf(conditionLabels);
		allergies = idsByKey(allergies);
		orderAllergies = idsByKey(orderAllergies);
		unreadAllergies = List.copyOf(unreadAllergies);
		Map<CodeGroup, List<String>> unread = new EnumMap<>(CodeGroup.class);
		unreadConditions.forEach((group, ids) -> unread.put(group, List.copyOf(ids)));
		unreadConditions = java.util.Collections.unmodifiableMap(unread);
		uncheckedConditions = List.copyOf(uncheckedConditions);
		unreadPregnancy = List.copyOf(unreadPregnancy);
		unreadDrugs = List.copyOf(unreadDrugs);
		drugsThatMayBePeptides = List.copyOf(drugsThatMayBePeptides);
		unreadGlycaemia = List.copyOf(unreadGlycaemia);
		unreadIgf1 = List.copyOf(unreadIgf1);
		igf1 = List.copyOf(igf1);
		peptides = List.copyOf(peptides);
		labs = List.copyOf(labs);
		exercise = List.copyOf(exercise);
		sleepEvidence = List.copyOf(sleepEvidence);
		Map<CodeGroup, List<String>> copy = new EnumMap<>(CodeGroup.class);
		conditions.forEach((group, ids) -> copy.put(group, List.copyOf(ids)));
		conditions = java.util.Collections.unmodifiableMap(copy);
		caloricRestrictionEvidence = List.copyOf(caloricRestrictionEvidence);
		testosteroneTherapy = List.copyOf(testosteroneTherapy);
		growthHormoneTherapy = List.copyOf(growthHormoneTherapy);
		otherTherapyDrafts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(otherTherapyDrafts));
		diabetesMedications = List.copyOf(diabetesMedications);
		cancerTreatment = List.copyOf(cancerTreatment);
		treatedMalignancies = List.copyOf(treatedMalignancies);
		pendingLabOrders = Set.copyOf(pendingLabOrders);
		dataQuality = List.copyOf(dataQuality);
		endedPeptides = List.copyOf(endedPeptides);
		peptideEnds = Map.copyOf(peptideEnds);
		growthHormoneEnds = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(growthHormoneEnds));
	}

	/** The ended growth hormone orders and statements whose therapy reached {@code days} or fewer before {@code day}. */
	public List<String> growthHormoneEndedWithin(LocalDate day, long days) {
		return growthHormoneEnds.entrySet().stream()
				.filter(end -> !end.getValue().isBefore(day.minusDays(days)))
				.map(Map.Entry::getKey)
				.toList();
	}

	/**
	 * The stopped or completed peptides whose therapy reached {@code days} or fewer before {@code day} (or later) and
	 * began no later than it: the day an order or statement gives as its end, or the day a peptide was given or
	 * dispensed. An order that gives no end ended no sooner than it began: begun that recently, it is listed (a stopped
	 * order written 15 days before a high IGF-1 was called "without GH-axis therapy"; probe 65, P65-M1); begun longer
	 * ago, it is not dated, and not listed. Their effect on IGF-1 may outlast them.
	 */
	public List<PeptideOrder> endedWithin(LocalDate day, long days) {
		return endedPeptides.stream()
				.filter(order -> order.status() == OrderStatus.ENDED)
				.filter(order -> {
					LocalDate end = endOf(order);
					return end != null && !end.isBefore(day.minusDays(days))
							&& (order.start() == null || !order.start().isAfter(day));
				})
				.toList();
	}

	/** The last day of an ended peptide's therapy: its order's or statement's end, else the day it began or was given. */
	private LocalDate endOf(PeptideOrder order) {
		return order.changeable() ? peptideEnds.getOrDefault(order.resourceId(), order.start()) : order.start();
	}

	/**
	 * The day the effect of the therapies that ended {@code days} or fewer before {@code day} (the peptides of
	 * {@link #endedWithin}, the growth hormone of {@link #growthHormoneEndedWithin}) has worn off: {@code days} after the
	 * last of them ended. Empty when none did.
	 */
	public java.util.Optional<LocalDate> wornOffAfter(LocalDate day, long days) {
		java.util.stream.Stream<LocalDate> peptides = endedWithin(day, days).stream().map(this::endOf);
		java.util.stream.Stream<LocalDate> growthHormone = growthHormoneEndedWithin(day, days).stream()
				.map(growthHormoneEnds::get);
		return java.util.stream.Stream.concat(peptides, growthHormone)
				.max(java.util.Comparator.naturalOrder())
				.map(end -> end.plusDays(days));
	}

	/** An unmodifiable sorted copy of ids by key, each list copied too. */
	private static Map<String, List<String>> idsByKey(Map<String, ? extends java.util.Collection<String>> byKey) {
		Map<String, List<String>> copy = new java.util.TreeMap<>();
		byKey.forEach((key, ids) -> copy.put(key, List.copyOf(ids)));
		return java.util.Collections.unmodifiableMap(copy);
	}

	/** The age in whole years when the birth date fixes it; null when it is unknown or partial. */
	public Integer ageYears() {
		return age == null ? null : age.exactYears();
	}

	/**
	 * Whether the glucose-tolerance check may be missing: a fasting glucose or HbA1c could not be used while a peptide is
	 * ordered, taken or on hold (GH-axis peptides can worsen glucose tolerance, critically so MK-677).
	 */
	public boolean glycaemiaMayBeMissing() {
		return !unreadGlycaemia.isEmpty() && !peptidesIncludingOnHold().isEmpty();
	}

	/**
	 * Whether a check of IGF-1 on therapy may be missing: a peptide is ordered, taken or on hold, and an IGF-1 result
	 * could not be read (a value as text such as "&gt;1000", a unit that cannot be converted, no day) that no readable one
	 * of its day or later supersedes ({@link #unreadIgf1()}): it may be the one above +3 SDS, whose card is critical.
	 */
	public boolean igf1MayBeMissing() {
		return !unreadIgf1.isEmpty() && !peptidesIncludingOnHold().isEmpty();
	}

	public boolean onTherapy() {
		return peptides.stream().anyMatch(PeptideOrder::isActive);
	}

	/**
	 * A group whose safety rule stops or pauses a peptide: the peptides it concerns, and whether its card stops them
	 * outright (a contraindication), so that another record of the group that was not counted adds nothing once it fired.
	 * An acute critical illness's card only warns: an anaphylaxis named beside a counted sepsis may be to the peptide. A
	 * record not counted is named beside the peptides of {@code namedBeside}: for a hypothalamic-pituitary disorder every
	 * peptide, whose own card pauses the others (secretagogue-hp-axis-disorder), while only tesamorelin's stops.
	 */
	private record StoppingGroup(java.util.function.Predicate<String> peptides, boolean firedCardStops,
			java.util.function.Predicate<String> namedBeside) {
		StoppingGroup(java.util.function.Predicate<String> peptides, boolean firedCardStops) {
			this(peptides, firedCardStops, peptides);
		}
	}

	/**
	 * The groups whose safety rules stop or pause a peptide (a contraindication, or an acute critical illness): a record
	 * of the group that was not counted, or a peptide the data does not show, may leave such a rule silent. The rules
	 * decide what fires; this says only which silences must be warned of.
	 */
	private static final Map<CodeGroup, StoppingGroup> STOPPING_GROUPS = Map.of(
			CodeGroup.MALIGNANCY, new StoppingGroup(peptide -> true, true),
			CodeGroup.PREGNANCY, new StoppingGroup(peptide -> true, true),
			CodeGroup.HYPOTHALAMIC_PITUITARY, new StoppingGroup("tesamorelin"::equals, true, peptide -> true),
			CodeGroup.GH_EXCESS, new StoppingGroup(peptide -> true, true),
			// breastfeeding: the cards pause a peptide in effect and cancel a draft (probe 60, P60-m5: one without a
			// clinicalStatus beside a peptide was an info line)
			CodeGroup.LACTATION, new StoppingGroup(peptide -> true, false),
			CodeGroup.ACUTE_CRITICAL_ILLNESS, new StoppingGroup(peptide -> true, false));

	/** The groups of {@link #STOPPING_GROUPS}, in the enum's order (the order the records are named in). */
	private static final List<CodeGroup> STOPPING_GROUP_ORDER =
			java.util.Arrays.stream(CodeGroup.values()).filter(STOPPING_GROUPS::containsKey).toList();

	/**
	 * Whether a peptide contraindication (or the acute critical illness warning) may be missing the other way round: a
	 * medication record in effect could not be read as a drug, or a peptide's record could not be read as in effect
	 * ({@link #unreadDrugs()}), and a rule it may meet has not fired ({@link #anUnseenPeptideWouldMeetAContraindication()});
	 * or one that may be a peptide whatever its codes ({@link #drugsThatMayBePeptides()}, a text-only "sermorelin") is
	 * beside such a condition whose card fired for another peptide, and does not name it.
	 */
	public boolean peptideMayBeMissing() {
		if (!unreadDrugs.isEmpty() && anUnseenPeptideWouldMeetAContraindication()) {
			return true;
		}
		return !drugsThatMayBePeptides.isEmpty() && !(deceased && peptidesIncludingOnHold().isEmpty())
				&& STOPPING_GROUP_ORDER.stream().anyMatch(this::has);
	}

	/**
	 * Whether the cancer treatment a past malignancy is judged by may be missing: a peptide is ordered, taken or on hold,
	 * a malignancy is recorded as history or no longer active, no treatment of it is counted (so the card says "confirm
	 * it is complete", not "cancer treatment not complete"), and a medication record that may be in effect could not be
	 * read as a drug ({@link #unreadDrugs()}): it may be that treatment (a 9-digit NDC of an aromatase inhibitor; probe
	 * 72, P72-m4).
	 */
	public boolean cancerTreatmentMayBeMissing() {
		return !unreadDrugs.isEmpty() && !peptidesIncludingOnHold().isEmpty() && has(CodeGroup.MALIGNANCY_HISTORY)
				&& !has(CodeGroup.MALIGNANCY) && cancerTreatment().isEmpty();
	}

	/**
	 * Whether a peptide the data does not show would meet a rule that stops or pauses it and has not fired (for a deceased
	 * patient, only when a peptide is in effect or ordered): an active malignancy, a pregnancy, acromegaly, breastfeeding
	 * or an acute critical illness with no peptide counted, or a hypothalamic-pituitary disorder with no tesamorelin
	 * counted, or an allergy recorded to a peptide (or an excipient of it) that no counted order is of: a draft that
	 * could not be read, "Tesamorelin" beside an allergy to EGRIFTA SV, drew an info card (probe 76, P76-M2).
	 */
	public boolean anUnseenPeptideWouldMeetAContraindication() {
		List<PeptideOrder> counted = peptidesIncludingOnHold();
		if (deceased && counted.isEmpty()) {
			return false; // a deceased patient's checks run only for a peptide in effect or being ordered
		}
		return STOPPING_GROUP_ORDER.stream().anyMatch(group -> has(group)
				&& counted.stream().noneMatch(order -> STOPPING_GROUPS.get(group).peptides().test(order.code())))
				|| allergies.entrySet().stream().anyMatch(allergic -> !allergic.getValue().isEmpty()
						&& counted.stream().noneMatch(order -> order.code().equals(allergic.getKey())));
	}

	/**
	 * The active malignancies, acute critical illnesses and acromegaly: conditions in which the peptides' checks stop or
	 * pause a peptide, and which they leave unchecked for growth hormone, no GH-axis peptide (its own label's
	 * contraindications are not Somaxis's rules; growth hormone in acromegaly drew an info card, probe 59, P59-C2).
	 */
	public List<String> stoppingConditions() {
		return GROWTH_HORMONE_UNCHECKED.stream().flatMap(group -> evidence(group).stream()).distinct().toList();
	}

	/** The groups of {@link #stoppingConditions()}. */
	private static final List<CodeGroup> GROWTH_HORMONE_UNCHECKED =
			List.of(CodeGroup.MALIGNANCY, CodeGroup.ACUTE_CRITICAL_ILLNESS, CodeGroup.GH_EXCESS);

	/**
	 * Growth hormone being signed or in effect, then the records that may be one of the {@link #stoppingConditions()}
	 * and were named, not counted (a neoplasm of unspecified behaviour, D49.9; a sepsis without clinicalStatus), each
	 * with its group; empty without either. Beside a peptide such a record is a warning
	 * ({@link #contraindicationsMayBeMissing()}); beside growth hormone alone it was an info line (probe 58).
	 */
	public List<String> growthHormoneBesideAnUnreadStoppingCondition() {
		List<String> unread = GROWTH_HORMONE_UNCHECKED.stream().flatMap(group -> unreadNamed(group).stream()).toList();
		List<String> growthHormone = growthHormoneBeingSignedOrInEffect();
		if (unread.isEmpty() || growthHormone.isEmpty()) {
			return List.of();
		}
		List<String> named = new java.util.ArrayList<>(growthHormone);
		named.addAll(unread);
		return named;
	}

	/** The group's records named and not counted, each with its group and label: "Condition/c1 (malignancy: ...)". */
	private List<String> unreadNamed(CodeGroup group) {
		return unreadConditions.getOrDefault(group, List.of()).stream().map(id -> id + " (" + group.key()
				+ (conditionLabels.containsKey(id) ? ": " + conditionLabels.get(id) : "") + ")").toList();
	}

	private List<String> growthHormoneBeingSignedOrInEffect() {
		return java.util.stream.Stream.concat(otherTherapyDrafts.entrySet().stream()
						.filter(draft -> draft.getValue() == OtherTherapy.GROWTH_HORMONE).map(Map.Entry::getKey),
				growthHormoneTherapy.stream()).distinct().toList();
	}

	/**
	 * Growth hormone being signed (a draft of the request) or in effect ({@link #growthHormoneTherapy()}) beside one of
	 * the {@link #stoppingConditions()}; empty when there are none or no such condition (probe 56, P56-C4; probe 57,
	 * P57-C1).
	 */
	public List<String> growthHormoneBesideAStoppingCondition() {
		return stoppingConditions().isEmpty() ? List.of() : growthHormoneBeingSignedOrInEffect();
	}

	/**
	 * Whether a pregnancy contraindication may be missing: a peptide is active, on hold or ordered, no pregnancy is
	 * counted, and a pregnancy status or test that may say pregnant could not be used and no later
	 * readable one supersedes it ({@link #unreadPregnancy()}).
	 */
	public boolean pregnancyMayBeMissing() {
		return !unreadPregnancy.isEmpty() && !has(CodeGroup.PREGNANCY) && !peptidesIncludingOnHold().isEmpty();
	}

	/**
	 * The Conditions and Procedures, each with its group ("Condition/c1 (malignancy)"), that may be a contraindication
	 * (or an acute critical illness) the rules did not see: a peptide is active, on hold or ordered, and a record that
	 * may be in a group of {@link #STOPPING_GROUPS} concerning one of the peptides was named and not counted
	 * ({@link #unreadConditions()}), while no counted record of that group has fired a card that stops the peptide
	 * already (an acute critical illness's card does not: an anaphylaxis named beside a counted sepsis is still warned of).
	 */
	public List<String> contraindicationsMayBeMissing() {
		List<PeptideOrder> counted = peptidesIncludingOnHold();
		// a drug that could not be read may be any peptide: two records that could not be used, and either may be the
		// one that matters (a text-only sermorelin beside a sepsis without clinicalStatus)
		boolean unseenPeptide = !drugsThatMayBePeptides.isEmpty() && !deceased;
		if (counted.isEmpty() && !unseenPeptide) {
			return List.of();
		}
		List<String> missing = new java.util.ArrayList<>();
		for (CodeGroup group : STOPPING_GROUP_ORDER) {
			StoppingGroup stopping = STOPPING_GROUPS.get(group);
			boolean applies = unseenPeptide || counted.stream().anyMatch(order -> stopping.namedBeside().test(order.code()));
			if (applies && !(has(group) && stopping.firedCardStops())) {
				// named with the code that placed it in the group, as a counted one is: an id alone cannot be acted on (P50-m1)
				missing.addAll(unreadNamed(group));
			}
		}
		// coded in no system a group holds: it may be of any group (a breast cancer as ICD-9-CM 174.9, from a legacy
		// system's history), and was only an info line before (probe 46, N-C1)
		missing.addAll(uncheckedConditions);
		return missing;
	}

	/**
	 * Recorded as deceased with a peptide still active or on hold (not a draft): the wrong chart, a wrong record of death,
	 * or an order that outlived the patient; either way its contraindications must still be seen.
	 */
	public boolean deceasedWithPeptideInEffect() {
		return deceased && peptidesIncludingOnHold().stream().anyMatch(order -> !order.isDraft());
	}

	/**
	 * Whether this order gives less of its peptide than the order of the same peptide before it (by authoredOn;
	 * {@link PeptideOrder#lowerDoseThan}: less a day when either gives a timing) and replaces it: an active order whose
	 * predecessor is no longer active, or a draft being ordered (sent with the request; a draft left unsigned in the chart
	 * changes nothing). Two active orders: the new one adds to the old, which still runs. A renewal at the same dose, a
	 * dose increase or a different peptide is no reduction; nor is a blend's order, whose dose is the blend's.
	 */
	public boolean reducesTheDose(PeptideOrder order) {
		if (order.authoredOn() == null || order.isDraft() && order.source() != PeptideOrder.Source.REQUESTED_DRAFT) {
			return false;
		}
		PeptideOrder previous = java.util.stream.Stream.concat(peptides.stream(), endedPeptides.stream())
				.filter(other -> other != order && other.code().equals(order.code()) && other.authoredOn() != null
						&& other.authoredOn().isBefore(order.authoredOn()))
				.max(java.util.Comparator.comparing(PeptideOrder::authoredOn))
				.orElse(null);
		return previous != null && order.lowerDoseThan(previous) && !(order.isActive() && previous.isActive());
	}

	/** The orders less the drafts that lower the dose ({@link #reducesTheDose}): what a card may cancel. */
	public List<PeptideOrder> withoutReductions(List<PeptideOrder> orders) {
		return orders.stream().filter(order -> !(order.isDraft() && reducesTheDose(order))).toList();
	}

	/** On therapy or ordering a peptide now. */
	public boolean hasAnyPeptide() {
		return !peptides.isEmpty();
	}

	/**
	 * The peptides in effect, being ordered, or on hold: a paused order may be resumed without a new one, and the
	 * patient is not untreated (an IGF-1 above range while on hold is likely why it was paused).
	 */
	public List<PeptideOrder> peptidesIncludingOnHold() {
		return java.util.stream.Stream.concat(peptides.stream(), endedPeptides.stream().filter(PeptideOrder::isOnHold))
				.toList();
	}

	public List<PeptideOrder> activePeptides() {
		return peptides.stream().filter(PeptideOrder::isActive).toList();
	}

	public List<PeptideOrder> draftPeptides() {
		return peptides.stream().filter(PeptideOrder::isDraft).toList();
	}

	/** Completed weeks of therapy, or -1 when not on therapy. */
	public int completedTherapyWeeks() {
		return therapyWeek == null ? -1 : therapyWeek - 1;
	}

	public Optional<Igf1Point> latestIgf1() {
		return igf1.isEmpty() ? Optional.empty() : Optional.of(igf1.get(igf1.size() - 1));
	}

	/**
	 * True when an IGF-1 result dated on or after {@code point}'s day could not be read (a same-day re-run too), or one
	 * that could not be dated to a day may have been taken then ("2026-11", only an issue date): {@code point} is then
	 * not the patient's current IGF-1, and nothing reassuring may be said from it (a "&gt;1000" reported as text, set aside, left a
	 * pre-therapy 150 ng/mL to be shown as "in the target band").
	 */
	public boolean supersededByUnreadIgf1(Igf1Point point) {
		return latestUnreadIgf1 != null && !latestUnreadIgf1.isBefore(point.date())
				|| undatedIgf1Until != null && !undatedIgf1Until.isBefore(point.date());
	}

	/** The result under evaluation on the OBSERVATION face when it is an IGF-1, otherwise the latest IGF-1. */
	public Optional<Igf1Point> currentIgf1() {
		if (focusObservationId != null) {
			for (Igf1Point point : igf1) {
				if (point.resourceId().equals(focusObservationId)) {
					return Optional.of(point);
				}
			}
		}
		return latestIgf1();
	}

	/** The last IGF-1 drawn before therapy started (or, without therapy, none). */
	public Optional<Igf1Point> baselineIgf1() {
		Igf1Point baseline = null;
		for (Igf1Point point : igf1) {
			if (!point.duringTherapy() && therapyStart != null) {
				baseline = point;
			}
		}
		return Optional.ofNullable(baseline);
	}

	public List<Igf1Point> igf1DuringTherapy() {
		return igf1.stream().filter(Igf1Point::duringTherapy).toList();
	}

	public List<LabValue> labs(LabKind kind) {
		return labs.stream().filter(lab -> lab.kind() == kind).toList();
	}

	public Optional<LabValue> latestLab(LabKind kind) {
		LabValue latest = null;
		for (LabValue lab : labs) {
			if (lab.kind() == kind) {
				latest = lab;
			}
		}
		return Optional.ofNullable(latest);
	}

	/**
	 * What a rule comparing a later value with {@code lab} takes as its reference: {@code lab} itself, or, when the
	 * results of its kind on its day cannot be ordered in time, the lowest of them, so that a rise is not hidden by
	 * reading the day's highest as its latest ({@link SameDay}).
	 */
	public LabValue lowestOnDay(LabValue lab) {
		List<LabValue> day = labs.stream()
				.filter(other -> other.kind() == lab.kind() && other.date().equals(lab.date()))
				.toList();
		return SameDay.inOrder(day) ? lab : day.stream().min(java.util.Comparator.comparingDouble(LabValue::value)).orElse(lab);
	}

	/** The last value of this kind before therapy started. */
	public Optional<LabValue> baselineLab(LabKind kind) {
		LabValue baseline = null;
		for (LabValue lab : labs) {
			if (lab.kind() == kind && therapyStart != null && lab.date().isBefore(therapyStart)) {
				baseline = lab;
			}
		}
		return Optional.ofNullable(baseline);
	}

	public boolean has(CodeGroup group) {
		return conditions.containsKey(group) && !conditions.get(group).isEmpty();
	}

	/**
	 * Whether a hypersensitivity contraindication may be missing: an allergy that could not be matched to the peptides is
	 * recorded while a peptide is ordered, taken or on hold, or beside a drug that could not be read and may be one (probe
	 * 77, P77-m1).
	 */
	public boolean allergyMayBeMissing() {
		return !unreadAllergies.isEmpty() && (!peptidesIncludingOnHold().isEmpty() || !drugsThatMayBePeptides.isEmpty());
	}

	/**
	 * The allergies and intolerances that contraindicate this order: recorded to its peptide or to an excipient of it, or
	 * to an ingredient its own product names; empty when none.
	 */
	public List<String> allergiesTo(PeptideOrder order) {
		java.util.Set<String> ids = new java.util.LinkedHashSet<>(allergies.getOrDefault(order.code(), List.of()));
		ids.addAll(orderAllergies.getOrDefault(order.resourceId(), List.of()));
		return List.copyOf(ids);
	}

	public List<String> evidence(CodeGroup group) {
		return conditions.getOrDefault(group, List.of());
	}

	/**
	 * The records of a group as a card names them: each id with the code that placed it in the group and its date, as
	 * the record gives them ("Condition/c1 (R65.21 Severe sepsis with septic shock; onset 2026-11-18)"), so that the
	 * clinician can tell which illness it is and whether it is current; an id alone where there is nothing to add.
	 */
	public List<String> describedEvidence(CodeGroup group) {
		return evidence(group).stream()
				.map(id -> conditionLabels.containsKey(id) ? id + " (" + conditionLabels.get(id) + ")" : id)
				.toList();
	}

	public List<ExerciseSession> sessions(ExerciseType type) {
		return exercise.stream().filter(session -> session.type() == type).toList();
	}
}
