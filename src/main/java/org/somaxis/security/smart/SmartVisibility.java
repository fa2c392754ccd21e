package org.somaxis.security.smart;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.interceptor.auth.CompartmentSearchParameterModifications;
import ca.uhn.fhir.jpa.searchparam.matcher.SearchParamMatcher;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.somaxis.security.smart.SmartScope.Context;
import org.somaxis.security.smart.SmartScope.Permission;

/**
 * Whether a token may see or write one resource: some scope must cover its type and permission, its fine-grained
 * filter (matched in memory, like a search) and, for a {@code patient/} scope, the patient's compartment.
 */
public final class SmartVisibility {
	private static final String PATIENT = "Patient";

	private final FhirContext fhirContext;
	private final SearchParamMatcher matcher;

	public SmartVisibility(FhirContext fhirContext, SearchParamMatcher matcher) {
		this.fhirContext = fhirContext;
		this.matcher = matcher;
	}

	public boolean canSee(SmartAccess access, IBaseResource resource) {
		String type = fhirContext.getResourceType(resource);
		return covered(access, access.readScopes(type), type, resource);
	}

	/** For a write: {@code resource} is the stored or the new version; each must be covered. */
	public boolean canWrite(SmartAccess access, IBaseResource resource, Permission... permissions) {
		String type = fhirContext.getResourceType(resource);
		for (Permission permission : permissions) {
			if (covered(access, access.scopesFor(type, permission), type, resource)) {
				return true;
			}
		}
		return false;
	}

	private boolean covered(SmartAccess access, List<SmartScope> scopes, String type, IBaseResource resource) {
		for (SmartScope scope : scopes) {
			if (scope.context() == Context.PATIENT && !ownedOnlyBy(resource, type, access.patientId())) {
				continue;
			}
			if (!scope.filter().isEmpty()
					&& !matcher.match(type + "?" + scope.filterQuery(), resource, null).matched()) {
				continue;
			}
			return true;
		}
		return false;
	}

	/**
	 * True when the resource belongs to the patient's compartment, or when its type has no patient compartment at all
	 * (Medication, Practitioner, ValueSet: not any patient's data).
	 */
	public boolean inCompartment(IBaseResource resource, String type, String patientId) {
		if (PATIENT.equals(type)) {
			return patientId.equals(resource.getIdElement().getIdPart());
		}
		if (!hasPatientCompartment(type)) {
			return true;
		}
		List<IIdType> owners = fhirContext.newTerser().getCompartmentOwnersForResource(
				PATIENT, resource,
				CompartmentSearchParameterModifications.fromAdditionalAndOmittedSPNames(type, Set.of(), Set.of()));
		return owners.stream().anyMatch(owner -> patientId.equals(owner.getIdPart())
				&& (owner.getResourceType() == null || PATIENT.equals(owner.getResourceType())));
	}

	/**
	 * What a patient-context scope may write: a resource in the patient's compartment and in no other patient's. Being
	 * in the compartment through any link is not enough for a write: an Observation about another patient that names
	 * the token's patient as its performer (or a Condition naming it as asserter) is in both compartments, and a
	 * patient token wrote "not pregnant" into another patient's chart that way, which erased a contraindication.
	 */
	boolean ownedOnlyBy(IBaseResource resource, String type, String patientId) {
		if (PATIENT.equals(type) || !hasPatientCompartment(type)) {
			return inCompartment(resource, type, patientId);
		}
		List<IIdType> owners = fhirContext.newTerser().getCompartmentOwnersForResource(
				PATIENT, resource,
				CompartmentSearchParameterModifications.fromAdditionalAndOmittedSPNames(type, Set.of(), Set.of()));
		return !owners.isEmpty() && owners.stream().allMatch(owner -> patientId.equals(owner.getIdPart())
				&& (owner.getResourceType() == null || PATIENT.equals(owner.getResourceType())));
	}

	public boolean hasPatientCompartment(String type) {
		RuntimeResourceDefinition definition = fhirContext.getResourceDefinition(type);
		return PATIENT.equals(type) || !definition.getSearchParamsForCompartmentName(PATIENT).isEmpty();
	}
}
