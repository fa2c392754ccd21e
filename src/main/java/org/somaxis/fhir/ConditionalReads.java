package org.somaxis.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.NotModifiedException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import ca.uhn.fhir.util.DateUtils;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.Collections;
import java.util.Date;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * A conditional read ({@code If-None-Match}, {@code If-Modified-Since}) answered as RFC 9110 §13 says, for read and
 * vread. HAPI 8.8 answered 200 to three requests that RFC 9110 answers 304 (probes 48 and 49, S-m4):
 *
 * <ul>
 *   <li>{@code If-Modified-Since} equal to the resource's own {@code Last-Modified}: HAPI compared it with the stored
 *       time, which has milliseconds that an HTTP-date cannot carry, so the one date a client has (the header it was
 *       given) never matched. Here the resource's time is taken to the second, as its {@code Last-Modified} gives it;
 *   <li>{@code If-None-Match: *}, which any current representation matches;
 *   <li>a list of ETags, {@code W/"2", W/"3"}, of which one names the version (compared weakly: {@code "3"} names
 *       {@code W/"3"}).
 * </ul>
 *
 * And HAPI read {@code If-Modified-Since} when {@code If-None-Match} was also sent and did not match, which RFC 9110
 * §13.1.3 forbids (a client sends both so that the ETag decides): a resource changed twice in one second was answered
 * 304. An {@code If-Modified-Since} that is no HTTP-date ({@code 2026-12-06T20:07:44Z}, as a client copying
 * {@code meta.lastUpdated} sends it) is ignored, as RFC 9110 requires: HAPI answered 500 (probe 48, S-C6).
 *
 * <p>So the request guard hides both headers from HAPI on a GET or HEAD ({@link #withoutPreconditions}), keeping them
 * as request attributes, and this interceptor decides once the resource has been read. A 304 carries the version's
 * {@code ETag}, as RFC 9110 asks of it.
 */
@Interceptor
public final class ConditionalReads {
	private static final String IF_NONE_MATCH = ConditionalReads.class.getName() + ".ifNoneMatch";
	private static final String IF_MODIFIED_SINCE = ConditionalReads.class.getName() + ".ifModifiedSince";
	private static final Set<String> HIDDEN = Set.of(
			Constants.HEADER_IF_NONE_MATCH.toLowerCase(), Constants.HEADER_IF_MODIFIED_SINCE.toLowerCase());
	/** One entity-tag of a list: weak or strong, its opaque part quoted (RFC 9110 §8.8.3); HAPI also took a bare 3. */
	private static final Pattern ENTITY_TAG = Pattern.compile("(W/)?\"([^\"]*)\"|([0-9]+)");

	/**
	 * The request without its {@code If-None-Match} and {@code If-Modified-Since} when it is a GET or HEAD that has
	 * either, their values kept for {@link #notModified}; otherwise the request itself.
	 */
	public static HttpServletRequest withoutPreconditions(HttpServletRequest request) {
		String ifNoneMatch = request.getHeader(Constants.HEADER_IF_NONE_MATCH);
		String ifModifiedSince = request.getHeader(Constants.HEADER_IF_MODIFIED_SINCE);
		boolean read = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
		if (!read || (ifNoneMatch == null && ifModifiedSince == null)) {
			return request;
		}
		request.setAttribute(IF_NONE_MATCH, ifNoneMatch == null ? null : String.join(",",
				Collections.list(request.getHeaders(Constants.HEADER_IF_NONE_MATCH))));
		request.setAttribute(IF_MODIFIED_SINCE, ifModifiedSince);
		return new HttpServletRequestWrapper(request) {
			@Override
			public String getHeader(String name) {
				return hidden(name) ? null : super.getHeader(name);
			}

			@Override
			public Enumeration<String> getHeaders(String name) {
				return hidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
			}

			@Override
			public Enumeration<String> getHeaderNames() {
				List<String> names = Collections.list(super.getHeaderNames());
				names.removeIf(ConditionalReads::hidden);
				return Collections.enumeration(names);
			}

			@Override
			public long getDateHeader(String name) {
				return hidden(name) ? -1 : super.getDateHeader(name);
			}
		};
	}

	private static boolean hidden(String name) {
		return name != null && HIDDEN.contains(name.toLowerCase());
	}

	/**
	 * Throws 304 when the read or vread's preconditions say the client's copy is the one read. Runs after every other
	 * hook on the answer, so a resource that consent or scope checks withhold is never confirmed by a 304.
	 */
	@Hook(value = Pointcut.SERVER_OUTGOING_RESPONSE, order = 1000)
	public void notModified(RequestDetails request, IBaseResource resource) {
		if (resource == null
				|| !(request instanceof ServletRequestDetails servlet)
				|| (request.getRestOperationType() != RestOperationTypeEnum.READ
						&& request.getRestOperationType() != RestOperationTypeEnum.VREAD)) {
			return;
		}
		String version = resource.getIdElement().getVersionIdPart();
		if (version == null) {
			version = resource.getMeta().getVersionId();
		}
		HttpServletRequest http = servlet.getServletRequest();
		if (http.getAttribute(IF_NONE_MATCH) instanceof String ifNoneMatch) {
			// RFC 9110 §13.1.3: with If-None-Match, If-Modified-Since is not read
			if (matchesAny(ifNoneMatch, version)) {
				throw notModified(version, "the version named by If-None-Match is the current one");
			}
			return;
		}
		if (http.getAttribute(IF_MODIFIED_SINCE) instanceof String ifModifiedSince) {
			Date since = DateUtils.parseDate(ifModifiedSince);
			Date lastUpdated = resource.getMeta().getLastUpdated();
			if (since != null && lastUpdated != null && lastUpdated.getTime() / 1000 <= Math.floorDiv(since.getTime(), 1000)) {
				throw notModified(version, "not modified since If-Modified-Since");
			}
		}
	}

	/** True when {@code ifNoneMatch} is {@code *} or lists an entity-tag whose opaque part is {@code version}. */
	public static boolean matchesAny(String ifNoneMatch, String version) {
		if (ifNoneMatch.strip().equals("*")) {
			return true;
		}
		if (version == null) {
			return false;
		}
		for (String tag : ifNoneMatch.split(",")) {
			var matcher = ENTITY_TAG.matcher(tag.strip());
			if (matcher.matches() && opaque(matcher).equals(version)) {
				return true;
			}
		}
		return false;
	}

	private static String opaque(java.util.regex.Matcher matcher) {
		String quoted = matcher.group(2);
		String bare = quoted != null ? quoted : matcher.group(3);
		// versions are whole numbers here, compared as numbers as HAPI compares an If-Match: W/"02" names version 2
		return bare.matches("[0-9]{1,18}") ? Long.toString(Long.parseLong(bare)) : bare;
	}

	private static NotModifiedException notModified(String version, String why) {
		NotModifiedException notModified = new NotModifiedException(why);
		if (version != null) {
			notModified.addResponseHeader(Constants.HEADER_ETAG, "W/\"" + version + "\"");
		}
		return notModified;
	}
}
