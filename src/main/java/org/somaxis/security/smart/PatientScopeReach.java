package org.somaxis.security.smart;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.auth.CompartmentSearchParameterModifications;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;

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
	private static final java.util.Map<String, java.util.Optional<Set<String>>> OTHER_PARAMETERS =
			new java.util.concurrent.ConcurrentHashMap<>();

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

	/**
	 * The ids of the patients whose compartment the resource is in; for a {@link Kind#NAMES_PATIENT} type, the patients
	 * its naming element refers to. A reference to another type (a performer Practitioner, a Group) names no patient;
	 * one without a type is taken as a patient id, as HAPI does.
	 */
	public static List<String> patientsOf(FhirContext fhirContext, IBaseResource resource,
			String type) {
		String naming = NAMING_PARAMETER.get(type);
		List<IIdType> owners = fhirContext.newTerser()
				.getCompartmentOwnersForResource(PATIENT, resource,
						CompartmentSearchParameterModifications.fromAdditionalAndOmittedSPNames(
								type, naming == null ? Set.of() : Set.of(naming), Set.of()));
		List<String> patients = new ArrayList<>();
		for (IIdType owner : owners) {
			// HAPI lists every reference of the compartment's parameters, a performer Practitioner or Organization
			// too: those are no patient, and no other patient's claim on the resource
			if (owner.getResourceType() == null || PATIENT.equals(owner.getResourceType())) {
				patients.add(owner.getIdPart());
			}
		}
		return patients;
	}

	/** Whether a {@code patient/} scope on {@code type} (or on {@code *}) can reach resources of that type at all. */
	public static boolean reachable(String type) {
		return kind(type) != Kind.NONE;
	}

	/** The search parameter HAPI narrows a patient token's searches by, where a type has it. */
	static final String PATIENT_PARAMETER = "patient";

	/**
	 * Whether a patient token's search of this type finds exactly what it may read: HAPI narrows it by the type's
	 * {@code patient} parameter (Patient itself by its id), and a patient scope reads a resource whose {@code patient}
	 * names its patient ({@link SmartVisibility}); or the type holds no patient's data. Not so for a type without a
	 * {@code patient} parameter (Group, Person: read only when no other patient is named) nor for Task and
	 * GuidanceResponse, which HAPI does not narrow at all: their matches are checked one by one.
	 */
	public static boolean narrowedByPatient(String type) {
		if (PATIENT.equals(type) || kind(type) == Kind.SHARED) {
			return true;
		}
		return kind(type) == Kind.COMPARTMENT && otherCompartmentParameters(type) != null;
	}

	/**
	 * The type's Patient compartment parameters other than {@code patient}, or null when it has no {@code patient}
	 * parameter.
	 */
	static Set<String> otherCompartmentParameters(String type) {
		return OTHER_PARAMETERS.computeIfAbsent(type, key -> {
			List<String> names = R4.getResourceDefinition(key).getSearchParamsForCompartmentName(PATIENT).stream()
					.map(ca.uhn.fhir.context.RuntimeSearchParam::getName).toList();
			return names.contains(PATIENT_PARAMETER)
					? java.util.Optional.of(Set.copyOf(names.stream().filter(name -> !PATIENT_PARAMETER.equals(name)).toList()))
					: java.util.Optional.empty();
		}).orElse(null);
	}

	private static boolean hasPatientCompartment(String type) {
		return R4.getResourceTypes().contains(type)
				&& !R4.getResourceDefinition(type).getSearchParamsForCompartmentName(PATIENT).isEmpty();
	}
}
