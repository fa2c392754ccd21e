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
		return parse(authorization, "p1");
	}

	private static CdsRequest parse(String authorization, String patientId) {
		String body = "{\"hook\":\"order-sign\",\"hookInstance\":\"h1\",\"fhirServer\":\"http://localhost:8080/fhir\","
				+ "\"context\":{\"patientId\":\"" + patientId + "\"}"
				+ (authorization == null ? "" : ",\"fhirAuthorization\":" + authorization) + "}";
		return CdsRequest.parse(JSON, body.getBytes(StandardCharsets.UTF_8));
	}

	/** The id goes into the queries sent to the fhirServer: one that would change them is refused, not sent. */
	@ParameterizedTest
	@ValueSource(strings = {"x?_format=xml", "x/$everything", "../Condition", "Patient/p1", "http://ehr.example/Patient/p1",
			"a b", "12345678901234567890123456789012345678901234567890123456789012345"})
	void aPatientIdThatIsNoFhirId_is400(String patientId) {
		assertThatThrownBy(() -> parse(null, patientId))
				.isInstanceOfSatisfying(CdsException.class, e -> assertThat(e.status()).isEqualTo(400))
				.hasMessageContaining("must be a FHIR id");
	}

	@ParameterizedTest
	@ValueSource(strings = {"p1", "eq081-VQEgP8drUUqCWzHfw3", "123.45", "1234567890123456789012345678901234567890123456789012345678901234"})
	void aFhirId_isAPatientId(String patientId) {
		assertThat(parse(null, patientId).patientId()).isEqualTo(patientId);
	}

	/** Such an authorization was taken for none, so the call went ahead as if the client had sent no token. */
	@ParameterizedTest
	@ValueSource(strings = {"{\"token_type\":\"Bearer\"}", "{\"access_token\":null}", "{\"access_token\":\"  \"}",
			"{\"access_token\":42}", "\"Bearer abc\"", "[]"})
	void fhirAuthorizationWithoutAnAccessToken_is400(String authorization) {
		assertThatThrownBy(() -> parse(authorization))
				.isInstanceOfSatisfying(CdsException.class, e -> assertThat(e.status()).isEqualTo(400));
	}

	/** A prefetch that is not an object is the client's mistake: a 400, never the 412 of data it could not get. */
	@ParameterizedTest
	@ValueSource(strings = {"\"patient\"", "[]", "42", "true"})
	void aPrefetchThatIsNotAnObject_is400(String prefetch) {
		String body = "{\"hook\":\"patient-view\",\"hookInstance\":\"h1\",\"context\":{\"patientId\":\"p1\"},"
				+ "\"prefetch\":" + prefetch + "}";

		assertThatThrownBy(() -> CdsRequest.parse(JSON, body.getBytes(StandardCharsets.UTF_8)))
				.isInstanceOfSatisfying(CdsException.class, e -> assertThat(e.status()).isEqualTo(400))
				.hasMessageContaining("'prefetch'");
	}

	@Test
	void aNullPrefetch_isNoPrefetch() {
		String body = "{\"hook\":\"patient-view\",\"hookInstance\":\"h1\",\"context\":{\"patientId\":\"p1\"},"
				+ "\"prefetch\":null}";

		assertThat(CdsRequest.parse(JSON, body.getBytes(StandardCharsets.UTF_8)).prefetch()).isNull();
	}

	@Test
	void fhirAuthorizationWithAnAccessToken_orNone_isRead() {
		assertThat(parse("{\"access_token\":\"abc\",\"token_type\":\"Bearer\"}").accessToken()).isEqualTo("abc");
		assertThat(parse(null).accessToken()).isNull();
		assertThat(parse("null").accessToken()).isNull();
	}
}
