package org.somaxis.faults;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A FHIR server on loopback that the SSRF test puts on the CDS allow-list, and that then tries to send the caller on
 * to the canary: {@code /redirect/fhir} answers every request with a 302 to the canary, {@code /paging/fhir} and
 * {@code /relative/fhir} answer searches with one page whose {@code next} link points at the canary (absolute, or
 * scheme-relative). It counts the requests it gets, so the test can show the allow-listed path was really taken.
 */
final class AllowListedDecoy implements AutoCloseable {
	private final HttpServer server;
	private final AtomicInteger requests = new AtomicInteger();

	AllowListedDecoy(String canaryBase) throws IOException {
		server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		String canaryAuthority = canaryBase.substring("http://".length());
		server.createContext("/redirect/fhir", exchange -> {
			requests.incrementAndGet();
			exchange.getResponseHeaders().add("Location", canaryBase + exchange.getRequestURI());
			exchange.sendResponseHeaders(302, -1);
			exchange.close();
		});
		server.createContext("/paging/fhir", exchange -> answer(exchange, canaryBase + "/paging/fhir/Observation?page=2"));
		server.createContext("/relative/fhir",
				exchange -> answer(exchange, "//" + canaryAuthority + "/relative/fhir/Observation?page=2"));
		server.start();
	}

	String base() {
		return "http://127.0.0.1:" + server.getAddress().getPort();
	}

	int requests() {
		return requests.get();
	}

	private void answer(HttpExchange exchange, String nextLink) throws IOException {
		requests.incrementAndGet();
		String path = exchange.getRequestURI().getPath();
		String body;
		if (path.matches(".*/Patient/[^/]+")) {
			body = "{\"resourceType\":\"Patient\",\"id\":\"" + path.substring(path.lastIndexOf('/') + 1)
					+ "\",\"birthDate\":\"1970-01-01\",\"gender\":\"male\"}";
		} else {
			body = "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"link\":[{\"relation\":\"next\",\"url\":\"" + nextLink
					+ "\"}],\"entry\":[]}";
		}
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
		exchange.sendResponseHeaders(200, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@Override
	public void close() {
		server.stop(0);
	}
}
