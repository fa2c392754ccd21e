package org.somaxis.security.smart;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizedList;
import ca.uhn.fhir.rest.server.interceptor.auth.SearchNarrowingInterceptor;

/**
 * Narrows every search of a patient-context token to that patient's compartment ({@code Observation?code=x} becomes
 * {@code Observation?code=x&patient=Patient/123}), so a search without {@code patient=} is narrowed, never widened,
 * and {@code _has} or chained predicates only ever run over the patient's own data.
 */
public final class SmartSearchNarrowing extends SearchNarrowingInterceptor {
	private final SmartRequests requests;

	public SmartSearchNarrowing(SmartRequests requests) {
		this.requests = requests;
	}

	@Override
	protected AuthorizedList buildAuthorizedList(RequestDetails request) {
		SmartAccess access = requests.access(request);
		if (access == null || !access.patientOnly()) {
			return null;
		}
		return new AuthorizedList().addCompartment("Patient/" + access.patientId());
	}
}
