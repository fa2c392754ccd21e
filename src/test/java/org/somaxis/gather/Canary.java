package org.somaxis.gather;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A FHIR server stand-in on loopback that records every request (path and Authorization header). With no responder
 * it answers 500, so any call to it is visible twice: as a hit and as a failure.
 */
public final class Canary implements AutoCloseable {
	public record Hit(String pathAndQuery, String authorization) {}

	private final HttpServer server;
	private final List<Hit> hits = new CopyOnWriteArrayList<>();

	private Canary(Function<String, String> responder) throws IOException {
		server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/", exchange -> {
			String path = exchange.getRequestURI().toString();
			hits.add(new Hit(path, exchange.getRequestHeaders().getFirst("Authorization")));
			String body = responder == null ? null : responder.apply(path);
			byte[] bytes = (body == null ? "{}" : body).getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
			exchange.sendResponseHeaders(body == null ? 500 : 200, bytes.length);
			exchange.getResponseBody().write(bytes);
			exchange.close();
		});
		server.start();
	}

	public static Canary start() throws IOException {
		return new Canary(null);
	}

	/** @param responder request path (with query, relative to /fhir) → FHIR JSON, or null for a 500 */
	public static Canary serving(Function<String, String> responder) throws IOException {
		return new Canary(responder);
	}

	public String base() {
		return "http://127.0.0.1:" + server.getAddress().getPort() + "/fhir";
	}

	public int hits() {
		return hits.size();
	}

	public List<Hit> requests() {
		return List.copyOf(hits);
	}

	@Override
	public void close() {
		server.stop(0);
	}
}
