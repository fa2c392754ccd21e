package org.somaxis.config;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.somaxis.audit.AuditTrail;
import org.somaxis.cdshooks.CardRenderer;
import org.somaxis.cdshooks.CdsAuthenticationFilter;
import org.somaxis.cdshooks.CdsClientAuthenticator;
import org.somaxis.cdshooks.CdsException;
import org.somaxis.cdshooks.CdsHooksController;
import org.somaxis.cdshooks.CdsServices;
import org.somaxis.cdshooks.StoreAuthorization;
import org.somaxis.cdshooks.FeedbackRetention;
import org.somaxis.cdshooks.FeedbackStore;
import org.somaxis.cdshooks.RulePages;
import org.somaxis.gather.DataSources;
import org.somaxis.gather.DraftOrderReader;
import org.somaxis.gather.GuidanceService;
import org.somaxis.guidance.knowledge.Knowledge;
import org.somaxis.platform.SchemaMigration;
import org.somaxis.security.cds.CdsClientJwtVerifier;
import org.somaxis.security.cds.ReplayCache;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.filter.CorsFilter;

/** The CDS Hooks 2.0 services at {@code /cds-services} (docs/cds-services.md): same engine as $evaluate. */
@Configuration
public class CdsHooksConfig {
	private static final Logger log = LoggerFactory.getLogger(CdsHooksConfig.class);

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
			GuidanceService guidanceService, FeedbackStore cdsFeedbackStore, ObjectMapper objectMapper, Knowledge knowledge,
			ObjectProvider<StoreAuthorization> storeAuthorization) {
		return new CdsServices(dataSources, draftOrderReader, guidanceService,
				new CardRenderer(fhirContext, objectMapper, knowledge.notices()), cdsFeedbackStore,
				storeAuthorization.getIfAvailable(StoreAuthorization::unchecked));
	}

	@Bean
	CdsHooksController cdsHooksController(CdsServices cdsServices, FeedbackStore cdsFeedbackStore, Knowledge knowledge,
			ObjectMapper objectMapper) {
		return new CdsHooksController(cdsServices, cdsFeedbackStore, new RulePages(knowledge), objectMapper);
	}

	/**
	 * The one CDS client authenticator. Smart mode: every service call and feedback needs a JWT of a trusted client
	 * (CdsClientJwtVerifier), else 401. Open mode: a JWT is verified when trusted clients are configured and one is
	 * sent; otherwise calls are accepted unverified.
	 */
	@Bean
	CdsClientAuthenticator cdsClientAuthenticator(CdsProperties properties, SecurityProperties security) {
		boolean required = security.mode() == SecurityProperties.Mode.SMART;
		if (!required && properties.trustedClients().isEmpty()) {
			return CdsClientAuthenticator.permissive();
		}
		if (required && properties.trustedClients().isEmpty()) {
			log.warn("Security mode smart with no somaxis.cds.trusted-clients: every CDS service call will get 401");
		}
		CdsClientJwtVerifier verifier = new CdsClientJwtVerifier(properties.trustedClients(),
				new ReplayCache(properties.replayCacheSize(), Clock.systemUTC()), Clock.systemUTC());
		return (request, audience) -> {
			String header = request.getHeader("Authorization");
			if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
				if (required) {
					throw new CdsException(401, "A CDS client JWT is required");
				}
				return CdsClientAuthenticator.CdsClient.ANONYMOUS;
			}
			String token = header.substring(7).trim();
			try {
				return new CdsClientAuthenticator.CdsClient(verifier.verify(token, audience).issuer(), token);
			} catch (CdsClientJwtVerifier.Rejected e) {
				log.info("CDS client JWT refused: {}", e.getMessage());
				throw new CdsException(401, "The CDS client could not be authenticated");
			}
		};
	}

	@Bean
	FilterRegistrationBean<CdsAuthenticationFilter> cdsAuthentication(
			CdsClientAuthenticator cdsClientAuthenticator, ObjectMapper objectMapper, ObjectProvider<AuditTrail> auditTrail) {
		AuditTrail audit = auditTrail.getIfAvailable();
		CdsAuthenticationFilter.CdsCallListener listener =
				audit == null ? CdsAuthenticationFilter.CdsCallListener.NONE : audit::cdsCall;
		FilterRegistrationBean<CdsAuthenticationFilter> registration =
				new FilterRegistrationBean<>(new CdsAuthenticationFilter(cdsClientAuthenticator, objectMapper, listener));
		registration.addUrlPatterns("/cds-services", "/cds-services/*");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
		registration.setName("cdsAuthentication");
		return registration;
	}

	/** CORS for browser CDS clients (e.g. the CDS Hooks sandbox); answers preflight before any other filter. */
	@Bean
	FilterRegistrationBean<CorsFilter> cdsCors(CdsProperties properties) {
		return CorsRegistrations.registration("cdsCors", properties.allowedOrigins(), List.of("GET", "POST", "OPTIONS"),
				List.of("Authorization", "Content-Type", "Accept"), List.of(), List.of("/cds-services", "/cds-services/*"));
	}
}
