package org.somaxis.cdshooks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.somaxis.gather.StoreGatherer.Part;
import org.somaxis.guidance.Hook;

/**
 * The CDS services this server offers, in discovery order, and their prefetch templates. All three ask for the same
 * six queries, which are exactly the read and five searches {@link org.somaxis.gather.StoreGatherer} runs; the
 * templates use only the 2.0 token {@code {{context.patientId}}}.
 */
public final class CdsServiceCatalog {

	/** One service: its id, the hook it answers and the engine hook it runs. */
	public record Definition(String id, String hookName, Hook hook, String title, String description) {}

	/** Prefetch key → (template, store part), in the order discovery lists them. */
	public record Template(String key, String query, Part part) {}

	public static final List<Template> TEMPLATES = List.of(
			new Template("patient", "Patient/{{context.patientId}}", Part.PATIENT),
			new Template("observations", "Observation?patient={{context.patientId}}", Part.OBSERVATIONS),
			new Template("medicationRequests", "MedicationRequest?patient={{context.patientId}}", Part.MEDICATION_REQUESTS),
			new Template("medicationStatements", "MedicationStatement?patient={{context.patientId}}",
					Part.MEDICATION_STATEMENTS),
			new Template("conditions", "Condition?patient={{context.patientId}}", Part.CONDITIONS),
			new Template("draftServiceRequests", "ServiceRequest?patient={{context.patientId}}&status=draft",
					Part.DRAFT_SERVICE_REQUESTS));

	public static final List<Definition> SERVICES = List.of(
			new Definition("somaxis-patient-view", "patient-view", Hook.PATIENT_VIEW,
					"Somaxis GH-axis therapy guidance (chart)",
					"IGF-1 monitoring and response, metabolic safety (glucose, HbA1c, HOMA-IR), peptide regimen checks and"
							+ " lifestyle guidance (resistance training, HIIT, endurance, sleep) for the patient in context."),
			new Definition("somaxis-order-select", "order-select", Hook.ORDER_SELECT,
					"Somaxis GH-axis peptide order check (select)",
					"Contraindications (malignancy, pregnancy, HP-axis disorder), duplicate or combined peptides, route,"
							+ " regulatory status and missing baseline labs for the GH-axis peptide orders being selected."),
			new Definition("somaxis-order-sign", "order-sign", Hook.ORDER_SIGN,
					"Somaxis GH-axis peptide order check (sign)",
					"The order-select checks again on the draft orders about to be signed."));

	private CdsServiceCatalog() {}

	public static Optional<Definition> find(String id) {
		return SERVICES.stream().filter(service -> service.id().equals(id)).findFirst();
	}

	public static CdsJson.Discovery discovery() {
		Map<String, String> prefetch = new LinkedHashMap<>();
		TEMPLATES.forEach(template -> prefetch.put(template.key(), template.query()));
		return new CdsJson.Discovery(SERVICES.stream()
				.map(service -> new CdsJson.Service(service.hookName(), service.title(), service.description(),
						service.id(), prefetch,
						"Needs context.patientId; order hooks also read context.draftOrders (MedicationRequest,"
								+ " ServiceRequest)."))
				.toList());
	}
}
