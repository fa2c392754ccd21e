package net.sourceforge.plantuml;

/**
 * Stands in for the one PlantUML method HAPI FHIR 8.8.0 calls by mistake. {@code ca.uhn.fhir.jpa.patch.ParsedFhirPath}
 * imports {@code net.sourceforge.plantuml.StringUtils} (HAPI declares no PlantUML dependency), so every FHIRPath Patch
 * whose path holds a function, such as {@code Patient.telecom.where(system='email')} to delete one list item, failed
 * with {@code NoClassDefFoundError}: a 500, and a batch entry that named the missing class (probe 48, S-C1). This class
 * is the method's whole contract; PlantUML itself (megabytes of a diagram tool) is not brought in for it. Remove it when
 * HAPI no longer calls it: {@code FhirRestContract#fhirPathPatchDeletingAListItemChosenByWhere_deletesIt} fails first.
 */
public final class StringUtils {
	private StringUtils() {
	}

	public static boolean isNotEmpty(CharSequence text) {
		return text != null && !text.isEmpty();
	}
}
