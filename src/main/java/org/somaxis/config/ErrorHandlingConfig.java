package org.somaxis.config;

import ca.uhn.fhir.context.FhirContext;
import org.somaxis.platform.ErrorOutcomes;
import org.somaxis.platform.FhirErrorController;
import org.somaxis.platform.JettyErrorHandler;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorViewResolver;
import org.springframework.boot.web.embedded.jetty.JettyServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Errors raised outside HAPI, by Jetty or by Spring, answered as FHIR OperationOutcomes on {@code /fhir}:
 * Jetty's server-level error handler (414, 431, ambiguous paths) and Spring's {@code /error} page.
 */
@Configuration
public class ErrorHandlingConfig {

	@Bean
	ErrorOutcomes errorOutcomes(FhirContext fhirContext) {
		return new ErrorOutcomes(fhirContext);
	}

	@Bean
	WebServerFactoryCustomizer<JettyServletWebServerFactory> fhirErrorsFromJetty(ErrorOutcomes outcomes) {
		return factory -> factory.addServerCustomizers(server -> server.setErrorHandler(new JettyErrorHandler(outcomes)));
	}

	/** Replaces Spring Boot's {@code BasicErrorController}, which it extends (Boot's backs off for any ErrorController). */
	@Bean
	FhirErrorController fhirErrorController(
			ErrorOutcomes outcomes,
			ErrorAttributes errorAttributes,
			ServerProperties serverProperties,
			ObjectProvider<ErrorViewResolver> errorViewResolvers) {
		return new FhirErrorController(
				outcomes, errorAttributes, serverProperties.getError(), errorViewResolvers.orderedStream().toList());
	}
}
