package org.somaxis.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The instant up to which a read has seen every write, for the clients that keep a copy in sync by asking what changed
 * since their last read: a bulk export's {@code transactionTime}, and a history or search answer's
 * {@code Bundle.meta.lastUpdated}.
 *
 * <p>A bulk export's {@code transactionTime} that a chain of {@code _since} exports can rely on. Bulk Data says the export
 * SHALL include every matching resource modified up to that instant. HAPI gives the time its job started, after the
 * kick-off; a transaction still committing then (1,800 Observations, 17 s) has resources dated before that time that
 * the job did not see, and the next export, {@code _since} that time, skipped them too: they were in neither.
 *
 * <p>So the writes in flight are tracked (create, update, patch, delete, transaction or batch, from before HAPI dates
 * what they store until they are answered), and a kick-off records the earlier of its own time and the start of the
 * oldest write then in flight. A resource dated up to that time was stored by a write that had ended before the
 * kick-off, so the job, which reads after it, sees it; one dated later is in the next export {@code _since} it. The
 * manifest's {@code transactionTime} is rewritten to that time when it is polled ({@link #manifestFilter()}). The next
 * export may repeat resources of this one (those of the writes in flight at the kick-off, and those dated between it
 * and the job's read), which Bulk Data clients take as updates. The times are kept in memory for the last {@value #KEPT} exports: after a restart a manifest keeps
 * HAPI's time.
 *
 * <p>A history or search answer's {@code Bundle.meta.lastUpdated} (its first page's) is that same time, taken when the
 * request starts: a poller that asks {@code _history?_since=} or {@code _lastUpdated=ge} the last answer's
 * {@code meta.lastUpdated} then misses nothing. HAPI gave the time of the answer, and a resource stored by a write in
 * flight is dated at the write's start and seen only at its commit: a poller lost whole transactions (1,500 entries),
 * and 1 in 13 single writes under three writers (probe 49, R49-C1). It may now see some resources twice, which their
 * id and version tell apart.
 */
@Interceptor
public final class Watermarks {
	static final int KEPT = 1_000;
	private static final Set<RestOperationTypeEnum> WRITES = Set.of(RestOperationTypeEnum.CREATE,
			RestOperationTypeEnum.UPDATE, RestOperationTypeEnum.PATCH, RestOperationTypeEnum.DELETE,
			RestOperationTypeEnum.TRANSACTION, RestOperationTypeEnum.BATCH, RestOperationTypeEnum.META_ADD,
			RestOperationTypeEnum.META_DELETE);
	private static final String KICKOFF = "$export";
	/** The reads whose answer a poller takes its next {@code _since} or {@code _lastUpdated=ge} from. */
	private static final Set<RestOperationTypeEnum> SYNC_READS = Set.of(RestOperationTypeEnum.HISTORY_INSTANCE,
			RestOperationTypeEnum.HISTORY_TYPE, RestOperationTypeEnum.HISTORY_SYSTEM, RestOperationTypeEnum.SEARCH_TYPE,
			RestOperationTypeEnum.SEARCH_SYSTEM);
	private static final String SAFE_TIME = Watermarks.class.getName() + ".safeTime";
	private static final String JOB_ID = "_jobId=";
	private static final java.time.Duration STALE = java.time.Duration.ofHours(1);
	/** As HAPI writes a manifest's instants (2026-12-06T15:03:54.000+00:00); truncated, so never later than the time. */
	private static final DateTimeFormatter INSTANT =
			DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx").withZone(java.time.ZoneOffset.UTC);

	private final Clock clock;
	private final ObjectMapper json = new ObjectMapper();
	private final Map<RequestDetails, Instant> writesInFlight = new ConcurrentHashMap<>();
	private final Map<String, Instant> byJob = BoundedMaps.keepingAtMost(KEPT, false);

	public Watermarks(Clock clock) {
		this.clock = clock;
	}

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
	public void started(RequestDetails request, RestOperationTypeEnum operation) {
		Instant now = clock.instant();
		if (WRITES.contains(operation)) {
			writesInFlight.put(request, now);
		} else if (KICKOFF.equals(request.getOperation()) || SYNC_READS.contains(operation)) {
			// a write not answered within the hour is no longer running (a hook HAPI did not call): not held against it
			writesInFlight.values().removeIf(start -> start.isBefore(now.minus(STALE)));
			Instant oldest = writesInFlight.values().stream().min(Instant::compareTo).orElse(now);
			request.getUserData().put(SAFE_TIME, oldest.isBefore(now) ? oldest : now);
		}
	}

	/** A history or search answer's {@code meta.lastUpdated}: the time up to which it has seen every write. */
	@Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
	public boolean watermark(RequestDetails request, ResponseDetails response) {
		if (SYNC_READS.contains(request.getRestOperationType())
				&& request.getUserData().get(SAFE_TIME) instanceof Instant time
				&& response.getResponseResource() instanceof org.hl7.fhir.r4.model.Bundle answer) {
			answer.getMeta().setLastUpdated(java.util.Date.from(time));
		}
		return true;
	}

	@Hook(Pointcut.SERVER_PROCESSING_COMPLETED)
	public void completed(RequestDetails request, ServletRequestDetails servletRequest) {
		writesInFlight.remove(request);
		Object safeTime = request.getUserData().get(SAFE_TIME);
		HttpServletResponse response = servletRequest == null ? null : servletRequest.getServletResponse();
		String location = response == null ? null : response.getHeader("Content-Location");
		if (safeTime instanceof Instant time && location != null && location.contains(JOB_ID)) {
			byJob.put(jobId(location), time);
		}
	}

	/** The time recorded at this job's kick-off, if this server started it since it last started. */
	Optional<Instant> transactionTime(String jobId) {
		return Optional.ofNullable(byJob.get(jobId));
	}

	/** Rewrites the {@code transactionTime} of a completed export's manifest ({@code GET $export-poll-status}). */
	public OncePerRequestFilter manifestFilter() {
		return new OncePerRequestFilter() {
			@Override
			protected boolean shouldNotFilter(HttpServletRequest request) {
				return !"GET".equals(request.getMethod()) || !request.getRequestURI().endsWith(BulkExportRequests.OPERATION)
						|| request.getParameter("_jobId") == null
						|| transactionTime(request.getParameter("_jobId")).isEmpty();
			}

			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
					throws ServletException, IOException {
				Buffered buffered = new Buffered(response);
				chain.doFilter(request, buffered);
				byte[] body = buffered.body();
				if (buffered.getStatus() == HttpServletResponse.SC_OK && body.length > 0) {
					body = rewritten(body, transactionTime(request.getParameter("_jobId")).orElseThrow());
				}
				response.setContentLength(body.length);
				response.getOutputStream().write(body);
			}
		};
	}

	private byte[] rewritten(byte[] manifest, Instant time) throws IOException {
		JsonNode root = json.readTree(manifest);
		if (!(root instanceof ObjectNode object) || !object.has("transactionTime")) {
			return manifest;
		}
		object.put("transactionTime", INSTANT.format(time.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)));
		return json.writeValueAsBytes(object);
	}

	private static String jobId(String location) {
		String id = location.substring(location.indexOf(JOB_ID) + JOB_ID.length());
		int end = id.indexOf('&');
		return java.net.URLDecoder.decode(end < 0 ? id : id.substring(0, end), StandardCharsets.UTF_8);
	}

	/** Holds the body back so that the manifest can be rewritten before it is sent. */
	private static final class Buffered extends HttpServletResponseWrapper {
		private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		private PrintWriter writer;
		private final ServletOutputStream stream = new ServletOutputStream() {
			@Override
			public boolean isReady() {
				return true;
			}

			@Override
			public void setWriteListener(WriteListener listener) {
				throw new UnsupportedOperationException("a buffered manifest is written synchronously");
			}

			@Override
			public void write(int b) {
				bytes.write(b);
			}
		};

		Buffered(HttpServletResponse response) {
			super(response);
		}

		@Override
		public ServletOutputStream getOutputStream() {
			return stream;
		}

		@Override
		public PrintWriter getWriter() {
			if (writer == null) {
				writer = new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8));
			}
			return writer;
		}

		@Override
		public void setContentLength(int length) {
			// the rewritten body has its own length
		}

		@Override
		public void setContentLengthLong(long length) {
			// the rewritten body has its own length
		}

		@Override
		public void flushBuffer() {
			if (writer != null) {
				writer.flush();
			}
		}

		byte[] body() {
			if (writer != null) {
				writer.flush();
			}
			return bytes.toByteArray();
		}
	}
}
