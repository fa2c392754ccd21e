package org.somaxis.terminology;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Parameters;
import org.somaxis.fhir.OperationInput;
import org.somaxis.fhir.OperationOutcomes;

/**
 * {@code $lookup} of a code without a display (the EGRIFTA RxCUIs of our RxNorm fragment) answered a {@code display}
 * parameter without a value, which a Parameters resource may not hold (R4 inv-1: a value, a resource or parts); it is
 * left out. And a code the system does not hold answers 404 naming the code and the system asked for: HAPI said
 * "Unable to find code[null] in system[null]" whatever was asked.
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

	/** Runs before the interceptor that answers every 4xx as it is. */
	@Hook(value = Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION, order = -100)
	public BaseServerResponseException unknownCode(RequestDetails request, Throwable exception) {
		// on a stored CodeSystem (CodeSystem/{id}/$lookup) a 404 may be that the CodeSystem is not known: HAPI's words
		if (!(exception instanceof ResourceNotFoundException) || !"$lookup".equals(request.getOperation())
				|| request.getId() != null && request.getId().hasIdPart()) {
			return null;
		}
		Parameters asked = OperationInput.of(request);
		if (asked == null) {
			return null;
		}
		Coding coding = asked.getParameter().stream()
				.filter(parameter -> "coding".equals(parameter.getName()) && parameter.getValue() instanceof Coding)
				.map(parameter -> (Coding) parameter.getValue())
				.findFirst()
				.orElseGet(() -> new Coding(OperationInput.first(asked, "system"), OperationInput.first(asked, "code"), null));
		String message = "Code '" + coding.getCode() + "' is not known in "
				+ (coding.hasSystem() ? "code system " + coding.getSystem() : "any code system (no system was given)");
		return OperationOutcomes.notKnown(message);
	}
}
