package org.somaxis.gather;

import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Resource;

/**
 * Where one patient's data comes from: the local store, an inline Bundle, a CDS prefetch or an allow-listed remote
 * FHIR server. Every source reads only the parts of the {@link GatherPlan}, returns the data with its messages, and
 * checks that what it returns belongs to the patient asked for ({@link PatientData#checked}).
 */
public interface PatientDataSource {

	/** @throws GatherException when the data cannot be obtained or belongs to another patient */
	PatientData gather(PatientQuery query);

	/**
	 * The Medications with these ids, for draft orders that name their drug by a reference the gathered data does not
	 * hold; none where the source has nowhere to look (an inline Bundle is all there is).
	 *
	 * @throws GatherException UNAVAILABLE when a remote server cannot be read
	 */
	default List<Resource> medications(Set<String> ids) {
		return List.of();
	}

	/**
	 * Whether a reference by an absolute URL with this base names a resource this source can fetch by its id (our own
	 * base for the store, the server's for a remote source); a reference to any other server is never looked up here.
	 */
	default boolean holdsBase(String base) {
		return false;
	}
}
