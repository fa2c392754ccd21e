package org.somaxis.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedWaitTest {

	@Test
	void returnsAsSoonAsTheWorkIsDone() {
		AtomicInteger polls = new AtomicInteger();

		long started = System.nanoTime();
		BoundedWait.whileBusy(() -> polls.incrementAndGet() < 3, 10_000);

		assertThat(polls).hasValue(3);
		assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
	}

	@Test
	void givesUpAtTheDeadline_whenTheWorkNeverEnds() {
		long started = System.nanoTime();
		BoundedWait.whileBusy(() -> true, 100);

		assertThat((System.nanoTime() - started) / 1_000_000).isBetween(100L, 5_000L);
	}

	@Test
	void anInterruptedThread_returnsAtOnce_withItsInterruptFlagSet() {
		Thread.currentThread().interrupt();
		try {
			long started = System.nanoTime();
			BoundedWait.whileBusy(() -> true, 10_000);

			assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		} finally {
			Thread.interrupted();
		}
	}
}
