package org.somaxis.conformance;

import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Real-world intake on the default embedded H2 file database. */
class IntakeH2IT extends IntakeContract {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add(
				"spring.datasource.url",
				() -> "jdbc:h2:file:./target/it-data/intake-" + UUID.randomUUID() + "/somaxis;DB_CLOSE_ON_EXIT=FALSE");
	}
}
