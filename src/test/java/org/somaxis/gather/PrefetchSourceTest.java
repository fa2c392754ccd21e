package org.somaxis.gather;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.somaxis.guidance.knowledge.KnowledgeLoader;

/**
 * Prefetch resolution against a loopback canary FHIR server: the token goes only to an allow-listed server, nothing
 * is called when the prefetch is complete or the server is not on the list, and data about another patient is
 * refused. The store is never needed here (CdsServicesIT exercises it), so it is absent.
 */
class PrefetchSourceTest {
	static final FhirContext FHIR = FhirContext.forR4Cached();
	static final ObjectMapper JSON = new ObjectMapper();
	static final String OWN_BASE = "http://localhost:8080/fhir";
	static final GatherPlan PLAN = new GatherPlan(KnowledgeLoader.fromClasspath());
	static final PatientQuery QUERY = new PatientQuery("p1", LocalDate.parse("2026-11-22"));
	static final String PATIENT = "{\"resourceType\":\"Patient\",\"id\":\"p1\",\"gender\":\"female\","
			+ "\"birthDate\":\"1980-01-01\"}";
	static final String EMPTY = "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":0}";

	static DataSources sources(List<String> allowed) {
		return new DataSources(null, null, PLAN, FHIR, allowed, List.of(), Duration.ofSeconds(5),
				PartRunner.inline());
	}

	static ObjectNode fullPrefetch(String patient) throws Exception {
		ObjectNode prefetch = JSON.createObjectNode();
		prefetch.set("patient", JSON.readTree(patient));
		for (GatherPlan.Part part : GatherPlan.Part.values()) {
			if (part != GatherPlan.Part.PATIENT) {
				prefetch.putNull(part.prefetchKey());
			}
		}
		return prefetch;
	}

	@Test
	void allowListedServer_suppliesTheMissingParts_withTheClientsBearerToken_andOnlyThePlansQueries() throws Exception {
		try (Canary canary = Canary.serving(path -> path.startsWith("/fhir/Patient/p1") ? PATIENT : EMPTY)) {
			PatientData data = sources(List.of(canary.base() + "/"))
					.prefetch(null, canary.base(), "token-abc", OWN_BASE, false)
					.gather(QUERY);

			assertThat(data.patientId()).isEqualTo("p1");
			assertThat(canary.requests()).hasSize(GatherPlan.Part.values().length)
					.allMatch(hit -> "Bearer token-abc".equals(hit.authorization()));
			assertThat(canary.requests().get(1).pathAndQuery())
					.startsWith("/fhir/Observation?patient=p1&code=2484-4%2C");
			assertThat(canary.requests().get(2).pathAndQuery()).contains("&date=ge2026-10-25");
		}
	}

	/**
	 * Patient-view with the sleep and exercise observations paged by the EHR (a next link) and nowhere to fetch the rest:
	 * evaluated without them, never with part of them (a first page would undercount the sessions), and named. Before,
	 * a 412: the safety cards were lost for data only the lifestyle rules read.
	 */
	@Test
	void pagedLifestyleObservationsWithNowhereToFetchFrom_areLeftOutAndNamed() throws Exception {
		ObjectNode prefetch = fullPrefetch(PATIENT);
		prefetch.set("lifestyleObservations", JSON.readTree("{\"resourceType\":\"Bundle\",\"type\":\"searchset\","
				+ "\"total\":400,\"link\":[{\"relation\":\"next\",\"url\":\"https://ehr.example.org/fhir?page=2\"}],"
				+ "\"entry\":[{\"resource\":{\"resourceType\":\"Observation\",\"id\":\"s1\",\"status\":\"final\","
				+ "\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"93832-4\"}]},"
				+ "\"subject\":{\"reference\":\"Patient/p1\"},\"effectiveDateTime\":\"2026-11-20\","
				+ "\"valueQuantity\":{\"value\":5,\"unit\":\"h\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"h\"}}}]}"));

		PatientData data = sources(List.of()).prefetch(prefetch, "https://ehr.example.org/fhir", null, OWN_BASE, false)
				.gather(QUERY);

		assertThat(data.resources()).noneMatch(resource -> resource.getIdElement().getIdPart().equals("s1"));
		assertThat(data.messages()).anyMatch(message -> message.contains("'lifestyleObservations'")
				&& message.contains("sleep and exercise guidance was not given"));
	}

	@Test
	void allowListedServer_isAskedForTheMedicationsOrdersNameByReference() throws Exception {
		String orders = "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":["
				+ "{\"fullUrl\":\"https://ehr.example.org/fhir/MedicationRequest/o1\",\"resource\":{\"resourceType\":"
				+ "\"MedicationRequest\",\"id\":\"o1\",\"status\":\"active\",\"intent\":\"order\","
				+ "\"subject\":{\"reference\":\"Patient/p1\"},\"medicationReference\":{\"reference\":\"Medication/m1\"}},"
				+ "\"search\":{\"mode\":\"match\"}},"
				+ "{\"fullUrl\":\"https://ehr.example.org/fhir/Medication/m1\",\"resource\":{\"resourceType\":\"Medication\","
				+ "\"id\":\"m1\",\"code\":{\"coding\":[{\"system\":\"http://www.nlm.nih.gov/research/umls/rxnorm\","
				+ "\"code\":\"1044587\"}]}},\"search\":{\"mode\":\"include\"}}]}";
		try (Canary canary = Canary.serving(path -> path.startsWith("/fhir/Patient/p1") ? PATIENT
				: path.startsWith("/fhir/MedicationRequest?") ? orders : EMPTY)) {
			PatientData data = sources(List.of(canary.base())).prefetch(null, canary.base(), null, OWN_BASE, false).gather(QUERY);

			assertThat(canary.requests()).anySatisfy(hit -> assertThat(hit.pathAndQuery())
					.startsWith("/fhir/MedicationRequest?patient=p1").endsWith("&_include=MedicationRequest%3Amedication"));
			assertThat(canary.requests()).anySatisfy(hit -> assertThat(hit.pathAndQuery())
					.endsWith("&_include=MedicationStatement%3Amedication"));
			assertThat(MedicationReferences.among(data.resources()).resolveAll(data.resources()))
					.filteredOn(org.hl7.fhir.r4.model.MedicationRequest.class::isInstance)
					.singleElement()
					.satisfies(order -> assertThat(((org.hl7.fhir.r4.model.MedicationRequest) order)
							.getMedicationCodeableConcept().getCodingFirstRep().getCode()).isEqualTo("1044587"));
		}
	}

	/**
	 * An order naming its Medication by the allow-listed server's absolute URL gets it from that server; one naming
	 * another server's Medication is not looked up there by its id (it could be an unrelated Medication of that id).
	 */
	@Test
	void medicationNamedByAbsoluteUrl_isFetchedOnlyFromTheServerItNames() throws Exception {
		String medications = "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{\"resource\":"
				+ "{\"resourceType\":\"Medication\",\"id\":\"m1\",\"code\":{\"coding\":[{\"system\":"
				+ "\"http://www.nlm.nih.gov/research/umls/rxnorm\",\"code\":\"1044587\"}]}}}]}";
		try (Canary canary = Canary.serving(path -> path.startsWith("/fhir/Medication?") ? medications : EMPTY)) {
			for (String base : List.of(canary.base(), "https://elsewhere.example.org/fhir")) {
				ObjectNode prefetch = fullPrefetch(PATIENT);
				prefetch.set("medicationRequests", JSON.readTree("{\"resourceType\":\"Bundle\",\"type\":\"searchset\","
						+ "\"entry\":[{\"resource\":{\"resourceType\":\"MedicationRequest\",\"id\":\"o1\","
						+ "\"status\":\"active\",\"intent\":\"order\",\"subject\":{\"reference\":\"Patient/p1\"},"
						+ "\"medicationReference\":{\"reference\":\"" + base + "/Medication/m1\"}}}]}"));

				sources(List.of(canary.base())).prefetch(prefetch, canary.base(), null, OWN_BASE, false).gather(QUERY);
			}

			assertThat(canary.requests()).singleElement()
					.satisfies(hit -> assertThat(hit.pathAndQuery()).isEqualTo("/fhir/Medication?_id=m1"));
		}
	}

	@Test
	void prefetchedOrdersNamingMedicationsTheClientDidNotSend_getThemFromTheAllowListedServer() throws Exception {
		ObjectNode prefetch = fullPrefetch(PATIENT);
		prefetch.set("medicationRequests", JSON.readTree("{\"resourceType\":\"Bundle\",\"type\":\"searchset\","
				+ "\"entry\":[{\"resource\":{\"resourceType\":\"MedicationRequest\",\"id\":\"o1\",\"status\":\"active\","
				+ "\"intent\":\"order\",\"subject\":{\"reference\":\"Patient/p1\"},"
				+ "\"medicationReference\":{\"reference\":\"Medication/m1\"}}}]}"));
		String medications = "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{\"resource\":"
				+ "{\"resourceType\":\"Medication\",\"id\":\"m1\",\"code\":{\"coding\":[{\"system\":"
				+ "\"http://www.nlm.nih.gov/research/umls/rxnorm\",\"code\":\"1044587\"}]}}}]}";
		try (Canary canary = Canary.serving(path -> path.startsWith("/fhir/Medication?") ? medications : EMPTY)) {
			PatientData data = sources(List.of(canary.base())).prefetch(prefetch, canary.base(), null, OWN_BASE, false).gather(QUERY);

			assertThat(canary.requests()).singleElement()
					.satisfies(hit -> assertThat(hit.pathAndQuery()).isEqualTo("/fhir/Medication?_id=m1"));
			assertThat(MedicationReferences.among(data.resources()).missingIds(data.resources(), base -> true)).isEmpty();
		}
		try (Canary canary = Canary.start()) {
			sources(List.of()).prefetch(prefetch, canary.base(), null, OWN_BASE, false).gather(QUERY);

			assertThat(canary.hits()).as("not on the allow-list: no call, the order stays unread").isZero();
		}
	}

	@Test
	void remoteSearchCutShort_isNamedToTheClinician() throws Exception {
		String[] base = new String[1];
		try (Canary canary = Canary.serving(path -> path.startsWith("/fhir/Patient/p1") ? PATIENT
				: path.startsWith("/fhir/Condition") || path.contains("page=") ? "{\"resourceType\":\"Bundle\","
						+ "\"type\":\"searchset\",\"link\":[{\"relation\":\"next\",\"url\":\"" + base[0]
						+ "?page=more\"}]}" : EMPTY)) {
			base[0] = canary.base();
			PatientData data = sources(List.of(canary.base())).prefetch(null, canary.base(), null, OWN_BASE, false).gather(QUERY);

			assertThat(canary.requests()).filteredOn(hit -> hit.pathAndQuery().contains("page=more"))
					.hasSize(RemoteSource.MAX_PAGES - 1);
			assertThat(data.messages()).containsExactly("FHIR server " + canary.base() + "'s Condition search has more"
					+ " pages than were read (10, the most Somaxis follows): some of the patient's data may be missing"
					+ " - please check it");
		}
	}

	@Test
	void operationOutcomeThatWarnsInAPrefetchOrARemoteSearch_isNamedWithItsCodesOnly() throws Exception {
		String suppressed = "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{\"resource\":"
				+ "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"warning\",\"code\":\"suppressed\","
				+ "\"diagnostics\":\"Restricted note of Jane Doe withheld\"},{\"severity\":\"information\","
				+ "\"code\":\"informational\"}]},\"search\":{\"mode\":\"outcome\"}}]}";
		ObjectNode prefetch = fullPrefetch(PATIENT);
		prefetch.set("conditions", JSON.readTree(suppressed));

		PatientData prefetched = sources(List.of()).prefetch(prefetch, null, null, OWN_BASE, false).gather(QUERY);

		assertThat(prefetched.messages()).containsExactly("prefetch 'conditions' came with an OperationOutcome"
				+ " (warning suppressed): some of the patient's data may be missing - please check it");
		try (Canary canary = Canary.serving(path -> path.startsWith("/fhir/Patient/p1") ? PATIENT
				: path.startsWith("/fhir/Condition") ? suppressed : EMPTY)) {
			PatientData remote = sources(List.of(canary.base())).prefetch(null, canary.base(), null, OWN_BASE, false).gather(QUERY);

			assertThat(remote.messages()).singleElement().asString()
					.isEqualTo("FHIR server " + canary.base() + "'s Condition search came with an OperationOutcome"
							+ " (warning suppressed): some of the patient's data may be missing - please check it")
					.doesNotContain("Jane");
		}
	}

	/**
	 * A search that failed (an OperationOutcome entry with an error: forbidden, timed out) cannot stand for the
	 * patient's conditions: in a prefetch the key is unsatisfied, fetched from the fallback or, with none, unavailable;
	 * from the remote server it is a failed search. Before, it was an info message and the malignancy and pregnancy
	 * checks ran over no conditions.
	 */
	/**
	 * A prefetched result timed without a zone, as an HL7 v2 feed leaves it: R4 does not allow it and a write refuses
	 * it; read, and named (probe 46, N-M6: before, read without a word).
	 */
	@Test
	void aPrefetchedTimeWithoutAZone_isNamed() throws Exception {
		ObjectNode prefetch = fullPrefetch(PATIENT);
		prefetch.set("observations", JSON.readTree("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":["
				+ "{\"resource\":{\"resourceType\":\"Observation\",\"id\":\"o1\",\"status\":\"final\","
				+ "\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"2484-4\"}]},"
				+ "\"subject\":{\"reference\":\"Patient/p1\"},\"effectiveDateTime\":\"2026-11-01T23:30:00\","
				+ "\"valueQuantity\":{\"value\":150,\"unit\":\"ng/mL\",\"system\":\"http://unitsofmeasure.org\","
				+ "\"code\":\"ng/mL\"}}}]}"));

		PatientData data = sources(List.of()).prefetch(prefetch, "https://ehr.example.org/fhir", null, OWN_BASE, false)
				.gather(QUERY);

		assertThat(data.resources()).anyMatch(resource -> resource.getIdElement().getIdPart().equals("o1"));
		assertThat(data.messages()).anyMatch(message -> message.startsWith("The prefetch has 1 time that R4 does not allow")
				&& message.contains("Observation/o1.effectiveDateTime '2026-11-01T23:30:00' has no time zone"));
	}

	/** A value the parser cannot read refuses the prefetch, and the refusal says which element and value: not only the key. */
	@Test
	void aPrefetchValueThatCannotBeRead_isNamed() throws Exception {
		ObjectNode prefetch = fullPrefetch(PATIENT);
		prefetch.set("observations", JSON.readTree("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":["
				+ "{\"resource\":{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"IGF-1\"},"
				+ "\"effectiveDateTime\":\"2026-11-01T08:00:00.000+0000\"}}]}"));

		assertThatThrownBy(() -> sources(List.of()).prefetch(prefetch, "https://ehr.example.org/fhir", null, OWN_BASE, false)
				.gather(QUERY)).isInstanceOfSatisfying(GatherException.class, e -> {
					assertThat(e.reason()).isEqualTo(GatherException.Reason.MALFORMED);
					assertThat(e.getMessage()).startsWith("prefetch.observations is not a FHIR R4 resource: ")
							.contains("2026-11-01T08:00:00.000+0000");
				});
	}

	@Test
	void searchThatFailedInAPrefetchOrARemoteSearch_isNotUsedAsTheData() throws Exception {
		String forbidden = "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{\"resource\":"
				+ "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"forbidden\"}]},"
				+ "\"search\":{\"mode\":\"outcome\"}}]}";
		ObjectNode prefetch = fullPrefetch(PATIENT);
		prefetch.set("conditions", JSON.readTree(forbidden));

		assertThatThrownBy(() -> sources(List.of()).prefetch(prefetch, "https://ehr.example.org/fhir", null, OWN_BASE, false)
				.gather(QUERY)).isInstanceOfSatisfying(GatherException.class,
						e -> assertThat(e.reason()).isEqualTo(GatherException.Reason.UNAVAILABLE));
		try (Canary canary = Canary.serving(path -> path.startsWith("/fhir/Patient/p1") ? PATIENT
				: path.startsWith("/fhir/Condition") ? forbidden : EMPTY)) {
			PrefetchSource remote = sources(List.of(canary.base())).prefetch(prefetch, canary.base(), null, OWN_BASE, false);

			assertThatThrownBy(() -> remote.gather(QUERY)).isInstanceOfSatisfying(GatherException.class, e -> {
				assertThat(e.reason()).isEqualTo(GatherException.Reason.UNAVAILABLE);
				assertThat(e.getMessage()).isEqualTo("FHIR server " + canary.base() + "'s Condition search failed"
						+ " (an OperationOutcome with an error came with it)");
			});
			assertThat(canary.requests()).extracting(hit -> hit.pathAndQuery()).singleElement().asString()
					.startsWith("/fhir/Condition?patient=p1");
		}
	}

	/**
	 * A conditions searchset that holds only part of its search's answer, in the shapes EHRs send one: a next link
	 * written "Next" (link relations compare case-insensitively), a total above the matches it carries, an entry with
	 * only its fullUrl. Each was used as if complete, so a cancer on the next page was missed. Now each is fetched again
	 * from the allow-listed server (or, with none, the data is unavailable); a whole answer with an included Patient is
	 * used as it is.
	 */
	@ParameterizedTest(name = "{0}")
	@org.junit.jupiter.params.provider.CsvSource(delimiter = ';', value = {
			"next link;            \"link\":[{\"relation\":\"next\",\"url\":\"https://ehr.example.org/fhir?page=2\"}],\"entry\":[];             true",
			"Next link;            \"link\":[{\"relation\":\"Next\",\"url\":\"https://ehr.example.org/fhir?page=2\"}],\"entry\":[];             true",
			"total above entries;  \"total\":5,\"entry\":[{\"resource\":{\"resourceType\":\"Condition\",\"subject\":{\"reference\":\"Patient/p1\"}}}]; true",
			"entry without resource; \"entry\":[{\"fullUrl\":\"https://ehr.example.org/fhir/Condition/c9\"}];                                       true",
			"whole answer;         \"total\":1,\"entry\":[{\"resource\":{\"resourceType\":\"Condition\",\"subject\":{\"reference\":\"Patient/p1\"}},\"search\":{\"mode\":\"match\"}},{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"p1\"},\"search\":{\"mode\":\"include\"}}]; false",
	})
	void prefetchedSearchsetHoldingPartOfTheAnswer_isFetchedAgain_orUnavailableWithoutAServer(
			String shape, String content, boolean partial) throws Exception {
		ObjectNode prefetch = fullPrefetch(PATIENT);
		prefetch.set("conditions", JSON.readTree("{\"resourceType\":\"Bundle\",\"type\":\"searchset\"," + content + "}"));

		if (partial) {
			assertThatThrownBy(() -> sources(List.of()).prefetch(prefetch, "https://ehr.example.org/fhir", null, OWN_BASE, false)
					.gather(QUERY)).isInstanceOfSatisfying(GatherException.class,
							e -> assertThat(e.reason()).isEqualTo(GatherException.Reason.UNAVAILABLE));
		}
		try (Canary canary = Canary.serving(path -> path.startsWith("/fhir/Patient/p1") ? PATIENT : EMPTY)) {
			sources(List.of(canary.base())).prefetch(prefetch, canary.base(), null, OWN_BASE, false).gather(QUERY);

			if (partial) {
				assertThat(canary.requests()).extracting(hit -> hit.pathAndQuery()).singleElement().asString()
						.startsWith("/fhir/Condition?patient=p1");
			} else {
				assertThat(canary.hits()).isZero();
			}
		}
	}

	/** A prefetched Patient without an id cannot be checked against context.patientId: malformed, and said so. */
	@Test
	void prefetchedPatientWithoutAnId_isMalformed_andSaysWhy() throws Exception {
		ObjectNode prefetch = fullPrefetch("{\"resourceType\":\"Patient\",\"gender\":\"female\"}");

		assertThatThrownBy(() -> sources(List.of()).prefetch(prefetch, null, null, OWN_BASE, false).gather(QUERY))
				.isInstanceOfSatisfying(GatherException.class, e -> {
					assertThat(e.reason()).isEqualTo(GatherException.Reason.MALFORMED);
					assertThat(e.getMessage()).isEqualTo("prefetch.patient is a Patient without an id, so it cannot be"
							+ " checked to be the requested patient");
				});
	}

	@Test
	void serverNotOnTheAllowList_isUnavailable_withoutAnyOutboundCall() throws Exception {
		try (Canary canary = Canary.start()) {
			PrefetchSource source = sources(List.of()).prefetch(null, canary.base(), "token-abc", OWN_BASE, false);

			assertThatThrownBy(() -> source.gather(QUERY)).isInstanceOfSatisfying(GatherException.class, e -> {
				assertThat(e.reason()).isEqualTo(GatherException.Reason.UNAVAILABLE);
				assertThat(e.getMessage()).doesNotContain("token-abc");
			});
			assertThat(canary.hits()).isZero();
		}
	}

	/**
	 * A client that read an older discovery document sends no 'medicationAdministrations' or 'medicationDispenses',
	 * with nowhere to fetch them: the evaluation goes on without them and says so (not a 412 that loses every card). A
	 * server that cannot answer those searches (no such search, a token without the scope) is the same.
	 */
	@Test
	void givenOrDispensedPartsThatCannotBeRead_areNamed_andTheRestIsEvaluated() throws Exception {
		ObjectNode olderClient = fullPrefetch(PATIENT);
		olderClient.remove(List.of("medicationAdministrations", "medicationDispenses"));

		PatientData fromPrefetch = sources(List.of()).prefetch(olderClient, "https://ehr.example.org/fhir", null, OWN_BASE, false)
				.gather(QUERY);

		assertThat(fromPrefetch.resources()).hasSize(1);
		assertThat(fromPrefetch.unreadParts()).containsExactlyInAnyOrder(
				GatherPlan.Part.MEDICATION_ADMINISTRATIONS, GatherPlan.Part.MEDICATION_DISPENSES);
		assertThat(fromPrefetch.messages()).singleElement().asString()
				.contains("MedicationAdministration, MedicationDispense", "'medicationAdministrations'");
		try (Canary canary = Canary.serving(path -> path.startsWith("/fhir/Patient/p1") ? PATIENT
				: path.startsWith("/fhir/MedicationDispense") || path.startsWith("/fhir/MedicationAdministration")
						? null : EMPTY)) {
			PatientData fromServer = sources(List.of(canary.base())).prefetch(null, canary.base(), "token-abc", OWN_BASE, false)
					.gather(QUERY);

			assertThat(fromServer.unreadParts()).contains(GatherPlan.Part.MEDICATION_ADMINISTRATIONS);
			assertThat(fromServer.messages()).hasSize(2).allSatisfy(message -> assertThat(message)
					.contains("could not be read").contains("answered 500").doesNotContain("token-abc"));
		}
	}

	/**
	 * The same for the allergies: a client that read the discovery document before 'allergies' existed, with nowhere to
	 * fetch them, and a server that cannot answer their search. Only that part is unread, and named.
	 */
	@Test
	void allergiesThatCannotBeRead_areNamed_andTheRestIsEvaluated() throws Exception {
		ObjectNode olderClient = fullPrefetch(PATIENT);
		olderClient.remove("allergies");

		PatientData fromPrefetch = sources(List.of()).prefetch(olderClient, "https://ehr.example.org/fhir", null, OWN_BASE, false)
				.gather(QUERY);

		assertThat(fromPrefetch.unreadParts()).containsExactly(GatherPlan.Part.ALLERGIES);
		assertThat(fromPrefetch.messages()).singleElement().asString().contains("AllergyIntolerance", "'allergies'");
		try (Canary canary = Canary.serving(path -> path.startsWith("/fhir/Patient/p1") ? PATIENT
				: path.startsWith("/fhir/AllergyIntolerance") ? null : EMPTY)) {
			PatientData fromServer = sources(List.of(canary.base())).prefetch(null, canary.base(), "token-abc", OWN_BASE, false)
					.gather(QUERY);

			assertThat(fromServer.unreadParts()).containsExactly(GatherPlan.Part.ALLERGIES);
			assertThat(fromServer.messages()).singleElement().asString()
					.contains("AllergyIntolerance", "could not be read", "answered 500").doesNotContain("token-abc");
		}
	}

	/**
	 * An 'allergies' key that holds only part of its search (a next link, or a failed search beside results), with
	 * nowhere to fetch the rest: what it holds is read (an allergy to the peptide in it is seen), and the part is still
	 * named as not read in full. Before, the whole key was set aside, the allergy in hand with it (probe 41, N5b).
	 */
	@ParameterizedTest(name = "{0}")
	@org.junit.jupiter.params.provider.ValueSource(strings = {"next link", "failed search beside results"})
	void allergiesKeyHoldingPartOfItsSearch_isRead_andNamedAsNotReadInFull(String shape) throws Exception {
		ObjectNode prefetch = fullPrefetch(PATIENT);
		String allergy = "{\"resource\":{\"resourceType\":\"AllergyIntolerance\",\"id\":\"a1\","
				+ "\"code\":{\"coding\":[{\"system\":\"http://fdasis.nlm.nih.gov\",\"code\":\"MQG94M5EEO\"}]},"
				+ "\"patient\":{\"reference\":\"Patient/p1\"}}}";
		String rest = shape.equals("next link")
				? "],\"link\":[{\"relation\":\"next\",\"url\":\"https://ehr.example.org/fhir?page=2\"}]"
				: ",{\"resource\":{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
						+ "\"code\":\"timeout\"}]},\"search\":{\"mode\":\"outcome\"}}]";
		prefetch.set("allergies", JSON.readTree("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":["
				+ allergy + rest + "}"));

		PatientData data = sources(List.of()).prefetch(prefetch, "https://ehr.example.org/fhir", null, OWN_BASE, false)
				.gather(QUERY);

		assertThat(data.resources()).anySatisfy(resource -> assertThat(resource.getIdElement().getIdPart()).isEqualTo("a1"));
		assertThat(data.unreadParts()).containsExactly(GatherPlan.Part.ALLERGIES);
		assertThat(data.messages()).anySatisfy(message -> assertThat(message).contains("'allergies'", "in full"));
	}

	/**
	 * The same cut-short key when a fallback answers the search in full but does not hold the allergy the client sent
	 * (another server, a store that missed a write): the allergy is still read, once. Before, the fallback's answer won
	 * and the allergy was set aside without a word (replay 41, Z04).
	 */
	@Test
	void allergiesKeyHoldingPartOfItsSearch_isRead_alsoWhenAFallbackAnswersWithoutIt() throws Exception {
		ObjectNode prefetch = fullPrefetch(PATIENT);
		prefetch.set("allergies", JSON.readTree("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":["
				+ "{\"resource\":{\"resourceType\":\"AllergyIntolerance\",\"id\":\"a1\",\"code\":{\"coding\":"
				+ "[{\"system\":\"http://fdasis.nlm.nih.gov\",\"code\":\"MQG94M5EEO\"}]},\"patient\":{\"reference\":"
				+ "\"Patient/p1\"}}}],\"link\":[{\"relation\":\"next\",\"url\":\"https://ehr.example.org/fhir?page=2\"}]}"));
		try (Canary canary = Canary.serving(path -> path.startsWith("/fhir/Patient/p1") ? PATIENT : EMPTY)) {
			PatientData data = sources(List.of(canary.base())).prefetch(prefetch, canary.base(), "token-abc", OWN_BASE, false)
					.gather(QUERY);

			assertThat(data.resources()).filteredOn(resource -> resource.getIdElement().getIdPart().equals("a1")).hasSize(1);
			assertThat(data.unreadParts()).isEmpty();
		}
	}

	/**
	 * A prefetched Medication (a compounded vial) whose ingredient names a Substance the client did not send: the
	 * Substance comes from the fallback, as it does for a Medication the fallback supplies. Before, the prefetch face
	 * named the ingredient unreadable while the store faces read the tesamorelin in it.
	 */
	@Test
	void prefetchedMedicationNamingASubstanceTheClientDidNotSend_getsItFromTheAllowListedServer() throws Exception {
		ObjectNode prefetch = fullPrefetch(PATIENT);
		prefetch.set("medicationRequests", JSON.readTree("{\"resourceType\":\"Bundle\",\"type\":\"searchset\","
				+ "\"entry\":[{\"resource\":{\"resourceType\":\"MedicationRequest\",\"id\":\"o1\",\"status\":\"active\","
				+ "\"intent\":\"order\",\"subject\":{\"reference\":\"Patient/p1\"},"
				+ "\"medicationReference\":{\"reference\":\"Medication/m1\"}}},"
				+ "{\"resource\":{\"resourceType\":\"Medication\",\"id\":\"m1\",\"code\":{\"text\":\"Compounded vial\"},"
				+ "\"ingredient\":[{\"itemReference\":{\"reference\":\"Substance/s1\"}}]}}]}"));
		String substances = "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{\"resource\":"
				+ "{\"resourceType\":\"Substance\",\"id\":\"s1\",\"code\":{\"coding\":[{\"system\":"
				+ "\"http://somaxis.org/fhir/CodeSystem/gh-peptides\",\"code\":\"tesamorelin\"}]}}}]}";
		try (Canary canary = Canary.serving(path -> path.startsWith("/fhir/Substance?") ? substances : EMPTY)) {
			PatientData data = sources(List.of(canary.base())).prefetch(prefetch, canary.base(), null, OWN_BASE, false).gather(QUERY);

			assertThat(canary.requests()).singleElement()
					.satisfies(hit -> assertThat(hit.pathAndQuery()).isEqualTo("/fhir/Substance?_id=s1"));
			assertThat(data.resources()).anyMatch(resource -> resource instanceof org.hl7.fhir.r4.model.Substance);
		}
	}

	@Test
	void completePrefetch_callsNoServerAtAll() throws Exception {
		try (Canary canary = Canary.start()) {
			PatientData data = sources(List.of(canary.base()))
					.prefetch(fullPrefetch(PATIENT), canary.base(), "token-abc", OWN_BASE, false)
					.gather(QUERY);

			assertThat(data.resources()).hasSize(1);
			assertThat(canary.hits()).isZero();
		}
	}

	@Test
	void remoteFailure_isUnavailable_andNamesNoToken() throws Exception {
		try (Canary canary = Canary.start()) {
			PrefetchSource source = sources(List.of(canary.base())).prefetch(null, canary.base(), "token-abc", OWN_BASE, false);

			assertThatThrownBy(() -> source.gather(QUERY)).isInstanceOfSatisfying(GatherException.class, e -> {
				assertThat(e.reason()).isEqualTo(GatherException.Reason.UNAVAILABLE);
				assertThat(e.getMessage()).doesNotContain("token-abc");
			});
		}
	}

	@Test
	void nullPatientPrefetch_isUnavailable() {
		ObjectNode prefetch = JSON.createObjectNode().putNull("patient");

		assertThatThrownBy(() -> sources(List.of()).prefetch(prefetch, null, null, OWN_BASE, false).gather(QUERY))
				.isInstanceOfSatisfying(GatherException.class,
						e -> assertThat(e.reason()).isEqualTo(GatherException.Reason.UNAVAILABLE));
	}

	@Test
	void emptyPatientSearchset_isUnavailableLikeANullPatient() throws Exception {
		ObjectNode prefetch = fullPrefetch(PATIENT);
		prefetch.set("patient", JSON.readTree(EMPTY));

		assertThatThrownBy(() -> sources(List.of()).prefetch(prefetch, null, null, OWN_BASE, false).gather(QUERY))
				.isInstanceOfSatisfying(GatherException.class,
						e -> assertThat(e.reason()).isEqualTo(GatherException.Reason.UNAVAILABLE));
	}

	@Test
	void theSamePatientIncludedInASearchset_isOnePatient() throws Exception {
		ObjectNode prefetch = fullPrefetch(PATIENT);
		prefetch.set("conditions", JSON.readTree("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":["
				+ "{\"resource\":" + PATIENT + ",\"search\":{\"mode\":\"include\"}}]}"));

		PatientData data = sources(List.of()).prefetch(prefetch, null, null, OWN_BASE, false).gather(QUERY);

		assertThat(data.patientId()).isEqualTo("p1");
		assertThat(data.resources()).hasSize(1);
	}

	@Test
	void prefetchBundleWrappingBundles_isMalformedNotSilentlyEmpty() throws Exception {
		ObjectNode prefetch = fullPrefetch(PATIENT);
		prefetch.set("conditions", JSON.readTree("{\"resourceType\":\"Bundle\",\"type\":\"batch-response\",\"entry\":["
				+ "{\"resource\":{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{\"resource\":"
				+ "{\"resourceType\":\"Condition\",\"id\":\"c1\",\"subject\":{\"reference\":\"Patient/p1\"}}}]}}]}"));

		assertThatThrownBy(() -> sources(List.of()).prefetch(prefetch, null, null, OWN_BASE, false).gather(QUERY))
				.isInstanceOfSatisfying(GatherException.class, e -> {
					assertThat(e.reason()).isEqualTo(GatherException.Reason.MALFORMED);
					assertThat(e.getMessage()).startsWith("prefetch.conditions.entry[0] is a Bundle");
				});
	}

	@Test
	void prefetchedPatientWithAnotherId_isRefused() throws Exception {
		ObjectNode prefetch = fullPrefetch(PATIENT.replace("\"p1\"", "\"p2\""));

		assertThatThrownBy(() -> sources(List.of()).prefetch(prefetch, null, null, OWN_BASE, false).gather(QUERY))
				.isInstanceOfSatisfying(GatherException.class, e -> {
					assertThat(e.reason()).isEqualTo(GatherException.Reason.PATIENT_MISMATCH);
					assertThat(e.getMessage()).contains("Patient/p2").contains("Patient/p1");
				});
	}

	/** Every gathered part, Procedures too (another patient's pituitary surgery would count for this one). */
	@ParameterizedTest(name = "{0}")
	@EnumSource(value = GatherPlan.Part.class, names = "PATIENT", mode = EnumSource.Mode.EXCLUDE)
	void prefetchedResourceOfAnotherPatient_isRefused(GatherPlan.Part part) throws Exception {
		ObjectNode prefetch = fullPrefetch(PATIENT);
		prefetch.set(part.prefetchKey(), JSON.readTree("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{"
				+ "\"resource\":{\"resourceType\":\"" + part.resourceType() + "\",\"id\":\"x1\","
				+ "\"" + (part == GatherPlan.Part.ALLERGIES ? "patient" : "subject")
				+ "\":{\"reference\":\"Patient/p2\"}}}]}"));

		assertThatThrownBy(() -> sources(List.of()).prefetch(prefetch, null, null, OWN_BASE, false).gather(QUERY))
				.isInstanceOfSatisfying(GatherException.class, e -> {
					assertThat(e.reason()).isEqualTo(GatherException.Reason.PATIENT_MISMATCH);
					assertThat(e.getMessage()).contains(part.resourceType() + "/x1").contains("Patient/p2");
				});
	}

	@Test
	void remotePatientWithAnotherId_isRefused() throws Exception {
		try (Canary canary = Canary.serving(path -> path.startsWith("/fhir/Patient/p1")
				? PATIENT.replace("\"p1\"", "\"p9\"") : EMPTY)) {
			PrefetchSource source = sources(List.of(canary.base())).prefetch(null, canary.base(), null, OWN_BASE, false);

			assertThatThrownBy(() -> source.gather(QUERY)).isInstanceOfSatisfying(GatherException.class,
					e -> assertThat(e.reason()).isEqualTo(GatherException.Reason.PATIENT_MISMATCH));
		}
	}
}
