package org.somaxis.config;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.somaxis.cdshooks.CardRenderer;
import org.somaxis.cdshooks.CdsAuthenticationFilter;
import org.somaxis.cdshooks.CdsClientAuthenticator;
import org.somaxis.cdshooks.CdsHooksController;
import org.somaxis.cdshooks.CdsServices;
import org.somaxis.cdshooks.FeedbackRetention;
import org.somaxis.cdshooks.FeedbackStore;
import org.somaxis.cdshooks.RulePages;
import org.somaxis.gather.DataSources;
import org.somaxis.gather.DraftOrderReader;
import org.somaxis.gather.GuidanceService;
import org.somaxis.guidance.knowledge.Knowledge;
import org.somaxis.platform.SchemaMigration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/** The CDS Hooks 2.0 services at {@code /cds-services} (docs/cds-services.md): same engine as $evaluate. */
@Configuration
public class CdsHooksConfig {

	/** Its tables come from the schema migrations, hence the {@code schemaMigration} parameter (ordering only). */
	@Bean
	FeedbackStore cdsFeedbackStore(JdbcTemplate jdbcTemplate, SchemaMigration schemaMigration) {
		return new FeedbackStore(jdbcTemplate);
	}

	@Bean
	FeedbackRetention cdsFeedbackRetention(FeedbackStore cdsFeedbackStore, CdsProperties properties) {
		return new FeedbackRetention(cdsFeedbackStore, properties.feedbackRetention(), Duration.ofHours(1), Clock.systemUTC());
	}

	@Bean
	CdsServices cdsServices(FhirContext fhirContext, DataSources dataSources, DraftOrderReader draftOrderReader,
			GuidanceService guidanceService, FeedbackStore cdsFeedbackStore, ObjectMapper objectMapper) {
		return new CdsServices(dataSources, draftOrderReader, guidanceService,
				new CardRenderer(fhirContext, objectMapper), cdsFeedbackStore);
	}

	@Bean
	CdsHooksController cdsHooksController(CdsServices cdsServices, FeedbackStore cdsFeedbackStore, Knowledge knowledge,
			ObjectMapper objectMapper) {
		return new CdsHooksController(cdsServices, cdsFeedbackStore, new RulePages(knowledge), objectMapper);
	}

	/** The one CDS client authenticator: permissive until the security issue verifies the JWT. */
	@Bean
	CdsClientAuthenticator cdsClientAuthenticator() {
		return CdsClientAuthenticator.permissive();
	}

	@Bean
	FilterRegistrationBean<CdsAuthenticationFilter> cdsAuthentication(
			CdsClientAuthenticator cdsClientAuthenticator, ObjectMapper objectMapper) {
		FilterRegistrationBean<CdsAuthenticationFilter> registration =
				new FilterRegistrationBean<>(new CdsAuthenticationFilter(cdsClientAuthenticator, objectMapper));
		registration.addUrlPatterns("/cds-services", "/cds-services/*");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
		registration.setName("cdsAuthentication");
		return registration;
	}

	/** CORS for browser CDS clients (e.g. the CDS Hooks sandbox); answers preflight before any other filter. */
	@Bean
	FilterRegistrationBean<CorsFilter> cdsCors(CdsProperties properties) {
		CorsConfiguration cors = new CorsConfiguration();
		cors.setAllowedOriginPatterns(properties.allowedOrigins());
		cors.setAllowedMethods(List.of("GET", "POST", "OPTIONS"));
		cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Accept"));
		cors.setAllowCredentials(false);
		cors.setMaxAge(3600L);
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/cds-services", cors);
		source.registerCorsConfiguration("/cds-services/**", cors);
		FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(new CorsFilter(source));
		registration.addUrlPatterns("/cds-services", "/cds-services/*");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		registration.setName("cdsCors");
		return registration;
	}
}
