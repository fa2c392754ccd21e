package org.somaxis.guidance.knowledge;

/**
 * The values a pregnancy-status Observation (LOINC 82810-3) is read by: those that say the patient is pregnant
 * (ValueSet pregnancy-status-pregnant) and those that say she is not (ValueSet pregnancy-status-not-pregnant). A value
 * in neither says nothing the record can use.
 */
public record PregnancyStatusValues(ConceptSet pregnant, ConceptSet notPregnant) {
	public static final String PREGNANT_VALUE_SET = "pregnancy-status-pregnant";
	public static final String NOT_PREGNANT_VALUE_SET = "pregnancy-status-not-pregnant";
}
