package org.somaxis.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.somaxis.conformance.tools.BundleLoader;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The REST contract on the default embedded H2 file database, and the scenario bundles loaded over HTTP. */
class FhirRestH2IT extends FhirRestContract {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add(
				"spring.datasource.url",
				() -> "jdbc:h2:file:./target/it-data/rest-" + UUID.randomUUID() + "/somaxis;DB_CLOSE_ON_EXIT=FALSE");
	}

	@Test
	void everyScenarioBundle_loadsOverHttpWithTheLoader() throws Exception {
		BundleLoader.Summary summary = loader().load(BundleLoader.bundleFiles(Path.of("examples/bundles")));
		assertThat(summary.bundles()).isGreaterThanOrEqualTo(12);
		assertThat(summary.rejections()).as(summary.describe()).isEmpty();
		assertThat(summary.loaded()).isEqualTo(summary.bundles());
	}

	@Test
	void loader_reportsARejectedBundleWithItsOperationOutcome(@TempDir Path folder) throws Exception {
		String bad = Files.readString(Path.of("examples/bundles/Bundle-short-sleep.json"))
				.replace("\"code\": \"h\"", "\"code\": \"%\"").replace("\"unit\": \"h\"", "\"unit\": \"%\"");
		Files.writeString(folder.resolve("Bundle-bad.json"), bad);

		BundleLoader.Summary summary = loader().load(BundleLoader.bundleFiles(folder));

		assertThat(summary.loaded()).isZero();
		assertThat(summary.rejections()).singleElement().asString()
				.startsWith("Bundle-bad.json: HTTP 422")
				.contains("sleep-1");
	}

	private BundleLoader loader() {
		return new BundleLoader(http.base() + "/fhir", 2, new PrintStream(OutputStream.nullOutputStream()));
	}
}
