package org.somaxis.gather;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs the independent reads of one request side by side: each is offered to a small shared pool, and the calling
 * thread then runs, in order, every read no pool thread has started yet. So one request on an idle server uses the
 * spare cores, and on a busy server (pool full, offers refused) each request simply runs its reads itself, as it
 * would without the pool. The results come back in the order of the reads.
 */
public final class PartRunner implements AutoCloseable {
	private final ExecutorService pool;

	/**
	 * @param pool the shared pool, which refuses what it cannot start at once (a free thread or none); null runs
	 *     every read on the calling thread
	 */
	public PartRunner(ExecutorService pool) {
		this.pool = pool;
	}

	/** Runs every read on the calling thread. */
	public static PartRunner inline() {
		return new PartRunner(null);
	}

	/**
	 * Runs the reads and returns their results in order. If reads fail, the first failure in their order is thrown
	 * (unchecked exceptions and errors as they are), after every read has ended.
	 */
	public <T> List<T> runAll(List<Callable<T>> reads) {
		List<FutureTask<T>> tasks = new ArrayList<>(reads.size());
		for (Callable<T> read : reads) {
			tasks.add(new FutureTask<>(read));
		}
		if (pool != null && tasks.size() > 1) {
			// the first read is the caller's own; the others are offered
			for (FutureTask<T> task : tasks.subList(1, tasks.size())) {
				try {
					pool.execute(task);
				} catch (RejectedExecutionException poolFull) {
					break; // the caller runs it, and the rest
				}
			}
		}
		for (FutureTask<T> task : tasks) {
			task.run(); // no-op if a pool thread has started it
		}
		List<T> results = new ArrayList<>(tasks.size());
		Throwable first = null;
		for (FutureTask<T> task : tasks) {
			try {
				results.add(getUninterruptibly(task));
			} catch (ExecutionException e) {
				if (first == null) {
					first = e.getCause();
				}
			}
		}
		if (first instanceof RuntimeException unchecked) {
			throw unchecked;
		}
		if (first instanceof Error error) {
			throw error;
		}
		if (first != null) {
			throw new IllegalStateException("A read failed", first);
		}
		return results;
	}

	/** Stops the pool's threads once their reads end. */
	@Override
	public void close() {
		if (pool != null) {
			pool.shutdown();
		}
	}

	private static <T> T getUninterruptibly(FutureTask<T> task) throws ExecutionException {
		boolean interrupted = false;
		try {
			while (true) {
				try {
					return task.get();
				} catch (InterruptedException e) {
					interrupted = true;
				}
			}
		} finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}
}
