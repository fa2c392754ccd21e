package org.somaxis.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.somaxis.guidance.record.ObservationKind;

/**
 * Which Somaxis profiles a resource must conform to, judged from its codes, so that resources sent without
 * {@code meta.profile} (as most EHRs send them) are still held to the matching profile.
 */
public final class ProfileInference {
	public static final String BASE = PackageBuilder.CANONICAL + "/StructureDefinition/";
	public static final String IGF1 = BASE + "igf1-observation";
	public static final String METABOLIC = BASE + "metabolic-lab-observation";
	public static final String HOMA_IR = BASE + "homa-ir-observation";
	public static final String SLEEP = BASE + "sleep-duration-observation";
	public static final String EXERCISE = BASE + "exercise-session-observation";
	public static final String GH_PEPTIDE_ORDER = BASE + "gh-peptide-medicationrequest";

	public static final String LOINC = "http://loinc.org";
	public static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
	public static final String OBSERVATION_CODES = PackageBuilder.CANONICAL + "/CodeSystem/observation-codes";
	public static final String GH_PEPTIDES = PackageBuilder.CANONICAL + "/CodeSystem/gh-peptides";

	/**
	 * The codes of other systems ValueSet gh-peptides lists, "system|code" (the tesamorelin RxNorm and NDC products, the
	 * ATC codes of sermorelin and tesamorelin), read from the package's own copy of it: an order coded by one is held to
	 * the peptide profile, whose binding they meet. Before, only the RxNorm ones were, from a list of their own, so an
	 * NDC-coded order got no check and no warning (probe 54, P54-m4).
	 */
	private static final Set<String> PEPTIDE_PRODUCTS = peptideProducts();

	private ProfileInference() {}

	/** The profiles the resource's codes call for, in a stable order; empty for anything outside our concerns. */
	public static List<String> profilesFor(IBaseResource resource) {
		List<String> profiles = new ArrayList<>();
		if (resource instanceof Observation observation) {
			// the one table of observation kinds, shared with the guidance record assembler
			for (Coding coding : observation.getCode().getCoding()) {
				ObservationKind.of(coding.getSystem(), coding.getCode())
						.flatMap(ObservationKind::profileId)
						.ifPresent(id -> add(profiles, BASE + id));
			}
		} else if (resource instanceof MedicationRequest order && order.hasMedicationCodeableConcept()) {
			for (Coding coding : order.getMedicationCodeableConcept().getCoding()) {
				if (GH_PEPTIDES.equals(coding.getSystem()) || isPeptideProduct(coding)) {
					add(profiles, GH_PEPTIDE_ORDER);
				}
			}
		}
		return profiles;
	}

	/** Adds every inferred profile the resource does not declare yet to its {@code meta.profile}; returns those. */
	public static List<String> declareInferredProfiles(IBaseResource resource) {
		if (!(resource instanceof Resource r4)) {
			return List.of();
		}
		List<String> missing = profilesFor(resource).stream()
				.filter(url -> !r4.getMeta().hasProfile(url))
				.toList();
		missing.forEach(url -> r4.getMeta().addProfile(url));
		return missing;
	}

	/**
	 * A coding whose system and code are exactly as the ValueSet lists them: an NDC package code (62064-0241-01) or a
	 * system under its HL7 OID is not a member the profile's required binding holds, so such an order is not held to
	 * the profile, which would refuse it (the guidance still reads it as its peptide).
	 */
	private static boolean isPeptideProduct(Coding coding) {
		if (!coding.hasSystem() || !coding.hasCode()) {
			return false;
		}
		return PEPTIDE_PRODUCTS.contains(coding.getSystem() + "|" + coding.getCode());
	}

	private static Set<String> peptideProducts() {
		String file = PackageBuilder.CLASSPATH_ROOT + "/terminology/ValueSet-gh-peptides.json";
		try (java.io.InputStream in = ProfileInference.class.getClassLoader().getResourceAsStream(file)) {
			if (in == null) {
				throw new IllegalStateException(file + " is not on the classpath");
			}
			Set<String> products = new java.util.HashSet<>();
			com.fasterxml.jackson.databind.JsonNode includes = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in)
					.path("compose").path("include");
			for (com.fasterxml.jackson.databind.JsonNode include : includes) {
				for (com.fasterxml.jackson.databind.JsonNode concept : include.path("concept")) {
					products.add(include.path("system").asText() + "|" + concept.path("code").asText());
				}
			}
			return Set.copyOf(products);
		} catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(file, e);
		}
	}

	private static void add(List<String> profiles, String url) {
		if (!profiles.contains(url)) {
			profiles.add(url);
		}
	}
}
