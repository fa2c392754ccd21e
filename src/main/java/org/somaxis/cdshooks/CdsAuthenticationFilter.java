package org.somaxis.cdshooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The one place every {@code /cds-services} request meets the {@link CdsClientAuthenticator}. Exempt: CORS preflight,
 * discovery ({@code GET /cds-services}, public by design) and the rule pages that cards link to (documentation a
 * clinician's browser opens). Every other call, and its outcome, is told to the {@link CdsCallListener} (the audit
 * trail).
 */
public final class CdsAuthenticationFilter extends OncePerRequestFilter {
	public static final String CLIENT_ATTRIBUTE = CdsClientAuthenticator.CdsClient.class.getName();
	private static final String DISCOVERY = "/cds-services";
	private static final String RULE_PAGES = "/cds-services/rules/";

	/** Told of each authenticated or refused CDS call: its status and the verified client (issuer), if any. */
	@FunctionalInterface
	public interface CdsCallListener {
		CdsCallListener NONE = (request, status, client) -> {};

		void called(HttpServletRequest request, int status, String client);
	}

	private final CdsClientAuthenticator authenticator;
	private final ObjectMapper json;
	private final CdsCallListener listener;

	public CdsAuthenticationFilter(CdsClientAuthenticator authenticator, ObjectMapper json) {
		this(authenticator, json, CdsCallListener.NONE);
	}

	public CdsAuthenticationFilter(CdsClientAuthenticator authenticator, ObjectMapper json, CdsCallListener listener) {
		this.authenticator = authenticator;
		this.json = json;
		this.listener = listener;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if ("OPTIONS".equals(request.getMethod()) || isPublic(request)) {
			chain.doFilter(request, response);
			return;
		}
		CdsClientAuthenticator.CdsClient client;
		try {
			client = authenticator.authenticate(request, request.getRequestURL().toString());
		} catch (CdsException e) {
			// told before the body is written: writing it completes the response, and the caller may look for the
			// audit event as soon as it has the answer
			listener.called(request, e.status(), null);
			response.setStatus(e.status());
			if (e.status() == 401) {
				response.setHeader("WWW-Authenticate", "Bearer");
			}
			response.setContentType("application/json");
			json.writeValue(response.getOutputStream(), new CdsJson.Error(e.status(), e.getMessage()));
			return;
		}
		request.setAttribute(CLIENT_ATTRIBUTE, client);
		chain.doFilter(request, response);
		listener.called(request, response.getStatus(), client.issuer());
	}

	private static boolean isPublic(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return "GET".equals(request.getMethod())
				&& (DISCOVERY.equals(path) || (DISCOVERY + "/").equals(path) || path.startsWith(RULE_PAGES));
	}
}
