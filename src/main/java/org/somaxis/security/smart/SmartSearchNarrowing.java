package org.somaxis.security.smart;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizedList;
import ca.uhn.fhir.rest.server.interceptor.auth.SearchNarrowingInterceptor;

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
}
