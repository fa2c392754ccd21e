package org.somaxis.fhir;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * {@code $expand} gives a code the display its ValueSet gives it when the code system the server holds has none.
 * FHIR R4 (ValueSet.compose.include.concept.display): "The text to display to the user for this concept in the context
 * of this valueset"; only without it does an application use the code system's display. HAPI 8.8 takes the display from
 * a held code system only, so the RxNorm products of {@code gh-peptides} (our RxNorm fragment has no verified RxNorm
 * display string for them) came back without any. Codes of included ValueSets get the display their own ValueSet gives.
 * A display the expansion already has is never changed.
 */
@Interceptor
public final class ExpansionDisplays {
	private final IValidationSupport validationSupport;

	public ExpansionDisplays(IValidationSupport validationSupport) {
		this.validationSupport = validationSupport;
	}

	@Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
	public boolean fillDisplays(RequestDetails request, ResponseDetails response) {
		if (!"$expand".equals(request.getOperation()) || !(response.getResponseResource() instanceof ValueSet expanded)
				|| allHaveDisplays(expanded.getExpansion().getContains())) {
			return true;
		}
		ValueSet definition = expanded.hasCompose() ? expanded : fetch(expanded.getUrl());
		if (definition != null) {
			Map<String, String> displays = new HashMap<>();
			collect(definition, displays, new HashSet<>());
			fill(expanded.getExpansion().getContains(), displays);
		}
		return true;
	}

	private static boolean allHaveDisplays(List<ValueSet.ValueSetExpansionContainsComponent> contains) {
		return contains.stream().allMatch(c -> (c.hasDisplay() || !c.hasCode()) && allHaveDisplays(c.getContains()));
	}

	/** The displays a ValueSet's includes give, "system|code" to display; the first one given for a code wins. */
	private void collect(ValueSet valueSet, Map<String, String> displays, Set<String> seen) {
		if (valueSet.hasUrl() && !seen.add(valueSet.getUrl())) {
			return;
		}
		for (ValueSet.ConceptSetComponent include : valueSet.getCompose().getInclude()) {
			for (ValueSet.ConceptReferenceComponent concept : include.getConcept()) {
				if (concept.hasDisplay()) {
					displays.putIfAbsent(include.getSystem() + "|" + concept.getCode(), concept.getDisplay());
				}
			}
			for (CanonicalType included : include.getValueSet()) {
				ValueSet nested = fetch(included.getValue());
				if (nested != null) {
					collect(nested, displays, seen);
				}
			}
		}
	}

	private static void fill(List<ValueSet.ValueSetExpansionContainsComponent> contains, Map<String, String> displays) {
		for (ValueSet.ValueSetExpansionContainsComponent code : contains) {
			if (!code.hasDisplay() && code.hasCode()) {
				String display = displays.get(code.getSystem() + "|" + code.getCode());
				if (display != null) {
					code.setDisplay(display);
				}
			}
			fill(code.getContains(), displays);
		}
	}

	private ValueSet fetch(String url) {
		if (url == null) {
			return null;
		}
		IBaseResource found = validationSupport.fetchValueSet(url);
		return found instanceof ValueSet valueSet ? valueSet : null;
	}
}
