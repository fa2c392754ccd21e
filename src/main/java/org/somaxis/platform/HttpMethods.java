package org.somaxis.platform;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;

/**
 * The HTTP methods of the FHIR endpoint that HAPI's {@code RestfulServer} does not serve. HAPI answered HEAD on a
 * search, OPTIONS on a type and TRACE with 400 "does not know how to handle", and the container answered a method it does not
 * know ({@code PROPFIND}) with 501.
 *
 * <ul>
 *   <li>{@code HEAD}, which every general-purpose server supports (RFC 9110, 9.3.2): served as the GET it stands for,
 *       so it passes the same guard, authorization and audit trail and answers the same status and headers; the
 *       container sends no body for it;
 *   <li>{@code OPTIONS}: 204 with an {@code Allow} header naming the methods the endpoint serves (which interactions
 *       each type supports is in the CapabilityStatement); on the base ({@code OPTIONS /fhir}) HAPI's answer, the
 *       CapabilityStatement. A browser's CORS preflight from an allowed origin is
 *       answered before this filter, by the CORS filter ({@code somaxis.fhir.allowed-origins});
 *   <li>any other method but GET, POST, PUT, PATCH and DELETE: 405 with the same {@code Allow} header and an
 *       OperationOutcome.
 * </ul>
 */
public final class HttpMethods implements Filter {
	static final String ALLOW = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
	private static final Set<String> HAPI_SERVES = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

	private final ErrorOutcomes outcomes;

	public HttpMethods(ErrorOutcomes outcomes) {
		this.outcomes = outcomes;
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		HttpServletRequest http = (HttpServletRequest) request;
		String method = http.getMethod();
		if (HAPI_SERVES.contains(method)) {
			chain.doFilter(request, response);
			return;
		}
		HttpServletResponse answer = (HttpServletResponse) response;
		switch (method) {
			case "HEAD" -> chain.doFilter(new AsGet(http), response);
			case "OPTIONS" -> {
				if (isBase(http)) {
					chain.doFilter(request, response); // HAPI answers it with the CapabilityStatement, as DSTU1 defined
					return;
				}
				answer.setStatus(HttpServletResponse.SC_NO_CONTENT);
				answer.setHeader("Allow", ALLOW);
			}
			default -> {
				ErrorOutcomes.Rendered rendered = outcomes.render(HttpServletResponse.SC_METHOD_NOT_ALLOWED,
						"this FHIR endpoint serves " + ALLOW, http.getQueryString(), http.getHeader("Accept"));
				answer.setStatus(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
				answer.setHeader("Allow", ALLOW);
				answer.setContentType(rendered.contentType());
				answer.getOutputStream().write(rendered.body());
			}
		}
	}

	private static boolean isBase(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return path.equals("/fhir") || path.equals("/fhir/");
	}

	/** A HEAD request as the GET it stands for. */
	private static final class AsGet extends HttpServletRequestWrapper {
		AsGet(HttpServletRequest request) {
			super(request);
		}

		@Override
		public String getMethod() {
			return "GET";
		}
	}
}
