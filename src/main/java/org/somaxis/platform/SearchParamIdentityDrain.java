package org.somaxis.platform;

import ca.uhn.fhir.jpa.cache.ISearchParamIdentityCacheSvc;

/**
 * Lets HAPI's background writes of search-parameter identities finish before HAPI stops their thread pool.
 *
 * <p>HAPI stores each new search-parameter identity on a thread of its own, and at shutdown stops that pool by
 * interrupting whatever runs. An interrupt during H2's file I/O closes the database file
 * ({@code ClosedByInterruptException}), so a shutdown soon after start-up could leave the database closed under
 * the rest of the shutdown (and, in one JVM, under the next start). As a bean that depends on the service, this is
 * closed before it: it waits, for a bounded time, until no such write is in flight.
 */
public final class SearchParamIdentityDrain implements AutoCloseable {
	private static final long WAIT_MILLIS = 10_000;

	private final ISearchParamIdentityCacheSvc identities;

	public SearchParamIdentityDrain(ISearchParamIdentityCacheSvc identities) {
		this.identities = identities;
	}

	@Override
	public void close() {
		BoundedWait.whileBusy(identities::hasInFlightTasks, WAIT_MILLIS);
	}
}
