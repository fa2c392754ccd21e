package org.somaxis.conformance;

import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.List;
import java.util.Map;
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

	/**
	 * The resource types the guidance reads through the patient's searches, each with the element that names its patient
	 * (an AllergyIntolerance calls it {@code patient}). {@code UnlinkedSubjectsTest} checks that it holds every gathered type.
	 */
	static final Map<String, String> READ_BY_PATIENT = Map.of("Observation", "subject", "MedicationRequest", "subject",
			"MedicationStatement", "subject", "MedicationAdministration", "subject", "MedicationDispense", "subject",
			"Condition", "subject", "Procedure", "subject", "ServiceRequest", "subject", "AllergyIntolerance", "patient");

	private UnlinkedSubjects() {}

	static void check(IBaseResource resource, List<SingleValidationMessage> messages) {
		if (!(resource instanceof Resource r) || !READ_BY_PATIENT.containsKey(r.fhirType())) {
			return;
		}
		String element = READ_BY_PATIENT.get(r.fhirType());
		Property subject = r.getNamedProperty(element);
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
				message.setLocationString(r.fhirType() + "." + element);
				message.setMessageId(MESSAGE_ID);
				message.setMessage(element + " names the patient only by " + (reference.hasIdentifier() ? "identifier" : "display")
						+ ", so this " + r.fhirType() + " is linked to no Patient on this server: the patient's searches do"
						+ " not find it and the guidance never reads it. Give " + element + ".reference (a conditional reference"
						+ " such as Patient?identifier=... in a transaction resolves it)");
				messages.add(message);
			}
		}
	}
}
