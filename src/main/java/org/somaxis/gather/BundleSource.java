package org.somaxis.gather;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;

/**
 * An inline Bundle (any type) that carries one patient's data, e.g. {@code $evaluate}'s {@code data}. It must hold
 * exactly one Patient; resources without a plain id get the id of their {@code urn:uuid:} fullUrl so findings can
 * cite them, and the Patient's fullUrl counts as a reference to the patient. Nothing is stored.
 */
public final class BundleSource implements PatientDataSource {
	private final Bundle bundle;
	private final String parameterName;
	private final String ownBase;

	/** @param ownBase this server's FHIR base as the client reached it (its Patient of the id is the patient), or null */
	public BundleSource(Bundle bundle, String parameterName, String ownBase) {
		this.bundle = bundle;
		this.parameterName = parameterName;
		this.ownBase = ownBase;
	}

	public BundleSource(Bundle bundle, String parameterName) {
		this(bundle, parameterName, null);
	}

	/**
	 * A delete entry (no resource; a history or transaction Bundle) is skipped; an OperationOutcome a search sent with
	 * its answer (a searchset's outcome entry) becomes a message when it warns, as in a CDS prefetch; so does a
	 * searchset that holds only part of its search's answer ({@link SearchPages}), which nothing here can fetch.
	 *
	 * @throws GatherException MALFORMED (another entry without a resource, not one Patient) or PATIENT_MISMATCH
	 */
	@Override
	public PatientData gather(PatientQuery query) {
		List<Resource> resources = new ArrayList<>();
		List<String> messages = new ArrayList<>();
		Set<String> aliases = new LinkedHashSet<>();
		read(bundle, parameterName, null, resources, messages, aliases);
		ZonelessTimes.named(resources, parameterName).ifPresent(messages::add);
		// this server's Patient of the id is the patient, unless the Patient entry says it is another server's
		boolean anotherServers = aliases.stream().map(org.hl7.fhir.r4.model.IdType::new)
				.anyMatch(alias -> alias.hasBaseUrl() && (ownBase == null
						|| !org.somaxis.fhir.ServerBases.isSameServer(alias.getBaseUrl(), ownBase)));
		return PatientData.checked(query.patientId(), resources, messages, aliases,
				ownBase == null || anotherServers ? Set.of() : Set.of(ownBase), parameterName);
	}

	/**
	 * The entries of a Bundle; of the outer one, a Bundle entry (the searchset answers of a batch of searches, as a
	 * batch-response carries them) is read as its entries. A Bundle in that one is refused: before, any Bundle entry was
	 * kept as a resource the record never reads, and a cancer in it was missed without a word.
	 */
	/** @param outerIndex the outer entry that holds this Bundle, null for the outer Bundle itself */
	private void read(Bundle bundle, String where, Integer outerIndex, List<Resource> resources, List<String> messages,
			Set<String> aliases) {
		for (int index = 0; index < bundle.getEntry().size(); index++) {
			Bundle.BundleEntryComponent entry = bundle.getEntry().get(index);
			Resource resource = entry.getResource();
			String location = where + ".entry[" + index + "]";
			if (resource == null) {
				if (entry.getRequest().getMethod() == Bundle.HTTPVerb.DELETE) {
					continue;
				}
				throw new GatherException(GatherException.Reason.MALFORMED,
						"Bundle entry " + index + " has no resource", location);
			}
			if (resource instanceof Bundle nested) {
				if (outerIndex != null) {
					throw new GatherException(GatherException.Reason.MALFORMED, location + " is a Bundle inside a Bundle"
							+ " inside " + parameterName + "; give the patient's resources, or Bundles of them", location);
				}
				read(nested, location + ".resource", index, resources, messages, aliases);
				continue;
			}
			if (resource instanceof OperationOutcome outcome && (bundle.getType() == Bundle.BundleType.SEARCHSET
					|| entry.getSearch().getMode() == Bundle.SearchEntryMode.OUTCOME)) {
				SearchOutcomes.note(location, outcome, messages);
				continue;
			}
			if (resource.fhirType().equals("Patient") && entry.getFullUrl() != null) {
				aliases.add(entry.getFullUrl());
			}
			BundleIds.normalise(resource, entry.getFullUrl(),
					resource.fhirType().toLowerCase() + "-" + (outerIndex == null ? "" : outerIndex + "-") + index);
			resources.add(resource);
		}
		if (bundle.getType() == Bundle.BundleType.SEARCHSET) {
			SearchPages.incomplete(bundle).ifPresent(why -> messages.add(where + " is a search answer that holds"
					+ " only part of it (" + why + "): some of the patient's data may be missing - please check it"));
		}
	}
}
