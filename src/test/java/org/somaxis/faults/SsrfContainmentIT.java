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
 * absolute references (stored, never resolved) and a rest-hook Subscription; and more (40+ in all, RELIABILITY.md §8 row
 * 18): look-alikes of an allow-listed {@code fhirServer}, an allow-listed server that redirects or pages to the canary
 * ({@link AllowListedDecoy}), XML external entities, DTDs, schemas and XInclude, stored URLs that are never
 * dereferenced, terminology operations that would need the canary, and the install, import and message operations of
 * other servers.
 */
class SsrfContainmentIT {
	static ConfigurableApplicationContext server;
	static FhirHttp http;
	static LoopbackCanary canary;
	static AllowListedDecoy decoy;

	@BeforeAll
	static void start() throws Exception {
		canary = new LoopbackCanary();
		decoy = new AllowListedDecoy(canary.base());
		Path dir = Files.createDirectories(Path.of("target/it-data/ssrf-" + System.nanoTime())).toAbsolutePath();
		server = new SpringApplicationBuilder(SomaxisApplication.class)
				.run("--server.port=0", "--somaxis.demo.enabled=false",
						"--spring.datasource.url=jdbc:h2:file:" + dir + "/somaxis;DB_CLOSE_ON_EXIT=FALSE",
						"--somaxis.cds.allowed-fhir-servers=" + decoy.base() + "/redirect/fhir," + decoy.base() + "/paging/fhir,"
								+ decoy.base() + "/relative/fhir");
		http = new FhirHttp(((WebServerApplicationContext) server).getWebServer().getPort());
	}

	@AfterAll
	static void stop() throws Exception {
		if (server != null) {
			server.close();
		}
		canary.close();
		decoy.close();
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


		// tokens whose header names a key URL, at every CDS endpoint
		vectors.put("cds jwt x5u", h -> h.post("/cds-services/somaxis-patient-view", cdsRequest("patient-view", null, patientId),
				"application/json", "Accept", "application/json", "Authorization", "Bearer " + jwtWithKeyUrl("x5u", c)));
		vectors.put("cds discovery jwt jku", h -> h.get("/cds-services", "Accept", "application/json",
				"Authorization", "Bearer " + jwtWithJku(c)));
		vectors.put("cds feedback jwt jku", h -> h.post("/cds-services/somaxis-patient-view/feedback",
				"{\"feedback\":[{\"card\":\"" + java.util.UUID.randomUUID() + "\",\"outcome\":\"accepted\","
						+ "\"outcomeTimestamp\":\"2026-01-01T00:00:00Z\"}]}",
				"application/json", "Authorization", "Bearer " + jwtWithJku(c)));
		vectors.put("fhir jwt jku", h -> h.get("/fhir/Patient/" + patientId, "Authorization", "Bearer " + jwtWithJku(c)));
		// fhirServer look-alikes of the allow-listed base (exact match only; CVE-2026-34359 was a startsWith match)
		String allowed = decoy.base() + "/redirect/fhir";
		String canaryAuthority = c.substring("http://".length());
		vectors.put("fhirServer userinfo look-alike", h -> h.post("/cds-services/somaxis-patient-view", cdsRequest("patient-view",
				decoy.base() + "@" + canaryAuthority, patientId), "application/json", "Accept", "application/json"));
		vectors.put("fhirServer canary with the allowed path", h -> h.post("/cds-services/somaxis-patient-view",
				cdsRequest("patient-view", c + "/redirect", patientId), "application/json", "Accept", "application/json"));
		vectors.put("fhirServer allowed base plus path", h -> h.post("/cds-services/somaxis-patient-view",
				cdsRequestTo("patient-view", allowed + "/../../..@" + canaryAuthority, patientId), "application/json",
				"Accept", "application/json"));
		vectors.put("fhirServer upper-case scheme", h -> h.post("/cds-services/somaxis-patient-view",
				cdsRequestTo("patient-view", "HTTP://" + canaryAuthority + "/fhir", patientId), "application/json",
				"Accept", "application/json"));
		vectors.put("fhirServer with forwarded host", h -> h.post("/cds-services/somaxis-patient-view",
				cdsRequest("patient-view", c, patientId), "application/json", "Accept", "application/json",
				"X-Forwarded-Host", canaryAuthority, "X-Forwarded-Proto", "http", "Forwarded", "host=" + canaryAuthority));
		// an allow-listed server that tries to send us on: a redirect, next links off its base
		vectors.put("allowed server redirects", h -> h.post("/cds-services/somaxis-patient-view",
				cdsRequestTo("patient-view", allowed, patientId), "application/json", "Accept", "application/json"));
		vectors.put("allowed server next link elsewhere", h -> h.post("/cds-services/somaxis-patient-view",
				cdsRequestTo("patient-view", decoy.base() + "/paging/fhir", patientId), "application/json",
				"Accept", "application/json"));
		vectors.put("allowed server scheme-relative next link", h -> h.post("/cds-services/somaxis-patient-view",
				cdsRequestTo("patient-view", decoy.base() + "/relative/fhir", patientId), "application/json",
				"Accept", "application/json"));
		vectors.put("cds prefetch fullUrls", h -> h.post("/cds-services/somaxis-patient-view", "{\"hookInstance\":\""
				+ java.util.UUID.randomUUID() + "\",\"hook\":\"patient-view\",\"context\":{\"userId\":\"Practitioner/1\","
				+ "\"patientId\":\"" + patientId + "\"},\"prefetch\":{\"patient\":{\"resourceType\":\"Patient\",\"id\":\""
				+ patientId + "\",\"birthDate\":\"1970-01-01\",\"meta\":{\"profile\":[\"" + c + "/StructureDefinition/p\"]}},"
				+ "\"igf1\":{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"link\":[{\"relation\":\"next\",\"url\":\""
				+ c + "/fhir/Observation?page=2\"}],\"entry\":[{\"fullUrl\":\"" + c + "/fhir/Observation/1\"}]}}}",
				"application/json", "Accept", "application/json"));
		// XML that names external entities, DTDs, schemas or inclusions
		vectors.put("xml external entity", h -> h.post("/fhir/Patient", "<?xml version=\"1.0\"?><!DOCTYPE Patient [<!ENTITY x "
				+ "SYSTEM \"" + c + "/xxe\">]><Patient xmlns=\"http://hl7.org/fhir\"><gender value=\"&x;\"/></Patient>",
				"application/fhir+xml"));
		vectors.put("xml external dtd", h -> h.post("/fhir/Patient", "<?xml version=\"1.0\"?><!DOCTYPE Patient SYSTEM \"" + c
				+ "/dtd\"><Patient xmlns=\"http://hl7.org/fhir\"/>", "application/fhir+xml"));
		vectors.put("xml parameter entity", h -> h.post("/fhir/Patient", "<?xml version=\"1.0\"?><!DOCTYPE Patient [<!ENTITY % p "
				+ "SYSTEM \"" + c + "/pe\"> %p;]><Patient xmlns=\"http://hl7.org/fhir\"/>", "application/fhir+xml"));
		vectors.put("xml schemaLocation", h -> h.post("/fhir/Patient", "<Patient xmlns=\"http://hl7.org/fhir\" xmlns:xsi="
				+ "\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://hl7.org/fhir " + c
				+ "/fhir.xsd\"/>", "application/fhir+xml"));
		vectors.put("xml xinclude in narrative", h -> h.post("/fhir/Patient", "<Patient xmlns=\"http://hl7.org/fhir\"><text><status "
				+ "value=\"generated\"/><div xmlns=\"http://www.w3.org/1999/xhtml\"><xi:include xmlns:xi=\"http://www.w3.org/2001/"
				+ "XInclude\" href=\"" + c + "/inc\"/></div></text></Patient>", "application/fhir+xml"));
		vectors.put("$validate xml profile", h -> h.post("/fhir/Patient/$validate", "<Patient xmlns=\"http://hl7.org/fhir\"><meta>"
				+ "<profile value=\"" + c + "/StructureDefinition/p\"/></meta></Patient>", "application/fhir+xml"));
		// URLs stored in resources, never dereferenced
		vectors.put("narrative image", h -> h.post("/fhir/Patient", "{\"resourceType\":\"Patient\",\"text\":{\"status\":"
				+ "\"generated\",\"div\":\"<div xmlns=\\\"http://www.w3.org/1999/xhtml\\\"><img src=\\\"" + c
				+ "/img.png\\\"/></div>\"}}", FhirHttp.FHIR_JSON));
		vectors.put("attachment url", h -> h.post("/fhir/DocumentReference", "{\"resourceType\":\"DocumentReference\","
				+ "\"status\":\"current\",\"content\":[{\"attachment\":{\"contentType\":\"application/pdf\",\"url\":\"" + c
				+ "/doc.pdf\"}}]}", FhirHttp.FHIR_JSON));
		vectors.put("endpoint address", h -> h.post("/fhir/Endpoint", "{\"resourceType\":\"Endpoint\",\"status\":\"active\","
				+ "\"connectionType\":{\"system\":\"http://terminology.hl7.org/CodeSystem/endpoint-connection-type\","
				+ "\"code\":\"hl7-fhir-rest\"},\"payloadType\":[{\"text\":\"any\"}],\"address\":\"" + c + "/fhir\"}",
				FhirHttp.FHIR_JSON));
		vectors.put("questionnaire answerValueSet", h -> h.post("/fhir/Questionnaire", "{\"resourceType\":\"Questionnaire\","
				+ "\"status\":\"draft\",\"derivedFrom\":[\"" + c + "/Questionnaire/q\"],\"item\":[{\"linkId\":\"1\",\"type\":"
				+ "\"choice\",\"answerValueSet\":\"" + c + "/ValueSet/v\"}]}", FhirHttp.FHIR_JSON));
		vectors.put("structure definition base", h -> h.post("/fhir/StructureDefinition", "{\"resourceType\":"
				+ "\"StructureDefinition\",\"url\":\"" + c + "/StructureDefinition/own\",\"name\":\"Own\",\"status\":\"draft\","
				+ "\"kind\":\"resource\",\"abstract\":false,\"type\":\"Patient\",\"baseDefinition\":\"" + c
				+ "/StructureDefinition/base\",\"derivation\":\"constraint\",\"differential\":{\"element\":[{\"id\":\"Patient\","
				+ "\"path\":\"Patient\"}]}}", FhirHttp.FHIR_JSON));
		vectors.put("code system supplement", h -> h.post("/fhir/CodeSystem", "{\"resourceType\":\"CodeSystem\",\"url\":\"urn:x\","
				+ "\"status\":\"draft\",\"content\":\"supplement\",\"supplements\":\"" + c + "/CodeSystem/base\"}",
				FhirHttp.FHIR_JSON));
		// terminology that would need the canary to answer
		vectors.put("stored value set including the canary, expanded", h -> {
			String location = h.post("/fhir/ValueSet", "{\"resourceType\":\"ValueSet\",\"url\":\"urn:uuid:"
					+ java.util.UUID.randomUUID() + "\",\"status\":\"draft\",\"compose\":{\"include\":[{\"valueSet\":[\"" + c
					+ "/ValueSet/v\"]},{\"system\":\"" + c + "/CodeSystem/x\"}]}}", FhirHttp.FHIR_JSON).header("Location");
			return location == null ? h.get("/fhir/ValueSet/unknown/$expand")
					: h.get("/fhir/ValueSet/" + location.replaceAll(".*/ValueSet/([^/]+).*", "$1") + "/$expand");
		});
		vectors.put("$expand inline value set", h -> h.post("/fhir/ValueSet/$expand", "{\"resourceType\":\"Parameters\",\"parameter\":"
				+ "[{\"name\":\"valueSet\",\"resource\":{\"resourceType\":\"ValueSet\",\"status\":\"draft\",\"compose\":{\"include\":"
				+ "[{\"valueSet\":[\"" + c + "/ValueSet/v\"]}]}}}]}", FhirHttp.FHIR_JSON));
		vectors.put("$translate url", h -> h.get("/fhir/ConceptMap/$translate?url=" + c + "/ConceptMap/m&system=" + c
				+ "/CodeSystem/x&code=y&target=" + c + "/ValueSet/t"));
		vectors.put("$subsumes system", h -> h.get("/fhir/CodeSystem/$subsumes?system=" + c + "/CodeSystem/x&codeA=a&codeB=b"));
		// operations of other servers that load from a URL
		vectors.put("$evaluate endpoints", h -> h.post("/fhir/Patient/" + patientId + "/$evaluate", "{\"resourceType\":"
				+ "\"Parameters\",\"parameter\":[{\"name\":\"library\",\"valueCanonical\":\"" + c + "/Library/l\"},"
				+ "{\"name\":\"dataEndpoint\",\"resource\":{\"resourceType\":\"Endpoint\",\"status\":\"active\",\"address\":\""
				+ c + "/fhir\"}},{\"name\":\"terminologyEndpoint\",\"resource\":{\"resourceType\":\"Endpoint\",\"status\":"
				+ "\"active\",\"address\":\"" + c + "/fhir\"}}]}", FhirHttp.FHIR_JSON));
		vectors.put("ImplementationGuide $install", h -> h.post("/fhir/ImplementationGuide/$install", "{\"resourceType\":"
				+ "\"Parameters\",\"parameter\":[{\"name\":\"url\",\"valueUri\":\"" + c + "/package.tgz\"}]}", FhirHttp.FHIR_JSON));
		vectors.put("$package-install", h -> h.post("/fhir/$package-install", "{\"resourceType\":\"Parameters\",\"parameter\":["
				+ "{\"name\":\"packageUrl\",\"valueUri\":\"" + c + "/package.tgz\"}]}", FhirHttp.FHIR_JSON));
		vectors.put("validator /loadIG", h -> h.post("/loadIG", "{\"ig\":\"" + c + "/package.tgz\"}", "application/json"));
		vectors.put("$upload-external-code-system", h -> h.post("/fhir/$upload-external-code-system", "{\"resourceType\":"
				+ "\"Parameters\",\"parameter\":[{\"name\":\"url\",\"valueUri\":\"" + c + "/CodeSystem/x\"},{\"name\":"
				+ "\"fileUrl\",\"valueString\":\"" + c + "/codes.zip\"}]}", FhirHttp.FHIR_JSON));
		vectors.put("bulk $import", h -> h.post("/fhir/$import", "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":"
				+ "\"inputFormat\",\"valueCode\":\"application/fhir+ndjson\"},{\"name\":\"inputSource\",\"valueUri\":\"" + c
				+ "\"},{\"name\":\"input\",\"part\":[{\"name\":\"type\",\"valueCode\":\"Patient\"},{\"name\":\"url\","
				+ "\"valueUri\":\"" + c + "/Patient.ndjson\"}]}]}", FhirHttp.FHIR_JSON, "Prefer", "respond-async"));
		vectors.put("$process-message", h -> h.post("/fhir/$process-message", "{\"resourceType\":\"Bundle\",\"type\":\"message\","
				+ "\"entry\":[{\"fullUrl\":\"urn:uuid:6e9c9a3c-5b49-4b49-9c35-2f1f7b2b7a10\",\"resource\":{\"resourceType\":"
				+ "\"MessageHeader\",\"eventCoding\":{\"system\":\"urn:x\",\"code\":\"y\"},\"destination\":[{\"endpoint\":\"" + c
				+ "/msg\"}],\"source\":{\"endpoint\":\"" + c + "/src\"}}}]}", FhirHttp.FHIR_JSON));
		vectors.put("$meta-add profile", h -> h.post("/fhir/Patient/" + patientId + "/$meta-add", "{\"resourceType\":\"Parameters\","
				+ "\"parameter\":[{\"name\":\"meta\",\"valueMeta\":{\"profile\":[\"" + c + "/StructureDefinition/p\"]}}]}",
				FhirHttp.FHIR_JSON));
		vectors.put("patch adding a profile", h -> h.patch("/fhir/Patient/" + patientId, "[{\"op\":\"add\",\"path\":\"/meta\","
				+ "\"value\":{\"profile\":[\"" + c + "/StructureDefinition/p\"]}}]", "application/json-patch+json"));
		vectors.put("websocket and email subscriptions", h -> h.post("/fhir", "{\"resourceType\":\"Bundle\",\"type\":\"batch\","
				+ "\"entry\":[" + subscriptionEntry("websocket", c.replace("http:", "ws:") + "/ws") + ","
				+ subscriptionEntry("email", "mailto:x@127.0.0.1") + "," + subscriptionEntry("message", c + "/msg") + "]}",
				FhirHttp.FHIR_JSON));
		vectors.put("chained search on an absolute reference", h -> h.get("/fhir/Observation?subject:Patient.name=x&subject="
				+ c + "/fhir/Patient/1&_include=Observation:subject"));
		FaultFigures figures = new FaultFigures("ssrf");
		Map<String, Integer> statuses = new LinkedHashMap<>();
		Map<String, Integer> hitsBy = new LinkedHashMap<>();
		for (Map.Entry<String, Function<FhirHttp, FhirHttp.Response>> vector : vectors.entrySet()) {
			int hitsBefore = canary.hits();
			long start = System.nanoTime();
			FhirHttp.Response response = vector.getValue().apply(http);
			figures.answered(response.status(), (System.nanoTime() - start) / 1_000_000);
			statuses.put(vector.getKey(), response.status());
			if (canary.hits() > hitsBefore) {
				hitsBy.put(vector.getKey(), canary.hits() - hitsBefore);
			}
			if (response.status() >= 500) {
				figures.violation();
			}
		}
		Thread.sleep(3_000); // room for anything asynchronous (subscription delivery, jobs)
		figures.canaryHits(canary.hits());
		figures.print();
		FaultFigures.log("SSRF vectors=" + vectors.size() + " decoy_requests=" + decoy.requests() + " statuses " + statuses);

		assertThat(vectors).hasSizeGreaterThanOrEqualTo(40);
		assertThat(hitsBy).as("vectors that made the server connect to the canary").isEmpty();
		assertThat(canary.hits()).as("connections to the canary").isZero();
		assertThat(decoy.requests()).as("the allow-listed decoy was really called").isPositive();
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

	/** A CDS request whose {@code fhirServer} is exactly {@code fhirServer} (no "/fhir" appended). */
	private static String cdsRequestTo(String hook, String fhirServer, String patientId) {
		return cdsRequest(hook, fhirServer, patientId).replace("\"fhirServer\":\"" + fhirServer + "/fhir\"",
				"\"fhirServer\":\"" + fhirServer + "\"");
	}

	private static String subscriptionEntry(String channel, String endpoint) {
		return "{\"resource\":{\"resourceType\":\"Subscription\",\"status\":\"requested\",\"reason\":\"x\",\"criteria\":"
				+ "\"Observation?\",\"channel\":{\"type\":\"" + channel + "\",\"endpoint\":\"" + endpoint + "\"}},"
				+ "\"request\":{\"method\":\"POST\",\"url\":\"Subscription\"}}";
	}

	private static String jwtWithJku(String canaryBase) {
		return jwtWithKeyUrl("jku", canaryBase);
	}

	private static String jwtWithKeyUrl(String header, String canaryBase) {
		Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
		String head = b64.encodeToString(("{\"alg\":\"RS384\",\"typ\":\"JWT\",\"kid\":\"k\",\"" + header + "\":\""
				+ canaryBase + "/jwks.json\"}").getBytes(StandardCharsets.UTF_8));
		String payload = b64.encodeToString(("{\"iss\":\"" + canaryBase + "\",\"sub\":\"x\",\"aud\":\"x\",\"exp\":4102444800,"
				+ "\"jti\":\"j\"}").getBytes(StandardCharsets.UTF_8));
		return head + "." + payload + "." + b64.encodeToString("sig".getBytes(StandardCharsets.UTF_8));
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
