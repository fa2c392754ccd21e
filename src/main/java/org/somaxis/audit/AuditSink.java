package org.somaxis.audit;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.storage.interceptor.balp.IBalpAuditEventSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.somaxis.platform.BoundedWait;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores AuditEvents in the server's own store.
 *
 * <p>Events of writes (create, update, delete) are stored synchronously, in transactions of their own that run right
 * after the write's transaction commits and before the response is sent (HAPI calls the sink on its pre-commit
 * pointcuts; the event waits for the commit): a rolled-back write leaves no event, and a write is acknowledged only
 * after its event is stored. The window left: a crash between the two commits loses the event of a write whose client
 * never got an answer. Every other event (reads, searches, operations, CDS calls, denials) goes through a
 * bounded queue and is stored by one background thread, off the request's path; those still queued are lost if the
 * process is killed, and when the queue is full further events are dropped and counted ({@link #dropped()}).
 */
public final class AuditSink implements IBalpAuditEventSink, AutoCloseable {
	private static final Logger log = LoggerFactory.getLogger(AuditSink.class);
	/** Write events stored per database transaction after a write commits (see writeEventsOfThisTransaction). */
	static final int WRITE_EVENTS_PER_TRANSACTION = 100;
	/** Queued events (reads, searches, operations, denials) the background writer stores per database transaction. */
	static final int QUEUED_EVENTS_PER_TRANSACTION = 100;
	/**
	 * How long the background writer waits for more events after the first of a batch. Each commit costs the same
	 * whatever it holds (on H2 with {@code WRITE_DELAY=0} it rewrites every changed index page, about a third of a
	 * request's CPU when it carried one event), so waiting briefly stores several events per commit under load.
	 */
	static final long QUEUED_EVENTS_LINGER_MILLIS = 100;

	private final IFhirResourceDao<AuditEvent> dao;
	private final TransactionTemplate ownTransaction;
	private final BlockingQueue<AuditEvent> queue;
	private final AtomicLong dropped = new AtomicLong();
	private final AtomicLong stored = new AtomicLong();
	private final AtomicLong pending = new AtomicLong();
	private final Thread writer;
	private volatile boolean running = true;

	public AuditSink(IFhirResourceDao<AuditEvent> dao, int queueCapacity, PlatformTransactionManager transactionManager) {
		this.dao = dao;
		this.ownTransaction = new TransactionTemplate(transactionManager);
		ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.queue = new ArrayBlockingQueue<>(queueCapacity);
		this.writer = new Thread(this::drain, "audit-writer");
		writer.setDaemon(true);
		writer.start();
	}

	@Override
	public void recordAuditEvent(AuditEvent event) {
		String requestId = RequestIdFilter.current(); // every event is recorded on the thread serving its request
		if (requestId != null) {
			AuditEvents.addRequestId(event, requestId);
			RequestIdFilter.markAudited();
		}
		if (isWrite(event) && TransactionSynchronizationManager.isSynchronizationActive()) {
			writeEventsOfThisTransaction().add(event);
			return;
		}
		pending.incrementAndGet();
		if (!queue.offer(event)) {
			pending.decrementAndGet();
			long count = dropped.incrementAndGet();
			if (count == 1 || count % 1000 == 0) {
				log.warn("Audit queue full: {} audit events dropped so far", count);
			}
		}
	}

	/**
	 * The write events of the current transaction, stored right after it commits, in transactions of their own
	 * ({@value #WRITE_EVENTS_PER_TRANSACTION} events each), before the response is sent. Not inside the write's
	 * transaction: a create there interleaves with HAPI's version-conflict handling (a write that lost a race left its
	 * audit's index rows behind, and later writes of that resource failed).
	 */
	@SuppressWarnings("unchecked")
	private List<AuditEvent> writeEventsOfThisTransaction() {
		List<AuditEvent> events = (List<AuditEvent>) TransactionSynchronizationManager.getResource(this);
		if (events != null) {
			return events;
		}
		List<AuditEvent> created = new ArrayList<>();
		TransactionSynchronizationManager.bindResource(this, created);
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				// in chunks: one session holding thousands of new AuditEvents made each auto-flush sort and scan all of
				// them (quadratic: the audit of a 5,001-entry transaction took minutes)
				for (int from = 0; from < created.size(); from += WRITE_EVENTS_PER_TRANSACTION) {
					List<AuditEvent> chunk =
							created.subList(from, Math.min(created.size(), from + WRITE_EVENTS_PER_TRANSACTION));
					ownTransaction.executeWithoutResult(
							status -> chunk.forEach(e -> dao.create(e, new SystemRequestDetails())));
				}
				stored.addAndGet(created.size());
			}

			@Override
			public void afterCompletion(int status) {
				TransactionSynchronizationManager.unbindResourceIfPossible(AuditSink.this);
			}
		});
		return created;
	}

	private static boolean isWrite(AuditEvent event) {
		AuditEventAction action = event.getAction();
		return action == AuditEventAction.C || action == AuditEventAction.U || action == AuditEventAction.D;
	}

	private void drain() {
		List<AuditEvent> batch = new ArrayList<>();
		while (running || !queue.isEmpty()) {
			try {
				AuditEvent first = queue.poll(200, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				gatherMore(batch);
				storeAll(batch);
				pending.addAndGet(-batch.size());
				batch.clear();
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/** Adds queued events to {@code batch} until it is full or the linger time has passed (not while stopping). */
	private void gatherMore(List<AuditEvent> batch) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(QUEUED_EVENTS_LINGER_MILLIS);
		queue.drainTo(batch, QUEUED_EVENTS_PER_TRANSACTION - batch.size());
		while (running && batch.size() < QUEUED_EVENTS_PER_TRANSACTION) {
			long left = deadline - System.nanoTime();
			AuditEvent next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
			if (next == null) {
				return;
			}
			batch.add(next);
			queue.drainTo(batch, QUEUED_EVENTS_PER_TRANSACTION - batch.size());
		}
	}

	/**
	 * Stores the events the writer took from the queue in one database transaction: one commit (on H2 with
	 * {@code WRITE_DELAY=0}, one write to the file) for up to {@value #QUEUED_EVENTS_PER_TRANSACTION} events instead of
	 * one each. The writer's boundary: if the batch fails (database briefly unavailable, shutdown, one event the store
	 * refuses), nothing of it was stored, and each event is tried on its own so one cannot lose the others.
	 */
	@SuppressWarnings("java:S1181")
	private void storeAll(List<AuditEvent> batch) {
		try {
			ownTransaction.executeWithoutResult(status -> batch.forEach(e -> dao.create(e, new SystemRequestDetails())));
			stored.addAndGet(batch.size());
		} catch (RuntimeException batchFailed) { // the writer's boundary (above): retry each event on its own
			batch.forEach(this::store);
		}
	}

	/**
	 * The background writer's boundary: a failure to store one audit event (database briefly unavailable, shutdown)
	 * must not end the thread that stores all the others; it is logged (without the event) and counted.
	 */
	@SuppressWarnings("java:S1181")
	private void store(AuditEvent event) {
		try {
			dao.create(event, new SystemRequestDetails());
			stored.incrementAndGet();
		} catch (RuntimeException e) { // the writer thread's boundary (javadoc): one event must not stop the rest
			dropped.incrementAndGet();
			log.warn("An audit event could not be stored: {}", e.getClass().getName());
		}
	}

	/** Waits until every queued event is stored (tests, shutdown). */
	public void flush(long timeoutMillis) {
		BoundedWait.whileBusy(() -> pending.get() > 0, timeoutMillis);
	}

	public long dropped() {
		return dropped.get();
	}

	public long stored() {
		return stored.get();
	}

	@Override
	public void close() {
		flush(5_000);
		running = false;
		writer.interrupt();
	}
}
