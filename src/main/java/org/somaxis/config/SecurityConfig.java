package org.somaxis.config;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.somaxis.security.BodyInspector;
import org.somaxis.security.NumericSearchParameters;
import org.somaxis.security.QueryInspector;
import org.somaxis.security.RequestGuardFilter;
import org.somaxis.settings.SettingException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Cross-cutting protections in front of every endpoint: the request guard, and the security mode
 * ({@code somaxis.security.mode}, docs/security.md). The SMART resource server itself is {@link SmartSecurityConfig}.
 */
@Configuration
@EnableConfigurationProperties({RequestGuardProperties.class, SecurityProperties.class})
public class SecurityConfig {
	private static final Logger log = LoggerFactory.getLogger(SecurityConfig.class);
	static final String JWT = "spring.security.oauth2.resourceserver.jwt.";

	@Bean
	FilterRegistrationBean<RequestGuardFilter> requestGuard(
			RequestGuardProperties properties,
			FhirServerProperties fhirServer,
			FhirContext fhirContext,
			ObjectProvider<ISearchParamRegistry> searchParams) {
		RequestGuardFilter filter = new RequestGuardFilter(
				properties.maxBodySize().toBytes(),
				new BodyInspector(
						properties.maxNumberExponent(), properties.maxNestingDepth(), fhirServer.maxBundleEntries()),
				new QueryInspector(
						properties.maxNumberExponent(), new NumericSearchParameters(fhirContext, searchParams::getObject)),
				fhirContext);
		FilterRegistrationBean<RequestGuardFilter> registration = new FilterRegistrationBean<>(filter);
		registration.addUrlPatterns("/fhir/*", "/cds-services/*");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		registration.setName("requestGuard");
		return registration;
	}

	/**
	 * Before any other bean is made: a smart server without a token issuer and audience refuses to start, naming
	 * each missing property; an open server with CORS origins for the FHIR endpoint refuses to start.
	 */
	@Bean
	static BeanFactoryPostProcessor securityModeCheck(Environment environment) {
		return beanFactory -> {
			Binder binder = Binder.get(environment);
			SecurityProperties.Mode mode = binder.bind("somaxis.security.mode", SecurityProperties.Mode.class)
					.orElse(SecurityProperties.Mode.OPEN);
			if (mode != SecurityProperties.Mode.SMART) {
				// no token in open mode: any page a local user opens could read the whole store through the browser
				if (!binder.bind("somaxis.fhir.allowed-origins", Bindable.listOf(String.class)).orElse(List.of()).isEmpty()) {
					throw new SettingException("somaxis.fhir.allowed-origins", "needs somaxis.security.mode=smart: in open"
							+ " mode no token is asked, so any web page the user opens could read this server's data",
							"Remove somaxis.fhir.allowed-origins, or run in smart mode (see docs/security.md, \"Browser apps\").");
				}
				return;
			}
			List<String> missing = new ArrayList<>();
			for (String property : List.of(JWT + "issuer-uri", JWT + "jwk-set-uri",
					"somaxis.security.authorization-endpoint", "somaxis.security.token-endpoint")) {
				if (!environment.containsProperty(property) || environment.getProperty(property, "").isBlank()) {
					missing.add(property);
				}
			}
			if (binder.bind(JWT + "audiences", Bindable.listOf(String.class)).map(List::isEmpty).orElse(true)) {
				missing.add(JWT + "audiences");
			}
			if (!missing.isEmpty()) {
				throw new SettingException("somaxis.security.mode", "smart needs a token issuer; missing: "
						+ String.join(", ", missing), "Set each of them (see docs/security.md), or use open mode.");
			}
		};
	}

	/**
	 * Open mode has no authentication: it listens on the loopback interface only, unless {@code server.address} is
	 * set explicitly, and says so once at startup.
	 */
	@Bean
	WebServerFactoryCustomizer<ConfigurableWebServerFactory> openModeBinding(SecurityProperties security, Environment environment) {
		return new OpenModeBinding(security, environment);
	}

	private record OpenModeBinding(SecurityProperties security, Environment environment)
			implements WebServerFactoryCustomizer<ConfigurableWebServerFactory>, Ordered {
		@Override
		public void customize(ConfigurableWebServerFactory factory) {
			if (security.mode() != SecurityProperties.Mode.OPEN) {
				return;
			}
			if (environment.containsProperty("server.address")) {
				log.warn("SECURITY MODE OPEN: no authentication; anyone who reaches {} can read and write every patient's"
						+ " data. Use somaxis.security.mode=smart for real data.", environment.getProperty("server.address"));
				return;
			}
			factory.setAddress(InetAddress.getLoopbackAddress());
			log.warn("SECURITY MODE OPEN: no authentication; listening on {} only. Set somaxis.security.mode=smart"
					+ " (docs/security.md) before exposing real data.", InetAddress.getLoopbackAddress().getHostAddress());
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}
	}
}
