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
 *       HAPI, so each match is checked (never skipped, {@link SmartAccess#returnsEveryMatchUnchecked});
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
	private static final java.util.Map<String, Boolean> SINGLE_OWNER = new java.util.concurrent.ConcurrentHashMap<>();

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

	/**
	 * Whether a resource of this type that a search narrowed to a patient finds can belong to no other patient: its
	 * Patient compartment is one single-valued element (Encounter.subject, MedicationRequest.subject), or it has none
	 * (shared data). Not so for Observation (subject and performer), Condition (subject and asserter) or Appointment
	 * (every participant): such a match may be in another patient's compartment too, which a patient token may not
	 * read, so each match must be checked. Patient itself is narrowed by its id. Task and GuidanceResponse are not
	 * narrowed at all.
	 */
	public static boolean singleOwner(String type) {
		if (PATIENT.equals(type) || kind(type) == Kind.SHARED) {
			return true;
		}
		if (kind(type) != Kind.COMPARTMENT) {
			return false;
		}
		return SINGLE_OWNER.computeIfAbsent(type, PatientScopeReach::compartmentIsOneSingleElement);
	}

	private static boolean compartmentIsOneSingleElement(String type) {
		ca.uhn.fhir.context.RuntimeResourceDefinition definition = R4.getResourceDefinition(type);
		java.util.Set<String> paths = new java.util.TreeSet<>();
		for (ca.uhn.fhir.context.RuntimeSearchParam parameter : definition.getSearchParamsForCompartmentName(PATIENT)) {
			for (String path : parameter.getPathsSplit()) {
				paths.add(path.replaceAll("\\.where\\(.*$", "").trim());
			}
		}
		if (paths.size() != 1) {
			return false;
		}
		String[] elements = paths.iterator().next().split("\\.");
		ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition<?> current = definition;
		for (int i = 1; i < elements.length; i++) {
			ca.uhn.fhir.context.BaseRuntimeChildDefinition child = current.getChildByName(elements[i]);
			if (child == null || child.getMax() != 1) {
				return false;
			}
			if (i < elements.length - 1) {
				if (!(child.getChildByName(elements[i]) instanceof ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition<?> next)) {
					return false;
				}
				current = next;
			}
		}
		return true;
	}

	private static boolean hasPatientCompartment(String type) {
		return R4.getResourceTypes().contains(type)
				&& !R4.getResourceDefinition(type).getSearchParamsForCompartmentName(PATIENT).isEmpty();
	}
}
