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
 * {@code typ} absent, {@code JWT} or {@code at+jwt}, {@code exp} present and {@code exp}/{@code nbf} within a 30 s skew,
 * {@code iss} equal to the configured issuer and {@code aud} containing one of the configured audiences.
 *
 * <p>The validators are listed explicitly: a custom validator replaces Spring's defaults, issuer check included
 * (spring-security#18230). The JWK Set is fetched on the first token, never at startup.
 */
public final class AccessTokenDecoder {
	public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
	static final List<SignatureAlgorithm> ALGORITHMS = List.of(
			SignatureAlgorithm.RS256, SignatureAlgorithm.RS384, SignatureAlgorithm.RS512,
			SignatureAlgorithm.PS256, SignatureAlgorithm.PS384, SignatureAlgorithm.PS512,
			SignatureAlgorithm.ES256, SignatureAlgorithm.ES384, SignatureAlgorithm.ES512);

	private AccessTokenDecoder() {}

	public static JwtDecoder create(String jwkSetUri, String issuer, List<String> audiences) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwkSetUri)
				.jwsAlgorithms(algorithms -> algorithms.addAll(ALGORITHMS))
				.jwtProcessorCustomizer(processor -> processor.setJWSTypeVerifier(
						new DefaultJOSEObjectTypeVerifier<SecurityContext>(
								JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null)))
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
