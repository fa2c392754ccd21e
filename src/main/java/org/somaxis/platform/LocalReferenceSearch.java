package org.somaxis.platform;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.model.api.IQueryParameterType;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.util.ICachedSearchDetails;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry.SearchParamLookupContextEnum;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.somaxis.fhir.SearchParamPaths;

/**
 * Reference search parameters and this server's search cache.
 *
 * <ul>
 *   <li>A reference parameter (without a modifier, or with a resource type's) that names a resource by this server's
 *       own base ({@code subject=http://host/fhir/Patient/1}) is searched as the local reference it is ({@code
 *       subject=Patient/1}), as writes store it ({@link LocalReferenceInterceptor}). HAPI 8.8 searched it as a
 *       reference to another server and found nothing. A parameter whose element is a {@code canonical} is left
 *       alone: HAPI indexes canonicals by their URL.
 *   <li>A search with an absolute reference left in it (another server's, or this server's inside a batch entry, which
 *       this rewrite does not reach) is neither answered from HAPI's cache of earlier searches nor kept in it: HAPI's
 *       cache key leaves out a reference's base, so another server's {@code Patient/1} was answered with this server's
 *       {@code Patient/1} data, and the reverse.
 * </ul>
 */
@Interceptor
public final class LocalReferenceSearch {
	private final FhirContext fhirContext;
	private final ISearchParamRegistry searchParams;
	private final LocalReferenceInterceptor writes;
	private final Set<String> resourceTypes;

	/** @param writes what makes a written reference local; a searched one is made local the same way */
	public LocalReferenceSearch(FhirContext fhirContext, ISearchParamRegistry searchParams, LocalReferenceInterceptor writes) {
		this.fhirContext = fhirContext;
		this.searchParams = searchParams;
		this.writes = writes;
		this.resourceTypes = Set.copyOf(fhirContext.getResourceTypes());
	}

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLER_SELECTED)
	public void relativeOwnReferences(RequestDetails request) {
		String type = request.getResourceName();
		Map<String, String[]> parameters = request.getParameters();
		if (type == null || parameters == null || parameters.isEmpty() || !resourceTypes.contains(type)) {
			return;
		}
		Map<String, String[]> rewritten = null;
		for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
			String name = parameter.getKey();
			int colon = name.indexOf(':');
			String bare = colon < 0 ? name : name.substring(0, colon);
			String modifier = colon < 0 ? null : name.substring(colon + 1);
			if (modifier != null && !resourceTypes.contains(modifier)) {
				continue; // :identifier, :missing, a chain: their values are no references to rewrite
			}
			RuntimeSearchParam param = searchParams.getActiveSearchParam(type, bare, SearchParamLookupContextEnum.SEARCH);
			if (param == null || param.getParamType() != RestSearchParameterTypeEnum.REFERENCE || !referencesOnly(type, param)) {
				continue;
			}
			String[] values = parameter.getValue();
			String[] relative = new String[values.length];
			boolean changed = false;
			for (int i = 0; i < values.length; i++) {
				relative[i] = relative(values[i], request.getFhirServerBase());
				changed |= !relative[i].equals(values[i]);
			}
			if (changed) {
				rewritten = rewritten == null ? new HashMap<>(parameters) : rewritten;
				rewritten.put(name, relative);
			}
		}
		if (rewritten != null) {
			request.setParameters(rewritten);
		}
	}

	@Hook(Pointcut.STORAGE_PRECHECK_FOR_CACHED_SEARCH)
	public boolean mayReuse(SearchParameterMap search) {
		return !hasAbsoluteReference(search);
	}

	@Hook(Pointcut.STORAGE_PRESEARCH_REGISTERED)
	public void mayBeReused(ICachedSearchDetails cached, SearchParameterMap search) {
		if (hasAbsoluteReference(search)) {
			cached.setCannotBeReused();
		}
	}

	private static boolean hasAbsoluteReference(SearchParameterMap search) {
		if (search == null) {
			return false;
		}
		for (List<List<IQueryParameterType>> and : search.values()) {
			for (List<IQueryParameterType> or : and) {
				for (IQueryParameterType value : or) {
					if (value instanceof ReferenceParam reference && reference.getValue() != null
							&& reference.getValue().contains("://")) {
						return true;
					}
				}
			}
		}
		return false;
	}

	/** Whether every element the parameter's paths name is a Reference (not a canonical), as far as they resolve. */
	private boolean referencesOnly(String type, RuntimeSearchParam param) {
		// a canonical, or a path that names no plain element: left alone
		return SearchParamPaths.elementTypes(fhirContext, type, param).map(types -> types.equals(Set.of("Reference")))
				.orElse(false);
	}

	/** Each value of an OR list ({@code a,b}) that names a resource on this server, made relative. */
	private String relative(String list, String ownBase) {
		String[] values = list.split(",", -1);
		for (int i = 0; i < values.length; i++) {
			String local = writes.local(values[i], ownBase);
			values[i] = local == null ? values[i] : local;
		}
		return String.join(",", values);
	}
}
