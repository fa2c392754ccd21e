package org.somaxis.cdshooks;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;

/**
 * Applies the feedback retention setting ({@code somaxis.cds.feedback-retention}): shortly after startup and then
 * every {@code interval}, deletes CDS cards and feedback older than the retention. A zero retention keeps
 * everything.
 */
public final class FeedbackRetention implements SmartLifecycle {
	private static final Logger log = LoggerFactory.getLogger(FeedbackRetention.class);

	private final FeedbackStore store;
	private final Duration retention;
	private final Duration interval;
	private final Clock clock;
	private ScheduledExecutorService executor;

	public FeedbackRetention(FeedbackStore store, Duration retention, Duration interval, Clock clock) {
		this.store = store;
		this.retention = retention;
		this.interval = interval;
		this.clock = clock;
	}

	/** One pruning pass; returns the rows deleted. */
	public int pruneNow() {
		int deleted = store.prune(clock.instant().minus(retention));
		if (deleted > 0) {
			log.info("CDS feedback retention {}: {} row(s) deleted", retention, deleted);
		}
		return deleted;
	}

	@Override
	public synchronized void start() {
		if (retention.isZero() || retention.isNegative()) {
			return;
		}
		executor = Executors.newSingleThreadScheduledExecutor(task -> {
			Thread thread = new Thread(task, "cds-feedback-retention");
			thread.setDaemon(true);
			return thread;
		});
		executor.scheduleWithFixedDelay(this::pruneSafely, 1, interval.toSeconds(), TimeUnit.SECONDS);
	}

	private void pruneSafely() {
		try {
			pruneNow();
		} catch (DataAccessException e) {
			// the database may be down for a while; an exception here would cancel every later run
			log.warn("CDS feedback retention: pruning failed, retrying in {}: {}", interval, e.getClass().getSimpleName());
		}
	}

	@Override
	public synchronized void stop() {
		if (executor != null) {
			executor.shutdownNow();
			executor = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return executor != null;
	}
}
