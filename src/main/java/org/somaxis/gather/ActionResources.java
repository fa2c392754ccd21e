package org.somaxis.gather;

import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.somaxis.guidance.Action;
import org.somaxis.guidance.record.Codes;

/**
 * The resources a suggestion's actions stand for, built once for both faces from the typed {@link Action}: the lab
 * order a CREATE proposes and the whole changed resource of an UPDATE. Nothing here reads a description.
 */
public final class ActionResources {
	private ActionResources() {}

	/**
	 * The ServiceRequest a CREATE action proposes, the same on both faces: status {@code draft}, intent {@code order}
	 * (a draft order the clinician signs), the LOINC code, subject the patient.
	 */
	public static ServiceRequest labOrder(Action action, String patientReference) {
		ServiceRequest order = new ServiceRequest();
		order.setStatus(ServiceRequest.ServiceRequestStatus.DRAFT);
		order.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
		order.setCode(new CodeableConcept(new Coding(Codes.LOINC, action.loincCode(), action.loincDisplay())));
		order.setSubject(new Reference(patientReference));
		return order;
	}

	/**
	 * The resource an UPDATE action acts on, changed exactly as its {@link Action.Change} says: a copy of the order
	 * with the new status and/or every dosage instruction's route set to the SNOMED CT code. Empty when the evaluation
	 * did not see the resource (then only its id can be given).
	 */
	public static Optional<Resource> changed(Action action, Map<String, Resource> known) {
		Resource current = known.get(action.resourceId());
		if (current == null || action.change() == null) {
			return Optional.empty();
		}
		if (!(current instanceof MedicationRequest order)) {
			throw new IllegalStateException("update actions change MedicationRequests, not " + current.fhirType());
		}
		MedicationRequest copy = order.copy();
		Action.Change change = action.change();
		if (change.status() != null) {
			copy.setStatus(MedicationRequest.MedicationRequestStatus.fromCode(change.status()));
		}
		if (change.routeCode() != null) {
			if (copy.getDosageInstruction().isEmpty()) {
				copy.addDosageInstruction();
			}
			for (Dosage dosage : copy.getDosageInstruction()) {
				dosage.setRoute(new CodeableConcept(new Coding(Codes.SNOMED, change.routeCode(), null)));
			}
		}
		return Optional.of(copy);
	}
}
