package org.somaxis.support;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** A plain HTTP client for the integration tests: real requests, no HAPI client in between. */
public final class FhirHttp {
	public static final String FHIR_JSON = "application/fhir+json";
	public static final FhirContext FHIR = FhirContext.forR4Cached();

	private final String base;
	private final HttpClient client =
			HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	public FhirHttp(int port) {
		this.base = "http://localhost:" + port;
	}

	public record Response(int status, java.net.http.HttpHeaders headers, String body) {
		public <T extends IBaseResource> T as(Class<T> type) {
			return FHIR.newJsonParser().parseResource(type, body);
		}

		public String header(String name) {
			return headers.firstValue(name).orElse(null);
		}
	}

	public String base() {
		return base;
	}

	public Response get(String path, String... headers) {
		return send(HttpRequest.newBuilder(uri(path)).GET(), headers);
	}

	public Response delete(String path, String... headers) {
		return send(HttpRequest.newBuilder(uri(path)).DELETE(), headers);
	}

	public Response post(String path, String body, String contentType, String... headers) {
		return send(
				HttpRequest.newBuilder(uri(path))
						.header("Content-Type", contentType)
						.POST(HttpRequest.BodyPublishers.ofString(body)),
				headers);
	}

	public Response post(String path, byte[] body, String contentType, String... headers) {
		return send(
				HttpRequest.newBuilder(uri(path))
						.header("Content-Type", contentType)
						.POST(HttpRequest.BodyPublishers.ofByteArray(body)),
				headers);
	}

	/**
	 * Sends only the headers of a POST that declares a body of {@code declaredLength} bytes, over a raw socket, and
	 * returns the status the server answers with. A server that refuses the declared size answers without reading
	 * the body; sending the body anyway would race its close (a reset can discard the answer before the client reads
	 * it, which java.net.http reports as "received no bytes").
	 */
	public int rawPostStatusForDeclaredLength(int port, String path, String contentType, long declaredLength) {
		try (Socket socket = new Socket("localhost", port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: " + FHIR_JSON + "\r\nContent-Type: "
							+ contentType + "\r\nContent-Length: " + declaredLength + "\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
			return Integer.parseInt(statusLine.substring(9, 12));
		} catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	public Response postResource(String path, IBaseResource resource, String... headers) {
		return post(path, FHIR.newJsonParser().encodeResourceToString(resource), FHIR_JSON, headers);
	}

	public Response put(String path, IBaseResource resource, String... headers) {
		return send(
				HttpRequest.newBuilder(uri(path))
						.header("Content-Type", FHIR_JSON)
						.PUT(HttpRequest.BodyPublishers.ofString(FHIR.newJsonParser().encodeResourceToString(resource))),
				headers);
	}

	public Response put(String path, String body, String contentType, String... headers) {
		return send(HttpRequest.newBuilder(uri(path))
				.header("Content-Type", contentType)
				.PUT(HttpRequest.BodyPublishers.ofString(body)), headers);
	}

	/** A request without a body under any method ({@code HEAD}, {@code OPTIONS}). */
	public Response send(String method, String path, String... headers) {
		return send(HttpRequest.newBuilder(uri(path)).method(method, HttpRequest.BodyPublishers.noBody()), headers);
	}

	/** A request with this body under any method (POST, PUT, PATCH). */
	public Response withBody(String method, String path, String body, String contentType, String... headers) {
		return send(HttpRequest.newBuilder(uri(path))
				.header("Content-Type", contentType)
				.method(method, HttpRequest.BodyPublishers.ofString(body)), headers);
	}

	public Response patch(String path, String body, String contentType, String... headers) {
		return send(HttpRequest.newBuilder(uri(path))
				.header("Content-Type", contentType)
				.method("PATCH", HttpRequest.BodyPublishers.ofString(body)), headers);
	}

	/**
	 * Sends a GET with the path exactly as given, unencoded, over a raw socket: {@link URI} would refuse
	 * characters such as {@code |} that real EHRs send.
	 */
	public int rawGetStatus(int port, String pathAndQuery) {
		try (Socket socket = new Socket("localhost", port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: localhost\r\nAccept: " + FHIR_JSON
							+ "\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
			return Integer.parseInt(statusLine.substring(9, 12));
		} catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	private URI uri(String path) {
		return URI.create(path.startsWith("http") ? path : base + path);
	}

	private Response send(HttpRequest.Builder builder, String... headers) {
		builder.timeout(Duration.ofSeconds(120));
		if (headers.length == 0 || !containsAccept(headers)) {
			builder.header("Accept", FHIR_JSON);
		}
		for (int i = 0; i + 1 < headers.length; i += 2) {
			builder.header(headers[i], headers[i + 1]);
		}
		try {
			HttpResponse<String> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers(), response.body());
		} catch (IOException e) {
			throw new IllegalStateException(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	private static boolean containsAccept(String[] headers) {
		for (int i = 0; i < headers.length; i += 2) {
			if (headers[i].equalsIgnoreCase("Accept")) {
				return true;
			}
		}
		return false;
	}
}
