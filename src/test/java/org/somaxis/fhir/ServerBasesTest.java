package org.somaxis.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerBasesTest {

	@ParameterizedTest(name = "{0} from a request to {1} -> this server {2}")
	@CsvSource({
			"http://localhost:8080/fhir,      http://localhost:8080/fhir,  true",
			"http://localhost:8080/fhir/,     http://localhost:8080/fhir,  true",
			"http://127.0.0.1:8080/fhir,      http://localhost:8080/fhir,  true",
			"http://localhost:8080/fhir,      http://127.0.0.1:8080/fhir,  true",
			"http://[::1]:8080/fhir,          http://127.0.0.1:8080/fhir,  true",
			"http://[0:0:0:0:0:0:0:1]:8080/fhir, http://localhost:8080/fhir, true",
			"http://[::2]:8080/fhir,          http://localhost:8080/fhir,  false",
			"http://[fe80::1]:8080/fhir,      http://localhost:8080/fhir,  false",
			"http://127.0.0.2:8080/fhir,      http://localhost:8080/fhir,  true",
			"http://LOCALHOST:8080/fhir,      http://localhost:8080/fhir,  true",
			"http://127.0.0.1:8081/fhir,      http://localhost:8080/fhir,  false",
			"https://127.0.0.1:8080/fhir,     http://localhost:8080/fhir,  false",
			"http://127.0.0.1:8080/other,     http://localhost:8080/fhir,  false",
			"http://127.0.0.1/fhir,           http://localhost:8080/fhir,  false",
			"http://127.0.0.1.evil.org:8080/fhir, http://localhost:8080/fhir, false",
			"http://user@127.0.0.1:8080/fhir, http://localhost:8080/fhir,  false",
			"http://ehr.example.org:8080/fhir, http://localhost:8080/fhir, false",
			"http://10.0.0.5:8080/fhir,       http://somaxis.local:8080/fhir, false",
			"not a url,                        http://localhost:8080/fhir,  false",
			"https://EHR.example.org/fhir,     https://ehr.example.org/fhir, true",
			"HTTPS://ehr.example.org:443/fhir, https://ehr.example.org/fhir, true",
			"https://ehr.example.org:8443/fhir, https://ehr.example.org/fhir, false",
			"https://ehr.example.org/FHIR,     https://ehr.example.org/fhir, false",
			"https://ehr.example.org.evil.org/fhir, https://ehr.example.org/fhir, false",
	})
	void aBase_isThisServer_whenItIsTheBaseTheRequestCameTo_inAnySpelling_orTheSameOnAnotherLoopbackName(
			String fhirServer, String ownBase, boolean expected) {
		assertThat(ServerBases.isSameServer(fhirServer, ownBase)).isEqualTo(expected);
		assertThat(new ServerBases(List.of()).isThisServer(fhirServer, ownBase)).isEqualTo(expected);
	}

	@ParameterizedTest(name = "{0} -> this server {1}")
	@CsvSource({
			"https://fhir.clinic.example/fhir,   true",
			"https://fhir.clinic.example/fhir/,  true",
			"https://fhir.clinic.example/other,  false",
			"http://localhost:8080/fhir,         true",
			"http://10.0.0.5:8080/fhir,          false",
	})
	void aConfiguredBase_isThisServer_besidesTheOneTheRequestCameTo(String base, boolean expected) {
		ServerBases bases = new ServerBases(List.of("https://fhir.clinic.example/fhir/"));

		assertThat(bases.isThisServer(base, "http://localhost:8080/fhir")).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource({"https://fhir.clinic.example/fhir, true", "http://localhost:8080/fhir, false"})
	void withoutARequest_onlyTheConfiguredBasesAreThisServer(String base, boolean expected) {
		assertThat(new ServerBases(List.of("https://fhir.clinic.example/fhir")).isThisServer(base, null))
				.isEqualTo(expected);
	}
}
