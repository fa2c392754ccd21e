package org.somaxis.platform;

import org.somaxis.support.EmbeddedPostgres;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The REST contract on a real PostgreSQL server, with the production {@code postgres} profile. */
@ActiveProfiles("postgres")
class FhirRestPostgresIT extends FhirRestContract {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		String url = EmbeddedPostgres.shared().createDatabase("rest_contract");
		registry.add("spring.datasource.url", () -> url);
		registry.add("spring.datasource.username", () -> "postgres");
		registry.add("spring.datasource.password", () -> "");
	}
}
