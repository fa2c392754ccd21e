package org.somaxis.platform;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.somaxis.fhir.ServerBases;

/** References to this server's own base are local and stored relative; every other reference stays as it is. */
class LocalReferenceInterceptorTest {
	private static final String OWN = "http://localhost:8080/fhir";
	private final LocalReferenceInterceptor interceptor = new LocalReferenceInterceptor(
			FhirContext.forR4Cached(), new ServerBases(List.of("https://fhir.clinic.example/r4")));

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(nullValues = "null", value = {
			"http://localhost:8080/fhir/Patient/p1,                  Patient/p1",
			"http://127.0.0.1:8080/fhir/Patient/p1,                  Patient/p1",
			"http://localhost:8080/fhir/Patient/p1/_history/3,       Patient/p1/_history/3",
			"https://fhir.clinic.example/r4/Medication/m-1,          Medication/m-1",
			"http://localhost:8080/fhir/Patient?identifier=x|1,      null",
			"http://localhost:8080/fhir/NotAType/p1,                 null",
			"http://localhost:8081/fhir/Patient/p1,                  null",
			"http://ehr.example.org/fhir/Patient/p1,                 null",
			"http://localhost:8080/fhir/Patient/p1#x,                null",
			"Patient/p1,                                             null",
			"urn:uuid:0e1b7b43-7b54-4c3b-9b61-1d1c1d1c1d1c,          null",
			"#contained,                                             null",
	})
	void aReferenceToThisServer_isLocal_andNoOtherIs(String reference, String local) {
		assertThat(interceptor.local(reference, OWN)).isEqualTo(local);
	}

	@Test
	void everyReferenceOfTheResource_isMadeLocal() {
		MedicationRequest order = new MedicationRequest()
				.setSubject(new Reference(OWN + "/Patient/p1"))
				.setRequester(new Reference("http://ehr.example.org/fhir/Practitioner/d1"));
		order.addReasonReference(new Reference(OWN + "/Condition/c1"));

		interceptor.makeLocal(order, (String) null);

		// without a request only the configured bases are this server
		assertThat(order.getSubject().getReference()).isEqualTo(OWN + "/Patient/p1");

		ca.uhn.fhir.rest.api.server.SystemRequestDetails request = new ca.uhn.fhir.rest.api.server.SystemRequestDetails();
		request.setFhirServerBase(OWN);
		interceptor.makeLocal(order, request);

		assertThat(order.getSubject().getReference()).isEqualTo("Patient/p1");
		assertThat(order.getReasonReferenceFirstRep().getReference()).isEqualTo("Condition/c1");
		assertThat(order.getRequester().getReference()).isEqualTo("http://ehr.example.org/fhir/Practitioner/d1");
	}
}
