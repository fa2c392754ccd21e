package org.somaxis.guidance.record;

/** A hormone drug the record reads that is no GH-axis peptide: the peptide checks do not cover it. */
public enum OtherTherapy {
	GROWTH_HORMONE("growth hormone"),
	TESTOSTERONE("testosterone"),
	GH_STIMULATION_TEST("macimorelin, a one-dose growth hormone stimulation test");

	private final String label;

	OtherTherapy(String label) {
		this.label = label;
	}

	/** The therapy as messages name it. */
	public String label() {
		return label;
	}
}
