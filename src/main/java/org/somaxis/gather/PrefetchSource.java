package org.somaxis.gather;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/**
 * A CDS request's prefetch, one key per {@link GatherPlan.Part}. A key holding a resource or a searchset Bundle is
 * used (an OperationOutcome entry that warns becomes a message; one that reports an error makes the key unsatisfied; a
 * Bundle nested in the entries is MALFORMED);
 * {@code null} means "no data" and is not fetched again. A key that is absent, holds an OperationOutcome (the client
 * failed to get it) or a Bundle that holds only part of its search's answer ({@link SearchPages}) is fetched from the fallback ({@link DataSources}
 * decides which: our store or an allow-listed remote server), or, with no fallback, the data is UNAVAILABLE; so is a
 * {@code patient} that is null or holds no Patient.
 */
public final class PrefetchSource implements PatientDataSource {
	private final FhirContext fhir;
	private final JsonNode prefetch;
	private final PartFetcher fallback;
	private final String noFallbackReason;
	private final Set<String> bases;

	/** @param bases the servers whose Patient of the context's id is the patient (the client's fhirServer, this server) */
	PrefetchSource(FhirContext fhir, JsonNode prefetch, PartFetcher fallback, String noFallbackReason, Set<String> bases) {
		this.fhir = fhir;
		this.prefetch = prefetch;
		this.fallback = fallback;
		this.noFallbackReason = noFallbackReason;
		this.bases = Set.copyOf(bases);
	}

	PrefetchSource(FhirContext fhir, JsonNode prefetch, PartFetcher fallback, String noFallbackReason) {
		this(fhir, prefetch, fallback, noFallbackReason, Set.of());
	}

	/**
	 * @throws GatherException MALFORMED (a key that is not FHIR), PATIENT_MISMATCH (a prefetched Patient or resource
	 *     that is not {@code query.patientId()}'s), UNAVAILABLE (patient null, or missing keys and no fallback)
	 */
	@Override
	public PatientData gather(PatientQuery query) {
		List<Resource> resources = new ArrayList<>();
		List<String> messages = new ArrayList<>();
		Set<GatherPlan.Part> missing = EnumSet.noneOf(GatherPlan.Part.class);
		// what a supplementary key held when it held only part of its search: read beside a fallback's answer (readPartial)
		java.util.Map<GatherPlan.Part, List<Resource>> partial = new java.util.EnumMap<>(GatherPlan.Part.class);
		for (GatherPlan.Part part : GatherPlan.Part.values()) {
			if (!query.parts().contains(part)) {
				continue; // not read by this hook's rules: neither required nor used
			}
			JsonNode value = prefetch == null ? null : prefetch.get(part.prefetchKey());
			if (value == null) {
				missing.add(part);
			} else if (value.isNull()) {
				if (part == GatherPlan.Part.PATIENT) {
					throw new GatherException(GatherException.Reason.UNAVAILABLE, "prefetch 'patient' is null: the client has"
							+ " no Patient/" + query.patientId() + ", and guidance cannot be computed without one");
				}
			} else {
				Supplied supplied = supplied(part.prefetchKey(), value, messages);
				if (!supplied.complete()) {
					missing.add(part);
					if (part.supplementary()) {
						partial.put(part, supplied.resources());
					}
				} else if (part == GatherPlan.Part.PATIENT && supplied.resources().stream().noneMatch(Patient.class::isInstance)) {
					throw new GatherException(GatherException.Reason.UNAVAILABLE, "prefetch 'patient' holds no Patient: the"
							+ " client has no Patient/" + query.patientId() + ", and guidance cannot be computed without one");
				} else {
					resources.addAll(supplied.resources());
				}
			}
		}
		ZonelessTimes.named(resources, "The prefetch").ifPresent(messages::add);
		Set<GatherPlan.Part> unread = java.util.EnumSet.noneOf(GatherPlan.Part.class);
		if (fallback == null && missing.remove(GatherPlan.Part.LIFESTYLE_OBSERVATIONS)) {
			// only the sleep and exercise rules read them, and with none those rules are quiet: the safety cards come,
			// and the clinician is told the lifestyle guidance was not given (a wearable's nights, paged by the EHR)
			messages.add("Sleep and exercise observations (prefetch 'lifestyleObservations') were not given in full"
					+ " (absent, part of a search, or a failed search) and there is nowhere to fetch them from, so the"
					+ " sleep and exercise guidance was not given - please check them");
		}
		if (!missing.isEmpty()) {
			boolean required = missing.stream().anyMatch(part -> !part.supplementary());
			String keys = missing.stream().map(part -> "'" + part.prefetchKey() + "'").sorted()
					.collect(java.util.stream.Collectors.joining(", "));
			if (fallback == null && required) {
				throw new GatherException(GatherException.Reason.UNAVAILABLE, noFallbackReason + " (prefetch not given in full: "
						+ missing.stream().filter(part -> !part.supplementary()).map(part -> "'" + part.prefetchKey() + "'")
								.sorted().collect(java.util.stream.Collectors.joining(", ")) + ")");
			} else if (fallback == null) {
				unread.addAll(missing);
				messages.addAll(GatherPlan.notRead(missing, "the prefetch did not give " + keys + " in full (absent, as from a"
						+ " client that read an older discovery document, part of a search, or a failed search) and there is"
						+ " nowhere to fetch them from"));
			} else if (required) {
				resources.addAll(fetchRest(query, missing));
			} else {
				try { // only supplementary parts: a fallback that cannot give them (a patient it does not hold) is named
					resources.addAll(fallback.fetch(query, missing));
				} catch (GatherException e) {
					unread.addAll(missing);
					messages.addAll(GatherPlan.notRead(missing, "the prefetch did not give " + keys + " in full (absent, as"
							+ " from a client that read an older discovery document, part of a search, or a failed search)"
							+ " and they could not be fetched: " + e.getMessage()));
				}
			}
		}
		readPartial(partial, resources);
		// prefetched orders may name Medications the client did not send; the fallback can supply them
		Set<String> medications = MedicationReferences.among(resources).missingIds(resources, this::holdsBase);
		if (!medications.isEmpty() && fallback != null) {
			resources.addAll(fallback.medications(medications));
		}
		// and the Substances that prefetched Medications' ingredients name (a compounded vial's peptide)
		Set<String> substances = MedicationReferences.missingSubstanceIds(resources);
		if (!substances.isEmpty() && fallback != null) {
			try {
				resources.addAll(fallback.substances(substances));
			} catch (GatherException e) { // the ingredient is then named as unreadable, as any that does not resolve
				messages.add("The Substances that prefetched Medications name (" + String.join(", ", substances)
						+ ") could not be fetched: " + e.getMessage());
			}
		}
		if (fallback != null) {
			messages.addAll(fallback.messages());
		}
		return PatientData.checked(query.patientId(), resources, messages, Set.of(), bases,
				fallback == null ? PatientLinks.Gathered.NONE : fallback.linkedRecords(), "prefetch")
				.unread(unread)
				.unread(fallback == null ? Set.of() : fallback.unreadParts());
	}

	/**
	 * Adds what the prefetch held of a supplementary key that held only part of its search (a next link, or a search
	 * that failed beside some results): an allergy to the peptide or a peptide given that the client did send is read,
	 * beside whatever a fallback answered for the key (a resource it also returned, by type and id, is read once). When
	 * nothing answered in full, the key is still named as not read in full. Never set aside: a fallback that does not
	 * hold what the client sent (another server's record, a store that missed a write) must not hide it.
	 */
	private static void readPartial(java.util.Map<GatherPlan.Part, List<Resource>> partial, List<Resource> resources) {
		Set<String> read = new java.util.HashSet<>();
		resources.forEach(resource -> read.add(resource.fhirType() + "/" + resource.getIdElement().getIdPart()));
		partial.values().forEach(held -> held.stream()
				.filter(resource -> !read.contains(resource.fhirType() + "/" + resource.getIdElement().getIdPart()))
				.forEach(resources::add));
	}

	/**
	 * The parts the prefetch left out or held only in part, from the fallback. When the prefetch did supply the Patient
	 * but the fallback does not know it, the data is UNAVAILABLE and the message names the parts, not the Patient.
	 */
	private List<Resource> fetchRest(PatientQuery query, Set<GatherPlan.Part> missing) {
		try {
			return fallback.fetch(query, missing);
		} catch (GatherException e) {
			if (missing.contains(GatherPlan.Part.PATIENT) || e.reason() == GatherException.Reason.UNAVAILABLE) {
				throw e;
			}
			throw new GatherException(GatherException.Reason.UNAVAILABLE, "the prefetch holds only part of "
					+ missing.stream().map(GatherPlan.Part::prefetchKey).map(key -> "'" + key + "'").sorted()
							.collect(java.util.stream.Collectors.joining(", "))
					+ " (missing, or a search with more pages), and the rest cannot be fetched: " + e.getMessage());
		}
	}

	/** The fallback's base, if there is one. */
	@Override
	public boolean holdsBase(String base) {
		return fallback != null && fallback.holdsBase(base);
	}

	/** From the fallback, if there is one (our store or the allow-listed server); else none. */
	@Override
	public List<Resource> medications(Set<String> ids) {
		return fallback == null ? List.of() : fallback.medications(ids);
	}

	/** A prefetch key's resources; not complete when it held only part of its search, or a search that failed. */
	private record Supplied(List<Resource> resources, boolean complete) {}

	private Supplied supplied(String key, JsonNode value, List<String> messages) {
		String where = "prefetch." + key;
		if (!value.isObject()) {
			throw new GatherException(GatherException.Reason.MALFORMED, where + " must be a FHIR resource or null", where);
		}
		IBaseResource parsed;
		try {
			parsed = fhir.newJsonParser().parseResource(value.toString());
		} catch (DataFormatException e) {
			// the parser's message names the element and the value it could not read
			throw new GatherException(GatherException.Reason.MALFORMED,
					where + " is not a FHIR R4 resource: " + e.getMessage(), where);
		}
		if (parsed instanceof OperationOutcome) {
			return new Supplied(List.of(), false);
		}
		if (parsed instanceof Bundle bundle) {
			// part of the answer (SearchPages), or the client's search failed: fetched like an absent key, and what it
			// holds is kept for a supplementary part (readPartial)
			boolean complete = SearchPages.incomplete(bundle).isEmpty() && bundle.getEntry().stream()
					.noneMatch(entry -> entry.getResource() instanceof OperationOutcome outcome && SearchOutcomes.failed(outcome));
			List<Resource> entries = new ArrayList<>();
			int index = 0;
			for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
				Resource resource = entry.getResource();
				if (resource instanceof OperationOutcome outcome) {
					if (complete) {
						SearchOutcomes.note("prefetch '" + key + "'", outcome, messages);
					}
				} else if (resource instanceof Bundle) {
					throw new GatherException(GatherException.Reason.MALFORMED, where + ".entry[" + index + "] is a Bundle;"
							+ " a prefetch value is a resource or a searchset Bundle of resources", where);
				} else if (resource != null) {
					BundleIds.normalise(resource, entry.getFullUrl(), key + "-" + index);
					entries.add(resource);
				}
				index++;
			}
			return new Supplied(entries, complete);
		}
		Resource resource = (Resource) parsed;
		if (resource instanceof Patient && !resource.getIdElement().hasIdPart()) {
			throw new GatherException(GatherException.Reason.MALFORMED, where + " is a Patient without an id, so it cannot"
					+ " be checked to be the requested patient", where);
		}
		BundleIds.normalise(resource, null, key);
		return new Supplied(List.of(resource), true);
	}
}
