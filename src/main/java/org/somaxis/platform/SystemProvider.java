package org.somaxis.platform;

import ca.uhn.fhir.i18n.Msg;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.rest.annotation.At;
import ca.uhn.fhir.rest.annotation.History;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.Since;
import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import java.util.Date;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Meta;

/**
 * System-level interactions: transaction and batch Bundles, and whole-system history.
 *
 * <p>Used instead of HAPI's {@code JpaSystemProvider}, which also exposes administrative operations
 * ({@code $mark-all-resources-for-reindexing}, {@code $reindex-terminology}, {@code $replace-references})
 * that must not be open to anonymous callers.
 */
public final class SystemProvider {
	private final IFhirSystemDao<Bundle, Meta> systemDao;
	private final TransactionPreconditions preconditions;
	private final ConditionalTargets conditionalTargets;

	public SystemProvider(IFhirSystemDao<Bundle, Meta> systemDao, ConditionalTargets conditionalTargets) {
		this.systemDao = systemDao;
		this.conditionalTargets = conditionalTargets;
		this.preconditions = new TransactionPreconditions(systemDao.getContext());
	}

	/**
	 * A transaction or batch. A malformed {@code entry.request.ifMatch} gets 400; a stale one gets 412 (the
	 * whole transaction is rolled back, as for any failed entry), or {@code 412} in that entry's response in a
	 * batch. See docs/adr/0004-if-match-412.md. Bundles over {@code somaxis.fhir.max-bundle-entries} never get
	 * here: the request guard refuses them before they are parsed.
	 */
	@Transaction
	public Bundle transaction(RequestDetails request, @TransactionParam Bundle bundle) {
		preconditions.requireRequests(bundle);
		preconditions.versionedUrlsAsIfMatch(bundle);
		preconditions.requireWellFormedIfMatch(bundle);
		preconditions.requireUrlsOfTheResourcesType(bundle);
		preconditions.requireLocatableEntries(bundle);
		preconditions.requireIdsOfTheUrl(bundle);
		preconditions.requireOneChangePerResource(bundle, url -> conditionalTargets.find(url, request));
		request.getUserData().put(PreconditionInterceptor.TRANSACTION_BUNDLE, bundle); // its DELETE entries' ifMatch
		preconditions.checkReferences(bundle); // self references unlinked; in a transaction, one to no entry is 400
		if (bundle.getType() == Bundle.BundleType.BATCH) {
			Bundle response = systemDao.transaction(request, bundle);
			TransactionPreconditions.reportStaleIfMatchAs412(bundle, response);
			return response;
		}
		try {
			return systemDao.transaction(request, bundle);
		} catch (ResourceVersionConflictException conflict) {
			if (TransactionPreconditions.conflictMeansStaleIfMatch(bundle)) {
				throw PreconditionInterceptor.staleVersion(
						TransactionPreconditions.ifMatchValues(bundle), "Bundle.entry.request.ifMatch");
			}
			throw conflict;
		}
	}

	@History
	public IBundleProvider history(
			@Offset Integer offset, @Since Date since, @At DateRangeParam at, RequestDetails request) {
		boolean haveAt = at != null && (at.getLowerBoundAsInstant() != null || at.getUpperBoundAsInstant() != null);
		if (haveAt && since != null) {
			throw new InvalidRequestException(Msg.code(553) + "Use _since or _at, not both");
		}
		DateRangeParam range = haveAt ? at : new DateRangeParam(since, null);
		return systemDao.history(range.getLowerBoundAsInstant(), range.getUpperBoundAsInstant(), offset, request);
	}
}
