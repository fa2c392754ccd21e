package org.somaxis.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The examples against the validation chain the server uses on write. */
class ExampleValidationTest {

	static Stream<Path> validExamples() {
		return Artefacts.files("examples/resources").stream();
	}

	static Stream<Path> invalidExamples() {
		return Artefacts.files("examples/resources/invalid").stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("validExamples")
	void validExample_hasNoErrors(Path file) {
		var errors = Artefacts.errors(Artefacts.read(file));
		assertThat(errors).as(Artefacts.describe(errors)).isEmpty();
	}

	@Test
	void everyProfile_hasAValidExample() {
		List<String> inferred = validExamples()
				.flatMap(file -> ProfileInference.profilesFor(Artefacts.read(file)).stream())
				.distinct()
				.toList();
		assertThat(inferred).containsExactlyInAnyOrder(ProfileInference.IGF1, ProfileInference.METABOLIC,
				ProfileInference.HOMA_IR, ProfileInference.SLEEP, ProfileInference.EXERCISE,
				ProfileInference.GH_PEPTIDE_ORDER);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidExamples")
	void invalidExample_failsWithItsExpectedMessage(Path file) throws IOException {
		List<String> expected = Files.readAllLines(
				file.resolveSibling(file.getFileName().toString().replace(".json", ".expected.txt")));
		String message = expected.get(0).substring("message: ".length());
		String location = expected.get(1).substring("location: ".length());
		var errors = Artefacts.errors(Artefacts.read(file));
		assertThat(errors)
				.as("an error containing '%s' at %s; got:%n%s", message, location, Artefacts.describe(errors))
				.anySatisfy(m -> {
					assertThat(m.getMessage()).contains(message);
					assertThat(m.getLocationString()).startsWith(location);
				});
	}

	@Test
	void igf1WithoutDeclaredProfile_isHeldToTheIgf1ProfileByInference() {
		Observation igf1 = (Observation) Artefacts.read(
				Artefacts.ROOT.resolve("examples/resources/Observation-igf1-normal-adult-male.json"));
		igf1.setMeta(null);
		assertThat(ProfileInference.profilesFor(igf1)).containsExactly(ProfileInference.IGF1);
		assertThat(Artefacts.errors(igf1)).isEmpty();

		igf1.setValue(new Quantity().setValue(146).setUnit("mg/dL").setSystem("http://unitsofmeasure.org").setCode("mg/dL"));
		assertThat(Artefacts.errors(igf1)).anySatisfy(m -> assertThat(m.getMessage()).contains("igf1-1"));
	}

	@Test
	void physicalActivityIgShapedSession_conformsToTheExerciseProfile() {
		Resource session = (Resource) Artefacts.read(
				Artefacts.ROOT.resolve("examples/resources/Observation-exercise-session-pa-ig-running.json"));
		assertThat(session.getMeta().getProfile()).isEmpty();
		assertThat(ProfileInference.profilesFor(session)).containsExactly(ProfileInference.EXERCISE);
		assertThat(Artefacts.errors(session)).isEmpty();
	}
}
