package org.somaxis.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TransactionEntriesTest {

	@Test
	void anEntryOfATransaction_isFoundByTheResourceItself() {
		Observation second = new Observation();
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		transaction.addEntry().setResource(new Observation());
		transaction.addEntry().setResource(second);

		assertThat(TransactionEntries.indexOf(request(transaction), second)).hasValue(1);
		assertThat(TransactionEntries.indexOf(request(transaction), new Observation())).isEmpty();
	}

	@Test
	void anEntryOfABatch_orAResourcePostedAlone_hasNoIndex() {
		Patient patient = new Patient();
		Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
		batch.addEntry().setResource(patient);

		assertThat(TransactionEntries.indexOf(request(batch), patient)).isEmpty();
		assertThat(TransactionEntries.indexOf(request(patient), patient)).isEmpty();
		assertThat(TransactionEntries.indexOf(null, patient)).isEmpty();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"Observation.code.coding[0]|Bundle.entry[7].resource.ofType(Observation).code.coding[0]",
			"Observation|Bundle.entry[7].resource.ofType(Observation)",
			"(body)|Bundle.entry[7].resource.ofType(Observation) (body)",
	})
	void aLocation_isRewrittenFromTheBundleRoot_keepingTheRestOfTheMessage(String location, String expected) {
		SingleValidationMessage message = new SingleValidationMessage();
		message.setSeverity(ResultSeverityEnum.ERROR);
		message.setMessageId("igf1-1");
		message.setMessage("An IGF-1 result needs a unit");
		message.setLocationString(location);

		SingleValidationMessage located = TransactionEntries.located(List.of(message), 7, "Observation").get(0);

		assertThat(located.getLocationString()).isEqualTo(expected);
		assertThat(located.getSeverity()).isEqualTo(ResultSeverityEnum.ERROR);
		assertThat(located.getMessageId()).isEqualTo("igf1-1");
		assertThat(located.getMessage()).isEqualTo("An IGF-1 result needs a unit");
	}

	private static SystemRequestDetails request(org.hl7.fhir.instance.model.api.IBaseResource body) {
		SystemRequestDetails request = new SystemRequestDetails();
		request.setResource(body);
		ValidationReport.received(request);
		return request;
	}
}
