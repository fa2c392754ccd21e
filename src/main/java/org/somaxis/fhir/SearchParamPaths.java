package org.somaxis.fhir;

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
}
