package org.somaxis.guidance.knowledge;

/**
 * The values a pregnancy-status Observation (LOINC 82810-3) is read by: those that say the patient is pregnant
 * (ValueSet pregnancy-status-pregnant) and those that say she is not (ValueSet pregnancy-status-not-pregnant); and the
 * results of a qualitative pregnancy test (ValueSet pregnancy-tests), as its value or interpretation, that say positive
 * (pregnancy-test-positive) or negative (pregnancy-test-negative). A value in neither of a pair says nothing the record
 * can use. And the codes of an Observation whose value is the estimated delivery date of a pregnancy (ValueSet
 * estimated-delivery-date-codes), a clinic's additions included.
 */
public record PregnancyStatusValues(ConceptSet pregnant, ConceptSet notPregnant, ConceptSet testPositive,
		ConceptSet testNegative, ConceptSet estimatedDeliveryDate) {
	public static final String PREGNANT_VALUE_SET = "pregnancy-status-pregnant";
	public static final String NOT_PREGNANT_VALUE_SET = "pregnancy-status-not-pregnant";
	public static final String TEST_POSITIVE_VALUE_SET = "pregnancy-test-positive";
	public static final String TEST_NEGATIVE_VALUE_SET = "pregnancy-test-negative";
	public static final String ESTIMATED_DELIVERY_DATE_VALUE_SET = "estimated-delivery-date-codes";
}
