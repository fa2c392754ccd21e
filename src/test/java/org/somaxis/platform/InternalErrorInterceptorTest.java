package org.somaxis.platform;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport.ExpansionCouldNotBeCompletedInternallyException;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;

class InternalErrorInterceptorTest {

	@Test
	void valueSetOverACodeSystemTheServerDoesNotHold_is400NotSupported_namingTheCodeSystem() {
		// as HAPI 8.8 throws it: the typed exception only as text after its error code, no cause
		InternalErrorException fromHapi = new InternalErrorException(ca.uhn.fhir.i18n.Msg.code(888)
				+ new ExpansionCouldNotBeCompletedInternallyException(
						"HAPI-0702: Unable to expand ValueSet because CodeSystem could not be found: http://hl7.org/fhir/sid/icd-10-cm",
						null));

		BaseServerResponseException answer = new InternalErrorInterceptor().sanitise(fromHapi);

		assertThat(answer.getStatusCode()).isEqualTo(400);
		OperationOutcome outcome = (OperationOutcome) answer.getOperationOutcome();
		assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.NOTSUPPORTED);
		assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("http://hl7.org/fhir/sid/icd-10-cm");
	}

	@Test
	void anUnexpectedException_isStill500WithOnlyAReference() {
		BaseServerResponseException answer = new InternalErrorInterceptor().sanitise(new IllegalStateException("secret detail"));

		assertThat(answer.getStatusCode()).isEqualTo(500);
		assertThat(answer.getMessage()).doesNotContain("secret detail").contains("quote reference");
	}
}
