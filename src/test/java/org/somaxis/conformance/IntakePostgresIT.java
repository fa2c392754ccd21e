package org.somaxis.conformance;

import org.somaxis.support.EmbeddedPostgres;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Real-world intake on a real PostgreSQL server, with the production {@code postgres} profile. */
@ActiveProfiles("postgres")
class IntakePostgresIT extends IntakeContract {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		String url = EmbeddedPostgres.shared().createDatabase("intake");
		registry.add("spring.datasource.url", () -> url);
		registry.add("spring.datasource.username", () -> "postgres");
		registry.add("spring.datasource.password", () -> "");
	}
}
