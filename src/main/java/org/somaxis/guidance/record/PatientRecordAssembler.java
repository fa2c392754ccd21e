package org.somaxis.guidance.record;

import static org.somaxis.guidance.record.FhirValues.hasLoinc;
import static org.somaxis.guidance.record.FhirValues.idOf;
import static org.somaxis.guidance.record.FhirValues.localDate;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.ObservationDefinition;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Resource;
import org.somaxis.guidance.DataProblemException;
import org.somaxis.guidance.Hook;
import org.somaxis.guidance.knowledge.CodeGroup;
import org.somaxis.guidance.knowledge.Knowledge;
import org.somaxis.guidance.knowledge.PregnancyStatusValues;
import org.somaxis.guidance.knowledge.Threshold;

/**
 * Builds a {@link PatientRecord} from R4 resources. Pure. Data that cannot be used (no value, an unconvertible unit, no
 * date) raises a {@link DataProblemException} in the reader of its kind, which becomes a message here and the resource
 * is ignored; any other exception is a bug and propagates. Anything dated after the evaluation date is ignored, and
 * named when it is a pregnancy record or dated after today.
 *
 * <p>Who reads what: {@link TherapyReader} orders and statements, {@link ConditionReader} the concept groups,
 * {@link ObservationReader} routes each {@link ObservationKind} to {@link LabReader} or {@link LifestyleReader}.
 */
public final class PatientRecordAssembler {
	private final Knowledge knowledge;
	private final Clock clock;

	/** An assembler on the system clock (which tells a result dated in the future from one after a look-back date). */
	public PatientRecordAssembler(Knowledge knowledge) {
		this(knowledge, Clock.systemDefaultZone());
	}

	public PatientRecordAssembler(Knowledge knowledge, Clock clock) {
		this.knowledge = knowledge;
		this.clock = clock;
	}

	/** Assembles for the patient-view face at the given date, without drafts. */
	public PatientRecord assemble(List<? extends Resource> resources, LocalDate evaluationDate) {
		return assemble(resources, List.of(), Hook.PATIENT_VIEW, evaluationDate, null);
	}

	/**
	 * @param resources Patient, Observation, MedicationRequest, MedicationStatement, MedicationAdministration,
	 *     MedicationDispense, Condition, Procedure, AllergyIntolerance, ObservationDefinition (others are ignored)
	 * @param draftOrders MedicationRequest / ServiceRequest drafts from the hook context or $evaluate input
	 * @param focusObservationId "Observation/id" of the result under evaluation (OBSERVATION face), or null
	 */
	public PatientRecord assemble(
			List<? extends Resource> resources,
			List<? extends Resource> draftOrders,
			Hook hook,
			LocalDate evaluationDate,
			String focusObservationId) {
		RecordBuilder record = new RecordBuilder(knowledge, evaluationDate, LocalDate.now(clock));
		List<? extends Resource> all = resources == null ? List.of() : resources;
		List<? extends Resource> drafts = draftOrders == null ? List.of() : draftOrders;
		TherapyReader therapy = new TherapyReader(record);
		ConditionReader conditions = new ConditionReader(record);
		AllergyReader allergies = new AllergyReader(record);
		ObservationReader observations = new ObservationReader(record, conditions);
		copiesThatDiffer(record, all);
		for (Resource resource : all) {
			read(record, resource, () -> readPatientOrDefinition(record, resource));
		}
		for (Resource resource : all) {
			read(record, resource, () -> therapy.read(resource, false));
		}
		for (Resource resource : drafts) {
			read(record, resource, () -> therapy.read(resource, true));
		}
		therapy.deriveTherapy();
		for (Resource resource : all) {
			read(record, resource, () -> {
				if (resource instanceof Observation observation) {
					observations.read(observation);
				} else if (resource instanceof Condition condition) {
					conditions.read(condition);
				} else if (resource instanceof Procedure procedure) {
					conditions.read(procedure);
				} else if (resource instanceof AllergyIntolerance allergy) {
					allergies.read(allergy);
				}
			});
		}
		for (RecordBuilder.ReasonCondition reason : record.reasonConditions) {
			read(record, reason.condition(), () -> conditions.read(reason.condition(), reason.order()));
		}
		observations.finish();
		// a reason an order names that the data does not hold may be the cancer it treats, or the patient's: named, and
		// beside a peptide a contraindication that may be missing (it drew nothing: probe 82, P82-M3)
		record.statedReasons.forEach((reason, order) -> {
			if (!record.conditionsInTheData.contains(reason)) {
				record.messages.add(order + " gives as its reason " + reason + ", which is not in the patient's data, so it"
						+ " is not checked for contraindications - please check it");
				record.uncheckedConditions.add(reason + " (the reason " + order + " gives, not in the patient's data)");
			}
		});
		// why no sex-specific IGF-1 interval was chosen matters only where there is an IGF-1 to read: on every other
		// card of a patient whose gender and birth sex differ it was noise (probe 45, m3)
		if (!record.igf1.isEmpty() || !record.unreadIgf1.isEmpty()) {
			record.messages.addAll(record.sexMessages);
		}
		return build(record, hook == null ? Hook.PATIENT_VIEW : hook, focusObservationId);
	}

	/**
	 * Two copies of one record that differ (a prefetch carrying versions 2 and 3 of a Condition, one active and one
	 * resolved): each is read, so the one that counts decides, the safe mistake; named, as which one was meant is the
	 * sender's to say (probe 82, P82-m5). A Patient's copies are named where the patient is read.
	 */
	private static void copiesThatDiffer(RecordBuilder record, List<? extends Resource> resources) {
		Map<String, Resource> first = new java.util.HashMap<>();
		java.util.Set<String> named = new java.util.HashSet<>();
		for (Resource resource : resources) {
			if (resource == null || resource instanceof org.hl7.fhir.r4.model.Patient || !resource.getIdElement().hasIdPart()) {
				continue;
			}
			String id = FhirValues.idOf(resource);
			Resource earlier = first.putIfAbsent(id, resource);
			if (earlier != null && !earlier.equalsDeep(resource) && named.add(id)) {
				record.messages.add(id + " is in the data more than once, and its copies differ" + versions(earlier, resource)
						+ "; each is read, so a copy that counts decides - please check it");
			}
		}
	}

	/** " (versions 2 and 3)" when both copies carry a versionId, else "". */
	private static String versions(Resource one, Resource other) {
		return one.getMeta().hasVersionId() && other.getMeta().hasVersionId()
				? " (versions " + one.getMeta().getVersionId() + " and " + other.getMeta().getVersionId() + ")" : "";
	}

	/** Runs one reading step; a data problem becomes a message and the resource is ignored. */
	private static void read(RecordBuilder record, Resource resource, Runnable step) {
		if (resource == null) {
			return;
		}
		try {
			step.run();
		} catch (DataProblemException e) {
			record.messages.add(e.getMessage());
		}
	}

	private static void readPatientOrDefinition(RecordBuilder record, Resource resource) {
		if (resource instanceof Patient patient && record.patientId == null) {
			record.patientId = idOf(patient);
			record.sex = ClinicalSex.of(patient, record.patientId, record.evaluationDate, record.sexMessages);
			// named where the data is gathered (gather.PatientLinks); read here for the cards an order gets
			record.recordNotInUse = notInUse(patient);
			// a death dated after the evaluation date (a look back at an earlier day) does not stop the guidance of that day
			record.deceased = (patient.hasDeceasedBooleanType() && patient.getDeceasedBooleanType().booleanValue())
					|| (patient.hasDeceasedDateTimeType() && !diedAfter(patient.getDeceasedDateTimeType(), record.evaluationDate));
			if (patient.hasDeceasedDateTimeType() && diedAfter(patient.getDeceasedDateTimeType(), record.today)) {
				// not a look back at a day before the death: a death dated in the future is a typing or clock error, as
				// a birth or a result dated in the future is; it was passed over without a word (probe 45, M4)
				record.messages.add(record.patientId + " has a date of death ("
						+ patient.getDeceasedDateTimeType().getValueAsString() + ") after today (" + record.today
						+ "): not counted as deceased - please check it");
			}
			org.hl7.fhir.r4.model.DateType birthDate = birthDate(record, patient);
			if (birthDate != null) {
				record.age = age(record, birthDate);
				LocalDate death = patient.hasDeceasedDateTimeType() ? localDate(patient.getDeceasedDateTimeType()) : null;
				LocalDate birth = localDate(birthDate);
				if (death != null && birth != null && death.isBefore(birth)) {
					record.messages.add(record.patientId + " has a date of death (" + death + ") before its birth date ("
							+ birth + "): please check both");
				}
			} else {
				record.messages.add(record.patientId + " has no birth date; age-based IGF-1 intervals and age-limited rules cannot be used");
			}
		} else if (resource instanceof ObservationDefinition definition && hasLoinc(definition.getCode(), Codes.IGF1)) {
			record.intervals = Igf1Intervals.fromDefinition(definition, record.intervals, record.messages);
		}
	}

	/** Marked inactive ({@code active} false), or {@code replaced-by} another record. */
	public static boolean notInUse(Patient patient) {
		return patient.getActiveElement().getValue() == Boolean.FALSE
				|| patient.getLink().stream().anyMatch(link -> link.getType() == Patient.LinkType.REPLACEDBY);
	}

	/** FHIR's extension for the time of birth, on {@code Patient.birthDate} (neonatal and maternity records give it). */
	static final String BIRTH_TIME = "http://hl7.org/fhir/StructureDefinition/patient-birthTime";

	/**
	 * The birth date to read: {@code birthDate}, or the day of its {@code patient-birthTime} extension (as written, in
	 * its own time zone) when that is all there is or says the day of a birth date of only a year or a month; null when
	 * there is neither. A birth time on another day than the birth date is named, and the birth date read. The birth
	 * time was not read: a child known only by it had no age, and the check for a child did not run (probe 45, M1).
	 */
	private static org.hl7.fhir.r4.model.DateType birthDate(RecordBuilder record, Patient patient) {
		org.hl7.fhir.r4.model.DateType birthDate = patient.getBirthDateElement();
		org.hl7.fhir.r4.model.Extension time = birthDate.getExtensionByUrl(BIRTH_TIME);
		LocalDate timeDay = time != null && time.getValue() instanceof org.hl7.fhir.r4.model.DateTimeType dateTime
				&& dateTime.getPrecision().ordinal() >= ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY.ordinal()
				? localDate(dateTime) : null;
		if (timeDay == null) {
			return birthDate.getValue() == null ? null : birthDate;
		}
		if (birthDate.getValue() == null) {
			return new org.hl7.fhir.r4.model.DateType(timeDay.toString());
		}
		if (timeDay.isBefore(FhirValues.earliestDay(birthDate)) || timeDay.isAfter(FhirValues.latestDay(birthDate))) {
			record.messages.add(record.patientId + " has a time of birth (" + time.getValue().primitiveValue()
					+ ") on another day than its birth date (" + birthDate.getValueAsString()
					+ "): the birth date is used - please check both");
			return birthDate;
		}
		return new org.hl7.fhir.r4.model.DateType(timeDay.toString());
	}

	/**
	 * The age on the evaluation date. A birth date of only a year or a month (as de-identified exports keep it) gives
	 * the ages it allows, with a message; a future one gives none.
	 */
	private static AgeRange age(RecordBuilder record, org.hl7.fhir.r4.model.DateType birthDate) {
		LocalDate earliest = LocalDate.of(birthDate.getYear(), 1, 1);
		LocalDate latest = earliest.withMonth(12).withDayOfMonth(31);
		switch (birthDate.getPrecision()) {
			case DAY -> earliest = latest = localDate(birthDate);
			case MONTH -> {
				earliest = LocalDate.of(birthDate.getYear(), birthDate.getMonth() + 1, 1);
				latest = earliest.withDayOfMonth(earliest.lengthOfMonth());
			}
			default -> { } // YEAR
		}
		record.bornEarliest = earliest;
		record.bornLatest = latest;
		AgeRange age = AgeRange.bornBetween(earliest, latest, record.evaluationDate);
		if (age != null && age.oldest() >= record.threshold(Threshold.IMPLAUSIBLE_AGE_YEARS)) {
			// a registration placeholder (1900-01-01) or a typing error: the oldest band's interval would pass for the
			// patient's, so the clinician is told
			record.messages.add(record.patientId + " is aged " + age + " on " + record.evaluationDate + " by its birth date "
					+ birthDate.getValueAsString() + ", which is not plausible: please check the birth date; IGF-1 is read"
					+ " against the interval of that age");
		}
		if (age == null) {
			record.messages.add(record.patientId + " has a birth date after " + record.evaluationDate + "; age unknown");
		} else if (age.exactYears() == null) {
			record.messages.add(record.patientId + " has a partial birth date (" + birthDate.getValueAsString()
					+ "): aged " + age + " on " + record.evaluationDate + "; guidance that differs between these ages is left out");
		}
		return age;
	}

	/**
	 * True when the death is after {@code date} on every day it may be: a day after it, or a year or month that begins
	 * after it ("2027" on 2026-12-05). A partial date that may be on or before {@code date} counts as dead. Before, any
	 * partial date counted, so a death recorded as next year silenced that day's guidance.
	 */
	private static boolean diedAfter(org.hl7.fhir.r4.model.DateTimeType death, LocalDate date) {
		LocalDate earliest = FhirValues.earliestDay(death);
		return earliest != null && earliest.isAfter(date);
	}
	/**
	 * Pregnancy from the Observations: the latest status that says pregnant stands, whatever tests came after it (a
	 * test can be falsely negative early in pregnancy; a later negative one is named); otherwise the latest positive
	 * test, unless a later status says not pregnant (a tie counts as pregnant). A quantitative hCG result the record could
	 * not read is named when nothing says pregnant and no status or test that was read is later than it: it is then the
	 * latest word on pregnancy, and the clinician must read it. A status or test that says pregnant but is older than
	 * pregnancy-record-max-days (294) records a pregnancy that has ended: it is named and not counted, and it leaves the
	 * contraindication possibly missing (a "pregnant" status of 14 months ago drew the critical card).
	 */
	private static void pregnancy(RecordBuilder record) {
		LatestPregnancy status = record.pregnancyStatus;
		LatestPregnancy test = record.pregnancyTest;
		LocalDate ended = record.evaluationDate.minusDays((long) record.threshold(Threshold.PREGNANCY_RECORD_MAX_DAYS));
		// a status that says pregnant of a pregnancy that has ended weighs as no status: a later positive test still counts
		boolean staleStatus = status.present() && status.pregnant() && status.date().isBefore(ended);
		if (staleStatus) {
			status = new LatestPregnancy();
		}
		if (status.present() && status.pregnant()) {
			record.addCondition(CodeGroup.PREGNANCY, status.id());
			if (test.present() && !test.pregnant() && test.laterThan(status)) {
				record.messages.add("Pregnancy test " + test.id() + " of " + test.date() + " is negative, but the earlier"
						+ " pregnancy status " + status.id() + " says pregnant; counted as pregnant - please check it");
			}
			tie("Pregnancy statuses ", status, record);
		} else if (test.present() && test.pregnant() && !(status.present() && status.laterThan(test))
				&& test.date().isBefore(ended)) {
			staleSaysPregnant("Pregnancy test ", test, ObservationKind.PREGNANCY_TEST, record);
		} else if (test.present() && test.pregnant() && !(status.present() && status.laterThan(test))) {
			record.addCondition(CodeGroup.PREGNANCY, test.id());
			tie("Pregnancy tests ", test, record);
			if (status.present() && !test.laterThan(status)) {
				record.messages.add("Pregnancy test " + test.id() + " and pregnancy status " + status.id() + " of "
						+ test.date() + " say pregnant and not pregnant and cannot be told apart in time; counted as"
						+ " pregnant - please check it");
			}
		}
		if (staleStatus && !record.conditions.containsKey(CodeGroup.PREGNANCY)) {
			staleSaysPregnant("Pregnancy status ", record.pregnancyStatus, ObservationKind.PREGNANCY_STATUS, record);
		}
		LatestPregnancy unread = record.unreadHcg;
		if (unread.present() && !record.conditions.containsKey(CodeGroup.PREGNANCY)
				&& !(status.present() && status.laterThan(unread)) && !(test.present() && test.laterThan(unread))) {
			record.messages.add("Quantitative hCG " + unread.id() + " of " + unread.date() + " has no interpretation coded as"
					+ " positive or negative (ValueSets " + PregnancyStatusValues.TEST_POSITIVE_VALUE_SET + " and "
					+ PregnancyStatusValues.TEST_NEGATIVE_VALUE_SET + "), so it is not read as a pregnancy status (hCG is"
					+ " also a tumour marker); it is the latest pregnancy evidence - please check whether the patient may be"
					+ " pregnant");
			record.unreadPregnancy(unread.id(), unread.date(), ObservationKind.QUANTITATIVE_HCG);
		}
	}

	/**
	 * The pregnancy records that could not be used and that no later readable record supersedes (a status by a later
	 * status, a test by a later status or test; one without a day by none), sorted and each once: the ones that leave
	 * the pregnancy contraindication possibly missing ({@link PatientRecord#pregnancyMayBeMissing}).
	 */
	private static Map<CodeGroup, List<String>> unreadConditions(RecordBuilder record) {
		Map<CodeGroup, List<String>> unread = new java.util.EnumMap<>(CodeGroup.class);
		record.unreadConditions.forEach((group, ids) -> unread.put(group, List.copyOf(ids)));
		return unread;
	}

	private static Map<String, List<String>> allergies(Map<String, java.util.Set<String>> byKey) {
		Map<String, List<String>> allergies = new java.util.TreeMap<>();
		byKey.forEach((key, ids) -> allergies.put(key, List.copyOf(ids)));
		return allergies;
	}

	private static List<String> unreadPregnancy(RecordBuilder record) {
		LatestPregnancy status = record.pregnancyStatus;
		LatestPregnancy test = record.pregnancyTest;
		return record.unreadPregnancy.stream()
				.filter(unread -> unread.date() == null
						|| !(status.present() && status.date().isAfter(unread.date()))
								&& !(!unread.status() && test.present() && test.date().isAfter(unread.date())))
				.map(RecordBuilder.UnreadPregnancy::id)
				.distinct()
				.sorted()
				.toList();
	}

	private static void staleSaysPregnant(String what, LatestPregnancy latest, ObservationKind kind, RecordBuilder record) {
		record.messages.add(what + latest.id() + " of " + latest.date() + " says pregnant, but is more than "
				+ (long) record.threshold(Threshold.PREGNANCY_RECORD_MAX_DAYS) + " days before " + record.evaluationDate
				+ ": the pregnancy it records has ended; not counted - please check whether the patient is pregnant now");
		record.unreadPregnancy(latest.id(), latest.date(), kind);
	}

	private static void tie(String what, LatestPregnancy latest, RecordBuilder record) {
		if (latest.tiedWith() != null) {
			record.messages.add(what + latest.id() + " and " + latest.tiedWith() + " of " + latest.date()
					+ " say pregnant and not pregnant and cannot be told apart in time; counted as pregnant - please check it");
		}
	}

	/** What {@link PatientRecord#cancerTreatment()} and {@link PatientRecord#treatedMalignancies()} hold. */
	private record CancerTreatmentFound(List<CancerTreatment> medications, List<String> conditions) {}

	/**
	 * The medication records that say a cancer's treatment is not complete: an antineoplastic while a malignancy is
	 * recorded as no longer active or as history, or a drug given for a malignancy (its reasonCode, or a
	 * reasonReference to a malignancy Condition of any status). An antineoplastic with no malignancy recorded
	 * (methotrexate for arthritis, hydroxyurea for sickle cell disease), or whose stated reason is something else, says
	 * nothing about cancer.
	 */
	private static CancerTreatmentFound cancerTreatment(RecordBuilder record) {
		List<CancerTreatment> medications = new ArrayList<>();
		java.util.Set<String> conditions = new java.util.TreeSet<>();
		// cancers of the past: no longer active, or recorded as history (Z85.3: letrozole beside it drew only the card
		// that asks whether treatment is complete; probe 60, P60-M1)
		java.util.Set<String> past = new java.util.TreeSet<>(record.pastMalignancies);
		past.addAll(record.conditions.getOrDefault(CodeGroup.MALIGNANCY_HISTORY, List.of()));
		for (RecordBuilder.CancerTreatmentRead treatment : record.cancerTreatments) {
			List<String> named = treatment.reasonConditions().stream()
					.filter(id -> record.malignancies.contains(id) || past.contains(id)).toList();
			boolean forMalignancy = treatment.reasonMalignancy() || !named.isEmpty();
			// a reason stated and not a malignancy (methotrexate coded for rheumatoid arthritis): not cancer treatment
			boolean otherReason = !forMalignancy && (treatment.otherReasonCoded() || !treatment.reasonConditions().isEmpty());
			boolean forPastCancer = treatment.antineoplastic() && !past.isEmpty() && !otherReason;
			if (forPastCancer || forMalignancy) {
				medications.add(treatment.treatment());
				conditions.addAll(named);
				if (forPastCancer) {
					conditions.addAll(past);
				}
			}
		}
		return new CancerTreatmentFound(medications, new ArrayList<>(conditions));
	}

	private static PatientRecord build(RecordBuilder record, Hook hook, String focusObservationId) {
		// stable: each day's results keep the order SameDay gave them (a derived HOMA-IR joins its day)
		record.labs.sort(Comparator.comparing(LabValue::date));
		record.exercise.sort(Comparator.comparing(ExerciseSession::date).thenComparing(ExerciseSession::resourceId));
		record.peptides.sort(Comparator.comparing(PeptideOrder::resourceId));
		record.endedPeptides.sort(Comparator.comparing(PeptideOrder::resourceId));
		pregnancy(record);
		record.conditions.values().forEach(ids -> ids.sort(null));
		CancerTreatmentFound cancerTreatment = cancerTreatment(record);
		PatientRecord built = record(record, hook, focusObservationId, cancerTreatment);
		if (!record.unmappedStandardDrugs.isEmpty() && built.anUnseenPeptideWouldMeetAContraindication()) {
			// beside a contraindication, a drug Somaxis cannot tell from a peptide is named (not before: in the UK every
			// drug is coded in SNOMED CT, and naming each on every chart would bury the messages that matter)
			List<String> named = new ArrayList<>(record.unmappedStandardDrugs);
			String some = String.join(", ", named.subList(0, Math.min(5, named.size())))
					+ (named.size() > 5 ? " and " + (named.size() - 5) + " more" : "");
			record.messages.add(some + (named.size() == 1
					? " names its drug" : " name their drugs") + " only in SNOMED CT, NDC or ATC codes that are no GH-axis"
					+ " peptide Somaxis knows (it holds the peptides' RxNorm codes, not every SNOMED CT or NDC product, as dm+d or"
					+ " a compounding pharmacy codes them, nor an ATC group code); with a contraindication recorded, check that"
					+ " none is a peptide");
			built = record(record, hook, focusObservationId, cancerTreatment);
		}
		return built;
	}

	/**
	 * The IGF-1 results named and not read that no readable IGF-1 of their day or later supersedes (one that cannot be
	 * dated is superseded only by one after the last day it may have been taken, if that is known).
	 */
	private static List<String> unreadIgf1(RecordBuilder record) {
		return record.unreadIgf1.stream()
				// superseded by an interpreted result of its day or later: one no interval applies to tells nothing of +3 SDS
				.filter(unread -> unread.date() == null || record.igf1.stream()
						.noneMatch(point -> point.interval() != null && !point.date().isBefore(unread.date())))
				.map(RecordBuilder.UnreadLab::id)
				.distinct()
				.sorted()
				.toList();
	}

	/**
	 * The glucose and HbA1c results named and not used that no later readable result of the same lab supersedes (one
	 * without a day is never superseded): an old unreadable HbA1c says nothing once a newer one is read.
	 */
	private static List<String> unreadGlycaemia(RecordBuilder record) {
		return record.unreadGlycaemia.stream()
				.filter(unread -> unread.date() == null || record.labs.stream().noneMatch(lab -> lab.kind() == unread.kind()
						&& !lab.derived() && !lab.date().isBefore(unread.date())))
				.map(RecordBuilder.UnreadLab::id)
				.distinct()
				.sorted()
				.toList();
	}

	private static PatientRecord record(RecordBuilder record, Hook hook, String focusObservationId,
			CancerTreatmentFound cancerTreatment) {
		return new PatientRecord(
				record.evaluationDate,
				hook,
				record.patientId,
				record.age,
				record.sex,
				record.igf1,
				focusObservationId,
				record.peptides,
				record.therapyStart,
				record.therapyWeek,
				record.therapyMayHaveBegunEarlier,
				record.phase,
				record.labs,
				record.exercise,
				record.sleepSummary.meanHours(),
				record.sleepSummary.nights(),
				record.sleepSummary.evidence(),
				record.conditions,
				record.caloricRestriction,
				record.caloricRestriction ? List.of(record.caloricId) : List.of(),
				record.testosterone,
				record.growthHormone,
				record.otherTherapyDrafts,
				record.diabetesMedications,
				cancerTreatment.medications(),
				cancerTreatment.conditions(),
				record.pendingLabs,
				new ArrayList<>(record.messages),
				record.endedPeptides,
				record.peptideEnds,
				record.growthHormoneEnds,
				record.deceased,
				record.recordNotInUse,
				record.latestUnreadIgf1,
				record.undatedIgf1Until,
				unreadPregnancy(record),
				new ArrayList<>(record.unreadDrugs),
				record.drugsThatMayBePeptides(),
				unreadGlycaemia(record),
				unreadIgf1(record),
				unreadConditions(record),
				List.copyOf(record.uncheckedConditions),
				new ArrayList<>(record.unreadAllergies),
				allergies(record.allergies),
				allergies(record.orderAllergies),
				record.conditionLabels);
	}
}
