package org.somaxis.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests no well-behaved client sends: unencoded or undecodable paths,
 * oversize URIs and headers, bodies with lying content types. One request per connection.
 */
public final class RawHttp {
	public record Reply(int status, Map<String, String> headers, String body, long latencyMs) {
		public String contentType() {
			return headers.getOrDefault("content-type", "");
		}

		/** True when the body is a FHIR OperationOutcome, in JSON or XML. */
		public boolean isOperationOutcome() {
			String type = contentType();
			if (type.contains("json")) {
				return body.contains("\"resourceType\":\"OperationOutcome\"") || body.contains("\"resourceType\": \"OperationOutcome\"");
			}
			if (type.contains("xml")) {
				return body.contains("<OperationOutcome") && body.contains("http://hl7.org/fhir");
			}
			return false;
		}
	}

	private RawHttp() {}

	public static Reply send(int port, String method, String target, Map<String, String> headers, byte[] body) {
		long started = System.nanoTime();
		try (Socket socket = new Socket("localhost", port)) {
			socket.setSoTimeout(60_000);
			StringBuilder head = new StringBuilder()
					.append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
					.append("Host: localhost\r\nConnection: close\r\n");
			headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
			if (body != null) {
				head.append("Content-Length: ").append(body.length).append("\r\n");
			}
			head.append("\r\n");
			OutputStream out = socket.getOutputStream();
			try {
				out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
				if (body != null) {
					out.write(body);
				}
				out.flush();
			} catch (SocketException refusedEarly) {
				// the server may answer (413, 431) and close before it has read everything; read its answer
			}
			byte[] raw = socket.getInputStream().readAllBytes();
			return parse(raw, (System.nanoTime() - started) / 1_000_000);
		} catch (IOException e) {
			throw new IllegalStateException("No HTTP answer to " + method + " " + abbreviate(target), e);
		}
	}

	static String abbreviate(String text) {
		return text.length() > 120 ? text.substring(0, 120) + "...(" + text.length() + " chars)" : text;
	}

	private static Reply parse(byte[] raw, long latencyMs) throws IOException {
		int headerEnd = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
		if (headerEnd < 0) {
			throw new IOException("Incomplete HTTP response (" + raw.length + " bytes)");
		}
		String[] lines = new String(raw, 0, headerEnd, StandardCharsets.ISO_8859_1).split("\r\n");
		int status = Integer.parseInt(lines[0].substring(9, 12));
		Map<String, String> headers = new LinkedHashMap<>();
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			if (colon > 0) {
				headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
			}
		}
		byte[] body = java.util.Arrays.copyOfRange(raw, headerEnd + 4, raw.length);
		if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			body = dechunk(body);
		}
		return new Reply(status, headers, new String(body, StandardCharsets.UTF_8), latencyMs);
	}

	private static byte[] dechunk(byte[] chunked) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		InputStream in = new java.io.ByteArrayInputStream(chunked);
		while (true) {
			StringBuilder size = new StringBuilder();
			int c;
			while ((c = in.read()) != -1 && c != '\n') {
				if (c != '\r') {
					size.append((char) c);
				}
			}
			String hex = size.toString().split(";")[0].trim();
			if (hex.isEmpty()) {
				return out.toByteArray();
			}
			int length = Integer.parseInt(hex, 16);
			if (length == 0) {
				return out.toByteArray();
			}
			out.write(in.readNBytes(length));
			in.read();
			in.read();
		}
	}

	private static int indexOf(byte[] data, byte[] pattern) {
		outer:
		for (int i = 0; i + pattern.length <= data.length; i++) {
			for (int j = 0; j < pattern.length; j++) {
				if (data[i + j] != pattern[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}
}
