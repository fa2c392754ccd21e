package org.somaxis.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs the same client loop on N threads that start together, and waits for all of them. */
final class Clients {
	interface Loop {
		void run(int client) throws Exception;
	}

	private Clients() {}

	static void race(int clients, Loop loop) {
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> running = new ArrayList<>();
		for (int i = 0; i < clients; i++) {
			int client = i;
			running.add(pool.submit(() -> {
				start.await();
				loop.run(client);
				return null;
			}));
		}
		start.countDown();
		try {
			for (Future<?> future : running) {
				future.get(10, TimeUnit.MINUTES);
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		} catch (ExecutionException | TimeoutException e) {
			throw new IllegalStateException("A client failed", e);
		} finally {
			pool.shutdownNow();
		}
	}
}
