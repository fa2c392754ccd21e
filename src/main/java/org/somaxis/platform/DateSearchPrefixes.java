package org.somaxis.platform;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.model.api.IQueryParameterType;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry.SearchParamLookupContextEnum;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.somaxis.fhir.OperationOutcomes;

/**
 * The prefixes of date search parameters that HAPI 8.8's JPA search gets wrong.
 *
 * <ul>
 *   <li>{@code ge} and {@code le} with a year or a month ({@code Observation?date=ge2024}, {@code birthdate=le1970-02}):
 *       HAPI compared with the wrong end of the period, so {@code ge2024} found nothing in 2024 and {@code le1970}
 *       missed a patient born in 1970 (probe 63, P63-C2; hapi-fhir #8408). R4 says {@code ge} matches a value whose range
 *       reaches the searched one or beyond, so {@code ge2024} is {@code ge2024-01-01} and {@code le2024} is
 *       {@code le2024-12-31}: rewritten so, which HAPI answers right. On the resource type's own parameters, on the last
 *       link of a chain ({@code subject:Patient.birthdate}, or {@code subject.birthdate} when every resource type that
 *       has a parameter of that name makes it a date) and on a reverse chain's ({@code _has:Provenance:target:recorded}).
 *   <li>{@code ap} (approximately) on a date parameter ({@code Observation?date=ap2026-09-15}), also at the end of a
 *       chain or a {@code _has} ({@code subject.birthdate=ap1980}), which HAPI's JPA search does not implement: it
 *       answered 400 "Unknown comparator: APPROXIMATE" or "... This is a bug", naming its Java enum (probe 64, P64-m3).
 *       Refused here with 400 {@code not-supported} that says what to send instead.
 * </ul>
 *
 * A search in a batch entry, a conditional url (an {@code If-None-Exist}, a conditional update, delete or reference)
 * and a Bulk Data {@code _typeFilter} are bounded the same way on the parsed search ({@link #bound}), a chain's date
 * too.
 */
@Interceptor
public final class DateSearchPrefixes {
	private static final Pattern APPROXIMATE = Pattern.compile("ap[0-9].*");
	/** {@code ge} or {@code le} with a year and perhaps a month, nothing finer. */
	private static final Pattern PARTIAL = Pattern.compile("(ge|le)([0-9]{4})(?:-([0-9]{2}))?");

	private final List<String> resourceTypes;
	private final ISearchParamRegistry searchParams;

	public DateSearchPrefixes(FhirContext fhirContext, ISearchParamRegistry searchParams) {
		this.resourceTypes = List.copyOf(fhirContext.getResourceTypes());
		this.searchParams = searchParams;
	}

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLER_SELECTED)
	public void read(RequestDetails request) {
		Map<String, String[]> parameters = request.getParameters();
		String type = request.getResourceName();
		if (type == null || parameters == null || parameters.isEmpty() || request.getId() != null) {
			return;
		}
		Map<String, String[]> rewritten = null;
		for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
			String name = parameter.getKey();
			boolean own = !name.contains(".") && !name.contains(":");
			if (!(own ? isDate(type, name) : chainEndsInDate(name))) {
				continue;
			}
			refuseApproximate(name, parameter.getValue());
			String[] values = parameter.getValue();
			String[] bounded = new String[values.length];
			boolean changed = false;
			for (int i = 0; i < values.length; i++) {
				bounded[i] = dayBounded(values[i]);
				changed |= !bounded[i].equals(values[i]);
			}
			if (changed) {
				rewritten = rewritten == null ? new HashMap<>(parameters) : rewritten;
				rewritten.put(name, bounded);
			}
		}
		if (rewritten != null) {
			request.setParameters(rewritten);
		}
	}

	/**
	 * The same for a search the storage runs from a parsed map: a batch entry's search, which never passes the hook
	 * above (probe 64, P64-M2). Conditional urls and Bulk Data filters are bounded where they are parsed
	 * ({@link DayBoundedMatchUrls}).
	 */
	@Hook(Pointcut.STORAGE_PRESEARCH_REGISTERED)
	public void bound(SearchParameterMap search) {
		dayBounded(search, this::chainEndsInDate);
	}

	/**
	 * Each {@code ge} or {@code le} date of the map with a year or month, as {@link #dayBounded(String)} rewrites it: the
	 * parameter gets new lists of values. A chain's date, inside a reference value here, is left as it is.
	 */
	static void dayBounded(SearchParameterMap search) {
		dayBounded(search, name -> false);
	}

	/**
	 * As {@link #dayBounded(SearchParameterMap)}, and a chain's date too ({@code subject.birthdate=le1970} in a batch
	 * entry or a conditional url, which read the wrong end: a conditional update's retry got 409; probe 65, P65-M5)
	 * when {@code chainEndsInDate} says its last link is a date parameter (given {@code subject:Patient.birthdate}).
	 */
	static void dayBounded(SearchParameterMap search, java.util.function.Predicate<String> chainEndsInDate) {
		if (search == null) {
			return;
		}
		for (String name : List.copyOf(search.keySet())) {
			List<List<IQueryParameterType>> and = search.get(name);
			boolean changed = false;
			List<List<IQueryParameterType>> bounded = new java.util.ArrayList<>();
			for (List<IQueryParameterType> or : and) {
				refuseWhatTheStoreMisreads(name, or);
				List<IQueryParameterType> values = new java.util.ArrayList<>(or.size());
				for (IQueryParameterType value : or) {
					IQueryParameterType day = value instanceof ReferenceParam reference ? dayBounded(name, reference, chainEndsInDate)
							: dayBounded(value);
					changed |= day != value;
					values.add(day);
				}
				bounded.add(values);
			}
			if (changed) { // the lists HAPI built may not be changed (a batch search answered 500)
				search.put(name, bounded);
			}
		}
	}

	/**
	 * On a parsed search, what the request's own parameters refuse or HAPI's REST binding does: {@code ap}, which the
	 * store does not implement (an export filtered so failed on every poll with 500; probe 65, P65-C1, m1), and a list of
	 * dates to OR, which HAPI's REST binding refuses (HAPI-1930) and an export filter answered with the wrong set
	 * (P65-M3).
	 */
	private static void refuseWhatTheStoreMisreads(String name, List<IQueryParameterType> or) {
		boolean dates = false;
		for (IQueryParameterType value : or) {
			if (value instanceof DateParam date) {
				dates = true;
				if (date.getPrefix() == ParamPrefixEnum.APPROXIMATE) {
					String message = "Search parameter " + name + ": the 'ap' prefix is not supported for dates on this"
							+ " server; search a range with ge and le instead (" + name + "=ge...&" + name + "=le...)";
					throw new InvalidRequestException(message, OperationOutcomes.error(IssueType.NOTSUPPORTED, message, name));
				}
			}
		}
		if (dates && or.size() > 1) {
			String message = "Search parameter " + name + ": a list of dates to OR is not supported on this server; make"
					+ " one search per date, or AND the bounds (" + name + "=ge...&" + name + "=le...)";
			throw new InvalidRequestException(message, OperationOutcomes.error(IssueType.NOTSUPPORTED, message, name));
		}
	}

	/** A chained reference whose last link is a date parameter, with its value bounded (or refused, for ap). */
	private static IQueryParameterType dayBounded(String name, ReferenceParam reference,
			java.util.function.Predicate<String> chainEndsInDate) {
		String chain = reference.getChain();
		String value = reference.getValue();
		if (chain == null || chain.isEmpty() || value == null || !chainEndsInDate.test(name
				+ (reference.getResourceType() == null ? "" : ":" + reference.getResourceType()) + "." + chain)) {
			return reference;
		}
		refuseApproximate(name + "." + chain, new String[] {value});
		String bounded = dayBounded(value);
		return bounded.equals(value) ? reference : new ReferenceParam(reference.getResourceType(), chain, bounded);
	}

	private static IQueryParameterType dayBounded(IQueryParameterType value) {
		if (value instanceof DateParam date && date.getMissing() == null && date.getValue() != null
				&& (date.getPrefix() == ParamPrefixEnum.GREATERTHAN_OR_EQUALS
						|| date.getPrefix() == ParamPrefixEnum.LESSTHAN_OR_EQUALS)
				&& (date.getPrecision() == TemporalPrecisionEnum.YEAR || date.getPrecision() == TemporalPrecisionEnum.MONTH)) {
			return new DateParam(dayBounded(date.getPrefix().getValue() + date.getValueAsString()));
		}
		return value;
	}

	private static void refuseApproximate(String name, String[] values) {
		for (String list : values) {
			for (String value : list.split(",")) {
				if (APPROXIMATE.matcher(value.strip()).matches()) {
					String message = "Search parameter " + name + ": the 'ap' prefix is not supported for dates on this"
							+ " server; search a range with ge and le instead (" + name + "=ge...&" + name + "=le...)";
					throw new InvalidRequestException(message, OperationOutcomes.error(IssueType.NOTSUPPORTED, message, name));
				}
			}
		}
	}

	/** Each value of an OR list: {@code ge2024} as {@code ge2024-01-01}, {@code le2024-02} as {@code le2024-02-29}. */
	static String dayBounded(String list) {
		String[] values = list.split(",", -1);
		for (int i = 0; i < values.length; i++) {
			Matcher partial = PARTIAL.matcher(values[i]);
			if (!partial.matches()) {
				continue;
			}
			int year = Integer.parseInt(partial.group(2));
			boolean ge = partial.group(1).equals("ge");
			if (partial.group(3) == null) {
				values[i] = partial.group(1) + (ge ? year + "-01-01" : year + "-12-31");
				continue;
			}
			int month = Integer.parseInt(partial.group(3));
			if (month < 1 || month > 12) {
				continue; // not a month: HAPI refuses it as it is
			}
			YearMonth period = YearMonth.of(year, month);
			values[i] = partial.group(1) + (ge ? period.atDay(1) : period.atEndOfMonth());
		}
		return String.join(",", values);
	}

	private boolean isDate(String type, String name) {
		RuntimeSearchParam param = searchParams.getActiveSearchParam(type, name, SearchParamLookupContextEnum.SEARCH);
		return param != null && param.getParamType() == RestSearchParameterTypeEnum.DATE;
	}

	/**
	 * Whether a chained name ends in a date parameter: {@code _has:Type:reference:name} on Type, {@code a:Type.name} on
	 * Type, {@code a.name} when every resource type with a parameter of that name makes it a date. A modifier on the
	 * last link ({@code name:missing}) is left alone.
	 */
	private boolean chainEndsInDate(String name) {
		if (name.startsWith("_has:")) {
			String[] parts = name.split(":");
			return parts.length == 4 && isDate(parts[1], parts[3]);
		}
		int dot = name.lastIndexOf('.');
		if (dot < 0) {
			return false;
		}
		String last = name.substring(dot + 1);
		if (last.contains(":")) {
			return false;
		}
		String link = name.substring(0, dot);
		int typed = link.lastIndexOf(':');
		int previous = link.lastIndexOf('.');
		if (typed > previous) {
			return isDate(link.substring(typed + 1), last);
		}
		boolean seen = false;
		for (String type : resourceTypes) {
			RuntimeSearchParam param = searchParams.getActiveSearchParam(type, last, SearchParamLookupContextEnum.SEARCH);
			if (param == null) {
				continue;
			}
			if (param.getParamType() != RestSearchParameterTypeEnum.DATE) {
				return false;
			}
			seen = true;
		}
		return seen;
	}
}
