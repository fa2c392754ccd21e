package org.somaxis.support;

/**
 * Counts one reliability category and prints its line in the shared format (issue 11):
 * {@code RELIABILITY category=<name> inputs=<n> 2xx=<n> 4xx=<n> 5xx=<n> violations=<n> max_latency_ms=<n>
 * heap_peak_mb=<n> fingerprint=<same|changed|n/a> canary_hits=<n>}.
 */
public final class ReliabilityLine {
	private final String category;
	private int inputs;
	private int ok;
	private int clientErrors;
	private int serverErrors;
	private int violations;
	private long maxLatencyMillis;
	private long heapPeakMb;

	public ReliabilityLine(String category) {
		this.category = category;
	}

	/** One request: its status, how long it took, and whether it broke the category's rule. */
	public synchronized void record(int status, long millis, boolean violation) {
		inputs++;
		if (status >= 500) {
			serverErrors++;
		} else if (status >= 400) {
			clientErrors++;
		} else if (status >= 200 && status < 300) {
			ok++;
		}
		if (violation) {
			violations++;
		}
		maxLatencyMillis = Math.max(maxLatencyMillis, millis);
		Runtime runtime = Runtime.getRuntime();
		heapPeakMb = Math.max(heapPeakMb, (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024));
	}

	public synchronized int violations() {
		return violations;
	}

	public synchronized int inputs() {
		return inputs;
	}

	public synchronized String line(String fingerprint, int canaryHits) {
		return "RELIABILITY category=" + category + " inputs=" + inputs + " 2xx=" + ok + " 4xx=" + clientErrors
				+ " 5xx=" + serverErrors + " violations=" + violations + " max_latency_ms=" + maxLatencyMillis
				+ " heap_peak_mb=" + heapPeakMb + " fingerprint=" + fingerprint + " canary_hits=" + canaryHits;
	}

	public String print(String fingerprint, int canaryHits) {
		String line = line(fingerprint, canaryHits);
		System.out.println(line);
		return line;
	}
}
