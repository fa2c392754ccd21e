package org.somaxis.fhir;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The element a search parameter's FHIRPath names, as a plain path: {@code Observation.subject} for {@code
 * Observation.subject.where(resolve() is Patient)}, {@code (Observation.value as Reference)} or {@code
 * Observation.value.ofType(Reference)}. A path with other functions names no plain element.
 */
public final class SearchParamPaths {
	private static final Pattern PLAIN = Pattern.compile("[A-Za-z]+(\\.[A-Za-z]+)+");
	private static final Pattern QUALIFIER = Pattern.compile("\\.where\\(|\\.ofType\\(|\\.resolve\\(| as |\\)");

	private SearchParamPaths() {}

	public static Optional<String> plain(String path) {
		String plain = QUALIFIER.split(path.strip().replaceAll("^\\(+", ""), 2)[0].strip();
		return PLAIN.matcher(plain).matches() ? Optional.of(plain) : Optional.empty();
	}

	/**
	 * The names of the data types each of the parameter's paths names on the type ({@code Reference} for
	 * {@code Observation.subject}), or empty when a path names no plain element of it.
	 */
	public static Optional<java.util.Set<String>> elementTypes(FhirContext fhirContext, String type, RuntimeSearchParam param) {
		java.util.List<String> paths = param.getPathsSplitForResourceType(type);
		java.util.Set<String> types = new java.util.TreeSet<>();
		for (String path : paths) {
			BaseRuntimeElementDefinition<?> element = plain(path).map(plain -> element(fhirContext, type, plain)).orElse(null);
			if (element == null) {
				return Optional.empty();
			}
			types.add(element.getName());
		}
		return paths.isEmpty() ? Optional.empty() : Optional.of(types);
	}

	/** The element definition a plain path ({@code Observation.subject}) names, or null. */
	private static BaseRuntimeElementDefinition<?> element(FhirContext fhirContext, String type, String path) {
		if (!path.startsWith(type + ".")) {
			return null;
		}
		BaseRuntimeElementDefinition<?> current = fhirContext.getResourceDefinition(type);
		for (String name : path.substring(type.length() + 1).split("\\.")) {
			if (!(current instanceof BaseRuntimeElementCompositeDefinition<?> composite)) {
				return null;
			}
			BaseRuntimeChildDefinition child = composite.getChildByName(name);
			if (child == null) {
				return null;
			}
			current = child.getChildByName(name);
		}
		return current;
	}
}
