package org.somaxis.cdshooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/** The one place every {@code /cds-services} request (except CORS preflight) meets the {@link CdsClientAuthenticator}. */
public final class CdsAuthenticationFilter extends OncePerRequestFilter {
	public static final String CLIENT_ATTRIBUTE = CdsClientAuthenticator.CdsClient.class.getName();

	private final CdsClientAuthenticator authenticator;
	private final ObjectMapper json;

	public CdsAuthenticationFilter(CdsClientAuthenticator authenticator, ObjectMapper json) {
		this.authenticator = authenticator;
		this.json = json;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if ("OPTIONS".equals(request.getMethod())) {
			chain.doFilter(request, response);
			return;
		}
		try {
			request.setAttribute(CLIENT_ATTRIBUTE,
					authenticator.authenticate(request, request.getRequestURL().toString()));
		} catch (CdsException e) {
			response.setStatus(e.status());
			response.setContentType("application/json");
			json.writeValue(response.getOutputStream(), new CdsJson.Error(e.status(), e.getMessage()));
			return;
		}
		chain.doFilter(request, response);
	}
}
