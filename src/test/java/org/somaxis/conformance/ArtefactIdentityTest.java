package org.somaxis.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.ImplementationGuide;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every artefact's file name, id, url, name and version agree, and every profile is complete. */
class ArtefactIdentityTest {
	static final Set<String> FRAGMENT_URLS =
			Set.of("http://loinc.org", "http://snomed.info/sct", "http://www.nlm.nih.gov/research/umls/rxnorm",
					"http://hl7.org/fhir/sid/ndc", "http://www.whocc.no/atc");

	static Stream<Path> artefacts() {
		return Artefacts.artefactFiles().stream();
	}

	static Stream<Path> everyJsonFile() {
		return Stream.of("profiles", "terminology", "examples/resources", "examples/resources/invalid", "examples/bundles")
				.flatMap(folder -> Artefacts.files(folder).stream());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("everyJsonFile")
	void fileName_isResourceTypeDashId(Path file) {
		Resource resource = (Resource) Artefacts.read(file);
		assertThat(file.getFileName().toString())
				.isEqualTo(resource.fhirType() + "-" + resource.getIdElement().getIdPart() + ".json");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("artefacts")
	void idUrlNameAndVersion_agree(Path file) {
		if (!(Artefacts.read(file) instanceof MetadataResource resource)) {
			return; // an ObservationDefinition has no url, name or version in R4
		}
		String id = resource.getIdElement().getIdPart();
		assertThat(id).matches("[a-z0-9]+(-[a-z0-9]+)*");
		if (resource instanceof CodeSystem codeSystem && codeSystem.getContent() == CodeSystem.CodeSystemContentMode.FRAGMENT) {
			assertThat(codeSystem.getUrl()).isIn(FRAGMENT_URLS);
		} else {
			assertThat(resource.getUrl()).isEqualTo(Artefacts.BASE + "/" + resource.fhirType() + "/" + id);
		}
		assertThat(resource.getName()).matches("[A-Z][A-Za-z0-9]*");
		assertThat(resource.getName().toLowerCase()).isIn(
				"somaxis" + id.replace("-", "").replace("somaxis", ""), id.replace("-", ""));
		assertThat(resource.getVersion()).isEqualTo(Artefacts.VERSION);
		assertThat(resource.getStatus()).isEqualTo(PublicationStatus.ACTIVE);
		assertThat(resource.getDescription()).isNotBlank();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("artefacts")
	void profile_hasSnapshotAndDescribesEveryConstraint(Path file) {
		if (!(Artefacts.read(file) instanceof StructureDefinition profile)) {
			return;
		}
		assertThat(profile.getFhirVersion().toCode()).isEqualTo("4.0.1");
		assertThat(profile.hasSnapshot()).as("snapshot").isTrue();
		Set<String> snapshotIds = profile.getSnapshot().getElement().stream()
				.map(ElementDefinition::getId)
				.collect(Collectors.toSet());
		for (ElementDefinition element : profile.getDifferential().getElement()) {
			assertThat(snapshotIds).as("snapshot has " + element.getId()).contains(element.getId());
			assertThat(element.getDefinition()).as("definition of " + element.getId()).isNotBlank();
			if (element.hasBinding() && element.getBinding().hasValueSet()) {
				assertThat(Artefacts.chain().fetchValueSet(element.getBinding().getValueSet()))
						.as("bound ValueSet " + element.getBinding().getValueSet())
						.isNotNull();
			}
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("artefacts")
	void artefact_validatesAgainstTheCoreSpec(Path file) {
		var errors = Artefacts.errors(Artefacts.read(file));
		assertThat(errors).as(Artefacts.describe(errors)).isEmpty();
	}

	@Test
	void implementationGuide_listsEveryArtefactAndExample() {
		ImplementationGuide guide =
				(ImplementationGuide) Artefacts.read(Artefacts.ROOT.resolve("profiles/ImplementationGuide-somaxis.json"));
		assertThat(guide.getPackageId()).isEqualTo(PackageBuilder.PACKAGE_NAME);
		Set<String> listed = guide.getDefinition().getResource().stream()
				.map(r -> r.getReference().getReference())
				.collect(Collectors.toSet());
		Set<String> expected = new HashSet<>();
		Stream.concat(Artefacts.artefactFiles().stream(), Artefacts.files("examples/resources").stream())
				.map(file -> (Resource) Artefacts.read(file))
				.filter(resource -> !(resource instanceof ImplementationGuide))
				.forEach(resource -> expected.add(resource.fhirType() + "/" + resource.getIdElement().getIdPart()));
		assertThat(listed).isEqualTo(expected);
	}

	/**
	 * A code a ValueSet of the package enumerates, in a code system the package holds as a fragment, is in that fragment:
	 * HAPI, and a standard validator loading the package, leave out of an expansion, and deny in $lookup and
	 * $validate-code, a code the held fragment lacks. 24 atrial fibrillation concepts and the 176 RxCUIs of the VSAC
	 * medication sets were missing (probe 54, P54-M3).
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource("artefacts")
	void everyEnumeratedCodeOfAFragmentSystem_isInTheFragment(Path file) {
		if (!(Artefacts.read(file) instanceof org.hl7.fhir.r4.model.ValueSet valueSet)) {
			return;
		}
		java.util.Map<String, Set<String>> fragments = new java.util.HashMap<>();
		artefacts().map(Artefacts::read)
				.filter(read -> read instanceof CodeSystem codeSystem && codeSystem.getContent() == CodeSystem.CodeSystemContentMode.FRAGMENT)
				.map(CodeSystem.class::cast)
				.forEach(fragment -> fragments.put(fragment.getUrl(), fragment.getConcept().stream()
						.map(CodeSystem.ConceptDefinitionComponent::getCode).collect(Collectors.toSet())));
		for (org.hl7.fhir.r4.model.ValueSet.ConceptSetComponent include : valueSet.getCompose().getInclude()) {
			Set<String> held = fragments.get(include.getSystem());
			if (held != null) {
				assertThat(include.getConcept()).allSatisfy(concept ->
						assertThat(held).as(include.getSystem() + " fragment").contains(concept.getCode()));
			}
		}
	}
}
