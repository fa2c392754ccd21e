package org.somaxis.audit;

import ca.uhn.fhir.rest.server.ServletRequestTracing;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.security.SecureRandom;

/**
 * Gives every request one id before anything else runs, so that each AuditEvent it causes can name it (IHE BALP
 * entity {@code XrequestId}): the client's {@code X-Request-ID} when it is 1 to {@value #MAX_LENGTH} letters, digits
 * or '-', otherwise 16 random letters and digits. The id goes into the request attribute HAPI's
 * {@code ServletRequestTracing} reads, so the FHIR server uses the same id and echoes it in its response header.
 */
public final class RequestIdFilter implements Filter {
	static final int MAX_LENGTH = 64;
	private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	private static final ThreadLocal<Current> CURRENT = new ThreadLocal<>();
	private static final SecureRandom RANDOM = new SecureRandom();

	/** The request this thread is serving: its id, and whether an AuditEvent has been recorded for it yet. */
	private static final class Current {
		final String id;
		boolean audited;

		Current(String id) {
			this.id = id;
		}
	}

	/** The id of the request this thread is serving, or null outside a request. */
	static String current() {
		Current current = CURRENT.get();
		return current == null ? null : current.id;
	}

	/** Notes that the request this thread is serving has an AuditEvent (no-op outside a request). */
	static void markAudited() {
		Current current = CURRENT.get();
		if (current != null) {
			current.audited = true;
		}
	}

	/** Whether an AuditEvent has been recorded for the request this thread is serving. */
	static boolean audited() {
		Current current = CURRENT.get();
		return current != null && current.audited;
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		String id = accepted(request instanceof HttpServletRequest http ? http.getHeader("X-Request-ID") : null);
		request.setAttribute(ServletRequestTracing.ATTRIBUTE_REQUEST_ID, id);
		CURRENT.set(new Current(id));
		try {
			chain.doFilter(request, response);
		} finally {
			CURRENT.remove();
		}
	}

	static String accepted(String header) {
		if (header != null && !header.isEmpty() && header.length() <= MAX_LENGTH
				&& header.chars().allMatch(c -> c == '-' || (c < 128 && Character.isLetterOrDigit(c)))) {
			return header;
		}
		StringBuilder id = new StringBuilder(16);
		for (int i = 0; i < 16; i++) {
			id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
		}
		return id.toString();
	}
}
