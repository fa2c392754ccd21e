package org.somaxis.guidance.knowledge;

/**
 * Codes an International Patient Summary fills an empty section with: those that say the patient has none of a kind
 * (ValueSet ips-known-absent: no known problems, no known medications), read as nothing, and those that say nothing is
 * known of it (ValueSet ips-no-information), which the record names so the clinician knows what was not checked.
 */
public record AbsentOrUnknown(ConceptSet knownAbsent, ConceptSet noInformation) {
	static final String KNOWN_ABSENT_VALUE_SET = "ips-known-absent";
	static final String NO_INFORMATION_VALUE_SET = "ips-no-information";
}
