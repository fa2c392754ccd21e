package org.somaxis.config;

import ca.uhn.fhir.context.FhirContext;
import org.somaxis.security.BodyInspector;
import org.somaxis.security.QueryInspector;
import org.somaxis.security.RequestGuardFilter;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Cross-cutting protections in front of every endpoint. */
@Configuration
@EnableConfigurationProperties(RequestGuardProperties.class)
public class SecurityConfig {

	@Bean
	FilterRegistrationBean<RequestGuardFilter> requestGuard(RequestGuardProperties properties, FhirContext fhirContext) {
		RequestGuardFilter filter = new RequestGuardFilter(
				properties.maxBodySize().toBytes(),
				new BodyInspector(properties.maxNumberExponent(), properties.maxNestingDepth()),
				new QueryInspector(properties.maxNumberExponent()),
				fhirContext);
		FilterRegistrationBean<RequestGuardFilter> registration = new FilterRegistrationBean<>(filter);
		registration.addUrlPatterns("/fhir/*", "/cds-services/*");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		registration.setName("requestGuard");
		return registration;
	}
}
