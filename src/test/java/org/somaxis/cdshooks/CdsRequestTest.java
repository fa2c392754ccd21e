package org.somaxis.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** What a CDS request's fhirAuthorization must hold (CDS Hooks 2.0: access_token is required). */
class CdsRequestTest {
	private static final ObjectMapper JSON = new ObjectMapper();

	private static CdsRequest parse(String authorization) {
		String body = "{\"hook\":\"order-sign\",\"hookInstance\":\"h1\",\"fhirServer\":\"http://localhost:8080/fhir\","
				+ "\"context\":{\"patientId\":\"p1\"}" + (authorization == null ? "" : ",\"fhirAuthorization\":" + authorization)
				+ "}";
		return CdsRequest.parse(JSON, body.getBytes(StandardCharsets.UTF_8));
	}

	/** Such an authorization was taken for none, so the call went ahead as if the client had sent no token. */
	@ParameterizedTest
	@ValueSource(strings = {"{\"token_type\":\"Bearer\"}", "{\"access_token\":null}", "{\"access_token\":\"  \"}",
			"{\"access_token\":42}", "\"Bearer abc\"", "[]"})
	void fhirAuthorizationWithoutAnAccessToken_is400(String authorization) {
		assertThatThrownBy(() -> parse(authorization))
				.isInstanceOfSatisfying(CdsException.class, e -> assertThat(e.status()).isEqualTo(400));
	}

	@Test
	void fhirAuthorizationWithAnAccessToken_orNone_isRead() {
		assertThat(parse("{\"access_token\":\"abc\",\"token_type\":\"Bearer\"}").accessToken()).isEqualTo("abc");
		assertThat(parse(null).accessToken()).isNull();
		assertThat(parse("null").accessToken()).isNull();
	}
}
