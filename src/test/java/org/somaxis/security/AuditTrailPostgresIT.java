package org.somaxis.security;

import org.somaxis.support.EmbeddedPostgres;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The audit trail on a real PostgreSQL server, with the production {@code postgres} profile (smart by default). */
@ActiveProfiles("postgres")
class AuditTrailPostgresIT extends AuditTrailIT {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		String url = EmbeddedPostgres.shared().createDatabase("audit_trail");
		registry.add("spring.datasource.url", () -> url);
		registry.add("spring.datasource.username", () -> "postgres");
		registry.add("spring.datasource.password", () -> "");
	}
}
