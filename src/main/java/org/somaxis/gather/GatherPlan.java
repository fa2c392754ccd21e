package org.somaxis.gather;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.somaxis.guidance.knowledge.Knowledge;
import org.somaxis.guidance.knowledge.Threshold;
import org.somaxis.guidance.record.ObservationKind;

/**
 * What the rules read, and so all that any {@link PatientDataSource} fetches: the Patient, the observation kinds the
 * record understands (labs by code over the whole history; sleep and exercise by code and only inside the longest
 * lifestyle window), the patient's medication orders, statements, administrations and dispenses with the Medications
 * they name, conditions,
 * procedures (pituitary surgery or irradiation), draft ServiceRequests and allergies. Nothing else of the patient's history
 * (encounters, vitals, other labs) is read.
 *
 * <p>The store runs each part as one indexed search; the CDS services publish the same parts as prefetch templates
 * (without the date window, which a 2.0 template cannot express); the remote source runs them as relative queries.
 *
 * <p>The codes come from the record's one table of observation kinds ({@link ObservationKind}).
 */
public final class GatherPlan {

	/** Each part is one read or one search. */
	public enum Part {
		PATIENT("patient", "Patient"),
		OBSERVATIONS("observations", "Observation"),
		LIFESTYLE_OBSERVATIONS("lifestyleObservations", "Observation"),
		MEDICATION_REQUESTS("medicationRequests", "MedicationRequest"),
		MEDICATION_STATEMENTS("medicationStatements", "MedicationStatement"),
		MEDICATION_ADMINISTRATIONS("medicationAdministrations", "MedicationAdministration"),
		MEDICATION_DISPENSES("medicationDispenses", "MedicationDispense"),
		CONDITIONS("conditions", "Condition"),
		PROCEDURES("procedures", "Procedure"),
		DRAFT_SERVICE_REQUESTS("draftServiceRequests", "ServiceRequest"),
		ALLERGIES("allergies", "AllergyIntolerance");

		private final String prefetchKey;
		private final String resourceType;

		Part(String prefetchKey, String resourceType) {
			this.prefetchKey = prefetchKey;
			this.resourceType = resourceType;
		}

		/**
		 * A part whose absence does not stop the evaluation: peptides given or dispensed, and allergies, which a client
		 * that read an older discovery document, or another server without those searches (or whose token lacks their
		 * scopes), cannot supply; a token for our own store must read every part (security.smart.EvaluationReads). Evaluated without it, and the clinician is told ({@link #notRead}); every other part missing
		 * makes the data unavailable.
		 */
		public boolean supplementary() {
			return givenOrDispensed() || this == ALLERGIES;
		}

		/** The peptides the clinic gave or a pharmacy dispensed. */
		public boolean givenOrDispensed() {
			return this == MEDICATION_ADMINISTRATIONS || this == MEDICATION_DISPENSES;
		}

		/** The CDS prefetch key of this part. */
		public String prefetchKey() {
			return prefetchKey;
		}

		public String resourceType() {
			return resourceType;
		}
	}

	/**
	 * The parts a hook's rules read: every part, except that the order hooks leave out the lifestyle observations,
	 * which only the patient-view rules read (sleep and exercise: docs/guidance-rules.md). So an EHR's order-sign call
	 * is neither asked for them nor refused for lacking them (a wearable's months of nights, paged by the EHR).
	 */
	public static Set<Part> partsFor(org.somaxis.guidance.Hook hook) {
		Set<Part> parts = EnumSet.allOf(Part.class);
		if (hook.face() != org.somaxis.guidance.Face.PATIENT_VIEW) {
			parts.remove(Part.LIFESTYLE_OBSERVATIONS);
		}
		return parts;
	}

	/** High-volume daily observations, read only inside the lifestyle windows. */
	private static final Set<ObservationKind> LIFESTYLE = EnumSet.of(ObservationKind.SLEEP, ObservationKind.EXERCISE);

	/**
	 * Who runs a part's search, which decides how its codes are written. Our store asks for each code under every name
	 * of its system (LOINC's URL and its HL7 OID, which the record reads as the same code; converted C-CDA documents
	 * carry the OID): its indexes answer that fastest (a LOINC code alone, which matches every system, doubled
	 * {@code $evaluate}'s time on a long history, bench/evaluate-results.md). A query sent as a URL, to another server
	 * or as a prefetch template, gives a LOINC code alone, which matches both names in one token and keeps the URL
	 * under 2 KB ({@link ObservationKind#queryTokens()}).
	 */
	public enum Asker {
		STORE,
		URL
	}

	/** Labs and coded facts read over the whole history (baselines may predate therapy by years). */
	private static final List<ObservationKind> LABS = Arrays.stream(ObservationKind.values())
			.filter(kind -> !LIFESTYLE.contains(kind))
			.toList();

	private final int lifestyleWindowDays;
	/**
	 * The codes a clinic added to ValueSet estimated-delivery-date-codes ({@code system|code}), which the record reads
	 * as that kind and {@link ObservationKind} does not list; empty without such additions.
	 */
	private final List<String> clinicObservationCodes;

	public GatherPlan(Knowledge knowledge) {
		this.lifestyleWindowDays = (int) Math.max(
				knowledge.threshold(Threshold.SLEEP_WINDOW_DAYS), knowledge.threshold(Threshold.EXERCISE_WINDOW_DAYS));
		ObservationKind edd = ObservationKind.ESTIMATED_DELIVERY_DATE;
		this.clinicObservationCodes = knowledge.pregnancyStatus().estimatedDeliveryDate().codes().stream()
				.filter(code -> !edd.codes().stream().anyMatch(listed -> code.equals(edd.system() + "|" + listed)))
				.sorted()
				.toList();
	}

	/**
	 * The search parameters of a part as the store and a remote server run them: {@link #parameters}, and for the
	 * observations also the codes a clinic added to ValueSet estimated-delivery-date-codes (the record reads them), each
	 * under every name of its system for the store, as the kind's own codes are. The prefetch templates, which are
	 * fixed, ask for the published codes only (docs/cds-services.md).
	 */
	public Map<String, String> search(Part part, LocalDate since, Asker asker) {
		Map<String, String> parameters = parameters(part, since, asker);
		if (part == Part.OBSERVATIONS && !clinicObservationCodes.isEmpty()) {
			List<String> tokens = new ArrayList<>();
			for (String member : clinicObservationCodes) {
				String system = member.substring(0, member.indexOf('|'));
				String code = member.substring(member.indexOf('|') + 1);
				List<String> names = org.somaxis.guidance.knowledge.ConceptSet.systemNames(system);
				if (asker == Asker.STORE) {
					names.forEach(name -> tokens.add(name + "|" + code));
				} else {
					tokens.add(names.size() > 1 ? code : member);
				}
			}
			parameters.put("code", parameters.get("code") + "," + String.join(",", tokens));
		}
		return parameters;
	}

	/** First day of the lifestyle window for an evaluation on {@code date}. */
	public LocalDate lifestyleSince(LocalDate date) {
		return date.minusDays(lifestyleWindowDays);
	}

	/**
	 * The search parameters of a part besides {@code patient} (empty for the Patient read), each name with its one
	 * value; {@code since} null leaves out the date window (prefetch templates).
	 */
	public static Map<String, String> parameters(Part part, LocalDate since, Asker asker) {
		Map<String, String> parameters = new LinkedHashMap<>();
		switch (part) {
			case OBSERVATIONS -> parameters.put("code", codes(LABS, asker));
			case LIFESTYLE_OBSERVATIONS -> {
				parameters.put("code", codes(LIFESTYLE, asker));
				if (since != null) {
					parameters.put("date", "ge" + since);
				}
			}
			case DRAFT_SERVICE_REQUESTS -> parameters.put("status", "draft");
			default -> { }
		}
		return parameters;
	}

	private static String codes(Collection<ObservationKind> kinds, Asker asker) {
		return String.join(",", kinds.stream()
				.flatMap(kind -> (asker == Asker.STORE ? kind.searchTokens() : kind.queryTokens()).stream())
				.toList());
	}

	/**
	 * The {@code _include} a remote server's query of the part adds, if any: the Medications that orders, statements,
	 * administrations and dispenses name by reference ({@link MedicationReferences}). Our store reads them by {@code _id} instead ({@link StoreSource}).
	 * Prefetch templates leave it out: it is not in CDS Hooks 2.0's recommended query subset, and a client that skips a
	 * template sends no data for it at all.
	 */
	public static Optional<String> include(Part part) {
		return switch (part) {
			case MEDICATION_REQUESTS -> Optional.of("MedicationRequest:medication");
			case MEDICATION_STATEMENTS -> Optional.of("MedicationStatement:medication");
			case MEDICATION_ADMINISTRATIONS -> Optional.of("MedicationAdministration:medication");
			case MEDICATION_DISPENSES -> Optional.of("MedicationDispense:medication");
			default -> Optional.empty();
		};
	}

	/** The messages for supplementary parts that could not be read, naming them and why. */
	public static List<String> notRead(java.util.Collection<Part> parts, String why) {
		List<String> messages = new ArrayList<>();
		List<String> givenOrDispensed = parts.stream().filter(Part::givenOrDispensed).map(Part::resourceType).sorted()
				.toList();
		if (!givenOrDispensed.isEmpty()) {
			messages.add("Peptides the clinic gave or a pharmacy dispensed (" + String.join(", ", givenOrDispensed)
					+ ") could not be read in full: " + why + "; any not read were not checked - please check them");
		}
		if (parts.contains(Part.ALLERGIES)) {
			messages.add("The patient's allergies and intolerances (AllergyIntolerance) could not be read in full: " + why
					+ "; an allergy to a GH-axis peptide among those not read was not checked - please check them");
		}
		return messages;
	}

	/** The relative query of a part for one patient, e.g. {@code Observation?patient=123&code=...}. */
	public static String query(Part part, String patientId, LocalDate since) {
		if (part == Part.PATIENT) {
			return "Patient/" + patientId;
		}
		List<String> terms = new ArrayList<>();
		terms.add("patient=" + patientId);
		parameters(part, since, Asker.URL).forEach((name, value) -> terms.add(name + "=" + value));
		return part.resourceType() + "?" + String.join("&", terms);
	}
}
