package org.somaxis.support;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.AuditEvent;
import org.somaxis.audit.AuditEvents;
import org.somaxis.audit.AuditSink;

/**
 * RELIABILITY.md §8 row 19, the replay: a suite sends each request with an {@code X-Request-ID} of its own and notes
 * what it got; afterwards the audit trail is read back (every AuditEvent names the request it belongs to, BALP entity
 * {@code XrequestId}). Every 2xx must have an AuditEvent with outcome 0 whose patient entities are exactly the
 * patient the request touched ({@link #sent}), or at most that patient where the answer may be empty
 * ({@link #sentAtMost}: a narrowed search of another patient's data); every 401 and 403 one with outcome 4.
 */
public final class AuditReplay {
	/** What a request was sent for: the patient it may touch (null: none), and a label for messages. */
	public record Sent(int status, String patientId, boolean exactly, String label) {}

	private static final String ANY_PATIENTS = "*";

	private final String category;
	private final Map<String, Sent> sent = new ConcurrentHashMap<>();
	/** Only AuditEvents stored after this replay began are read (a shared server holds other suites' events). */
	private final Date since = new Date(System.currentTimeMillis() - 1_000);

	public AuditReplay(String category) {
		this.category = category;
	}

	/** A fresh request id (letters and digits, 32 characters). */
	public static String newId() {
		return UUID.randomUUID().toString().replace("-", "");
	}

	/** The headers with {@code X-Request-ID: id} added. */
	public static String[] withId(String[] headers, String id) {
		return with(headers, "X-Request-ID", id);
	}

	/** The headers (name, value, name, value...) with one more added. */
	public static String[] with(String[] headers, String name, String value) {
		String[] all = java.util.Arrays.copyOf(headers, headers.length + 2);
		all[headers.length] = name;
		all[headers.length + 1] = value;
		return all;
	}

	/** A request that touched exactly {@code patientId}'s data (null: no patient's). */
	public void sent(String requestId, int status, String patientId, String label) {
		sent.put(requestId, new Sent(status, patientId, true, label));
	}

	/**
	 * A request whose patients the test cannot know (a search over a store other tests share): it needs an AuditEvent
	 * with outcome 0; which patients it names is checked by the suites that know (scope and cross-patient matrices).
	 */
	public void sentAnyPatients(String requestId, int status, String label) {
		sent.put(requestId, new Sent(status, ANY_PATIENTS, false, label));
	}

	/** A request that may have touched {@code patientId}'s data, and no other patient's. */
	public void sentAtMost(String requestId, int status, String patientId, String label) {
		sent.put(requestId, new Sent(status, patientId, false, label));
	}

	public boolean isEmpty() {
		return sent.isEmpty();
	}

	/**
	 * Reads every stored AuditEvent once the sink's queue is empty, checks each request sent, prints the category's
	 * reliability line and a detail line, and returns the problems found (empty when none).
	 */
	public List<String> check(DaoRegistry daoRegistry, AuditSink sink) {
		sink.flush(120_000);
		SearchParameterMap recent = SearchParameterMap.newSynchronous();
		recent.setLastUpdated(new DateRangeParam(since, null));
		@SuppressWarnings("unchecked")
		List<AuditEvent> events = (List<AuditEvent>) (List<?>) daoRegistry.getResourceDao(AuditEvent.class)
				.searchForResources(recent, new SystemRequestDetails());
		Map<String, List<AuditEvent>> byRequest = new HashMap<>();
		for (AuditEvent event : events) {
			for (AuditEvent.AuditEventEntityComponent entity : event.getEntity()) {
				if (AuditEvents.BALP_ENTITY_TYPE_REQUEST_ID.equals(entity.getType().getCode())) {
					byRequest.computeIfAbsent(entity.getWhat().getIdentifier().getValue(), k -> new ArrayList<>()).add(event);
				}
			}
		}
		ReliabilityLine line = new ReliabilityLine(category);
		List<String> problems = new ArrayList<>();
		int successes = 0;
		int denials = 0;
		for (Map.Entry<String, Sent> request : sent.entrySet()) {
			Sent what = request.getValue();
			List<AuditEvent> found = byRequest.getOrDefault(request.getKey(), List.of());
			String problem = null;
			if (what.status() >= 200 && what.status() < 300) {
				successes++;
				Set<String> expected = what.patientId() == null ? Set.of() : Set.of(what.patientId());
				boolean audited = found.stream().anyMatch(e -> e.getOutcome() == AuditEvent.AuditEventOutcome._0
						&& (ANY_PATIENTS.equals(what.patientId())
								|| (what.exactly() ? patients(e).equals(expected) : expected.containsAll(patients(e)))));
				if (!audited) {
					problem = "no AuditEvent with outcome 0 and patients " + (what.exactly() ? "" : "within ") + expected + " (found "
							+ found.stream().map(e -> e.getOutcome() + " " + patients(e)).toList() + ")";
				}
			} else if (what.status() == 401 || what.status() == 403) {
				denials++;
				if (found.stream().noneMatch(e -> e.getOutcome() == AuditEvent.AuditEventOutcome._4)) {
					problem = "no AuditEvent with outcome 4";
				}
			}
			line.record(what.status(), 0, problem != null);
			if (problem != null) {
				problems.add(what.label() + " (" + what.status() + "): " + problem);
			}
		}
		line.print("n/a", 0);
		System.out.println("AUDIT-REPLAY category=" + category + " requests=" + sent.size() + " successes=" + successes
				+ " denials=" + denials + " audit_events_read=" + events.size() + " problems=" + problems.size()
				+ " audit_dropped=" + sink.dropped());
		return problems;
	}

	/** The ids of the patients an event names (entity role 1, Patient). */
	private static Set<String> patients(AuditEvent event) {
		return event.getEntity().stream()
				.filter(e -> e.getWhat().getReference() != null && e.getWhat().getReference().contains("Patient/"))
				.map(e -> e.getWhat().getReference().replaceAll(".*Patient/([^/]+).*", "$1"))
				.collect(Collectors.toSet());
	}
}
