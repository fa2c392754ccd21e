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
	private static final String CONTAINED = "contained";

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
		containedGetsResources((Parameters) resource);
	}

	/**
	 * An operation that puts a value into {@code contained} (its name, or the end of its path) must give a resource:
	 * HAPI 8.8's FhirPatch checks the type of other list elements, but puts a {@code valueString} into
	 * {@code contained} as it is, and the resource then fails unchecked wherever it is read.
	 */
	static void containedGetsResources(Parameters patch) {
		for (Parameters.ParametersParameterComponent operation : patch.getParameter()) {
			String type = part(operation, "type");
			String name = part(operation, "name");
			String path = part(operation, "path");
			boolean intoContained = ("add".equals(type) && CONTAINED.equals(name))
					|| (("insert".equals(type) || "replace".equals(type)) && path != null && path.endsWith("." + CONTAINED));
			boolean valueIsNoResource = operation.getPart().stream()
					.anyMatch(part -> "value".equals(part.getName()) && part.getResource() == null);
			if (intoContained && valueIsNoResource) {
				throw refused("A FHIRPath Patch operation that adds to contained must give a resource as its value"
						+ " (part 'value' with a 'resource'), not a datatype");
			}
		}
	}

	/** The primitive value of an operation's part, or null. */
	private static String part(Parameters.ParametersParameterComponent operation, String name) {
		return operation.getPart().stream()
				.filter(part -> name.equals(part.getName()) && part.getValue() != null)
				.map(part -> part.getValue().primitiveValue())
				.findFirst()
				.orElse(null);
	}

	private static InvalidRequestException refused(String message) {
		InvalidRequestException refused = new InvalidRequestException(message);
		refused.setOperationOutcome(OperationOutcomes.error(IssueType.INVALID, message, null));
		return refused;
	}
}
