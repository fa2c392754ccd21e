package org.somaxis.platform;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.List;
import org.hl7.fhir.instance.model.api.IIdType;

/**
 * The resources a conditional url of a transaction entry ({@code Patient?identifier=...}) finds now, as
 * {@code Type/id}: what {@link TransactionPreconditions#requireOneChangePerResource} compares with the entries that name
 * a resource by id. HAPI resolves the url again when it runs the entry; a resource written in between by another request
 * is HAPI's to find.
 */
public final class ConditionalTargets {
	private final DaoRegistry daos;
	private final MatchUrlService matchUrls;

	public ConditionalTargets(DaoRegistry daos, MatchUrlService matchUrls) {
		this.daos = daos;
		this.matchUrls = matchUrls;
	}

	/** The search parameters that shape an answer rather than choose what it holds, left out of {@link #unreadable}. */
	private static final java.util.Set<String> RESULT_PARAMETERS = java.util.Set.of("_count", "_sort", "_include",
			"_revinclude", "_summary", "_elements", "_total", "_contained", "_containedType", "_format", "_pretty",
			"_offset", "_getpagesoffset", "_getpages");

	/** The methods that change what a conditional url finds: each match, or the one match. */
	private static final java.util.Set<String> CONDITIONAL_CHANGES = java.util.Set.of("DELETE", "PUT", "PATCH");

	/**
	 * Why a change ({@code DELETE}, {@code PUT}, {@code PATCH}) of this url cannot be run: a conditional url that
	 * chooses nothing finds every resource of the type, and HAPI deleted every one. Its criteria are read as the store
	 * reads them: only parameters that shape an answer ({@code Device?_pretty=true}), none, or criteria without a value
	 * ({@code identifier=}, {@code _id=}, {@code identifier=,}) choose nothing (probe 79; probe 80, P80-M1:
	 * {@code DELETE Device?identifier=} deleted the only Device; probe 81, P81-M1), and one the store cannot run
	 * ({@code _foo=bar}, {@code _PRETTY=true}) is refused with why. An id left empty ({@code Observation//1}) HAPI
	 * answered 500. Empty for another method or url, or a type the store does not hold (HAPI's to refuse).
	 *
	 * @param url the url after the server's base: {@code Type/id}, {@code Type?criteria} or {@code Type}
	 */
	java.util.Optional<String> changeWithoutATarget(String method, String url) {
		if (method == null || url == null || !CONDITIONAL_CHANGES.contains(method)) {
			return java.util.Optional.empty();
		}
		String[] pathAndQuery = url.split("\\?", 2);
		String path = pathAndQuery[0];
		if (path.matches("[A-Z][A-Za-z]+/+|[A-Z][A-Za-z]+//.*")) {
			return java.util.Optional.of("names no id after its type; a " + method + " names a resource by its id, or by"
					+ " search criteria");
		}
		if (!path.matches("[A-Z][A-Za-z]+") || !daos.isResourceTypeSupported(path)) {
			return java.util.Optional.empty();
		}
		String criteria = pathAndQuery.length < 2 ? "" : java.util.Arrays.stream(pathAndQuery[1].split("&"))
				.filter(part -> !part.isEmpty() && !RESULT_PARAMETERS.contains(part.split("=", 2)[0]))
				.collect(java.util.stream.Collectors.joining("&"));
		SearchParameterMap chosen;
		try {
			chosen = matchUrls.translateMatchUrl(path + "?" + criteria,
					daos.getSystemDao().getContext().getResourceDefinition(path));
		} catch (ca.uhn.fhir.rest.server.exceptions.InvalidRequestException | ca.uhn.fhir.parser.DataFormatException e) {
			return java.util.Optional.of("has search criteria the server cannot run, so a conditional " + method
					+ " cannot choose what it changes: " + e.getMessage().replaceFirst("^HAPI-\\d+: ", ""));
		}
		if (chosen.getLastUpdated() != null || chooses(chosen)) {
			return java.util.Optional.empty();
		}
		return java.util.Optional.of("names neither an id nor search criteria that choose (none, only parameters that"
				+ " shape an answer, or criteria without a value), so a conditional " + method + " would match every "
				+ path + "; give the resource's id, or criteria that find it");
	}

	/**
	 * Whether a search chooses: some parameter all of whose values say something. The store passes over a value with
	 * nothing in it ({@code identifier=,}, {@code identifier=|}, {@code patient=,}) and then matched every resource
	 * (probe 81, P81-M1); a {@code :missing} value says something.
	 */
	private static boolean chooses(SearchParameterMap search) {
		return search.values().stream().flatMap(List::stream).anyMatch(values -> !values.isEmpty() && values.stream()
				.allMatch(value -> value.getMissing() != null || !value.isEmpty()));
	}

	/**
	 * Why the store could not run a search url ({@code Type?criteria}) as a GET entry of a transaction or batch: an
	 * unknown parameter, a value its type cannot read ({@code date=2024-13}), a prefix or list the store does not take
	 * ({@code ap}, dates to OR); empty when it could, or when it is no search of a type the store holds. HAPI runs a
	 * transaction's GET entries after its writes have committed, so one that failed left the writes stored beside a 400
	 * (probe 65, P65-C3); in a batch it failed with 500 and a stack trace quoting the value (P65-C2).
	 */
	java.util.Optional<String> unreadable(String url) {
		int query = url.indexOf('?');
		if (query < 1 || !daos.isResourceTypeSupported(url.substring(0, query))) {
			return java.util.Optional.empty();
		}
		String type = url.substring(0, query);
		String criteria = java.util.Arrays.stream(url.substring(query + 1).split("&"))
				.filter(part -> !part.isEmpty())
				.filter(part -> !RESULT_PARAMETERS.contains(part.split("[=:]", 2)[0]))
				.collect(java.util.stream.Collectors.joining("&"));
		try {
			matchUrls.translateMatchUrl(type + "?" + criteria, daos.getSystemDao().getContext().getResourceDefinition(type),
					MatchUrlService.processIncludes());
			return java.util.Optional.empty();
		} catch (ca.uhn.fhir.rest.server.exceptions.InvalidRequestException | ca.uhn.fhir.parser.DataFormatException e) {
			return java.util.Optional.of(e.getMessage().replaceFirst("^HAPI-\\d+: ", ""));
		}
	}

	/** {@code Type/id} of each resource {@code url} ({@code Type?criteria}) finds; a type HAPI does not know, none. */
	List<String> find(String url, RequestDetails request) {
		String type = url.substring(0, url.indexOf('?'));
		if (!daos.isResourceTypeSupported(type)) {
			return List.of();
		}
		SearchParameterMap criteria = matchUrls.translateMatchUrl(url,
				daos.getSystemDao().getContext().getResourceDefinition(type));
		criteria.setLoadSynchronous(true);
		IFhirResourceDao<?> dao = daos.getResourceDao(type);
		List<IIdType> found = dao.searchForResourceIds(criteria, request);
		return found.stream().map(id -> type + "/" + id.getIdPart()).toList();
	}
}
