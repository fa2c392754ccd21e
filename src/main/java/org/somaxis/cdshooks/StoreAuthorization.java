package org.somaxis.cdshooks;

/**
 * Whether a CDS call's {@code fhirAuthorization} lets this service read the patient's data when its
 * {@code fhirServer} is this server: the token must be one this FHIR server accepts, and would be allowed to read what
 * the store source reads for that patient. In open mode no issuer is configured and nothing is checked.
 */
@FunctionalInterface
public interface StoreAuthorization {

	/**
	 * @param accessToken {@code fhirAuthorization.access_token}
	 * @param patientId {@code context.patientId}
	 * @return whether the token reaches only that patient's own record (a patient-context token): then the records of
	 *     the Patients it links are not read ({@link org.somaxis.gather.StoreSource#COMPARTMENT_ONLY})
	 * @throws CdsException 412 when the token would not let a client read that patient's data from this server
	 */
	boolean check(String accessToken, String patientId);

	/** Open mode: no access tokens can be verified. */
	static StoreAuthorization unchecked() {
		return (accessToken, patientId) -> false;
	}
}
