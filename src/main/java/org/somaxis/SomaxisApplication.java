package org.somaxis;

import org.somaxis.config.AuditConfig;
import org.somaxis.config.CdsHooksConfig;
import org.somaxis.config.ConformanceConfig;
import org.somaxis.config.ErrorHandlingConfig;
import org.somaxis.config.FhirJpaConfig;
import org.somaxis.config.FhirRestConfig;
import org.somaxis.config.GuidanceConfig;
import org.somaxis.config.PlatformConfig;
import org.somaxis.config.SecurityConfig;
import org.somaxis.config.SmartSecurityConfig;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.data.jpa.JpaRepositoriesAutoConfiguration;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.autoconfigure.thymeleaf.ThymeleafAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Somaxis: a HAPI FHIR JPA R4 server for growth-hormone-axis therapy clinics.
 *
 * <p>The {@code @Import} list is the table of contents. There is no component scan: every bean is
 * declared in one of these configuration classes.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(
		exclude = {
			// HAPI builds its own entity manager, repositories and schema (see FhirJpaConfig)
			HibernateJpaAutoConfiguration.class,
			JpaRepositoriesAutoConfiguration.class,
			FlywayAutoConfiguration.class,
			// Hibernate Search is off; this client would otherwise sniff for a cluster
			ElasticsearchRestClientAutoConfiguration.class,
			// HAPI brings Thymeleaf for narratives; Somaxis serves no HTML pages
			ThymeleafAutoConfiguration.class,
			// Spring Security runs only in smart mode, configured by SmartSecurityConfig (no default login, no
			// generated password; open mode has no security filter at all)
			SecurityAutoConfiguration.class,
			UserDetailsServiceAutoConfiguration.class,
			OAuth2ResourceServerAutoConfiguration.class,
			ManagementWebSecurityAutoConfiguration.class
		})
@Import({
	PlatformConfig.class, // schema migration, health, demo data, request logging
	SecurityConfig.class, // request guard in front of every endpoint; security mode (open binds to loopback)
	ErrorHandlingConfig.class, // errors outside HAPI (Jetty, Spring) as OperationOutcomes on /fhir
	SmartSecurityConfig.class, // smart mode: SMART on FHIR resource server, scopes, patient context
	FhirJpaConfig.class, // HAPI JPA storage (R4)
	GuidanceConfig.class, // guidance engine, knowledge data and the $evaluate operations
	FhirRestConfig.class, // the /fhir REST server
	ConformanceConfig.class, // Somaxis FHIR package, its install, validation on write
	CdsHooksConfig.class, // the CDS Hooks 2.0 services at /cds-services (client JWT verified in smart mode)
	AuditConfig.class // IHE BALP AuditEvents; write events in the write's own transaction
})
public class SomaxisApplication {

	public static void main(String[] args) {
		SpringApplication.run(SomaxisApplication.class, args);
	}
}
