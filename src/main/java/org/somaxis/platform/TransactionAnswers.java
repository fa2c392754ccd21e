package org.somaxis.platform;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;

/**
 * A transaction's or batch's answer as FHIR shows it:
 * <ul>
 *   <li>without the id HAPI gives the response Bundle, from which HAPI's server made a {@code Location} and a
 *       {@code Content-Location} of {@code Bundle/<id>} that answered 404: a transaction response is not stored;
 *   <li>each entry's {@code etag} a weak ETag, {@code W/"1"}, as a read's ETag header and a history entry give it; HAPI
 *       wrote {@code "1"}.
 * </ul>
 */
@Interceptor
public final class TransactionAnswers {
	private static final Pattern VERSION = Pattern.compile("[0-9]{1,18}");

	@Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
	public boolean asFhirShowsThem(RequestDetails request, ResponseDetails response) {
		RestOperationTypeEnum operation = request.getRestOperationType();
		if ((operation != RestOperationTypeEnum.TRANSACTION && operation != RestOperationTypeEnum.BATCH)
				|| !(response.getResponseResource() instanceof Bundle answer)) {
			return true;
		}
		answer.setIdElement(null);
		for (Bundle.BundleEntryComponent entry : answer.getEntry()) {
			String etag = entry.getResponse().getEtag();
			if (etag != null && VERSION.matcher(etag).matches()) {
				entry.getResponse().setEtag("W/\"" + etag + "\"");
			}
		}
		return true;
	}
}
