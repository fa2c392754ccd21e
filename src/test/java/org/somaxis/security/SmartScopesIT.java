package org.somaxis.security;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.somaxis.audit.AuditSink;
import org.somaxis.support.AuditReplay;
import org.somaxis.support.FhirHttp;
import org.somaxis.support.ReliabilityLine;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Scope enforcement (RELIABILITY.md §2.3 and §8 row 15): granted types and letters only, v1 scopes, fine-grained
 * {@code ?category=} scopes, transaction entries judged one by one, bulk export only with system scopes, and
 * AuditEvents only for their own scope. The scope matrix runs every scope set of {@link #SCOPE_SETS} against the ten
 * {@link #MATRIX_TYPES} and the five interactions, judged by {@link #oracle}. One {@code scope-enforcement} line for the
 * class, printed after all its tests.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SmartScopesIT extends SmartServer {
	private static final ReliabilityLine LINE = new ReliabilityLine("scope-enforcement");
	/** Row 19: every matrix request, replayed against the audit trail by the last test of the class. */
	private static final AuditReplay AUDIT = new AuditReplay("audit-replay-scopes");

	@Autowired
	DaoRegistry daoRegistry;

	@Autowired
	AuditSink auditSink;

	private FhirHttp.Response get(String path, String token) {
		long start = System.nanoTime();
		FhirHttp.Response response = http.get(path, bearer(token));
		LINE.record(response.status(), (System.nanoTime() - start) / 1_000_000, response.status() >= 500);
		return response;
	}

	@AfterAll
	static void printLine() {
		LINE.print("n/a", 0);
		assertThat(LINE.violations()).as("scope-enforcement violations").isZero();
	}

	@Test
	void restrictedType_searchOnAGrantedTypeIs200_onAnotherTypeIs403InsufficientScope() {
		String token = token("patient/Observation.rs", patientA);

		assertThat(get("/fhir/Observation?patient=" + patientA, token).status()).isEqualTo(200);
		FhirHttp.Response refused = get("/fhir/Condition?patient=" + patientA, token);
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.header("WWW-Authenticate")).isEqualTo("Bearer error=\"insufficient_scope\"");
		assertThat(refused.as(OperationOutcome.class).hasIssue()).isTrue();
		// the scope is checked before the search parameters are: an unknown one changes nothing, leniently or not
		assertThat(get("/fhir/Condition?patient=" + patientA + "&unknown-to-fhir=1", token).status()).isEqualTo(403);
		String[] lenient = java.util.stream.Stream.concat(java.util.Arrays.stream(bearer(token)),
				java.util.stream.Stream.of("Prefer", "handling=lenient")).toArray(String[]::new);
		assertThat(http.get("/fhir/Condition?patient=" + patientA + "&unknown-to-fhir=1", lenient).status()).isEqualTo(403);
		assertThat(http.get("/fhir/Observation?patient=" + patientA + "&unknown-to-fhir=1", lenient).status()).isEqualTo(200);
		assertThat(get("/fhir/Observation?patient=" + patientA + "&unknown-to-fhir=1", token).status()).isEqualTo(400);
	}

	/**
	 * $evaluate reads conditions, orders and every kind of observation its rules need. A token that could read only
	 * some of them had the rest withheld one by one, and the answer looked like a clean record: with
	 * patient/Patient.rs patient/Observation.rs patient/MedicationRequest.rs a stored cancer gave no contraindication,
	 * and a laboratory-only Observation scope hid a pregnancy status. Such a token is now refused (403
	 * insufficient_scope) naming each scope it lacks; a token that reads everything still gets its guidance.
	 */
	@ParameterizedTest(name = "{0}")
	@org.junit.jupiter.params.provider.ValueSource(strings = {
			"patient/Patient.rs patient/Observation.rs patient/MedicationRequest.rs",
			"patient/Patient.rs patient/Observation.rs",
			"patient/Patient.rs patient/Observation.rs patient/MedicationRequest.rs"
					+ " patient/Condition.rs?category=http://terminology.hl7.org/CodeSystem/condition-category|encounter-diagnosis",
			"patient/Patient.rs patient/MedicationRequest.rs patient/MedicationStatement.rs patient/Condition.rs"
					+ " patient/Procedure.rs patient/ServiceRequest.rs patient/Medication.rs"
					+ " patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory"})
	void evaluate_byATokenThatCannotReadEverythingTheRulesRead_is403NamingWhatItLacks(String scopes) {
		FhirHttp.Response refused = get("/fhir/Patient/" + patientA + "/$evaluate", token(scopes, patientA));

		assertThat(refused.status()).as(refused.body()).isEqualTo(403);
		assertThat(refused.header("WWW-Authenticate")).isEqualTo("Bearer error=\"insufficient_scope\"");
		assertThat(refused.as(OperationOutcome.class).getIssueFirstRep().getDiagnostics()).contains(".rs");
		assertThat(refused.as(OperationOutcome.class).getIssueFirstRep().getCode())
				.isEqualTo(OperationOutcome.IssueType.FORBIDDEN);
		assertThat(get("/fhir/Patient/" + patientA + "/$evaluate", token("patient/*.rs", patientA)).status())
				.isEqualTo(200);
	}

	@Test
	void fineGrainedObservationScope_returnsOnlyTheGrantedCategory() {
		String token = token("patient/Observation.rs?category=" + CATEGORY + "|laboratory", patientA);

		for (int i = 0; i < 3; i++) {
			Bundle bundle = get("/fhir/Observation?patient=" + patientA, token).as(Bundle.class);
			// A has one laboratory Observation from the seed, more once other ITs on this server have written some
			assertThat(bundle.getEntry()).isNotEmpty();
			assertThat(bundle.getEntry()).allSatisfy(entry -> assertThat(
					((Observation) entry.getResource()).getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("laboratory"));
			assertThat(bundle.hasTotal()).isFalse();
		}
	}

	/**
	 * Search reuse (SmartConsentInterceptor): a token that sees every match reuses its own stored search and another
	 * such token's; a fine-grained token's search is never reused, and never reuses the full result of another.
	 */
	@Test
	void searchReuse_onlyBetweenTokensThatSeeEveryMatch_andFilteredResultsNeverLeakOrShrink() {
		// a query of its own (no resource has this tag), so no other test's stored search can answer it
		String query = "/fhir/Observation?patient=" + patientA + "&_count=50&_tag:not=" + java.util.UUID.randomUUID();
		String full = token("user/Observation.rs", null);
		String alsoFull = token("user/*.rs", null);
		String laboratory = token("user/Observation.rs?category=" + CATEGORY + "|laboratory", null);

		Bundle first = get(query, full).as(Bundle.class);
		Bundle again = get(query, full).as(Bundle.class);
		Bundle other = get(query, alsoFull).as(Bundle.class);
		Bundle filtered = get(query, laboratory).as(Bundle.class);
		Bundle filteredAgain = get(query, laboratory).as(Bundle.class);

		assertThat(again.getId()).as("the same token's repeated search is served from the stored one").isEqualTo(first.getId());
		assertThat(other.getId()).as("another token that sees every match reuses it").isEqualTo(first.getId());
		assertThat(filtered.getId()).as("a filtered token does not reuse the full result").isNotEqualTo(first.getId());
		assertThat(filteredAgain.getId()).as("nor its own filtered one").isNotEqualTo(filtered.getId());
		assertThat(filtered.getEntry()).isNotEmpty().allSatisfy(entry -> assertThat(
				((Observation) entry.getResource()).getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("laboratory"));
		assertThat(first.getEntry()).hasSizeGreaterThan(filtered.getEntry().size());
		assertThat(again.getEntry()).hasSameSizeAs(first.getEntry());
	}

	/** A filter on a parameter the type does not have answered 400 with HAPI's list of parameters; it grants nothing. */
	@Test
	void fineGrainedScopeOnAParameterTheTypeDoesNotHave_grantsNothing() {
		String token = token("user/Observation.rs?foo=bar user/Patient.rs", null);

		FhirHttp.Response search = get("/fhir/Observation?patient=" + patientA, token);
		FhirHttp.Response read = get("/fhir/Observation/" + observationA, token);

		assertThat(search.status()).isEqualTo(200);
		assertThat(search.as(Bundle.class).getEntry()).isEmpty();
		assertThat(read.status()).isEqualTo(404);
		assertThat(read.body()).doesNotContain("foo");
		assertThat(get("/fhir/Patient/" + patientA, token).status()).isEqualTo(200);
	}

	/**
	 * {@code _has} and chains test data of another type; a token that cannot search that type learned, one yes or no at
	 * a time, whether such data exists ({@code Patient?_has:Condition:subject:code=...} with only a Patient scope).
	 */
	@Test
	void criteriaLookingIntoATypeTheTokenCannotSearch_areRefused() {
		String patientsOnly = token("user/Patient.rs", null);
		String patientsAndConditions = token("user/Patient.rs user/Condition.rs", null);
		String observationsOnly = token("user/Observation.rs", null);
		String laboratoryConditions = token("user/Patient.rs user/Condition.rs?category=" + CONDITION_CATEGORY
				+ "|encounter-diagnosis", null);
		String has = "/fhir/Patient?_has:Condition:subject:code=" + CODES + "%7Ca-problem";
		Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
		batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET)
				.setUrl("Patient?_has:Condition:subject:code=" + CODES + "%7Ca-problem");

		FhirHttp.Response refused = get(has, patientsOnly);
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.body()).contains("Condition.s");
		assertThat(get(has, laboratoryConditions).status()).isEqualTo(403);
		assertThat(get("/fhir/Observation?subject:Patient.family=Alpha" + RUN, observationsOnly).status()).isEqualTo(403);
		assertThat(get("/fhir/Observation?subject.family=Alpha" + RUN, observationsOnly).status()).isEqualTo(403);
		assertThat(http.postResource("/fhir", batch, bearer(patientsOnly)).status()).isEqualTo(403);

		FhirHttp.Response allowed = get(has, patientsAndConditions);
		assertThat(allowed.status()).isEqualTo(200);
		assertThat(allowed.as(Bundle.class).getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
				.contains(patientA);
	}

	/** A batch's search entries are filtered like searches: a fine-grained scope sees only its category there too. */
	@Test
	void fineGrainedScope_batchSearchEntriesReturnOnlyTheGrantedCategory() {
		String token = token("user/Observation.rs?category=" + CATEGORY + "|laboratory", null);
		Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
		batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Observation?patient=" + patientA);

		FhirHttp.Response response = http.postResource("/fhir", batch, bearer(token));

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		Bundle searchset = (Bundle) response.as(Bundle.class).getEntryFirstRep().getResource();
		assertThat(searchset.getEntry()).isNotEmpty();
		assertThat(searchset.getEntry()).allSatisfy(entry -> assertThat(
				((Observation) entry.getResource()).getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("laboratory"));
	}

	/**
	 * Criteria inside conditional writes, and chained sort keys, test other types' data too: a conditional create's
	 * 200 (matched) against 201 (created) told a token without a Condition scope whether a patient has a cancer.
	 */
	@Test
	void conditionalWriteCriteriaAndSortKeysLookingIntoATypeTheTokenCannotSearch_areRefused() {
		String writer = token("user/Patient.cru", null);
		String reader = token("user/Patient.rs", null);
		String has = "_id=" + patientA + "&_has:Condition:subject:code=" + CODES + "%7Ca-problem";
		org.hl7.fhir.r4.model.Patient body = patient("Conditional" + RUN);
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		transaction.addEntry().setFullUrl("urn:uuid:" + java.util.UUID.randomUUID()).setResource(body).getRequest()
				.setMethod(Bundle.HTTPVerb.POST).setUrl("Patient").setIfNoneExist(has);

		FhirHttp.Response create = http.post("/fhir/Patient", FhirHttp.FHIR.newJsonParser().encodeResourceToString(body),
				FhirHttp.FHIR_JSON, "Authorization", "Bearer " + writer, "If-None-Exist", has);
		FhirHttp.Response update = http.put("/fhir/Patient?" + has, body, "Authorization", "Bearer " + writer);
		FhirHttp.Response entry = http.postResource("/fhir", transaction, bearer(writer));
		FhirHttp.Response sort = get("/fhir/Patient?_id=" + patientA + "," + patientB + "&_sort=organization.name", reader);

		assertThat(create.status()).isEqualTo(403);
		assertThat(create.body()).contains("Condition.s");
		assertThat(update.status()).isEqualTo(403);
		assertThat(entry.status()).isEqualTo(403);
		assertThat(sort.status()).isEqualTo(403);
		assertThat(sort.body()).contains("Organization.s");
	}

	@Test
	void fineGrainedConditionScope_returnsOnlyTheGrantedCategory() {
		String token = token("patient/Condition.rs?category=" + CONDITION_CATEGORY + "|problem-list-item", patientA);

		Bundle bundle = get("/fhir/Condition?patient=" + patientA, token).as(Bundle.class);

		assertThat(bundle.getEntry()).extracting(e -> ((Condition) e.getResource()).getCategoryFirstRep().getCodingFirstRep().getCode())
				.containsExactly("problem-list-item");
	}

	@Test
	void fineGrainedScope_readOfAnOffCategoryResourceIs404() {
		String token = token("patient/Observation.rs?category=" + CATEGORY + "|vital-signs", patientA);

		assertThat(get("/fhir/Observation/" + observationA, token).status()).isEqualTo(404);
	}

	/**
	 * A token whose scope is limited by category: a conditional create whose criteria match only an off-category
	 * resource (patient C's vital-signs Observation has the value 72) must not reveal it, and must not fail.
	 */
	@Test
	void fineGrainedScope_conditionalCreateMatchingAnOffCategoryResource_revealsNothing() {
		String admin = token("system/*.cruds", null);
		String patientC = create(patient("Charlie"), admin);
		create(observation(patientC, "vital-signs", "c-vital", 72), admin);
		String token = token("user/Observation.crs?category=" + CATEGORY + "|laboratory", null);
		FhirHttp.Response response = http.postResource("/fhir/Observation", observation(patientC, "laboratory", "cc-fg-" + RUN, 72),
				"Authorization", "Bearer " + token, "If-None-Exist", "value-quantity=72");

		// the only match is off-category: 200 (a match returned) would name it in Location; nothing narrows a
		// category filter, so the conditional create is refused whatever the data, as one matching nothing is
		FhirHttp.Response matchingNothing = http.postResource("/fhir/Observation",
				observation(patientC, "laboratory", "cc-fg-" + RUN, 12345), "Authorization", "Bearer " + token,
				"If-None-Exist", "value-quantity=12345");
		assertThat(response.status()).as(response.body()).isEqualTo(403);
		assertThat(response.header("Location")).isNull();
		assertThat(response.body()).isEqualTo(matchingNothing.body().replace("12345", "72"));
		assertThat(matchingNothing.status()).isEqualTo(403);

		// an unconditional create with the same token still works
		assertThat(http.postResource("/fhir/Observation", observation(patientC, "laboratory", "cc-fg-" + RUN, 72),
				bearer(token)).status()).isEqualTo(201);
	}

	@Test
	void v1ReadScope_readsButCannotWrite() {
		String token = token("patient/*.read", patientA);

		assertThat(get("/fhir/Patient/" + patientA, token).status()).isEqualTo(200);
		assertThat(get("/fhir/Observation?patient=" + patientA, token).status()).isEqualTo(200);
		FhirHttp.Response write = http.postResource("/fhir/Observation", observation(patientA, "laboratory", "v1-write", 1), bearer(token));
		assertThat(write.status()).isEqualTo(403);
	}

	@Test
	void v1WriteScope_createsInThePatientsCompartment() {
		String token = token("patient/Observation.write patient/Observation.read", patientA);

		FhirHttp.Response write = http.postResource("/fhir/Observation", observation(patientA, "laboratory", "v1-created", 1), bearer(token));

		assertThat(write.status()).isEqualTo(201);
	}

	@Test
	void outOfOrderLetters_grantNothing() {
		String token = token("patient/Observation.dus patient/Observation.dr", patientA);

		assertThat(get("/fhir/Observation?patient=" + patientA, token).status()).isEqualTo(403);
		assertThat(get("/fhir/Observation/" + observationA, token).status()).isEqualTo(403);
	}

	@Test
	void readLetterWithoutSearch_readsButCannotSearch() {
		String token = token("patient/Observation.r", patientA);

		assertThat(get("/fhir/Observation/" + observationA, token).status()).isEqualTo(200);
		assertThat(get("/fhir/Observation?patient=" + patientA, token).status()).isEqualTo(403);
	}

	@Test
	void transactionEntries_areJudgedOneByOne_andOneForbiddenEntryRefusesTheWhole() {
		String token = token("patient/Observation.c", patientA);
		String marker = "tx-" + RUN;
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		bundle.addEntry().setResource(observation(patientA, "laboratory", marker, 1))
				.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
		bundle.addEntry().setResource(condition(patientA, "problem-list-item", marker))
				.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Condition");

		FhirHttp.Response response = http.postResource("/fhir", bundle, bearer(token));

		assertThat(response.status()).isEqualTo(403);
		Bundle stored = get("/fhir/Observation?code=" + CODES + "%7C" + marker, token("system/*.rs", null)).as(Bundle.class);
		assertThat(stored.getEntry()).isEmpty();
	}

	@Test
	void bulkExport_needsASystemScope() {
		FhirHttp.Response patient = http.get("/fhir/$export", "Authorization", "Bearer " + token("patient/*.rs", patientA),
				"Prefer", "respond-async");
		FhirHttp.Response user = http.get("/fhir/$export", "Authorization", "Bearer " + token("user/*.rs", null),
				"Prefer", "respond-async");
		FhirHttp.Response system = http.get("/fhir/$export?_type=Patient", "Authorization", "Bearer " + token("system/*.rs", null),
				"Prefer", "respond-async");

		assertThat(patient.status()).isEqualTo(403);
		assertThat(user.status()).isEqualTo(403);
		assertThat(system.status()).isEqualTo(202);
	}

	@Test
	void reindex_andItsStatus_needSystemWildcardWrite() {
		org.hl7.fhir.r4.model.Parameters body = new org.hl7.fhir.r4.model.Parameters();
		body.addParameter().setName("url").setValue(new org.hl7.fhir.r4.model.StringType("Patient?_id=" + patientA));
		for (String scopes : List.of("patient/*.cruds", "user/*.cruds", "system/*.rs", "system/Patient.cruds")) {
			FhirHttp.Response refused = http.postResource("/fhir/$reindex", body, bearer(token(scopes, patientA)));
			assertThat(refused.status()).as(scopes).isEqualTo(403);
		}
		FhirHttp.Response started = http.postResource("/fhir/$reindex", body, bearer(token("system/*.cruds", null)));
		assertThat(started.status()).isEqualTo(202);
		String status = started.header("Content-Location");
		assertThat(status).contains("$hapi.fhir.reindex-status?_jobId=");
		String statusPath = status.substring(status.indexOf("/fhir/"));
		assertThat(get(statusPath, token("user/*.rs", null)).status()).isEqualTo(403);
		assertThat(get(statusPath, token("system/*.cruds", null)).status()).isIn(200, 202);
	}

	@Test
	void auditEvents_needTheirOwnSystemScope_andNoTokenMayWriteThem() {
		assertThat(get("/fhir/AuditEvent", token("patient/*.cruds", patientA)).status()).isEqualTo(403);
		assertThat(get("/fhir/AuditEvent", token("system/*.cruds", null)).status()).isEqualTo(403);
		assertThat(get("/fhir/AuditEvent", token("system/AuditEvent.rs", null)).status()).isEqualTo(200);
		assertThat(get("/fhir/AuditEvent", token("somaxis/audit.read", null)).status()).isEqualTo(200);

		org.hl7.fhir.r4.model.AuditEvent forged = new org.hl7.fhir.r4.model.AuditEvent();
		forged.setRecorded(new java.util.Date());
		forged.getType().setCode("rest");
		forged.addAgent().setRequestor(true);
		forged.getSource().getObserver().setDisplay("forged");
		for (String scope : List.of("system/*.cruds", "system/AuditEvent.cruds")) {
			FhirHttp.Response write = http.postResource("/fhir/AuditEvent", forged, bearer(token(scope, null)));
			assertThat(write.status()).as(scope).isEqualTo(403);
		}
	}

	@Test
	void searchParameters_areWrittenOnlyByASystemScopeThatNamesThem_andReadByAnyReadScope() {
		org.hl7.fhir.r4.model.SearchParameter parameter = new org.hl7.fhir.r4.model.SearchParameter()
				.setUrl("http://example.org/fhir/smart-test/SearchParameter/note-text")
				.setName("NoteText")
				.setStatus(org.hl7.fhir.r4.model.Enumerations.PublicationStatus.ACTIVE)
				.setDescription("Observation notes")
				.setCode("smart-test-note-text")
				.setType(org.hl7.fhir.r4.model.Enumerations.SearchParamType.STRING)
				.setExpression("Observation.note.text");
		parameter.addBase("Observation");
		for (String scopes : List.of("patient/*.cruds", "user/*.cruds", "system/*.cruds", "user/SearchParameter.cud")) {
			FhirHttp.Response write = http.postResource("/fhir/SearchParameter", parameter, bearer(token(scopes, patientA)));
			assertThat(write.status()).as(scopes).isEqualTo(403);
		}
		FhirHttp.Response created = http.postResource(
				"/fhir/SearchParameter", parameter, bearer(token("system/SearchParameter.c", null)));
		assertThat(created.status()).isEqualTo(201);
		assertThat(get("/fhir/SearchParameter?url=" + parameter.getUrl(), token("user/*.rs", null)).status()).isEqualTo(200);
	}

	@Test
	void allInteractionsAcrossScopeSets_neverGoBeyondTheGrantedLetters() {
		record Probe(String scope, String path, boolean allowed) {}
		List<Probe> probes = List.of(
				new Probe("patient/Patient.r", "/fhir/Patient/%A", true),
				new Probe("patient/Patient.r", "/fhir/Patient?_id=%A", false),
				new Probe("patient/Patient.s", "/fhir/Patient/%A", false),
				new Probe("patient/Patient.s", "/fhir/Patient?_id=%A", true),
				new Probe("patient/Observation.rs", "/fhir/Patient/%A", false),
				new Probe("patient/Observation.rs", "/fhir/Condition?patient=%A", false),
				new Probe("patient/Condition.rs", "/fhir/Condition?patient=%A", true),
				new Probe("patient/Condition.cud", "/fhir/Condition?patient=%A", false),
				new Probe("patient/*.rs", "/fhir/Encounter?patient=%A", true),
				new Probe("user/Observation.rs", "/fhir/Observation?patient=%A", true),
				new Probe("user/Observation.rs", "/fhir/Patient/%A", false),
				new Probe("system/Observation.s", "/fhir/Observation/%O", false),
				new Probe("system/Observation.r", "/fhir/Observation/%O", true),
				new Probe("launch/patient openid fhirUser", "/fhir/Patient/%A", false),
				new Probe("patient/*.rs", "/fhir/Patient/%A/_history", true),
				new Probe("patient/*.s", "/fhir/Patient/%A/_history", false));
		int violations = 0;
		for (Probe probe : probes) {
			String path = probe.path().replace("%A", patientA).replace("%O", observationA);
			long start = System.nanoTime();
			int status = http.get(path, bearer(token(probe.scope(), probe.scope().startsWith("patient") ? patientA : null)))
					.status();
			boolean allowed = status == 200;
			boolean violation = allowed != probe.allowed() || (!allowed && status != 403 && status != 404);
			LINE.record(status, (System.nanoTime() - start) / 1_000_000, violation);
			if (violation) {
				violations++;
				System.out.println("scope probe failed: " + probe + " -> " + status);
			}
		}
		assertThat(violations).isZero();
	}

	// The scope matrix (RELIABILITY.md §8 row 15): scope sets × ten types × five interactions.

	/** The five REST interactions of the matrix and the SMART letter each needs. */
	enum Interaction {
		CREATE('c'), READ('r'), UPDATE('u'), DELETE('d'), SEARCH('s');

		final char letter;

		Interaction(char letter) {
			this.letter = letter;
		}
	}

	/**
	 * One token's {@code scope} claim per entry: v2 letter subsets, v1 suffixes, undefined or out-of-order suffixes
	 * ({@code .dus}, {@code .dr}, {@code .sr}; {@code .rd} is a valid in-order subset: read and delete), the type wildcard
	 * and single types, in the three contexts, and one token mixing a patient/ and a user/ scope.
	 */
	static final List<String> SCOPE_SETS = List.of(
			"patient/*.r", "patient/*.s", "patient/*.rs", "patient/*.c", "patient/*.cu", "patient/*.d", "patient/*.cruds",
			"patient/*.read", "patient/*.write", "patient/*.*",
			"patient/*.dus", "patient/*.dr", "patient/*.sr", "patient/*.rd",
			"user/*.rs", "user/*.cruds", "user/*.write",
			"system/*.cruds", "system/*.read",
			"patient/Observation.rs", "user/Condition.cud", "system/Patient.rs",
			"patient/Patient.rs user/Observation.cu");

	/**
	 * The SMART rules of docs/security.md's scope table, written out on their own (not the production parser): whether
	 * the space-separated {@code scopes} allow {@code interaction} on a resource of {@code type} that lies in the token
	 * patient's compartment.
	 * <ul>
	 *   <li>a scope is {@code context/Type.suffix}, context one of patient, user, system; Type the type or {@code *};
	 *   <li>suffix {@code read} = rs, {@code write} = cud, {@code *} = cruds; otherwise letters of c r u d s, each at most
	 *       once and in that order, or the scope grants nothing ({@code .dus}, {@code .dr}, {@code .sr});
	 *   <li>a patient/ scope writes only inside its patient's compartment: a new Patient is never the patient in
	 *       context, so no patient/ scope creates a Patient;
	 *   <li>the scopes of a token add up.
	 * </ul>
	 */
	static boolean oracle(String scopes, String type, Interaction interaction) {
		for (String scope : scopes.split(" ")) {
			int slash = scope.indexOf('/');
			int dot = scope.indexOf('.');
			if (slash < 0 || dot < slash) {
				continue;
			}
			String context = scope.substring(0, slash);
			String scopeType = scope.substring(slash + 1, dot);
			String suffix = scope.substring(dot + 1);
			if (!List.of("patient", "user", "system").contains(context)) {
				continue;
			}
			if (!scopeType.equals("*") && !scopeType.equals(type)) {
				continue;
			}
			String letters = switch (suffix) {
				case "read" -> "rs";
				case "write" -> "cud";
				case "*" -> "cruds";
				default -> lettersInOrder(suffix) ? suffix : "";
			};
			if (letters.indexOf(interaction.letter) < 0) {
				continue;
			}
			if (context.equals("patient") && type.equals("Patient") && interaction == Interaction.CREATE) {
				continue;
			}
			return true;
		}
		return false;
	}

	/** Letters of {@code cruds}, each at most once, in that order, at least one. */
	static boolean lettersInOrder(String suffix) {
		StringBuilder kept = new StringBuilder();
		for (char letter : "cruds".toCharArray()) {
			if (suffix.indexOf(letter) >= 0) {
				kept.append(letter);
			}
		}
		return !suffix.isEmpty() && kept.toString().equals(suffix);
	}

	static Stream<Arguments> scopeMatrixCells() {
		List<Arguments> cells = new ArrayList<>();
		for (String scopes : SCOPE_SETS) {
			for (String type : MATRIX_TYPES) {
				for (Interaction interaction : Interaction.values()) {
					cells.add(Arguments.of(scopes, type, interaction));
				}
			}
		}
		return cells.stream();
	}

	/** A resource the matrix acts on, and the patient whose compartment it is in (the token's patient). */
	record Target(String id, String patient) {}

	/** Seeded once per server: the matrix patient and one resource of each type in its compartment, for read and search. */
	private static int matrixPort;
	private static String matrixPatient;
	private static final Map<String, String> SEEDED = new HashMap<>();
	/** Targets for update and delete cells the oracle refuses (a wrongly allowed delete removes its decoy). */
	private static final Map<String, Target> DECOYS = new HashMap<>();

	private String admin() {
		return token("system/*.cruds", null);
	}

	private void seedMatrix() {
		synchronized (SmartScopesIT.class) {
			if (matrixPatient != null && matrixPort == port) {
				return;
			}
			SEEDED.clear();
			DECOYS.clear();
			matrixPatient = create(minimal("Patient", null, "Matrix" + RUN, null), admin());
			SEEDED.put("Patient", matrixPatient);
			for (String type : MATRIX_TYPES.subList(1, MATRIX_TYPES.size())) {
				SEEDED.put(type, create(minimal(type, matrixPatient, "matrix-seed-" + RUN, null), admin()));
			}
			matrixPort = port;
		}
	}

	/** A new resource of {@code type} for one update or delete cell: a new Patient, or a resource of the matrix patient. */
	private Target freshTarget(String type) {
		if (type.equals("Patient")) {
			String patient = create(minimal("Patient", null, "MatrixTarget" + RUN, null), admin());
			return new Target(patient, patient);
		}
		return new Target(create(minimal(type, matrixPatient, "matrix-target-" + RUN, null), admin()), matrixPatient);
	}

	private Target decoy(String type) {
		synchronized (SmartScopesIT.class) {
			return DECOYS.computeIfAbsent(type, this::freshTarget);
		}
	}

	private static Resource updated(String type, Target target) {
		Resource body = minimal(type, target.patient(), type.equals("Patient") ? "MatrixTarget" + RUN : "matrix-target-" + RUN, null);
		body.setId(target.id());
		body.setLanguage("en");
		return body;
	}

	/**
	 * Every cell: allowed by {@link #oracle} gives 2xx, refused gives 403 (docs/security.md: a valid token whose scopes
	 * do not cover the type or interaction, or a write outside the patient's compartment). Update and delete cells act on a fresh resource
	 * when allowed (so no cell changes what another reads) and on a per-type decoy when refused.
	 */
	@ParameterizedTest(name = "{0} {1} {2}")
	@MethodSource("scopeMatrixCells")
	void scopeMatrix_eachCellIsAllowedExactlyWhenTheGrantedLettersSaySo(String scopes, String type, Interaction interaction) {
		seedMatrix();
		boolean allowed = oracle(scopes, type, interaction);
		boolean patientScopes = scopes.contains("patient/");
		String path = "/fhir/" + type;
		Target target = null;
		if (interaction == Interaction.UPDATE || interaction == Interaction.DELETE) {
			target = allowed ? freshTarget(type) : decoy(type);
		}
		String patient = target != null ? target.patient() : matrixPatient;
		String requestId = AuditReplay.newId();
		String[] auth = AuditReplay.withId(bearer(token(scopes, patientScopes ? patient : null)), requestId);
		long start = System.nanoTime();
		FhirHttp.Response response = switch (interaction) {
			case CREATE -> http.postResource(path, minimal(type, matrixPatient, type.equals("Patient") ? "MatrixNew" + RUN
					: "matrix-created-" + RUN, null), auth);
			case READ -> http.get(path + "/" + SEEDED.get(type), auth);
			case SEARCH -> http.get(type.equals("Patient") ? path + "?_id=" + matrixPatient : path + "?patient=" + matrixPatient, auth);
			case UPDATE -> http.put(path + "/" + target.id(), updated(type, target), auth);
			case DELETE -> http.delete(path + "/" + target.id(), auth);
		};
		long millis = (System.nanoTime() - start) / 1_000_000;
		int status = response.status();
		boolean agrees = allowed ? status >= 200 && status < 300 : status == 403;
		LINE.record(status, millis, !agrees);
		// the patient the request touched: a new Patient is its own; every other matrix resource is the patient's
		String touched = interaction == Interaction.CREATE && type.equals("Patient") && response.header("Location") != null
				? response.header("Location").replaceAll(".*/Patient/([^/]+).*", "$1")
				: patient;
		AUDIT.sent(requestId, status, touched, scopes + " " + interaction + " " + type);
		if (!allowed && interaction == Interaction.DELETE && status >= 200 && status < 300) {
			synchronized (SmartScopesIT.class) {
				DECOYS.remove(type);
			}
		}
		assertThat(agrees).as(scopes + " " + interaction + " " + type + ": oracle " + (allowed ? "allows" : "refuses")
				+ ", server answered " + status + " " + response.body()).isTrue();
	}

	/**
	 * RELIABILITY.md §8 row 19, replayed on the scope matrix: each of its requests (allowed and refused) is found in
	 * the audit trail by its {@code X-Request-ID}: 2xx with outcome 0 and the patient it touched, 403 with outcome 4.
	 */
	@Test
	@Order(Integer.MAX_VALUE)
	void auditTrail_recordsEveryMatrixRequest_withItsPatient_andEveryRefusal() {
		Assumptions.assumeFalse(AUDIT.isEmpty(), "the scope matrix did not run in this JVM");
		List<String> problems = AUDIT.check(daoRegistry, auditSink);
		assertThat(problems).as("matrix requests the audit trail misses or misattributes").isEmpty();
	}

	/**
	 * Suffixes that are not delete never delete: v1 {@code .read} (which a letter-by-letter parser would read as
	 * {@code .rd}), the out-of-order {@code .dus} and {@code .dr}, and {@code .rs}. (v1 {@code .write} is {@code cud}
	 * and does delete, as SMART maps it.) The resource is still there afterwards.
	 */
	@Test
	void suffixesThatAreNotDelete_neverDelete() {
		seedMatrix();
		for (String scopes : List.of("patient/*.read", "patient/*.dus", "patient/*.dr", "user/*.read", "user/*.dus", "system/*.rs")) {
			for (String type : MATRIX_TYPES) {
				Target target = decoy(type);
				long start = System.nanoTime();
				FhirHttp.Response response = http.delete("/fhir/" + type + "/" + target.id(),
						bearer(token(scopes, scopes.startsWith("patient/") ? target.patient() : null)));
				LINE.record(response.status(), (System.nanoTime() - start) / 1_000_000, response.status() != 403);
				assertThat(response.status()).as(scopes + " DELETE " + type).isEqualTo(403);
				assertThat(http.get("/fhir/" + type + "/" + target.id(), bearer(admin())).status())
						.as(type + " still there after " + scopes).isEqualTo(200);
			}
		}
	}
}
