package org.somaxis.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.RequestGroup;
import org.junit.jupiter.api.Test;
import org.somaxis.gather.Canary;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.somaxis.operation.EvaluateServer;
import org.somaxis.support.FhirHttp;

/** Calls to the CDS services of the shared $evaluate server, and the card helpers the CDS ITs share. */
abstract class CdsCalls extends EvaluateServer {
	static final ObjectMapper JSON = new ObjectMapper();
	static final Path FIXTURES = Path.of("examples/cds");
	static final String PV = "somaxis-patient-view";
	static final String OS = "somaxis-order-select";
	static final String SIGN = "somaxis-order-sign";

	record Reply(int status, String contentType, JsonNode json, String body) {}

	Reply post(String path, String body) {
		FhirHttp.Response response = http.post(path, body, "application/json", "Accept", "application/json");
		return new Reply(response.status(), response.header("Content-Type"), parse(response.body()), response.body());
	}

	Reply get(String path) {
		FhirHttp.Response response = http.get(path, "Accept", "application/json");
		return new Reply(response.status(), response.header("Content-Type"), parse(response.body()), response.body());
	}

	static JsonNode parse(String body) {
		try {
			return body == null || body.isBlank() || body.startsWith("<") ? null : JSON.readTree(body);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	static ObjectNode fixture(String name) {
		try {
			return (ObjectNode) JSON.readTree(Files.readString(FIXTURES.resolve(name)));
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** A request for a stored scenario patient with no prefetch: the service reads our store. */
	ObjectNode storedRequest(String scenario, String hook) {
		return storedPatientRequest(patientId(scenario), hook);
	}

	/** A request for any stored patient with no prefetch. */
	static ObjectNode storedPatientRequest(String patientId, String hook) {
		ObjectNode request = JSON.createObjectNode();
		request.put("hook", hook);
		request.put("hookInstance", java.util.UUID.randomUUID().toString());
		ObjectNode context = request.putObject("context");
		context.put("userId", "Practitioner/example");
		context.put("patientId", patientId);
		if (!hook.equals("patient-view")) {
			context.putObject("draftOrders").put("resourceType", "Bundle");
		}
		request.putObject("extension").put(CdsRequest.EVALUATION_DATE_EXTENSION, EVALUATION_DATE);
		return request;
	}

	/** Calls, checks 200 + application/json + every card rule, returns the cards. */
	List<JsonNode> cards(String service, JsonNode request) {
		Reply reply = post("/cds-services/" + service, request.toString());
		assertThat(reply.status()).as(reply.body()).isEqualTo(200);
		assertThat(reply.contentType()).startsWith("application/json");
		return CardRules.assertConformant(reply.json());
	}

	static List<String> rules(List<JsonNode> cards) {
		return cards.stream().map(card -> card.path("source").path("topic").path("code").asText()).toList();
	}

	static JsonNode card(List<JsonNode> cards, String rule) {
		return cards.stream()
				.filter(card -> card.path("source").path("topic").path("code").asText().equals(rule))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no card for " + rule + " in " + rules(cards)));
	}
}
