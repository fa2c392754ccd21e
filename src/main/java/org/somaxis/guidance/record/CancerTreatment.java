package org.somaxis.guidance.record;

/**
 * A medication record in effect that says a cancer's treatment is not complete ({@link PatientRecord#cancerTreatment()}).
 *
 * @param resourceId "MedicationRequest/m1" or "MedicationStatement/s1"
 * @param drug the drug as a card names it: the concept's text, a coding's display, or its system and code
 */
public record CancerTreatment(String resourceId, String drug) {
	/** "MedicationRequest/m1 (letrozole 2.5 MG Oral Tablet)". */
	public String describe() {
		return resourceId + " (" + drug + ")";
	}
}
