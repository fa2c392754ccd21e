package org.somaxis.config;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Meta;
import org.somaxis.platform.DemoDataLoader;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;

/** Operational pieces: demo data. Schema migration is wired with the storage in {@link FhirJpaConfig}. */
@Configuration
@EnableConfigurationProperties(DemoDataProperties.class)
public class PlatformConfig {

	@Bean
	@ConditionalOnProperty(name = "somaxis.demo.enabled", havingValue = "true")
	DemoDataLoader demoDataLoader(
			DemoDataProperties properties,
			ResourceLoader resourceLoader,
			FhirContext fhirContext,
			IFhirSystemDao<Bundle, Meta> systemDao) {
		return new DemoDataLoader(properties.bundles(), resourceLoader, fhirContext, systemDao);
	}
}
