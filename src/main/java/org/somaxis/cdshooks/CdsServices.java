package org.somaxis.cdshooks;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.somaxis.gather.DataSources;
import org.somaxis.gather.DraftOrderReader;
import org.somaxis.gather.DraftOrders;
import org.somaxis.gather.Evaluated;
import org.somaxis.gather.GatherException;
import org.somaxis.gather.GuidanceService;
import org.somaxis.gather.PatientData;
import org.somaxis.gather.PatientDataSource;
import org.somaxis.gather.GatherPlan;
import org.somaxis.gather.PatientQuery;
import org.somaxis.guidance.Finding;

/**
 * One service call: gather (prefetch, then store or allow-listed remote), read the drafts, run the one pipeline that
 * $evaluate runs, render cards, remember them for feedback. Nothing here parses or decides anything clinical.
 */
public final class CdsServices {
	private final DataSources sources;
	private final DraftOrderReader drafts;
	private final GuidanceService service;
	private final CardRenderer cards;
	private final FeedbackStore feedback;
	private final StoreAuthorization storeAuthorization;

	public CdsServices(DataSources sources, DraftOrderReader drafts, GuidanceService service, CardRenderer cards,
			FeedbackStore feedback, StoreAuthorization storeAuthorization) {
		this.storeAuthorization = storeAuthorization;
		this.sources = sources;
		this.drafts = drafts;
		this.service = service;
		this.cards = cards;
		this.feedback = feedback;
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
		JsonNode draftOrders = request.context().get("draftOrders");
		if (service.hook().face() == org.somaxis.guidance.Face.ORDER && (draftOrders == null || draftOrders.isNull())) {
			// required by the order hooks (CDS Hooks 2.0): without it "no cards" would pass for "nothing to say"
			throw CdsException.badRequest("context.draftOrders is required by the " + service.hookName() + " hook");
		}
		LocalDate date = request.evaluationDate() != null ? request.evaluationDate() : this.service.today();
		boolean compartmentOnly = request.accessToken() != null && sources.readsStore(request.fhirServer(), ownBase)
				&& storeAuthorization.check(request.accessToken(), request.patientId());
		Evaluated evaluated;
		try {
			PatientDataSource source = sources.prefetch(request.prefetch(), request.fhirServer(), request.accessToken(),
					ownBase, compartmentOnly);
			PatientData data = source.gather(new PatientQuery(request.patientId(), date, GatherPlan.partsFor(service.hook())));
			DraftOrders orders = drafts.read(draftOrders, data, source, "context.draftOrders");
			evaluated = this.service.evaluate(data, orders, service.hook(), date, null, request.hookInstance());
		} catch (GatherException e) {
			throw refusal(e);
		}
		List<CdsJson.Card> rendered = new ArrayList<>(evaluated.guidance().findings().size() + 1);
		for (Finding finding : evaluated.guidance().findings()) {
			rendered.add(cards.card(finding, evaluated.patientReference(), rulePageBase, evaluated.known()));
		}
		if (evaluated.incomplete()) {
			rendered.add(cards.incomplete(evaluated, rulePageBase));
		}
		List<CdsJson.Card> framed = cards.framed(rendered);
		feedback.issued(service.id(), framed);
		return new CdsJson.Response(framed);
	}

	/**
	 * The status of each {@link GatherException.Reason} on this face (docs/cds-services.md): 400 for another
	 * patient's data or a malformed prefetch/draftOrders, 412 when the data cannot be obtained.
	 */
	static CdsException refusal(GatherException e) {
		return switch (e.reason()) {
			case PATIENT_MISMATCH, MALFORMED -> CdsException.badRequest(e.getMessage());
			case PATIENT_UNKNOWN, PATIENT_GONE -> CdsException.preconditionFailed(
					e.getMessage() + ", and the request's prefetch does not supply it");
			case UNAVAILABLE -> CdsException.preconditionFailed(e.getMessage());
		};
	}
}
