package org.somaxis.platform;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;

/**
 * A search asked with {@code _summary} keeps it on its other pages. HAPI 8.8 carries {@code _elements} into its paging
 * links but not {@code _summary}: the next page of {@code _summary=true} held whole resources, without the SUBSETTED
 * tag. The paging links of a searchset answer get the request's {@code _summary}, which HAPI honours on a page request.
 */
@Interceptor
public final class SummaryPaging {

	@Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
	public boolean keepSummary(RequestDetails request, IBaseResource response) {
		String[] summary = request.getParameters() == null ? null : request.getParameters().get(Constants.PARAM_SUMMARY);
		if (summary == null || summary.length != 1 || !(response instanceof Bundle bundle)
				|| bundle.getType() != Bundle.BundleType.SEARCHSET) {
			return true;
		}
		String parameter = Constants.PARAM_SUMMARY + "=" + URLEncoder.encode(summary[0], StandardCharsets.UTF_8);
		for (Bundle.BundleLinkComponent link : bundle.getLink()) {
			String url = link.getUrl();
			if (url != null && url.contains(Constants.PARAM_PAGINGACTION + "=") && !url.contains(Constants.PARAM_SUMMARY + "=")) {
				link.setUrl(url + (url.contains("?") ? "&" : "?") + parameter);
			}
		}
		return true;
	}
}
