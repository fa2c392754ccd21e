package org.somaxis.config;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.matcher.SearchParamMatcher;
import ca.uhn.fhir.rest.server.RestfulServer;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.somaxis.audit.AuditTrail;
import org.somaxis.cdshooks.CdsException;
import org.somaxis.cdshooks.StoreAuthorization;
import org.somaxis.security.smart.AccessTokenDecoder;
import org.somaxis.security.smart.EvaluationReads;
import org.somaxis.security.smart.SmartAccess;
import org.somaxis.security.smart.SmartBulkExport;
import org.somaxis.security.smart.SmartConsentInterceptor;
import org.somaxis.security.smart.SmartDiscovery;
import org.somaxis.security.smart.SmartEnforcement;
import org.somaxis.security.smart.SmartErrorResponses;
import org.somaxis.security.smart.SmartRequests;
import org.somaxis.security.smart.SmartSearchNarrowing;
import org.somaxis.security.smart.SmartVisibility;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.security.oauth2.resource.OAuth2ResourceServerProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.AntPathRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * {@code somaxis.security.mode=smart}: the FHIR endpoint is a SMART on FHIR resource server (docs/security.md).
 * Spring Security verifies the access token on {@code /fhir/**} (401 otherwise); HAPI interceptors then enforce scopes,
 * patient context and result filtering. Public: {@code /fhir/metadata}, the smart-configuration documents and
 * everything outside {@code /fhir} (health probes; CDS Hooks has its own client JWT).
 */
@Configuration
@ConditionalOnProperty(name = "somaxis.security.mode", havingValue = "smart")
@EnableWebSecurity
@EnableConfigurationProperties(OAuth2ResourceServerProperties.class)
public class SmartSecurityConfig {
	private static final Logger log = LoggerFactory.getLogger(SmartSecurityConfig.class);
	static final String SMART_CONFIGURATION = "/.well-known/smart-configuration";

	@Bean
	JwtDecoder accessTokenDecoder(OAuth2ResourceServerProperties properties) {
		OAuth2ResourceServerProperties.Jwt jwt = properties.getJwt();
		return AccessTokenDecoder.create(jwt.getJwkSetUri(), jwt.getIssuerUri(), jwt.getAudiences());
	}

	/**
	 * A CDS call whose {@code fhirServer} is this server and which carries {@code fhirAuthorization}: its access token
	 * must be one this server accepts, for the call's patient, with read and search on everything the evaluation reads
	 * ({@link EvaluationReads}); otherwise 412. (Without {@code fhirAuthorization} the trusted client JWT decides.)
	 */
	@Bean
	StoreAuthorization cdsStoreAuthorization(JwtDecoder accessTokenDecoder, SmartRequests smartRequests) {
		return (accessToken, patientId) -> {
			SmartAccess access;
			try {
				access = smartRequests.fromJwt(accessTokenDecoder.decode(accessToken));
			} catch (JwtException e) {
				log.info("CDS fhirAuthorization access token refused: {}", e.getMessage());
				throw CdsException.preconditionFailed("fhirAuthorization.access_token is not a token this FHIR server accepts");
			}
			EvaluationReads.refusal(access, patientId).ifPresent(reason -> {
				throw CdsException.preconditionFailed(
						"fhirAuthorization does not let a client read this patient's data from this FHIR server: " + reason);
			});
			return access.patientOnly();
		};
	}

	@Bean
	SmartRequests smartRequests(SecurityProperties security) {
		return new SmartRequests(security.patientClaim(), security.auditAdminScope());
	}

	@Bean
	SmartErrorResponses smartErrorResponses(FhirContext fhirContext, ObjectProvider<AuditTrail> auditTrail) {
		AuditTrail audit = auditTrail.getIfAvailable();
		return new SmartErrorResponses(fhirContext, (request, status) -> {
			if (audit != null) {
				audit.denied(request, status);
			}
		});
	}

	@Bean
	SecurityFilterChain smartFilterChain(HttpSecurity http, JwtDecoder accessTokenDecoder, SmartErrorResponses errors)
			throws Exception {
		http.securityMatcher(new OrRequestMatcher(
						AntPathRequestMatcher.antMatcher("/fhir"), AntPathRequestMatcher.antMatcher("/fhir/**")))
				.csrf(AbstractHttpConfigurer::disable)
				.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				.requestCache(AbstractHttpConfigurer::disable)
				.anonymous(AbstractHttpConfigurer::disable)
				.authorizeHttpRequests(requests -> requests
						.requestMatchers(AntPathRequestMatcher.antMatcher(HttpMethod.GET, "/fhir/metadata")).permitAll()
						.requestMatchers(AntPathRequestMatcher.antMatcher(HttpMethod.GET, "/fhir" + SMART_CONFIGURATION)).permitAll()
						.anyRequest().authenticated())
				.exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(errors).accessDeniedHandler(errors))
				.oauth2ResourceServer(oauth -> oauth
						.jwt(jwt -> jwt.decoder(accessTokenDecoder))
						.authenticationEntryPoint(errors)
						.accessDeniedHandler(errors));
		return http.build();
	}

	@Bean
	SmartDiscovery smartDiscovery(SecurityProperties security, OAuth2ResourceServerProperties resourceServer) {
		return new SmartDiscovery(URI.create(resourceServer.getJwt().getIssuerUri()), security.authorizationEndpoint(),
				security.tokenEndpoint(), security.capabilities());
	}

	/** {@code [base]/.well-known/smart-configuration}, for base {@code /fhir} and for the server root. */
	@Bean
	ServletRegistrationBean<HttpServlet> smartConfiguration(SmartDiscovery discovery, ObjectMapper objectMapper) {
		ServletRegistrationBean<HttpServlet> registration = new ServletRegistrationBean<>(
				discovery.servlet(objectMapper), "/fhir" + SMART_CONFIGURATION, SMART_CONFIGURATION);
		registration.setName("smartConfiguration");
		return registration;
	}

	/** Registers scope enforcement, search narrowing and result filtering on the FHIR server. */
	@Bean
	SmartEnforcement smartEnforcement(RestfulServer restfulServer, SmartRequests smartRequests, FhirContext fhirContext,
			SearchParamMatcher searchParamMatcher, DaoRegistry daoRegistry, SmartDiscovery smartDiscovery,
			IJobCoordinator jobCoordinator) {
		SmartVisibility visibility = new SmartVisibility(fhirContext, searchParamMatcher);
		SmartEnforcement enforcement = new SmartEnforcement(smartRequests, visibility, daoRegistry, fhirContext);
		restfulServer.registerInterceptor(enforcement);
		restfulServer.registerInterceptor(new SmartBulkExport(smartRequests, jobCoordinator, fhirContext));
		restfulServer.registerInterceptor(new SmartSearchNarrowing(smartRequests));
		restfulServer.registerInterceptor(new SmartConsentInterceptor(smartRequests, visibility));
		restfulServer.registerInterceptor(smartDiscovery.capabilityStatementSecurity());
		return enforcement;
	}
}
