package org.somaxis.terminology;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.ValueSet;
import org.somaxis.fhir.OperationInput;

/**
 * {@code $expand}'s {@code filter}, {@code offset} and {@code count}, as FHIR R4 defines them. HAPI 8.8's in-memory
 * expansion ignored {@code filter} (every code came back) and took {@code count} as a limit (400 "too many codes" past
 * it), so a pick list could neither search nor page. The three are taken off the request before HAPI binds the
 * operation's parameters (in the URL and in a POSTed Parameters body, each at most once) and applied here to the whole
 * expansion: the filter keeps the codes whose display or code contains the text, case-insensitive; offset and count
 * page what is left ({@code count=0} gives only the total); {@code expansion.total} is what the filter kept,
 * {@code expansion.offset} the page's start, and the three are echoed in {@code expansion.parameter}.
 */
@Interceptor
public final class ExpansionPaging {
	private static final String PAGING = ExpansionPaging.class.getName();
	private static final Set<String> NAMES = Set.of("filter", "offset", "count");

	/** What the request asked of the expansion's codes; null fields were not asked. */
	private record Paging(String filter, Integer offset, Integer count) {}

	/** Before HAPI binds the parameters: they are taken off the request. */
	@Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
	public boolean take(RequestDetails request) {
		if (!"$expand".equals(request.getOperation())) {
			return true;
		}
		Map<String, List<String>> asked = new LinkedHashMap<>();
		Map<String, String[]> url = new LinkedHashMap<>(request.getParameters());
		for (String name : NAMES) {
			String[] values = url.remove(name);
			if (values != null) {
				asked.computeIfAbsent(name, key -> new ArrayList<>()).addAll(List.of(values));
			}
		}
		Parameters body = request.getRequestType() == RequestTypeEnum.POST ? expandInput(request) : null;
		boolean fromBody = false;
		if (body != null) {
			for (Parameters.ParametersParameterComponent parameter : List.copyOf(body.getParameter())) {
				if (NAMES.contains(parameter.getName())) {
					body.getParameter().remove(parameter);
					asked.computeIfAbsent(parameter.getName(), key -> new ArrayList<>())
							.add(parameter.getValue() == null ? null : parameter.getValue().primitiveValue());
					fromBody = true;
				}
			}
		}
		if (asked.isEmpty()) {
			return true;
		}
		request.getUserData().put(PAGING, new Paging(
				single(asked, "filter"), number("offset", single(asked, "offset")), number("count", single(asked, "count"))));
		request.setParameters(url);
		if (fromBody) {
			OperationInput.replaceBody(request, body);
		}
		return true;
	}

	/**
	 * A POSTed $expand body: a Parameters whose {@code valueSet} is a ValueSet, or a ValueSet; anything else is a 400
	 * (HAPI cast it to a ValueSet and answered 500).
	 */
	private static Parameters expandInput(RequestDetails request) {
		IBaseResource posted = OperationInput.postedResource(request);
		if (posted == null || posted instanceof ValueSet) {
			return null;
		}
		if (!(posted instanceof Parameters)) {
			throw new InvalidRequestException("$expand takes a Parameters or a ValueSet, not a " + posted.fhirType());
		}
		Parameters parameters = OperationInput.posted(request);
		for (Parameters.ParametersParameterComponent parameter : parameters.getParameter()) {
			if ("valueSet".equals(parameter.getName()) && !(parameter.getResource() instanceof ValueSet)) {
				throw new InvalidRequestException("$expand's 'valueSet' must be a ValueSet resource");
			}
		}
		return parameters;
	}

	private static String single(Map<String, List<String>> asked, String name) {
		List<String> values = asked.get(name);
		if (values == null || values.isEmpty()) {
			return null;
		}
		if (values.size() > 1) {
			throw new InvalidRequestException("$expand takes at most one '" + name + "'");
		}
		return values.get(0);
	}

	private static Integer number(String name, String value) {
		if (value == null) {
			return null;
		}
		// written as R4 writes an integer: Java also read "+1" and "01" as 1 (an XML body's count: probe 77, P77-m2)
		if (!value.trim().matches("-?(0|[1-9][0-9]*)")) {
			throw new InvalidRequestException("$expand '" + name + "' must be a whole number from 0 to 2147483647,"
					+ " written as digits without a sign or a leading zero: " + value);
		}
		try {
			int number = Integer.parseInt(value.trim());
			if (number < 0) {
				throw new InvalidRequestException("$expand '" + name + "' must not be negative: " + value);
			}
			return number;
		} catch (NumberFormatException e) {
			throw new InvalidRequestException("$expand '" + name + "' must be a whole number from 0 to 2147483647: " + value);
		}
	}

	/** After {@link ExpansionCompleteness}: the filter, then the page, on the answer it copied. */
	@Hook(value = Pointcut.SERVER_OUTGOING_RESPONSE, order = ExpansionCompleteness.ORDER + 1)
	public boolean page(RequestDetails request, ResponseDetails response) {
		Paging paging = (Paging) request.getUserData().get(PAGING);
		if (paging == null || !(response.getResponseResource() instanceof ValueSet cached)) {
			return true;
		}
		ValueSet expanded = ExpansionCompleteness.copyOnce(request, response, cached);
		ValueSet.ValueSetExpansionComponent expansion = expanded.getExpansion();
		List<ValueSet.ValueSetExpansionContainsComponent> codes = new ArrayList<>(expansion.getContains());
		if (paging.filter() != null && !paging.filter().isBlank()) {
			String text = paging.filter().trim().toLowerCase(Locale.ROOT);
			codes.removeIf(code -> !(contains(code.getDisplay(), text) || contains(code.getCode(), text)));
			expansion.addParameter().setName("filter").setValue(new StringType(paging.filter()));
		}
		int offset = paging.offset() == null ? 0 : paging.offset();
		int from = Math.min(offset, codes.size());
		int to = paging.count() == null ? codes.size() : (int) Math.min((long) from + paging.count(), codes.size());
		expansion.setTotal(codes.size());
		// an identifier names one expansion with its parameters (R4 ValueSet.expansion.identifier)
		expansion.setIdentifier("urn:uuid:" + java.util.UUID.randomUUID());
		expansion.setContains(new ArrayList<>(codes.subList(from, to)));
		if (paging.offset() != null) {
			expansion.setOffset(offset);
			expansion.addParameter().setName("offset").setValue(new IntegerType(offset));
		}
		if (paging.count() != null) {
			expansion.addParameter().setName("count").setValue(new IntegerType(paging.count()));
		}
		return true;
	}

	private static boolean contains(String value, String text) {
		return value != null && value.toLowerCase(Locale.ROOT).contains(text);
	}
}
