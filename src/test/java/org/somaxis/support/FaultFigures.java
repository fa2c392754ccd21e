package org.somaxis.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts one fault category's requests and prints the reliability reporting line (docs/reliability.md):
 * {@code RELIABILITY category=<name> inputs=<n> 2xx=<n> 4xx=<n> 5xx=<n> violations=<n> max_latency_ms=<n>
 * heap_peak_mb=<n> fingerprint=<same|changed|n/a> canary_hits=<n>}.
 */
public final class FaultFigures {
	private final String category;
	private final AtomicInteger inputs = new AtomicInteger();
	private final AtomicInteger ok = new AtomicInteger();
	private final AtomicInteger clientErrors = new AtomicInteger();
	private final AtomicInteger serverErrors = new AtomicInteger();
	private final AtomicInteger violations = new AtomicInteger();
	private final AtomicLong maxLatencyMs = new AtomicLong();
	private String fingerprint = "n/a";
	private int canaryHits;

	public FaultFigures(String category) {
		this.category = category;
	}

	/** One answered request (status 0 = no answer at all, counted as 5xx). */
	public void answered(int status, long latencyMs) {
		inputs.incrementAndGet();
		(status >= 200 && status < 300 ? ok : status >= 400 && status < 500 ? clientErrors : serverErrors)
				.incrementAndGet();
		maxLatencyMs.accumulateAndGet(latencyMs, Math::max);
	}

	public void violation() {
		violations.incrementAndGet();
	}

	public void fingerprint(boolean same) {
		fingerprint = same ? "same" : "changed";
	}

	public void canaryHits(int hits) {
		canaryHits = hits;
	}

	public int violations() {
		return violations.get();
	}

	/**
	 * Prints the line to stdout (the failsafe report keeps it), appends it at once to {@code target/reliability.txt}
	 * (failsafe writes a class's output only when the class ends) and returns it.
	 */
	public String print() {
		String line = "RELIABILITY category=" + category + " inputs=" + inputs + " 2xx=" + ok + " 4xx=" + clientErrors
				+ " 5xx=" + serverErrors + " violations=" + violations + " max_latency_ms=" + maxLatencyMs
				+ " heap_peak_mb=" + heapPeakMb() + " fingerprint=" + fingerprint + " canary_hits=" + canaryHits;
		log(line);
		return line;
	}

	/** Prints a line (a figure or a detail line) and appends it to {@code target/reliability.txt}. */
	public static void log(String line) {
		System.out.println(line);
		try {
			Files.writeString(Path.of("target/reliability.txt"), line + System.lineSeparator(), StandardCharsets.UTF_8,
					StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Peak heap of this JVM (the in-process server's), summed over the heap pools. */
	private static long heapPeakMb() {
		long peak = 0;
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			if (pool.getType() == MemoryType.HEAP) {
				peak += pool.getPeakUsage().getUsed();
			}
		}
		return peak / (1024 * 1024);
	}
}
