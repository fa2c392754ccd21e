package org.somaxis.terminology;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import org.hl7.fhir.r4.model.Parameters;

/**
 * {@code $lookup} of a code without a display (the EGRIFTA RxCUIs of our RxNorm fragment) answered a {@code display}
 * parameter without a value, which a Parameters resource may not hold (R4 inv-1: a value, a resource or parts); it is
 * left out.
 */
@Interceptor
public final class LookupAnswers {
	@Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
	public boolean dropValuelessParameters(RequestDetails request, ResponseDetails response) {
		if ("$lookup".equals(request.getOperation()) && response.getResponseResource() instanceof Parameters lookup) {
			lookup.getParameter().removeIf(parameter -> !parameter.hasValue() && !parameter.hasResource()
					&& !parameter.hasPart());
		}
		return true;
	}
}
