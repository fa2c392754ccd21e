package org.somaxis.security.smart;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizedList;
import ca.uhn.fhir.rest.server.interceptor.auth.SearchNarrowingInterceptor;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Narrows every search of a patient-context token to that patient's compartment ({@code Observation?code=x} becomes
 * {@code Observation?code=x&patient=Patient/123}), so a search without {@code patient=} is narrowed, never widened,
 * and {@code _has} or chained predicates only ever run over the patient's own data.
 *
 * <p>The searches inside conditional writes are narrowed the same way: the {@code If-None-Exist} criteria of a
 * conditional create, the URL of a conditional update, patch or delete, and the same inside transaction and batch
 * entries. A match among another patient's data is then no match: the create goes ahead and is judged as any create
 * (stored if it is the token's patient's data, 403 if not), exactly as when nothing matched. Without this, HAPI answers
 * a conditional create that matches another patient's resource with 200 and that resource's id in
 * {@code Location}, before any write check runs.
 */
public final class SmartSearchNarrowing extends SearchNarrowingInterceptor {
	private final SmartRequests requests;

	public SmartSearchNarrowing(SmartRequests requests) {
		this.requests = requests;
		setNarrowConditionalUrls(true);
	}

	@Override
	protected AuthorizedList buildAuthorizedList(RequestDetails request) {
		SmartAccess access = requests.access(request);
		if (access == null || !access.patientOnly()) {
			return null;
		}
		return new AuthorizedList().addCompartment("Patient/" + access.patientId());
	}

	/**
	 * HAPI 8.8 narrows a transaction or batch GET entry's URL as a search even when it names one resource: a read of
	 * {@code Observation/123} became {@code Observation?patient=Patient/A}, so the entry answered a searchset of the
	 * patient's Observations instead of the resource asked for (or, for another patient's resource, instead of a 404).
	 * Plain reads ({@code Type/id}, {@code Type/id?_elements=...}) are kept out of that narrowing; {@link SmartEnforcement} has already checked that
	 * the token may see each of them, or refused the Bundle. (HAPI calls this hook through the annotated method it
	 * overrides.)
	 */
	@Override
	public void hookIncomingRequestPreHandled(ServletRequestDetails request, HttpServletRequest servletRequest,
			HttpServletResponse servletResponse) {
		List<Bundle.BundleEntryRequestComponent> instanceReads = new ArrayList<>();
		if (request.getResource() instanceof Bundle bundle) {
			for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
				Bundle.BundleEntryRequestComponent entryRequest = entry.getRequest();
				if (entryRequest.getMethod() == Bundle.HTTPVerb.GET && isRead(entryRequest.getUrl())) {
					instanceReads.add(entryRequest);
				}
			}
		}
		instanceReads.forEach(entryRequest -> entryRequest.setMethod(null));
		try {
			super.hookIncomingRequestPreHandled(request, servletRequest, servletResponse);
		} finally {
			instanceReads.forEach(entryRequest -> entryRequest.setMethod(Bundle.HTTPVerb.GET));
		}
	}

	/**
	 * {@code Type/id}, with a trailing slash or a query ({@code _elements}, {@code _summary}) too; not a version or
	 * history ({@code _history}), whose older versions only the consent check could judge, and not an operation.
	 */
	private static boolean isRead(String url) {
		if (url == null) {
			return false;
		}
		String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
		return path.matches("/?[A-Z][A-Za-z]+/[A-Za-z0-9\\-.]{1,64}/?");
	}
}
