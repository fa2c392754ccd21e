package org.somaxis.cdshooks;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.somaxis.guidance.Action;
import org.somaxis.guidance.Citation;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.Suggestion;

/**
 * Finding → CDS Hooks 2.0 card. The same fields as the $evaluate rendering (summary = RequestGroup action title,
 * indicator = priority, rule id = action code), so the two faces cannot disagree.
 */
public final class CardRenderer {
	public static final String RULES_SYSTEM = "http://somaxis.org/fhir/CodeSystem/guidance-rules";
	public static final String OVERRIDE_REASONS_SYSTEM = "http://somaxis.org/fhir/CodeSystem/guidance-override-reasons";
	public static final String SOURCE_LABEL = "Somaxis GH-axis guidance";
	static final String LOINC = "http://loinc.org";

	private final FhirContext fhir;
	private final ObjectMapper json;

	public CardRenderer(FhirContext fhir, ObjectMapper json) {
		this.fhir = fhir;
		this.json = json;
	}

	/**
	 * @param rulePageBase absolute URL of the rule pages, e.g. http://host/cds-services/rules
	 * @param known the resources the evaluation saw, by "Type/id", for update actions
	 */
	public CdsJson.Card card(Finding finding, String patientReference, String rulePageBase, Map<String, Resource> known) {
		List<CdsJson.Suggestion> suggestions = new ArrayList<>();
		for (Suggestion suggestion : finding.suggestions()) {
			List<CdsJson.Action> actions = suggestion.actions().stream()
					.map(action -> action(action, patientReference, known))
					.toList();
			suggestions.add(new CdsJson.Suggestion(suggestion.label(), UUID.randomUUID().toString(), null, actions));
		}
		List<CdsJson.Coding> overrideReasons = finding.overrideReasons().stream()
				.map(reason -> new CdsJson.Coding(OVERRIDE_REASONS_SYSTEM, slug(reason), reason))
				.toList();
		return new CdsJson.Card(
				UUID.randomUUID().toString(),
				finding.summary(),
				detail(finding),
				finding.severity().indicator(),
				new CdsJson.Source(SOURCE_LABEL, rulePageBase + "/" + finding.ruleId(),
						new CdsJson.Coding(RULES_SYSTEM, finding.ruleId(), null)),
				suggestions,
				suggestions.isEmpty() ? null : "at-most-one",
				overrideReasons,
				null);
	}

	/** The finding's markdown (which quotes the values used) followed by its citations. */
	static String detail(Finding finding) {
		StringBuilder detail = new StringBuilder(finding.detail());
		if (!finding.citations().isEmpty()) {
			detail.append(detail.length() == 0 ? "" : "\n\n").append("**Sources**\n");
			for (Citation citation : finding.citations()) {
				detail.append("\n- ");
				detail.append(citation.url().isEmpty()
						? citation.label()
						: "[" + citation.label() + "](" + citation.url() + ")");
				if (!citation.text().isEmpty()) {
					detail.append(": ").append(citation.text());
				}
			}
		}
		return detail.toString();
	}

	private CdsJson.Action action(Action action, String patientReference, Map<String, Resource> known) {
		String description = action.description().isEmpty() ? defaultDescription(action) : action.description();
		return switch (action.type()) {
			case CREATE -> {
				ServiceRequest order = new ServiceRequest();
				order.setStatus(ServiceRequest.ServiceRequestStatus.DRAFT);
				order.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
				order.setCode(new CodeableConcept().addCoding(
						new org.hl7.fhir.r4.model.Coding(LOINC, action.loincCode(), action.loincDisplay())));
				order.setSubject(new Reference(patientReference));
				yield new CdsJson.Action("create", description, toJson(order), null);
			}
			case DELETE -> new CdsJson.Action("delete", description, null, action.resourceId());
			case UPDATE -> new CdsJson.Action("update", description, updated(action, known), action.resourceId());
		};
	}

	/** The whole updated resource when we hold it: "Set status to stopped ..." stops a MedicationRequest. */
	private JsonNode updated(Action action, Map<String, Resource> known) {
		Resource current = known.get(action.resourceId());
		if (current == null) {
			return null;
		}
		Resource copy = current.copy();
		if (copy instanceof MedicationRequest order
				&& action.description().toLowerCase(Locale.ROOT).contains("status to stopped")) {
			order.setStatus(MedicationRequest.MedicationRequestStatus.STOPPED);
		}
		return toJson(copy);
	}

	private JsonNode toJson(Resource resource) {
		try {
			return json.readTree(fhir.newJsonParser().encodeResourceToString(resource));
		} catch (java.io.IOException e) {
			throw new IllegalStateException(e);
		}
	}

	private static String defaultDescription(Action action) {
		return switch (action.type()) {
			case CREATE -> "Order " + action.loincCode();
			case DELETE -> "Remove " + action.resourceId();
			case UPDATE -> "Update " + action.resourceId();
		};
	}

	static String slug(String text) {
		String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
		return slug.length() > 64 ? slug.substring(0, 64) : slug;
	}
}
