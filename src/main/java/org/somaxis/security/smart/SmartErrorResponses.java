package org.somaxis.security.smart;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.somaxis.fhir.OperationOutcomes;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * RFC 6750 refusals with a FHIR body: 401 with {@code WWW-Authenticate: Bearer error="invalid_token"} (or plain
 * {@code Bearer} when no token came) and 403 {@code insufficient_scope}, each with an OperationOutcome. The reason
 * Spring Security gives is not echoed: it can quote token contents.
 */
public final class SmartErrorResponses implements AuthenticationEntryPoint, AccessDeniedHandler {
	private final FhirContext fhirContext;
	private final BearerTokenAuthenticationEntryPoint entryPoint = new BearerTokenAuthenticationEntryPoint();
	private final BearerTokenAccessDeniedHandler deniedHandler = new BearerTokenAccessDeniedHandler();
	private final BiConsumer<HttpServletRequest, Integer> denials;

	/** @param denials told of every refusal (the audit trail) */
	public SmartErrorResponses(FhirContext fhirContext, BiConsumer<HttpServletRequest, Integer> denials) {
		this.fhirContext = fhirContext;
		this.denials = denials;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
			throws IOException {
		entryPoint.commence(request, response, exception);
		String header = response.getHeader("WWW-Authenticate");
		if (header != null && header.contains("invalid_token")) {
			// keep the error code, drop error_description (it may quote claims of the refused token)
			response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
		}
		write(response, 401, IssueType.LOGIN, header != null && header.contains("invalid_token")
				? "The access token is not valid (signature, issuer, audience or lifetime)"
				: "A bearer access token is required");
		denials.accept(request, 401);
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException exception)
			throws IOException {
		deniedHandler.handle(request, response, exception);
		response.setHeader("WWW-Authenticate", SmartEnforcement.INSUFFICIENT_SCOPE);
		write(response, 403, IssueType.FORBIDDEN, "The token's scopes do not allow this request");
		denials.accept(request, 403);
	}

	private void write(HttpServletResponse response, int status, IssueType type, String message) throws IOException {
		response.setStatus(status);
		response.setContentType("application/fhir+json");
		response.setCharacterEncoding("UTF-8");
		response.getOutputStream().write(OperationOutcomes.toJson(fhirContext, OperationOutcomes.error(type, message, null))
				.getBytes(StandardCharsets.UTF_8));
	}
}
