package org.somaxis.platform;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.Arrays;
import java.util.Map;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;
import org.somaxis.fhir.OperationInput;
import org.somaxis.fhir.OperationOutcomes;

/**
 * The inputs of {@code Patient/$everything} that HAPI 8.8 takes and then does not apply (hapi-fhir issue 8039):
 * {@code _since} and {@code _lastUpdated} (a delta sync got the whole compartment on every poll), R4's
 * {@code start} and {@code end} (an app asking for a period of care got every date), and {@code _elements} (applied to
 * the Patient only). Each is refused with 400
 * {@code not-supported} rather than answered as if it had been applied. A {@code _type} naming no resource type is a
 * 400, not HAPI's 404 (the Patient exists; the request is what is wrong). And {@code _count=0} or {@code _summary=count},
 * which ask for the total only, are refused with 400 {@code not-supported} in open mode: HAPI's total for
 * {@code _count=0} counted most of the database (1,122 for a patient with 4 resources), and for {@code _summary=count}
 * it gave none once the patient had more than a page of resources (probe 48, S-M3), and it would count another
 * patient's data that {@link EverythingCompartment} leaves out. Smart mode answers no totals at all; there
 * {@code _count=0} is left to HAPI (an empty page).
 */
@Interceptor
public final class EverythingParameters {
	/** Each input that is not applied, with what the client can do instead. */
	private static final Map<String, String> NOT_APPLIED = Map.of(
			"_since", "search each type with _lastUpdated=ge<instant> and patient=<id> instead",
			"_lastUpdated", "search each type with _lastUpdated and patient=<id> instead",
			"start", "search each type by its date parameter and patient=<id> instead",
			"end", "search each type by its date parameter and patient=<id> instead",
			// HAPI applied it to the Patient entry only, and returned every other resource whole, unmarked (probe 48, S-m6)
			"_elements", "search each type with _elements and patient=<id> instead");

	private final FhirContext context;
	private final boolean totals;

	/**
	 * @param totals whether searches answer totals: not in smart mode, where HAPI's consent interceptor removes them and
	 *     refuses {@code _summary=count}, so {@code _count=0} is left to HAPI there
	 */
	public EverythingParameters(FhirContext context, boolean totals) {
		this.context = context;
		this.totals = totals;
	}

	/** Before the operation's inputs are bound. */
	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLER_SELECTED)
	public void countOnly(RequestDetails request) {
		Map<String, String[]> parameters = request.getParameters();
		if (!totals || !"$everything".equals(request.getOperation()) || parameters == null) {
			return;
		}
		String parameter = Arrays.equals(parameters.get(Constants.PARAM_COUNT), new String[] {"0"}) ? Constants.PARAM_COUNT
				: Arrays.asList(parameters.getOrDefault(Constants.PARAM_SUMMARY, new String[0])).contains("count")
						? Constants.PARAM_SUMMARY : null;
		if (parameter != null) {
			String message = "Patient/$everything does not count the patient's resources on this server: count each type"
					+ " with [type]?patient=<id>&_summary=count instead";
			throw new InvalidRequestException(message, OperationOutcomes.error(IssueType.NOTSUPPORTED, message, parameter));
		}
	}

	/**
	 * An unknown patient (or encounter): HAPI's 404 said "Resource [[TokenParam[system=,value=x]]] is not known", the
	 * text of its Java objects. Runs before the interceptor that answers every 4xx as it is.
	 */
	@Hook(value = Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION, order = -100)
	public BaseServerResponseException unknownPatient(RequestDetails request, Throwable exception) {
		if (!(exception instanceof ResourceNotFoundException) || !"$everything".equals(request.getOperation())
				|| request.getId() == null || !request.getId().hasIdPart()) {
			return null;
		}
		return OperationOutcomes.notKnown(request.getResourceName(), request.getId().getIdPart()); // Patient/x, Encounter/x
	}

	/** After HAPI has parsed the body (a POSTed Parameters): also for a batch entry. */
	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
	public void check(RequestDetails request) {
		if (!"$everything".equals(request.getOperation()) || !"Patient".equals(request.getResourceName())) {
			return;
		}
		Parameters input = OperationInput.of(request);
		if (input == null) {
			return; // a body HAPI could not read: its own 400
		}
		for (Parameters.ParametersParameterComponent parameter : input.getParameter()) {
			String name = parameter.getName();
			if (NOT_APPLIED.containsKey(name)) {
				String message = "Patient/$everything does not apply '" + name + "' on this server (it would return"
						+ " every resource as if it had not been given): " + NOT_APPLIED.get(name);
				throw new InvalidRequestException(message, OperationOutcomes.error(IssueType.NOTSUPPORTED, message, name));
			}
			if ("_type".equals(name) && parameter.getValue() != null) {
				for (String type : String.valueOf(parameter.getValue().primitiveValue()).split(",")) {
					if (!type.isBlank() && !context.getResourceTypes().contains(type.trim())) {
						String message = "_type '" + type.trim() + "' is not a FHIR R4 resource type";
						throw new InvalidRequestException(message, OperationOutcomes.error(IssueType.INVALID, message, "_type"));
					}
				}
			}
		}
	}
}
