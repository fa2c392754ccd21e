package org.somaxis.gather;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.somaxis.guidance.Guidance;
import org.somaxis.guidance.GuidanceEngine;
import org.somaxis.guidance.Hook;
import org.somaxis.guidance.RuleFailure;
import org.somaxis.guidance.record.PatientRecord;
import org.somaxis.guidance.record.PatientRecordAssembler;
import org.somaxis.guidance.record.PeptideOrder;
import org.somaxis.guidance.record.ValuelessPrimitives;

/**
 * The one evaluation pipeline of both faces: (patient data, draft orders, hook, date) → record → engine → guidance
 * with its messages. {@code $evaluate} and the CDS services call only this and then render.
 */
public final class GuidanceService {
	private static final Logger log = LoggerFactory.getLogger(GuidanceService.class);

	private final PatientRecordAssembler assembler;
	private final GuidanceEngine engine;
	private final Clock clock;

	public GuidanceService(PatientRecordAssembler assembler, GuidanceEngine engine, Clock clock) {
		this.assembler = assembler;
		this.engine = engine;
		this.clock = clock;
	}

	/** Today on the server clock: the evaluation date when the request names none. */
	public LocalDate today() {
		return LocalDate.now(clock);
	}

	/**
	 * @param focusObservationId "Observation/id" under evaluation on the OBSERVATION face, else null
	 * @param requestId the request id the logs carry (HAPI's or the CDS hookInstance)
	 */
	public Evaluated evaluate(PatientData data, DraftOrders drafts, Hook hook, LocalDate date, String focusObservationId,
			String requestId) {
		// a draft the client sends wins over the same order read from the store or the prefetch
		Set<String> draftKeys = drafts.orders().stream().map(GuidanceService::key).collect(Collectors.toSet());
		List<Resource> resources = data.resources().stream().filter(r -> !draftKeys.contains(key(r))).toList();
		// the record reads codes: orders that name their drug by a Medication get its code (actions keep the originals)
		// a value sent only as its data-absent-reason is read as absent (the originals stay for the actions)
		List<Resource> readable = ValuelessPrimitives.removedFrom(resources);
		List<Resource> forRecord = MedicationReferences.among(readable).resolveAll(readable);
		List<Resource> draftsForRecord = ValuelessPrimitives.removedFrom(drafts.forRecord());
		PatientRecord record = assembler.assemble(forRecord, draftsForRecord, hook, date, focusObservationId);
		Guidance guidance = engine.evaluate(record, hook.face());

		List<String> dataMessages = new ArrayList<>(data.messages());
		dataMessages.addAll(drafts.messages());
		dataMessages.addAll(unrecognisedDrafts(draftsForRecord, record));
		dataMessages.addAll(growthHormoneInEffect(record));
		// the record's data-quality messages, rules' data problems, the deceased and unknown-age notices
		dataMessages.addAll(guidance.messages());
		List<Evaluated.RuleFailure> failures = new ArrayList<>();
		for (RuleFailure failure : guidance.failures()) {
			log.warn("guidance rule {} {} failed (request {}): {}", failure.ruleId(), failure.ruleVersion(), requestId,
					failure.error());
			failures.add(new Evaluated.RuleFailure(failure.ruleId(), failure.safety(), "Rule " + failure.ruleId()
					+ " could not be evaluated (reference: request " + requestId + "); its findings are missing"));
		}

		Map<String, Resource> known = new LinkedHashMap<>();
		resources.forEach(resource -> known.put(key(resource), resource));
		drafts.orders().forEach(resource -> known.put(key(resource), resource));
		return new Evaluated(data.patientReference(), record, guidance, dataMessages, failures, known,
				data.unreadParts(), data.unlinked(), data.unfollowedLinks());
	}

	/** A draft medication order the record did not read as a peptide must be named, never silently dropped. */
	private static List<String> unrecognisedDrafts(List<Resource> drafts, PatientRecord record) {
		Set<String> read = record.peptides().stream().map(PeptideOrder::resourceId).collect(Collectors.toSet());
		List<String> messages = new ArrayList<>();
		for (Resource order : drafts) {
			if (order instanceof MedicationRequest request && !read.contains(key(request)) && request.getDoNotPerform()) {
				messages.add("Draft order " + key(request) + " is an order not to give the drug (doNotPerform), so it is"
						+ " not therapy; the peptide checks did not run on it");
			} else if (order instanceof MedicationRequest request && record.otherTherapyDrafts().containsKey(key(request))) {
				// recognised, as another therapy: said so, since the clinician signing it must know nothing checked it
				messages.add("Draft order " + key(request) + (request.hasMedicationCodeableConcept()
						? " (" + describe(request.getMedicationCodeableConcept()) + ")" : "") + " is "
						+ record.otherTherapyDrafts().get(key(request)).label() + ", not a GH-axis peptide; the peptide checks do not"
						+ " cover it" + (record.growthHormoneBesideAStoppingCondition().contains(key(request))
						? ", and the patient has an active malignancy, an acute critical illness or acromegaly ("
								+ String.join(", ", record.stoppingConditions()) + "), in which they stop a peptide: check the"
								+ " order against growth hormone's own label" : ""));
			} else if (order instanceof MedicationRequest request && !read.contains(key(request))
					&& request.hasMedicationCodeableConcept()) {
				messages.add("Draft order " + key(request) + " (" + describe(request.getMedicationCodeableConcept())
						+ ") was not recognised as a GH-axis peptide; the peptide checks did not run on it");
			}
		}
		return messages;
	}

	/**
	 * Growth hormone in effect beside an active malignancy or an acute critical illness: named, since the peptide checks
	 * that stop a peptide there do not cover it (probe 57, P57-C1). A draft is named by {@link #unrecognisedDrafts}.
	 */
	private static List<String> growthHormoneInEffect(PatientRecord record) {
		List<String> messages = new ArrayList<>();
		for (String id : record.growthHormoneBesideAStoppingCondition()) {
			if (record.growthHormoneTherapy().contains(id)) {
				messages.add(id + " is growth hormone in effect beside an active malignancy, an acute critical illness or"
						+ " acromegaly ("
						+ String.join(", ", record.stoppingConditions()) + "), in which the checks here stop a GH-axis"
						+ " peptide; growth hormone is no GH-axis peptide and is not checked here: check it against its own"
						+ " label");
			}
		}
		return messages;
	}

	private static String describe(CodeableConcept medication) {
		if (medication.hasText()) {
			return medication.getText();
		}
		List<String> codes = new ArrayList<>();
		for (Coding coding : medication.getCoding()) {
			codes.add((coding.hasDisplay() ? coding.getDisplay() + " " : "") + coding.getSystem() + "|" + coding.getCode());
		}
		return codes.isEmpty() ? "no code" : String.join(", ", codes);
	}

	static String key(Resource resource) {
		return resource.fhirType() + "/" + resource.getIdElement().getIdPart();
	}
}
