package org.somaxis.security.cds;

import java.net.URI;
import java.util.List;

/**
 * A CDS client (an EHR) whose JWTs are accepted.
 *
 * @param issuer the exact {@code iss} it signs with
 * @param jwkSetUri where its public keys are (the JWK Set exchanged out of band)
 * @param tenant when set, the {@code tenant} claim must equal it
 * @param allowedJku further JWK Set URLs its {@code jku} header may name; any other {@code jku} is refused
 */
public record TrustedCdsClient(String issuer, URI jwkSetUri, String tenant, List<URI> allowedJku) {
	public TrustedCdsClient {
		allowedJku = allowedJku == null ? List.of() : List.copyOf(allowedJku);
	}
}
