package org.somaxis.guidance.knowledge;

/** Groups of condition codes the record assembler recognises; listed in knowledge/codes.yaml. */
public enum CodeGroup {
	MALIGNANCY("malignancy"),
	DIABETES("diabetes"),
	HYPOTHALAMIC_PITUITARY("hypothalamic-pituitary"),
	CARDIAC("cardiac"),
	PREGNANCY("pregnancy");

	private final String key;

	CodeGroup(String key) {
		this.key = key;
	}

	public String key() {
		return key;
	}
}
