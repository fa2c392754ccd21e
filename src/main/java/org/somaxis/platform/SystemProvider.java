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

	public SystemProvider(IFhirSystemDao<Bundle, Meta> systemDao) {
		this.systemDao = systemDao;
	}

	@Transaction
	public Bundle transaction(RequestDetails request, @TransactionParam Bundle bundle) {
		return systemDao.transaction(request, bundle);
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
