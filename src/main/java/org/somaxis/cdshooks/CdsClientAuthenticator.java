package org.somaxis.cdshooks;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Checks the CDS client's JWT ({@code Authorization: Bearer <jwt>}) on every CDS Hooks request: discovery, service
 * calls and feedback. Called in exactly one place, {@link CdsAuthenticationFilter}. The security issue replaces the
 * permissive default with a verifier of signature, iss/jku allow-list, aud (the URL called), exp and jti.
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
