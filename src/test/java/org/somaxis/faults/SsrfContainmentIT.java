package org.somaxis.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.somaxis.SomaxisApplication;
import org.somaxis.support.FaultFigures;
import org.somaxis.support.FhirHttp;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * SSRF containment (RELIABILITY.md §8 row 18): every request that names a URL the server might be tempted to call
 * names a loopback canary instead, and the canary must see no connection at all. Vectors: CDS {@code fhirServer}
 * with a token (each service), a CDS client JWT whose {@code jku} points at the canary, profile, extension and code
 * system URLs in stored resources, {@code $validate} with a profile URL, terminology operations on canary URLs,
 * absolute references (stored, never resolved) and a rest-hook Subscription.
 */
class SsrfContainmentIT {
	static ConfigurableApplicationContext server;
	static FhirHttp http;
	static LoopbackCanary canary;

	@BeforeAll
	static void start() throws Exception {
		canary = new LoopbackCanary();
		Path dir = Files.createDirectories(Path.of("target/it-data/ssrf-" + System.nanoTime())).toAbsolutePath();
		server = new SpringApplicationBuilder(SomaxisApplication.class)
				.run("--server.port=0", "--somaxis.demo.enabled=false",
						"--spring.datasource.url=jdbc:h2:file:" + dir + "/somaxis;DB_CLOSE_ON_EXIT=FALSE");
		http = new FhirHttp(((WebServerApplicationContext) server).getWebServer().getPort());
	}

	@AfterAll
	static void stop() throws Exception {
		if (server != null) {
			server.close();
		}
		canary.close();
	}

	@Test
	void noRequest_makesTheServerConnectToAUrlItNames() throws Exception {
		String c = canary.base();
		String patientId = FhirFixtures.createPatient(http);
		Map<String, Function<FhirHttp, FhirHttp.Response>> vectors = new LinkedHashMap<>();
		for (String service : new String[] {"somaxis-patient-view", "somaxis-order-select", "somaxis-order-sign"}) {
			String hook = service.substring("somaxis-".length());
			vectors.put("cds fhirServer " + service, h -> h.post("/cds-services/" + service, cdsRequest(hook, c, patientId),
					"application/json", "Accept", "application/json"));
		}
		vectors.put("cds jwt jku", h -> h.post("/cds-services/somaxis-patient-view", cdsRequest("patient-view", null, patientId),
				"application/json", "Accept", "application/json", "Authorization", "Bearer " + jwtWithJku(c)));
		vectors.put("meta.profile", h -> h.post("/fhir/Patient",
				"{\"resourceType\":\"Patient\",\"meta\":{\"profile\":[\"" + c + "/StructureDefinition/p\"]}}",
				FhirHttp.FHIR_JSON));
		vectors.put("extension url", h -> h.post("/fhir/Patient",
				"{\"resourceType\":\"Patient\",\"extension\":[{\"url\":\"" + c + "/StructureDefinition/e\",\"valueString\":\"x\"}]}",
				FhirHttp.FHIR_JSON));
		vectors.put("code system", h -> h.post("/fhir/Observation", "{\"resourceType\":\"Observation\",\"status\":\"final\","
				+ "\"code\":{\"coding\":[{\"system\":\"" + c + "/CodeSystem/x\",\"code\":\"y\"}]},\"valueString\":\"z\"}",
				FhirHttp.FHIR_JSON));
		vectors.put("$validate profile", h -> h.post("/fhir/Patient/$validate", "{\"resourceType\":\"Parameters\",\"parameter\":["
				+ "{\"name\":\"resource\",\"resource\":{\"resourceType\":\"Patient\"}},{\"name\":\"profile\",\"valueUri\":\""
				+ c + "/StructureDefinition/p\"}]}", FhirHttp.FHIR_JSON));
		vectors.put("$validate ?profile", h -> h.post("/fhir/Patient/$validate?profile=" + c + "/StructureDefinition/p",
				"{\"resourceType\":\"Patient\"}", FhirHttp.FHIR_JSON));
		vectors.put("$expand url", h -> h.get("/fhir/ValueSet/$expand?url=" + c + "/ValueSet/v"));
		vectors.put("$lookup system", h -> h.get("/fhir/CodeSystem/$lookup?system=" + c + "/CodeSystem/x&code=y"));
		vectors.put("$validate-code url", h -> h.get("/fhir/ValueSet/$validate-code?url=" + c + "/ValueSet/v&system="
				+ c + "/CodeSystem/x&code=y"));
		vectors.put("absolute reference", h -> h.post("/fhir/Observation", "{\"resourceType\":\"Observation\",\"status\":\"final\","
				+ "\"code\":{\"text\":\"x\"},\"subject\":{\"reference\":\"" + c + "/fhir/Patient/1\"},\"valueString\":\"z\"}",
				FhirHttp.FHIR_JSON));
		vectors.put("search absolute reference", h -> h.get("/fhir/Observation?subject=" + c + "/fhir/Patient/1"));
		vectors.put("transaction fullUrl", h -> h.post("/fhir", "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{"
				+ "\"fullUrl\":\"" + c + "/fhir/Patient/9\",\"resource\":{\"resourceType\":\"Patient\"},"
				+ "\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}}]}", FhirHttp.FHIR_JSON));
		vectors.put("rest-hook subscription", h -> h.post("/fhir/Subscription", "{\"resourceType\":\"Subscription\","
				+ "\"status\":\"requested\",\"reason\":\"x\",\"criteria\":\"Observation?\",\"channel\":{\"type\":\"rest-hook\","
				+ "\"endpoint\":\"" + c + "/hook\",\"payload\":\"application/fhir+json\"}}", FhirHttp.FHIR_JSON));
		vectors.put("observation after subscription", h -> h.post("/fhir/Observation", "{\"resourceType\":\"Observation\","
				+ "\"status\":\"final\",\"code\":{\"text\":\"x\"},\"valueString\":\"z\"}", FhirHttp.FHIR_JSON));
		vectors.put("$evaluate inline data", h -> h.post("/fhir/$evaluate", "{\"resourceType\":\"Parameters\",\"parameter\":["
				+ "{\"name\":\"data\",\"resource\":{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"fullUrl\":\""
				+ c + "/fhir/Patient/1\",\"resource\":{\"resourceType\":\"Patient\",\"id\":\"1\",\"meta\":{\"profile\":[\""
				+ c + "/StructureDefinition/p\"]}}}]}}]}", FhirHttp.FHIR_JSON));

		FaultFigures figures = new FaultFigures("ssrf");
		Map<String, Integer> statuses = new LinkedHashMap<>();
		for (Map.Entry<String, Function<FhirHttp, FhirHttp.Response>> vector : vectors.entrySet()) {
			long start = System.nanoTime();
			FhirHttp.Response response = vector.getValue().apply(http);
			figures.answered(response.status(), (System.nanoTime() - start) / 1_000_000);
			statuses.put(vector.getKey(), response.status());
			if (response.status() >= 500) {
				figures.violation();
			}
		}
		Thread.sleep(3_000); // room for anything asynchronous (subscription delivery, jobs)
		figures.canaryHits(canary.hits());
		figures.print();
		FaultFigures.log("SSRF statuses " + statuses);

		assertThat(canary.hits()).as("connections to the canary").isZero();
		assertThat(statuses).as("no vector answers 5xx").allSatisfy((vector, status) -> assertThat(status).isLessThan(500));
	}

	private static String cdsRequest(String hook, String fhirServer, String patientId) {
		String context = switch (hook) {
			case "patient-view" -> "{\"userId\":\"Practitioner/1\",\"patientId\":\"" + patientId + "\"}";
			default -> "{\"userId\":\"Practitioner/1\",\"patientId\":\"" + patientId + "\",\"draftOrders\":{"
					+ "\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[]}"
					+ (hook.equals("order-select") ? ",\"selections\":[]" : "") + "}";
		};
		String server = fhirServer == null ? "" : ",\"fhirServer\":\"" + fhirServer + "/fhir\",\"fhirAuthorization\":{"
				+ "\"access_token\":\"secret-token\",\"token_type\":\"Bearer\",\"expires_in\":300,\"scope\":\"patient/*.read\","
				+ "\"subject\":\"cds\"}";
		return "{\"hookInstance\":\"" + java.util.UUID.randomUUID() + "\",\"hook\":\"" + hook + "\",\"context\":" + context
				+ server + "}";
	}

	private static String jwtWithJku(String canaryBase) {
		Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
		String header = b64.encodeToString(("{\"alg\":\"RS384\",\"typ\":\"JWT\",\"kid\":\"k\",\"jku\":\"" + canaryBase
				+ "/jwks.json\"}").getBytes(StandardCharsets.UTF_8));
		String payload = b64.encodeToString(("{\"iss\":\"" + canaryBase + "\",\"sub\":\"x\",\"aud\":\"x\",\"exp\":4102444800,"
				+ "\"jti\":\"j\"}").getBytes(StandardCharsets.UTF_8));
		return header + "." + payload + "." + b64.encodeToString("sig".getBytes(StandardCharsets.UTF_8));
	}

	static final class FhirFixtures {
		static String createPatient(FhirHttp http) {
			String location = http.post("/fhir/Patient",
					"{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Canary\"}],\"birthDate\":\"1970-01-01\"}",
					FhirHttp.FHIR_JSON).header("Location");
			return location.replaceAll(".*/Patient/([^/]+).*", "$1");
		}
	}
}
