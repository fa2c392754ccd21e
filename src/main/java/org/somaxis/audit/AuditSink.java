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
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Stores AuditEvents in the server's own store.
 *
 * <p>Events of writes (create, update, delete) are stored at once, inside the database transaction of the write they
 * record (HAPI calls the sink on its pre-commit pointcuts): either both commit or neither, so an acknowledged write
 * always has its audit record. Every other event (reads, searches, operations, CDS calls, denials) goes through a
 * bounded queue and is stored by one background thread, off the request's path; those still queued are lost if the
 * process is killed, and when the queue is full further events are dropped and counted ({@link #dropped()}).
 */
public final class AuditSink implements IBalpAuditEventSink, AutoCloseable {
	private static final Logger log = LoggerFactory.getLogger(AuditSink.class);

	private final IFhirResourceDao<AuditEvent> dao;
	private final BlockingQueue<AuditEvent> queue;
	private final AtomicLong dropped = new AtomicLong();
	private final AtomicLong stored = new AtomicLong();
	private final AtomicLong pending = new AtomicLong();
	private final Thread writer;
	private volatile boolean running = true;

	public AuditSink(IFhirResourceDao<AuditEvent> dao, int queueCapacity) {
		this.dao = dao;
		this.queue = new ArrayBlockingQueue<>(queueCapacity);
		this.writer = new Thread(this::drain, "audit-writer");
		writer.setDaemon(true);
		writer.start();
	}

	@Override
	public void recordAuditEvent(AuditEvent event) {
		if (isWrite(event) && TransactionSynchronizationManager.isSynchronizationActive()) {
			// stored just before the write's own commit, once HAPI has written everything of the write itself: a
			// create nested in HAPI's pre-commit hook interleaves with the write's pending index rows (seen as
			// foreign-key failures when a deleted resource is written again)
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void beforeCommit(boolean readOnly) {
					dao.create(event, new SystemRequestDetails());
					stored.incrementAndGet();
				}
			});
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
				queue.drainTo(batch, 99);
				for (AuditEvent event : batch) {
					store(event);
					pending.decrementAndGet();
				}
				batch.clear();
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return;
			}
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
		} catch (RuntimeException e) {
			dropped.incrementAndGet();
			log.warn("An audit event could not be stored: {}", e.getClass().getName());
		}
	}

	/** Waits until every queued event is stored (tests, shutdown). */
	public void flush(long timeoutMillis) {
		long deadline = System.currentTimeMillis() + timeoutMillis;
		while (pending.get() > 0 && System.currentTimeMillis() < deadline) {
			try {
				Thread.sleep(20);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return;
			}
		}
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
