package org.somaxis.platform;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;

/**
 * HAPI's parser of match urls (conditional creates, updates, deletes and references; Bulk Data {@code _typeFilter}),
 * with a year or month after {@code ge} or {@code le} searched from its first or to its last day, as a search is
 * ({@link DateSearchPrefixes}): {@code If-None-Exist: date=ge2024} found nothing of 2024 and created a duplicate, and an
 * export filtered so left out every 2024 result (probe 64, P64-C1, M1).
 */
public final class DayBoundedMatchUrls extends MatchUrlService {

	private final DateSearchPrefixes prefixes;

	public DayBoundedMatchUrls(FhirContext fhirContext, ISearchParamRegistry searchParams) {
		super(fhirContext, searchParams);
		this.prefixes = new DateSearchPrefixes(fhirContext, searchParams);
	}

	@Override
	public SearchParameterMap translateMatchUrl(String url, RuntimeResourceDefinition type, Flag... flags) {
		SearchParameterMap search = super.translateMatchUrl(url, type, flags);
		prefixes.bound(search);
		return search;
	}
}
