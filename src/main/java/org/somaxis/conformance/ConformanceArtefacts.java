package org.somaxis.conformance;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.somaxis.conformance.PackageBuilder.PackageFile;

/** The Somaxis artefacts as FHIR resources, and the in-memory validation chain built on them. */
public final class ConformanceArtefacts {
	private ConformanceArtefacts() {}

	public static List<IBaseResource> parse(FhirContext fhirContext, List<PackageFile> files) {
		return files.stream()
				.map(file -> fhirContext.newJsonParser()
						.parseResource(new String(file.bytes(), StandardCharsets.UTF_8)))
				.toList();
	}

	/**
	 * Core spec plus our artefacts, held in memory: {@code PrePopulated(our artefacts), DefaultProfile,
	 * InMemoryTerminology, CommonCodeSystems, SnapshotGenerating}. Our artefacts come first because R4 core ships
	 * a {@code content=not-present} CodeSystem for {@code http://snomed.info/sct} that would otherwise shadow our
	 * SNOMED CT fragment and fail every ValueSet that enumerates SNOMED codes (HAPI-0702).
	 */
	public static ValidationSupportChain validationChain(FhirContext fhirContext, List<IBaseResource> artefacts) {
		return validationChain(fhirContext, artefacts, List.of());
	}

	/**
	 * The same chain with the artefacts of further packages ({@code somaxis.conformance.packages}) right after
	 * ours: their profiles are then held too.
	 */
	public static ValidationSupportChain validationChain(
			FhirContext fhirContext, List<IBaseResource> artefacts, List<IBaseResource> extraArtefacts) {
		ValidationSupportChain chain = new ValidationSupportChain(
				prePopulated(fhirContext, artefacts),
				prePopulated(fhirContext, extraArtefacts),
				new CoreDefinitions(fhirContext),
				new InMemoryTerminologyServerValidationSupport(fhirContext),
				new CommonCodeSystemsTerminologyService(fhirContext),
				new SnapshotGeneratingValidationSupport(fhirContext));
		// A CodeableConcept meets a binding when one of its codings is in the ValueSet (R4 "Terminology bindings"), as
		// the HL7 reference validator reads it. HAPI 8.8's default asks every coding to be, so an order coded as EHRs
		// code it (their own drug code beside RxNorm, or an NDC package code) was refused (hapi-fhir issue 8345)
		chain.setCodeableConceptValidationSuccessfulIfNotAllCodingsAreValid(true);
		return chain;
	}

	private static PrePopulatedValidationSupport prePopulated(FhirContext fhirContext, List<IBaseResource> artefacts) {
		PrePopulatedValidationSupport ours = new PrePopulatedValidationSupport(fhirContext);
		for (IBaseResource artefact : artefacts) {
			if (artefact instanceof StructureDefinition) {
				ours.addStructureDefinition(artefact);
			} else if (artefact instanceof CodeSystem) {
				ours.addCodeSystem(artefact);
			} else if (artefact instanceof ValueSet) {
				ours.addValueSet(artefact);
			}
		}
		return ours;
	}
}
