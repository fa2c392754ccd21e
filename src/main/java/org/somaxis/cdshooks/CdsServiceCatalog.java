package org.somaxis.cdshooks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.somaxis.gather.GatherPlan;
import org.somaxis.guidance.Hook;

/**
 * The CDS services this server offers, in discovery order, and their prefetch templates: the parts of the
 * {@link GatherPlan} the service's hook reads (the order services leave out the lifestyle observations); the templates
 * use only the 2.0 token {@code {{context.patientId}}}.
 */
public final class CdsServiceCatalog {

	/** One service: its id, the hook it answers and the engine hook it runs. */
	public record Definition(String id, String hookName, Hook hook, String title, String description) {}

	/** Prefetch key → template, one per {@link GatherPlan.Part}, in the order discovery lists them. */
	public record Template(String key, String query) {}

	/**
	 * Exactly the parts every other source reads ({@link GatherPlan}); only the lifestyle date window is left out,
	 * because a 2.0 template has no date token.
	 */
	public static final List<Template> TEMPLATES = java.util.Arrays.stream(GatherPlan.Part.values())
			.map(part -> new Template(part.prefetchKey(), GatherPlan.query(part, "{{context.patientId}}", null)))
			.toList();

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

	/** The templates of the parts the service's hook reads ({@link GatherPlan#partsFor}). */
	public static Map<String, String> prefetch(Definition service) {
		java.util.Set<String> keys = GatherPlan.partsFor(service.hook()).stream().map(GatherPlan.Part::prefetchKey)
				.collect(java.util.stream.Collectors.toSet());
		Map<String, String> prefetch = new LinkedHashMap<>();
		TEMPLATES.stream().filter(template -> keys.contains(template.key()))
				.forEach(template -> prefetch.put(template.key(), template.query()));
		return prefetch;
	}

	public static CdsJson.Discovery discovery() {
		return new CdsJson.Discovery(SERVICES.stream()
				.map(service -> new CdsJson.Service(service.hookName(), service.title(), service.description(),
						service.id(), prefetch(service),
						"Needs context.patientId; order hooks also read context.draftOrders (MedicationRequest,"
								+ " ServiceRequest)."))
				.toList());
	}
}
