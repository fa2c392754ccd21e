package org.somaxis.reliability;

import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.somaxis.SomaxisApplication;
import org.somaxis.support.EmbeddedPostgres;
import org.somaxis.support.FhirHttp;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The one server every reliability IT shares (one Spring context, cached across the classes): the production
 * {@code postgres} profile on a real PostgreSQL, validation on, demo data off, over real HTTP.
 */
@ActiveProfiles("postgres")
@SpringBootTest(
		classes = SomaxisApplication.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = {"somaxis.demo.enabled=false", "somaxis.guard.max-body-size=2MB"})
abstract class ReliabilityServer {
	private static String databaseUrl;

	@LocalServerPort
	int port;

	@Autowired
	DataSource dataSource;

	FhirHttp http;
	StoreInvariants store;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		Supplier<Object> url = ReliabilityServer::databaseUrl;
		registry.add("spring.datasource.url", url);
		registry.add("spring.datasource.username", () -> "postgres");
		registry.add("spring.datasource.password", () -> "");
	}

	private static synchronized String databaseUrl() {
		if (databaseUrl == null) {
			databaseUrl = EmbeddedPostgres.shared().createDatabase("reliability");
		}
		return databaseUrl;
	}

	@BeforeEach
	void connect() {
		http = new FhirHttp(port);
		store = new StoreInvariants(dataSource);
	}
}
