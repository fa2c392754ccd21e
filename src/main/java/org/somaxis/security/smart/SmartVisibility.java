package org.somaxis.security.smart;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.auth.CompartmentSearchParameterModifications;
import ca.uhn.fhir.jpa.searchparam.matcher.SearchParamMatcher;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.somaxis.security.smart.SmartScope.Context;
import org.somaxis.security.smart.SmartScope.Permission;

/**
 * Whether a token may see or write one resource: some scope must cover its type and permission, its fine-grained
 * filter (matched in memory, like a search) and, for a {@code patient/} scope, the patient's compartment. A bulk
 * export file is only ever its own client's ({@link ExportOwner}).
 */
public final class SmartVisibility {
	private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SmartVisibility.class);
	/** Filters already named in the log, so a search over many resources logs once. */
	private static final java.util.Set<String> UNJUDGEABLE_LOGGED = java.util.concurrent.ConcurrentHashMap.newKeySet();
	private static final String PATIENT = "Patient";

	private final FhirContext fhirContext;
	private final SearchParamMatcher matcher;

	public SmartVisibility(FhirContext fhirContext, SearchParamMatcher matcher) {
		this.fhirContext = fhirContext;
		this.matcher = matcher;
	}

	public boolean canSee(SmartAccess access, IBaseResource resource) {
		if (ExportOwner.isExportFile(resource)) {
			// a bulk export file: its own client's (with some system/ scope), whatever the token's Binary scope; one
			// with no owner (written in open mode) nobody's
			return access.hasSystemScope() && ExportOwner.mayTouch(access, resource);
		}
		String type = fhirContext.getResourceType(resource);
		return covered(access, access.readScopes(type), type, resource, false);
	}

	/** For a write: {@code resource} is the stored or the new version; each must be covered. */
	public boolean canWrite(SmartAccess access, IBaseResource resource, Permission... permissions) {
		if (!ExportOwner.mayTouch(access, resource)) {
			return false;
		}
		String type = fhirContext.getResourceType(resource);
		for (Permission permission : permissions) {
			if (covered(access, access.scopesFor(type, permission), type, resource, true)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether a write of a Patient from {@code stored} (null for a create) to {@code written} may change what its
	 * {@code link} names. A Patient is in the compartment of every Patient its links name (R4 CompartmentDefinition
	 * patient: {@code Patient.link}), and the store reads a linked record as the same person's (docs/operations.md), so
	 * a link joins two patients' records: adding, changing or removing one is an MPI's job, for a {@code user/} or
	 * {@code system/} scope. A {@code patient/} scope writes its own Patient only with its links as stored (for a
	 * create: none). The per-resource compartment rule ({@link #ownedOnlyBy}) decides a Patient by its id alone: a
	 * Patient with links is still its own patient's to read, and to update as long as the links stay as they are.
	 */
	public boolean mayWriteLinks(SmartAccess access, IBaseResource stored, IBaseResource written, Permission... permissions) {
		if (!(written instanceof Patient patient)) {
			return true;
		}
		if (links(stored instanceof Patient old ? old : null).equals(links(patient))) {
			return true;
		}
		return canWriteBeyondPatient(access, written, permissions)
				&& (stored == null || canWriteBeyondPatient(access, stored, permissions));
	}

	/** As {@link #canWrite}, by a {@code user/} or {@code system/} scope: what no {@code patient/} scope may change. */
	public boolean canWriteBeyondPatient(SmartAccess access, IBaseResource resource, Permission... permissions) {
		if (!ExportOwner.mayTouch(access, resource)) {
			return false;
		}
		String type = fhirContext.getResourceType(resource);
		for (Permission permission : permissions) {
			List<SmartScope> scopes = access.scopesFor(type, permission).stream()
					.filter(s -> s.context() != Context.PATIENT).toList();
			if (covered(access, scopes, type, resource, true)) {
				return true;
			}
		}
		return false;
	}

	/** What a Patient's links name, in any order: the link type, the reference (without version) and identifier. */
	private static Map<String, Long> links(Patient patient) {
		if (patient == null) {
			return Map.of();
		}
		return patient.getLink().stream().map(link -> {
			Reference other = link.getOther();
			String reference = other.getReferenceElement().isEmpty() ? "" : other.getReferenceElement().toVersionless().getValue();
			String identifier = other.hasIdentifier()
					? other.getIdentifier().getSystem() + "|" + other.getIdentifier().getValue() : "";
			return link.getTypeElement().getValueAsString() + " " + reference + " " + identifier;
		}).collect(Collectors.groupingBy(key -> key, Collectors.counting()));
	}

	/**
	 * @param write a patient scope writes what is in its patient's compartment and in no other patient's
	 *     ({@link #ownedOnlyBy}); it reads what is about its patient ({@link #about}), which is what its narrowed
	 *     searches find
	 */
	private boolean covered(SmartAccess access, List<SmartScope> scopes, String type, IBaseResource resource,
			boolean write) {
		for (SmartScope scope : scopes) {
			if (scope.context() == Context.PATIENT && !(write
					? ownedOnlyBy(resource, type, access.patientId())
					: about(resource, type, access.patientId()))) {
				continue;
			}
			if (!scope.filter().isEmpty() && !matches(type, scope, resource)) {
				continue;
			}
			return true;
		}
		return false;
	}

	/**
	 * Whether the resource matches the scope's filter. A filter this server cannot judge (a parameter {@code type} does
	 * not have, {@code ?foo=bar}) matches nothing: such a scope grants nothing, as one with an unknown letter does.
	 */
	private boolean matches(String type, SmartScope scope, IBaseResource resource) {
		try {
			return matcher.match(type + "?" + scope.filterQuery(), resource, null).matched();
		} catch (InvalidRequestException e) {
			String filter = type + "?" + String.join("&", scope.filter().keySet());
			if (UNJUDGEABLE_LOGGED.size() < 1000 && UNJUDGEABLE_LOGGED.add(filter)) {
				// parameter names only: the values of a scope's filter may name a patient
				log.warn("A SMART scope filter on {} cannot be judged here and grants nothing", filter);
			}
			return false;
		}
	}

	/**
	 * True when a {@code patient/} scope of {@code patientId} reaches the resource ({@link PatientScopeReach}): it is
	 * the patient, is in the patient's compartment, names the patient in the element its type uses for that (Task,
	 * GuidanceResponse), or is of a type that holds no patient's data (Medication, Practitioner, ValueSet).
	 */
	public boolean inCompartment(IBaseResource resource, String type, String patientId) {
		return switch (PatientScopeReach.kind(type)) {
			case SHARED -> true;
			case NONE -> false;
			case COMPARTMENT, NAMES_PATIENT -> PATIENT.equals(type)
					? patientId.equals(resource.getIdElement().getIdPart())
					: owners(resource, type).stream().anyMatch(patientId::equals);
		};
	}

	/**
	 * What a patient-context scope reads: a resource about its patient, whose {@code patient} parameter names it (an
	 * Observation whose subject is the patient, whoever performed it; an Appointment the patient takes part in), as the
	 * patient's narrowed searches find it. A resource that names the patient only in another role (an Observation about
	 * another patient that the patient performed) is not the patient's. Types without a {@code patient} parameter
	 * (Group, Person) are read only when no other patient is named; Task and GuidanceResponse when they name the
	 * patient alone.
	 */
	boolean about(IBaseResource resource, String type, String patientId) {
		java.util.Set<String> others = PATIENT.equals(type) || PatientScopeReach.kind(type) != PatientScopeReach.Kind.COMPARTMENT
				? null : PatientScopeReach.otherCompartmentParameters(type);
		if (others == null) {
			return ownedOnlyBy(resource, type, patientId);
		}
		return fhirContext.newTerser().getCompartmentOwnersForResource(PATIENT, resource,
						CompartmentSearchParameterModifications.fromAdditionalAndOmittedSPNames(type, Set.of(), others))
				.stream()
				.anyMatch(owner -> patientId.equals(owner.getIdPart())
						&& (owner.getResourceType() == null || PATIENT.equals(owner.getResourceType())));
	}

	/**
	 * What a patient-context scope may write: a resource in the patient's compartment and in no other
	 * patient's. Being in the compartment through any link is not enough: an Observation about another patient that
	 * names the token's patient as its performer (or a Condition naming it as asserter) is in both compartments, and a
	 * patient token wrote "not pregnant" into another patient's chart that way, which erased a contraindication; an
	 * Appointment of two patients names the other one.
	 */
	boolean ownedOnlyBy(IBaseResource resource, String type, String patientId) {
		if (PATIENT.equals(type) || PatientScopeReach.kind(type) == PatientScopeReach.Kind.SHARED
				|| PatientScopeReach.kind(type) == PatientScopeReach.Kind.NONE) {
			return inCompartment(resource, type, patientId);
		}
		List<String> owners = owners(resource, type);
		return !owners.isEmpty() && owners.stream().allMatch(patientId::equals);
	}

	/**
	 * The ids of the patients whose compartment the resource is in; for a {@link PatientScopeReach.Kind#NAMES_PATIENT}
	 * type, the patients its naming element refers to. A reference to another type (a performer Practitioner, a Group)
	 * names no patient; one without a type is taken as a patient id, as HAPI does.
	 */
	private List<String> owners(IBaseResource resource, String type) {
		return PatientScopeReach.patientsOf(fhirContext, resource, type);
	}

}
