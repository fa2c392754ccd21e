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

	/** Tesamorelin RxNorm codes in ValueSet gh-peptides (the only peptide with verified RxNorm codes). */
	static final Set<String> TESAMORELIN_RXNORM = Set.of("1044587", "1044591", "2719314", "2719316", "2168763");

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
				if (GH_PEPTIDES.equals(coding.getSystem())
						|| (RXNORM.equals(coding.getSystem()) && coding.getCode() != null
								&& TESAMORELIN_RXNORM.contains(coding.getCode()))) {
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

	private static void add(List<String> profiles, String url) {
		if (!profiles.contains(url)) {
			profiles.add(url);
		}
	}
}
