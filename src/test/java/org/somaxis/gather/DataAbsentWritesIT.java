package org.somaxis.gather;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.somaxis.operation.EvaluateServer;
import org.somaxis.support.FhirHttp;

/**
 * The store's faces with values sent only as their data-absent-reason ({@link DataAbsentValuesTest}'s variants): each
 * is written over HTTP and answered below 500 (stored, or refused with a 4xx that says why), and the patient they are
 * all stored under is then evaluated without a 5xx, its cancer's contraindication still found. Before, a write of an
 * Observation whose LOINC coding had no code failed with 500, and the evaluation of such records did too.
 */
class DataAbsentWritesIT extends EvaluateServer {

	@Test
	void everyValueSentAsItsAbsence_isWrittenOrRefusedPrecisely_andTheStoredPatientIsEvaluated() {
		String suffix = Long.toString(System.nanoTime(), 36);
		String patient = "p1-" + suffix;
		Bundle fixture = DataAbsentValuesTest.dataFixture();
		// the fixture as it is first (its ids kept, so that references resolve), under its own patient id
		Bundle first = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (Bundle.BundleEntryComponent entry : fixture.getEntry()) {
			if (entry.getResource().fhirType().equals("ObservationDefinition")) {
				continue;
			}
			Resource resource = retarget(entry.getResource(), fixture, suffix);
			first.addEntry().setResource(resource).getRequest().setMethod(Bundle.HTTPVerb.PUT)
					.setUrl(resource.fhirType() + "/" + resource.getIdPart());
		}
		FhirHttp.Response stored = http.postResource("/fhir", first);
		assertThat(stored.status()).as(stored.body()).isEqualTo(200);

		List<String> failures = new ArrayList<>();
		for (Resource variant : DataAbsentValuesTest.everyResourceWithOneValueAbsent()) {
			if (variant.fhirType().equals("Patient") || variant.fhirType().equals("ObservationDefinition")) {
				continue; // one Patient, and the server's own intervals: their variants are read by the unit test
			}
			Resource resource = retarget(variant, fixture, suffix);
			resource.setId((String) null);
			FhirHttp.Response response = http.postResource("/fhir/" + resource.fhirType(), resource);
			if (response.status() >= 500) {
				failures.add(resource.fhirType() + " " + response.status() + " " + response.body());
			}
		}
		assertThat(failures).isEmpty();

		FhirHttp.Response evaluated = http.get("/fhir/Patient/" + patient
				+ "/$evaluate?hook=patient-view&evaluationDate=2026-06-01");
		assertThat(evaluated.status()).as(evaluated.body()).isEqualTo(200);
		assertThat(evaluated.body()).contains("peptide-active-malignancy");
	}

	/**
	 * The resource with the fixture's ids made this run's own ({@code suffix}), in its id and in every reference to
	 * them, and the Patient's links left out (they name records this store does not hold). The fixture's clinic IGF-1
	 * intervals are not written: they would replace the server's own.
	 */
	private static Resource retarget(Resource resource, Bundle fixture, String suffix) {
		String json = FhirHttp.FHIR.newJsonParser().encodeResourceToString(resource);
		for (Bundle.BundleEntryComponent entry : fixture.getEntry()) {
			String reference = entry.getResource().fhirType() + "/" + entry.getResource().getIdPart();
			json = json.replace("\"" + reference + "\"", "\"" + reference + "-" + suffix + "\"");
		}
		Resource copy = (Resource) FhirHttp.FHIR.newJsonParser().parseResource(json);
		copy.setId(resource.getIdPart() == null ? null : resource.getIdPart() + "-" + suffix);
		if (copy instanceof org.hl7.fhir.r4.model.Patient patient) {
			patient.getLink().clear();
		}
		return copy;
	}
}
