package org.somaxis.guidance.knowledge;

/**
 * Clinical concept groups the record assembler recognises. Each is a FHIR ValueSet in terminology/ (see
 * {@link #valueSetId()}), expanded into a {@link ConceptSet} when the knowledge is loaded.
 */
public enum CodeGroup {
	MALIGNANCY("malignancy", "malignancy-conditions", "malignancy-review-codes"),
	MALIGNANCY_HISTORY("malignancy-history", "malignancy-history-conditions", null),
	DIABETES("diabetes", "diabetes-conditions", null),
	HYPOTHALAMIC_PITUITARY("hypothalamic-pituitary", "hp-axis-conditions", "hp-axis-review-codes"),
	GH_EXCESS("acromegaly", "gh-excess-conditions", null),
	CARDIAC("cardiac", "cardiac-conditions", null),
	PREGNANCY("pregnancy", "pregnancy-conditions", "pregnancy-review-codes"),
	HEART_FAILURE("heart-failure", "heart-failure-conditions", null),
	LACTATION("lactation", "lactation-conditions", null),
	ACUTE_CRITICAL_ILLNESS("acute-critical-illness", "acute-critical-illness-conditions", "acute-critical-illness-review-codes");

	private final String key;
	private final String valueSetId;
	private final String reviewValueSetId;

	CodeGroup(String key, String valueSetId, String reviewValueSetId) {
		this.key = key;
		this.valueSetId = valueSetId;
		this.reviewValueSetId = reviewValueSetId;
	}

	/**
	 * Id of the ValueSet of codes that point to this group's concept without being members (a code system's whole
	 * chapter or category where the group's published sets list only some codes): a Condition coded so is named in a
	 * message, never counted. Null when the group has none.
	 */
	public String reviewValueSetId() {
		return reviewValueSetId;
	}

	public String key() {
		return key;
	}

	/** Id of the ValueSet in terminology/ (url http://somaxis.org/fhir/ValueSet/{id}). */
	public String valueSetId() {
		return valueSetId;
	}
}
