package org.somaxis.platform;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.somaxis.fhir.ConditionalReads;
import org.somaxis.fhir.OperationOutcomes;

/**
 * {@code If-Match} on single-resource writes, as FHIR R4 specifies it ({@code http.html#concurrency}):
 *
 * <ul>
 *   <li>a malformed {@code If-Match} gets 400 before anything is read or written;
 *   <li>a stale one gets <b>412 Precondition Failed</b>. HAPI answers 409 both when the version is already
 *       stale and when a concurrent writer wins at commit time; on an update or patch that carried
 *       {@code If-Match} both mean the precondition failed, so both become 412. Without {@code If-Match} a
 *       conflict stays 409. Nothing is written in either case;
 *   <li>on a DELETE, which HAPI 8.8 carries out whatever its {@code If-Match} says, a version other than the current
 *       one gets 412 too, checked inside the delete's own database transaction; so does a transaction's or batch's
 *       DELETE entry by id ({@code Patient/1}) whose {@code ifMatch} names another version, when no other DELETE entry
 *       of the Bundle could be deleting the same resource.
 * </ul>
 *
 * Transactions and batches get the same treatment in {@link SystemProvider}. See docs/adr/0004-if-match-412.md.
 */
@Interceptor
public final class PreconditionInterceptor {
	private final ConditionalTargets conditionalTargets;

	public PreconditionInterceptor(ConditionalTargets conditionalTargets) {
		this.conditionalTargets = conditionalTargets;
	}

	private static final Set<RestOperationTypeEnum> VERSIONED_WRITES =
			Set.of(RestOperationTypeEnum.UPDATE, RestOperationTypeEnum.PATCH);

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
	public void refuseMalformedIfMatch(RequestDetails request) {
		IfMatch.requireWellFormed(request.getHeader(Constants.HEADER_IF_MATCH), "If-Match");
	}

	/**
	 * A DELETE, PUT or PATCH of a type without an id must name what it changes by search criteria that choose
	 * ({@link ConditionalTargets#changeWithoutATarget}): with none, with only parameters that shape an answer
	 * ({@code DELETE Device?_pretty=true}) or with criteria whose values say nothing ({@code identifier=,}), HAPI deleted
	 * every resource of the type, and a PATCH without either answered 500 (probes 79 to 81). 400, naming the url.
	 */
	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
	public void refuseChangesWithoutATarget(RequestDetails request, RestOperationTypeEnum operation) {
		String method = switch (operation) {
			case DELETE -> "DELETE";
			case UPDATE -> "PUT";
			case PATCH -> "PATCH";
			default -> null;
		};
		if (method == null || request.getResourceName() == null
				|| request.getId() != null && request.getId().hasIdPart()) {
			return;
		}
		String complete = request.getCompleteUrl();
		int query = complete == null ? -1 : complete.indexOf('?');
		String url = request.getResourceName() + (query < 0 ? "" : complete.substring(query));
		conditionalTargets.changeWithoutATarget(method, url)
				.ifPresent(problem -> {
					String message = method + " " + request.getResourceName() + "?" + " " + problem;
					throw new ca.uhn.fhir.rest.server.exceptions.InvalidRequestException(message,
							OperationOutcomes.error(IssueType.INVALID, message, null));
				});
	}

	/**
	 * User data key of the transaction or batch Bundle being processed ({@link SystemProvider}): HAPI stores its entries
	 * with sub-requests, which share the request's user data but not its resource.
	 */
	static final String TRANSACTION_BUNDLE = PreconditionInterceptor.class.getName() + ".bundle";

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
	public void staleIfMatchOnDelete(IBaseResource current, RequestDetails request) {
		if (request == null) {
			return;
		}
		String version = current.getIdElement().getVersionIdPart();
		if (request.getRestOperationType() == RestOperationTypeEnum.DELETE) {
			String ifMatch = request.getHeader(Constants.HEADER_IF_MATCH);
			if (ifMatch != null && !ifMatch.isBlank() && !IfMatch.names(ifMatch, version)) {
				throw staleVersion(ifMatch, "If-Match");
			}
			notIfNoneMatch(request, version); // HAPI deleted it (probe 52, P52-m4)
		} else if (request.getUserData().get(TRANSACTION_BUNDLE) instanceof Bundle bundle) {
			// a transaction's or batch's DELETE entry by id, whose ifMatch HAPI ignores. Which entry this delete is for is
			// told by its url only when no other DELETE entry of the Bundle could be deleting the same resource (another
			// by id, or a conditional one of the type); otherwise the entry is not checked
			String type = current.getIdElement().getResourceType();
			String target = type + "/" + current.getIdElement().getIdPart();
			List<Bundle.BundleEntryComponent> entries = bundle.getEntry();
			int match = -1;
			for (int i = 0; i < entries.size(); i++) {
				Bundle.BundleEntryRequestComponent entry = entries.get(i).getRequest();
				String url = entry.getUrl();
				if (entry.getMethod() != Bundle.HTTPVerb.DELETE || url == null) {
					continue;
				}
				if (url.equals(target) && match < 0) {
					match = i;
				} else if (url.equals(target) || url.startsWith(type + "?")) {
					return; // ambiguous
				}
			}
			if (match >= 0) {
				Bundle.BundleEntryRequestComponent entry = entries.get(match).getRequest();
				if (entry.hasIfMatch() && !IfMatch.names(entry.getIfMatch(), version)) {
					throw staleVersion(entry.getIfMatch(), "Bundle.entry[" + match + "].request.ifMatch");
				}
			}
		}
	}

	/**
	 * An update or patch whose {@code If-Match} names another version than the one it replaces: 412. HAPI checks
	 * {@code If-Match} only against an id in the URL, so a conditional update or patch ({@code PUT Patient?identifier=...}),
	 * alone or as a transaction's or batch's PUT entry with {@code ifMatch}, overwrote a version the client had not seen
	 * (probe 48, S-C4). Checked inside the write's own database transaction, against the version it replaces; a
	 * concurrent writer that wins at commit still gets HAPI's conflict, which {@link #staleIfMatchIs412} makes 412.
	 */
	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void staleIfMatchOnUpdate(IBaseResource previous, IBaseResource updated, RequestDetails request) {
		if (request == null || previous == null) {
			return; // HAPI gives no previous version for a resource created earlier in the same transaction (probe 52)
		}
		String version = previous.getIdElement().getVersionIdPart();
		if (VERSIONED_WRITES.contains(request.getRestOperationType())) {
			String ifMatch = request.getHeader(Constants.HEADER_IF_MATCH);
			if (ifMatch != null && !ifMatch.isBlank() && !IfMatch.names(ifMatch, version)) {
				throw staleVersion(ifMatch, "If-Match");
			}
		} else if (request.getUserData().get(TRANSACTION_BUNDLE) instanceof Bundle bundle) {
			// the entry whose resource this is (HAPI stores an entry's own resource object); the PUT entries with an ifMatch
			// are found once per Bundle, not once per entry stored (a transaction of thousands of PUTs)
			@SuppressWarnings("unchecked")
			Map<IBaseResource, Integer> withIfMatch = (Map<IBaseResource, Integer>) request.getUserData()
					.computeIfAbsent(PUTS_WITH_IF_MATCH, key -> putsWithIfMatch(bundle));
			Integer index = withIfMatch.get(updated);
			if (index != null) {
				String ifMatch = bundle.getEntry().get(index).getRequest().getIfMatch();
				if (!IfMatch.names(ifMatch, version)) {
					throw staleVersion(ifMatch, "Bundle.entry[" + index + "].request.ifMatch");
				}
			}
		}
	}

	/**
	 * A PUT or PATCH with {@code If-None-Match} of the current version, or {@code *} (any current version), on a resource
	 * that exists: 412, as RFC 9110 §13.1.2 asks of a method that changes state; clients send {@code If-None-Match: *}
	 * to create only if absent. HAPI ignored it and overwrote the resource (probe 51, P51-m4).
	 */
	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void ifNoneMatchOnUpdate(IBaseResource previous, RequestDetails request) {
		if (request == null || previous == null || !VERSIONED_WRITES.contains(request.getRestOperationType())) {
			return;
		}
		notIfNoneMatch(request, previous.getIdElement().getVersionIdPart());
	}

	/** 412 when the request's {@code If-None-Match} is {@code *} or names {@code version}, the current one. */
	private static void notIfNoneMatch(RequestDetails request, String version) {
		String ifNoneMatch = request.getHeader(Constants.HEADER_IF_NONE_MATCH);
		if (ifNoneMatch != null && !ifNoneMatch.isBlank() && ConditionalReads.matchesAny(ifNoneMatch, version)) {
			String message = "If-None-Match " + IfMatch.printable(ifNoneMatch) + " matches the current version of the"
					+ " resource, so it is not changed";
			throw new PreconditionFailedException(message, OperationOutcomes.error(IssueType.CONFLICT, message, "If-None-Match"));
		}
	}

	/**
	 * An update with {@code If-Match} of a resource that does not exist: 412, as RFC 9110 §13.1.1 asks (no current
	 * representation matches); HAPI created it (201), so a client that meant to change what it had read made a new
	 * resource instead (probe 49, R49-m2).
	 */
	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void ifMatchOnNothing(IBaseResource created, RequestDetails request) {
		if (request != null && VERSIONED_WRITES.contains(request.getRestOperationType())) {
			String ifMatch = request.getHeader(Constants.HEADER_IF_MATCH);
			if (ifMatch != null && !ifMatch.isBlank()) {
				throw nothingToMatch(ifMatch, "If-Match");
			}
		} else if (request != null && request.getUserData().get(TRANSACTION_BUNDLE) instanceof Bundle bundle) {
			// a transaction's or batch's PUT entry with an ifMatch that creates: HAPI created it (probe 52, P52-m4)
			@SuppressWarnings("unchecked")
			Map<IBaseResource, Integer> withIfMatch = (Map<IBaseResource, Integer>) request.getUserData()
					.computeIfAbsent(PUTS_WITH_IF_MATCH, key -> putsWithIfMatch(bundle));
			Integer index = withIfMatch.get(created);
			if (index != null) {
				throw nothingToMatch(bundle.getEntry().get(index).getRequest().getIfMatch(),
						"Bundle.entry[" + index + "].request.ifMatch");
			}
		}
	}

	private static PreconditionFailedException nothingToMatch(String ifMatch, String location) {
		String message = "If-Match " + IfMatch.printable(ifMatch) + " names a version of a resource that does not"
				+ " exist; send the update without If-Match to create it";
		return new PreconditionFailedException(message, OperationOutcomes.error(IssueType.CONFLICT, message, location));
	}

	private static final String PUTS_WITH_IF_MATCH = PreconditionInterceptor.class.getName() + ".putsWithIfMatch";

	/** The resources of a Bundle's PUT entries that carry an {@code ifMatch}, by identity, with their entry's index. */
	private static Map<IBaseResource, Integer> putsWithIfMatch(Bundle bundle) {
		Map<IBaseResource, Integer> found = new IdentityHashMap<>();
		List<Bundle.BundleEntryComponent> entries = bundle.getEntry();
		for (int i = 0; i < entries.size(); i++) {
			Bundle.BundleEntryRequestComponent entry = entries.get(i).getRequest();
			if (entry.getMethod() == Bundle.HTTPVerb.PUT && entry.hasIfMatch() && entries.get(i).getResource() != null) {
				found.put(entries.get(i).getResource(), i);
			}
		}
		return found;
	}

	/** Runs before {@link InternalErrorInterceptor}, whose hook would otherwise answer first. */
	@Hook(value = Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION, order = -100)
	public BaseServerResponseException staleIfMatchIs412(RequestDetails request, Throwable exception) {
		if (!(exception instanceof ResourceVersionConflictException)
				|| request == null
				|| !VERSIONED_WRITES.contains(request.getRestOperationType())) {
			return null;
		}
		String ifMatch = request.getHeader(Constants.HEADER_IF_MATCH);
		if (ifMatch == null || ifMatch.isBlank()) {
			return null;
		}
		return staleVersion(ifMatch, "If-Match");
	}

	static PreconditionFailedException staleVersion(String ifMatch, String location) {
		String message = "If-Match " + IfMatch.printable(ifMatch)
				+ " does not name the current version of the resource; read it again and reapply the change";
		return new PreconditionFailedException(message, OperationOutcomes.error(IssueType.CONFLICT, message, location));
	}
}
