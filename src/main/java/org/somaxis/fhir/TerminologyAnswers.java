package org.somaxis.fhir;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.ValueSet;
import org.somaxis.guidance.knowledge.ConceptSet;

/**
 * What {@code $expand} and {@code $lookup} answer, where HAPI 8.8's in-memory terminology answers differ from FHIR R4:
 * <ul>
 *   <li>HAPI leaves out of an expansion the codes a ValueSet enumerates that a held code system (our SNOMED CT and
 *       RxNorm fragments, content {@code fragment}) does not contain; they are put back. A code the ValueSet excludes
 *       stays out.
 *   <li>A code's display is the one its ValueSet gives it, where it gives one ({@code ValueSet.compose.include.concept
 *       .display}: "the text to display to the user for this concept in the context of this valueset"); HAPI took the
 *       code system's, or none.
 *   <li>{@code filter} was ignored (every code came back) and {@code count} was a limit (400 "too many codes" past it),
 *       so a pick list could neither search nor page. The three paging parameters are taken off the request before
 *       HAPI sees it (in the URL, or in a POSTed Parameters body) and applied here: {@code filter} keeps the codes
 *       whose display or code contains the text (case-insensitive), {@code offset} and {@code count} page what is
 *       left, and {@code expansion.total} and {@code expansion.offset} say where the page stands. A ValueSet over
 *       HAPI's expansion limit (1,000 codes) is still refused whole, with 400 {@code too-costly}.
 *   <li>{@code $lookup} of a code without a display answered a {@code display} parameter without a value, which a
 *       Parameters resource may not hold (inv-1); it is left out.
 *   <li>{@code $validate-code} against a concept group or review set answers what the guidance engine reads
 *       ({@link ConceptSet}: its regex filters over code systems the server does not hold, ICD-10 categories, the
 *       documented normalisations, a clinic's additions). HAPI answered {@code false} for every code of a group it
 *       could not expand (ICD-10-CM C50.9 in {@code malignancy-conditions}) and for a code the group holds by its
 *       category (ICD-10 E11.9 in {@code diabetes-conditions}).
 * </ul>
 */
@Interceptor
public final class TerminologyAnswers {
	private static final String EXPAND = "$expand";
	private static final String PAGING = TerminologyAnswers.class.getName() + ".paging";
	private static final Set<String> PAGING_PARAMETERS = Set.of("filter", "offset", "count");

	/** What the request asked of the expansion's codes; null fields were not asked. */
	private record Paging(String filter, Integer offset, Integer count) {}

	private final IValidationSupport validationSupport;
	private final Map<String, ConceptSet> conceptGroups;

	/** @param conceptGroups the concept groups and review sets by ValueSet url, as the guidance engine reads them */
	public TerminologyAnswers(IValidationSupport validationSupport, Map<String, ConceptSet> conceptGroups) {
		this.validationSupport = validationSupport;
		this.conceptGroups = Map.copyOf(conceptGroups);
	}

	/** Before HAPI binds the operation's parameters: the paging parameters are taken off the request. */
	@Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
	public boolean takePaging(RequestDetails request) {
		if (!EXPAND.equals(request.getOperation())) {
			return true;
		}
		if (request.getRequestType() == RequestTypeEnum.POST) {
			takePagingFromBody(request);
		} else {
			Map<String, String[]> parameters = new LinkedHashMap<>(request.getParameters());
			String[] filter = parameters.remove("filter");
			String[] offset = parameters.remove("offset");
			String[] count = parameters.remove("count");
			if (filter != null || offset != null || count != null) {
				request.getUserData().put(PAGING, new Paging(
						single("filter", filter), number("offset", single("offset", offset)), number("count", single("count", count))));
				request.setParameters(parameters);
			}
		}
		return true;
	}

	private static void takePagingFromBody(RequestDetails request) {
		Parameters parameters = posted(request);
		if (parameters == null) {
			return;
		}
		String filter = null;
		Integer offset = null;
		Integer count = null;
		boolean found = false;
		for (Parameters.ParametersParameterComponent parameter : List.copyOf(parameters.getParameter())) {
			if (!PAGING_PARAMETERS.contains(parameter.getName())) {
				continue;
			}
			found = true;
			parameters.getParameter().remove(parameter);
			String value = parameter.getValue() == null ? null : parameter.getValue().primitiveValue();
			switch (parameter.getName()) {
				case "filter" -> filter = value;
				case "offset" -> offset = number("offset", value);
				default -> count = number("count", value);
			}
		}
		if (found) {
			request.getUserData().put(PAGING, new Paging(filter, offset, count));
			request.setRequestContents(RestfulServerUtils.determineRequestEncodingNoDefault(request)
					.newParser(request.getFhirContext()).encodeResourceToString(parameters).getBytes(StandardCharsets.UTF_8));
		}
	}

	private static String single(String name, String[] values) {
		if (values == null || values.length == 0) {
			return null;
		}
		if (values.length > 1) {
			throw new InvalidRequestException("$expand takes at most one '" + name + "'");
		}
		return values[0];
	}

	private static Integer number(String name, String value) {
		if (value == null) {
			return null;
		}
		try {
			int number = Integer.parseInt(value.trim());
			if (number < 0) {
				throw new InvalidRequestException("$expand '" + name + "' must not be negative: " + value);
			}
			return number;
		} catch (NumberFormatException e) {
			throw new InvalidRequestException("$expand '" + name + "' must be a whole number: " + value);
		}
	}

	@Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
	public boolean answer(RequestDetails request, ResponseDetails response) {
		if ("$lookup".equals(request.getOperation()) && response.getResponseResource() instanceof Parameters lookup) {
			lookup.getParameter().removeIf(parameter -> !parameter.hasValue() && !parameter.hasResource()
					&& !parameter.hasPart());
		}
		if ("$validate-code".equals(request.getOperation()) && "ValueSet".equals(request.getResourceName())
				&& response.getResponseResource() instanceof Parameters validated) {
			validatedByTheEngine(request, validated).ifPresent(response::setResponseResource);
		}
		if (EXPAND.equals(request.getOperation()) && response.getResponseResource() instanceof ValueSet cached) {
			// HAPI keeps the expansion it answers in its cache: the answer is changed on a copy
			ValueSet expanded = cached.copy();
			response.setResponseResource(expanded);
			complete(expanded);
			Paging paging = (Paging) request.getUserData().get(PAGING);
			if (paging != null) {
				page(expanded.getExpansion(), paging);
			}
		}
		return true;
	}

	/**
	 * The answer for a concept group: member when any coding asked about is (system and code, a {@code coding}, or the
	 * codings of a {@code codeableConcept}, in the URL or a POSTed Parameters body). Empty for any other ValueSet.
	 */
	private java.util.Optional<Parameters> validatedByTheEngine(RequestDetails request, Parameters answer) {
		Parameters asked = asked(request);
		if (asked == null) {
			return java.util.Optional.empty();
		}
		String url = asked.getParameter().stream().filter(p -> p.getName().equals("url") && p.getValue() != null)
				.map(p -> p.getValue().primitiveValue()).findFirst().orElse(null);
		ConceptSet group = url == null ? null : conceptGroups.get(url.contains("|") ? url.substring(0, url.indexOf('|')) : url);
		if (group == null) {
			return java.util.Optional.empty();
		}
		List<Coding> codings = new ArrayList<>();
		String system = null;
		String code = null;
		for (Parameters.ParametersParameterComponent parameter : asked.getParameter()) {
			switch (parameter.getName()) {
				case "system" -> system = parameter.getValue() == null ? null : parameter.getValue().primitiveValue();
				case "code" -> code = parameter.getValue() == null ? null : parameter.getValue().primitiveValue();
				case "coding" -> {
					if (parameter.getValue() instanceof Coding coding) {
						codings.add(coding);
					}
				}
				case "codeableConcept" -> {
					if (parameter.getValue() instanceof CodeableConcept concept) {
						codings.addAll(concept.getCoding());
					}
				}
				default -> { }
			}
		}
		if (code != null) {
			codings.add(new Coding(system, code, null));
		}
		if (codings.isEmpty()) {
			return java.util.Optional.empty();
		}
		boolean member = codings.stream().anyMatch(group::contains);
		Parameters engine = new Parameters();
		engine.addParameter("result", member);
		answer.getParameter().stream().filter(p -> p.getName().equals("display") && p.hasValue())
				.findFirst().ifPresent(display -> engine.addParameter().setName("display").setValue(display.getValue()));
		if (!member) {
			engine.addParameter("message", "No coding given is in ValueSet " + group.url() + " as the guidance engine reads"
					+ " it (docs/terminology.md)");
		}
		return java.util.Optional.of(engine);
	}

	/**
	 * The POSTed Parameters body, or null when there is none or it is no Parameters (HAPI parses the body itself and
	 * answers a malformed one with its own 400).
	 */
	private static Parameters posted(RequestDetails request) {
		EncodingEnum encoding = RestfulServerUtils.determineRequestEncodingNoDefault(request);
		byte[] body = request.loadRequestContents();
		if (encoding == null || body == null || body.length == 0) {
			return null;
		}
		try {
			IBaseResource parsed = encoding.newParser(request.getFhirContext())
					.parseResource(new String(body, StandardCharsets.UTF_8));
			return parsed instanceof Parameters parameters ? parameters : null;
		} catch (DataFormatException e) {
			return null;
		}
	}

	/** The operation's input: the POSTed Parameters, or the URL's parameters as one; null when there is none. */
	private static Parameters asked(RequestDetails request) {
		if (request.getRequestType() == RequestTypeEnum.POST) {
			return posted(request);
		}
		Parameters asked = new Parameters();
		request.getParameters().forEach((name, values) -> {
			for (String value : values) {
				asked.addParameter(name, value);
			}
		});
		return asked;
	}

	/** The codes the ValueSet enumerates put back, and each given the ValueSet's display where it gives one. */
	private void complete(ValueSet expanded) {
		ValueSet definition = expanded.hasCompose() ? expanded : fetch(expanded.getUrl());
		if (definition == null) {
			return;
		}
		Map<String, ValueSet.ConceptReferenceComponent> enumerated = new LinkedHashMap<>();
		Map<String, String> systems = new HashMap<>();
		collect(definition, enumerated, systems, new HashSet<>());
		for (ValueSet.ConceptSetComponent exclude : definition.getCompose().getExclude()) {
			exclude.getConcept().forEach(concept -> enumerated.remove(exclude.getSystem() + "|" + concept.getCode()));
		}
		Set<String> listed = new HashSet<>();
		for (ValueSet.ValueSetExpansionContainsComponent code : expanded.getExpansion().getContains()) {
			String key = code.getSystem() + "|" + code.getCode();
			listed.add(key);
			ValueSet.ConceptReferenceComponent given = enumerated.get(key);
			if (given != null && given.hasDisplay()) {
				code.setDisplay(given.getDisplay());
			}
		}
		enumerated.forEach((key, concept) -> {
			if (!listed.contains(key)) {
				ValueSet.ValueSetExpansionContainsComponent code = expanded.getExpansion().addContains()
						.setSystem(systems.get(key)).setCode(concept.getCode());
				if (concept.hasDisplay()) {
					code.setDisplay(concept.getDisplay());
				}
			}
		});
		if (expanded.getExpansion().hasTotal()) {
			expanded.getExpansion().setTotal(expanded.getExpansion().getContains().size());
		}
	}

	/**
	 * The codes the ValueSet lists one by one (an include with concepts and no filter), then those of the ValueSets it
	 * includes: a ValueSet's own display of a code wins over an included one's, the first one given otherwise.
	 */
	private void collect(ValueSet valueSet, Map<String, ValueSet.ConceptReferenceComponent> enumerated,
			Map<String, String> systems, Set<String> seen) {
		if (valueSet.hasUrl() && !seen.add(valueSet.getUrl())) {
			return;
		}
		for (ValueSet.ConceptSetComponent include : valueSet.getCompose().getInclude()) {
			if (!include.hasFilter() && !include.hasValueSet()) {
				for (ValueSet.ConceptReferenceComponent concept : include.getConcept()) {
					String key = include.getSystem() + "|" + concept.getCode();
					ValueSet.ConceptReferenceComponent earlier = enumerated.get(key);
					if (earlier == null || (!earlier.hasDisplay() && concept.hasDisplay())) {
						enumerated.put(key, concept);
					}
					systems.putIfAbsent(key, include.getSystem());
				}
			}
		}
		for (ValueSet.ConceptSetComponent include : valueSet.getCompose().getInclude()) {
			for (CanonicalType included : include.getValueSet()) {
				ValueSet nested = fetch(included.getValue());
				if (nested != null) {
					collect(nested, enumerated, systems, seen);
				}
			}
		}
	}

	/** The filter, then the page; the total is what the filter kept. */
	private static void page(ValueSet.ValueSetExpansionComponent expansion, Paging paging) {
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
		expansion.setContains(new ArrayList<>(codes.subList(from, to)));
		if (paging.offset() != null) {
			expansion.setOffset(offset);
			expansion.addParameter().setName("offset").setValue(new IntegerType(offset));
		}
		if (paging.count() != null) {
			expansion.addParameter().setName("count").setValue(new IntegerType(paging.count()));
		}
	}

	private static boolean contains(String value, String text) {
		return value != null && value.toLowerCase(Locale.ROOT).contains(text);
	}

	private ValueSet fetch(String url) {
		if (url == null) {
			return null;
		}
		IBaseResource found = validationSupport.fetchValueSet(url);
		return found instanceof ValueSet valueSet ? valueSet : null;
	}
}
