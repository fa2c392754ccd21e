package org.somaxis.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts one reliability category and prints its one reporting line (docs/reliability.md):
 * {@code RELIABILITY category=<name> inputs=<n> 2xx=<n> 4xx=<n> 5xx=<n> violations=<n> max_latency_ms=<n>
 * heap_peak_mb=<n> fingerprint=<same|changed|n/a> canary_hits=<n>}.
 *
 * <p>The server runs in the test's JVM, so the heap peak is the JVM's heap pools' peak since {@link #start}.
 * Lines are also appended to {@code target/reliability-report.txt}, the figures docs/reliability.md quotes.
 */
final class ReliabilityReport {
	/** How much larger than the CI size a run is: {@code -Dreliability.scale=10} (the {@code reliability} profile). */
	static final int SCALE = Math.max(1, Integer.getInteger("reliability.scale", 1));

	private final String category;
	private final AtomicInteger inputs = new AtomicInteger();
	private final AtomicInteger ok = new AtomicInteger();
	private final AtomicInteger clientErrors = new AtomicInteger();
	private final AtomicInteger serverErrors = new AtomicInteger();
	private final AtomicLong maxLatency = new AtomicLong();
	private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
	private String fingerprint = "n/a";
	private int canaryHits;

	private ReliabilityReport(String category) {
		this.category = category;
	}

	static ReliabilityReport start(String category) {
		System.gc();
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			if (pool.getType() == MemoryType.HEAP) {
				pool.resetPeakUsage();
			}
		}
		return new ReliabilityReport(category);
	}

	/** Records one answered input. */
	void answered(int status, long latencyMs) {
		inputs.incrementAndGet();
		if (status >= 500) {
			serverErrors.incrementAndGet();
		} else if (status >= 400) {
			clientErrors.incrementAndGet();
		} else if (status >= 200 && status < 300) {
			ok.incrementAndGet();
		}
		maxLatency.accumulateAndGet(latencyMs, Math::max);
	}

	/** Records an input that did not produce a response the category accepts. */
	void violation(String what) {
		violations.add(what);
	}

	void fingerprint(boolean same) {
		this.fingerprint = same ? "same" : "changed";
	}

	void canaryHits(int hits) {
		this.canaryHits = hits;
	}

	int serverErrors() {
		return serverErrors.get();
	}

	List<String> violations() {
		return List.copyOf(violations);
	}

	/** Prints and records the line; returns it. */
	String finish() {
		long heapPeak = 0;
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
				heapPeak += pool.getPeakUsage().getUsed();
			}
		}
		String line = "RELIABILITY category=" + category
				+ " inputs=" + inputs.get()
				+ " 2xx=" + ok.get()
				+ " 4xx=" + clientErrors.get()
				+ " 5xx=" + serverErrors.get()
				+ " violations=" + violations.size()
				+ " max_latency_ms=" + maxLatency.get()
				+ " heap_peak_mb=" + heapPeak / (1024 * 1024)
				+ " fingerprint=" + fingerprint
				+ " canary_hits=" + canaryHits;
		System.out.println(line);
		// the same line on the console of the build, where the test's own output is redirected to a file
		System.err.println(line);
		try {
			Path report = Path.of("target", "reliability-report.txt");
			Files.createDirectories(report.getParent());
			Files.writeString(
					report,
					line + " scale=" + SCALE + "\n",
					StandardCharsets.UTF_8,
					StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return line;
	}
}
