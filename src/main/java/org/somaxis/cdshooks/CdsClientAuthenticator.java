package org.somaxis.cdshooks;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Checks the CDS client's JWT ({@code Authorization: Bearer <jwt>}) on CDS Hooks service calls and feedback (discovery
 * is public). Called in exactly one place, {@link CdsAuthenticationFilter}. The verifying implementation (signature,
 * iss/jku allow-list, aud = the URL called, exp, iat, jti) is wired in config from
 * {@code org.somaxis.security.cds.CdsClientJwtVerifier}; {@link #permissive()} is open mode without trusted clients.
 */
public interface CdsClientAuthenticator {

	/** Who called; {@code token} is null when the request carried no bearer JWT. */
	record CdsClient(String issuer, String token) {
		public static final CdsClient ANONYMOUS = new CdsClient(null, null);
	}

	/**
	 * @param audience the absolute URL that was called, which a verified JWT's {@code aud} must equal
	 * @throws CdsException with status 401 when the client must be refused
	 */
	CdsClient authenticate(HttpServletRequest request, String audience);

	/** Accepts every call and ignores any JWT (no verification yet; see docs/cds-services.md). */
	static CdsClientAuthenticator permissive() {
		return (request, audience) -> CdsClient.ANONYMOUS;
	}
}
