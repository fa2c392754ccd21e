package org.somaxis.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.util.UrlUtil;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.somaxis.fhir.ConditionalReads;
import org.somaxis.fhir.JsonPrimitiveArrays;
import org.somaxis.fhir.OperationOutcomes;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The request guard: refuses hostile bodies before any FHIR or JSON parser sees them.
 *
 * <ul>
 *   <li>a body over the size limit (declared or actual, after gzip inflation) gets 413;
 *   <li>a transaction or batch Bundle with more entries than {@code somaxis.fhir.max-bundle-entries}, counted in
 *       the same streaming scan, gets 413;
 *   <li>a JSON or XML number with a huge decimal exponent, nesting past the depth limit, or malformed JSON or
 *       XML gets 400.
 * </ul>
 *
 * Every refusal is an OperationOutcome saying what was wrong and where. Accepted bodies are passed on from
 * memory, already read, so the limit also holds for chunked uploads.
 */
public final class RequestGuardFilter extends OncePerRequestFilter {
	private static final String FHIR_JSON = "application/fhir+json;charset=utf-8";
	private static final String FHIR_BASE = "/fhir/";
	/** A form-encoded body's limit: the servlet container's own default (Jetty's 200,000 bytes), which it enforced before. */
	private static final long MAX_FORM_BYTES = 200_000;
	/** A form's most parameters: the servlet container's own default (Jetty's 1,000), which it enforced before. */
	private static final int MAX_FORM_KEYS = 1000;

	private final long maxBodyBytes;
	private final BodyInspector inspector;
	private final QueryInspector queryInspector;
	private final FhirContext fhirContext;

	public RequestGuardFilter(
			long maxBodyBytes, BodyInspector inspector, QueryInspector queryInspector, FhirContext fhirContext) {
		this.maxBodyBytes = maxBodyBytes;
		this.inspector = inspector;
		this.queryInspector = queryInspector;
		this.fhirContext = fhirContext;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest received, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		HttpServletRequest request = withoutTurtle(ConditionalReads.withoutPreconditions(received));
		long declared = request.getContentLengthLong();
		if (declared > maxBodyBytes) {
			tooLarge(response);
			return;
		}
		if (asksOnlyForAFormatNotWritten(received)) {
			reject(response, 406, IssueType.NOTSUPPORTED, "This server writes FHIR JSON and XML (NDJSON only for Bulk Data"
					+ " export files, Binary); ask for application/fhir+json or application/fhir+xml", null);
			return;
		}
		String mode = metadataModeNotServed(request);
		if (mode != null) {
			reject(response, 400, mode.equals("terminology") ? IssueType.NOTSUPPORTED : IssueType.INVALID,
					"metadata?mode=" + printable(mode) + " is not served: this server answers mode=full and mode=normative"
							+ " with its CapabilityStatement, and serves no TerminologyCapabilities (its terminology"
							+ " operations are in the CapabilityStatement)", "mode");
			return;
		}
		if (isHistoryPost(request)) {
			// R4 reads a history with GET only; HAPI answered a POST, and read a form body's _type as nothing (probe 53)
			reject(response, 405, IssueType.NOTSUPPORTED, "A history is read with GET; this server does not answer POST"
					+ " there", null);
			return;
		}
		String historyParameter = historyParameterNotSupported(request);
		if (historyParameter != null) {
			reject(response, 400, IssueType.NOTSUPPORTED, "A history takes " + String.join(", ", HISTORY_PARAMETERS)
					+ "; this server does not support " + printable(historyParameter) + " there"
					+ (historyParameter.equals("_type") ? " (ask each type's history, [type]/_history)" : ""),
					historyParameter);
			return;
		}
		String format = formatNotWritten(request);
		if (format != null) {
			reject(response, 406, IssueType.NOTSUPPORTED, "_format " + printable(format) + " is not a format this server"
					+ " writes; ask for json or xml (application/fhir+json, application/fhir+xml)", "_format");
			return;
		}
		if (asksOnlyForAnotherFhirVersion(request)) {
			reject(response, 406, IssueType.NOTSUPPORTED,
					"This server speaks FHIR R4 (4.0.1); the Accept header asks only for another fhirVersion", null);
			return;
		}
		if (mayCarryBody(request) && sendsAnotherFhirVersion(request)) {
			reject(response, 415, IssueType.NOTSUPPORTED,
					"This server speaks FHIR R4 (4.0.1); the Content-Type says the body is another fhirVersion", null);
			return;
		}
		if (isForm(request) && mayCarryBody(request)) {
			guardForm(request, response, chain);
			return;
		}
		if (mayCarryBody(request) && isTurtle(request.getContentType()) && !isBinaryContent(request)) {
			// HAPI 8.8's RDF parser gave back no resource (a 500); writes take FHIR JSON or XML
			reject(response, 415, IssueType.NOTSUPPORTED,
					"FHIR Turtle (RDF) bodies are not accepted; send FHIR JSON or XML", null);
			return;
		}
		QueryInspector.Problem parameterProblem = inspectParameters(request.getQueryString(),
				() -> request.getQueryString() == null ? null : request.getParameterMap(), request);
		if (parameterProblem != null) {
			reject(response, 400, parameterProblem.type(), parameterProblem.reason(), parameterProblem.location());
			return;
		}
		if (!mayCarryBody(request)) {
			chain.doFilter(request, response);
			return;
		}
		byte[] body = readOrRefuse(request, response, maxBodyBytes);
		if (body == null) {
			return;
		}
		boolean binaryContent = isBinaryContent(request);
		if (!binaryContent) {
			body = JsonByteOrderMark.strip(body, request.getContentType());
		}
		String needed = binaryContent || !BodyInspector.isBlank(body) ? null : whatTheWriteNeeds(request);
		if (needed != null) {
			// HAPI answered an empty or blank body with its parser's words (HAPI-0450 "Unexpected EOF in prolog"), or
			// an XML Patch with the patch library's Java exception
			reject(response, 400, IssueType.REQUIRED, "The request has no body: " + needed, null);
			return;
		}
		if (body.length > 0) {
			boolean fhir = BodyInspector.isFhir(request.getContentType()) && !binaryContent;
			BodyInspector.Rejection rejection =
					inspector.inspect(body, request.getContentType(), isTransactionOrBatch(request), fhir);
			if (rejection != null) {
				reject(response, statusFor(rejection.kind()),
						issueTypeFor(rejection.kind()), rejection.reason(), rejection.location());
				return;
			}
			if (fhir && BodyInspector.isFhirJson(body, request.getContentType())) {
				body = JsonPrimitiveArrays.aligned(body); // a repeating primitive's two arrays, as FHIR JSON reads them
			}
		}
		String contentType = request.getContentType();
		String passedOn = isOperation(request) && !isValidate(request) && BodyInspector.isBlank(body) ? null // no parameters
				: "PATCH".equals(request.getMethod()) && contentType != null ? org.somaxis.fhir.MediaTypes.lowerCase(contentType)
				: contentType;
		chain.doFilter(java.util.Objects.equals(passedOn, contentType) ? new CachedBodyRequest(request, body)
				: new CachedBodyRequest(request, body, passedOn), response);
	}

	/**
	 * A form-encoded body ({@code POST _search}): read here, within the body limit, and its parameters inspected
	 * together with the query string's, as HAPI reads them (it merges the two, reading the form from the body; when the
	 * container parsed the form first, HAPI found the body empty and searched with the query string's parameters alone,
	 * so {@code POST Observation/_search?_format=json} with {@code patient=...} in the body returned every patient's
	 * Observations). The body is passed on from memory.
	 */
	private void guardForm(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long limit = Math.min(maxBodyBytes, MAX_FORM_BYTES);
		byte[] body = readOrRefuse(request, response, limit);
		if (body == null) {
			return;
		}
		String form = new String(body, StandardCharsets.UTF_8);
		QueryInspector.Problem problem = queryInspector.inspectRawQuery(form);
		Map<String, String[]> parameters = problem == null ? UrlUtil.parseQueryStrings(request.getQueryString(), form) : Map.of();
		if (problem == null && parameters.values().stream().mapToInt(values -> values.length).sum() > MAX_FORM_KEYS) {
			problem = new QueryInspector.Problem(IssueType.TOOCOSTLY, "A form-encoded search holds more than "
					+ MAX_FORM_KEYS + " parameters (the servlet container's own limit)", null);
		}
		if (problem == null) {
			problem = inspectParameters(request.getQueryString(), () -> parameters, request);
		}
		if (problem != null) {
			reject(response, 400, problem.type(), problem.reason(), problem.location());
			return;
		}
		// the container, whose input was read here, would have no parameters to give: they are given from the form
		chain.doFilter(new FormRequest(request, body, parameters), response);
	}

	/**
	 * Search parameters, from the query string and from a form-encoded body, are inspected like bodies: the container or
	 * HAPI's own reader parses them, HAPI converts them.
	 */
	private QueryInspector.Problem inspectParameters(String query,
			java.util.function.Supplier<Map<String, String[]>> parameters, HttpServletRequest request) {
		QueryInspector.Problem rejection = queryInspector.inspectRawQuery(query);
		if (rejection == null) {
			Map<String, String[]> parsed = parameters.get();
			if (parsed != null) {
				rejection = queryInspector.inspect(searchedType(request), parsed);
			}
		}
		return rejection;
	}

	/**
	 * The resource type a type-level search names ({@code /fhir/Observation}, {@code /fhir/Observation/_search}),
	 * or null for any other path (system-level search, reads, operations, CDS Hooks): then every parameter is
	 * held to the number limits. Whether the name is a resource type is for the parameter registry to say.
	 */
	static String searchedType(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (!path.startsWith(FHIR_BASE)) {
			return null;
		}
		String[] segments = path.substring(FHIR_BASE.length()).split("/", -1);
		boolean typeOnly = segments.length == 1 || (segments.length == 2 && segments[1].isEmpty());
		boolean typeSearch = segments.length == 2 && segments[1].equals("_search")
				|| segments.length == 3 && segments[1].equals("_search") && segments[2].isEmpty();
		return (typeOnly || typeSearch) && !segments[0].isEmpty() ? segments[0] : null;
	}

	/**
	 * A Binary's own content: a create or update of a Binary ({@code POST /fhir/Binary}, {@code PUT /fhir/Binary/id})
	 * whose content type is not strictly FHIR's, or absent. HAPI stores such a body as it is, as the Binary's data, and
	 * parses none of it, so a C-CDA document sent as {@code text/xml} or a JSON document as {@code application/json} is
	 * held to none of FHIR's shapes, and keeps even a byte order mark. A patch or an operation on a Binary is FHIR.
	 */
	static boolean isBinaryContent(HttpServletRequest request) {
		String method = request.getMethod();
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (!("POST".equals(method) || "PUT".equals(method)) || !path.startsWith(FHIR_BASE + "Binary")) {
			return false;
		}
		String[] segments = path.substring(FHIR_BASE.length()).split("/", -1);
		boolean binary = segments[0].equals("Binary") && (segments.length == 1
				|| segments.length == 2 && (segments[1].isEmpty() || !(segments[1].startsWith("$") || segments[1].startsWith("_"))));
		return binary && EncodingEnum.forContentTypeStrict(request.getContentType()) == null;
	}

	/**
	 * What a write of a resource carries in its body, said for one that has none: a create, update or conditional write
	 * ({@code POST}/{@code PUT} on a type, an id or a search), a patch, or a transaction or batch. Null for any other
	 * request: an operation ({@code $everything} takes no body) or a search.
	 */
	static String whatTheWriteNeeds(HttpServletRequest request) {
		String[] segments = fhirPathSegments(request);
		if (segments == null || segments.length > 2 || segments.length > 0 && !segments[0].matches("[A-Z][A-Za-z]+")
				|| java.util.Arrays.stream(segments).anyMatch(s -> s.startsWith("$") || s.startsWith("_"))) {
			return null; // an operation, a search, metadata: their handlers say what they lack
		}
		if ("PATCH".equals(request.getMethod())) {
			return "a patch needs its document (JSON Patch, XML Patch or a FHIRPath Patch's Parameters)";
		}
		return segments.length == 0 ? "a transaction or batch needs its Bundle" : "a create or update needs the resource";
	}

	/**
	 * The segments of a FHIR path after the base, decoded as HAPI decodes them ({@code %24everything} is
	 * {@code $everything}: probe 79, P79-m1); none for the base itself; null outside {@code /fhir}.
	 */
	private static String[] fhirPathSegments(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (!path.startsWith(FHIR_BASE) && !path.equals("/fhir")) {
			return null;
		}
		return path.length() <= FHIR_BASE.length() ? new String[0]
				: java.util.Arrays.stream(path.substring(FHIR_BASE.length()).split("/")).map(UrlUtil::unescape)
						.toArray(String[]::new);
	}

	/**
	 * An operation ({@code $everything}, {@code $export}) posted: with a body of nothing but white space it takes no
	 * parameters, which HAPI reads only without a Content-Type; with one, it answered HAPI-0450 "Did not find any content"
	 * (probe 79, P79-m2).
	 */
	private static boolean isOperation(HttpServletRequest request) {
		String[] segments = fhirPathSegments(request);
		return "POST".equals(request.getMethod()) && segments != null && segments.length > 0
				&& segments[segments.length - 1].startsWith("$");
	}

	/** {@code $validate}, whose missing resource {@code ConformanceRestInterceptor} names. */
	private static boolean isValidate(HttpServletRequest request) {
		String[] segments = fhirPathSegments(request);
		return segments != null && segments.length > 0 && segments[segments.length - 1].equals("$validate");
	}

	/** A POST to the server base ({@code /fhir} or {@code /fhir/}): a transaction or batch Bundle. */
	private static boolean isTransactionOrBatch(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return "POST".equals(request.getMethod()) && (path.equals("/fhir") || path.equals(FHIR_BASE));
	}

	private static boolean mayCarryBody(HttpServletRequest request) {
		String method = request.getMethod();
		return "POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method);
	}

	/**
	 * An Accept on /fhir, outside a Binary read (a Bulk Data export file), that names only NDJSON or Turtle: HAPI answered
	 * NDJSON with XML labelled {@code application/fhir+ndjson}, and Turtle with its RDF writer, which the
	 * CapabilityStatement does not list (Turtle bodies are refused on write).
	 */
	static boolean asksOnlyForAFormatNotWritten(HttpServletRequest request) {
		String accept = request.getHeader("Accept");
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (accept == null || asksWithFormat(request)
				|| !path.startsWith(FHIR_BASE) && !path.equals("/fhir") || path.startsWith(FHIR_BASE + "Binary/")) {
			return false;
		}
		for (String range : accept.split(",")) {
			String mime = range.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
			if (!mime.endsWith("ndjson") && !isTurtle(mime)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The request with the Turtle ranges of its {@code Accept} left out when it lists another beside them
	 * ({@code text/turtle, application/fhir+json;q=0.5}): HAPI answered the first, in Turtle, which the server does not
	 * write (probe 52, P52-m5). An Accept of Turtle alone is refused ({@link #asksOnlyForAFormatNotWritten}).
	 */
	static HttpServletRequest withoutTurtle(HttpServletRequest request) {
		String accept = request.getHeader("Accept");
		if (accept == null || !accept.toLowerCase(Locale.ROOT).contains("turtle")) {
			return request;
		}
		List<String> kept = new java.util.ArrayList<>();
		for (String range : accept.split(",")) {
			if (!isTurtle(range.split(";", 2)[0].strip().toLowerCase(Locale.ROOT))) {
				kept.add(range.strip());
			}
		}
		if (kept.isEmpty()) {
			return request;
		}
		String without = String.join(", ", kept);
		return new jakarta.servlet.http.HttpServletRequestWrapper(request) {
			@Override
			public String getHeader(String name) {
				return "Accept".equalsIgnoreCase(name) ? without : super.getHeader(name);
			}

			@Override
			public java.util.Enumeration<String> getHeaders(String name) {
				return "Accept".equalsIgnoreCase(name) ? java.util.Collections.enumeration(List.of(without))
						: super.getHeaders(name);
			}
		};
	}

	/**
	 * The first {@code _format} of a request on /fhir (outside a Binary read) that names neither FHIR JSON nor XML, as
	 * HAPI reads the parameter ({@code json}, {@code xml}, their media types): null when there is none. HAPI answered
	 * {@code _format=foo} or {@code html} with JSON, {@code ndjson} with XML labelled NDJSON, and {@code ttl} with
	 * Turtle, which the CapabilityStatement does not list. Read from the query string, so a form body is not read here.
	 */
	static String formatNotWritten(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (!asksWithFormat(request) || !path.startsWith(FHIR_BASE) && !path.equals("/fhir")
				|| path.startsWith(FHIR_BASE + "Binary/")) {
			return null;
		}
		for (String pair : request.getQueryString().split("&")) {
			if (!pair.startsWith("_format=")) {
				continue;
			}
			String value = UrlUtil.unescape(pair.substring("_format=".length())).strip();
			EncodingEnum encoding = EncodingEnum.forContentType(value.toLowerCase(Locale.ROOT));
			if (encoding != EncodingEnum.JSON && encoding != EncodingEnum.XML) {
				return value;
			}
		}
		return null;
	}

	/** The parameters a history request is answered with (_at is refused by the query inspector, naming _since). */
	static final List<String> HISTORY_PARAMETERS =
			List.of("_count", "_since", "_at", "_offset", "_format", "_pretty", "_summary", "_elements");

	/**
	 * The first parameter of a GET history ({@code _history}, {@code [type]/_history}, {@code [type]/[id]/_history}) that
	 * is not one of {@link #HISTORY_PARAMETERS}, else null: HAPI ignored the others, so {@code _history?_type=Patient}
	 * answered every type's versions (AuditEvents first), and a misspelt {@code _sinse} every version (probe 48, S-m8).
	 */
	static String historyParameterNotSupported(HttpServletRequest request) {
		// with a trailing slash HAPI answered the same history (probe 52, P52-m5)
		String path = request.getRequestURI().substring(request.getContextPath().length()).replaceAll("/+$", "");
		if (!"GET".equals(request.getMethod())
				|| !(path.equals(FHIR_BASE + "_history") || path.endsWith("/_history"))
				|| !path.startsWith(FHIR_BASE) || request.getQueryString() == null) {
			return null;
		}
		for (String pair : request.getQueryString().split("&")) {
			String name = UrlUtil.unescape(pair.split("=", 2)[0]);
			if (!name.isEmpty() && !HISTORY_PARAMETERS.contains(name)) {
				return name;
			}
		}
		return null;
	}

	/** A POST to a history ({@code _history}, {@code [type]/_history}, {@code [type]/[id]/_history}), with or without a slash. */
	static boolean isHistoryPost(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length()).replaceAll("/+$", "");
		return "POST".equals(request.getMethod()) && path.startsWith(FHIR_BASE)
				&& (path.equals(FHIR_BASE + "_history") || path.endsWith("/_history"));
	}

	/**
	 * The {@code mode} of a {@code GET /fhir/metadata} that is neither {@code full} nor {@code normative}, else null: HAPI
	 * answered {@code mode=terminology}, which asks for a TerminologyCapabilities, and any other value with the
	 * CapabilityStatement, which a client asking for the former misreads (probe 48, S-m8).
	 */
	static String metadataModeNotServed(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length()).replaceAll("/+$", "");
		if (!"GET".equals(request.getMethod()) || !path.equals(FHIR_BASE + "metadata")) {
			return null;
		}
		String[] modes = request.getParameterValues("mode");
		for (String mode : modes == null ? new String[0] : modes) {
			if (!mode.equals("full") && !mode.equals("normative")) {
				return mode;
			}
		}
		return null;
	}

	private static String printable(String value) {
		String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
		return "'" + shown.replaceAll("[^\\x20-\\x7E]", "?") + "'";
	}

	/**
	 * An Accept header on /fhir whose every media range names a {@code fhirVersion} other than R4's
	 * ({@code application/fhir+json; fhirVersion=3.0}): HAPI answered in R4 with 200, which an STU3 client would misread.
	 * A range without the parameter, or with {@code 4.0}, is R4.
	 */
	static boolean asksOnlyForAnotherFhirVersion(HttpServletRequest request) {
		String accept = request.getHeader("Accept");
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (accept == null || !path.startsWith(FHIR_BASE) && !path.equals("/fhir") || asksWithFormat(request)
				|| !accept.toLowerCase(Locale.ROOT).contains("fhirversion")) {
			return false;
		}
		for (String range : accept.split(",")) {
			if (isR4(range)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * A body on /fhir whose Content-Type names a {@code fhirVersion} other than R4's ({@code application/fhir+json;
	 * fhirVersion=3.0}): HAPI stored it as R4, which it is not said to be (probe 48, S-m8).
	 */
	static boolean sendsAnotherFhirVersion(HttpServletRequest request) {
		String contentType = request.getContentType();
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return contentType != null && (path.startsWith(FHIR_BASE) || path.equals("/fhir")) && !isR4(contentType);
	}

	/** Whether a media type (range) names no {@code fhirVersion}, or R4's ({@code 4.0}, {@code 4.0.1}). */
	private static boolean isR4(String mediaType) {
		String version = null;
		for (String parameter : mediaType.split(";")) {
			String[] nameValue = parameter.split("=", 2);
			if (nameValue.length == 2 && nameValue[0].strip().equalsIgnoreCase("fhirVersion")) {
				version = nameValue[1].strip().replace("\"", "");
			}
		}
		return version == null || version.equals("4.0") || version.startsWith("4.0.");
	}

	/**
	 * Whether the query string names {@code _format}, which overrides Accept. Read from the raw query string: asking the
	 * container for a parameter would make it read a form body the guard must read itself.
	 */
	private static boolean asksWithFormat(HttpServletRequest request) {
		String query = request.getQueryString();
		return query != null && (query.startsWith("_format=") || query.contains("&_format="));
	}

	private static boolean isTurtle(String contentType) {
		String mime = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).split(";", 2)[0].strip();
		return mime.equals("text/turtle") || mime.equals("application/x-turtle") || mime.equals("application/fhir+turtle");
	}

	private static boolean isForm(HttpServletRequest request) {
		String type = request.getContentType();
		return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
	}

	/**
	 * The body, read within the limit and decoded from gzip; null when it was refused: 413 over the limit, 400 when its
	 * gzip is broken or cut short (a truncated one answered 500: probe 79, P79-M3), 415 for a content coding this server
	 * does not decode ({@code br}, {@code deflate}, {@code gzip, gzip}: the body was read as if not encoded, P79-m3).
	 */
	private byte[] readOrRefuse(HttpServletRequest request, HttpServletResponse response, long limit) throws IOException {
		String coding = request.getHeader("Content-Encoding");
		String name = coding == null ? "" : coding.trim().toLowerCase(Locale.ROOT);
		boolean gzip = name.equals("gzip") || name.equals("x-gzip"); // x-gzip: RFC 9110's alias of gzip
		if (!gzip && !name.isEmpty() && !name.equals("identity")) {
			reject(response, 415, IssueType.NOTSUPPORTED, "Content-Encoding " + printable(coding) + " is not one this"
					+ " server decodes; send the body in gzip, or without a Content-Encoding", null);
			return null;
		}
		InputStream in = request.getInputStream();
		try {
			if (gzip) {
				in = new GZIPInputStream(in);
			}
			byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
			if (body.length <= limit) {
				return body;
			}
			tooLarge(response, limit);
		} catch (ZipException | java.io.EOFException broken) {
			if (!gzip) {
				throw broken; // the connection, not the body: the container's to answer
			}
			reject(response, 400, IssueType.STRUCTURE, "Request body is not valid gzip: "
					+ (broken instanceof ZipException ? broken.getMessage() : "it ends before its data does"), null);
		}
		return null;
	}

	private static IssueType issueTypeFor(BodyInspector.Rejection.Kind kind) {
		return switch (kind) {
			case MALFORMED -> IssueType.STRUCTURE;
			case INVALID_TEXT -> IssueType.INVALID;
			case NOT_SUPPORTED, NOT_UTF8 -> IssueType.NOTSUPPORTED;
			case TOO_COSTLY -> IssueType.TOOCOSTLY;
			case TOO_MANY_ENTRIES -> IssueType.TOOLONG;
		};
	}

	private static int statusFor(BodyInspector.Rejection.Kind kind) {
		return switch (kind) {
			case TOO_MANY_ENTRIES -> 413;
			case NOT_UTF8 -> 415;
			default -> 400;
		};
	}

	private void tooLarge(HttpServletResponse response) throws IOException {
		tooLarge(response, maxBodyBytes);
	}

	private void tooLarge(HttpServletResponse response, long limit) throws IOException {
		reject(response, 413, IssueType.TOOLONG, "Request body is larger than the limit of " + limit + " bytes", null);
	}

	private void reject(HttpServletResponse response, int status, IssueType type, String reason, String location)
			throws IOException {
		byte[] json = OperationOutcomes.toJson(fhirContext, OperationOutcomes.error(type, reason, location))
				.getBytes(StandardCharsets.UTF_8);
		response.setStatus(status);
		response.setContentType(FHIR_JSON);
		response.setContentLength(json.length);
		if (status == 413) {
			response.setHeader("Connection", "close");
		}
		response.getOutputStream().write(json);
	}
}
