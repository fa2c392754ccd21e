package org.somaxis.guidance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The guidance package stays pure: HAPI R4 model, java.*, Jackson, the UCUM library and itself, with one-way sub-package arrows. */
class DependencyRulesTest {
	private static final Path MAIN = Path.of("src/main/java/org/somaxis/guidance");
	private static final Pattern IMPORT = Pattern.compile("(?m)^import (?:static )?([\\w.]+)");

	private static List<String> imports(Path file) {
		try {
			Matcher matcher = IMPORT.matcher(Files.readString(file));
			return matcher.results().map(result -> result.group(1)).toList();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static Stream<Path> sources(Path directory) throws IOException {
		return Files.walk(directory).filter(path -> path.toString().endsWith(".java"));
	}

	@Test
	void mainCodeImportsOnlyTheR4ModelJavaJacksonUcumAndItself() throws IOException {
		try (Stream<Path> files = sources(MAIN)) {
			assertThat(files.flatMap(file -> imports(file).stream()))
					.allMatch(name -> name.startsWith("java.")
							|| name.startsWith("org.hl7.fhir.r4.model.")
							|| name.startsWith("com.fasterxml.jackson.")
							|| name.startsWith("org.fhir.ucum.")
							|| name.startsWith("org.somaxis.guidance."));
		}
	}

	@Test
	void knowledgeDependsOnNeitherRecordNorRules() throws IOException {
		try (Stream<Path> files = sources(MAIN.resolve("knowledge"))) {
			assertThat(files.flatMap(file -> imports(file).stream()))
					.noneMatch(name -> name.startsWith("org.somaxis.guidance.record.")
							|| name.startsWith("org.somaxis.guidance.rules."));
		}
	}

	@Test
	void recordDoesNotDependOnRules() throws IOException {
		try (Stream<Path> files = sources(MAIN.resolve("record"))) {
			assertThat(files.flatMap(file -> imports(file).stream()))
					.noneMatch(name -> name.startsWith("org.somaxis.guidance.rules."));
		}
	}
}
