package org.somaxis.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.validation.SingleValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.somaxis.conformance.tools.SyntheticBundleGenerator;

/** The scenario bundles, the demo bundle and generated bundles pass the write validation. */
class ScenarioBundleTest {

	static Stream<Path> bundles() {
		return Artefacts.files("examples/bundles").stream();
	}

	@Test
	void atLeastTwelveScenarioBundles_eachDescribedInTheReadme() throws IOException {
		String readme = Files.readString(Artefacts.ROOT.resolve("examples/bundles/README.md"));
		assertThat(bundles().toList())
				.hasSizeGreaterThanOrEqualTo(12)
				.allSatisfy(file -> assertThat(readme).contains(file.getFileName().toString()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("bundles")
	void scenarioBundle_isATransactionForOnePatient_andEveryEntryValidates(Path file) {
		Bundle bundle = (Bundle) Artefacts.read(file);
		assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
		assertThat(bundle.getEntry()).filteredOn(e -> e.getResource() instanceof Patient).hasSize(1);
		assertEveryEntryValidates(bundle);
	}

	@Test
	void demoBundle_passesTheWriteValidation() {
		assertEveryEntryValidates((Bundle) Artefacts.read(Artefacts.ROOT.resolve("src/main/resources/demo/Bundle-demo-patients.json")));
	}

	@Test
	void generator_isSeeded_andItsBundlesValidate() {
		var parser = Artefacts.FHIR.newJsonParser();
		List<String> first = SyntheticBundleGenerator.generate(2, 7).stream().map(parser::encodeResourceToString).toList();
		List<String> again = SyntheticBundleGenerator.generate(2, 7).stream().map(parser::encodeResourceToString).toList();
		List<String> other = SyntheticBundleGenerator.generate(2, 8).stream().map(parser::encodeResourceToString).toList();
		assertThat(first).isEqualTo(again).isNotEqualTo(other);
		SyntheticBundleGenerator.generate(2, 42).forEach(ScenarioBundleTest::assertEveryEntryValidates);
	}

	static void assertEveryEntryValidates(Bundle bundle) {
		List<SingleValidationMessage> errors = new ArrayList<>();
		int profiled = 0;
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			if (!ProfileInference.profilesFor(entry.getResource()).isEmpty()) {
				profiled++;
			}
			errors.addAll(Artefacts.errors(entry.getResource()));
		}
		assertThat(profiled).as("entries with a profiled code").isPositive();
		assertThat(errors).as(Artefacts.describe(errors)).isEmpty();
	}
}
