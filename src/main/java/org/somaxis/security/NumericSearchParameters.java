package org.somaxis.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry.SearchParamLookupContextEnum;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Decides whether the value of a search parameter may hold a number that HAPI converts to a {@code BigDecimal}:
 * HAPI parses numbers only for parameters of type {@code number} and {@code quantity} (and inside {@code special}
 * and {@code composite} parameters built from them). A value such as {@code identifier=12e45678} is a token, never
 * converted, so the query guard need not hold it to the number limits.
 *
 * <p>The type comes from HAPI's search parameter registry (built-in and stored SearchParameters alike), looked up by
 * the resource type of the search and the parameter's name without its modifier ({@code value-quantity:missing}).
 * A chain ({@code subject:Patient.birthdate}, {@code subject.name}) is followed to the parameter at its end, on the
 * type the modifier names or on every target type of the reference. Whenever the type cannot be resolved (no
 * resource type, an unknown parameter, {@code _has}, a chain through something that is not a reference, or a chain
 * too wide to follow cheaply) the answer is "may hold numbers", so the guard keeps checking.
 */
public final class NumericSearchParameters implements QueryInspector.ParameterTypes {
	/** How many registry look-ups one parameter name may cost; past it the name is treated as numeric. */
	private static final int LOOKUP_BUDGET = 64;

	private static final Set<RestSearchParameterTypeEnum> NUMERIC = Set.of(
			RestSearchParameterTypeEnum.NUMBER, RestSearchParameterTypeEnum.QUANTITY, RestSearchParameterTypeEnum.SPECIAL);

	private final Set<String> resourceTypes;
	private final Supplier<ISearchParamRegistry> registry;

	/** {@code registry} is asked at request time (the JPA registry is made after the servlet filters). */
	public NumericSearchParameters(FhirContext fhirContext, Supplier<ISearchParamRegistry> registry) {
		this.resourceTypes = Set.copyOf(fhirContext.getResourceTypes());
		this.registry = registry;
	}

	@Override
	public boolean mayHoldNumbers(String resourceType, String name) {
		if (resourceType == null || name == null) {
			return true;
		}
		return mayHoldNumbers(resourceType, name, new int[] {LOOKUP_BUDGET});
	}

	private boolean mayHoldNumbers(String resourceType, String name, int[] budget) {
		if (--budget[0] < 0 || !isResourceType(resourceType)) {
			return true;
		}
		int dot = name.indexOf('.');
		String head = dot < 0 ? name : name.substring(0, dot);
		int colon = head.indexOf(':');
		String base = colon < 0 ? head : head.substring(0, colon);
		String modifier = colon < 0 ? null : head.substring(colon + 1);
		RuntimeSearchParam parameter = lookup(resourceType, base);
		if (parameter == null) {
			return true;
		}
		if (dot >= 0) {
			return chainMayHoldNumbers(parameter, modifier, name.substring(dot + 1), budget);
		}
		return mayHoldNumbers(parameter, budget);
	}

	private boolean chainMayHoldNumbers(RuntimeSearchParam reference, String modifier, String rest, int[] budget) {
		if (reference.getParamType() != RestSearchParameterTypeEnum.REFERENCE || rest.isEmpty()) {
			return true;
		}
		Set<String> targets = modifier != null ? Set.of(modifier) : reference.getTargets();
		if (targets.isEmpty()) {
			return true;
		}
		for (String target : targets) {
			if (mayHoldNumbers(target, rest, budget)) {
				return true;
			}
		}
		return false;
	}

	private boolean mayHoldNumbers(RuntimeSearchParam parameter, int[] budget) {
		RestSearchParameterTypeEnum type = parameter.getParamType();
		if (type == null || NUMERIC.contains(type)) {
			return true;
		}
		if (type != RestSearchParameterTypeEnum.COMPOSITE) {
			return false;
		}
		if (parameter.getComponents().isEmpty()) {
			return true;
		}
		for (RuntimeSearchParam.Component component : parameter.getComponents()) {
			if (--budget[0] < 0) {
				return true;
			}
			RuntimeSearchParam resolved = component.getReference() == null
					? null
					: registry.get().getActiveSearchParamByUrl(component.getReference(), SearchParamLookupContextEnum.SEARCH);
			if (resolved == null || resolved.getParamType() == RestSearchParameterTypeEnum.COMPOSITE
					|| mayHoldNumbers(resolved, budget)) {
				return true;
			}
		}
		return false;
	}

	private RuntimeSearchParam lookup(String resourceType, String name) {
		if (name.isEmpty()) {
			return null;
		}
		return registry.get().getActiveSearchParam(resourceType, name, SearchParamLookupContextEnum.SEARCH);
	}

	private boolean isResourceType(String name) {
		return resourceTypes.contains(name);
	}
}
