package org.somaxis.platform;

import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry.SearchParamLookupContextEnum;
import java.util.Map;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.somaxis.fhir.OperationOutcomes;

/**
 * The {@code ap} (approximately) prefix on a date parameter ({@code Observation?date=ap2026-09-15}), which HAPI 8.8's
 * JPA search does not implement: it answered 400 "Unknown comparator: APPROXIMATE", naming its Java enum. Refused here
 * with 400 {@code not-supported} that says what to send instead. A date at the end of a chain
 * ({@code subject.birthdate=ap1980}) is still HAPI's to refuse.
 */
@Interceptor
public final class ApproximateDates {
	private static final Pattern APPROXIMATE = Pattern.compile("ap[0-9].*");

	private final ISearchParamRegistry searchParams;

	public ApproximateDates(ISearchParamRegistry searchParams) {
		this.searchParams = searchParams;
	}

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLER_SELECTED)
	public void refuse(RequestDetails request) {
		Map<String, String[]> parameters = request.getParameters();
		String type = request.getResourceName();
		if (type == null || parameters == null || request.getId() != null) {
			return;
		}
		for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
			String name = parameter.getKey();
			if (name.contains(".") || name.contains(":")) {
				continue;
			}
			RuntimeSearchParam param = searchParams.getActiveSearchParam(type, name, SearchParamLookupContextEnum.SEARCH);
			if (param == null || param.getParamType() != RestSearchParameterTypeEnum.DATE) {
				continue;
			}
			for (String values : parameter.getValue()) {
				for (String value : values.split(",")) {
					if (APPROXIMATE.matcher(value.strip()).matches()) {
						String message = "Search parameter " + name + ": the 'ap' prefix is not supported for dates on this"
								+ " server; search a range with ge and le instead (" + name + "=ge...&" + name + "=le...)";
						throw new InvalidRequestException(message, OperationOutcomes.error(IssueType.NOTSUPPORTED, message, name));
					}
				}
			}
		}
	}
}
