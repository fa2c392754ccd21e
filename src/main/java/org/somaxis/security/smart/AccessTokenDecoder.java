package org.somaxis.security.smart;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Verifies SMART access tokens (JWT, RFC 9068 / RFC 8725): signature by a key of the configured JWK Set (never a key
 * named by the token's own {@code jku}/{@code x5u}), asymmetric algorithms only ({@code none} and HS* are refused),
 * {@code typ} absent, {@code JWT}, {@code application/jwt}, {@code at+jwt} or {@code application/at+jwt}, {@code exp}
 * present and {@code exp}/{@code nbf} within a 30 s skew,
 * {@code iss} equal to the configured issuer and {@code aud} containing one of the configured audiences.
 *
 * <p>The validators are listed explicitly: a custom validator replaces Spring's defaults, issuer check included
 * (spring-security#18230). The JWK Set is fetched on the first token, never at startup, and refetched for an unknown
 * {@code kid} at most once per {@link org.somaxis.security.RemoteJwkSets#REFETCH_AT_MOST_EVERY}.
 */
public final class AccessTokenDecoder {
	public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
	static final List<SignatureAlgorithm> ALGORITHMS = List.of(
			SignatureAlgorithm.RS256, SignatureAlgorithm.RS384, SignatureAlgorithm.RS512,
			SignatureAlgorithm.PS256, SignatureAlgorithm.PS384, SignatureAlgorithm.PS512,
			SignatureAlgorithm.ES256, SignatureAlgorithm.ES384, SignatureAlgorithm.ES512);

	private AccessTokenDecoder() {}

	public static JwtDecoder create(String jwkSetUri, String issuer, List<String> audiences) {
		com.nimbusds.jose.jwk.source.JWKSource<SecurityContext> issuerKeys =
				org.somaxis.security.RemoteJwkSets.of(java.net.URI.create(jwkSetUri));
		// an unknown kid within the refetch interval: no such key (401), not a failure of the server (Spring's 500)
		com.nimbusds.jose.jwk.source.JWKSource<SecurityContext> keys = (selector, context) -> {
			try {
				return issuerKeys.get(selector, context);
			} catch (com.nimbusds.jose.jwk.source.RateLimitReachedException e) {
				return List.of();
			}
		};
		java.util.Set<com.nimbusds.jose.JWSAlgorithm> algorithms = new java.util.HashSet<>();
		ALGORITHMS.forEach(algorithm -> algorithms.add(com.nimbusds.jose.JWSAlgorithm.parse(algorithm.getName())));
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwkSetUri)
				.jwsAlgorithms(names -> names.addAll(ALGORITHMS))
				.jwtProcessorCustomizer(processor -> {
					// RFC 9068 section 4: "at+jwt" or "application/at+jwt"; RFC 7515 section 4.1.9: "JWT" may be written
					// "application/jwt"
					processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<SecurityContext>(JOSEObjectType.JWT,
							new JOSEObjectType("application/jwt"), new JOSEObjectType("at+jwt"),
							new JOSEObjectType("application/at+jwt"), null));
					// the keys through the shared rate-limited source: Spring's refetched the set for every unknown kid
					processor.setJWSKeySelector(new com.nimbusds.jose.proc.JWSVerificationKeySelector<>(algorithms, keys));
				})
				.build();
		decoder.setJwtValidator(validator(issuer, audiences));
		return decoder;
	}

	public static OAuth2TokenValidator<Jwt> validator(String issuer, List<String> audiences) {
		return new DelegatingOAuth2TokenValidator<>(
				new JwtTimestampValidator(CLOCK_SKEW),
				new JwtIssuerValidator(issuer),
				new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull),
				new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
						aud -> aud != null && aud.stream().anyMatch(audiences::contains)));
	}
}
