package org.somaxis.conformance;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Makes a stored, changed or deleted SearchParameter take effect as soon as its transaction commits: HAPI's
 * search parameter registry is rebuilt before the write answers, so the client's next search can use it.
 *
 * <p>HAPI 8.8's SearchParameter DAO does the same only once per cycle: it sets a flag when it registers its
 * after-commit refresh and clears it in that refresh, so a SearchParameter write whose transaction rolls back (one
 * refused in a transaction Bundle, for one) leaves the flag set, and from then on until a restart new SearchParameters
 * wait for the registry's scheduled refresh (about a minute). Measured on 2026-12-03: after such a transaction, a
 * search by a SearchParameter stored the moment before was refused with HAPI-0524.
 */
public final class SearchParameterActivation {
	private static final String SEARCH_PARAMETER = "SearchParameter";

	private final ISearchParamRegistry registry;

	public SearchParameterActivation(ISearchParamRegistry registry) {
		this.registry = registry;
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void created(IBaseResource resource) {
		refreshAfterCommitIfSearchParameter(resource);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	public void updated(IBaseResource oldResource, IBaseResource newResource) {
		refreshAfterCommitIfSearchParameter(newResource);
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
	public void deleted(IBaseResource resource) {
		refreshAfterCommitIfSearchParameter(resource);
	}

	private void refreshAfterCommitIfSearchParameter(IBaseResource resource) {
		if (!SEARCH_PARAMETER.equals(resource.fhirType()) || !TransactionSynchronizationManager.isSynchronizationActive()) {
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				registry.forceRefresh();
			}
		});
	}
}
