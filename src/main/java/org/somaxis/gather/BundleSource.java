package org.somaxis.gather;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * An inline Bundle (any type) that carries one patient's data, e.g. {@code $evaluate}'s {@code data}. It must hold
 * exactly one Patient; resources without a plain id get the id of their {@code urn:uuid:} fullUrl so findings can
 * cite them, and the Patient's fullUrl counts as a reference to the patient. Nothing is stored.
 */
public final class BundleSource implements PatientDataSource {
	private final Bundle bundle;
	private final String parameterName;

	public BundleSource(Bundle bundle, String parameterName) {
		this.bundle = bundle;
		this.parameterName = parameterName;
	}

	/** @throws GatherException MALFORMED (no resource, not one Patient) or PATIENT_MISMATCH */
	@Override
	public PatientData gather(PatientQuery query) {
		List<Resource> resources = new ArrayList<>();
		Set<String> aliases = new LinkedHashSet<>();
		int index = 0;
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			Resource resource = entry.getResource();
			String location = parameterName + ".entry[" + index + "]";
			if (resource == null) {
				throw new GatherException(GatherException.Reason.MALFORMED,
						"Bundle entry " + index + " has no resource", location);
			}
			if (resource.fhirType().equals("Patient") && entry.hasFullUrl()) {
				aliases.add(entry.getFullUrl());
			}
			BundleIds.normalise(resource, entry.getFullUrl(), resource.fhirType().toLowerCase() + "-" + index);
			resources.add(resource);
			index++;
		}
		return PatientData.checked(query.patientId(), resources, List.of(), aliases, parameterName);
	}
}
