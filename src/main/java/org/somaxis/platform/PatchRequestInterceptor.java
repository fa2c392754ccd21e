package org.somaxis.platform;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;
import org.somaxis.fhir.OperationOutcomes;

/**
 * A PATCH sent with a FHIR resource content type ({@code application/fhir+json} or {@code +xml}) is a FHIRPath
 * Patch, whose body must be a {@code Parameters} resource. HAPI hands any other resource to its patch method
 * as is and fails with a 500; here it gets 400 saying which patch formats exist.
 */
@Interceptor
public final class PatchRequestInterceptor {
	private final FhirContext fhirContext;

	public PatchRequestInterceptor(FhirContext fhirContext) {
		this.fhirContext = fhirContext;
	}

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
	public void fhirPathPatchBodyIsParameters(RequestDetails request, RestOperationTypeEnum operation) {
		if (operation != RestOperationTypeEnum.PATCH) {
			return;
		}
		EncodingEnum encoding = EncodingEnum.forContentTypeStrict(request.getHeader(Constants.HEADER_CONTENT_TYPE));
		byte[] body = request.loadRequestContents();
		if (encoding == null || body == null || body.length == 0) {
			return;
		}
		IBaseResource resource;
		try {
			resource = encoding.newParser(fhirContext).parseResource(new String(body, StandardCharsets.UTF_8));
		} catch (DataFormatException unparseable) {
			throw refused("The PATCH body is not a FHIR resource: " + unparseable.getMessage());
		}
		if (!(resource instanceof Parameters)) {
			throw refused("A PATCH sent as " + encoding.getResourceContentTypeNonLegacy()
					+ " is a FHIRPath Patch and its body must be a Parameters resource, not "
					+ fhirContext.getResourceType(resource)
					+ "; send a JSON Patch as application/json-patch+json");
		}
	}

	private static InvalidRequestException refused(String message) {
		InvalidRequestException refused = new InvalidRequestException(message);
		refused.setOperationOutcome(OperationOutcomes.error(IssueType.INVALID, message, null));
		return refused;
	}
}
