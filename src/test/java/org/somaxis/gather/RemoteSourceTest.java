package org.somaxis.gather;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.hl7.fhir.r4.model.Condition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.somaxis.guidance.knowledge.KnowledgeLoader;

/**
 * A remote server's searches over real HTTP: what it leaves out is said, not taken for the whole answer. Its Condition
 * search says two matches, gives one entry without its resource, and the second page by a relative next link.
 */
class RemoteSourceTest {
	private static final FhirContext FHIR = FhirContext.forR4();
	private HttpServer server;
	private String base;

	@BeforeEach
	void start() throws Exception {
		FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/fhir", exchange -> {
			String path = exchange.getRequestURI().getPath();
			String query = String.valueOf(exchange.getRequestURI().getRawQuery());
			String body;
			if (path.equals("/fhir/Patient/p1")) {
				body = "{\"resourceType\":\"Patient\",\"id\":\"p1\",\"birthDate\":\"1970-01-01\",\"gender\":\"male\"}";
			} else if (path.equals("/fhir/Condition") && query.contains("page=2")) {
				body = "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{\"resource\":{\"resourceType\":"
						+ "\"Condition\",\"id\":\"c2\",\"subject\":{\"reference\":\"Patient/p1\"}},\"search\":{\"mode\":\"match\"}}]}";
			} else if (path.equals("/fhir/Condition")) {
				body = "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":2,"
						+ "\"link\":[{\"relation\":\"next\",\"url\":\"Condition?patient=p1&system=http://loinc.org&page=2\"}],"
						+ "\"entry\":[{\"fullUrl\":\"" + base + "/Condition/c1\",\"search\":{\"mode\":\"match\"}}]}";
			} else if (path.equals("/fhir/Procedure")) {
				// a dot segment would climb off the base's path: not followed
				body = "{\"resourceType\":\"Bundle\",\"type\":\"searchset\","
						+ "\"link\":[{\"relation\":\"next\",\"url\":\"../other/fhir/Procedure?page=2\"}],\"entry\":[]}";
			} else {
				body = "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[]}";
			}
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
			exchange.sendResponseHeaders(200, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		});
		server.start();
		base = "http://127.0.0.1:" + server.getAddress().getPort() + "/fhir";
	}

	@AfterEach
	void stop() {
		server.stop(0);
	}

	@Test
	void aSearchThatLeavesMatchesOut_isSaid_andARelativeNextLinkIsFollowed() {
		RemoteSource source = new RemoteSource(FHIR.newRestfulGenericClient(base), base, null,
				new GatherPlan(KnowledgeLoader.fromClasspath()));

		PatientData data = source.gather(new PatientQuery("p1", LocalDate.of(2026, 11, 22)));

		assertThat(data.resources()).filteredOn(Condition.class::isInstance)
				.extracting(resource -> resource.getIdElement().getIdPart()).containsExactly("c2");
		assertThat(data.messages()).anySatisfy(message -> assertThat(message)
				.contains("Condition search says it has 2 matches but its pages gave 1"));
		assertThat(data.messages()).anySatisfy(message -> assertThat(message)
				.contains("Condition search gave an entry without its resource"));
		assertThat(data.messages()).filteredOn(message -> message.contains("another server")).singleElement().asString()
				.contains("Procedure search");
	}
}
