package org.somaxis.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** The repository's artefacts and examples, and the server's in-memory validation chain over them (built once). */
final class Artefacts {
	static final FhirContext FHIR = FhirContext.forR4Cached();
	static final Path ROOT = Path.of(".").toAbsolutePath().normalize();
	static final String BASE = PackageBuilder.CANONICAL;
	static final String VERSION = "0.1.0";

	private static ValidationSupportChain chain;
	private static ResourceValidator validator;

	private Artefacts() {}

	/** A context of its own whose parser records the parse checks' problems, as the server's does. */
	static FhirContext withParseChecks() {
		FhirContext context = FhirContext.forR4();
		context.setParserErrorHandler(new ParseChecks());
		return context;
	}

	static List<Path> files(String folder) {
		try (Stream<Path> files = Files.list(ROOT.resolve(folder))) {
			return files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	static List<Path> artefactFiles() {
		List<Path> files = new ArrayList<>(files("profiles"));
		files.addAll(files("terminology"));
		return files;
	}

	static IBaseResource read(Path file) {
		try {
			return FHIR.newJsonParser().parseResource(Files.readString(file));
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	static synchronized ValidationSupportChain chain() {
		if (chain == null) {
			chain = ConformanceArtefacts.validationChain(
					FHIR, ConformanceArtefacts.parse(FHIR, PackageBuilder.fromDirectories(ROOT)));
		}
		return chain;
	}

	/** The server's validator (default policy) on the repository's artefacts. */
	static synchronized ResourceValidator validator() {
		if (validator == null) {
			validator = new ResourceValidator(FHIR, chain(), UnknownProfilePolicy.WARN, null);
		}
		return validator;
	}

	/** Validates like the server does on write (the same code path): the errors. */
	static List<SingleValidationMessage> errors(IBaseResource resource) {
		return validator().validate(resource, List.of()).stream()
				.filter(ResourceValidator::isError)
				.toList();
	}

	/**
	 * The verdict of a shape table (ActivityObservationShapesTest, LabObservationShapesTest): "accepted" with no error and
	 * either none of our warnings ({@code expected} "-") or one naming {@code expected}; "refused" with an error
	 * whose message or location contains {@code expected}. Our warnings are those whose message names a key of ours.
	 */
	static void assertShape(IBaseResource resource, String outcome, String expected, java.util.regex.Pattern ourKey) {
		List<SingleValidationMessage> messages = validator().validate(resource, List.of());
		List<SingleValidationMessage> errors = messages.stream().filter(ResourceValidator::isError).toList();
		List<SingleValidationMessage> ourWarnings = messages.stream()
				.filter(m -> m.getSeverity() == ca.uhn.fhir.validation.ResultSeverityEnum.WARNING)
				.filter(m -> ourKey.matcher(m.getMessage()).find())
				.toList();
		if (outcome.equals("accepted")) {
			org.assertj.core.api.Assertions.assertThat(errors).as(describe(errors)).isEmpty();
			if (expected.equals("-")) {
				org.assertj.core.api.Assertions.assertThat(ourWarnings).as(describe(ourWarnings)).isEmpty();
			} else {
				org.assertj.core.api.Assertions.assertThat(ourWarnings).as(describe(messages))
						.anySatisfy(m -> org.assertj.core.api.Assertions.assertThat(m.getMessage()).contains(expected + ":"));
			}
		} else {
			org.assertj.core.api.Assertions.assertThat(errors).as(describe(messages)).anySatisfy(m ->
					org.assertj.core.api.Assertions.assertThat(m.getMessage() + " " + m.getLocationString()).contains(expected));
		}
	}

	static String describe(List<SingleValidationMessage> messages) {
		return messages.stream()
				.map(m -> m.getSeverity() + " " + m.getLocationString() + ": " + m.getMessage())
				.collect(Collectors.joining("\n"));
	}
}
