package org.somaxis.platform;

import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The REST contract on the default embedded H2 file database. */
class FhirRestH2IT extends FhirRestContract {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add(
				"spring.datasource.url",
				() -> "jdbc:h2:file:./target/it-data/rest-" + UUID.randomUUID() + "/somaxis;DB_CLOSE_ON_EXIT=FALSE");
	}
}
