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
		TransactionPreconditions.patchMediaTypesInLowerCase(bundle);
		preconditions.versionedUrlsAsIfMatch(bundle);
		preconditions.requireWellFormedIfMatch(bundle);
		preconditions.requireUrlsOfTheResourcesType(bundle);
		preconditions.requireLocatableEntries(bundle);
		preconditions.requireIdsOfTheUrl(bundle);
		preconditions.requireOneChangePerResource(bundle, url -> conditionalTargets.find(url, request));
		request.getUserData().put(PreconditionInterceptor.TRANSACTION_BUNDLE, bundle); // its DELETE entries' ifMatch
		preconditions.checkReferences(bundle); // self references unlinked; in a transaction, one to no entry is 400
		java.util.Map<Integer, String> entriesNotRun = entriesNotRun(bundle);
		if (bundle.getType() == Bundle.BundleType.BATCH) {
			Bundle response = withoutEntries(request, bundle, entriesNotRun);
			TransactionPreconditions.reportStaleIfMatchAs412(bundle, response);
			return response;
		}
		entriesNotRun.forEach((entry, message) -> {
			// before any write: HAPI runs the GET entries after the writes have committed (probe 65, P65-C3)
			throw new InvalidRequestException(message, org.somaxis.fhir.OperationOutcomes.error(
					org.hl7.fhir.r4.model.OperationOutcome.IssueType.INVALID, message, "Bundle.entry[" + entry + "].request.url"));
		});
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

	/**
	 * The entries the store cannot run, by index, with why: a GET whose search url it could not run
	 * ({@link ConditionalTargets#unreadable}), and a DELETE, PUT or PATCH whose url names no resource
	 * ({@link ConditionalTargets#changeWithoutATarget}: a conditional url without criteria matches every one).
	 */
	private java.util.Map<Integer, String> entriesNotRun(Bundle bundle) {
		java.util.Map<Integer, String> problems = new java.util.TreeMap<>();
		for (int i = 0; i < bundle.getEntry().size(); i++) {
			Bundle.BundleEntryRequestComponent entry = bundle.getEntry().get(i).getRequest();
			if (!entry.hasUrl() || entry.getMethod() == null) {
				continue;
			}
			String at = "Bundle.entry[" + i + "].request.url";
			int index = i;
			if (entry.getMethod() == Bundle.HTTPVerb.GET) {
				conditionalTargets.unreadable(entry.getUrl()).ifPresent(problem -> problems.put(index,
						at + " is a search the server cannot run: " + problem));
			}
			conditionalTargets.changeWithoutATarget(entry.getMethod().toCode(), entry.getUrl())
					.ifPresent(problem -> problems.put(index, at + " " + problem));
		}
		return problems;
	}

	/**
	 * A batch run without the entries the store could not run, each answered in its place with 400 and why, as the same
	 * GET alone is: HAPI answered them 500 and logged a stack trace quoting the searched value (probe 65, P65-C2).
	 */
	private Bundle withoutEntries(RequestDetails request, Bundle batch, java.util.Map<Integer, String> refused) {
		if (refused.isEmpty()) {
			return systemDao.transaction(request, batch);
		}
		Bundle run = batch.copy();
		run.setEntry(new java.util.ArrayList<>());
		for (int i = 0; i < batch.getEntry().size(); i++) {
			if (!refused.containsKey(i)) {
				run.getEntry().add(batch.getEntry().get(i));
			}
		}
		Bundle response = run.getEntry().isEmpty() ? new Bundle().setType(Bundle.BundleType.BATCHRESPONSE)
				: systemDao.transaction(request, run);
		java.util.List<Bundle.BundleEntryComponent> answers = new java.util.ArrayList<>(response.getEntry());
		refused.forEach((index, message) -> {
			Bundle.BundleEntryComponent answer = new Bundle.BundleEntryComponent();
			answer.getResponse().setStatus("400 Bad Request").setOutcome(org.somaxis.fhir.OperationOutcomes.error(
					org.hl7.fhir.r4.model.OperationOutcome.IssueType.INVALID, message, "Bundle.entry[" + index + "].request.url"));
			answers.add(index, answer);
		});
		response.setEntry(answers);
		return response;
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
