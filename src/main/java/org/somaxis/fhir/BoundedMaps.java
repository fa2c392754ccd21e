package org.somaxis.fhir;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** In-memory maps a server keeps of what it answered, bounded so that no client can grow them without end. */
public final class BoundedMaps {
	private BoundedMaps() {
	}

	/**
	 * A thread-safe map that keeps at most {@code max} entries, dropping the eldest: by insertion, or by last access when
	 * {@code accessOrder}.
	 */
	public static <K, V> Map<K, V> keepingAtMost(int max, boolean accessOrder) {
		return Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, accessOrder) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
				return size() > max;
			}
		});
	}
}
