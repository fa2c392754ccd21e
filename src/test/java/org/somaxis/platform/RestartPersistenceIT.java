package org.somaxis.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.somaxis.SomaxisApplication;
import org.somaxis.support.FhirHttp;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The embedded H2 file database keeps data across a restart, and demo data is loaded only once. */
class RestartPersistenceIT {

	@Test
	void dataWrittenBeforeARestartIsReadAfterIt_andDemoDataIsNotDuplicated() throws Exception {
		Path dataDir = Files.createDirectories(Path.of("target/it-data")).resolve("restart-" + System.nanoTime());
		String id;
		try (ConfigurableApplicationContext first = start(dataDir)) {
			FhirHttp http = new FhirHttp(port(first));
			Patient patient = FhirRestContract.patient("Persistent", "Person");
			id = FhirRestContract.idPart(http.postResource("/fhir/Patient", patient).header("Location"));
		}
		try (ConfigurableApplicationContext second = start(dataDir)) {
			FhirHttp http = new FhirHttp(port(second));
			Patient read = http.get("/fhir/Patient/" + id).as(Patient.class);
			assertThat(read.getNameFirstRep().getFamily()).isEqualTo("Person");
			Bundle demo = http.get("/fhir/Patient?identifier=http://somaxis.org/fhir/sid/demo%7C&_summary=count")
					.as(Bundle.class);
			assertThat(demo.getTotal()).isEqualTo(3);
		}
	}

	private static ConfigurableApplicationContext start(Path dataDir) {
		return new SpringApplicationBuilder(SomaxisApplication.class)
				.properties(
						"server.port=0",
						"somaxis.demo.enabled=true",
						"spring.datasource.url=jdbc:h2:file:" + dataDir.toAbsolutePath() + "/somaxis;DB_CLOSE_ON_EXIT=FALSE")
				.run();
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}
}
