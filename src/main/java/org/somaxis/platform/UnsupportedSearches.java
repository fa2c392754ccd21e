package org.somaxis.platform;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.MethodNotAllowedException;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry.SearchParamLookupContextEnum;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.somaxis.fhir.OperationOutcomes;
import org.somaxis.fhir.SearchParamPaths;

/**
 * Searches HAPI's JPA store answers with wrong results, refused with 400 {@code not-supported} instead of answered:
 *
 * <ul>
 *   <li>a composite parameter over an element that repeats ({@code Observation?component-code-value-quantity=
 *       http://loinc.org|8462-4$gt140}, a diastolic pressure above 140): HAPI matches each part against every repetition
 *       on its own, so a blood pressure of 142/91 was found for "diastolic above 140", its systolic meeting the value
 *       (probe 48, S-C3); so is one whose parts may come from different elements ({@code combo-code-value-quantity},
 *       the Observation's code or a component's). Such parameters are also left out of the CapabilityStatement.
 *       Composites over one element ({@code code-value-quantity}: the Observation's code and value) are searched;
 *   <li>{@code :below} and {@code :above} on a token ({@code Condition?code:below=http://hl7.org/fhir/sid/icd-10-cm|E11}):
 *       subsumption needs the code system's hierarchy, which the server does not hold for SNOMED CT, ICD-10-CM or LOINC
 *       (it holds fragments), and HAPI answered an empty result, even for a resource coded with exactly the code. A
 *       client cannot tell that from "no such patients" (probe 48, S-M1). {@code :in} a ValueSet does the same job;
 *   <li>{@code :text} on an identifier parameter ({@code Patient?identifier:text=MRN}): HAPI indexes no identifier's
 *       type text and found nothing (probe 63, P63-m10).
 * </ul>
 *
 * A parameter at the end of a chain ({@code subject:Patient.x}) is still HAPI's to answer. The search features HAPI
 * has switched off here ({@code :contains}, {@code :of-type}, {@code _contained}) are 400 {@code not-supported} too:
 * HAPI answered 405 Method Not Allowed, which tells a client the HTTP method is wrong (probe 48, S-m1).
 */
@Interceptor
public final class UnsupportedSearches {
	private final FhirContext fhirContext;
	private final ISearchParamRegistry searchParams;

	public UnsupportedSearches(FhirContext fhirContext, ISearchParamRegistry searchParams) {
		this.fhirContext = fhirContext;
		this.searchParams = searchParams;
	}

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLER_SELECTED)
	public void refuse(RequestDetails request) {
		Map<String, String[]> parameters = request.getParameters();
		String type = request.getResourceName();
		if (type == null || parameters == null || request.getId() != null || !fhirContext.getResourceTypes().contains(type)) {
			return;
		}
		for (String key : parameters.keySet()) {
			if (key.contains(".")) {
				continue;
			}
			int colon = key.indexOf(':');
			String name = colon < 0 ? key : key.substring(0, colon);
			String modifier = colon < 0 ? "" : key.substring(colon);
			RuntimeSearchParam param = searchParams.getActiveSearchParam(type, name, SearchParamLookupContextEnum.SEARCH);
			if (param == null) {
				continue;
			}
			if (param.getParamType() == RestSearchParameterTypeEnum.COMPOSITE && crossesRepetitions(param)) {
				throw refused(key, "Search parameter " + name + " is not supported on this server: its parts would each be"
						+ " matched against a different " + repeating(param) + ", not one, giving wrong results; search "
						+ "by code (and filter by value) instead");
			}
			if (param.getParamType() == RestSearchParameterTypeEnum.TOKEN
					&& (modifier.equals(":below") || modifier.equals(":above"))) {
				throw refused(key, "The " + modifier + " modifier is not supported on token parameters here: the server holds"
						+ " no code system's hierarchy to find the codes " + modifier.substring(1) + " a code; search with :in and"
						+ " a ValueSet, or list the codes (" + name + "=system|code1,system|code2)");
			}
			if (param.getParamType() == RestSearchParameterTypeEnum.TOKEN && modifier.equals(":text")
					&& SearchParamPaths.elementTypes(fhirContext, type, param).map(Set.of("Identifier")::equals).orElse(false)) {
				// HAPI indexes no Identifier.type text, and found nothing, silently (probe 63, P63-m10)
				throw refused(key, "The :text modifier is not supported on identifier parameters here: the server does not"
						+ " index an identifier's type text; search by the identifier's value (" + name + "=value or "
						+ name + "=system|value)");
			}
		}
	}

	/** Runs before {@link InternalErrorInterceptor}, whose hook would otherwise answer first. */
	@Hook(value = Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION, order = -100)
	public BaseServerResponseException switchedOffFeature(RequestDetails request, Throwable exception) {
		if (!(exception instanceof MethodNotAllowedException notAllowed) || request == null
				|| (request.getRestOperationType() != RestOperationTypeEnum.SEARCH_TYPE
						&& request.getRestOperationType() != RestOperationTypeEnum.SEARCH_SYSTEM)) {
			return null;
		}
		return refused(null, notAllowed.getMessage());
	}

	@Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
	public void leaveOut(IBaseConformance capabilityStatement) {
		if (capabilityStatement instanceof CapabilityStatement statement) {
			for (CapabilityStatement.CapabilityStatementRestComponent rest : statement.getRest()) {
				for (CapabilityStatement.CapabilityStatementRestResourceComponent resource : rest.getResource()) {
					resource.getSearchParam().removeIf(declared -> {
						RuntimeSearchParam param = searchParams.getActiveSearchParam(resource.getType(), declared.getName(),
								SearchParamLookupContextEnum.SEARCH);
						return param != null && param.getParamType() == RestSearchParameterTypeEnum.COMPOSITE
								&& crossesRepetitions(param);
					});
				}
			}
		}
	}

	/**
	 * Whether a composite's parts may be matched in different elements: its path has several alternatives
	 * ({@code Observation | Observation.component}), or its element repeats ({@code Observation.component}).
	 */
	boolean crossesRepetitions(RuntimeSearchParam param) {
		return repeating(param) != null;
	}

	/** The repeating element (or "element") a composite's parts may be matched in separately; null when none. */
	private String repeating(RuntimeSearchParam param) {
		String path = param.getPath() == null ? "" : param.getPath().strip();
		if (path.contains("|")) {
			return "element";
		}
		String[] steps = path.split("\\.");
		if (steps.length < 2 || !fhirContext.getResourceTypes().contains(steps[0])) {
			return null;
		}
		BaseRuntimeElementDefinition<?> definition = fhirContext.getResourceDefinition(steps[0]);
		for (int i = 1; i < steps.length; i++) {
			if (!(definition instanceof BaseRuntimeElementCompositeDefinition<?> composite)) {
				return null;
			}
			BaseRuntimeChildDefinition child = composite.getChildByName(steps[i]);
			if (child == null) {
				return null;
			}
			if (child.getMax() != 1) {
				return steps[i];
			}
			definition = child.getChildByName(steps[i]);
		}
		return null;
	}

	private static InvalidRequestException refused(String parameter, String message) {
		return new InvalidRequestException(message, OperationOutcomes.error(IssueType.NOTSUPPORTED, message, parameter));
	}
}
