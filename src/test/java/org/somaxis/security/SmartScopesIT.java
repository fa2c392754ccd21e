package org.somaxis.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;
import org.somaxis.support.FhirHttp;
import org.somaxis.support.ReliabilityLine;

/**
 * Scope enforcement (RELIABILITY.md §2.3 and §8 row 15): granted types and letters only, v1 scopes, fine-grained
 * {@code ?category=} scopes, transaction entries judged one by one, bulk export only with system scopes, and
 * AuditEvents only for their own scope.
 */
class SmartScopesIT extends SmartServer {
	private final ReliabilityLine line = new ReliabilityLine("scope-enforcement");

	private FhirHttp.Response get(String path, String token) {
		long start = System.nanoTime();
		FhirHttp.Response response = http.get(path, bearer(token));
		line.record(response.status(), (System.nanoTime() - start) / 1_000_000, response.status() >= 500);
		return response;
	}

	@Test
	void restrictedType_searchOnAGrantedTypeIs200_onAnotherTypeIs403InsufficientScope() {
		String token = token("patient/Observation.rs", patientA);

		assertThat(get("/fhir/Observation?patient=" + patientA, token).status()).isEqualTo(200);
		FhirHttp.Response refused = get("/fhir/Condition?patient=" + patientA, token);
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.header("WWW-Authenticate")).isEqualTo("Bearer error=\"insufficient_scope\"");
		assertThat(refused.as(OperationOutcome.class).hasIssue()).isTrue();
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
			int status = get(path, token(probe.scope(), probe.scope().startsWith("patient") ? patientA : null)).status();
			boolean allowed = status == 200;
			if (allowed != probe.allowed() || (!allowed && status != 403 && status != 404)) {
				violations++;
				System.out.println("scope probe failed: " + probe + " -> " + status);
			}
		}
		System.out.println(line.line("n/a", 0));
		assertThat(violations).isZero();
	}
}
