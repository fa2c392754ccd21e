package org.somaxis.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

/** How the CDS layer answers what it did not refuse on purpose: a HAPI 4xx keeps its status, a bug is a 500. */
class CdsHooksControllerTest {
	private final CdsHooksController controller = new CdsHooksController(null, null, null, null);

	@Test
	void aBug_is500WithACdsErrorBodyAndAReference_neverA412() {
		ResponseEntity<CdsJson.Error> answer =
				controller.unexpected(new IllegalStateException("secret detail of the bug"));

		assertThat(answer.getStatusCode().value()).isEqualTo(500);
		assertThat(answer.getBody().status()).isEqualTo(500);
		assertThat(answer.getBody().error()).matches("Internal error; reference [0-9a-f-]{36}")
				.doesNotContain("secret detail");
	}

	@Test
	void aHapi4xx_keepsItsStatus() {
		ResponseEntity<CdsJson.Error> answer = controller.unexpected(new ResourceNotFoundException("Patient/x"));

		assertThat(answer.getStatusCode().value()).isEqualTo(404);
	}
}
