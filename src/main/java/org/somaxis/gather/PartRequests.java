package org.somaxis.gather;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.util.HashMap;
import java.util.Map;

/**
 * The request one read of a gather runs as, when the reads of one request may run on several threads at once
 * ({@link PartRunner}). It is the request itself (its server, HTTP request, token, operation, tenant and interceptors),
 * except that its user data is its own: a copy of the request's user data made before the reads start. HAPI's
 * interceptors keep per-request state there in plain maps (the consent interceptor's "already seen" resources), which
 * two threads must not write at once. What the request's interceptors decided before the reads (the consent
 * interceptor's "authorized") is in the copy; what a read adds stays with that read.
 */
final class PartRequests {
	private PartRequests() {
	}

	/** Whether {@link #of} can copy this kind of request (otherwise its reads run one after the other, as itself). */
	static boolean copyable(RequestDetails request) {
		return request.getClass() == ServletRequestDetails.class || request.getClass() == SystemRequestDetails.class;
	}

	/** A request of its own for one read, or null when the kind of request cannot be copied (then run it alone). */
	static RequestDetails of(RequestDetails request) {
		Map<Object, Object> userData = new HashMap<>(request.getUserData());
		if (request.getClass() == ServletRequestDetails.class) {
			return new ServletRequestDetails((ServletRequestDetails) request) {
				@Override
				public Map<Object, Object> getUserData() {
					return userData;
				}
			};
		}
		if (request.getClass() == SystemRequestDetails.class) {
			return new SystemRequestDetails((SystemRequestDetails) request) {
				@Override
				public Map<Object, Object> getUserData() {
					return userData;
				}
			};
		}
		return null;
	}
}
