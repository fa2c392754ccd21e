package org.somaxis.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.UrlType;
import org.hl7.fhir.r5.utils.validation.constants.BestPracticeWarningLevel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reusing HL7 instance validators gives exactly the messages of HAPI's {@link FhirInstanceValidator}, which builds a
 * new one per resource: on the valid and invalid examples, the EHR-shaped intake fixtures and every resource of the
 * scenario bundles, each declaring its inferred Somaxis profile.
 */
class PooledInstanceValidatorTest {
	private static List<IBaseResource> corpus;

	@BeforeAll
	static void corpus() {
		List<IBaseResource> resources = new ArrayList<>();
		Stream.of("examples/resources", "examples/resources/invalid", "src/test/resources/intake")
				.flatMap(folder -> Artefacts.files(folder).stream())
				.map(Artefacts::read)
				.forEach(resources::add);
		Artefacts.files("examples/bundles").stream()
				.limit(6)
				.map(Artefacts::read)
				.flatMap(bundle -> ((Bundle) bundle).getEntry().stream())
				.map(Bundle.BundleEntryComponent::getResource)
				.forEach(resources::add);
		// several resource types in one parse: whole Bundles, and an order whose Medication is contained (one
		// ingredient lacks its required item)
		Artefacts.files("examples/bundles").stream().limit(2).map(Artefacts::read).forEach(resources::add);
		resources.add(orderWithAContainedMedication());
		resources.forEach(ProfileInference::declareInferredProfiles);
		corpus = resources;
		assertThat(corpus).hasSizeGreaterThan(200);
	}

	@Test
	void pooledValidators_giveTheMessagesOfANewValidatorPerResource() {
		FhirValidator perResource = Artefacts.FHIR.newValidator().registerValidatorModule(hapiWithThePolicysSettings());
		PooledInstanceValidator pool = new PooledInstanceValidator(Artefacts.chain(), 1);
		FhirValidator pooled = Artefacts.FHIR.newValidator().registerValidatorModule(pool);

		int withFindings = 0;
		for (IBaseResource resource : corpus) {
			String messages = describe(pooled, resource);
			assertThat(messages).as(resource.getIdElement().getValue()).isEqualTo(describe(perResource, resource));
			withFindings += messages.isEmpty() ? 0 : 1;
		}
		assertThat(withFindings).as("resources with messages").isGreaterThan(20);
		assertThat(pool.built()).isEqualTo((corpus.size() + PooledInstanceValidator.MAX_USES - 1) / PooledInstanceValidator.MAX_USES);
	}

	/** A validator parses with a parser of its own, kept between resources: each resource is still read whole. */
	@Test
	void aReusedValidator_findsTheErrorsOfAContainedResource_eachTime() {
		FhirValidator pooled = Artefacts.FHIR.newValidator()
				.registerValidatorModule(new PooledInstanceValidator(Artefacts.chain(), 1));
		MedicationRequest order = orderWithAContainedMedication();
		String first = describe(pooled, order);
		assertThat(first).contains("ERROR MedicationRequest.contained[0]/*Medication/compounded*/.ingredient[1]");
		assertThat(describe(pooled, WriteValidation.sampleIgf1())).doesNotContain("ERROR");
		assertThat(describe(pooled, order)).isEqualTo(first);
	}

	@Test
	void aValidatorIsRetiredAfterItsMaximumUses() {
		int maxUses = 3;
		PooledInstanceValidator pool = new PooledInstanceValidator(Artefacts.chain(), 1, maxUses);
		FhirValidator pooled = Artefacts.FHIR.newValidator().registerValidatorModule(pool);
		IBaseResource resource = corpus.get(0);
		for (int i = 0; i < maxUses + 1; i++) {
			pooled.validateWithResult(resource);
		}
		assertThat(pool.built()).isEqualTo(2);
	}

	/**
	 * The HL7 validator records every coding it sees and the narrative id map of every resource it resolves a
	 * fragment in, each entry reaching a whole parsed resource, and never forgets them; a pooled validator must. It
	 * and its parser also keep the last resource's element tree until the next use; a pooled validator drops it.
	 */
	@Test
	void aReusedValidator_keepsNoCodingsNarrativeMapsOrElementTreesOfEarlierResources() {
		PooledInstanceValidator pool = new PooledInstanceValidator(Artefacts.chain(), 1);
		FhirValidator pooled = Artefacts.FHIR.newValidator().registerValidatorModule(pool);
		Observation igf1 = WriteValidation.sampleIgf1();
		igf1.getText().setStatus(Narrative.NarrativeStatus.GENERATED)
				.setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\"><p id=\"a\">IGF-1</p></div>");
		igf1.getCode().getCodingFirstRep().addExtension(
				"http://hl7.org/fhir/StructureDefinition/narrativeLink", new UrlType("#a"));
		ProfileInference.declareInferredProfiles(igf1);
		for (int i = 0; i < 3; i++) {
			pooled.validateWithResult(igf1);
		}
		assertThat(pool.built()).isEqualTo(1);
		assertThat(pool.keptCacheEntries()).isZero();
	}

	@Test
	void concurrentValidations_giveTheSameMessagesAsSequentialOnes() throws Exception {
		PooledInstanceValidator pool = new PooledInstanceValidator(Artefacts.chain(), 4);
		FhirValidator pooled = Artefacts.FHIR.newValidator().registerValidatorModule(pool);
		List<String> sequential = corpus.stream().map(r -> describe(pooled, r)).toList();

		ExecutorService threads = Executors.newFixedThreadPool(4);
		try {
			List<Future<String>> concurrent = new ArrayList<>();
			for (IBaseResource resource : corpus) {
				concurrent.add(threads.submit(() -> describe(pooled, resource)));
			}
			for (int i = 0; i < corpus.size(); i++) {
				assertThat(concurrent.get(i).get()).isEqualTo(sequential.get(i));
			}
		} finally {
			threads.shutdownNow();
		}
		assertThat(pool.built() * 5).as("validators built (x5) for %d validations", 2 * corpus.size())
				.isLessThanOrEqualTo(2L * corpus.size());
	}

	/**
	 * The HL7 validator warns once per validator about a retired definition a resource depends on; a reused validator
	 * must warn again for the next resource, as a new one would.
	 */
	@Test
	void retiredDefinitionWarning_isGivenForEveryResource_notOncePerValidator() {
		StructureDefinition retired = new StructureDefinition();
		retired.setUrl(RETIRED_EXTENSION).setName("RetiredNote").setStatus(Enumerations.PublicationStatus.RETIRED)
				.setKind(StructureDefinition.StructureDefinitionKind.COMPLEXTYPE).setAbstract(false).setType("Extension")
				.setBaseDefinition("http://hl7.org/fhir/StructureDefinition/Extension")
				.setDerivation(StructureDefinition.TypeDerivationRule.CONSTRAINT)
				.addContext().setType(StructureDefinition.ExtensionContextType.ELEMENT).setExpression("Observation");
		retired.getDifferential().addElement().setPath("Extension").setId("Extension");
		ElementDefinition url = retired.getDifferential().addElement().setPath("Extension.url");
		url.setId("Extension.url");
		url.setFixed(new UriType(RETIRED_EXTENSION));
		ElementDefinition value = retired.getDifferential().addElement().setPath("Extension.value[x]");
		value.setId("Extension.value[x]");
		value.addType().setCode("string");
		ValidationSupportChain chain = ConformanceArtefacts.validationChain(Artefacts.FHIR,
				ConformanceArtefacts.parse(Artefacts.FHIR, PackageBuilder.fromDirectories(Artefacts.ROOT)), List.of(retired));
		FhirInstanceValidator hapi = new FhirInstanceValidator(chain);
		hapi.setAnyExtensionsAllowed(true);
		hapi.setErrorForUnknownProfiles(false);
		hapi.setBestPracticeWarningLevel(BestPracticeWarningLevel.Ignore);
		FhirValidator perResource = Artefacts.FHIR.newValidator().registerValidatorModule(hapi);
		FhirValidator pooled = Artefacts.FHIR.newValidator().registerValidatorModule(new PooledInstanceValidator(chain, 1));

		Observation igf1 = WriteValidation.sampleIgf1();
		igf1.addExtension(RETIRED_EXTENSION, new StringType("a note"));
		ProfileInference.declareInferredProfiles(igf1);
		String expected = describe(perResource, igf1);
		assertThat(expected).contains(RETIRED_EXTENSION);
		assertThat(describe(pooled, igf1)).isEqualTo(expected);
		assertThat(describe(pooled, igf1)).as("the same validator, again").isEqualTo(expected);
	}

	private static MedicationRequest orderWithAContainedMedication() {
		Medication compounded = new Medication();
		compounded.setId("compounded");
		compounded.getCode().setText("sermorelin 9 mg vial (compounded)");
		compounded.addIngredient().setItem(new CodeableConcept().setText("sermorelin acetate"));
		compounded.addIngredient().setIsActive(false);
		MedicationRequest order = new MedicationRequest();
		order.setId("contained-medication");
		order.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE)
				.setIntent(MedicationRequest.MedicationRequestIntent.ORDER)
				.setSubject(new Reference("Patient/p1"))
				.setMedication(new Reference("#compounded"));
		order.addContained(compounded);
		return order;
	}

	private static final String RETIRED_EXTENSION = "http://example.org/fhir/StructureDefinition/retired-note";

	private static FhirInstanceValidator hapiWithThePolicysSettings() {
		FhirInstanceValidator settings = new FhirInstanceValidator(Artefacts.chain());
		settings.setAnyExtensionsAllowed(true);
		settings.setErrorForUnknownProfiles(false);
		settings.setBestPracticeWarningLevel(BestPracticeWarningLevel.Ignore);
		return settings;
	}

	private static String describe(FhirValidator validator, IBaseResource resource) {
		StringBuilder text = new StringBuilder();
		for (SingleValidationMessage m : validator.validateWithResult(resource).getMessages()) {
			text.append(m.getSeverity()).append(' ').append(m.getLocationString())
					.append(" [").append(m.getLocationLine()).append(':').append(m.getLocationCol()).append("] ")
					.append(m.getMessageId()).append(": ").append(m.getMessage())
					.append(' ').append(m.getSliceMessages()).append('\n');
		}
		return text.toString();
	}
}
