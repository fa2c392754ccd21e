package org.somaxis.platform;

import java.util.function.BooleanSupplier;

/** Polls until some work is done or a deadline passes, for the shutdown and flush paths that must not hang. */
public final class BoundedWait {
	private static final long POLL_MILLIS = 20;

	private BoundedWait() {
	}

	/**
	 * Returns once {@code busy} is false, or after {@code timeoutMillis}, or at once when the thread is interrupted
	 * (with its interrupt flag set again).
	 */
	public static void whileBusy(BooleanSupplier busy, long timeoutMillis) {
		long deadline = System.currentTimeMillis() + timeoutMillis;
		while (busy.getAsBoolean() && System.currentTimeMillis() < deadline) {
			try {
				Thread.sleep(POLL_MILLIS);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}
}
