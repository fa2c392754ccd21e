package org.somaxis.security;

import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.util.DateUtils;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * An {@code If-Modified-Since} that is not an HTTP-date ({@code 2026-12-06T20:07:44Z}, as a client that copies
 * {@code meta.lastUpdated} sends it, or a date without {@code GMT}) is ignored, as RFC 9110 §13.1.3 requires of a
 * recipient: HAPI 8.8's read and vread failed on it with a 500 (probe 48, S-C6). Whether it is one is decided by the
 * parser HAPI reads the header with, so every value HAPI can use still reaches it.
 */
final class IfModifiedSince {
	private IfModifiedSince() {
	}

	/** The request itself, or one without its {@code If-Modified-Since} when that is not an HTTP-date. */
	static HttpServletRequest readable(HttpServletRequest request) {
		String value = request.getHeader(Constants.HEADER_IF_MODIFIED_SINCE);
		if (value == null || DateUtils.parseDate(value) != null) {
			return request;
		}
		return new HttpServletRequestWrapper(request) {
			@Override
			public String getHeader(String name) {
				return isIt(name) ? null : super.getHeader(name);
			}

			@Override
			public Enumeration<String> getHeaders(String name) {
				return isIt(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
			}

			@Override
			public Enumeration<String> getHeaderNames() {
				List<String> names = Collections.list(super.getHeaderNames());
				names.removeIf(IfModifiedSince::isIt);
				return Collections.enumeration(names);
			}

			@Override
			public long getDateHeader(String name) {
				return isIt(name) ? -1 : super.getDateHeader(name);
			}
		};
	}

	private static boolean isIt(String name) {
		return Constants.HEADER_IF_MODIFIED_SINCE.equalsIgnoreCase(name);
	}
}
