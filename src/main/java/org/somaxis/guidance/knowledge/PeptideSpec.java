package org.somaxis.guidance.knowledge;

import java.util.Map;

/**
 * A GH-axis peptide from the gh-peptides CodeSystem.
 *
 * @param mechanism "ghrh-analogue" or "ghs"
 * @param usualRoute SNOMED route code (34206005 subcutaneous, 26643006 oral)
 * @param regulatory status per jurisdiction code (US, CN)
 */
public record PeptideSpec(
		String code, String display, String mechanism, String usualRoute, Map<String, RegulatoryStatus> regulatory) {

	public static final String GHRH_ANALOGUE = "ghrh-analogue";
	public static final String GHS = "ghs";

	public PeptideSpec {
		regulatory = Map.copyOf(regulatory);
	}

	/**
	 * @param status approved | discontinued | unapproved | restricted
	 * @param note plain-language fact shown on the card
	 * @param sources citation ids
	 */
	public record RegulatoryStatus(String status, String note, java.util.List<String> sources) {
		public static final java.util.Set<String> STATUSES =
				java.util.Set.of("approved", "discontinued", "unapproved", "restricted");

		public RegulatoryStatus {
			sources = java.util.List.copyOf(sources);
		}
	}
}
