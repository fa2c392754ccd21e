package org.somaxis.security.smart;

import ca.uhn.fhir.context.FhirContext;
import java.util.Map;
import java.util.Set;

/**
 * Which resource types a {@code patient/} scope reaches, and how a resource of each type belongs to the patient.
 * Fails closed: a type that is neither in the Patient compartment, nor names its patient in a known element, nor
 * listed as shared reference data is not reachable by a {@code patient/} scope at all, wildcards included.
 *
 * <ul>
 *   <li>{@link Kind#COMPARTMENT}: the R4 Patient compartment (CompartmentDefinition/patient): Patient itself, and
 *       every type with a search parameter in it (Observation, Condition, MedicationRequest, ...);
 *   <li>{@link Kind#NAMES_PATIENT}: types outside the R4 compartment that are still one patient's data and name the
 *       patient in one element: Task ({@code Task.for}) and GuidanceResponse ({@code GuidanceResponse.subject}). A
 *       resource belongs to the patient when that element names it; searches of these types are not narrowed by
 *       HAPI, so each match is checked (never skipped, {@link SmartAccess#seesEveryMatch});
 *   <li>{@link Kind#SHARED}: types that hold no patient's data (medications, people and places that provide care,
 *       terminology and definitions); every resource is reachable;
 *   <li>{@link Kind#NONE}: everything else, e.g. a stored Bundle (a document or a message may hold any patient's
 *       data), Binary, Linkage, Subscription, Contract, AuditEvent.
 * </ul>
 */
public final class PatientScopeReach {

	/** How a type's resources belong to a patient, as far as a {@code patient/} scope is concerned. */
	public enum Kind {
		COMPARTMENT, NAMES_PATIENT, SHARED, NONE
	}

	/** The search parameter (R4) whose reference names the patient, for {@link Kind#NAMES_PATIENT} types. */
	static final Map<String, String> NAMING_PARAMETER = Map.of(
			"Task", "subject",
			"GuidanceResponse", "subject");

	/** Resource types that hold no patient's data. */
	static final Set<String> SHARED = Set.of(
			"Medication", "MedicationKnowledge", "Substance",
			"Practitioner", "PractitionerRole", "Organization", "OrganizationAffiliation", "Location",
			"HealthcareService", "Endpoint",
			"ValueSet", "CodeSystem", "ConceptMap", "NamingSystem", "TerminologyCapabilities",
			"StructureDefinition", "StructureMap", "SearchParameter", "OperationDefinition", "CapabilityStatement",
			"CompartmentDefinition", "ImplementationGuide", "GraphDefinition", "MessageDefinition",
			"Questionnaire", "PlanDefinition", "ActivityDefinition", "Library", "Measure",
			"ObservationDefinition", "SpecimenDefinition", "DeviceDefinition", "EventDefinition");

	private static final String PATIENT = "Patient";
	private static final FhirContext R4 = FhirContext.forR4Cached();

	private PatientScopeReach() {
	}

	public static Kind kind(String type) {
		if (PATIENT.equals(type) || hasPatientCompartment(type)) {
			return Kind.COMPARTMENT;
		}
		if (NAMING_PARAMETER.containsKey(type)) {
			return Kind.NAMES_PATIENT;
		}
		return SHARED.contains(type) ? Kind.SHARED : Kind.NONE;
	}

	/** Whether a {@code patient/} scope on {@code type} (or on {@code *}) can reach resources of that type at all. */
	public static boolean reachable(String type) {
		return kind(type) != Kind.NONE;
	}

	private static boolean hasPatientCompartment(String type) {
		return R4.getResourceTypes().contains(type)
				&& !R4.getResourceDefinition(type).getSearchParamsForCompartmentName(PATIENT).isEmpty();
	}
}
