package org.somaxis.security.smart;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** Turns the verified access token of the current request into a {@link SmartAccess}, once per request. */
public final class SmartRequests {
	private static final String ATTRIBUTE = SmartAccess.class.getName();

	private final String patientClaim;
	private final String auditAdminScope;

	/**
	 * @param patientClaim the JWT claim that names the patient in context
	 * @param auditAdminScope a scope that may read AuditEvents besides {@code system/AuditEvent.rs}; null for none
	 */
	public SmartRequests(String patientClaim, String auditAdminScope) {
		this.patientClaim = patientClaim;
		this.auditAdminScope = auditAdminScope;
	}

	/** The access of the request's token, or null when the request carries none (or is not an HTTP request). */
	public SmartAccess access(RequestDetails request) {
		if (!(request instanceof ServletRequestDetails servlet) || servlet.getServletRequest() == null) {
			return null;
		}
		return access(servlet.getServletRequest());
	}

	public SmartAccess access(HttpServletRequest request) {
		Object cached = request.getAttribute(ATTRIBUTE);
		if (cached instanceof SmartAccess access) {
			return access;
		}
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (!(authentication instanceof JwtAuthenticationToken token)) {
			return null;
		}
		SmartAccess access = fromJwt(token.getToken());
		request.setAttribute(ATTRIBUTE, access);
		return access;
	}

	public SmartAccess fromJwt(Jwt jwt) {
		String scope = scopeClaim(jwt);
		String patient = jwt.getClaimAsString(patientClaim);
		if (patient != null && patient.startsWith("Patient/")) {
			patient = patient.substring("Patient/".length());
		}
		String client = jwt.hasClaim("client_id") ? jwt.getClaimAsString("client_id") : jwt.getClaimAsString("azp");
		boolean admin = auditAdminScope != null && !auditAdminScope.isBlank()
				&& List.of(scope.trim().split("\\s+")).contains(auditAdminScope);
		return new SmartAccess(SmartScope.parseAll(scope), patient == null || patient.isBlank() ? null : patient,
				jwt.getSubject(), jwt.getClaimAsString("fhirUser"), client, admin);
	}

	/** {@code scope} as a space-separated string (RFC 9068), or {@code scp} as a list (some servers). */
	private static String scopeClaim(Jwt jwt) {
		Object scope = jwt.getClaims().get("scope");
		if (scope == null) {
			scope = jwt.getClaims().get("scp");
		}
		if (scope instanceof java.util.Collection<?> list) {
			return String.join(" ", list.stream().map(String::valueOf).toList());
		}
		return scope == null ? "" : scope.toString();
	}
}
