package org.somaxis.security.smart;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The resource types a search's criteria look into besides the searched type: reverse chains
 * ({@code Patient?_has:Condition:subject:code=...} looks into Condition) and chains
 * ({@code Observation?subject:Patient.family=...} into Patient; {@code subject.family} into every type {@code subject}
 * can point at), also as a sort key ({@code _sort=organization.name}). A search whose criteria test data of a type the token cannot search would tell it whether such data
 * exists, one yes or no at a time.
 *
 * <p>A chain through a parameter this model does not know (a custom one) or without declared targets
 * ({@code Observation.focus}) could reach any type and stands for {@link SmartScope#ANY_TYPE}, which no token passes.
 * Chains are followed five levels deep; deeper ones stand for any type too.
 */
final class CriteriaTypes {
	private static final String HAS = "_has:";
	private static final int DEPTH = 5;

	private final FhirContext fhirContext;

	CriteriaTypes(FhirContext fhirContext) {
		this.fhirContext = fhirContext;
	}

	/**
	 * What a request's criteria look into: every type ({@link #all}), and those reached by a chain ({@link #chained},
	 * a reference followed forward: {@code subject:Patient.family} reads the named Patient, whoever it is).
	 */
	record Looked(Set<String> all, Set<String> chained) {
	}

	/**
	 * The types a request's parameters look into: chains and reverse chains among their names, and chained sort keys
	 * ({@code _sort=organization.name} orders by another type's data).
	 */
	Looked of(String type, Map<String, String[]> parameters) {
		List<String> names = new ArrayList<>(parameters.keySet());
		for (String sort : parameters.getOrDefault("_sort", new String[0])) {
			for (String key : sort.split(",")) {
				String trimmed = key.trim();
				names.add(trimmed.startsWith("-") ? trimmed.substring(1) : trimmed);
			}
		}
		return of(type, names);
	}

	Looked of(String type, Collection<String> parameterNames) {
		Looked looked = new Looked(new TreeSet<>(), new TreeSet<>());
		for (String name : parameterNames) {
			add(type, name, looked, 0);
		}
		return looked;
	}

	private void add(String type, String name, Looked looked, int depth) {
		if (depth > DEPTH) {
			looked.all().add(SmartScope.ANY_TYPE);
			looked.chained().add(SmartScope.ANY_TYPE);
			return;
		}
		if (name.startsWith(HAS)) {
			String[] parts = name.split(":", 4);
			if (parts.length == 4) {
				looked.all().add(parts[1]);
				add(parts[1], parts[3], looked, depth + 1);
			}
			return;
		}
		int dot = name.indexOf('.');
		if (dot < 0) {
			return;
		}
		String head = name.substring(0, dot);
		String rest = name.substring(dot + 1);
		int colon = head.indexOf(':');
		String parameter = colon < 0 ? head : head.substring(0, colon);
		String modifier = colon < 0 ? null : head.substring(colon + 1);
		Set<String> targets = modifier != null && fhirContext.getResourceTypes().contains(modifier)
				? Set.of(modifier)
				: targets(type, parameter);
		for (String target : targets) {
			looked.all().add(target);
			looked.chained().add(target);
			if (!SmartScope.ANY_TYPE.equals(target)) {
				add(target, rest, looked, depth + 1);
			}
		}
	}

	private Set<String> targets(String type, String parameter) {
		if (!fhirContext.getResourceTypes().contains(type)) {
			return Set.of(SmartScope.ANY_TYPE);
		}
		RuntimeSearchParam searchParam = fhirContext.getResourceDefinition(type).getSearchParam(parameter);
		if (searchParam == null || searchParam.getTargets().isEmpty()) {
			return Set.of(SmartScope.ANY_TYPE);
		}
		return searchParam.getTargets();
	}
}
