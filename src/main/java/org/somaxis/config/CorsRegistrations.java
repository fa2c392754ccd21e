package org.somaxis.config;

import java.io.IOException;
import java.util.List;
import org.somaxis.platform.ErrorOutcomes;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsProcessor;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * The CORS filters of the CDS services and the FHIR endpoint: one rule for both. Credentials (cookies) are never
 * allowed, since clients authenticate with bearer tokens; a preflight is answered before any other filter, so before
 * authentication, as browsers send it without a token.
 */
final class CorsRegistrations {
	private CorsRegistrations() {
	}

	/**
	 * @param origins allowed origin patterns ({@code *} = any); an empty list registers a disabled filter, so cross-origin
	 *     browser calls get no CORS headers and requests from other clients are not touched
	 * @param paths servlet URL patterns ({@code /fhir/*}) of the requests the filter handles
	 */
	static FilterRegistrationBean<CorsFilter> registration(String name, List<String> origins, List<String> methods,
			List<String> allowedHeaders, List<String> exposedHeaders, List<String> paths) {
		return registration(name, origins, methods, allowedHeaders, exposedHeaders, paths, new DefaultCorsProcessor());
	}

	/** As above, with the processor that answers a refused cross-origin request. */
	static FilterRegistrationBean<CorsFilter> registration(String name, List<String> origins, List<String> methods,
			List<String> allowedHeaders, List<String> exposedHeaders, List<String> paths, CorsProcessor processor) {
		CorsConfiguration cors = new CorsConfiguration();
		cors.setAllowedOriginPatterns(origins);
		cors.setAllowedMethods(methods);
		cors.setAllowedHeaders(allowedHeaders);
		cors.setExposedHeaders(exposedHeaders);
		cors.setAllowCredentials(false);
		cors.setMaxAge(3600L);
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		// every request the filter sees: its URL patterns choose them (a path pattern here would be matched against the
		// path within the servlet, "/Patient" for /fhir/Patient)
		source.registerCorsConfiguration("/**", cors);
		CorsFilter filter = new CorsFilter(source);
		filter.setCorsProcessor(processor);
		FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setUrlPatterns(paths);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		registration.setName(name);
		registration.setEnabled(!origins.isEmpty());
		return registration;
	}

	/** Refuses a cross-origin request from an origin, method or header not allowed with a FHIR OperationOutcome (403). */
	static CorsProcessor withOperationOutcome(ErrorOutcomes outcomes, String setting) {
		return new DefaultCorsProcessor() {
			@Override
			protected void rejectRequest(ServerHttpResponse response) throws IOException {
				ErrorOutcomes.Rendered rendered = outcomes.render(HttpStatus.FORBIDDEN.value(),
						"a cross-origin request from an origin, with a method or with headers not allowed (" + setting + ")",
						null, null);
				response.setStatusCode(HttpStatus.FORBIDDEN);
				response.getHeaders().set(HttpHeaders.CONTENT_TYPE, rendered.contentType());
				response.getBody().write(rendered.body());
				response.flush();
			}
		};
	}
}
