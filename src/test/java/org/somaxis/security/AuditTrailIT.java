package org.somaxis.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;
import org.somaxis.audit.AuditEvents;
import org.somaxis.audit.AuditSink;
import org.somaxis.support.AuditReplay;
import org.somaxis.support.FhirHttp;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The audit trail (RELIABILITY.md §8 row 19) on H2; {@link AuditTrailPostgresIT} runs the same on PostgreSQL. A write
 * and its AuditEvent commit together (the event is there the moment the write is acknowledged, and a rolled-back
 * write leaves none); reads, searches, operations and refusals leave events naming who, what, patient and outcome,
 * never a body or a token. Queued events are awaited with a flush of up to 60 s (it returns as soon as the queue is
 * empty): the scope and cross-patient matrices of the other security ITs on the same server can leave a backlog.
 */
class AuditTrailIT extends SmartServer {
	@Autowired
	AuditSink auditSink;

	/**
	 * The newest AuditEvents, read fresh: the same search repeated within 60 s is otherwise answered from HAPI's search
	 * cache (also in smart mode, for tokens that see every AuditEvent), without the events stored since.
	 */
	private List<AuditEvent> auditEvents() {
		String[] headers = AuditReplay.with(bearer(token("system/AuditEvent.rs", null)), "Cache-Control", "no-cache");
		Bundle bundle = http.get("/fhir/AuditEvent?_count=1000&_sort=-_lastUpdated", headers).as(Bundle.class);
		return bundle.getEntry().stream().map(e -> (AuditEvent) e.getResource()).toList();
	}

	private List<AuditEvent> auditEventsOnceOneHasSubtype(String subtype) {
		long deadline = System.currentTimeMillis() + 60_000;
		List<AuditEvent> events;
		do {
			auditSink.flush(60_000);
			events = auditEvents();
		} while (events.stream().noneMatch(e -> subtype.equals(e.getSubtypeFirstRep().getCode()))
				&& System.currentTimeMillis() < deadline);
		return events;
	}

	private static boolean mentions(AuditEvent event, String reference) {
		return event.getEntity().stream().anyMatch(entity -> entity.getWhat().getReference() != null
				&& entity.getWhat().getReference().contains(reference)
				|| entity.getWhat().getDisplay() != null && entity.getWhat().getDisplay().contains(reference));
	}

	@Test
	void acknowledgedWrite_hasItsAuditEventAtOnce_namingWhoWhatAndPatient() {
		String token = token("patient/*.cruds", patientA);
		FhirHttp.Response write = http.postResource("/fhir/Observation", observation(patientA, "laboratory", "audited-" + RUN, 3), bearer(token));
		assertThat(write.status()).isEqualTo(201);
		String id = write.as(Observation.class).getIdElement().getIdPart();

		// no flush: the write's event was stored in the write's own transaction
		List<AuditEvent> events = auditEvents().stream()
				.filter(e -> e.getAction() == AuditEvent.AuditEventAction.C && mentions(e, "Observation/" + id)).toList();

		assertThat(events).hasSize(1);
		AuditEvent event = events.get(0);
		assertThat(event.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
		assertThat(mentions(event, "Patient/" + patientA)).isTrue();
		assertThat(event.getAgent()).anySatisfy(agent -> assertThat(agent.getWho().getIdentifier().getValue()).isEqualTo("user-1"));
		assertThat(event.getAgent()).anySatisfy(agent -> assertThat(agent.getWho().getIdentifier().getSystem())
				.isEqualTo(AuditEvents.CLIENT_IDENTIFIER_SYSTEM));
		String json = http.get("/fhir/AuditEvent/" + event.getIdElement().getIdPart(), bearer(token("system/AuditEvent.rs", null))).body();
		assertThat(json).doesNotContain("audited-" + RUN).doesNotContain(token);
	}

	@Test
	void acknowledgedTransactionOfMoreWritesThanOneAuditChunk_hasEveryAuditEventAtOnce() {
		// two chunks of write events (AuditSink.WRITE_EVENTS_PER_TRANSACTION, each stored in a transaction of its own),
		// and fewer than the largest page (200)
		int writes = 150;
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (int i = 0; i < writes; i++) {
			bundle.addEntry().setResource(observation(patientA, "laboratory", "bulk-" + RUN, i))
					.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
		}
		String since = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();

		assertThat(http.postResource("/fhir", bundle, bearer(token("patient/*.cruds", patientA))).status()).isEqualTo(200);

		// no flush: every write's event was stored before the answer
		FhirHttp.Response creates = http.get("/fhir/AuditEvent?action=C&_count=1000&_lastUpdated=ge" + since.replace(":", "%3A"),
				AuditReplay.with(bearer(token("system/AuditEvent.rs", null)), "Cache-Control", "no-cache"));
		assertThat(creates.status()).as(creates.body()).isEqualTo(200);
		assertThat(creates.as(Bundle.class).getEntry()).hasSize(writes);
	}

	@Test
	void rolledBackTransaction_leavesNoWriteAuditEvent() {
		String marker = "rolled-back-" + RUN;
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		bundle.addEntry().setResource(observation(patientA, "laboratory", marker, 1))
				.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
		bundle.addEntry().setResource(observation(patientB, "laboratory", marker, 2))
				.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
		String since = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();

		assertThat(http.postResource("/fhir", bundle, bearer(token("patient/*.cruds", patientA))).status()).isEqualTo(403);

		auditSink.flush(60_000);
		Bundle creates = http.get("/fhir/AuditEvent?action=C&_lastUpdated=ge" + since.replace(":", "%3A"),
				bearer(token("system/AuditEvent.rs", null))).as(Bundle.class);
		assertThat(creates.getEntry()).isEmpty();
	}

	@Test
	void refusedRequests_leaveADenialAuditEvent() {
		FhirHttp.Response unauthenticated = http.get("/fhir/Patient/" + patientA + "?probe=run-" + RUN);
		FhirHttp.Response forbidden = http.get("/fhir/Condition?patient=" + patientA, bearer(token("patient/Observation.rs", patientA)));
		assertThat(unauthenticated.status()).isEqualTo(401);
		assertThat(forbidden.status()).isEqualTo(403);

		auditSink.flush(60_000);
		List<AuditEvent> events = auditEvents();
		assertThat(events).anySatisfy(e -> {
			assertThat(e.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._4);
			assertThat(e.getOutcomeDesc()).isEqualTo("HTTP 401");
			assertThat(mentions(e, "/fhir/Patient/" + patientA)).isTrue();
		});
		assertThat(events).anySatisfy(e -> {
			assertThat(e.getOutcomeDesc()).isEqualTo("HTTP 403");
			assertThat(e.getAgent()).anySatisfy(agent -> assertThat(agent.getWho().getIdentifier().getValue()).isEqualTo("user-1"));
		});
	}

	@Test
	void readsSearchesAndOperations_leaveAuditEventsWithThePatient() {
		String token = token("patient/*.rs", patientA);
		assertThat(http.get("/fhir/Patient/" + patientA, bearer(token)).status()).isEqualTo(200);
		assertThat(http.get("/fhir/Observation?patient=" + patientA, bearer(token)).status()).isEqualTo(200);
		assertThat(http.get("/fhir/Patient/" + patientA + "/$evaluate", bearer(token)).status()).isEqualTo(200);

		// HAPI reports a completed operation after its response is sent, so the event may be queued just after
		// the client has the answer: wait for it to be queued, then for the queue
		List<AuditEvent> events = auditEventsOnceOneHasSubtype("$evaluate");
		assertThat(events).anySatisfy(e -> {
			assertThat(e.getAction()).isEqualTo(AuditEvent.AuditEventAction.R);
			assertThat(mentions(e, "Patient/" + patientA)).isTrue();
		});
		assertThat(events).anySatisfy(e -> {
			assertThat(e.getAction()).isEqualTo(AuditEvent.AuditEventAction.E);
			assertThat(e.getSubtypeFirstRep().getCode()).isEqualTo("search-type");
			assertThat(mentions(e, "Patient/" + patientA)).isTrue();
		});
		assertThat(events).anySatisfy(e -> {
			assertThat(e.getSubtypeFirstRep().getCode()).isEqualTo("$evaluate");
			assertThat(mentions(e, "Patient/" + patientA)).isTrue();
		});
	}

	@Test
	void cdsCalls_leaveAnAuditEvent() {
		FhirHttp.Response refused = http.post("/cds-services/somaxis-order-sign", "{}", "application/json", "Accept", "application/json");
		assertThat(refused.status()).isEqualTo(401);

		auditSink.flush(60_000);
		assertThat(auditEvents()).anySatisfy(e -> {
			assertThat(e.getSubtypeFirstRep().getCode()).isEqualTo("cds-hooks");
			assertThat(e.getOutcomeDesc()).isEqualTo("HTTP 401");
		});
	}
}
