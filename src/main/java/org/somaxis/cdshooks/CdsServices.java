package org.somaxis.cdshooks;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.somaxis.gather.BundleIds;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.Guidance;
import org.somaxis.guidance.GuidanceEngine;
import org.somaxis.guidance.record.PatientRecord;
import org.somaxis.guidance.record.PatientRecordAssembler;

/** One service call: resolve the data, run the same engine as $evaluate, render cards, remember them for feedback. */
public final class CdsServices {
	private final FhirContext fhir;
	private final PrefetchResolver resolver;
	private final PatientRecordAssembler assembler;
	private final GuidanceEngine engine;
	private final CardRenderer cards;
	private final FeedbackStore feedback;
	private final Clock clock;

	public CdsServices(FhirContext fhir, PrefetchResolver resolver, PatientRecordAssembler assembler,
			GuidanceEngine engine, CardRenderer cards, FeedbackStore feedback, Clock clock) {
		this.fhir = fhir;
		this.resolver = resolver;
		this.assembler = assembler;
		this.engine = engine;
		this.cards = cards;
		this.feedback = feedback;
		this.clock = clock;
	}

	/**
	 * @param ownBase this server's FHIR base as the client reached it (to recognise {@code fhirServer} = us)
	 * @param rulePageBase absolute URL under which each rule is described (card source.url)
	 */
	public CdsJson.Response call(CdsServiceCatalog.Definition service, CdsRequest request, String ownBase,
			String rulePageBase) {
		if (!service.hookName().equals(request.hook())) {
			throw CdsException.badRequest(
					"Service " + service.id() + " answers hook '" + service.hookName() + "', not '" + request.hook() + "'");
		}
		List<Resource> drafts = draftOrders(request.context().get("draftOrders"));
		PrefetchResolver.Resolved resolved = resolver.resolve(request, ownBase);
		Set<String> draftIds = new HashSet<>();
		drafts.forEach(draft -> draftIds.add(key(draft)));
		// a draft the client sends in context wins over the same order read from the store or the prefetch
		List<Resource> resources = resolved.resources().stream().filter(r -> !draftIds.contains(key(r))).toList();
		LocalDate date = request.evaluationDate() != null ? request.evaluationDate() : LocalDate.now(clock);
		PatientRecord record = assembler.assemble(resources, drafts, service.hook(), date, null);
		Guidance guidance = engine.evaluate(record, service.hook().face());

		Map<String, Resource> known = new HashMap<>();
		resources.forEach(resource -> known.put(key(resource), resource));
		drafts.forEach(resource -> known.put(key(resource), resource));
		String patientReference = "Patient/" + resolved.patient().getIdElement().getIdPart();
		List<CdsJson.Card> rendered = new ArrayList<>(guidance.findings().size());
		for (Finding finding : guidance.findings()) {
			rendered.add(cards.card(finding, patientReference, rulePageBase, known));
		}
		feedback.issued(service.id(), rendered);
		return new CdsJson.Response(rendered);
	}

	/**
	 * context.draftOrders, leniently: a Bundle with or without {@code type}; its MedicationRequest and
	 * ServiceRequest entries are the drafts (other entries are ignored). Entries without a plain id get
	 * {@code draft-N}.
	 */
	private List<Resource> draftOrders(JsonNode node) {
		if (node == null || node.isNull()) {
			return List.of();
		}
		if (!node.isObject()) {
			throw CdsException.badRequest("context.draftOrders must be a FHIR Bundle");
		}
		IBaseResource parsed;
		try {
			parsed = fhir.newJsonParser().parseResource(node.toString());
		} catch (RuntimeException e) {
			throw CdsException.badRequest("context.draftOrders is not a FHIR R4 Bundle");
		}
		if (!(parsed instanceof Bundle bundle)) {
			throw CdsException.badRequest("context.draftOrders must be a FHIR Bundle");
		}
		List<Resource> drafts = new ArrayList<>();
		int index = 0;
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			index++;
			Resource resource = entry.getResource();
			if (resource instanceof MedicationRequest || resource instanceof ServiceRequest) {
				BundleIds.normalise(resource, entry.getFullUrl(), "draft-" + index);
				drafts.add(resource);
			}
		}
		return drafts;
	}

	private static String key(Resource resource) {
		return resource.fhirType() + "/" + resource.getIdElement().getIdPart();
	}
}
