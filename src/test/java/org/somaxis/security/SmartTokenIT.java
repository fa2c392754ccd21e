package org.somaxis.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import java.net.URI;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.somaxis.reliability.RawHttp;
import org.somaxis.support.FhirHttp;
import org.somaxis.support.ReliabilityLine;
import org.somaxis.support.TokenAuthority;

/**
 * The access token checks (RELIABILITY.md §8 row 14, SMART half): every defective token is refused with 401,
 * {@code WWW-Authenticate: Bearer error="invalid_token"} and an OperationOutcome, on read, search, transaction and
 * $evaluate; no key is ever fetched from a token's {@code jku}/{@code x5u}; an oversize token (64 KB, beyond the
 * server's header limit) gets a 4xx with an OperationOutcome. Also what stays public. One
 * {@code token-validation-smart} line for the class, printed after all its tests.
 */
class SmartTokenIT extends SmartServer {
	private static final ReliabilityLine LINE = new ReliabilityLine("token-validation-smart");
	private static int canaryHits;

	@AfterAll
	static void printLine() {
		LINE.print("n/a", canaryHits);
		assertThat(LINE.violations()).as("token-validation-smart violations").isZero();
	}

	private Map<String, String> defectiveTokens() {
		String scope = "patient/*.cruds";
		Function<JWTClaimsSet.Builder, JWTClaimsSet> base = b -> b.claim("scope", scope).claim("patient", patientA).build();
		Map<String, String> tokens = new LinkedHashMap<>();
		tokens.put("malformed", "not-a-jwt");
		tokens.put("alg-none", TokenAuthority.unsigned(base.apply(AUTHORITY.claims(AUDIENCE))));
		tokens.put("hs256-with-rsa-public-key", AUTHORITY.hs256WithPublicKey(base.apply(AUTHORITY.claims(AUDIENCE))));
		tokens.put("unknown-kid", AUTHORITY.sign(JWSAlgorithm.ES384, AUTHORITY.strangerEc, base.apply(AUTHORITY.claims(AUDIENCE)), h -> {}));
		tokens.put("wrong-key-same-kid", AUTHORITY.sign(JWSAlgorithm.RS256, AUTHORITY.stranger, base.apply(AUTHORITY.claims(AUDIENCE)), h -> {}));
		tokens.put("tampered-signature", TokenAuthority.tampered(AUTHORITY.sign(base.apply(AUTHORITY.claims(AUDIENCE)))));
		tokens.put("jku-to-canary", AUTHORITY.sign(JWSAlgorithm.ES384, AUTHORITY.strangerEc, base.apply(AUTHORITY.claims(AUDIENCE)),
				h -> h.jwkURL(URI.create(AUTHORITY.canaryUri()))));
		tokens.put("x5u-to-canary", AUTHORITY.sign(JWSAlgorithm.RS256, AUTHORITY.stranger, base.apply(AUTHORITY.claims(AUDIENCE)),
				h -> h.x509CertURL(URI.create(AUTHORITY.canaryUri()))));
		tokens.put("expired", AUTHORITY.sign(base.apply(AUTHORITY.claims(AUDIENCE)
				.issueTime(Date.from(Instant.now().minusSeconds(900))).expirationTime(Date.from(Instant.now().minusSeconds(120))))));
		tokens.put("future-nbf", AUTHORITY.sign(base.apply(AUTHORITY.claims(AUDIENCE).notBeforeTime(Date.from(Instant.now().plusSeconds(600))))));
		tokens.put("wrong-iss", AUTHORITY.sign(base.apply(AUTHORITY.claims(AUDIENCE).issuer("https://evil.example.org"))));
		tokens.put("wrong-aud", AUTHORITY.sign(base.apply(AUTHORITY.claims("https://other-server.example.org/fhir"))));
		tokens.put("missing-exp", AUTHORITY.sign(base.apply(AUTHORITY.claims(AUDIENCE).expirationTime(null))));
		tokens.put("typ-unexpected", AUTHORITY.sign(JWSAlgorithm.RS256, AUTHORITY.rsa, base.apply(AUTHORITY.claims(AUDIENCE)),
				h -> h.type(new com.nimbusds.jose.JOSEObjectType("secevent+jwt"))));
		// large (about 5 KB, under the server's 8 KB header limit, so the token decoder sees it) and tampered
		tokens.put("large-5kb-tampered", TokenAuthority.tampered(AUTHORITY.sign(base.apply(AUTHORITY.claims(AUDIENCE)
				.claim("padding", "p".repeat(3000))))));
		return tokens;
	}

	private Map<String, Function<String[], FhirHttp.Response>> interactions() {
		Map<String, Function<String[], FhirHttp.Response>> calls = new LinkedHashMap<>();
		calls.put("read", headers -> http.get("/fhir/Patient/" + patientA, headers));
		calls.put("search", headers -> http.get("/fhir/Observation?patient=" + patientA, headers));
		calls.put("transaction", headers -> http.post("/fhir", "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[]}",
				FhirHttp.FHIR_JSON, headers));
		calls.put("evaluate", headers -> http.get("/fhir/Patient/" + patientA + "/$evaluate", headers));
		return calls;
	}

	@Test
	void everyDefectiveToken_isRefusedWith401InvalidToken_andNoKeyIsFetchedFromTheTokensHeader() {
		ReliabilityLine line = LINE;
		int canaryBefore = AUTHORITY.canaryHits();
		for (Map.Entry<String, String> token : defectiveTokens().entrySet()) {
			for (Map.Entry<String, Function<String[], FhirHttp.Response>> call : interactions().entrySet()) {
				long start = System.nanoTime();
				FhirHttp.Response response = call.getValue().apply(bearer(token.getValue()));
				long millis = (System.nanoTime() - start) / 1_000_000;
				boolean refused = response.status() == 401
						&& "Bearer error=\"invalid_token\"".equals(response.header("WWW-Authenticate"))
						&& response.as(OperationOutcome.class).hasIssue();
				line.record(response.status(), millis, !refused);
				assertThat(refused).as(token.getKey() + " on " + call.getKey() + ": " + response.status() + " "
						+ response.header("WWW-Authenticate")).isTrue();
			}
		}
		for (Map.Entry<String, Function<String[], FhirHttp.Response>> call : interactions().entrySet()) {
			long start = System.nanoTime();
			FhirHttp.Response response = call.getValue().apply(new String[0]);
			boolean refused = response.status() == 401 && response.header("WWW-Authenticate").startsWith("Bearer");
			line.record(response.status(), (System.nanoTime() - start) / 1_000_000, !refused);
			assertThat(refused).as("no token on " + call.getKey()).isTrue();
		}
		canaryHits = AUTHORITY.canaryHits() - canaryBefore;
		assertThat(canaryHits).isZero();
	}

	/**
	 * A 64 KB access token is beyond the server's request header limit (Spring Boot's default 8 KB): whatever answers it
	 * (Jetty's 431, rendered as an OperationOutcome on /fhir) must be a 4xx with an OperationOutcome, or a 401 with
	 * {@code WWW-Authenticate}; never a 2xx, never a 5xx. Sent over a plain socket, as a client may send it.
	 */
	@Test
	void oversizeToken_isRefusedWithA4xxAndAnOperationOutcome_onEveryInteraction() {
		String oversize = TokenAuthority.tampered(AUTHORITY.sign(AUTHORITY.claims(AUDIENCE).claim("scope", "patient/*.cruds")
				.claim("patient", patientA).claim("padding", "p".repeat(48 * 1024)).build()));
		assertThat(oversize.length()).isGreaterThan(64 * 1024);
		Map<String, String[]> calls = new LinkedHashMap<>();
		calls.put("read", new String[] {"GET", "/fhir/Patient/" + patientA, null});
		calls.put("search", new String[] {"GET", "/fhir/Observation?patient=" + patientA, null});
		calls.put("transaction", new String[] {"POST", "/fhir", "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[]}"});
		calls.put("evaluate", new String[] {"GET", "/fhir/Patient/" + patientA + "/$evaluate", null});
		for (Map.Entry<String, String[]> call : calls.entrySet()) {
			Map<String, String> headers = new LinkedHashMap<>();
			headers.put("Accept", FhirHttp.FHIR_JSON);
			headers.put("Authorization", "Bearer " + oversize);
			String body = call.getValue()[2];
			if (body != null) {
				headers.put("Content-Type", FhirHttp.FHIR_JSON);
			}
			RawHttp.Reply reply = RawHttp.send(port, call.getValue()[0], call.getValue()[1], headers,
					body == null ? null : body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
			boolean refused = reply.status() >= 400 && reply.status() < 500
					&& (reply.isOperationOutcome() || (reply.status() == 401 && reply.headers().containsKey("www-authenticate")));
			LINE.record(reply.status(), reply.latencyMs(), !refused);
			assertThat(refused).as("oversize token on " + call.getKey() + ": " + reply.status() + " " + reply.body()).isTrue();
		}
	}

	@Test
	void unauthorisedRead_gets401WithAnOperationOutcome() {
		FhirHttp.Response response = http.get("/fhir/Patient/" + patientA);

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
		assertThat(response.as(OperationOutcome.class).getIssueFirstRep().getCode())
				.isEqualTo(OperationOutcome.IssueType.LOGIN);
	}

	@Test
	void patientContext_readOfThePatientInTheToken_is200() {
		FhirHttp.Response response = http.get("/fhir/Patient/" + patientA, bearer(token("patient/Patient.rs", patientA)));

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.as(org.hl7.fhir.r4.model.Patient.class).getIdElement().getIdPart()).isEqualTo(patientA);
	}

	@Test
	void tokensSignedWithEcAndRsaKeys_areAccepted() {
		for (JWSAlgorithm algorithm : List.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.PS256)) {
			String token = AUTHORITY.sign(algorithm, AUTHORITY.rsa,
					AUTHORITY.claims(AUDIENCE).claim("scope", "patient/Patient.r").claim("patient", patientA).build(), h -> {});
			assertThat(http.get("/fhir/Patient/" + patientA, bearer(token)).status()).as(algorithm.getName()).isEqualTo(200);
		}
		String ec = AUTHORITY.sign(JWSAlgorithm.ES256, AUTHORITY.ec256,
				AUTHORITY.claims(AUDIENCE).claim("scope", "patient/Patient.r").claim("patient", patientA).build(), h -> {});
		assertThat(http.get("/fhir/Patient/" + patientA, bearer(ec)).status()).isEqualTo(200);
		String atJwt = AUTHORITY.sign(JWSAlgorithm.ES384, AUTHORITY.ec384,
				AUTHORITY.claims(AUDIENCE).claim("scope", "patient/Patient.r").claim("patient", patientA).build(),
				h -> h.type(new com.nimbusds.jose.JOSEObjectType("at+jwt")));
		assertThat(http.get("/fhir/Patient/" + patientA, bearer(atJwt)).status()).isEqualTo(200);
		// RFC 9068 section 4 and RFC 7515 section 4.1.9 let the type be written as a media type too; it was refused (401)
		for (String type : List.of("application/at+jwt", "application/jwt")) {
			String mediaType = AUTHORITY.sign(JWSAlgorithm.RS256, AUTHORITY.rsa,
					AUTHORITY.claims(AUDIENCE).claim("scope", "patient/Patient.r").claim("patient", patientA).build(),
					h -> h.type(new com.nimbusds.jose.JOSEObjectType(type)));
			assertThat(http.get("/fhir/Patient/" + patientA, bearer(mediaType)).status()).as(type).isEqualTo(200);
		}
	}

	/**
	 * Tokens naming keys the issuer never published (a made-up {@code kid} each) are refused without making the server
	 * fetch the issuer's JWK Set once per token: at most once per refetch interval. Before, each such token made one
	 * fetch, so anyone could make the server hammer the authorization server.
	 */
	@Test
	void tokensWithUnknownKids_doNotMakeTheServerFetchTheJwkSetForEachToken() {
		http.get("/fhir/Patient/" + patientA, bearer(AUTHORITY.sign(AUTHORITY.claims(AUDIENCE)
				.claim("scope", "patient/Patient.r").claim("patient", patientA).build()))); // the set is fetched and cached
		int before = AUTHORITY.jwksHits();
		for (int i = 0; i < 20; i++) {
			String stranger = AUTHORITY.sign(JWSAlgorithm.ES384, AUTHORITY.strangerEc,
					AUTHORITY.claims(AUDIENCE).claim("scope", "patient/Patient.r").claim("patient", patientA).build(),
					h -> h.keyID("made-up-" + java.util.UUID.randomUUID()));
			assertThat(http.get("/fhir/Patient/" + patientA, bearer(stranger)).status()).isEqualTo(401);
		}

		assertThat(AUTHORITY.jwksHits() - before).isLessThanOrEqualTo(2);
	}

	@Test
	void metadata_isPublicAndAdvertisesSmartWithTheOauthUris() {
		FhirHttp.Response response = http.get("/fhir/metadata");

		assertThat(response.status()).isEqualTo(200);
		CapabilityStatement.CapabilityStatementRestSecurityComponent security =
				response.as(CapabilityStatement.class).getRestFirstRep().getSecurity();
		assertThat(security.getServiceFirstRep().getCodingFirstRep().getCode()).isEqualTo("SMART-on-FHIR");
		org.hl7.fhir.r4.model.Extension oauth = security.getExtensionByUrl(
				"http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris");
		assertThat(oauth.getExtensionByUrl("authorize").getValue().primitiveValue()).isEqualTo("https://auth.somaxis.test/authorize");
		assertThat(oauth.getExtensionByUrl("token").getValue().primitiveValue()).isEqualTo("https://auth.somaxis.test/token");
	}

	@Test
	void smartConfiguration_isPublicAtTheFhirBaseAndAtTheRoot() {
		for (String path : List.of("/fhir/.well-known/smart-configuration", "/.well-known/smart-configuration")) {
			FhirHttp.Response response = http.get(path, "Accept", "application/json");

			assertThat(response.status()).as(path).isEqualTo(200);
			assertThat(response.body())
					.contains("\"authorization_endpoint\":\"https://auth.somaxis.test/authorize\"")
					.contains("\"token_endpoint\":\"https://auth.somaxis.test/token\"")
					.contains("\"capabilities\":[")
					.contains("permission-v2")
					.contains("\"scopes_supported\":[");
		}
	}

	@Test
	void healthProbes_arePublic() {
		assertThat(http.get("/actuator/health/liveness", "Accept", "application/json").status()).isEqualTo(200);
		assertThat(http.get("/actuator/health/readiness", "Accept", "application/json").status()).isEqualTo(200);
	}

	@Test
	void searchWithAValidToken_stillWorks() {
		FhirHttp.Response response = http.get("/fhir/Observation?patient=" + patientA, bearer(token("user/*.rs", null)));

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.as(Bundle.class).getEntry()).isNotEmpty().allSatisfy(entry -> assertThat(
				((org.hl7.fhir.r4.model.Observation) entry.getResource()).getSubject().getReference()).endsWith("Patient/" + patientA));
	}

	/**
	 * A browser SMART app on an allowed origin: its preflight is answered without a token (browsers send none), and
	 * the answers to its calls carry the CORS headers, with the headers a FHIR client reads exposed. Another origin's
	 * preflight gets 403 with an OperationOutcome.
	 */
	@Test
	void aBrowserAppOnAnAllowedOrigin_getsCorsAnswers_beforeAuthentication() {
		FhirHttp.Response preflight = http.send("OPTIONS", "/fhir/Observation", "Origin", APP_ORIGIN,
				"Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization,content-type,if-match");
		FhirHttp.Response read = http.get("/fhir/Patient/" + patientA,
				"Authorization", "Bearer " + token("patient/*.rs", patientA), "Origin", APP_ORIGIN);
		FhirHttp.Response otherOrigin = http.send("OPTIONS", "/fhir/Observation", "Origin", "https://elsewhere.example",
				"Access-Control-Request-Method", "GET");

		assertThat(preflight.status()).isEqualTo(200);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains(APP_ORIGIN);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("POST", "PUT", "PATCH");
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase())
				.contains("authorization", "if-match");
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.headers().firstValue("Access-Control-Allow-Origin")).contains(APP_ORIGIN);
		assertThat(read.headers().firstValue("Access-Control-Expose-Headers").orElse("")).contains("Location", "ETag");
		assertThat(otherOrigin.status()).isEqualTo(403);
		assertThat(otherOrigin.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		assertThat(otherOrigin.as(org.hl7.fhir.r4.model.OperationOutcome.class).getIssueFirstRep().getCode())
				.isEqualTo(org.hl7.fhir.r4.model.OperationOutcome.IssueType.FORBIDDEN);
	}

	/**
	 * HEAD is the GET it stands for, token and all: 401 without one, the read's or search's status (and a read's ETag)
	 * with one (that no body follows is checked on the wire in FhirRestContract). HAPI served HEAD on a read only, and
	 * answered it on a search with 400.
	 */
	@Test
	void head_isAuthorizedAsTheGetItStandsFor() {
		FhirHttp.Response withoutToken = http.send("HEAD", "/fhir/Patient/" + patientA);
		FhirHttp.Response withToken = http.send("HEAD", "/fhir/Patient/" + patientA,
				"Authorization", "Bearer " + token("patient/*.rs", patientA));
		FhirHttp.Response otherPatient = http.send("HEAD", "/fhir/Patient/" + patientB,
				"Authorization", "Bearer " + token("patient/*.rs", patientA));
		FhirHttp.Response search = http.send("HEAD", "/fhir/Observation?patient=" + patientA,
				"Authorization", "Bearer " + token("patient/*.rs", patientA));
		FhirHttp.Response searchWithoutToken = http.send("HEAD", "/fhir/Observation?patient=" + patientA);

		assertThat(withoutToken.status()).isEqualTo(401);
		assertThat(withToken.status()).isEqualTo(200);
		assertThat(withToken.headers().firstValue("ETag")).isPresent();
		assertThat(otherPatient.status()).isIn(403, 404);
		assertThat(search.status()).isEqualTo(200);
		assertThat(searchWithoutToken.status()).isEqualTo(401);
	}

	/**
	 * $everything?_count=0 in smart mode is left to HAPI (200, no total): answered as _summary=count, as open mode does,
	 * it met the consent interceptor's refusal of _summary=count, a 400 about a parameter the client never sent.
	 */
	@Test
	void everythingWithCountZero_inSmartMode_isAnsweredWithoutATotal() {
		FhirHttp.Response everything = http.get("/fhir/Patient/" + patientA + "/$everything?_count=0",
				"Authorization", "Bearer " + token("patient/*.rs", patientA));

		assertThat(everything.status()).as(everything.body()).isEqualTo(200);
		assertThat(everything.as(org.hl7.fhir.r4.model.Bundle.class).hasTotal()).isFalse();
	}
}
