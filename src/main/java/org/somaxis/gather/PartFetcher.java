package org.somaxis.gather;

import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Resource;

/** A server that can run some parts of the {@link GatherPlan}: what a prefetch falls back on for its missing keys. */
interface PartFetcher {

	/** The resources of the requested parts, unchecked (the caller checks identity over the whole). */
	List<Resource> fetch(PatientQuery query, Set<GatherPlan.Part> parts);

	/** The Medications with these ids, for prefetched orders that name their drug by a reference it did not carry. */
	List<Resource> medications(Set<String> ids);

	/** The Substances with these ids, for prefetched Medications whose ingredients name them. */
	List<Resource> substances(Set<String> ids);

	/** The supplementary parts whose search could not be answered (named in {@link #messages()}). */
	default Set<GatherPlan.Part> unreadParts() {
		return Set.of();
	}

	/** As {@link PatientDataSource#holdsBase}. */
	default boolean holdsBase(String base) {
		return false;
	}

	/** What the fetches so far could not read in full (a search cut short, a server's warning), for the clinician. */
	default List<String> messages() {
		return List.of();
	}

	/** What the fetches read of the records of the Patients the fetched Patient links ({@link PatientLinks}). */
	default PatientLinks.Gathered linkedRecords() {
		return PatientLinks.Gathered.NONE;
	}
}
