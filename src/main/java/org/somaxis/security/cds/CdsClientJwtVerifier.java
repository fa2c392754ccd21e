package org.somaxis.security.cds;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Verifies a CDS client's JWT as CDS Hooks 2.0 "Trusting CDS Clients" requires:
 * <ol>
 *   <li>{@code iss} is one of the trusted clients;
 *   <li>the algorithm is asymmetric (RS, PS or ES; never {@code none}, never HS*);
 *   <li>the signature verifies with a key of that client's JWK Set, or of a {@code jku} URL only when it is on that
 *       client's allow-list (any other {@code jku} is refused before anything is fetched);
 *   <li>{@code aud} is exactly the URL of the endpoint invoked (a string, or an array of that one string);
 *   <li>{@code exp} has not passed, {@code iat} is present and not in the future, and the token lives at most
 *       {@link #MAX_LIFETIME} (30 s skew);
 *   <li>{@code tenant} matches, where the client is configured with one;
 *   <li>{@code jti} was not seen before ({@link ReplayCache}).
 * </ol>
 * Any failure is one {@link Rejected} whose reason is for the server log only; the client gets a bare 401. Tokens are
 * never logged.
 */
public final class CdsClientJwtVerifier {
	public static final Duration MAX_LIFETIME = Duration.ofHours(1);
	static final Duration SKEW = Duration.ofSeconds(30);
	private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(
			JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
			JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
			JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

	/** A refused client JWT; the message says why, for the log. */
	public static final class Rejected extends Exception {
		public Rejected(String reason) {
			super(reason);
		}
	}

	/** Who was verified. */
	public record VerifiedClient(String issuer, String tenant, String jti) {}

	private final Map<String, TrustedCdsClient> clients;
	private final Map<URI, JWKSource<SecurityContext>> keySets = new ConcurrentHashMap<>();
	private final Function<URI, JWKSource<SecurityContext>> keySetLoader;
	private final ReplayCache replayCache;
	private final Clock clock;

	public CdsClientJwtVerifier(List<TrustedCdsClient> clients, ReplayCache replayCache, Clock clock) {
		this(clients, replayCache, clock, org.somaxis.security.RemoteJwkSets::of);
	}

	CdsClientJwtVerifier(List<TrustedCdsClient> clients, ReplayCache replayCache, Clock clock,
			Function<URI, JWKSource<SecurityContext>> keySetLoader) {
		this.clients = clients.stream().collect(Collectors.toUnmodifiableMap(TrustedCdsClient::issuer, c -> c));
		this.replayCache = replayCache;
		this.clock = clock;
		this.keySetLoader = keySetLoader;
	}

	public boolean hasTrustedClients() {
		return !clients.isEmpty();
	}

	public VerifiedClient verify(String token, String audience) throws Rejected {
		SignedJWT jwt;
		JWTClaimsSet unverified;
		try {
			jwt = SignedJWT.parse(token);
			unverified = jwt.getJWTClaimsSet();
		} catch (ParseException e) {
			throw new Rejected("not a signed JWT");
		}
		JWSAlgorithm algorithm = jwt.getHeader().getAlgorithm();
		if (!ALGORITHMS.contains(algorithm)) {
			throw new Rejected("algorithm not allowed: " + algorithm);
		}
		TrustedCdsClient client = clients.get(unverified.getIssuer());
		if (client == null) {
			throw new Rejected("issuer not trusted");
		}
		URI keySetUri = keySetUri(client, jwt.getHeader().getJWKURL());

		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keySets.computeIfAbsent(keySetUri, keySetLoader)));
		processor.setJWTClaimsSetVerifier((claims, context) -> {});
		JWTClaimsSet claims;
		try {
			claims = processor.process(jwt, null);
		} catch (BadJOSEException | JOSEException e) {
			throw new Rejected("signature not verified: " + e.getClass().getSimpleName());
		}
		checkClaims(client, claims, audience);
		if (!replayCache.firstUse(client.issuer() + " " + claims.getJWTID(), claims.getExpirationTime().toInstant())) {
			throw new Rejected("jti already used");
		}
		return new VerifiedClient(client.issuer(), stringClaim(claims, "tenant"), claims.getJWTID());
	}

	private static URI keySetUri(TrustedCdsClient client, URI jku) throws Rejected {
		if (jku == null) {
			return client.jwkSetUri();
		}
		if (jku.equals(client.jwkSetUri()) || client.allowedJku().contains(jku)) {
			return jku;
		}
		throw new Rejected("jku not on the client's allow-list");
	}

	private void checkClaims(TrustedCdsClient client, JWTClaimsSet claims, String audience) throws Rejected {
		Instant now = clock.instant();
		List<String> aud = claims.getAudience();
		if (aud == null || aud.size() != 1 || !audience.equals(aud.get(0))) {
			throw new Rejected("aud is not the URL invoked");
		}
		if (claims.getExpirationTime() == null || claims.getIssueTime() == null || claims.getJWTID() == null
				|| claims.getJWTID().isBlank()) {
			throw new Rejected("exp, iat or jti missing");
		}
		Instant exp = claims.getExpirationTime().toInstant();
		Instant iat = claims.getIssueTime().toInstant();
		if (exp.isBefore(now.minus(SKEW))) {
			throw new Rejected("expired");
		}
		if (iat.isAfter(now.plus(SKEW))) {
			throw new Rejected("issued in the future");
		}
		if (exp.isAfter(now.plus(MAX_LIFETIME))) {
			throw new Rejected("lifetime too long");
		}
		if (claims.getNotBeforeTime() != null && claims.getNotBeforeTime().toInstant().isAfter(now.plus(SKEW))) {
			throw new Rejected("not yet valid");
		}
		if (client.tenant() != null && !client.tenant().isBlank()
				&& !Objects.equals(client.tenant(), stringClaim(claims, "tenant"))) {
			throw new Rejected("tenant not allowed");
		}
	}

	private static String stringClaim(JWTClaimsSet claims, String name) {
		Object value = claims.getClaim(name);
		return value == null ? null : value.toString();
	}
}
