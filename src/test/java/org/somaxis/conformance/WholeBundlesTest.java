package org.somaxis.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Organization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A document or message stored whole must be one: R4's bdl-9 to bdl-12, which HAPI does not check (probe 63, P63-M6).
 */
class WholeBundlesTest {

	private static Bundle document() {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.DOCUMENT);
		bundle.getIdentifier().setSystem("urn:ietf:rfc:3986").setValue("urn:uuid:0c3e6f1a-8d7b-4e2c-9f10-2b3a4c5d6e02");
		bundle.setTimestampElement(new org.hl7.fhir.r4.model.InstantType("2026-12-01T10:00:00+01:00"));
		bundle.addEntry().setFullUrl("urn:uuid:0c3e6f1a-8d7b-4e2c-9f10-2b3a4c5d6e03").setResource(new Composition());
		bundle.addEntry().setFullUrl("urn:uuid:0c3e6f1a-8d7b-4e2c-9f10-2b3a4c5d6e04").setResource(new Organization());
		return bundle;
	}

	private static List<String> errors(Bundle bundle) {
		List<SingleValidationMessage> messages = new ArrayList<>();
		WholeBundles.check(bundle, messages);
		return messages.stream().filter(message -> message.getSeverity() == ResultSeverityEnum.ERROR)
				.map(message -> message.getLocationString() + " " + message.getMessage()).toList();
	}

	@Test
	void aDocumentWithItsIdentifierDateAndCompositionFirst_hasNoError() {
		assertThat(errors(document())).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
			"no identifier value | Bundle.identifier | bdl-9",
			"no timestamp | Bundle.timestamp | bdl-10",
			"an Organization first | Bundle.entry | bdl-11"})
	void aDocumentMissingWhatADocumentHolds_isAnErrorAtThatElement(String what, String location, String rule) {
		Bundle bundle = document();
		switch (what) {
			case "no identifier value" -> bundle.getIdentifier().setValue(null);
			case "no timestamp" -> bundle.setTimestamp(null);
			default -> bundle.getEntry().add(0, bundle.getEntry().remove(1));
		}

		assertThat(errors(bundle)).singleElement().asString().startsWith(location + " ").contains(rule);
	}

	@Test
	void aMessageWithoutItsMessageHeaderFirst_isAnError_withIt_none() {
		Bundle message = new Bundle().setType(Bundle.BundleType.MESSAGE);
		message.addEntry().setResource(new Organization());

		assertThat(errors(message)).singleElement().asString().contains("bdl-12");
		Bundle withHeader = new Bundle().setType(Bundle.BundleType.MESSAGE);
		withHeader.addEntry().setResource(new MessageHeader());
		withHeader.addEntry().setResource(new Organization());
		assertThat(withHeader.getEntryFirstRep().getResource()).isInstanceOf(MessageHeader.class);
		assertThat(errors(withHeader)).isEmpty();
	}

	@Test
	void aCollection_holdsWhateverItHolds() {
		Bundle collection = new Bundle().setType(Bundle.BundleType.COLLECTION);
		collection.addEntry().setResource(new Organization());

		assertThat(errors(collection)).isEmpty();
	}
}
