package org.somaxis.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.embedded.jetty.JettyServletWebServerFactory;
import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.mock.env.MockEnvironment;

class SecurityModeTest {

	@Test
	void smartModeWithoutATokenIssuer_refusesToStart_namingTheMissingProperties() {
		new ApplicationContextRunner()
				.withUserConfiguration(SecurityConfig.class)
				.withPropertyValues("somaxis.security.mode=smart")
				.run(context -> {
					assertThat(context).hasFailed();
					assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure())).hasMessageContaining(
							"spring.security.oauth2.resourceserver.jwt.issuer-uri")
							.hasMessageContaining("spring.security.oauth2.resourceserver.jwt.jwk-set-uri")
							.hasMessageContaining("spring.security.oauth2.resourceserver.jwt.audiences");
				});
	}

	@Test
	void smartModeWithOnlyTheJwkSetUri_stillNamesTheIssuer() {
		new ApplicationContextRunner()
				.withUserConfiguration(SecurityConfig.class)
				.withPropertyValues("somaxis.security.mode=smart",
						"spring.security.oauth2.resourceserver.jwt.jwk-set-uri=http://127.0.0.1:1/jwks",
						"spring.security.oauth2.resourceserver.jwt.audiences=https://x/fhir",
						"somaxis.security.authorization-endpoint=https://as/authorize",
						"somaxis.security.token-endpoint=https://as/token")
				.run(context -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
						.isInstanceOf(org.somaxis.settings.SettingException.class)
						.hasMessageEndingWith("missing: spring.security.oauth2.resourceserver.jwt.issuer-uri"));
	}

	/** In open mode no token is asked: CORS origins there would let any page a local user opens read the store. */
	@Test
	void openModeWithCorsOriginsForTheFhirEndpoint_refusesToStart() {
		new ApplicationContextRunner()
				.withUserConfiguration(SecurityConfig.class)
				.withPropertyValues("somaxis.security.mode=open", "somaxis.fhir.allowed-origins=https://app.example")
				.run(context -> {
					assertThat(context).hasFailed();
					assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
							.hasMessageContaining("somaxis.fhir.allowed-origins: needs somaxis.security.mode=smart");
				});
	}

	@Test
	void openMode_bindsToLoopback_unlessServerAddressIsSet() {
		SecurityProperties open = new SecurityProperties(SecurityProperties.Mode.OPEN, "patient", "", null, null, java.util.List.of());
		JettyServletWebServerFactory factory = new JettyServletWebServerFactory();
		customizer(open, new MockEnvironment()).customize(factory);
		assertThat(factory.getAddress()).isEqualTo(InetAddress.getLoopbackAddress());

		JettyServletWebServerFactory explicit = new JettyServletWebServerFactory();
		customizer(open, new MockEnvironment().withProperty("server.address", "0.0.0.0")).customize(explicit);
		assertThat(explicit.getAddress()).isNull();
	}

	@Test
	void smartMode_keepsTheConfiguredAddress() {
		SecurityProperties smart = new SecurityProperties(SecurityProperties.Mode.SMART, "patient", "", null, null, java.util.List.of());
		JettyServletWebServerFactory factory = new JettyServletWebServerFactory();
		customizer(smart, new MockEnvironment()).customize(factory);
		assertThat(factory.getAddress()).isNull();
	}

	private static WebServerFactoryCustomizer<ConfigurableWebServerFactory> customizer(
			SecurityProperties properties, MockEnvironment environment) {
		return new SecurityConfig().openModeBinding(properties, environment);
	}
}
