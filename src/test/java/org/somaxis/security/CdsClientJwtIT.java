package org.somaxis.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.somaxis.support.FhirHttp;
import org.somaxis.support.ReliabilityLine;
import org.somaxis.support.TokenAuthority;

/**
 * CDS Hooks 2.0 "Trusting CDS Clients" in smart mode (RELIABILITY.md §8 row 14, CDS half): a client JWT signed with
 * ES384 or RS384 by a trusted client passes; a replayed {@code jti}, a wrong {@code aud}, an unknown {@code iss}, an
 * unlisted {@code jku} and every other defect get 401 without the server ever fetching from the token's {@code jku}.
 * Discovery stays public.
 */
class CdsClientJwtIT extends SmartServer {
	static final String SERVICE = "/cds-services/somaxis-order-sign";

	private String serviceUrl() {
		return http.base() + SERVICE;
	}

	private static String request() {
		try {
			return Files.readString(Path.of("examples/cds/order-sign-hp-axis-disorder.json"));
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private JWTClaimsSet.Builder claims(String audience) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer(CDS_CLIENT).audience(audience).issueTime(Date.from(now))
				.expirationTime(Date.from(now.plusSeconds(300))).jwtID(UUID.randomUUID().toString());
	}

	private String sign(JWSAlgorithm algorithm, JWK key, JWTClaimsSet claims) {
		return AUTHORITY.sign(algorithm, key, claims, h -> {});
	}

	private FhirHttp.Response call(String token) {
		return token == null
				? http.post(SERVICE, request(), "application/json", "Accept", "application/json")
				: http.post(SERVICE, request(), "application/json", "Accept", "application/json", "Authorization", "Bearer " + token);
	}

	@Test
	void discovery_isPublic() {
		assertThat(http.get("/cds-services", "Accept", "application/json").status()).isEqualTo(200);
	}

	@Test
	void unauthenticatedServiceCall_is401() {
		FhirHttp.Response response = call(null);

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.body()).doesNotContain("Exception");
	}

	@Test
	void validEs384AndRs384ClientJwts_pass() {
		assertThat(call(sign(JWSAlgorithm.ES384, AUTHORITY.ec384, claims(serviceUrl()).build())).status()).isEqualTo(200);
		assertThat(call(sign(JWSAlgorithm.RS384, AUTHORITY.rsa, claims(serviceUrl()).build())).status()).isEqualTo(200);
	}

	@Test
	void aJkuOnTheClientsAllowList_isHonoured() {
		String token = AUTHORITY.sign(JWSAlgorithm.ES384, AUTHORITY.ec384, claims(serviceUrl()).build(),
				h -> h.jwkURL(URI.create(AUTHORITY.secondJwksUri())));

		assertThat(call(token).status()).isEqualTo(200);
	}

	@Test
	void replayedJti_is401() {
		String token = sign(JWSAlgorithm.ES384, AUTHORITY.ec384, claims(serviceUrl()).build());

		assertThat(call(token).status()).isEqualTo(200);
		assertThat(call(token).status()).isEqualTo(401);
	}

	@Test
	void everyDefectiveClientJwt_is401_andTheCanaryIsNeverCalled() {
		ReliabilityLine line = new ReliabilityLine("token-validation-cds");
		int canaryBefore = AUTHORITY.canaryHits();
		Map<String, String> tokens = new LinkedHashMap<>();
		tokens.put("wrong-aud-other-service", sign(JWSAlgorithm.ES384, AUTHORITY.ec384,
				claims(http.base() + "/cds-services/somaxis-patient-view").build()));
		tokens.put("wrong-aud-discovery", sign(JWSAlgorithm.ES384, AUTHORITY.ec384, claims(http.base() + "/cds-services").build()));
		tokens.put("unknown-iss", sign(JWSAlgorithm.ES384, AUTHORITY.ec384, claims(serviceUrl()).issuer("https://rogue.example.org").build()));
		tokens.put("unlisted-jku", AUTHORITY.sign(JWSAlgorithm.ES384, AUTHORITY.strangerEc, claims(serviceUrl()).build(),
				h -> h.jwkURL(URI.create(AUTHORITY.canaryUri()))));
		tokens.put("wrong-key", sign(JWSAlgorithm.RS384, AUTHORITY.stranger, claims(serviceUrl()).build()));
		tokens.put("alg-none", TokenAuthority.unsigned(claims(serviceUrl()).build()));
		tokens.put("hs256", AUTHORITY.hs256WithPublicKey(claims(serviceUrl()).build()));
		tokens.put("expired", sign(JWSAlgorithm.ES384, AUTHORITY.ec384, claims(serviceUrl())
				.issueTime(Date.from(Instant.now().minusSeconds(900))).expirationTime(Date.from(Instant.now().minusSeconds(120))).build()));
		tokens.put("missing-jti", sign(JWSAlgorithm.ES384, AUTHORITY.ec384, claims(serviceUrl()).jwtID(null).build()));
		tokens.put("missing-iat", sign(JWSAlgorithm.ES384, AUTHORITY.ec384, claims(serviceUrl()).issueTime(null).build()));
		tokens.put("too-long-lived", sign(JWSAlgorithm.ES384, AUTHORITY.ec384, claims(serviceUrl())
				.expirationTime(Date.from(Instant.now().plusSeconds(86_400))).build()));
		tokens.put("tampered", TokenAuthority.tampered(sign(JWSAlgorithm.RS384, AUTHORITY.rsa, claims(serviceUrl()).build())));
		tokens.put("smart-access-token", token("system/*.rs", null));
		tokens.put("malformed", "abc.def");
		for (Map.Entry<String, String> token : tokens.entrySet()) {
			long start = System.nanoTime();
			FhirHttp.Response response = call(token.getValue());
			line.record(response.status(), (System.nanoTime() - start) / 1_000_000, response.status() != 401);
			assertThat(response.status()).as(token.getKey()).isEqualTo(401);
		}
		int canaryHits = AUTHORITY.canaryHits() - canaryBefore;
		line.print("n/a", canaryHits);
		assertThat(canaryHits).isZero();
	}
}
