package org.somaxis.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;
import org.somaxis.support.FhirHttp;
import org.somaxis.support.ReliabilityLine;

/**
 * Patient isolation (RELIABILITY.md §8 rows 16 and 17, the gematik ISiK pattern): a token for patient A never
 * receives anything of patient B, whatever the vector, never writes into B's compartment, and cannot tell from status,
 * entry count, total or error text whether B has some data.
 */
class CrossPatientIT extends SmartServer {

	private String tokenA() {
		return token("patient/*.cruds", patientA);
	}

	/**
	 * Every response body is scanned for B's data: B's marker code and name always, B's ids in any successful
	 * response (a refusal may echo the id the request itself named, which tells nothing).
	 */
	private boolean leaks(FhirHttp.Response response) {
		String body = response.body() == null ? "" : response.body();
		if (response.status() == 200 && body.contains("\"resourceType\":\"Bundle\"")) {
			// the Bundle's self link echoes the request; what counts is what the entries carry
			Bundle bundle = response.as(Bundle.class);
			bundle.getLink().clear();
			body = FhirHttp.FHIR.newJsonParser().encodeResourceToString(bundle);
		}
		boolean data = body.contains(B_MARKER) || body.contains("Bravo" + RUN);
		boolean ids = body.contains("Patient/" + patientB) || body.contains("Observation/" + observationB);
		return data || (response.status() < 400 && ids);
	}

	@Test
	void noVectorReturnsAnythingOfAnotherPatient() {
		ReliabilityLine line = new ReliabilityLine("cross-patient");
		String b = patientB;
		Map<String, String> vectors = new LinkedHashMap<>();
		vectors.put("read", "/fhir/Patient/" + b);
		vectors.put("vread", "/fhir/Patient/" + b + "/_history/1");
		vectors.put("history", "/fhir/Patient/" + b + "/_history");
		vectors.put("read-observation", "/fhir/Observation/" + observationB);
		vectors.put("history-observation", "/fhir/Observation/" + observationB + "/_history");
		vectors.put("search-subject", "/fhir/Observation?subject=Patient/" + b);
		vectors.put("search-patient", "/fhir/Observation?patient=" + b);
		vectors.put("search-no-patient", "/fhir/Observation?code=" + CODES + "%7C" + B_MARKER);
		vectors.put("search-condition", "/fhir/Condition?subject=Patient/" + b);
		vectors.put("search-patient-id", "/fhir/Patient?_id=" + b);
		vectors.put("search-patient-name", "/fhir/Patient?family=Bravo" + RUN);
		vectors.put("include", "/fhir/Observation?_include=Observation:subject");
		vectors.put("revinclude", "/fhir/Patient?_revinclude=Observation:subject");
		vectors.put("include-iterate", "/fhir/Condition?_include=Condition:subject&_revinclude:iterate=Observation:subject");
		vectors.put("has", "/fhir/Patient?_has:Observation:subject:code=" + CODES + "%7C" + B_MARKER);
		vectors.put("chain", "/fhir/Observation?subject:Patient.family=Bravo" + RUN);
		vectors.put("everything", "/fhir/Patient/" + b + "/$everything");
		vectors.put("everything-type", "/fhir/Patient/$everything");
		vectors.put("evaluate", "/fhir/Patient/" + b + "/$evaluate");
		vectors.put("evaluate-observation", "/fhir/Observation/" + observationB + "/$evaluate");
		vectors.put("total", "/fhir/Observation?_summary=count");
		vectors.put("history-type", "/fhir/Observation/_history");
		int violations = 0;
		for (Map.Entry<String, String> vector : vectors.entrySet()) {
			long start = System.nanoTime();
			FhirHttp.Response response = http.get(vector.getValue(), bearer(tokenA()));
			long millis = (System.nanoTime() - start) / 1_000_000;
			boolean refusedOrEmpty = response.status() == 200 || (response.status() >= 400 && response.status() < 500);
			boolean violation = leaks(response) || !refusedOrEmpty;
			line.record(response.status(), millis, violation);
			if (violation) {
				violations++;
				System.out.println("cross-patient vector leaked or failed: " + vector.getKey() + " -> " + response.status());
			}
		}
		// batch GET entries and POST _search
		Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
		batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Patient/" + b);
		batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Observation?subject=Patient/" + b);
		FhirHttp.Response batchResponse = http.postResource("/fhir", batch, bearer(tokenA()));
		line.record(batchResponse.status(), 0, leaks(batchResponse) || batchResponse.status() >= 500);
		violations += leaks(batchResponse) || batchResponse.status() >= 500 ? 1 : 0;
		FhirHttp.Response postSearch = http.post("/fhir/Observation/_search", "subject=Patient/" + b,
				"application/x-www-form-urlencoded", bearer(tokenA()));
		line.record(postSearch.status(), 0, leaks(postSearch) || postSearch.status() >= 500);
		violations += leaks(postSearch) || postSearch.status() >= 500 ? 1 : 0;

		line.print("n/a", 0);
		assertThat(violations).isZero();
	}

	@Test
	void anotherPatientsResource_is404_withTheSameTextAsOneThatDoesNotExist() {
		FhirHttp.Response other = http.get("/fhir/Observation/" + observationB, bearer(tokenA()));
		FhirHttp.Response missing = http.get("/fhir/Observation/999999999", bearer(tokenA()));
		FhirHttp.Response otherPatient = http.get("/fhir/Patient/" + patientB, bearer(tokenA()));
		FhirHttp.Response missingPatient = http.get("/fhir/Patient/999999998", bearer(tokenA()));

		assertThat(other.status()).isEqualTo(404);
		assertThat(missing.status()).isEqualTo(404);
		assertThat(diagnostics(other).replace(observationB, "ID")).isEqualTo(diagnostics(missing).replace("999999999", "ID"));
		assertThat(otherPatient.status()).isEqualTo(404);
		assertThat(diagnostics(otherPatient).replace(patientB, "ID"))
				.isEqualTo(diagnostics(missingPatient).replace("999999998", "ID"));
	}

	@Test
	void searchForAnotherPatient_is200WithNoEntries_or403() {
		FhirHttp.Response response = http.get("/fhir/Observation?subject=Patient/" + patientB, bearer(tokenA()));

		assertThat(response.status()).isIn(200, 403);
		if (response.status() == 200) {
			assertThat(response.as(Bundle.class).getEntry()).isEmpty();
		}
	}

	@Test
	void searchWithoutPatient_isNarrowedToThePatientInContext() {
		Bundle bundle = http.get("/fhir/Observation", bearer(tokenA())).as(Bundle.class);

		assertThat(bundle.getEntry()).isNotEmpty();
		assertThat(bundle.getEntry()).allSatisfy(entry -> assertThat(
				((org.hl7.fhir.r4.model.Observation) entry.getResource()).getSubject().getReference()).endsWith("Patient/" + patientA));
	}

	@Test
	void everythingAndEvaluateOfTheOwnPatient_work() {
		FhirHttp.Response everything = http.get("/fhir/Patient/" + patientA + "/$everything", bearer(tokenA()));
		FhirHttp.Response evaluate = http.get("/fhir/Patient/" + patientA + "/$evaluate", bearer(tokenA()));

		assertThat(everything.status()).isEqualTo(200);
		assertThat(leaks(everything)).isFalse();
		assertThat(everything.body()).contains("a-lab");
		assertThat(evaluate.status()).isEqualTo(200);
	}

	@Test
	void everythingAndEvaluateOfAnotherPatient_areRefused() {
		assertThat(http.get("/fhir/Patient/" + patientB + "/$everything", bearer(tokenA())).status()).isEqualTo(404);
		assertThat(http.get("/fhir/Patient/" + patientB + "/$evaluate", bearer(tokenA())).status()).isEqualTo(404);
	}

	@Test
	void transactionTouchingAnotherPatient_isRefusedWhole_andNothingIsStored() {
		String marker = "cross-tx-" + RUN;
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		bundle.addEntry().setResource(observation(patientA, "laboratory", marker, 1))
				.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
		bundle.addEntry().setResource(observation(patientB, "laboratory", marker, 2))
				.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");

		FhirHttp.Response response = http.postResource("/fhir", bundle, bearer(tokenA()));

		assertThat(response.status()).isEqualTo(403);
		Bundle stored = http.get("/fhir/Observation?code=" + CODES + "%7C" + marker, bearer(token("system/*.rs", null))).as(Bundle.class);
		assertThat(stored.getEntry()).isEmpty();
	}

	@Test
	void writesIntoAnotherPatientsCompartment_areRefused() {
		FhirHttp.Response create = http.postResource("/fhir/Observation", observation(patientB, "laboratory", "into-b", 1), bearer(tokenA()));
		org.hl7.fhir.r4.model.Observation update = observation(patientA, "laboratory", "steal-b", 1);
		update.setId(observationB);
		FhirHttp.Response put = http.put("/fhir/Observation/" + observationB, update, bearer(tokenA()));

		assertThat(create.status()).isEqualTo(403);
		assertThat(put.status()).isIn(403, 404);
		assertThat(http.get("/fhir/Observation/" + observationB, bearer(token("system/*.rs", null))).body()).contains(B_MARKER);
	}

	/**
	 * A conditional create whose criteria match another patient's resource answers exactly as one whose criteria match
	 * nothing: the criteria are narrowed to the token's patient, so B's resource is never a match and its id never
	 * leaves the server; a body of B's data is refused (403) before any match is looked for, as any write into B's
	 * compartment. (HAPI requires the body to satisfy its own criteria, so each body carries the value it asks for.)
	 */
	@Test
	void conditionalCreateMatchingAnotherPatientsResource_answersAsIfNothingMatched() {
		// B's Observation has the value 999; no one has 12345
		FhirHttp.Response overB = conditionalCreate(observation(patientA, "survey", "cc-a1-" + RUN, 999), "value-quantity=999");
		FhirHttp.Response overNothing =
				conditionalCreate(observation(patientA, "survey", "cc-a2-" + RUN, 12345), "value-quantity=12345");
		assertThat(overB.status()).as(overB.body()).isEqualTo(201);
		assertThat(overNothing.status()).as(overNothing.body()).isEqualTo(201);
		assertThat(overB.header("Location")).doesNotContain("Observation/" + observationB + "/");
		assertThat(leaks(overB)).isFalse();

		FhirHttp.Response intoBOverB = conditionalCreate(observation(patientB, "survey", "cc-b-" + RUN, 999), "value-quantity=999");
		FhirHttp.Response intoBOverNothing =
				conditionalCreate(observation(patientB, "survey", "cc-b-" + RUN, 12345), "value-quantity=12345");
		FhirHttp.Response plainIntoB = http.postResource(
				"/fhir/Observation", observation(patientB, "survey", "cc-b-" + RUN, 999), bearer(tokenA()));
		assertThat(intoBOverB.status()).as(intoBOverB.body()).isEqualTo(403);
		assertThat(intoBOverNothing.status()).isEqualTo(403);
		assertThat(diagnostics(intoBOverB)).isEqualTo(diagnostics(intoBOverNothing)).isEqualTo(diagnostics(plainIntoB));
		assertThat(leaks(intoBOverB)).isFalse();

		FhirHttp.Response patientOverB = conditionalCreate(patient("Bravo"), "family=Bravo" + RUN);
		FhirHttp.Response patientOverNothing = conditionalCreate(patient("Nobody"), "family=Nobody" + RUN);
		assertThat(patientOverB.status()).as(patientOverB.body()).isEqualTo(403);
		assertThat(patientOverNothing.status()).isEqualTo(403);
		assertThat(diagnostics(patientOverB)).isEqualTo(diagnostics(patientOverNothing));
		assertThat(leaks(patientOverB)).isFalse();

		Bundle stored = http.get("/fhir/Observation?code=" + CODES + "%7Ccc-b-" + RUN, bearer(token("system/*.rs", null)))
				.as(Bundle.class);
		assertThat(stored.getEntry()).isEmpty();
	}

	@Test
	void conditionalCreateMatchingTheOwnPatientsResource_stillFindsIt() {
		FhirHttp.Response response = conditionalCreate(observation(patientA, "laboratory", "a-lab", 5.1), "code=" + CODES + "%7Ca-lab");

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.header("Location")).contains("Observation/" + observationA + "/");
	}

	@Test
	void conditionalCreateInATransaction_isNarrowedToo() {
		// a value only B has (the other tests create A's Observations of 999)
		create(observation(patientB, "survey", "cc-txb-" + RUN, 4242.5), token("system/*.cruds", null));
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		bundle.addEntry().setResource(observation(patientA, "survey", "cc-tx-" + RUN, 4242.5)).getRequest()
				.setMethod(Bundle.HTTPVerb.POST).setUrl("Observation").setIfNoneExist("value-quantity=4242.5");
		Bundle own = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		own.addEntry().setResource(observation(patientA, "laboratory", "a-lab", 5.1)).getRequest()
				.setMethod(Bundle.HTTPVerb.POST).setUrl("Observation").setIfNoneExist("code=" + CODES + "|a-lab");
		Bundle intoB = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		intoB.addEntry().setResource(observation(patientB, "survey", "cc-txb-" + RUN, 4242.5)).getRequest()
				.setMethod(Bundle.HTTPVerb.POST).setUrl("Observation").setIfNoneExist("value-quantity=4242.5");

		FhirHttp.Response response = http.postResource("/fhir", bundle, bearer(tokenA()));
		FhirHttp.Response ownResponse = http.postResource("/fhir", own, bearer(tokenA()));
		FhirHttp.Response intoBResponse = http.postResource("/fhir", intoB, bearer(tokenA()));

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(leaks(response)).isFalse();
		Bundle.BundleEntryResponseComponent entry = response.as(Bundle.class).getEntryFirstRep().getResponse();
		assertThat(entry.getStatus()).startsWith("201");
		assertThat(entry.getLocation()).doesNotContain("Observation/" + observationB + "/");
		assertThat(ownResponse.status()).as(ownResponse.body()).isEqualTo(200);
		Bundle.BundleEntryResponseComponent ownEntry = ownResponse.as(Bundle.class).getEntryFirstRep().getResponse();
		assertThat(ownEntry.getStatus()).startsWith("200");
		assertThat(ownEntry.getLocation()).contains("Observation/" + observationA + "/");
		assertThat(intoBResponse.status()).as(intoBResponse.body()).isEqualTo(403);
		assertThat(leaks(intoBResponse)).isFalse();
	}

	private FhirHttp.Response conditionalCreate(org.hl7.fhir.r4.model.Resource resource, String criteria) {
		return http.postResource("/fhir/" + resource.fhirType(), resource,
				"Authorization", "Bearer " + tokenA(), "If-None-Exist", criteria);
	}

	@Test
	void inferenceProbes_cannotTellWhetherAnotherPatientHasMatchingData() {
		ReliabilityLine line = new ReliabilityLine("search-inference");
		List<String[]> pairs = new ArrayList<>();
		pairs.add(new String[] {"/fhir/Patient?_has:Observation:subject:code=" + CODES + "%7C" + B_MARKER,
			"/fhir/Patient?_has:Observation:subject:code=" + CODES + "%7Cno-such-code"});
		pairs.add(new String[] {"/fhir/Observation?code=" + CODES + "%7C" + B_MARKER,
			"/fhir/Observation?code=" + CODES + "%7Cno-such-code"});
		pairs.add(new String[] {"/fhir/Observation?subject:Patient.family=Bravo" + RUN, "/fhir/Observation?subject:Patient.family=Nobody" + RUN});
		pairs.add(new String[] {"/fhir/Observation?code=" + CODES + "%7C" + B_MARKER + "&_summary=count",
			"/fhir/Observation?code=" + CODES + "%7Cno-such-code&_summary=count"});
		pairs.add(new String[] {"/fhir/Observation?code=" + CODES + "%7C" + B_MARKER + "&_total=accurate",
			"/fhir/Observation?code=" + CODES + "%7Cno-such-code&_total=accurate"});
		pairs.add(new String[] {"/fhir/Condition?code=" + CODES + "%7C" + B_MARKER + "&_sort=-_lastUpdated",
			"/fhir/Condition?code=" + CODES + "%7Cno-such-code&_sort=-_lastUpdated"});
		int distinguishable = 0;
		for (int repeat = 0; repeat < 3; repeat++) {
			for (String[] pair : pairs) {
				FhirHttp.Response withData = http.get(pair[0], bearer(tokenA()));
				FhirHttp.Response without = http.get(pair[1], bearer(tokenA()));
				boolean same = withData.status() == without.status() && shape(withData).equals(shape(without));
				line.record(withData.status(), 0, !same || leaks(withData));
				line.record(without.status(), 0, false);
				if (!same) {
					distinguishable++;
					System.out.println("distinguishable pair: " + pair[0] + " " + shape(withData) + " vs " + shape(without));
				}
			}
		}
		line.print("n/a", 0);
		assertThat(distinguishable).isZero();
	}

	/** What a response tells: entry count and total (or the error text without ids). */
	private static String shape(FhirHttp.Response response) {
		if (response.status() != 200) {
			return response.status() + ":" + diagnostics(response);
		}
		Bundle bundle = response.as(Bundle.class);
		return "entries=" + bundle.getEntry().size() + " total=" + (bundle.hasTotal() ? bundle.getTotal() : "none");
	}

	private static String diagnostics(FhirHttp.Response response) {
		return response.as(OperationOutcome.class).getIssueFirstRep().getDiagnostics();
	}
}
