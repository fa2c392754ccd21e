package org.somaxis.platform;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import jakarta.servlet.http.HttpServletResponse;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * A write's answer as R4's http page gives it, where HAPI leaves a header out (probe 48, S-m3):
 * <ul>
 *   <li>an update that created the resource (201) carries {@code Location}, the new version's URL, as a create does;
 *       HAPI sent only {@code Content-Location};
 *   <li>a patch carries the new version's {@code ETag} ({@code W/"3"}), as an update does, so that the next
 *       {@code If-Match} can be sent without parsing a URL.
 * </ul>
 * Both when the answer holds the resource (HAPI's default, {@code Prefer: return=representation}); with
 * {@code return=minimal} the version stays in {@code Content-Location}.
 */
@Interceptor
public final class WriteAnswers {

	@Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
	public boolean withTheirHeaders(RequestDetails request, ResponseDetails response, HttpServletResponse servlet) {
		IBaseResource resource = response.getResponseResource();
		if (servlet == null || resource == null || resource.getIdElement() == null
				|| !resource.getIdElement().hasVersionIdPart() && resource.getMeta().getVersionId() == null) {
			return true;
		}
		String version = resource.getIdElement().hasVersionIdPart() ? resource.getIdElement().getVersionIdPart()
				: resource.getMeta().getVersionId();
		RestOperationTypeEnum operation = request.getRestOperationType();
		if (operation == RestOperationTypeEnum.UPDATE && response.getResponseCode() == Constants.STATUS_HTTP_201_CREATED
				&& servlet.getHeader(Constants.HEADER_LOCATION) == null) {
			servlet.addHeader(Constants.HEADER_LOCATION, request.getFhirServerBase() + "/"
					+ resource.getIdElement().getResourceType() + "/" + resource.getIdElement().getIdPart()
					+ "/_history/" + version);
		}
		if (operation == RestOperationTypeEnum.PATCH && servlet.getHeader(Constants.HEADER_ETAG) == null) {
			servlet.addHeader(Constants.HEADER_ETAG, "W/\"" + version + "\"");
		}
		return true;
	}
}
