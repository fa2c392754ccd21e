package org.somaxis.guidance.knowledge;

/**
 * Fixed texts from knowledge/settings.yaml that the faces show.
 *
 * @param decisionSupport framing shown once per response (card set, rule page, $evaluate output): decision support
 *     for a clinician, not a diagnosis
 * @param deceased the message given instead of guidance when Patient.deceased[x] is set
 * @param deceasedOrder the message given, with the safety findings only, when an order is written for such a patient
 * @param deceasedTreated the message given, with the safety findings only, when such a patient has a peptide in effect
 */
public record Notices(String decisionSupport, String deceased, String deceasedOrder, String deceasedTreated) {}
