package org.somaxis.gather;

/**
 * Where one patient's data comes from: the local store, an inline Bundle, a CDS prefetch or an allow-listed remote
 * FHIR server. Every source reads only the parts of the {@link GatherPlan}, returns the data with its messages, and
 * checks that what it returns belongs to the patient asked for ({@link PatientData#checked}).
 */
public interface PatientDataSource {

	/** @throws GatherException when the data cannot be obtained or belongs to another patient */
	PatientData gather(PatientQuery query);
}
