package org.somaxis.platform;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.IPreResourceAccessDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.somaxis.fhir.BoundedMaps;
import org.somaxis.security.smart.PatientScopeReach;

/**
 * {@code Patient/[id]/$everything} returns the patient's data and the resources it refers to, but never another
 * patient's. HAPI follows every reference out of the compartment and drops only other Patients, so one reference from
 * the patient's record (a Condition's evidence, an Observation's derivedFrom, a newborn's record citing the mother's
 * result) returned another patient's Condition, MedicationRequest or Observation marked {@code match}, for every
 * client that is not a patient-context token (probe 48, S-C5); a client that files the answer under the patient imports
 * them into the wrong chart. A resource in some patient's compartment (or naming its patient, Task and
 * GuidanceResponse) but not in this patient's is left out, on every page; supporting resources (Practitioner,
 * Organization, Medication, Location) and resources that name no patient stay.
 *
 * <p>Later pages are requests of their own ({@code ?_getpages=<search id>}): the search ids of the {@code $everything}
 * answers this server gave are remembered (the latest {@value #REMEMBERED} of them, in memory) with their patient. A
 * page asked of another node of a cluster is not filtered.
 */
@Interceptor
public final class EverythingCompartment {
	static final int REMEMBERED = 10_000;

	private final FhirContext fhirContext;
	private final Map<String, String> patientOfSearch = BoundedMaps.keepingAtMost(REMEMBERED, true);

	public EverythingCompartment(FhirContext fhirContext) {
		this.fhirContext = fhirContext;
	}

	@Hook(Pointcut.STORAGE_PREACCESS_RESOURCES)
	public void onlyThisPatientsData(IPreResourceAccessDetails details, RequestDetails request) {
		String patientId = patientOf(request);
		if (patientId == null) {
			return;
		}
		for (int i = 0; i < details.size(); i++) {
			IBaseResource resource = details.getResource(i);
			if (resource != null && isAnotherPatientsData(resource, patientId)) {
				details.setDontReturnResourceAtIndex(i);
			}
		}
	}

	@Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
	public void rememberItsPages(RequestDetails request, ResponseDetails response) {
		String patientId = patientOf(request);
		if (patientId != null && response.getResponseResource() instanceof Bundle page
				&& page.getLink(Bundle.LINK_NEXT) != null) {
			String search = searchId(page.getLink(Bundle.LINK_NEXT).getUrl());
			if (search != null) {
				patientOfSearch.put(search, patientId);
			}
		}
	}

	/** The patient of a {@code Patient/[id]/$everything} request or of one of its pages; null for any other request. */
	private String patientOf(RequestDetails request) {
		if (request == null) {
			return null;
		}
		if ("$everything".equals(request.getOperation()) && "Patient".equals(request.getResourceName())
				&& request.getId() != null && request.getId().hasIdPart()) {
			return request.getId().getIdPart();
		}
		String[] pages = request.getParameters() == null ? null : request.getParameters().get(Constants.PARAM_PAGINGACTION);
		return pages == null || pages.length != 1 ? null : patientOfSearch.get(pages[0]);
	}

	private boolean isAnotherPatientsData(IBaseResource resource, String patientId) {
		String type = fhirContext.getResourceType(resource);
		PatientScopeReach.Kind kind = PatientScopeReach.kind(type);
		if ("Patient".equals(type) || (kind != PatientScopeReach.Kind.COMPARTMENT && kind != PatientScopeReach.Kind.NAMES_PATIENT)) {
			return false; // HAPI leaves other Patients out itself
		}
		List<String> patients = PatientScopeReach.patientsOf(fhirContext, resource, type);
		return !patients.isEmpty() && !patients.contains(patientId);
	}

	private static String searchId(String url) {
		int at = url.indexOf(Constants.PARAM_PAGINGACTION + "=");
		if (at < 0) {
			return null;
		}
		String rest = url.substring(at + Constants.PARAM_PAGINGACTION.length() + 1);
		int end = rest.indexOf('&');
		return end < 0 ? rest : rest.substring(0, end);
	}
}
