package org.somaxis.operation;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;

/**
 * Rejects a malformed {@code evaluationDate} in the query string of {@code $evaluate} with a 400 (HAPI would bind it
 * into a DateType and fail with a DataFormatException, which surfaces as a 500), and any input given more than once,
 * in the URL or in the body (HAPI bound one copy of a repeated {@code data} and dropped the other unseen), and any
 * input the operation does not have (HAPI ignores it: a misspelt {@code draftOrder} made the drafts vanish unseen, and
 * the guidance passed for complete). The FHIR parameters of every interaction ({@code _format}, {@code _pretty}, ...)
 * pass in the URL.
 */
@Interceptor
public final class EvaluateParameterCheck {
	/**
	 * The inputs of each {@code $evaluate}, by the resource type it runs on (none: the system level), as their
	 * OperationDefinitions in {@code profiles/} declare them (a test holds the two together).
	 */
	static final Map<String, List<String>> INPUTS = Map.of(
			"", List.of("data", "hook", "draftOrders", "evaluationDate"),
			"Patient", List.of("hook", "draftOrders", "evaluationDate"),
			"Observation", List.of("evaluationDate"));

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
	public boolean checkQueryParameters(RequestDetails request) {
		if (!"$evaluate".equals(request.getOperation()) || request.getParameters() == null) {
			return true;
		}
		// every input of the $evaluate operations is max 1 (OperationDefinitions evaluate, patient-evaluate,
		// observation-evaluate); HAPI bound one copy of a repeated input and dropped the other unseen
		request.getParameters().forEach((name, values) -> {
			if (!name.startsWith("_")) {
				known(request, name);
			}
			onlyOnce(name, values.length);
		});
		String[] dates = request.getParameters().get("evaluationDate");
		if (dates != null) {
			for (String date : dates) {
				Evaluation.requireDay(parse(date));
			}
		}
		return true;
	}

	/**
	 * The same for a POSTed body, once HAPI has parsed it: HAPI 8.8's operation binding keeps the parsed Parameters in
	 * the request's user data, so the body is not parsed a second time (an inline {@code data} Bundle can be large).
	 */
	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
	public void checkBody(RequestDetails request) {
		Parameters body = parsedBody(request);
		if (!"$evaluate".equals(request.getOperation()) || body == null) {
			return;
		}
		if (body.getParameter().stream().anyMatch(parameter -> parameter.getName() == null
				|| parameter.getName().isBlank())) {
			throw OperationErrors.badRequest(IssueType.REQUIRED, "Every parameter of $evaluate's Parameters needs a"
					+ " name", "Parameters.parameter.name");
		}
		body.getParameter().forEach(parameter -> known(request, parameter.getName()));
		body.getParameter().stream()
				.collect(Collectors.groupingBy(parameter -> String.valueOf(parameter.getName()), Collectors.counting()))
				.forEach((name, count) -> onlyOnce(name, count));
	}

	/** The POSTed Parameters HAPI parsed for the operation's binding (kept in the request's user data), or null. */
	private static Parameters parsedBody(RequestDetails request) {
		for (Object value : request.getUserData().values()) {
			if (value instanceof Parameters body) {
				return body;
			}
		}
		return null;
	}

	/**
	 * A POSTed {@code evaluationDate} that is not a {@code valueDate} ({@code valueDateTime}, {@code valueString}):
	 * HAPI's binding refuses it before the operation runs, with a 400 that names its Java classes ("DateTimeType but
	 * method expects type DateType"). This answer names the parameter, the type it takes and the one it was given. The
	 * body is the one HAPI parsed for the binding; any other failure is left as it is. ({@code hook} as a
	 * {@code valueString} is bound as the code it holds, so it needs no such answer.) Runs before the {@code platform}
	 * interceptor that answers every 4xx as it is.
	 */
	@Hook(value = Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION, order = -100)
	public BaseServerResponseException evaluationDateOfAnotherType(RequestDetails request, Throwable exception) {
		Parameters body = parsedBody(request);
		if (!"$evaluate".equals(request.getOperation()) || !(exception instanceof InvalidRequestException) || body == null) {
			return null;
		}
		for (int i = 0; i < body.getParameter().size(); i++) {
			Parameters.ParametersParameterComponent parameter = body.getParameter().get(i);
			// HAPI binds an evaluationDate without a value as none, so that one is no binding failure
			if ("evaluationDate".equals(parameter.getName()) && (parameter.hasResource()
					|| parameter.getValue() != null && !(parameter.getValue() instanceof DateType))) {
				String given = parameter.hasResource() ? "a " + parameter.getResource().fhirType() + " resource"
						: "value" + capitalised(parameter.getValue().fhirType());
				return OperationErrors.badRequest(IssueType.INVALID, "$evaluate's 'evaluationDate' takes valueDate"
						+ " (YYYY-MM-DD); it was given " + given, "Parameters.parameter[" + i + "]");
			}
		}
		return null;
	}

	private static String capitalised(String type) {
		return Character.toUpperCase(type.charAt(0)) + type.substring(1);
	}

	private static void known(RequestDetails request, String name) {
		List<String> inputs = INPUTS.getOrDefault(request.getResourceName() == null ? "" : request.getResourceName(), List.of());
		if (!inputs.contains(name)) {
			throw OperationErrors.badRequest(IssueType.NOTSUPPORTED, "$evaluate" + (request.getResourceName() == null ? ""
					: " on " + request.getResourceName()) + " has no input '" + name + "'; its inputs are "
					+ String.join(", ", inputs), name);
		}
	}

	private static void onlyOnce(String name, long count) {
		if (count > 1) {
			throw OperationErrors.badRequest(IssueType.INVALID,
					"$evaluate takes at most one '" + name + "' (it was given " + count + " times)", name);
		}
	}

	private static DateType parse(String text) {
		if (text.contains("T")) {
			// HAPI's DateType refuses a time with an IllegalArgumentException, not a DataFormatException
			throw OperationErrors.badRequest(IssueType.INVALID,
					"evaluationDate '" + text + "' is not a date (YYYY-MM-DD): it has a time", "evaluationDate");
		}
		try {
			return new DateType(text);
		} catch (DataFormatException e) {
			throw OperationErrors.badRequest(IssueType.INVALID,
					"evaluationDate '" + text + "' is not a date (YYYY-MM-DD)", "evaluationDate");
		}
	}
}
