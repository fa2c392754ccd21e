package org.somaxis.guidance.knowledge;

/**
 * Clinical concept groups the record assembler recognises. Each is a FHIR ValueSet in terminology/ (see
 * {@link #valueSetId()}), expanded into a {@link ConceptSet} when the knowledge is loaded.
 */
public enum CodeGroup {
	MALIGNANCY("malignancy", "malignancy-conditions"),
	DIABETES("diabetes", "diabetes-conditions"),
	HYPOTHALAMIC_PITUITARY("hypothalamic-pituitary", "hp-axis-conditions"),
	CARDIAC("cardiac", "cardiac-conditions"),
	PREGNANCY("pregnancy", "pregnancy-conditions");

	private final String key;
	private final String valueSetId;

	CodeGroup(String key, String valueSetId) {
		this.key = key;
		this.valueSetId = valueSetId;
	}

	public String key() {
		return key;
	}

	/** Id of the ValueSet in terminology/ (url http://somaxis.org/fhir/ValueSet/{id}). */
	public String valueSetId() {
		return valueSetId;
	}
}
