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

/**
 * CDS Hooks 2.0 services over HTTP, on the shared $evaluate server (same Spring context, same stored scenarios).
 * Every response that carries cards goes through {@link CardRules}.
 */
class CdsServicesIT extends CdsCalls {
	// ---- discovery ----

	@Test
	void discovery_listsOneServicePerHook_withOnly20PrefetchTokens() {
		Reply reply = get("/cds-services");

		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.contentType()).startsWith("application/json");
		List<String> hooks = new ArrayList<>();
		for (JsonNode service : reply.json().get("services")) {
			hooks.add(service.get("hook").asText());
			assertThat(service.path("id").asText()).isNotBlank();
			assertThat(service.path("title").asText()).isNotBlank();
			assertThat(service.path("description").asText()).isNotBlank();
			service.get("prefetch").fields().forEachRemaining(template -> assertThat(template.getValue().asText()
					.replaceAll("\\{\\{(context\\.[A-Za-z]+|userPractitionerId|userPractitionerRoleId|userPatientId"
							+ "|userRelatedPersonId)}}", ""))
					.as("template %s", template.getKey())
					.doesNotContain("{{").doesNotContain("}}"));
		}
		assertThat(hooks).containsExactly("patient-view", "order-select", "order-sign");
		assertThat(get("/cds-services").body()).isEqualTo(reply.body());
	}

	// ---- service calls on our own fixtures (full prefetch, no Bundle.type on draftOrders) ----

	@Test
	void patientView_withFullPrefetch_answersFromThePrefetchAlone() {
		List<JsonNode> cards = cards(PV, fixture("patient-view-short-sleep.json"));

		assertThat(rules(cards)).contains("sleep-short");
		JsonNode card = card(cards, "sleep-short");
		assertThat(card.get("indicator").asText()).isEqualTo("info");
		assertThat(card.get("detail").asText()).contains("**Sources**");
	}

	@Test
	void orderSelect_withDraftOrdersWithoutBundleType_flagsPregnancyAsCritical() {
		List<JsonNode> cards = cards(OS, fixture("order-select-pregnancy.json"));

		JsonNode card = card(cards, "peptide-pregnancy");
		assertThat(card.get("indicator").asText()).isEqualTo("critical");
		assertThat(card.get("overrideReasons").get(0).get("display").asText()).isNotBlank();
		assertThat(card.get("suggestions").findValues("resourceId").stream().map(JsonNode::asText))
				.allMatch(id -> id.startsWith("MedicationRequest/"));
	}

	@Test
	void orderSign_onHpAxisDisorder_suggestsDeletingTheDraftByResourceId() {
		List<JsonNode> cards = cards(SIGN, fixture("order-sign-hp-axis-disorder.json"));

		JsonNode card = card(cards, "tesamorelin-hp-axis-disorder");
		assertThat(card.get("indicator").asText()).isEqualTo("critical");
		JsonNode delete = card.get("suggestions").findValues("actions").get(0).get(0);
		assertThat(delete.get("type").asText()).isEqualTo("delete");
		String draftId = fixture("order-sign-hp-axis-disorder.json")
				.at("/context/draftOrders/entry/0/resource/id").asText();
		assertThat(delete.get("resourceId").asText()).isEqualTo("MedicationRequest/" + draftId);
		assertThat(card.get("selectionBehavior").asText()).isEqualTo("any"); // one suggestion, nothing to choose between
	}

	/**
	 * The order hooks read no sleep or exercise (only patient-view's rules do), so discovery does not ask the order
	 * services for them, and an EHR whose prefetch of them is paged (a wearable's months of nights: a searchset with a
	 * next link, or left out) still gets the contraindication. Before, the order-sign call was refused with 412 because
	 * the fhirServer was not allow-listed to fetch the rest, and the critical card was lost.
	 */
	@ParameterizedTest(name = "lifestyleObservations {0}")
	@org.junit.jupiter.params.provider.ValueSource(strings = {"paged", "absent"})
	void orderSign_withTheLifestyleObservationsPagedOrAbsent_stillGivesTheContraindication(String shape) {
		ObjectNode request = fixture("order-sign-hp-axis-disorder.json").deepCopy();
		ObjectNode prefetch = (ObjectNode) request.get("prefetch");
		if (shape.equals("absent")) {
			prefetch.remove("lifestyleObservations");
		} else {
			((ObjectNode) prefetch.get("lifestyleObservations")).put("total", 400).putArray("link").addObject()
					.put("relation", "next").put("url", "https://ehr.example.org/fhir?_getpages=x&_getpagesoffset=20");
		}

		JsonNode card = card(cards(SIGN, request), "tesamorelin-hp-axis-disorder");

		assertThat(card.get("indicator").asText()).isEqualTo("critical");
	}

	@Test
	void discovery_asksTheOrderServicesForNoLifestyleObservations() {
		for (JsonNode service : get("/cds-services").json().get("services")) {
			boolean patientView = service.get("hook").asText().equals("patient-view");
			assertThat(service.get("prefetch").has("lifestyleObservations")).as(service.get("id").asText())
					.isEqualTo(patientView);
			assertThat(service.get("prefetch").has("conditions")).isTrue();
		}
	}

	/** context.draftOrders is required by order-select and order-sign: left out or null, the call is a 400, not "no cards". */
	@ParameterizedTest(name = "draftOrders {0}")
	@org.junit.jupiter.params.provider.ValueSource(strings = {"absent", "null"})
	void anOrderHookWithoutDraftOrders_is400(String shape) {
		ObjectNode request = fixture("order-sign-hp-axis-disorder.json").deepCopy();
		ObjectNode context = (ObjectNode) request.get("context");
		if (shape.equals("absent")) {
			context.remove("draftOrders");
		} else {
			context.putNull("draftOrders");
		}

		Reply reply = post("/cds-services/" + SIGN, request.toString());

		assertThat(reply.status()).isEqualTo(400);
		assertThat(reply.json().get("error").asText()).contains("context.draftOrders");
	}

	/** A prefetch key the service needs and cannot fetch is named in the 412, so the EHR's engineer knows which. */
	@Test
	void anIncompletePrefetchWithNowhereToFetchFrom_is412NamingTheKey() {
		ObjectNode request = fixture("order-sign-hp-axis-disorder.json").deepCopy();
		((ObjectNode) request.get("prefetch")).remove("conditions");

		Reply reply = post("/cds-services/" + SIGN, request.toString());

		assertThat(reply.status()).isEqualTo(412);
		assertThat(reply.json().get("error").asText()).contains("'conditions'").doesNotContain("lifestyleObservations");
	}

	/**
	 * A draft sent without an id or fullUrl gets an id made up here, which the EHR never knew: an action naming it could
	 * not be carried out, so the card keeps its advice and offers no such suggestion.
	 */
	@Test
	void aDraftSentWithoutAnId_getsNoSuggestionNamingAMadeUpId() {
		com.fasterxml.jackson.databind.node.ObjectNode request = fixture("order-sign-hp-axis-disorder.json").deepCopy();
		((com.fasterxml.jackson.databind.node.ObjectNode) request.at("/context/draftOrders/entry/0/resource")).remove("id");
		((com.fasterxml.jackson.databind.node.ObjectNode) request.at("/context/draftOrders/entry/0")).remove("fullUrl");

		JsonNode card = card(cards(SIGN, request), "tesamorelin-hp-axis-disorder");

		assertThat(card.get("indicator").asText()).isEqualTo("critical");
		assertThat(card.path("suggestions").findValues("resourceId")).isEmpty();
	}

	@Test
	void missingLab_isSuggestedAsACreateServiceRequest() {
		List<JsonNode> cards = cards(OS, storedRequest("no-baseline-igf1", "order-select"));

		JsonNode create = card(cards, "no-baseline-igf1").get("suggestions").findValues("actions").get(0).get(0);
		assertThat(create.get("type").asText()).isEqualTo("create");
		assertThat(create.at("/resource/resourceType").asText()).isEqualTo("ServiceRequest");
		assertThat(create.at("/resource/code/coding/0/system").asText()).isEqualTo("http://loinc.org");
	}

	@Test
	void cardSourceUrl_isAPageOnThisServerDescribingTheRule() {
		JsonNode card = card(cards(PV, fixture("patient-view-short-sleep.json")), "sleep-short");

		FhirHttp.Response page = http.get(card.at("/source/url").asText(), "Accept", "text/html");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.header("Content-Type")).startsWith("text/html");
		assertThat(page.body()).contains("sleep-short");
		assertThat(get("/cds-services/rules/no-such-rule").status()).isEqualTo(404);
	}

	// ---- prefetch: none, partial, null, OperationOutcome ----

	@Test
	void noPrefetch_readsOurStore_andAgreesWithTheFullPrefetchFixture() {
		List<JsonNode> fromStore = cards(PV, storedRequest("short-sleep", "patient-view"));
		List<JsonNode> fromPrefetch = cards(PV, fixture("patient-view-short-sleep.json"));

		assertThat(rules(fromStore)).isEqualTo(rules(fromPrefetch));
	}

	@Test
	void partialPrefetch_withOperationOutcome_fetchesTheRestFromOurStore() throws IOException {
		ObjectNode request = storedRequest("short-sleep", "patient-view");
		request.put("fhirServer", http.base() + "/fhir");
		ObjectNode prefetch = request.putObject("prefetch");
		prefetch.set("patient", JSON.readTree(http.get("/fhir/Patient/" + patientId("short-sleep")).body()));
		prefetch.set("observations", JSON.readTree(
				"{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"timeout\"}]}"));

		assertThat(rules(cards(PV, request))).isEqualTo(rules(cards(PV, storedRequest("short-sleep", "patient-view"))));
	}

	/** A client on this machine that names the server 127.0.0.1 while it reached it as localhost (before: 412). */
	@Test
	void partialPrefetch_withFhirServerOnAnotherLoopbackName_fetchesTheRestFromOurStore() throws IOException {
		ObjectNode request = storedRequest("short-sleep", "patient-view");
		request.put("fhirServer", http.base().replace("localhost", "127.0.0.1") + "/fhir");
		ObjectNode prefetch = request.putObject("prefetch");
		prefetch.set("patient", JSON.readTree(http.get("/fhir/Patient/" + patientId("short-sleep")).body()));

		assertThat(rules(cards(PV, request))).isEqualTo(rules(cards(PV, storedRequest("short-sleep", "patient-view"))))
				.contains("sleep-short");
	}

	@Test
	void nullPrefetch_meansNoData_andIsNotFetchedAgain() {
		ObjectNode request = fixture("patient-view-short-sleep.json");
		((ObjectNode) request.get("prefetch")).putNull("lifestyleObservations");

		assertThat(rules(cards(PV, request))).doesNotContain("sleep-short");
	}

	@Test
	void noGuidance_isExactlyAnEmptyCardsArray() {
		// a scenario whose rules all belong to the order faces (scenario-rule-matrix.csv)
		Reply reply = post("/cds-services/" + PV, storedRequest("no-baseline-igf1", "patient-view").toString());

		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.body().replace(" ", "")).isEqualTo("{\"cards\":[]}");
	}

	// ---- errors: 400, 404, 412, never an outbound call ----

	@Test
	void malformedRequests_are400WithAJsonError() {
		ObjectNode valid = storedRequest("short-sleep", "patient-view");
		for (String field : List.of("hook", "hookInstance", "context")) {
			ObjectNode broken = valid.deepCopy();
			broken.remove(field);
			Reply reply = post("/cds-services/" + PV, broken.toString());

			assertThat(reply.status()).as(field).isEqualTo(400);
			assertThat(reply.contentType()).startsWith("application/json");
			assertThat(reply.json().get("error").asText()).contains(field);
		}
		ObjectNode wrongHook = valid.deepCopy().put("hook", "order-sign");
		assertThat(post("/cds-services/" + PV, wrongHook.toString()).status()).isEqualTo(400);
	}

	@Test
	void unknownService_is404WithAJsonError() {
		Reply reply = post("/cds-services/no-such-service", storedRequest("short-sleep", "patient-view").toString());

		assertThat(reply.status()).isEqualTo(404);
		assertThat(reply.json().get("error").asText()).contains("no-such-service");
	}

	@Test
	void unknownPatientWithoutPrefetch_is412() {
		ObjectNode request = storedRequest("short-sleep", "patient-view");
		((ObjectNode) request.get("context")).put("patientId", "not-stored-anywhere");

		Reply reply = post("/cds-services/" + PV, request.toString());
		assertThat(reply.status()).isEqualTo(412);
		assertThat(reply.json().get("error").asText()).contains("not-stored-anywhere");
	}

	/**
	 * A prefetch with a key the client could not fill (absent here; an OperationOutcome or a page with a next link
	 * alike), no fhirServer, and a patient this server does not hold: our store cannot fill the gap, so the answer is
	 * 412. Before, the store's searches found nothing and the answer was 200 without the pregnancy card and without
	 * saying that data was missing.
	 */
	@Test
	void incompletePrefetchForAPatientTheStoreDoesNotHold_is412() {
		String patient = "prefetch-only-" + java.util.UUID.randomUUID();
		ObjectNode request = (ObjectNode) CdsCalls.parse(fixture("order-select-pregnancy.json").toString()
				.replace("scn-pregnancy", patient));
		request.remove("fhirServer");
		((ObjectNode) request.get("prefetch")).remove("conditions");

		Reply reply = post("/cds-services/" + OS, request.toString());

		assertThat(reply.status()).as(reply.body()).isEqualTo(412);
		assertThat(reply.json().get("error").asText())
				.startsWith("the prefetch holds only part of 'conditions' (missing, or a search with more pages)")
				.contains("Patient/" + patient + " is not known to this server")
				.doesNotContain("does not supply");
	}

	/**
	 * The same, without the Patient in the prefetch either: then the store's missing Patient is the prefetch's too. The
	 * text said "the request's prefetch does not supply it" in both cases, also when the prefetch did supply it.
	 */
	@Test
	void prefetchWithoutThePatientForAPatientTheStoreDoesNotHold_is412_sayingThePrefetchDoesNotSupplyIt() {
		String patient = "prefetch-only-" + java.util.UUID.randomUUID();
		ObjectNode request = (ObjectNode) CdsCalls.parse(fixture("order-select-pregnancy.json").toString()
				.replace("scn-pregnancy", patient));
		request.remove("fhirServer");
		((ObjectNode) request.get("prefetch")).remove("patient");

		Reply reply = post("/cds-services/" + OS, request.toString());

		assertThat(reply.status()).as(reply.body()).isEqualTo(412);
		assertThat(reply.json().get("error").asText()).isEqualTo("Patient/" + patient + " is not known to this server,"
				+ " and the request's prefetch does not supply it");
	}

	@Test
	void fhirServerNotOnTheAllowList_is412_withoutAnyOutboundCall() throws IOException {
		try (Canary canary = Canary.start()) {
			ObjectNode request = storedRequest("short-sleep", "patient-view");
			request.put("fhirServer", canary.base());
			request.putObject("fhirAuthorization").put("access_token", "secret-token-123").put("token_type", "Bearer")
					.put("expires_in", 300).put("scope", "patient/*.read").put("subject", "somaxis");

			Reply reply = post("/cds-services/" + PV, request.toString());

			assertThat(reply.status()).isEqualTo(412);
			assertThat(reply.body()).doesNotContain("secret-token-123");
			assertThat(canary.hits()).isZero();
		}
	}

	// ---- HTTP: CORS, JWT ignored ----

	@Test
	void corsPreflight_isAnswered() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
								URI.create(http.base() + "/cds-services/" + PV))
						.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
						.header("Origin", "https://sandbox.cds-hooks.org")
						.header("Access-Control-Request-Method", "POST")
						.header("Access-Control-Request-Headers", "authorization,content-type")
						.build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isPresent();
		assertThat(response.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("POST");
		assertThat(response.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase())
				.contains("authorization");
	}

	@Test
	void incomingClientJwt_isAcceptedAndIgnoredForNow() {
		FhirHttp.Response response = http.get("/cds-services", "Accept", "application/json",
				"Authorization", "Bearer eyJhbGciOiJFUzM4NCJ9.eyJpc3MiOiJodHRwczovL2VociJ9.c2ln");

		assertThat(response.status()).isEqualTo(200);
	}

	// ---- feedback ----

	@Test
	void feedback_isStoredAndCountedPerRule_withOverrideReasons_andCardUuidsInAnyCase() {
		JsonNode critical = card(cards(OS, fixture("order-select-pregnancy.json")), "peptide-pregnancy");
		JsonNode info = card(cards(PV, fixture("patient-view-short-sleep.json")), "sleep-short");
		long overriddenBefore = count("peptide-pregnancy", "overridden");
		long acceptedBefore = count("sleep-short", "accepted");

		JsonNode reason = critical.get("overrideReasons").get(0);
		Reply overridden = post("/cds-services/" + OS + "/feedback", "{\"feedback\":[{\"card\":\"" + critical.get("uuid")
				.asText() + "\",\"outcome\":\"overridden\",\"overrideReason\":{\"reason\":" + reason
				+ ",\"userComment\":\"checked with the patient\"},\"outcomeTimestamp\":\"2026-11-22T10:00:00Z\"}]}");
		// an EHR may upper-case the uuid (RFC 4122 reads it case-insensitively): still the same card
		Reply accepted = post("/cds-services/" + PV + "/feedback", "{\"feedback\":[{\"card\":\"" + info.get("uuid")
				.asText().toUpperCase(java.util.Locale.ROOT) + "\",\"outcome\":\"accepted\",\"acceptedSuggestions\":[{\"id\":\""
				+ info.get("suggestions").get(0).get("uuid").asText() + "\"}],\"outcomeTimestamp\":\"2026-11-22T10:01:00Z\"}]}");

		assertThat(overridden.status()).as(overridden.body()).isEqualTo(200);
		assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
		assertThat(count("peptide-pregnancy", "overridden")).isEqualTo(overriddenBefore + 1);
		assertThat(count("sleep-short", "accepted")).isEqualTo(acceptedBefore + 1);
		JsonNode reasons = rule("peptide-pregnancy").get("overrideReasons");
		assertThat(reasons.findValuesAsText("code")).contains(reason.get("code").asText());
	}

	/**
	 * CDS Hooks lets a client report the same card more than once (a retry, or the same item twice in one envelope): it
	 * is counted once. Before, each report was counted again, so the summary's override rates were inflated.
	 */
	@Test
	void feedbackReportedAgain_isCountedOnce() {
		JsonNode critical = card(cards(OS, fixture("order-select-pregnancy.json")), "peptide-pregnancy");
		long before = count("peptide-pregnancy", "overridden");
		String item = "{\"card\":\"" + critical.get("uuid").asText() + "\",\"outcome\":\"overridden\","
				+ "\"outcomeTimestamp\":\"2026-11-22T11:00:00Z\"}";

		Reply first = post("/cds-services/" + OS + "/feedback", "{\"feedback\":[" + item + "," + item + "]}");
		Reply again = post("/cds-services/" + OS + "/feedback", "{\"feedback\":[" + item + "]}");

		assertThat(first.status()).as(first.body()).isEqualTo(200);
		assertThat(again.status()).as(again.body()).isEqualTo(200);
		assertThat(count("peptide-pregnancy", "overridden")).isEqualTo(before + 1);
	}

	@Test
	void feedback_forAnUnknownCardOrWithoutTheEnvelope_is400() {
		assertThat(post("/cds-services/" + PV + "/feedback", "{\"feedback\":[{\"card\":\"nope\",\"outcome\":"
				+ "\"accepted\",\"outcomeTimestamp\":\"2026-11-22T10:00:00Z\"}]}").status()).isEqualTo(400);
		assertThat(post("/cds-services/" + PV + "/feedback", "{\"card\":\"x\",\"outcome\":\"accepted\"}").status())
				.isEqualTo(400);
		assertThat(post("/cds-services/nope/feedback", "{\"feedback\":[]}").status()).isEqualTo(404);
	}

	/**
	 * Items a 2.0 client could not mean are refused, naming the field: a timestamp that is not an instant, suggestions
	 * that are not objects with an id, an override reason that is not a Coding. Before, all were stored, and a reason
	 * sent as text was counted as a reason without a code.
	 */
	@ParameterizedTest(name = "{0}")
	@org.junit.jupiter.params.provider.ValueSource(strings = {
			"\"outcome\":\"accepted\",\"outcomeTimestamp\":\"yesterday\"",
			"\"outcome\":\"accepted\",\"outcomeTimestamp\":\"2026-11-22T10:00:00\"",
			"\"outcome\":\"accepted\",\"outcomeTimestamp\":\"2026-11-22T10:00:00Z\",\"acceptedSuggestions\":{\"id\":\"x\"}",
			"\"outcome\":\"accepted\",\"outcomeTimestamp\":\"2026-11-22T10:00:00Z\",\"acceptedSuggestions\":[\"x\"]",
			"\"outcome\":\"overridden\",\"outcomeTimestamp\":\"2026-11-22T10:00:00Z\",\"overrideReason\":{\"reason\":\"not sure\"}",
			"\"outcome\":\"overridden\",\"outcomeTimestamp\":\"2026-11-22T10:00:00Z\",\"overrideReason\":\"not sure\""})
	void feedbackAClientCouldNotMean_is400NamingTheField(String fields) {
		JsonNode card = card(cards(OS, fixture("order-select-pregnancy.json")), "peptide-pregnancy");

		Reply reply = post("/cds-services/" + OS + "/feedback", "{\"feedback\":[{\"card\":\"" + card.get("uuid").asText()
				+ "\"," + fields + "}]}");

		assertThat(reply.status()).as(reply.body()).isEqualTo(400);
		assertThat(reply.json().get("error").asText()).startsWith("feedback[0].");
	}

	/**
	 * Accepted suggestions are checked against those the card offered (CDS Hooks 2.0: acceptedSuggestions names them by
	 * uuid). Before, any id was stored and counted as an acceptance.
	 */
	@Test
	void feedbackAcceptingASuggestionTheCardDidNotOffer_is400() {
		JsonNode card = card(cards(OS, fixture("order-select-pregnancy.json")), "peptide-pregnancy");
		long before = count("peptide-pregnancy", "accepted");

		Reply reply = post("/cds-services/" + OS + "/feedback", "{\"feedback\":[{\"card\":\"" + card.get("uuid").asText()
				+ "\",\"outcome\":\"accepted\",\"acceptedSuggestions\":[{\"id\":\"0d7c2b0e-0000-4000-8000-000000000000\"}],"
				+ "\"outcomeTimestamp\":\"2026-12-06T09:00:00Z\"}]}");

		assertThat(reply.status()).as(reply.body()).isEqualTo(400);
		assertThat(reply.json().get("error").asText()).startsWith("feedback[0].acceptedSuggestions[0].id");
		assertThat(count("peptide-pregnancy", "accepted")).isEqualTo(before);
	}

	@Test
	void feedbackAcceptingACardsOwnSuggestion_byItsUuidInAnyCase_isCounted() {
		JsonNode card = card(cards(OS, fixture("order-select-pregnancy.json")), "peptide-pregnancy");
		long before = count("peptide-pregnancy", "accepted");
		String suggestion = card.get("suggestions").get(0).get("uuid").asText().toUpperCase(java.util.Locale.ROOT);

		Reply reply = post("/cds-services/" + OS + "/feedback", "{\"feedback\":[{\"card\":\"" + card.get("uuid").asText()
				+ "\",\"outcome\":\"accepted\",\"acceptedSuggestions\":[{\"id\":\"" + suggestion + "\"}],"
				+ "\"outcomeTimestamp\":\"2026-12-06T09:01:00Z\"}]}");

		assertThat(reply.status()).as(reply.body()).isEqualTo(200);
		assertThat(count("peptide-pregnancy", "accepted")).isEqualTo(before + 1);
	}

	JsonNode rule(String ruleId) {
		for (JsonNode rule : get("/cds-services/feedback/summary").json().get("rules")) {
			if (rule.get("ruleId").asText().equals(ruleId)) {
				return rule;
			}
		}
		return JSON.createObjectNode();
	}

	long count(String ruleId, String outcome) {
		return rule(ruleId).path(outcome).asLong(0);
	}

	// ---- equivalence with $evaluate on every scenario bundle ----

	static Stream<String> scenarioNames() {
		return scenarios().stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("scenarioNames")
	void cards_agreeWithTheEvaluateRenderingOfTheSameFindings(String scenario) {
		for (String hook : List.of("patient-view", "order-select")) {
			String service = hook.equals("patient-view") ? PV : OS;
			List<JsonNode> all = cards(service, storedRequest(scenario, hook));
			FhirHttp.Response evaluated = http.get("/fhir/Patient/" + patientId(scenario) + "/$evaluate?hook=" + hook
					+ "&evaluationDate=" + EVALUATION_DATE);
			assertThat(evaluated.status()).as(evaluated.body()).isEqualTo(200);
			// data problems: one info card on CDS, evaluationMessage on $evaluate (both or neither)
			assertThat(rules(all).contains(CardRenderer.INCOMPLETE)).as("%s on %s", scenario, hook)
					.isEqualTo(!EvaluateServer.messages(evaluated.as(Parameters.class)).isEmpty());
			List<JsonNode> cards = all.stream()
					.filter(card -> !CardRenderer.INCOMPLETE.equals(card.at("/source/topic/code").asText())).toList();
			List<RequestGroup.RequestGroupActionComponent> actions =
					requestGroup(evaluated.as(Parameters.class)).getAction();

			assertThat(rules(cards)).as("%s on %s", scenario, hook).isEqualTo(
					actions.stream().map(a -> a.getCodeFirstRep().getCodingFirstRep().getCode()).toList());
			for (int i = 0; i < cards.size(); i++) {
				RequestGroup.RequestGroupActionComponent action = actions.get(i);
				JsonNode card = cards.get(i);
				assertThat(action.getCodeFirstRep().getCodingFirstRep().getSystem())
						.isEqualTo(card.at("/source/topic/system").asText());
				assertThat(card.get("summary").asText()).isEqualTo(action.getTitle());
				assertThat(card.get("indicator").asText()).isEqualTo(INDICATOR.get(action.getPriority().toCode()));
				assertThat(card.path("suggestions").size()).isEqualTo(action.getAction().size());
			}
		}
	}

	static final Map<String, String> INDICATOR = Map.of("routine", "info", "urgent", "warning", "stat", "critical");
}
