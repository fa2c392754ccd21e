package org.somaxis.platform;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.dao.PreVerifyConditionalMatchCriteriaRequest;
import ca.uhn.fhir.jpa.model.entity.ResourceIndexedSearchParamDate;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.jpa.searchparam.extractor.ISearchParamExtractor;
import ca.uhn.fhir.model.api.IQueryParameterType;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A conditional create or update is checked by HAPI against its own url before it is stored ("the supplied resource did
 * not satisfy the conditional URL"), by an in-memory matcher that reads {@code ge}, {@code gt}, {@code le} and
 * {@code lt} as "the resource's whole period lies on that side". The store's search, and R4, read them as "its period
 * reaches that side": an Observation of {@code 2024}, or of a Period from November 2023 to February 2024, is found by
 * {@code date=le2024-06} and {@code date=ge2024}, and its create with that {@code If-None-Exist} was refused (probe 65,
 * P65-M4). Such a date criterion is judged here as the search judges it; one the resource meets is taken out of the url
 * HAPI then checks, one it does not meet is left for HAPI to refuse. Every other criterion stays HAPI's.
 */
@Interceptor
public final class ConditionalMatchDates {
	private static final Set<ParamPrefixEnum> ONE_SIDED = Set.of(ParamPrefixEnum.GREATERTHAN,
			ParamPrefixEnum.GREATERTHAN_OR_EQUALS, ParamPrefixEnum.LESSTHAN, ParamPrefixEnum.LESSTHAN_OR_EQUALS);

	private final FhirContext fhirContext;
	private final Supplier<MatchUrlService> matchUrls;
	private final Supplier<ISearchParamExtractor> extractor;

	/**
	 * @param matchUrls the server's parser of match urls (years and months bounded to days), asked for at the first check
	 * @param extractor the store's search-parameter extractor, which indexes a resource's dates as its search finds them
	 */
	public ConditionalMatchDates(FhirContext fhirContext, Supplier<MatchUrlService> matchUrls,
			Supplier<ISearchParamExtractor> extractor) {
		this.fhirContext = fhirContext;
		this.matchUrls = matchUrls;
		this.extractor = extractor;
	}

	@Hook(Pointcut.STORAGE_PREVERIFY_CONDITIONAL_MATCH_CRITERIA)
	public void datesAsTheSearchReadsThem(PreVerifyConditionalMatchCriteriaRequest check) {
		String url = check.getConditionalUrl();
		String type = fhirContext.getResourceType(check.getResource());
		SearchParameterMap search = matchUrls.get().translateMatchUrl(url, fhirContext.getResourceDefinition(type));
		Set<String> met = new HashSet<>();
		for (Map.Entry<String, List<List<IQueryParameterType>>> criterion : search.entrySet()) {
			if (oneSidedDates(criterion.getValue()) && metByTheResource(check, criterion.getKey(), criterion.getValue())) {
				met.add(criterion.getKey());
			}
		}
		if (!met.isEmpty()) {
			check.setConditionalUrl(without(url, type, met));
		}
	}

	/** Whether every value of a criterion is one date after {@code ge}, {@code gt}, {@code le} or {@code lt}. */
	private static boolean oneSidedDates(List<List<IQueryParameterType>> and) {
		return !and.isEmpty() && and.stream().allMatch(or -> or.size() == 1 && or.get(0) instanceof DateParam date
				&& date.getMissing() == null && ONE_SIDED.contains(date.getPrefix()));
	}

	/** Whether, for each value of the criterion, one of the resource's dates of that search parameter reaches its side. */
	private boolean metByTheResource(PreVerifyConditionalMatchCriteriaRequest check, String name,
			List<List<IQueryParameterType>> and) {
		List<ResourceIndexedSearchParamDate> dates = new ArrayList<>();
		extractor.get().extractSearchParamDates(check.getResource()).stream()
				.filter(date -> name.equals(date.getParamName()))
				.forEach(dates::add);
		return and.stream().allMatch(or -> dates.stream().anyMatch(date -> reaches(date, (DateParam) or.get(0))));
	}

	/**
	 * Whether the resource's period reaches the side the criterion names: for a day or coarser by the days' ordinals, for
	 * a time by the instants, as HAPI compares them.
	 */
	static boolean reaches(ResourceIndexedSearchParamDate date, DateParam criterion) {
		DateRangeParam range = new DateRangeParam(criterion);
		if (criterion.getPrecision().ordinal() <= TemporalPrecisionEnum.DAY.ordinal()) {
			Integer lower = range.getLowerBoundAsDateInteger();
			Integer upper = range.getUpperBoundAsDateInteger();
			Integer low = date.getValueLowDateOrdinal();
			Integer high = date.getValueHighDateOrdinal();
			return (lower == null || high != null && high >= lower) && (upper == null || low != null && low <= upper);
		}
		java.util.Date lower = range.getLowerBoundAsInstant();
		java.util.Date upper = range.getUpperBoundAsInstant();
		return (lower == null || date.getValueHigh() != null && !date.getValueHigh().before(lower))
				&& (upper == null || date.getValueLow() != null && !date.getValueLow().after(upper));
	}

	/** The url without the parameters named (their modifiers aside), as {@code Type?rest}. */
	private static String without(String url, String type, Set<String> names) {
		int question = url.indexOf('?');
		String query = question < 0 ? url : url.substring(question + 1);
		List<String> kept = new ArrayList<>();
		for (String pair : query.split("&")) {
			String name = URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8);
			int colon = name.indexOf(':');
			if (!names.contains(colon < 0 ? name : name.substring(0, colon)) && !pair.isEmpty()) {
				kept.add(pair);
			}
		}
		return type + "?" + String.join("&", kept);
	}
}
