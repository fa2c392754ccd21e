package org.somaxis.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Prefetch resolution against a loopback canary FHIR server: the token goes only to an allow-listed server, and
 * nothing is called when the prefetch is complete or the server is not on the list. The store is never needed here
 * (it is exercised by CdsServicesIT), so it is absent.
 */
class PrefetchResolverTest {
	static final FhirContext FHIR = FhirContext.forR4Cached();
	static final ObjectMapper JSON = new ObjectMapper();
	static final String OWN_BASE = "http://localhost:8080/fhir";
	static final String PATIENT = "{\"resourceType\":\"Patient\",\"id\":\"p1\",\"gender\":\"female\","
			+ "\"birthDate\":\"1980-01-01\"}";
	static final String EMPTY = "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":0}";

	static PrefetchResolver resolver(List<String> allowed) {
		return new PrefetchResolver(FHIR, null, new RemoteFhirClient(FHIR, Duration.ofSeconds(5)), allowed, List.of());
	}

	static CdsRequest request(String fhirServer, String token, boolean fullPrefetch) throws Exception {
		ObjectNode request = JSON.createObjectNode().put("hook", "patient-view").put("hookInstance", "h-1");
		if (fhirServer != null) {
			request.put("fhirServer", fhirServer);
		}
		if (token != null) {
			request.putObject("fhirAuthorization").put("access_token", token).put("token_type", "Bearer");
		}
		request.putObject("context").put("patientId", "p1").put("userId", "Practitioner/x");
		if (fullPrefetch) {
			ObjectNode prefetch = request.putObject("prefetch");
			prefetch.set("patient", JSON.readTree(PATIENT));
			CdsServiceCatalog.TEMPLATES.stream().skip(1).forEach(template -> prefetch.putNull(template.key()));
		}
		return CdsRequest.parse(JSON, request.toString().getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void allowListedServer_suppliesTheMissingKeys_withTheClientsBearerToken() throws Exception {
		try (Canary canary = Canary.serving(path -> path.startsWith("/fhir/Patient/p1") ? PATIENT : EMPTY)) {
			PrefetchResolver.Resolved resolved =
					resolver(List.of(canary.base() + "/")).resolve(request(canary.base(), "token-abc", false), OWN_BASE);

			assertThat(resolved.source()).isEqualTo(PrefetchResolver.Source.REMOTE);
			assertThat(resolved.patient().getIdElement().getIdPart()).isEqualTo("p1");
			assertThat(canary.requests()).hasSize(CdsServiceCatalog.TEMPLATES.size())
					.allMatch(hit -> "Bearer token-abc".equals(hit.authorization()));
			assertThat(canary.requests().get(1).pathAndQuery()).isEqualTo("/fhir/Observation?patient=p1");
		}
	}

	@Test
	void serverNotOnTheAllowList_is412_withoutAnyOutboundCall() throws Exception {
		try (Canary canary = Canary.start()) {
			CdsRequest request = request(canary.base(), "token-abc", false);

			assertThatThrownBy(() -> resolver(List.of()).resolve(request, OWN_BASE))
					.isInstanceOfSatisfying(CdsException.class, e -> {
						assertThat(e.status()).isEqualTo(412);
						assertThat(e.getMessage()).doesNotContain("token-abc");
					});
			assertThat(canary.hits()).isZero();
			assertThat(request.toString()).doesNotContain("token-abc");
		}
	}

	@Test
	void completePrefetch_callsNoServerAtAll() throws Exception {
		try (Canary canary = Canary.start()) {
			PrefetchResolver.Resolved resolved =
					resolver(List.of(canary.base())).resolve(request(canary.base(), "token-abc", true), OWN_BASE);

			assertThat(resolved.source()).isEqualTo(PrefetchResolver.Source.PREFETCH);
			assertThat(resolved.resources()).hasSize(1);
			assertThat(canary.hits()).isZero();
		}
	}

	@Test
	void remoteFailure_is412() throws Exception {
		try (Canary canary = Canary.start()) {
			CdsRequest request = request(canary.base(), null, false);

			assertThatThrownBy(() -> resolver(List.of(canary.base())).resolve(request, OWN_BASE))
					.isInstanceOfSatisfying(CdsException.class, e -> assertThat(e.status()).isEqualTo(412));
		}
	}

	@Test
	void nullPatientPrefetch_is412() throws Exception {
		ObjectNode body = JSON.createObjectNode().put("hook", "patient-view").put("hookInstance", "h");
		body.putObject("context").put("patientId", "p1");
		body.putObject("prefetch").putNull("patient");
		CdsRequest request = CdsRequest.parse(JSON, body.toString().getBytes(StandardCharsets.UTF_8));

		assertThatThrownBy(() -> resolver(List.of()).resolve(request, OWN_BASE))
				.isInstanceOfSatisfying(CdsException.class, e -> assertThat(e.status()).isEqualTo(412));
	}
}
