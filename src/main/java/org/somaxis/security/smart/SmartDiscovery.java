package org.somaxis.security.smart;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.UriType;

/**
 * How clients find the authorization server: {@code [base]/.well-known/smart-configuration} (served at both
 * {@code /fhir/.well-known/...} and {@code /.well-known/...}) and {@code rest.security} in the CapabilityStatement with
 * the SMART-on-FHIR service and the {@code oauth-uris} extension.
 */
public final class SmartDiscovery {
	static final String OAUTH_URIS = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris";

	private final URI issuer;
	private final URI authorizationEndpoint;
	private final URI tokenEndpoint;
	private final List<String> capabilities;
	private final List<String> scopesSupported;

	public SmartDiscovery(URI issuer, URI authorizationEndpoint, URI tokenEndpoint, List<String> capabilities) {
		this.issuer = issuer;
		this.authorizationEndpoint = authorizationEndpoint;
		this.tokenEndpoint = tokenEndpoint;
		this.capabilities = capabilities;
		this.scopesSupported = List.of("openid", "fhirUser", "launch", "launch/patient", "offline_access",
				"patient/*.rs", "patient/*.cruds", "user/*.rs", "user/*.cruds", "system/*.rs", "system/AuditEvent.rs",
				"patient/*.read", "patient/*.write", "user/*.read", "user/*.write", "system/*.read");
	}

	public Map<String, Object> smartConfiguration() {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("issuer", issuer.toString());
		document.put("authorization_endpoint", authorizationEndpoint.toString());
		document.put("token_endpoint", tokenEndpoint.toString());
		document.put("grant_types_supported", List.of("authorization_code", "client_credentials"));
		document.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "private_key_jwt"));
		document.put("scopes_supported", scopesSupported);
		document.put("response_types_supported", List.of("code"));
		document.put("capabilities", capabilities);
		document.put("code_challenge_methods_supported", List.of("S256"));
		return document;
	}

	/** The servlet behind both smart-configuration URLs. */
	public HttpServlet servlet(ObjectMapper json) {
		return new HttpServlet() {
			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
				response.setContentType("application/json");
				response.setHeader("Cache-Control", "max-age=3600");
				json.writeValue(response.getOutputStream(), smartConfiguration());
			}
		};
	}

	/** Adds {@code rest.security} to the generated CapabilityStatement. */
	@Interceptor
	public final class CapabilityStatementSecurity {
		@Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
		public void addSecurity(IBaseConformance capabilityStatement) {
			if (!(capabilityStatement instanceof CapabilityStatement statement) || statement.getRest().isEmpty()) {
				return;
			}
			CapabilityStatement.CapabilityStatementRestSecurityComponent security =
					statement.getRestFirstRep().getSecurity();
			security.setCors(true);
			security.getService().clear();
			security.addService(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(
					"http://terminology.hl7.org/CodeSystem/restful-security-service", "SMART-on-FHIR", "SMART-on-FHIR")));
			security.setDescription("SMART App Launch 2.x: JWT access tokens (RFC 9068) from the authorization server below");
			security.getExtension().removeIf(e -> OAUTH_URIS.equals(e.getUrl()));
			Extension oauth = security.addExtension().setUrl(OAUTH_URIS);
			oauth.addExtension("authorize", new UriType(authorizationEndpoint.toString()));
			oauth.addExtension("token", new UriType(tokenEndpoint.toString()));
		}
	}

	public CapabilityStatementSecurity capabilityStatementSecurity() {
		return new CapabilityStatementSecurity();
	}
}
