package org.somaxis.security;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Duration;

/**
 * A JWK Set read over HTTP, as both token checks read their issuers' keys (SMART access tokens, CDS client JWTs):
 * fetched on the first token (never at startup), cached, refetched on an unknown {@code kid} (a key rotation) at most
 * once per {@link #REFETCH_AT_MOST_EVERY}, so tokens with made-up {@code kid}s cannot make the server hammer the issuer;
 * small and quick (2 s timeouts, 64 KB).
 */
public final class RemoteJwkSets {
	/** The shortest time between two fetches of one JWK Set. */
	public static final Duration REFETCH_AT_MOST_EVERY = Duration.ofSeconds(10);

	private RemoteJwkSets() {
	}

	public static JWKSource<SecurityContext> of(URI uri) {
		try {
			return JWKSourceBuilder.<SecurityContext>create(uri.toURL(), new DefaultResourceRetriever(2_000, 2_000, 64 * 1024))
					.cache(Duration.ofMinutes(15).toMillis(), Duration.ofSeconds(5).toMillis())
					.rateLimited(REFETCH_AT_MOST_EVERY.toMillis())
					.retrying(false)
					.build();
		} catch (MalformedURLException e) {
			throw new IllegalArgumentException("Not a URL: " + uri, e);
		}
	}
}
