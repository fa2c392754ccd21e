package org.somaxis.gather;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletSubRequestDetails;
import java.util.Map;
import org.hl7.fhir.r4.model.IdType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A read's request is the request with user data of its own: it sees what was there, and keeps what it adds. */
class PartRequestsTest {

	@ParameterizedTest
	@ValueSource(booleans = {true, false})
	void aReadsRequest_seesTheRequestsUserData_andKeepsItsOwnWrites(boolean servlet) {
		RequestDetails request = servlet ? new ServletRequestDetails() : new SystemRequestDetails();
		request.getUserData().put("authorized", Boolean.TRUE);

		RequestDetails read = PartRequests.of(request);
		read.getUserData().put("seen", "by the read");

		assertThat(read.getUserData()).containsEntry("authorized", Boolean.TRUE);
		assertThat(request.getUserData()).doesNotContainKey("seen");
		assertThat(PartRequests.of(request).getUserData()).doesNotContainKey("seen");
	}

	@Test
	void aReadsRequest_isTheSameRequestOtherwise() {
		ServletRequestDetails request = new ServletRequestDetails();
		request.setRestOperationType(RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE);
		request.setOperation("$evaluate");
		request.setResourceName("Patient");
		request.setId(new IdType("Patient", "p1"));
		request.setTenantId("clinic");
		request.setParameters(Map.of("evaluationDate", new String[] {"2026-11-22"}));

		ServletRequestDetails read = (ServletRequestDetails) PartRequests.of(request);

		assertThat(read.getRestOperationType()).isEqualTo(RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE);
		assertThat(read.getOperation()).isEqualTo("$evaluate");
		assertThat(read.getResourceName()).isEqualTo("Patient");
		assertThat(read.getId().getIdPart()).isEqualTo("p1");
		assertThat(read.getTenantId()).isEqualTo("clinic");
		assertThat(read.getParameters()).containsKey("evaluationDate");
		assertThat(read.getInterceptorBroadcaster()).isSameAs(request.getInterceptorBroadcaster());
	}

	@Test
	void aKindOfRequestThatCannotBeCopied_isNotCopied() {
		ServletSubRequestDetails entry = new ServletSubRequestDetails(new ServletRequestDetails());

		assertThat(PartRequests.of(entry)).isNull();
		assertThat(PartRequests.copyable(entry)).isFalse();
		assertThat(PartRequests.copyable(new SystemRequestDetails())).isTrue();
	}
}
