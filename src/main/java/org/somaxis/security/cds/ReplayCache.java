package org.somaxis.security.cds;

import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers each client JWT id ({@code iss} + {@code jti}) until its token expires, so a token is accepted once.
 * Bounded in time (an entry lives until its token's {@code exp}, at most the verifier's maximum lifetime) and in size:
 * when full of unexpired entries it refuses new tokens (fails closed) rather than forgetting ids that could be
 * replayed.
 */
public final class ReplayCache {
	private final int capacity;
	private final Clock clock;
	private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

	public ReplayCache(int capacity, Clock clock) {
		this.capacity = capacity;
		this.clock = clock;
	}

	/** True the first time {@code id} is offered before {@code expiry}; false for a replay or when full. */
	public synchronized boolean firstUse(String id, Instant expiry) {
		Instant now = clock.instant();
		purgeExpired(now, 64);
		if (seen.size() >= capacity) {
			purgeExpired(now, Integer.MAX_VALUE);
		}
		if (seen.containsKey(id) || seen.size() >= capacity) {
			return false;
		}
		seen.put(id, expiry.plus(CdsClientJwtVerifier.SKEW));
		return true;
	}

	public synchronized int size() {
		return seen.size();
	}

	private void purgeExpired(Instant now, int limit) {
		Iterator<Map.Entry<String, Instant>> entries = seen.entrySet().iterator();
		int checked = 0;
		while (entries.hasNext() && checked++ < limit) {
			if (entries.next().getValue().isBefore(now)) {
				entries.remove();
			}
		}
	}
}
