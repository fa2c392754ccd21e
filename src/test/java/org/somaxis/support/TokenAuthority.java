package org.somaxis.support;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A token issuer for tests, on loopback: RSA and EC (P-256 and P-384) keys generated at start, their public JWK Set
 * served at {@link #jwksUri()}, and a second listener, the canary, that counts every request made to it (a server that
 * fetched keys from a token's {@code jku}/{@code x5u} would hit it). Nothing is downloaded.
 */
public final class TokenAuthority implements AutoCloseable {
	public final RSAKey rsa;
	public final ECKey ec256;
	public final ECKey ec384;
	/** Keys that are in no JWK Set this authority serves: "wrong key". */
	public final RSAKey stranger;
	public final ECKey strangerEc;

	private final HttpServer server;
	private final AtomicInteger jwksHits = new AtomicInteger();
	private final AtomicInteger canaryHits = new AtomicInteger();
	private final String issuer;

	private TokenAuthority(String issuer) {
		try {
			rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
			ec256 = new ECKeyGenerator(Curve.P_256).keyID("ec256-1").generate();
			ec384 = new ECKeyGenerator(Curve.P_384).keyID("ec384-1").generate();
			stranger = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
			strangerEc = new ECKeyGenerator(Curve.P_384).keyID("ec384-x").generate();
			server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		} catch (com.nimbusds.jose.JOSEException e) {
			throw new IllegalStateException(e);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		this.issuer = issuer;
		String jwks = new JWKSet(List.<JWK>of(rsa.toPublicJWK(), ec256.toPublicJWK(), ec384.toPublicJWK())).toString();
		server.createContext("/jwks2", exchange -> {
			jwksHits.incrementAndGet();
			byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.createContext("/jwks", exchange -> {
			jwksHits.incrementAndGet();
			byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		String strangerJwks = new JWKSet(List.<JWK>of(stranger.toPublicJWK(), strangerEc.toPublicJWK())).toString();
		server.createContext("/canary", exchange -> {
			canaryHits.incrementAndGet();
			byte[] body = strangerJwks.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.start();
	}

	/** @param issuer the {@code iss} of the tokens it mints; null = its own loopback URL */
	public static TokenAuthority start(String issuer) {
		TokenAuthority authority = new TokenAuthority(issuer);
		return authority;
	}

	public String base() {
		return "http://127.0.0.1:" + server.getAddress().getPort();
	}

	public String issuer() {
		return issuer == null ? base() + "/issuer" : issuer;
	}

	public String jwksUri() {
		return base() + "/jwks";
	}

	/** The same public keys at a second URL (an allow-listed {@code jku}). */
	public String secondJwksUri() {
		return base() + "/jwks2";
	}

	/** A JWK Set URL that serves the stranger keys and counts hits. */
	public String canaryUri() {
		return base() + "/canary";
	}

	public int jwksHits() {
		return jwksHits.get();
	}

	public int canaryHits() {
		return canaryHits.get();
	}

	/** Claims of a token valid for five minutes, issued by this authority for {@code audience}. */
	public JWTClaimsSet.Builder claims(String audience) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder()
				.issuer(issuer())
				.audience(audience)
				.subject("user-1")
				.issueTime(Date.from(now))
				.expirationTime(Date.from(now.plusSeconds(300)))
				.jwtID(UUID.randomUUID().toString());
	}

	public String sign(JWTClaimsSet claims) {
		return sign(JWSAlgorithm.RS256, rsa, claims, header -> {});
	}

	/** Signs with the given key and algorithm; {@code header} may add {@code jku}, {@code x5u}, {@code typ}... */
	public String sign(JWSAlgorithm algorithm, JWK key, JWTClaimsSet claims, Consumer<JWSHeader.Builder> header) {
		try {
			JWSHeader.Builder builder = new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).type(JOSEObjectType.JWT);
			header.accept(builder);
			JWSSigner signer = key instanceof RSAKey r ? new RSASSASigner(r) : new ECDSASigner((ECKey) key);
			SignedJWT jwt = new SignedJWT(builder.build(), claims);
			jwt.sign(signer);
			return jwt.serialize();
		} catch (com.nimbusds.jose.JOSEException e) {
			throw new IllegalStateException(e);
		}
	}

	/** {@code alg: none}: no signature at all. */
	public static String unsigned(JWTClaimsSet claims) {
		return new PlainJWT(claims).serialize();
	}

	/** HS256 with the RSA public key's encoding as the HMAC secret (the classic key-confusion attack). */
	public String hs256WithPublicKey(JWTClaimsSet claims) {
		try {
			byte[] secret = rsa.toPublicJWK().toRSAPublicKey().getEncoded();
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(rsa.getKeyID()).build(), claims);
			jwt.sign(new MACSigner(secret));
			return jwt.serialize();
		} catch (com.nimbusds.jose.JOSEException e) {
			throw new IllegalStateException(e);
		}
	}

	/** A valid token with its signature bytes changed. */
	public static String tampered(String token) {
		String[] parts = token.split("\\.");
		byte[] signature = Base64URL.from(parts[2]).decode();
		signature[signature.length / 2] ^= 0x01;
		return parts[0] + "." + parts[1] + "." + Base64URL.encode(signature);
	}

	@Override
	public void close() {
		server.stop(0);
	}
}
