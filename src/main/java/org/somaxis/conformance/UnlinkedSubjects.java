package org.somaxis.conformance;

import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * A warning for a resource about a patient whose {@code subject} names the patient only by identifier or display, as
 * pharmacy and e-prescribing feeds send it: valid R4, so stored, but linked to no Patient here. The patient's searches
 * never find it, so the guidance never reads it: a peptide order so written meets no contraindication. A write and
 * {@code $validate} say so alike.
 */
final class UnlinkedSubjects {
	/** The message id of these warnings. */
	static final String MESSAGE_ID = "somaxis-unlinked-subject";

	/** The resource types the guidance reads through the patient's searches. */
	private static final Set<String> READ_BY_PATIENT = Set.of("Observation", "MedicationRequest", "MedicationStatement",
			"MedicationAdministration", "MedicationDispense", "Condition", "Procedure", "ServiceRequest");

	private UnlinkedSubjects() {}

	static void check(IBaseResource resource, List<SingleValidationMessage> messages) {
		if (!(resource instanceof Resource r) || !READ_BY_PATIENT.contains(r.fhirType())) {
			return;
		}
		Property subject = r.getNamedProperty("subject");
		if (subject == null || !subject.hasValues()) {
			return;
		}
		for (Base value : subject.getValues()) {
			if (value instanceof Reference reference
					&& (reference.getReference() == null || reference.getReference().isBlank())
					&& (!reference.hasType() || "Patient".equals(reference.getType()))
					&& (reference.hasIdentifier() || reference.hasDisplay())) {
				SingleValidationMessage message = new SingleValidationMessage();
				message.setSeverity(ResultSeverityEnum.WARNING);
				message.setLocationString(r.fhirType() + ".subject");
				message.setMessageId(MESSAGE_ID);
				message.setMessage("subject names the patient only by " + (reference.hasIdentifier() ? "identifier" : "display")
						+ ", so this " + r.fhirType() + " is linked to no Patient on this server: the patient's searches do"
						+ " not find it and the guidance never reads it. Give subject.reference (a conditional reference"
						+ " such as Patient?identifier=... in a transaction resolves it)");
				messages.add(message);
			}
		}
	}
}
