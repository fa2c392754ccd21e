package org.somaxis.guidance.record;

import static org.somaxis.guidance.record.FhirValues.coding;
import static org.somaxis.guidance.record.FhirValues.hasCode;
import static org.somaxis.guidance.record.FhirValues.idOf;
import static org.somaxis.guidance.record.FhirValues.localDate;
import static org.somaxis.guidance.record.FhirValues.number;
import static org.somaxis.guidance.record.FhirValues.unit;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Timing;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Type;
import org.somaxis.guidance.knowledge.AbsentOrUnknown;
import org.somaxis.guidance.knowledge.CodeGroup;
import org.somaxis.guidance.knowledge.CodeSyntax;
import org.somaxis.guidance.knowledge.ConceptSet;
import org.somaxis.guidance.knowledge.PeptideSpec;
import org.somaxis.guidance.knowledge.Threshold;

/**
 * Reads therapy: peptide and testosterone MedicationRequests and MedicationStatements, the MedicationAdministrations
 * and MedicationDispenses that say the drug was given or handed over, draft lab ServiceRequests, and dates the therapy
 * course. A peptide is recognised by membership of any coding in ValueSet gh-peptides (Somaxis codes or RxNorm
 * products, mapped through the ConceptMap), so an order coded only in RxNorm is read like any other.
 *
 * <p>A peptide given or dispensed recently ({@link GivenOrDispensedReader} says when) is current therapy, as an active
 * order is: a pharmacy's fill history or a clinic's administration record may be all a record holds, and the safety
 * rules must see it. Per peptide, only the latest such record counts, and none when an active order or statement of the
 * peptide says so already; the others date the course. They are never changed by a card's actions.
 */
final class TherapyReader {
	private static final String NO_STATUS = "has no status saying whether it is in effect";
	private static final String INTENDED_ONLY = "is only intended (MedicationStatement status intended): not known to be taken yet";

	private static final Set<MedicationRequest.MedicationRequestStatus> ENDED_REQUEST = Set.of(
			MedicationRequest.MedicationRequestStatus.STOPPED,
			MedicationRequest.MedicationRequestStatus.COMPLETED);

	/** Drug code systems a peptide is mapped from where it has a code in them; another code in them is most often another drug. */
	private static final Set<String> STANDARD_DRUG_SYSTEMS = Set.of(ConceptSet.RXNORM, Codes.NDC, ConceptSet.SNOMED, ConceptSet.ATC);

	private final RecordBuilder record;
	private final GivenOrDispensedReader givenOrDispensed;
	/** Every MedicationRequest read, by "MedicationRequest/id". */
	private final Set<String> requests = new java.util.HashSet<>();
	/** The day each order or statement read says its therapy ends, when it says so ({@link #endOf}), by id. */
	private final Map<String, LocalDate> ends = new java.util.HashMap<>();
	/** Orders that renew another ({@code priorPrescription}): order id → the renewed order's id. */
	private final Map<String, String> renewals = new java.util.HashMap<>();
	/** Records given or dispensed that could not be counted, by "peptide) reason" in the order read. */
	private final Map<String, List<String>> unreadEvents = new java.util.LinkedHashMap<>();

	/** The drugs read as no GH-axis peptide ({@link #otherDrugs()}), built once per record. */
	private final List<OtherDrug> otherDrugs;

	TherapyReader(RecordBuilder record) {
		this.record = record;
		this.givenOrDispensed = new GivenOrDispensedReader(record, this);
		this.otherDrugs = otherDrugs();
	}

	void read(Resource resource, boolean fromDrafts) {
		if (resource instanceof MedicationRequest request) {
			readMedicationRequest(request, fromDrafts);
		} else if (resource instanceof MedicationStatement statement && !fromDrafts) {
			readMedicationStatement(statement);
		} else if (resource instanceof MedicationAdministration administration && !fromDrafts) {
			givenOrDispensed.read(administration);
		} else if (resource instanceof MedicationDispense dispense && !fromDrafts) {
			givenOrDispensed.read(dispense);
		} else if (resource instanceof ServiceRequest request
				&& (fromDrafts || request.getStatus() == ServiceRequest.ServiceRequestStatus.DRAFT)) {
			for (Coding coding : request.getCode().getCoding()) {
				if (Codes.LOINC.equals(coding.getSystem()) && coding.hasCode()) {
					record.pendingLabs.add(coding.getCode());
				}
			}
		}
	}

	private void readMedicationRequest(MedicationRequest request, boolean fromDrafts) {
		if (request.getDoNotPerform()) {
			return; // an order not to give the drug is no therapy
		}
		String id = idOf(request);
		requests.add(id);
		MedicationRequest.MedicationRequestStatus status = request.getStatus();
		if (!fromDrafts && request.hasPriorPrescription()) {
			String prior = request.getPriorPrescription().getReference();
			// by identifier or display only (e-prescribing), or a reference with only an extension: never in the record
			renewals.put(id, prior == null || prior.isBlank() ? "an order it names without a reference" : requestId(prior));
		}
		OrderStatus orderStatus;
		if (fromDrafts || status == MedicationRequest.MedicationRequestStatus.DRAFT) {
			orderStatus = OrderStatus.DRAFT;
		} else if (status == MedicationRequest.MedicationRequestStatus.ACTIVE) {
			orderStatus = OrderStatus.ACTIVE;
		} else if (status == MedicationRequest.MedicationRequestStatus.ONHOLD) {
			orderStatus = OrderStatus.ON_HOLD;
		} else if (status != null && ENDED_REQUEST.contains(status)) {
			orderStatus = OrderStatus.ENDED;
		} else if (status == null || status == MedicationRequest.MedicationRequestStatus.UNKNOWN) {
			orderStatus = null; // may be in effect: a peptide is named in a message below
		} else {
			return; // cancelled or entered in error
		}
		// a draft being signed now counts (a letrozole order beside an active peptide); one left in the chart does not
		cancerTreatment(id, request, request.getMedication(), fromDrafts ? OrderStatus.ACTIVE : orderStatus,
				request.getReasonCode(), request.getReasonReference());
		if (!fromDrafts) {
			MedicationRequest.MedicationRequestDispenseRequestComponent dispense = request.getDispenseRequest();
			LocalDate authoredOn = request.hasAuthoredOnElement() ? localDate(request.getAuthoredOnElement()) : null;
			LocalDate validTo = dispense.hasValidityPeriod() && dispense.getValidityPeriod().hasEndElement()
					? FhirValues.latestDay(dispense.getValidityPeriod().getEndElement()) : null;
			// the supply's end: from the validity's start, or from the day it was written (probe 59, P59-m1)
			LocalDate supplyFrom = dispense.hasValidityPeriod() && dispense.getValidityPeriod().hasStartElement()
					? localDate(dispense.getValidityPeriod().getStartElement()) : authoredOn;
			LocalDate supplyTo = dispense.hasExpectedSupplyDuration() ? plus(supplyFrom, dispense.getExpectedSupplyDuration()) : null;
			endOf(id, request.getDosageInstruction(), validTo, supplyTo, authoredOn,
					status == MedicationRequest.MedicationRequestStatus.COMPLETED);
		}
		CodeableConcept medication = drugOf(id, request.getMedication(), !fromDrafts, // drafts: the draft reader names it
				orderStatus != OrderStatus.ENDED);
		if (medication == null || otherDrug(id, medication, orderStatus)) {
			return;
		}
		LocalDate authored = request.hasAuthoredOnElement() ? localDate(request.getAuthoredOnElement()) : null;
		addPeptide(id, medication, orderStatus, NO_STATUS, request.getDosageInstruction(), authored, authored,
				fromDrafts ? PeptideOrder.Source.REQUESTED_DRAFT : PeptideOrder.Source.ORDER);
	}

	private void readMedicationStatement(MedicationStatement statement) {
		MedicationStatement.MedicationStatementStatus status = statement.getStatus();
		OrderStatus orderStatus;
		switch (status == null ? MedicationStatement.MedicationStatementStatus.NULL : status) {
			case ACTIVE -> orderStatus = OrderStatus.ACTIVE;
			case ONHOLD -> orderStatus = OrderStatus.ON_HOLD;
			case COMPLETED, STOPPED -> orderStatus = OrderStatus.ENDED;
			case UNKNOWN, INTENDED, NULL -> orderStatus = null; // may be in effect: a peptide is named in a message below
			default -> {
				return; // not taken or entered in error
			}
		}
		String id = idOf(statement);
		cancerTreatment(id, statement, statement.getMedication(), orderStatus, statement.getReasonCode(),
				statement.getReasonReference());
		LocalDate effectiveFrom = statement.hasEffectivePeriod() && statement.getEffectivePeriod().hasStartElement()
				? localDate(statement.getEffectivePeriod().getStartElement())
				: statement.hasEffectiveDateTimeType() ? localDate(statement.getEffectiveDateTimeType()) : null;
		endOf(id, statement.getDosage(), statement.hasEffectivePeriod() && statement.getEffectivePeriod().hasEndElement()
				? FhirValues.latestDay(statement.getEffectivePeriod().getEndElement()) : null, null, effectiveFrom,
				status == MedicationStatement.MedicationStatementStatus.COMPLETED);
		CodeableConcept medication = drugOf(id, statement.getMedication(), true, orderStatus != OrderStatus.ENDED);
		if (medication == null || otherDrug(id, medication, orderStatus)) {
			return;
		}
		List<Dosage> dosage = statement.getDosage();
		LocalDate start = null;
		if (statement.hasEffectivePeriod() && statement.getEffectivePeriod().hasStartElement()) {
			start = localDate(statement.getEffectivePeriod().getStartElement());
		} else if (statement.hasEffectiveDateTimeType()) {
			start = localDate(statement.getEffectiveDateTimeType());
		}
		addPeptide(id, medication, orderStatus,
				status == MedicationStatement.MedicationStatementStatus.INTENDED ? INTENDED_ONLY : NO_STATUS, dosage, start,
				null, PeptideOrder.Source.STATEMENT);
	}

	/**
	 * The drug a record names as a code, or as a reference the gatherer resolved into one (MedicationReferences); null,
	 * named when {@code nameUnresolved}, for a reference that was not resolved.
	 */
	CodeableConcept drugOf(String id, Type drug, boolean nameUnresolved, boolean mayBeInEffect) {
		if (drug instanceof CodeableConcept concept) {
			if (mayBeInEffect) {
				malformed(id, concept);
			}
			return concept;
		}
		if (drug != null && !drug.isEmpty()) {
			if (nameUnresolved) {
				record.messages.add(id + " names its medication by reference, which is not resolved; ignored");
			}
			if (mayBeInEffect) { // also a draft, which the draft reader names
				record.unreadDrugs.add(id);
			}
		}
		return null;
	}

	/**
	 * A drug code not written as its system writes codes ({@link CodeSyntax}: a 9-digit NDC): it matches no medication
	 * set and no peptide, so a cancer drug recorded so counted for nothing without a word (probe 71, P71-M1); a message
	 * names it. It may still match by its product ({@code 62064-241-XX}) or a clinic's regex filter, so the message says
	 * it may not be matched, not that it is not (probe 76, P76-m3).
	 */
	private void malformed(String id, CodeableConcept drug) {
		for (Coding coding : drug.getCoding()) {
			CodeSyntax.named(coding).ifPresent(named -> {
				record.messages.add(id + "'s medication " + named
						+ ", so it may not be matched to the medication set or peptide it belongs to - please check it");
				// a drug not read: beside a contraindication it may be a peptide, beside a past cancer its treatment, and
				// the CDS card warns of either (it said so in an info card only: probe 72, P72-m4)
				record.unreadDrugs.add(id);
			});
		}
	}

	/**
	 * Names a record given or dispensed that dates the course as ended though it may still be current ({@code why}), once
	 * per peptide and reason with the others ({@link #settleEvents}).
	 */
	void doubted(PeptideOrder order, String why) {
		unreadEvents.computeIfAbsent(order.display() + ") " + why, key -> new ArrayList<>()).add(order.resourceId());
		record.unreadDrugs.add(order.resourceId());
	}

	/**
	 * Keeps a record in effect (active or on hold) that may treat a cancer: its drug is in ValueSet
	 * antineoplastic-medications, or a reason names a malignancy (a reasonCode of the group, or a reasonReference, which
	 * the assembler matches against the malignancy Conditions read). Whether it counts is decided when the record is
	 * built ({@link PatientRecord#cancerTreatment()}).
	 */
	private void cancerTreatment(String id, org.hl7.fhir.r4.model.DomainResource owner, Type drug, OrderStatus status,
			List<CodeableConcept> reasonCodes, List<org.hl7.fhir.r4.model.Reference> reasonReferences) {
		if (status == OrderStatus.ENDED) {
			return;
		}
		// a reason given as a Condition the record contains (as C-CDA converters write a medication's indication) is read
		// as a Condition of the patient, with its statuses, the order its evidence (ConditionReader): a tamoxifen order for
		// a contained active C50.911 drew nothing, then only the cancer-treatment warning (probes 82 and 83, P82-M3,
		// P83-C2); its code counts as the order's reason below
		List<CodeableConcept> reasons = new ArrayList<>(reasonCodes);
		for (org.hl7.fhir.r4.model.Reference reference : reasonReferences) {
			String local = reference.getReference();
			if (local == null || !local.startsWith("#")) {
				continue;
			}
			owner.getContained().stream()
					.filter(contained -> contained instanceof Condition
							&& local.substring(1).equals(contained.getIdElement().getIdPart().replaceFirst("^#", "")))
					.findFirst()
					.ifPresent(contained -> {
						record.reasonConditions.add(new RecordBuilder.ReasonCondition(id, (Condition) contained));
						reasons.add(((Condition) contained).getCode());
					});
		}
		CodeableConcept medication = drug instanceof CodeableConcept concept ? concept : null;
		boolean antineoplastic = medication != null && record.knowledge.antineoplastics().matches(medication);
		// a cancer, or a history of one (letrozole given for Z85.3 drew only the card asking whether treatment is
		// complete; probe 61, P61-M1)
		boolean reasonMalignancy = reasons.stream()
				.anyMatch(reason -> record.knowledge.group(CodeGroup.MALIGNANCY).matches(reason)
						|| record.knowledge.group(CodeGroup.MALIGNANCY_HISTORY).matches(reason));
		boolean otherReasonCoded = reasons.stream()
				.anyMatch(reason -> reason.getCoding().stream().anyMatch(coding -> coding.hasSystem() && coding.hasCode()));
		List<String> reasonConditions = reasonReferences.stream()
				.map(org.hl7.fhir.r4.model.Reference::getReference)
				.map(TherapyReader::conditionId)
				.filter(java.util.Objects::nonNull)
				.toList();
		reasonConditions.forEach(condition -> record.statedReasons.put(condition, id));
		if (medication != null && namesAPeptide(medication)) {
			// a peptide is no cancer treatment: one ordered for a condition says the patient has it, and each coded reason is
			// read as an active Condition, the order its evidence, so a malignancy it names is the contraindication, and one
			// the groups cannot read is named as a Condition so coded is. It was read as the cancer's treatment, a warning that
			// named the peptide as the antineoplastic, and an unreadable reason said nothing (probes 82 and 83, P82-M2,
			// P83-M1). A reason as text alone is not read: it is what the order is for, and text decides nothing
			for (CodeableConcept reason : reasonCodes) {
				if (reason.getCoding().stream().anyMatch(Coding::hasCode)) {
					Condition stated = new Condition();
					stated.setCode(reason);
					stated.setClinicalStatus(new CodeableConcept(new Coding(Codes.CONDITION_CLINICAL, "active", null)));
					record.reasonConditions.add(new RecordBuilder.ReasonCondition(id, stated));
				}
			}
			return;
		}
		// the reasons above are read for every record that may be in effect or is being written (a draft left in the chart,
		// a statement intended, an order of unknown status: a stored tamoxifen draft's contained cancer drew nothing, probe
		// 84, P84-C1); a cancer treatment counts only in effect
		if (status != OrderStatus.ACTIVE && status != OrderStatus.ON_HOLD) {
			return;
		}
		if (antineoplastic || reasonMalignancy || !reasonConditions.isEmpty()) { // whether it counts: PatientRecordAssembler
			record.cancerTreatments.add(new RecordBuilder.CancerTreatmentRead(new CancerTreatment(id, drugName(medication)),
					antineoplastic, reasonMalignancy, reasonConditions, otherReasonCoded && !reasonMalignancy));
		}
	}

	/** "Condition/id" of a reference to a Condition (relative, absolute or a bundle's urn:uuid), else null. */
	private static String conditionId(String reference) {
		if (reference == null || reference.isBlank() || reference.startsWith("#")) {
			return null;
		}
		if (reference.startsWith("urn:uuid:") || reference.startsWith("urn:oid:")) {
			return "Condition/" + reference.substring(reference.lastIndexOf(':') + 1);
		}
		org.hl7.fhir.r4.model.IdType id = new org.hl7.fhir.r4.model.IdType(reference);
		return "Condition".equals(id.getResourceType()) && id.hasIdPart() ? "Condition/" + id.getIdPart() : null;
	}

	/** The drug as a card names it: the concept's text, else a coding's display, else its code; "drug not read" if none. */
	private static String drugName(CodeableConcept medication) {
		if (medication == null) {
			return "drug not read";
		}
		if (medication.hasText()) {
			return medication.getText();
		}
		return medication.getCoding().stream().filter(Coding::hasDisplay).map(Coding::getDisplay).findFirst()
				.orElse(medication.getCoding().stream().filter(Coding::hasCode)
						.map(coding -> coding.getSystem() + " " + coding.getCode()).findFirst().orElse("drug not read"));
	}

	/**
	 * Keeps the day the record says its therapy ends: the latest of the days it gives (a dosage's
	 * {@code timing.repeat.boundsPeriod.end}, {@code given}: an order's dispense validity end, a statement's effective
	 * end); without one, for a completed record only, the latest day its durations plan (a dosage's
	 * {@code boundsDuration} counted from {@code start}, {@code planned}: an order's expected supply; probe 59, P59-m1).
	 * A stopped record ended before its plan did, on a day a planned end does not tell: a stop taken from a card wrote
	 * its day, and a planned end months later outweighed it (probe 64, P64-M3). Used to join an ended order to the
	 * course that follows it ({@link #deriveTherapy}), and to date an ended peptide (PatientRecord#peptideEnds).
	 *
	 * @param start the day the order was written or the statement's therapy began, from which a duration counts
	 * @param completed whether the record says the therapy ran its course, so that its plan dates its end
	 */
	private void endOf(String id, List<Dosage> dosages, LocalDate given, LocalDate planned, LocalDate start,
			boolean completed) {
		LocalDate end = given;
		LocalDate plan = planned;
		for (Dosage dosage : dosages) {
			Timing.TimingRepeatComponent repeat = dosage.getTiming().getRepeat();
			if (repeat.hasBoundsPeriod() && repeat.getBoundsPeriod().hasEndElement()) {
				end = later(end, FhirValues.latestDay(repeat.getBoundsPeriod().getEndElement()));
			} else if (repeat.hasBoundsDuration()) {
				plan = later(plan, plus(start, repeat.getBoundsDuration())); // "for 12 weeks"
			}
		}
		if (end == null && completed) {
			end = plan;
		}
		if (end != null) {
			ends.put(id, end);
		}
	}

	private static LocalDate later(LocalDate one, LocalDate other) {
		return one == null || other != null && other.isAfter(one) ? other : one;
	}

	/** Days in UCUM's units of a Duration that reach a day or more: {@code mo} and {@code a} are UCUM's mean ones. */
	private static final Map<String, Double> DAYS_PER_UNIT = Map.of("d", 1.0, "wk", 7.0, "mo", 30.4375, "a", 365.25);

	/**
	 * The day a duration from {@code start} reaches, rounded up to a whole day; null when either is unknown, or the
	 * duration is not a positive amount of UCUM days, weeks, months or years.
	 */
	static LocalDate plus(LocalDate start, Quantity duration) {
		if (start == null || duration == null || !duration.hasValue() || duration.getValue().signum() <= 0
				|| !"http://unitsofmeasure.org".equals(duration.getSystem()) || !DAYS_PER_UNIT.containsKey(duration.getCode())) {
			return null;
		}
		double days = duration.getValue().doubleValue() * DAYS_PER_UNIT.get(duration.getCode());
		return days > 36_525 ? null : start.plusDays((long) Math.ceil(days));
	}

	/**
	 * A drug the record reads as no GH-axis peptide: its ValueSet, where its records in effect are kept (null: nowhere),
	 * the statuses that put it in effect, and what a draft of it is named as (null: not named).
	 */
	private record OtherDrug(ConceptSet codes, List<String> inEffect, Set<OrderStatus> effective, OtherTherapy drafted) {}

	private static final Set<OrderStatus> ACTIVE_OR_ON_HOLD = Set.of(OrderStatus.ACTIVE, OrderStatus.ON_HOLD);

	/**
	 * The drugs of {@link #otherDrug}: testosterone (therapy only while active); growth hormone (GH therapy while active or
	 * on hold, or given or dispensed recently; a draft is not therapy yet); a medication that may treat diabetes (a reason
	 * to check glucose status while in effect); a growth hormone stimulation test (macimorelin: no therapy).
	 */
	private List<OtherDrug> otherDrugs() {
		return List.of(
				new OtherDrug(record.knowledge.testosterone(), record.testosterone, Set.of(OrderStatus.ACTIVE),
						OtherTherapy.TESTOSTERONE),
				new OtherDrug(record.knowledge.growthHormone(), record.growthHormone, ACTIVE_OR_ON_HOLD,
						OtherTherapy.GROWTH_HORMONE),
				new OtherDrug(record.knowledge.diabetesMedications(), record.diabetesMedications, ACTIVE_OR_ON_HOLD, null),
				new OtherDrug(record.knowledge.ghStimulationTests(), null, Set.of(), OtherTherapy.GH_STIMULATION_TEST));
	}

	/**
	 * True when the drug is one the record reads as no GH-axis peptide ({@link #otherDrugs()}), which it then records as
	 * its kind says; a peptide is read only when this is false.
	 */
	boolean otherDrug(String id, CodeableConcept medication, OrderStatus status) {
		for (OtherDrug drug : otherDrugs) {
			if (!drug.codes().matches(medication)) {
				continue;
			}
			if (drug.inEffect() != null && drug.effective().contains(status) && !drug.inEffect().contains(id)) {
				drug.inEffect().add(id);
			}
			if (namesAPeptide(medication)) {
				// codings that disagree (a clinic's peptide code beside another drug's RxNorm code): read as the peptide
				// too, so its contraindications are checked; the order was read as the other drug alone, and an active
				// malignancy beside it drew an info line (probe 66, P66-C5)
				if (status != OrderStatus.ENDED) {
					record.messages.add(id + " is coded both as a GH-axis peptide and as a drug of ValueSet "
							+ drug.codes().url() + ": it is checked as the peptide and counted as that drug too - please check its"
							+ " coding");
				}
				return false;
			}
			if (drug.drafted() != null && status == OrderStatus.DRAFT) {
				record.otherTherapyDrafts.put(id, drug.drafted());
			}
			if (drug.drafted() == OtherTherapy.GROWTH_HORMONE && status == OrderStatus.ENDED && ends.containsKey(id)) {
				// its effect on IGF-1 may outlast it, as a peptide's (probe 59, P59-M3)
				record.growthHormoneEnds.put(id, ends.get(id));
			}
			return true;
		}
		return false;
	}

	private boolean namesAPeptide(CodeableConcept medication) {
		return medication.getCoding().stream()
				.anyMatch(coding -> record.knowledge.peptideFor(coding.getSystem(), coding.getCode()).isPresent());
	}

	/** @param unknownStatus what a null status means, for the message (the resource has none, or says only intended) */
	/**
	 * @param start the day the therapy it records began (a dosage's bounds start overrides it)
	 * @param authored the day it was written, for an order; else null
	 */
	void addPeptide(String id, CodeableConcept medication, OrderStatus status, String unknownStatus, List<Dosage> dosage,
			LocalDate start, LocalDate authored, PeptideOrder.Source source) {
		AbsentOrUnknown empty = record.knowledge.absentOrUnknown();
		if (empty.knownAbsent().matches(medication)) {
			return; // an IPS "no known medications": a statement that there is none, not a drug
		}
		if (empty.noInformation().matches(medication)) {
			record.messages.add(id + " says no information about the patient's medications was available, so peptide"
					+ " therapy could not be checked against them - please check it");
			return;
		}
		if (status != OrderStatus.ENDED) {
			for (org.hl7.fhir.r4.model.Extension unread : medication.getExtensionsByUrl(Codes.UNREAD_INGREDIENT)) {
				record.messages.add(id + " has an ingredient whose drug cannot be read as a code ("
						+ unread.getValue().primitiveValue() + "), so it is not checked as a GH-axis peptide - please"
						+ " check it");
				record.unreadDrugs.add(id);
			}
		}
		List<PeptideSpec> specs = medication.getCoding().stream()
				.map(coding -> record.knowledge.peptideFor(coding.getSystem(), coding.getCode()).orElse(null))
				.filter(java.util.Objects::nonNull)
				.distinct()
				.toList();
		if (status != OrderStatus.ENDED) {
			// the product's other ingredients (a compounded vial's mannitol): an allergy to one meets the peptide
			record.addDrugCodes(id, medication);
		}
		if (!specs.isEmpty() && status != OrderStatus.ENDED) {
			unreadIngredients(id, medication);
		}
		if (specs.size() > 1) {
			// a blend (a compounded vial of two peptides, coded by its ingredients) or codings that disagree: each
			// peptide meets its own rules, and the one dose cannot be split between them
			if (status != OrderStatus.ENDED && source.changeable()) {
				record.messages.add(id + " names more than one GH-axis peptide (" + specs.stream()
						.map(PeptideSpec::display).collect(java.util.stream.Collectors.joining(", "))
						+ "): each is checked, but not the dose - please check it");
			}
			for (PeptideSpec spec : specs) {
				addPeptide(id, spec, status, unknownStatus, dosage, start, authored, source, false);
			}
			return;
		}
		PeptideSpec spec = specs.isEmpty() ? null : specs.get(0);
		if (spec == null) {
			Coding local = coding(medication, Codes.GH_PEPTIDES);
			if (local != null) {
				record.messages.add(id + " has unknown gh-peptides code '" + local.getCode() + "'; ignored");
			} else if (status != OrderStatus.ENDED && medication.getCoding().stream().noneMatch(Coding::hasCode)) {
				record.messages.add(id + " names its drug only as text, so it cannot be checked as a GH-axis peptide;"
						+ " ignored - please check it");
			} else if (status != OrderStatus.ENDED && localCodesOnly(medication)) {
				// an EHR's own code, which Somaxis does not map to a peptide
				record.messages.add(id + " names its drug only in codes Somaxis does not map to GH-axis peptides ("
						+ localSystems(medication) + "), so it cannot be checked as one unless the clinic maps the code"
						+ " (docs/terminology.md); ignored - please check it");
			} else if (status != OrderStatus.ENDED && (!hasCodeIn(medication, ConceptSet.RXNORM)
					|| source == PeptideOrder.Source.REQUESTED_DRAFT)) {
				// SNOMED CT (as the NHS codes drugs, dm+d), NDC or ATC only: Somaxis holds every RxNorm code of the peptides
				// that have one, but not every SNOMED CT or NDC product code (none from SNOMED CT), and the ATC codes only of
				// the peptides that have one (sermorelin, tesamorelin; a compounded peptide may be coded by its ATC group,
				// H01AC), so a code it does not know may still be a peptide. Named only when that matters: beside a contraindication (the assembler);
				// a draft sent with the request is named as not recognised already (GuidanceService). A draft being signed
				// in RxNorm too: no RxNorm ingredient code of a peptide is held, and a tesamorelin draft coded by a newer
				// RxCUI beside an active cancer drew only an info line where one coded in NDC drew the warning (probe 82,
				// P82-M1)
				if (source != PeptideOrder.Source.REQUESTED_DRAFT) {
					record.unmappedStandardDrugs.add(id);
				}
			} else {
				return;
			}
			if (status != OrderStatus.ENDED) {
				record.unreadDrugs.add(id);
			}
			return;
		}
		addPeptide(id, spec, status, unknownStatus, dosage, start, authored, source, true);
	}

	/**
	 * @param dosages the order's dosage instructions: the first is read; several (a split dose, a taper) make its daily
	 *     amount unknown
	 * @param readDose false for one peptide of several in one order, whose dose is the blend's
	 */
	private void addPeptide(String id, PeptideSpec spec, OrderStatus status, String unknownStatus, List<Dosage> dosages,
			LocalDate recordedStart, LocalDate authored, PeptideOrder.Source source, boolean readDose) {
		Dosage dosage = dosages.isEmpty() ? null : dosages.get(0);
		if (status == null) {
			if (source.changeable()) {
				record.messages.add(id + " (" + spec.display() + ") " + unknownStatus + "; not counted - please check it");
			} else { // a log of injections may hold many: named once per peptide and reason (settleEvents)
				unreadEvents.computeIfAbsent(spec.display() + ") " + unknownStatus, key -> new ArrayList<>()).add(id);
			}
			record.unreadDrugs.add(id);
			return;
		}
		String route = "";
		String dose = "";
		String schedule = "";
		Double micrograms = null;
		LocalDate start = recordedStart;
		if (dosage != null) {
			String routeCode = routeCode(dosage.getRoute());
			route = routeCode == null ? "" : routeCode;
			for (Dosage other : dosages) {
				// several instructions (a split dose, a taper): a route the peptide is not given by, in any of them, is
				// the one checked, so a second instruction cannot hide it
				String otherRoute = routeCode(other.getRoute());
				if (otherRoute != null && !otherRoute.equals(spec.usualRoute())) {
					route = otherRoute;
					break;
				}
			}
			if (routeCode == null && dosage.hasRoute() && status != OrderStatus.ENDED && source.changeable()) {
				record.messages.add(id + " gives its route without a SNOMED CT, HL7 v2 or HL7 v3 route code Somaxis reads, so"
						+ " the route is not checked - please check it");
			}
			Quantity quantity = readDose ? dose(dosage) : null;
			if (quantity != null) {
				dose = number(quantity.getValue().doubleValue()) + " " + unit(quantity);
				micrograms = record.units.micrograms(quantity);
			}
			schedule = schedule(dosage);
			if (dosage.hasTiming()
					&& dosage.getTiming().hasRepeat()
					&& dosage.getTiming().getRepeat().hasBoundsPeriod()
					&& dosage.getTiming().getRepeat().getBoundsPeriod().hasStartElement()) {
				start = localDate(dosage.getTiming().getRepeat().getBoundsPeriod().getStartElement());
			}
		}
		if ((dosage == null || !dosage.hasRoute()) && id.startsWith("MedicationRequest/")
				&& (status == OrderStatus.ACTIVE || status == OrderStatus.ON_HOLD)) {
			// an order in effect without a route (EHR history, a prefetched order); a draft may still be being written
			record.messages.add(id + " (" + spec.display() + ") gives no route, so the route is not checked"
					+ " - please check it");
		}
		if (status == OrderStatus.ACTIVE && start == null) {
			record.messages.add(id + (id.startsWith("MedicationStatement/")
					? " has no effective date; therapy week unknown"
					: " has neither authoredOn nor a dosage start; therapy week unknown"));
		}
		// a daily amount is compared whenever one is given, or could be: a timing, several instructions, as needed, or
		// words ("1 mg three times daily" without a timing: how often is only in the text, which is not read)
		boolean scheduled = dosage != null && (dosage.hasTiming() || dosage.hasAsNeeded() || dosage.hasText()
				|| dosage.hasPatientInstruction()) || dosages.size() > 1;
		Double perDay = scheduled && dosages.size() == 1 && !dosage.hasAsNeeded() && dosage.getTiming().hasRepeat()
				&& !dosage.getTiming().hasCode() ? administrationsPerDay(dosage.getTiming().getRepeat()) : null;
		PeptideOrder order = new PeptideOrder(id, spec.code(), spec.display(), spec.mechanism(), status, route,
				dose.trim(), schedule, start, authored, micrograms, scheduled,
				micrograms == null || perDay == null ? null : micrograms * perDay, source);
		(order.isEnded() ? record.endedPeptides : record.peptides).add(order);
	}

	/**
	 * A route's SNOMED CT code; else, for a route coded in HL7 v2 table 0162 (as v2 pharmacy orders carry it) or in HL7
	 * v3 RouteOfAdministration (as C-CDA does), its SNOMED CT equivalent (SC, SQ, PO) or its own "system|code" (another
	 * route, IM or IV); null when it has neither. A v2 route was
	 * named as not checked, and an injectable peptide ordered by mouth drew no route-mismatch (probe 46, N-M4).
	 */
	private String routeCode(org.hl7.fhir.r4.model.CodeableConcept route) {
		Coding snomed = coding(route, Codes.SNOMED);
		if (snomed != null && snomed.hasCode()) {
			return snomed.getCode();
		}
		return record.knowledge.mappedRoute(route).orElse(null);
	}

	/**
	 * How many administrations a day a timing gives: {@code frequency} (1 when absent) per {@code period} of
	 * {@code periodUnit}. Null, so that no reduction is ever concluded from it, when that is not all the timing says:
	 * no period, a range ({@code frequencyMax}, {@code periodMax}), days of the week (5 days on, 2 off), times of day or
	 * events ({@code when}: morning and bedtime is twice a day); the caller also leaves out a timing code (BID), several
	 * instructions and doses as needed.
	 */
	private static Double administrationsPerDay(Timing.TimingRepeatComponent repeat) {
		if (!repeat.hasPeriod() || !repeat.hasPeriodUnit() || repeat.getPeriod().signum() <= 0 || repeat.hasFrequencyMax()
				|| repeat.hasPeriodMax() || repeat.hasDayOfWeek() || repeat.hasTimeOfDay() || repeat.hasWhen()) {
			return null;
		}
		double period = repeat.getPeriod().doubleValue();
		double days = switch (repeat.getPeriodUnit()) {
			case S -> period / 86_400;
			case MIN -> period / 1_440;
			case H -> period / 24;
			case D -> period;
			case WK -> period * 7;
			case MO -> period * 30.4375; // UCUM's mean Julian month
			case A -> period * 365.25;
			case NULL -> Double.NaN;
		};
		int frequency = repeat.hasFrequency() ? repeat.getFrequency() : 1;
		return Double.isNaN(days) || frequency <= 0 ? null : frequency / days;
	}

	/**
	 * The dose of the order: the first one in a mass unit, since EHRs send several (Epic: calculated, the amount to
	 * administer as a volume, the ordered dose) and only a mass compares with the knowledge's doses; else the first.
	 */
	private Quantity dose(Dosage dosage) {
		Quantity first = null;
		for (Dosage.DosageDoseAndRateComponent doseAndRate : dosage.getDoseAndRate()) {
			if (!doseAndRate.hasDoseQuantity() || !doseAndRate.getDoseQuantity().hasValue()) {
				continue;
			}
			Quantity quantity = doseAndRate.getDoseQuantity();
			if (record.units.micrograms(quantity) != null) {
				return quantity;
			}
			if (first == null) {
				first = quantity;
			}
		}
		return first;
	}

	/**
	 * Names an active ingredient of a compounded product read as a peptide through its other ingredients, when the
	 * product's own code names no peptide and the ingredient's codes name neither a peptide nor an excipient of one, nor
	 * another drug in RxNorm (which holds every peptide product that has a code): in a vial that holds a GH-axis peptide,
	 * an ingredient under a pharmacy's code or an unknown UNII is likely a second peptide (a tesamorelin and ipamorelin
	 * blend), whose own contraindications would otherwise be silent. Before, it was dropped without a word.
	 */
	private void unreadIngredients(String id, CodeableConcept medication) {
		List<org.hl7.fhir.r4.model.Extension> ingredients = medication.getExtensionsByUrl(Codes.CODED_INGREDIENT);
		Set<String> ingredientCodes = new java.util.HashSet<>();
		ingredients.forEach(ingredient -> ((CodeableConcept) ingredient.getValue()).getCoding()
				.forEach(coding -> ingredientCodes.add(coding.getSystem() + "|" + coding.getCode())));
		boolean productNamesPeptide = medication.getCoding().stream()
				.filter(coding -> !ingredientCodes.contains(coding.getSystem() + "|" + coding.getCode()))
				.anyMatch(coding -> record.knowledge.peptideFor(coding.getSystem(), coding.getCode()).isPresent());
		if (productNamesPeptide) {
			return; // a product Somaxis knows by its code (EGRIFTA SV): its ingredients are the label's
		}
		for (org.hl7.fhir.r4.model.Extension ingredient : ingredients) {
			CodeableConcept codes = (CodeableConcept) ingredient.getValue();
			if (!record.knowledge.peptidesContraindicatedBy(codes).isEmpty() || hasCodeIn(codes, ConceptSet.RXNORM)) {
				continue; // a peptide, an excipient of one (mannitol), or another drug
			}
			record.messages.add(id + " has an ingredient coded only in codes that name no GH-axis peptide Somaxis knows ("
					+ codes.getCoding().stream().filter(Coding::hasCode)
							.map(coding -> (coding.hasSystem() ? coding.getSystem() : "no system") + "|" + coding.getCode())
							.collect(java.util.stream.Collectors.joining(", "))
					+ ") beside one that names a peptide: it may be a second peptide, which is not checked - please check it");
			record.unreadDrugs.add(id);
		}
	}

	/**
	 * True when no coding of the drug is in a standard drug code system (RxNorm, NDC, SNOMED CT, ATC) or one of ours: an
	 * EHR's own code, as compounded peptides often carry, which may name a peptide the rules cannot recognise.
	 */
	private static boolean localCodesOnly(CodeableConcept medication) {
		return medication.getCoding().stream()
				.filter(Coding::hasCode)
				.map(coding -> coding.hasSystem() ? ConceptSet.system(coding.getSystem()) : "")
				.noneMatch(system -> STANDARD_DRUG_SYSTEMS.contains(system) || system.startsWith(Codes.BASE));
	}

	private static boolean hasCodeIn(CodeableConcept medication, String system) {
		return medication.getCoding().stream()
				.anyMatch(coding -> coding.hasCode() && coding.hasSystem() && ConceptSet.system(coding.getSystem()).equals(system));
	}

	private static String localSystems(CodeableConcept medication) {
		return medication.getCoding().stream()
				.filter(Coding::hasCode)
				.map(coding -> coding.hasSystem() ? coding.getSystem() : "no system")
				.distinct()
				.collect(java.util.stream.Collectors.joining(", "));
	}

	/**
	 * Therapy is dated from the first order of the current course. The course starts at the earliest active order;
	 * it reaches back through ended orders (stopped, completed, on hold): one whose end is known (a dosage's bounds end,
	 * the dispense validity's end, a statement's effective end) when it ended no more than {@code therapy-break-days}
	 * before the course start found so far; one whose end is not known when it began no more than
	 * {@code therapy-course-gap-days} before it. Renewing an order therefore does not restart the clock, also a one-year
	 * order renewed as it ends, while therapy taken up again after a break does.
	 */
	void deriveTherapy() {
		settleEvents();
		for (PeptideOrder ended : record.endedPeptides) {
			LocalDate end = ends.get(ended.resourceId());
			if (end != null) {
				record.peptideEnds.put(ended.resourceId(), end); // a peptide's effect on IGF-1 may outlast its order
			}
		}
		LocalDate date = record.evaluationDate;
		LocalDate start = record.peptides.stream()
				.filter(PeptideOrder::isActive)
				.map(PeptideOrder::start)
				.filter(value -> value != null && !value.isAfter(date))
				.min(Comparator.naturalOrder())
				.orElse(null);
		if (start == null) {
			return;
		}
		List<PeptideOrder> ended = record.endedPeptides.stream()
				.filter(order -> order.start() != null)
				.toList();
		long gap = (long) record.threshold(Threshold.THERAPY_COURSE_GAP_DAYS);
		long pause = (long) record.threshold(Threshold.THERAPY_BREAK_DAYS);
		for (LocalDate found = null; !start.equals(found); ) {
			found = start;
			for (PeptideOrder earlier : ended) {
				LocalDate began = earlier.start();
				if (!began.isBefore(start)) {
					continue;
				}
				LocalDate end = ends.get(earlier.resourceId());
				// its end known: it ran up to the course, or stopped no more than the break before it (a one-year order
				// renewed on its last day or a week late); a longer break is a new course. Else: it began within the gap
				if (end != null ? ChronoUnit.DAYS.between(end, start) <= pause : ChronoUnit.DAYS.between(began, start) <= gap) {
					start = began;
				}
			}
		}
		record.therapyStart = start;
		long days = ChronoUnit.DAYS.between(start, date);
		record.therapyWeek = (int) (days / 7) + 1;
		String renewal = renewalBeforeTheCourse(start);
		record.therapyMayHaveBegunEarlier = renewal != null;
		if (renewal != null) {
			// a renewal of an order the course does not reach may be years in, or a restart after a break: neither is
			// assumed, and the weeks counted from this course's start may be too few
			record.messages.add(renewal + ": therapy may have begun before " + start + ", so its weeks are counted from"
					+ " then and it is not known to be in its first weeks - please check it");
		}
		if (record.therapyWeek <= record.threshold(Threshold.MOBILISATION_WEEKS)) {
			if (renewal == null) {
				record.phase = TherapyPhase.MOBILISATION; // the first weeks are when a rise is expected
			}
		} else if (date.isBefore(start.plusMonths((long) record.threshold(Threshold.BODY_COMPOSITION_END_MONTHS)))) {
			record.phase = TherapyPhase.BODY_COMPOSITION;
		} else {
			record.phase = TherapyPhase.STABILISATION;
		}
	}

	/**
	 * "MedicationRequest/a renews MedicationRequest/b, which is not in the record" (or "... of 2026-03-01, before this
	 * course") for an order of the course that began on {@code start} (current or ended, on or after it, not after the
	 * evaluation date) and renews ({@code priorPrescription}) an order the record does not hold, or one the dates place in
	 * an earlier course; else null. Either way therapy may have run on from before {@code start}, or restarted after a
	 * break: the course is not reached back (results of a break would pass for results on therapy), nor taken to be new.
	 */
	private String renewalBeforeTheCourse(LocalDate start) {
		Map<String, LocalDate> starts = new java.util.HashMap<>();
		java.util.stream.Stream.concat(record.peptides.stream(), record.endedPeptides.stream())
				.filter(order -> order.start() != null)
				.forEach(order -> starts.merge(order.resourceId(), order.start(), (a, b) -> a.isBefore(b) ? a : b));
		return java.util.stream.Stream.concat(record.peptides.stream(), record.endedPeptides.stream())
				.filter(order -> !order.isDraft() && order.start() != null && !order.start().isBefore(start)
						&& !order.start().isAfter(record.evaluationDate) && renewals.containsKey(order.resourceId()))
				.map(PeptideOrder::resourceId)
				.sorted()
				.map(id -> {
					String renewed = held(renewals.get(id));
					if (!requests.contains(renewed)) {
						return id + " renews " + renewed + ", which is not in the record";
					}
					LocalDate began = starts.get(renewed);
					return began != null && began.isBefore(start)
							? id + " renews " + renewed + " of " + began + ", before this course" : null;
				})
				.filter(java.util.Objects::nonNull)
				.findFirst()
				.orElse(null);
	}

	/** The id of an order read that an absolute reference names by its tail, else the reference as given. */
	private String held(String renewed) {
		org.hl7.fhir.r4.model.IdType id = new org.hl7.fhir.r4.model.IdType(renewed);
		String local = "MedicationRequest/" + id.getIdPart();
		return id.isAbsolute() && "MedicationRequest".equals(id.getResourceType()) && requests.contains(local)
				? local : renewed;
	}

	/**
	 * "MedicationRequest/id" for a reference to an order, as {@code idOf} names the orders read; another server's URL,
	 * a contained order ({@code #id}, which is not read) or another type as written, which no order read matches.
	 */
	private static String requestId(String reference) {
		if (reference.startsWith("urn:uuid:") || reference.startsWith("urn:oid:")) {
			return "MedicationRequest/" + reference.substring(reference.lastIndexOf(':') + 1);
		}
		if (reference.startsWith("#")) {
			return "the order it contains (" + reference + ")";
		}
		org.hl7.fhir.r4.model.IdType id = new org.hl7.fhir.r4.model.IdType(reference);
		return id.isAbsolute() || id.hasResourceType() && !"MedicationRequest".equals(id.getResourceType())
				? reference : "MedicationRequest/" + id.getIdPart();
	}

	/**
	 * Of the current records that a peptide was given or dispensed, the latest (by day, then id) stays current therapy,
	 * unless an active order or statement of the peptide says so already; the others join the course's history, where
	 * they date its start. So a month of daily injections is one current record, not thirty. Those that could not be
	 * counted are named here, once per peptide and reason.
	 */
	private void settleEvents() {
		unreadEvents.forEach((why, ids) -> record.messages.add(ids.size() == 1
				? ids.get(0) + " (" + why + "; not counted as current therapy - please check it"
				: ids.get(0) + " and " + (ids.size() - 1) + " more of its kind (" + why
						+ "; not counted as current therapy - please check them"));
		List<PeptideOrder> current = record.peptides.stream()
				.filter(order -> !order.changeable() && order.isActive())
				.toList();
		if (current.isEmpty()) {
			return;
		}
		record.peptides.removeAll(current);
		Set<String> ordered = record.peptides.stream()
				.filter(PeptideOrder::isActive)
				.map(PeptideOrder::code)
				.collect(Collectors.toSet());
		Map<String, List<PeptideOrder>> byPeptide = current.stream()
				.collect(Collectors.groupingBy(PeptideOrder::code, java.util.LinkedHashMap::new, Collectors.toList()));
		for (Map.Entry<String, List<PeptideOrder>> peptide : byPeptide.entrySet()) {
			List<PeptideOrder> events = new ArrayList<>(peptide.getValue());
			events.sort(Comparator.comparing(PeptideOrder::start).thenComparing(PeptideOrder::resourceId));
			PeptideOrder latest = events.remove(events.size() - 1);
			if (ordered.contains(peptide.getKey())) {
				events.add(latest);
			} else {
				record.peptides.add(latest);
			}
			events.forEach(event -> record.endedPeptides.add(event.withStatus(OrderStatus.ENDED)));
		}
	}

	private static String schedule(Dosage dosage) {
		if (dosage.hasText()) {
			return dosage.getText();
		}
		if (dosage.hasTiming() && dosage.getTiming().hasRepeat()) {
			var repeat = dosage.getTiming().getRepeat();
			if (repeat.hasFrequency() && repeat.hasPeriod() && repeat.hasPeriodUnit()) {
				return repeat.getFrequency() + " per " + number(repeat.getPeriod().doubleValue()) + " "
						+ repeat.getPeriodUnit().toCode();
			}
		}
		return "";
	}
}
