package org.somaxis.terminology;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * {@code $expand} lists every code a ValueSet enumerates, with the display the ValueSet gives it. HAPI 8.8 leaves out
 * of an expansion the enumerated codes that a held code system does not contain (our SNOMED CT and RxNorm fragments,
 * content {@code fragment}): a pituitary-surgery set expanded to nothing. They are put back, also for a ValueSet sent
 * in the request and for the ValueSets a ValueSet includes, unless the server holds their code system whole (then a
 * code HAPI left out is not in it). A code an {@code exclude} lists (by code or by code system, at any level) stays
 * out; an exclude by filter or ValueSet, or an include that intersects (a system and a ValueSet, or two ValueSets),
 * is not worked out here, so nothing is put back then.
 * A code's display is the ValueSet's own ({@code ValueSet.compose.include.concept.display}, "the text to display to
 * the user for this concept in the context of this valueset"), then an included ValueSet's, then the code system's;
 * HAPI took the code system's, or none (also none for a ValueSet in the request whose codes have no display). HAPI
 * caches its expansions: the answer is changed on a copy.
 */
@Interceptor
public final class ExpansionCompleteness {
	static final int ORDER = 0;
	private static final String COPY = ExpansionCompleteness.class.getName() + ".copy";

	private final IValidationSupport validationSupport;

	public ExpansionCompleteness(IValidationSupport validationSupport) {
		this.validationSupport = validationSupport;
	}

	@Hook(value = Pointcut.SERVER_OUTGOING_RESPONSE, order = ORDER)
	public boolean complete(RequestDetails request, ResponseDetails response) {
		if (!"$expand".equals(request.getOperation()) || !(response.getResponseResource() instanceof ValueSet cached)) {
			return true;
		}
		ValueSet expanded = copyOnce(request, response, cached);
		if (!expanded.hasCompose()) {
			return true; // HAPI answers with the compose it expanded; without one there is nothing to check against
		}
		ValueSet definition = expanded;
		Map<String, ValueSet.ConceptReferenceComponent> enumerated = new LinkedHashMap<>();
		Map<String, String> systems = new HashMap<>();
		if (!collect(definition, enumerated, systems, new HashSet<>())) {
			return true; // an exclude this class cannot apply: HAPI's answer stands
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
			if (!listed.contains(key) && !heldWhole(systems.get(key))) {
				ValueSet.ValueSetExpansionContainsComponent code = expanded.getExpansion().addContains()
						.setSystem(systems.get(key)).setCode(concept.getCode());
				if (concept.hasDisplay()) {
					code.setDisplay(concept.getDisplay());
				}
			}
		});
		Map<String, Map<String, String>> codeSystemDisplays = new HashMap<>();
		for (ValueSet.ValueSetExpansionContainsComponent code : expanded.getExpansion().getContains()) {
			if (!code.hasDisplay() && code.hasSystem() && code.hasCode()) {
				String display = codeSystemDisplays.computeIfAbsent(code.getSystem(), this::displays).get(code.getCode());
				if (display != null) {
					code.setDisplay(display);
				}
			}
		}
		if (expanded.getExpansion().hasTotal()) {
			expanded.getExpansion().setTotal(expanded.getExpansion().getContains().size());
		}
		return true;
	}

	/** The answer as a copy of HAPI's cached expansion, made once per request and put in the response. */
	static ValueSet copyOnce(RequestDetails request, ResponseDetails response, ValueSet answered) {
		if (request.getUserData().get(COPY) == answered) {
			return answered;
		}
		ValueSet copy = answered.copy();
		request.getUserData().put(COPY, copy);
		response.setResponseResource(copy);
		return copy;
	}

	/**
	 * The codes the ValueSet lists one by one (an include with concepts and no filter), then those of the ValueSets it
	 * includes, less those its excludes list (by code, or a whole code system): a ValueSet's own display of a code wins
	 * over an included one's. False when an exclude (here or in an included ValueSet) has a filter or names a ValueSet,
	 * which this class does not apply: then nothing is put back.
	 */
	private boolean collect(ValueSet valueSet, Map<String, ValueSet.ConceptReferenceComponent> enumerated,
			Map<String, String> systems, Set<String> seen) {
		if (valueSet.hasUrl() && !seen.add(valueSet.getUrl())) {
			return true;
		}
		Map<String, ValueSet.ConceptReferenceComponent> own = new LinkedHashMap<>();
		for (ValueSet.ConceptSetComponent include : valueSet.getCompose().getInclude()) {
			if (include.hasValueSet() && (include.hasSystem() || include.hasConcept() || include.getValueSet().size() > 1)) {
				return false; // an intersection (codes of a system that are also in a ValueSet, or of two ValueSets)
			}
		}
		for (ValueSet.ConceptSetComponent include : valueSet.getCompose().getInclude()) {
			if (!include.hasFilter() && !include.hasValueSet()) {
				for (ValueSet.ConceptReferenceComponent concept : include.getConcept()) {
					String key = include.getSystem() + "|" + concept.getCode();
					ValueSet.ConceptReferenceComponent earlier = own.get(key);
					if (earlier == null || (!earlier.hasDisplay() && concept.hasDisplay())) {
						own.put(key, concept);
					}
					systems.putIfAbsent(key, include.getSystem());
				}
			}
		}
		Map<String, ValueSet.ConceptReferenceComponent> included = new LinkedHashMap<>();
		for (ValueSet.ConceptSetComponent include : valueSet.getCompose().getInclude()) {
			for (CanonicalType reference : include.getValueSet()) {
				ValueSet nested = fetch(reference.getValue());
				if (nested != null && !collect(nested, included, systems, seen)) {
					return false;
				}
			}
		}
		included.forEach(own::putIfAbsent);
		for (ValueSet.ConceptSetComponent exclude : valueSet.getCompose().getExclude()) {
			if (exclude.hasFilter() || exclude.hasValueSet()) {
				return false;
			}
			if (exclude.hasConcept()) {
				exclude.getConcept().forEach(concept -> own.remove(exclude.getSystem() + "|" + concept.getCode()));
			} else {
				own.keySet().removeIf(key -> key.startsWith(exclude.getSystem() + "|"));
			}
		}
		own.forEach(enumerated::putIfAbsent);
		return true;
	}

	/** The displays of a code system the server holds, by code (none for one it does not hold). */
	private Map<String, String> displays(String system) {
		Map<String, String> displays = new HashMap<>();
		if (validationSupport.fetchCodeSystem(system) instanceof org.hl7.fhir.r4.model.CodeSystem held) {
			addDisplays(held.getConcept(), displays);
		}
		return displays;
	}

	private static void addDisplays(java.util.List<org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent> concepts,
			Map<String, String> displays) {
		for (org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent concept : concepts) {
			if (concept.hasDisplay()) {
				displays.putIfAbsent(concept.getCode(), concept.getDisplay());
			}
			addDisplays(concept.getConcept(), displays);
		}
	}

	/** A code system the server holds whole: a code HAPI left out of it is not in it, and is not put back. */
	private boolean heldWhole(String system) {
		IBaseResource codeSystem = system == null ? null : validationSupport.fetchCodeSystem(system);
		return codeSystem instanceof org.hl7.fhir.r4.model.CodeSystem held
				&& held.getContent() == org.hl7.fhir.r4.model.CodeSystem.CodeSystemContentMode.COMPLETE;
	}

	private ValueSet fetch(String url) {
		if (url == null) {
			return null;
		}
		IBaseResource found = validationSupport.fetchValueSet(url);
		return found instanceof ValueSet valueSet ? valueSet : null;
	}
}
