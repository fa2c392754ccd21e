package org.somaxis.platform;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry.SearchParamLookupContextEnum;
import ca.uhn.fhir.context.RuntimeSearchParam;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.somaxis.fhir.ServerBases;

/**
 * A reference search parameter that names a resource by this server's own base ({@code
 * subject=http://host/fhir/Patient/1}) is searched as the local reference it is ({@code subject=Patient/1}), as writes
 * store it ({@link LocalReferenceInterceptor}). HAPI 8.8 searched it as a reference to another server, found nothing,
 * and kept that empty result in its search cache under a key the relative form shares, so for a while other clients
 * asking {@code subject=Patient/1} got the empty answer too.
 *
 * <p>HAPI's cache key leaves out the base of any absolute reference, so a search naming another server's
 * {@code Patient/1} was answered from the cached results of this server's {@code Patient/1}, another patient's data,
 * and the reverse. Such a search is run afresh and not kept ({@code Cache-Control: no-cache, no-store}, which HAPI
 * honours; it answers without paging links, up to its no-store limit).
 */
@Interceptor
public final class LocalReferenceSearch {
	private final ISearchParamRegistry searchParams;
	private final ServerBases bases;
	private final Set<String> resourceTypes;

	public LocalReferenceSearch(FhirContext fhirContext, ISearchParamRegistry searchParams, ServerBases bases) {
		this.searchParams = searchParams;
		this.bases = bases;
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
		boolean foreign = false;
		for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
			String name = parameter.getKey();
			int modifier = name.indexOf(':');
			String bare = modifier < 0 ? name : name.substring(0, modifier);
			if (bare.indexOf('.') >= 0 || !isReference(type, bare)) {
				continue; // a chain's value is the chained parameter's
			}
			String[] values = parameter.getValue();
			String[] relative = new String[values.length];
			boolean changed = false;
			for (int i = 0; i < values.length; i++) {
				relative[i] = relative(values[i], request.getFhirServerBase());
				changed |= !relative[i].equals(values[i]);
				foreign |= Arrays.stream(relative[i].split(",", -1)).anyMatch(value -> typeStart(value) > 0);
			}
			if (changed) {
				rewritten = rewritten == null ? new HashMap<>(parameters) : rewritten;
				rewritten.put(name, relative);
			}
		}
		if (rewritten != null) {
			request.setParameters(rewritten);
		}
		if (foreign) {
			request.addHeader(Constants.HEADER_CACHE_CONTROL, "no-cache, no-store");
		}
	}

	private boolean isReference(String type, String name) {
		RuntimeSearchParam param = searchParams.getActiveSearchParam(type, name, SearchParamLookupContextEnum.SEARCH);
		return param != null && param.getParamType() == RestSearchParameterTypeEnum.REFERENCE;
	}

	/** Each value of an OR list ({@code a,b}) that names a resource on this server, made relative. */
	private String relative(String list, String ownBase) {
		String[] values = list.split(",", -1);
		for (int i = 0; i < values.length; i++) {
			String value = values[i];
			int type = typeStart(value);
			if (type > 0 && bases.isThisServer(value.substring(0, type - 1), ownBase)) {
				values[i] = value.substring(type);
			}
		}
		return String.join(",", values);
	}

	/** Where {@code Type/id} starts in an absolute {@code base/Type/id[/_history/v]}, or -1. */
	private static int typeStart(String value) {
		if (!value.startsWith("http://") && !value.startsWith("https://")) {
			return -1;
		}
		String path = value.replaceFirst("/_history/[^/]*$", "");
		int idSlash = path.lastIndexOf('/');
		int typeSlash = idSlash <= 0 ? -1 : path.lastIndexOf('/', idSlash - 1);
		return typeSlash < 0 ? -1 : typeSlash + 1;
	}
}
