package org.somaxis.platform;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A read or vread with {@code _summary=text} answers the resource with only its text, id, meta and mandatory
 * top-level elements, tagged SUBSETTED, as FHIR defines it and as a search with {@code _summary=text} already answers.
 * HAPI 8.8 answered a read with the narrative's XHTML as {@code text/html}, and with the word {@code null} for a
 * resource without narrative. The read is given HAPI's {@code _elements} of the same meaning instead
 * ({@code text,(mandatory)}); one that also names {@code _elements} is left as it is.
 */
@Interceptor
public final class SummaryTextRead {
	private static final String[] TEXT = {"text"};

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLER_SELECTED)
	public void asElements(RequestDetails request) {
		Map<String, String[]> parameters = request.getParameters();
		if (parameters == null || !Arrays.equals(parameters.get(Constants.PARAM_SUMMARY), TEXT)
				|| parameters.containsKey(Constants.PARAM_ELEMENTS) || request.getRequestType() != RequestTypeEnum.GET
				|| request.getId() == null || !request.getId().hasIdPart() || request.getOperation() != null
				|| request.getCompartmentName() != null) {
			return;
		}
		Map<String, String[]> elements = new HashMap<>(parameters);
		elements.remove(Constants.PARAM_SUMMARY);
		elements.put(Constants.PARAM_ELEMENTS, new String[] {"text,(mandatory)"});
		request.setParameters(elements);
	}
}
