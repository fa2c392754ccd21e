package org.somaxis.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.AuditEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestIdFilterTest {

	@ParameterizedTest
	@ValueSource(strings = {"abc123", "6e9c9a3c-5b49-4b49-9c35-2f1f7b2b7a10", "X"})
	void aClientRequestIdOfLettersDigitsAndDashes_isKept(String id) {
		assertThat(RequestIdFilter.accepted(id)).isEqualTo(id);
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = {"a b", "id;drop", "<script>", "äöü", "x\r\nSet-Cookie: a=b",
		"0123456789012345678901234567890123456789012345678901234567890123456789"})
	void anyOtherRequestId_isReplacedBySixteenRandomLettersAndDigits(String header) {
		String id = RequestIdFilter.accepted(header);
		assertThat(id).matches("[A-Za-z0-9]{16}").isNotEqualTo(header);
		assertThat(RequestIdFilter.accepted(header)).isNotEqualTo(id);
	}

	@Test
	void anEventNamesItsRequestOnce_asTheBalpTransactionEntity() {
		AuditEvent event = new AuditEvent();
		AuditEvents.addRequestId(event, "req1");
		AuditEvents.addRequestId(event, "req2");
		assertThat(event.getEntity()).hasSize(1);
		AuditEvent.AuditEventEntityComponent entity = event.getEntityFirstRep();
		assertThat(entity.getType().getSystem()).isEqualTo("https://profiles.ihe.net/ITI/BALP/CodeSystem/BasicAuditEntityType");
		assertThat(entity.getType().getCode()).isEqualTo("XrequestId");
		assertThat(entity.getWhat().getIdentifier().getValue()).isEqualTo("req1");
	}
}
