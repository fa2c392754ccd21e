package org.somaxis.guidance.knowledge;

/**
 * Fixed texts from knowledge/settings.yaml that the faces show.
 *
 * @param decisionSupport framing shown once per response (card set, rule page, $evaluate output): decision support
 *     for a clinician, not a diagnosis
 * @param deceased the message given instead of guidance when Patient.deceased[x] is set
 * @param deceasedOrder the message given, with the safety findings only, when an order is written for such a patient
 * @param deceasedTreated the message given, with the safety findings only, when such a patient has a peptide in effect
 * @param incomplete the CDS card that says guidance may be incomplete: for each reason ({@link Incomplete}), its summary
 *     and its detail paragraph ({records} names the records concerned)
 * @param cancelGrowthHormoneDraft the label of that card's suggestion to cancel a growth hormone order being signed
 *     beside a condition the peptide checks stop for ({@link Incomplete#GROWTH_HORMONE})
 */
public record Notices(String decisionSupport, String deceased, String deceasedOrder, String deceasedTreated,
		java.util.Map<Incomplete, Text> incomplete, String cancelGrowthHormoneDraft) {

	/**
	 * The guidance-rules code (terminology/CodeSystem-guidance-rules.json) of "guidance may be incomplete", which is no
	 * rule: the CDS card's {@code source.topic}, and the code of {@code $evaluate}'s issue that says so.
	 */
	public static final String INCOMPLETE_CODE = "guidance-incomplete";

	public Notices {
		incomplete = java.util.Map.copyOf(incomplete);
	}

	/** Why guidance may be incomplete, in the order the card's summary is chosen by; the key in settings.yaml. */
	public enum Incomplete {
		DECEASED_ORDER("deceased-order"),
		DECEASED_TREATED("deceased-treated"),
		RETIRED_ORDER("retired-order"),
		GROWTH_HORMONE("growth-hormone"),
		GROWTH_HORMONE_CONDITION_UNREAD("growth-hormone-condition-unread"),
		SAFETY_FAILED("safety-failed"),
		AGE_UNKNOWN("age-unknown"),
		UNLINKED("unlinked"),
		LINKS_UNFOLLOWED("links-unfollowed"),
		CONDITION_UNREAD("condition-unread"),
		PREGNANCY_UNREAD("pregnancy-unread"),
		DRUG_UNREAD("drug-unread"),
		TREATMENT_UNREAD("treatment-unread"),
		GLYCAEMIA_UNREAD("glycaemia-unread"),
		IGF1_UNREAD("igf1-unread"),
		GIVEN_OR_DISPENSED_UNREAD("given-or-dispensed-unread"),
		ALLERGY_UNREAD("allergy-unread"),
		ALLERGIES_NOT_OBTAINED("allergies-not-obtained"),
		DATA("data"),
		RULE_FAILURES("rule-failures");

		private final String key;

		Incomplete(String key) {
			this.key = key;
		}

		public String key() {
			return key;
		}
	}

	/** A summary, and a detail paragraph (empty when the reason has none). */
	public record Text(String summary, String detail) {}

	public Text incomplete(Incomplete reason) {
		return incomplete.get(reason);
	}
}
