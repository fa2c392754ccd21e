package org.somaxis.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.somaxis.reliability.RawHttp;
import org.somaxis.support.FhirHttp;
import org.somaxis.support.ReliabilityLine;
import org.somaxis.support.TokenAuthority;

/**
 * CDS Hooks 2.0 "Trusting CDS Clients" in smart mode (RELIABILITY.md §8 row 14, CDS half): a client JWT signed with
 * ES384 or RS384 by a trusted client passes; a replayed {@code jti}, a wrong {@code aud}, an unknown {@code iss}, an
 * unlisted {@code jku} and every other defect get 401 without the server ever fetching from the token's {@code jku}.
 * Discovery stays public, whatever token comes with it. One {@code token-validation-cds} line for the class, printed
 * after all its tests.
 */
class CdsClientJwtIT extends SmartServer {
	static final String SERVICE = "/cds-services/somaxis-order-sign";
	private static final ReliabilityLine LINE = new ReliabilityLine("token-validation-cds");
	private static final ObjectMapper JSON = new ObjectMapper();
	private static int canaryHits;

	@AfterAll
	static void printLine() {
		LINE.print("n/a", canaryHits);
		assertThat(LINE.violations()).as("token-validation-cds violations").isZero();
	}

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

	/**
	 * The order-sign example rewritten for patient A of this server, without prefetch and with {@code fhirServer} =
	 * this server, so the store is read; {@code fhirAuthorization} carries {@code accessToken} when it is not null.
	 */
	private String storeRequest(String accessToken) {
		ObjectNode root;
		try {
			root = (ObjectNode) JSON.readTree(request().replace("scn-hp-axis", patientA));
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		root.remove("prefetch");
		root.put("fhirServer", http.base() + "/fhir");
		if (accessToken != null) {
			root.putObject("fhirAuthorization").put("access_token", accessToken).put("token_type", "Bearer")
					.put("expires_in", 300).put("scope", "patient/*.rs").put("subject", "somaxis");
		}
		return root.toString();
	}

	private FhirHttp.Response callStore(String accessToken) {
		return http.post(SERVICE, storeRequest(accessToken), "application/json", "Accept", "application/json",
				"Authorization", "Bearer " + sign(JWSAlgorithm.ES384, AUTHORITY.ec384, claims(serviceUrl()).build()));
	}

	/**
	 * With {@code fhirServer} = this server the service reads our store, and a {@code fhirAuthorization} it carries is
	 * now checked as this server would check it on {@code Patient/[id]/$evaluate}: a token this server accepts, for the
	 * call's patient, reading all that the evaluation reads. Before, the trusted client JWT decided alone, so a token
	 * for another patient, or none the server would accept, was not noticed.
	 */
	@Test
	void fhirAuthorizationForThisServer_mustLetAClientReadThePatientsWholeRecord() {
		assertThat(callStore(token("patient/*.rs", patientA)).status()).isEqualTo(200);
		assertThat(callStore(token("user/*.rs", null)).status()).isEqualTo(200);
		assertThat(callStore(null).status()).as("without fhirAuthorization the trusted client decides").isEqualTo(200);

		FhirHttp.Response otherPatient = callStore(token("patient/*.rs", patientB));
		FhirHttp.Response partial = callStore(token("patient/Patient.rs patient/Observation.rs", patientA));
		FhirHttp.Response filtered = callStore(token("user/*.rs?category=laboratory", null));
		FhirHttp.Response foreign = callStore(AUTHORITY.sign(JWSAlgorithm.ES384, AUTHORITY.ec384,
				AUTHORITY.claims("https://another-server.test/fhir").claim("scope", "user/*.rs").build(), h -> {}));

		assertThat(otherPatient.status()).isEqualTo(412);
		assertThat(otherPatient.body()).contains("another patient");
		assertThat(partial.status()).isEqualTo(412);
		assertThat(partial.body()).contains("Condition.rs").contains("MedicationRequest.rs").doesNotContain("Observation.rs");
		assertThat(filtered.status()).isEqualTo(412);
		assertThat(foreign.status()).isEqualTo(412);
		assertThat(foreign.body()).contains("not a token this FHIR server accepts");
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

	/** Client JWTs that must be refused, each with one defect. */
	private Map<String, String> defectiveTokens() {
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
		// about 5 KB, under the server's 8 KB header limit, so the verifier sees it
		tokens.put("large-5kb-tampered", TokenAuthority.tampered(sign(JWSAlgorithm.ES384, AUTHORITY.ec384,
				claims(serviceUrl()).claim("padding", "p".repeat(3000)).build())));
		return tokens;
	}

	@Test
	void everyDefectiveClientJwt_is401_andTheCanaryIsNeverCalled() {
		int canaryBefore = AUTHORITY.canaryHits();
		for (Map.Entry<String, String> token : defectiveTokens().entrySet()) {
			long start = System.nanoTime();
			FhirHttp.Response response = call(token.getValue());
			LINE.record(response.status(), (System.nanoTime() - start) / 1_000_000, response.status() != 401);
			assertThat(response.status()).as(token.getKey()).isEqualTo(401);
		}
		canaryHits += AUTHORITY.canaryHits() - canaryBefore;
		assertThat(AUTHORITY.canaryHits() - canaryBefore).isZero();
	}

	/**
	 * Discovery is public: with any defective token (each client JWT defect, and a defective SMART access token) it
	 * answers 200 with exactly what it answers without a token, and nothing is fetched from a token's {@code jku}.
	 */
	@Test
	void discoveryWithADefectiveToken_isStill200_andUnaffectedByTheToken() {
		FhirHttp.Response plain = http.get("/cds-services", "Accept", "application/json");
		assertThat(plain.status()).isEqualTo(200);
		Map<String, String> tokens = defectiveTokens();
		tokens.put("smart-alg-none", TokenAuthority.unsigned(AUTHORITY.claims(AUDIENCE).claim("scope", "system/*.cruds").build()));
		tokens.put("smart-expired", AUTHORITY.sign(AUTHORITY.claims(AUDIENCE).claim("scope", "system/*.cruds")
				.issueTime(Date.from(Instant.now().minusSeconds(900))).expirationTime(Date.from(Instant.now().minusSeconds(120))).build()));
		int canaryBefore = AUTHORITY.canaryHits();
		for (Map.Entry<String, String> token : tokens.entrySet()) {
			long start = System.nanoTime();
			FhirHttp.Response response = http.get("/cds-services", "Accept", "application/json", "Authorization", "Bearer " + token.getValue());
			boolean unaffected = response.status() == 200 && plain.body().equals(response.body());
			LINE.record(response.status(), (System.nanoTime() - start) / 1_000_000, !unaffected);
			assertThat(unaffected).as("discovery with " + token.getKey() + ": " + response.status() + " " + response.body()).isTrue();
		}
		canaryHits += AUTHORITY.canaryHits() - canaryBefore;
		assertThat(AUTHORITY.canaryHits() - canaryBefore).isZero();
	}

	/**
	 * A 64 KB client JWT is beyond the server's request header limit: the hook call and discovery are answered with a
	 * 4xx (Jetty's 431; a CDS endpoint is not FHIR, so no OperationOutcome is required), never 2xx or 5xx, and no stack
	 * trace. Sent over a plain socket.
	 */
	@Test
	void oversizeClientJwt_isRefusedWithA4xx_onTheHookAndOnDiscovery() {
		String oversize = TokenAuthority.tampered(sign(JWSAlgorithm.ES384, AUTHORITY.ec384,
				claims(serviceUrl()).claim("padding", "p".repeat(48 * 1024)).build()));
		assertThat(oversize.length()).isGreaterThan(64 * 1024);
		for (String method : List.of("POST", "GET")) {
			Map<String, String> headers = new LinkedHashMap<>();
			headers.put("Accept", "application/json");
			headers.put("Authorization", "Bearer " + oversize);
			byte[] body = null;
			String target = "/cds-services";
			if (method.equals("POST")) {
				headers.put("Content-Type", "application/json");
				body = request().getBytes(java.nio.charset.StandardCharsets.UTF_8);
				target = SERVICE;
			}
			RawHttp.Reply reply = RawHttp.send(port, method, target, headers, body);
			boolean refused = reply.status() >= 400 && reply.status() < 500 && !reply.body().contains("Exception");
			LINE.record(reply.status(), reply.latencyMs(), !refused);
			assertThat(refused).as(method + " " + target + ": " + reply.status() + " " + reply.body()).isTrue();
		}
	}
}
