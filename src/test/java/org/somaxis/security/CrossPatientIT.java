package org.somaxis.security;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
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
 * Patient isolation (RELIABILITY.md §8 rows 16 and 17, the gematik ISiK pattern): a token for patient A never
 * receives anything of patient B, whatever the vector, never writes into B's compartment, and cannot tell from status,
 * entry count, total or error text whether B has some data. The cross-patient matrix runs every GET vector and every
 * write against each of the ten {@link #MATRIX_TYPES}, in both directions between two patients of its own (X and Y).
 * One {@code cross-patient} line for the class, printed after all its tests.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrossPatientIT extends SmartServer {
	private static final ReliabilityLine LINE = new ReliabilityLine("cross-patient");
	/** Row 19: every matrix request, replayed against the audit trail by the last test of the class. */
	private static final AuditReplay AUDIT = new AuditReplay("audit-replay-cross-patient");

	@Autowired
	DaoRegistry daoRegistry;

	@Autowired
	AuditSink auditSink;

	/**
	 * RELIABILITY.md §8 row 19, replayed on the cross-patient matrix: each of its requests is found in the audit trail
	 * by its {@code X-Request-ID}; a 2xx names no patient but the token's own, a 403 has outcome 4.
	 */
	@Test
	@Order(Integer.MAX_VALUE)
	void auditTrail_recordsEveryMatrixRequest_neverNamingTheOtherPatient_andEveryRefusal() {
		Assumptions.assumeFalse(AUDIT.isEmpty(), "the cross-patient matrix did not run in this JVM");
		List<String> problems = AUDIT.check(daoRegistry, auditSink);
		assertThat(problems).as("matrix requests the audit trail misses or misattributes").isEmpty();
	}

	@AfterAll
	static void printLine() {
		LINE.print("n/a", 0);
		assertThat(LINE.violations()).as("cross-patient violations").isZero();
	}

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
		ReliabilityLine line = LINE;
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

	/**
	 * A resource about another patient that names the token's patient in another role (an Observation's performer, a
	 * Condition's asserter) is in both compartments. Membership let A's token write "not pregnant" into B's chart, which
	 * erased a pregnancy contraindication, and a cancer. A patient token writes only what is in its patient's compartment
	 * and no other's; the same resources about its own patient are stored.
	 */
	@Test
	void resourceAboutAnotherPatientNamingTheTokensPatientInAnotherRole_isRefused_andAboutItsOwnIsStored() {
		org.hl7.fhir.r4.model.Observation notPregnant = new org.hl7.fhir.r4.model.Observation()
				.setStatus(org.hl7.fhir.r4.model.Observation.ObservationStatus.FINAL)
				.setCode(new org.hl7.fhir.r4.model.CodeableConcept(
						new org.hl7.fhir.r4.model.Coding("http://loinc.org", "82810-3", null)))
				.setValue(new org.hl7.fhir.r4.model.CodeableConcept(
						new org.hl7.fhir.r4.model.Coding("http://snomed.info/sct", "60001007", null)))
				.setEffective(new org.hl7.fhir.r4.model.DateTimeType("2026-11-20"));
		notPregnant.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/" + patientB));
		notPregnant.addPerformer(new org.hl7.fhir.r4.model.Reference("Patient/" + patientA));
		org.hl7.fhir.r4.model.Condition cancer = new org.hl7.fhir.r4.model.Condition()
				.setCode(new org.hl7.fhir.r4.model.CodeableConcept(
						new org.hl7.fhir.r4.model.Coding("http://hl7.org/fhir/sid/icd-10-cm", "C50.911", null)))
				.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/" + patientB))
				.setAsserter(new org.hl7.fhir.r4.model.Reference("Patient/" + patientA));

		assertThat(http.postResource("/fhir/Observation", notPregnant, bearer(tokenA())).status()).isEqualTo(403);
		assertThat(http.postResource("/fhir/Condition", cancer, bearer(tokenA())).status()).isEqualTo(403);

		notPregnant.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/" + patientA));
		cancer.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/" + patientA));
		FhirHttp.Response own = http.postResource("/fhir/Observation", notPregnant, bearer(tokenA()));
		assertThat(own.status()).as(own.body()).isEqualTo(201);
		assertThat(http.postResource("/fhir/Condition", cancer, bearer(tokenA())).status()).isEqualTo(201);
	}

	/**
	 * A next link is only an address: B's token that fetches the next page of A's search (or of an all-patients search
	 * by a system token) must not be shown A's resources. Pages were filtered only when the search ran, for the token
	 * that started it, so any token that could search something read them.
	 */
	@Test
	void anotherTokensNextPage_showsNothingThisTokenMayNotSee() {
		String admin = token("system/*.cruds", null);
		for (int i = 0; i < 3; i++) {
			create(new org.hl7.fhir.r4.model.Condition()
					.setCode(new org.hl7.fhir.r4.model.CodeableConcept().setText("paging " + i))
					.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/" + patientA)), admin);
		}
		Bundle first = http.get("/fhir/Condition?_count=1&_sort=_id", bearer(admin)).as(Bundle.class);
		assertThat(first.getLink("next")).isNotNull();
		String next = first.getLink("next").getUrl().replaceAll("^https?://[^/]+", "");

		String tokenB = token("patient/*.rs", patientB);
		for (String page = next; page != null; ) {
			FhirHttp.Response response = http.get(page, bearer(tokenB));
			if (response.status() != 200) {
				assertThat(response.status()).isIn(403, 404, 410);
				break;
			}
			Bundle bundle = response.as(Bundle.class);
			assertThat(bundle.getEntry()).allSatisfy(entry -> assertThat(((org.hl7.fhir.r4.model.Condition) entry
					.getResource()).getSubject().getReference()).endsWith("Patient/" + patientB));
			assertThat(response.body()).doesNotContain("Patient/" + patientA);
			page = bundle.getLink("next") == null ? null : bundle.getLink("next").getUrl().replaceAll("^https?://[^/]+", "");
		}
	}

	/**
	 * Task and GuidanceResponse lie outside the R4 Patient compartment but are one patient's data (Task.for,
	 * GuidanceResponse.subject); a stored Bundle may hold anyone's. A patient token reached all of them, for read and
	 * write, because types outside the compartment were taken for shared reference data. Now it sees and writes only
	 * the Tasks and GuidanceResponses that name its own patient, and no stored Bundle at all.
	 */
	@Test
	void patientDataOutsideTheCompartment_isOnlyTheOwnPatients_andStoredBundlesAreNoPatientTokens() {
		String admin = token("system/*.cruds", null);
		String taskB = create(task(patientB), admin);
		String guidanceB = create(guidance(patientB), admin);
		Bundle stored = new Bundle().setType(Bundle.BundleType.COLLECTION);
		stored.addEntry().setFullUrl("urn:uuid:" + java.util.UUID.randomUUID())
				.setResource(new org.hl7.fhir.r4.model.Patient().addName(
						new org.hl7.fhir.r4.model.HumanName().setFamily(B_MARKER)));
		String bundleB = create(stored, admin);

		assertThat(http.get("/fhir/Task/" + taskB, bearer(tokenA())).status()).isEqualTo(404);
		assertThat(http.get("/fhir/GuidanceResponse/" + guidanceB, bearer(tokenA())).status()).isEqualTo(404);
		assertThat(http.get("/fhir/Bundle/" + bundleB, bearer(tokenA())).status()).isEqualTo(403);
		assertThat(http.get("/fhir/Bundle", bearer(tokenA())).status()).isEqualTo(403);
		assertThat(http.postResource("/fhir/Bundle", stored, bearer(tokenA())).status()).isEqualTo(403);
		assertThat(http.postResource("/fhir/Task", task(patientB), bearer(tokenA())).status()).isEqualTo(403);
		assertThat(http.postResource("/fhir/GuidanceResponse", guidance(patientB), bearer(tokenA())).status())
				.isEqualTo(403);
		assertThat(http.delete("/fhir/Task/" + taskB, bearer(tokenA())).status()).isIn(403, 404);
		assertThat(http.get("/fhir/Task/" + taskB, bearer(admin)).status()).isEqualTo(200);

		String taskA = create(task(patientA), tokenA());
		String guidanceA = create(guidance(patientA), tokenA());
		Bundle tasks = http.get("/fhir/Task", bearer(tokenA())).as(Bundle.class);
		Bundle guidance = http.get("/fhir/GuidanceResponse?_count=500", bearer(tokenA())).as(Bundle.class);

		assertThat(http.get("/fhir/Task/" + taskA, bearer(tokenA())).status()).isEqualTo(200);
		assertThat(tasks.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
				.contains(taskA).doesNotContain(taskB);
		assertThat(guidance.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
				.contains(guidanceA).doesNotContain(guidanceB);
	}

	private static org.hl7.fhir.r4.model.Task task(String patient) {
		org.hl7.fhir.r4.model.Task task = new org.hl7.fhir.r4.model.Task()
				.setStatus(org.hl7.fhir.r4.model.Task.TaskStatus.REQUESTED)
				.setIntent(org.hl7.fhir.r4.model.Task.TaskIntent.ORDER);
		task.setFor(new org.hl7.fhir.r4.model.Reference("Patient/" + patient));
		return task;
	}

	private static org.hl7.fhir.r4.model.GuidanceResponse guidance(String patient) {
		org.hl7.fhir.r4.model.GuidanceResponse response = new org.hl7.fhir.r4.model.GuidanceResponse()
				.setStatus(org.hl7.fhir.r4.model.GuidanceResponse.GuidanceResponseStatus.SUCCESS)
				.setModule(new org.hl7.fhir.r4.model.UriType("http://example.org/somaxis-test-module"));
		response.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/" + patient));
		return response;
	}

	/**
	 * HAPI narrowed a batch GET entry of one resource as if it were a search: {@code Observation/X} answered a searchset
	 * of every Observation of the patient, {@code Patient/A} a searchset too. Each read entry now answers its resource;
	 * a read of another patient's resource still refuses the batch (404, as for one that does not exist), because HAPI
	 * reads batch entries without the consent check.
	 */
	@Test
	void batchReadsOfTheOwnPatientsResources_answerThoseResources_andAnotherPatientsIsRefused() {
		Bundle own = new Bundle().setType(Bundle.BundleType.BATCH);
		own.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Patient/" + patientA);
		own.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Observation/" + observationA);
		own.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Observation?code=" + CODES + "%7Ca-lab");
		own.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Observation/" + observationA + "?_elements=status");
		own.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Observation/" + observationA + "/");
		Bundle other = new Bundle().setType(Bundle.BundleType.BATCH);
		other.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Patient/" + patientA);
		other.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Observation/" + observationB);

		FhirHttp.Response response = http.postResource("/fhir", own, bearer(tokenA()));
		FhirHttp.Response refused = http.postResource("/fhir", other, bearer(tokenA()));

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		List<Bundle.BundleEntryComponent> entries = response.as(Bundle.class).getEntry();
		assertThat(entries).hasSize(5);
		assertThat(entries.get(0).getResource().fhirType()).isEqualTo("Patient");
		assertThat(entries.get(0).getResource().getIdElement().getIdPart()).isEqualTo(patientA);
		assertThat(entries.get(1).getResource().fhirType()).isEqualTo("Observation");
		assertThat(entries.get(1).getResource().getIdElement().getIdPart()).isEqualTo(observationA);
		assertThat(entries.get(2).getResource().fhirType()).isEqualTo("Bundle");
		assertThat(entries.get(3).getResource().fhirType()).isEqualTo("Observation");
		assertThat(entries.get(4).getResource().getIdElement().getIdPart()).isEqualTo(observationA);
		assertThat(refused.status()).isEqualTo(404);
		assertThat(leaks(refused)).isFalse();
		Bundle absolute = new Bundle().setType(Bundle.BundleType.BATCH);
		absolute.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl(http.base() + "/fhir/Observation/" + observationB);
		Bundle lowerCase = new Bundle().setType(Bundle.BundleType.BATCH);
		lowerCase.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("observation/" + observationA);
		FhirHttp.Response absoluteResponse = http.postResource("/fhir", absolute, bearer(tokenA()));
		assertThat(absoluteResponse.status()).isEqualTo(400);
		assertThat(leaks(absoluteResponse)).isFalse();
		assertThat(http.postResource("/fhir", lowerCase, bearer(tokenA())).status()).isEqualTo(400);
	}

	/**
	 * A Patient that links another record (an MPI's merge): the evaluation of a patient-context token reads only the
	 * token's patient's own record, directly and as a batch entry, and names the link it did not follow; a token that
	 * reads every patient's data has the linked record's cancer read. The flag that keeps a patient token to its record
	 * is set for every request of such a token, so a batch or transaction entry shares it.
	 */
	@org.junit.jupiter.params.ParameterizedTest(name = "the survivor links the merged record: {0}")
	@org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
	void aLinkedRecord_isReadForATokenThatReadsEveryPatient_neverForAPatientToken_directOrInABatch(boolean survivorLinks) {
		String admin = token("system/*.cruds", null);
		String merged = create(new org.hl7.fhir.r4.model.Patient().setActive(false), admin);
		org.hl7.fhir.r4.model.Condition cancer = new org.hl7.fhir.r4.model.Condition();
		cancer.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/" + merged));
		cancer.setClinicalStatus(new org.hl7.fhir.r4.model.CodeableConcept(new org.hl7.fhir.r4.model.Coding(
				"http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null)));
		cancer.setCode(new org.hl7.fhir.r4.model.CodeableConcept(new org.hl7.fhir.r4.model.Coding(
				"http://snomed.info/sct", "254837009", null)));
		String cancerId = create(cancer, admin);
		org.hl7.fhir.r4.model.Patient survivor = new org.hl7.fhir.r4.model.Patient();
		if (survivorLinks) {
			survivor.addLink().setType(org.hl7.fhir.r4.model.Patient.LinkType.REPLACES)
					.setOther(new org.hl7.fhir.r4.model.Reference("Patient/" + merged));
		}
		String survivorId = create(survivor, admin);
		if (!survivorLinks) { // only the merged-away record links the survivor
			org.hl7.fhir.r4.model.Patient replaced = new org.hl7.fhir.r4.model.Patient().setActive(false);
			replaced.setId(merged);
			replaced.addLink().setType(org.hl7.fhir.r4.model.Patient.LinkType.REPLACEDBY)
					.setOther(new org.hl7.fhir.r4.model.Reference("Patient/" + survivorId));
			assertThat(http.put("/fhir/Patient/" + merged, replaced, bearer(admin)).status()).isEqualTo(200);
		}
		String patientToken = token("patient/*.rs", survivorId);
		Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
		batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Patient/" + survivorId + "/$evaluate");

		// a tesamorelin draft at order-sign: the cancer, if read, draws its contraindication, citing the Condition
		org.hl7.fhir.r4.model.MedicationRequest draft = org.somaxis.guidance.Fixtures.peptide("d1", "tesamorelin", "draft",
				java.time.LocalDate.now());
		draft.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/" + survivorId));
		Bundle drafts = new Bundle();
		drafts.addEntry().setResource(draft);
		org.hl7.fhir.r4.model.Parameters orderSign = org.somaxis.operation.EvaluateServer.parameters("draftOrders", drafts,
				"hook", new org.hl7.fhir.r4.model.CodeType("order-sign"));

		FhirHttp.Response direct = http.postResource("/fhir/Patient/" + survivorId + "/$evaluate", orderSign,
				bearer(patientToken));
		FhirHttp.Response inABatch = http.postResource("/fhir", batch, bearer(patientToken));
		FhirHttp.Response everyPatient = http.postResource("/fhir/Patient/" + survivorId + "/$evaluate", orderSign,
				bearer(admin));

		assertThat(direct.status()).as(direct.body()).isEqualTo(200);
		assertThat(direct.body()).doesNotContain(cancerId);
		if (survivorLinks) { // a link the patient's own record gives is named; a link to it from elsewhere is not seen
			assertThat(direct.body()).contains("were not read");
		}
		assertThat(inABatch.status()).isIn(200, 400); // HAPI 8.8 refuses an operation URL in a batch GET (HAPI-1742)
		assertThat(inABatch.body()).doesNotContain(cancerId);
		assertThat(everyPatient.status()).as(everyPatient.body()).isEqualTo(200);
		assertThat(everyPatient.body()).contains("Condition/" + cancerId, "peptide-active-malignancy");
	}

	/**
	 * A chain reads the resource it follows, whoever it belongs to: narrowing limits the searched Observations to A's,
	 * not the Patient their performer names. A patient token chains only into shared data (Practitioner, ...).
	 */
	@Test
	void chainIntoAnotherPatientsData_isRefusedToAPatientToken() {
		FhirHttp.Response performer = http.get("/fhir/Observation?performer:Patient.family=Bravo" + RUN, bearer(tokenA()));
		FhirHttp.Response link = http.get("/fhir/Patient?link:Patient.family=Bravo" + RUN, bearer(tokenA()));

		assertThat(performer.status()).isEqualTo(403);
		assertThat(link.status()).isEqualTo(403);
		assertThat(leaks(performer)).isFalse();
	}

	/**
	 * An Appointment of two patients (C and D, of this test alone) is about each of them: each one's token finds it and
	 * reads it, as its narrowed search does (a read answered 404 while the search returned it); neither may write it.
	 */
	@Test
	void resourceAboutTwoPatients_isFoundAndReadByEach_andWrittenByNeither() {
		String admin = token("system/*.cruds", null);
		String patientC = create(patient("Charlie"), admin);
		String patientD = create(patient("Delta"), admin);
		org.hl7.fhir.r4.model.Appointment appointment = new org.hl7.fhir.r4.model.Appointment()
				.setStatus(org.hl7.fhir.r4.model.Appointment.AppointmentStatus.BOOKED);
		appointment.addParticipant().setActor(new org.hl7.fhir.r4.model.Reference("Patient/" + patientC))
				.setStatus(org.hl7.fhir.r4.model.Appointment.ParticipationStatus.ACCEPTED);
		appointment.addParticipant().setActor(new org.hl7.fhir.r4.model.Reference("Patient/" + patientD))
				.setStatus(org.hl7.fhir.r4.model.Appointment.ParticipationStatus.ACCEPTED);
		String id = create(appointment, admin);
		String tokenC = token("patient/*.cruds", patientC);

		Bundle found = http.get("/fhir/Appointment?_id=" + id, bearer(tokenC)).as(Bundle.class);
		FhirHttp.Response read = http.get("/fhir/Appointment/" + id, bearer(tokenC));
		FhirHttp.Response write = http.put("/fhir/Appointment/" + id, appointment.setId(id), bearer(tokenC));

		assertThat(found.getEntry()).hasSize(1);
		assertThat(read.status()).isEqualTo(200);
		assertThat(http.get("/fhir/Appointment/" + id, bearer(tokenA())).status()).isEqualTo(404);
		assertThat(write.status()).isIn(403, 404);
	}

	/**
	 * A delete or patch of another patient's resource answered 403 where one of a missing resource answered 200 or
	 * 404, which told that it exists. Both are now the same 404; and a resource deleted from the token's own chart is
	 * a 404 too, never a 410.
	 */
	@Test
	void deleteOrPatchOfAnotherPatientsResource_answersAsForOneThatDoesNotExist() {
		String patch = "[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"amended\"}]";
		FhirHttp.Response deleteOther = http.delete("/fhir/Observation/" + observationB, bearer(tokenA()));
		FhirHttp.Response deleteMissing = http.delete("/fhir/Observation/999999996", bearer(tokenA()));
		FhirHttp.Response patchOther = http.patch("/fhir/Observation/" + observationB, patch, "application/json-patch+json",
				bearer(tokenA()));
		FhirHttp.Response patchMissing = http.patch("/fhir/Observation/999999996", patch, "application/json-patch+json",
				bearer(tokenA()));
		String own = create(observation(patientA, "laboratory", "a-deleted", 1), token("system/*.cruds", null));
		assertThat(http.delete("/fhir/Observation/" + own, bearer(token("system/*.cruds", null))).status()).isIn(200, 204);
		FhirHttp.Response deletedOwn = http.get("/fhir/Observation/" + own, bearer(tokenA()));

		assertThat(deleteOther.status()).isEqualTo(404);
		assertThat(deleteMissing.status()).isEqualTo(404);
		assertThat(diagnostics(deleteOther).replace(observationB, "ID")).isEqualTo(diagnostics(deleteMissing).replace("999999996", "ID"));
		assertThat(patchOther.status()).isEqualTo(404);
		assertThat(patchMissing.status()).isEqualTo(404);
		assertThat(diagnostics(patchOther).replace(observationB, "ID")).isEqualTo(diagnostics(patchMissing).replace("999999996", "ID"));
		assertThat(deletedOwn.status()).isEqualTo(404);
		assertThat(http.get("/fhir/Observation/" + observationB, bearer(token("system/*.rs", null))).status()).isEqualTo(200);
	}

	/**
	 * The patient's own results, conditions and procedures name a Practitioner or an Organization as performer or
	 * asserter; every reference of the compartment counted as an owner, so its own token got 404 on them and 403 on
	 * creating one.
	 */
	@Test
	void ownResourceNamingAPractitionerOrOrganization_isReadAndWrittenByThePatientsToken() {
		org.hl7.fhir.r4.model.Observation result = observation(patientA, "laboratory", "a-performed", 3);
		result.addPerformer(new org.hl7.fhir.r4.model.Reference().setDisplay("Central laboratory")
				.setReference("Organization/" + create(new org.hl7.fhir.r4.model.Organization().setName("Lab " + RUN),
						token("system/*.cruds", null))));

		String id = create(result, tokenA());

		assertThat(http.get("/fhir/Observation/" + id, bearer(tokenA())).status()).isEqualTo(200);
		assertThat(http.get("/fhir/Observation?code=" + CODES + "%7Ca-performed", bearer(tokenA())).as(Bundle.class)
				.getEntry()).hasSize(1);
		assertThat(http.get("/fhir/Observation/" + id, bearer(token("patient/*.rs", patientB))).status()).isEqualTo(404);
	}

	/**
	 * A reverse chain tests resources that name the patient in any role: B's token learned, one criterion at a time,
	 * what an Observation about A that names B as performer says. Patient tokens search the other type itself.
	 */
	@Test
	void reverseChain_isNotAvailableToAPatientToken() {
		FhirHttp.Response has = http.get("/fhir/Patient?_has:Observation:performer:code=" + CODES + "%7Ca-lab",
				bearer(tokenA()));
		Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
		batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET)
				.setUrl("Patient?_has:Observation:subject:code=" + CODES + "%7Ca-lab");

		assertThat(has.status()).isEqualTo(403);
		assertThat(http.postResource("/fhir", batch, bearer(tokenA())).status()).isEqualTo(403);
	}

	/**
	 * HAPI refuses to delete a resource others refer to, naming the first of them: a patient deleting itself learned
	 * the id of another patient's Observation that names it as performer. Restricted tokens get a text without it.
	 */
	@Test
	void deleteRefusedForReferences_namesNoResourceTheTokenMayNotSee() {
		String admin = token("system/*.cruds", null);
		String patientC = create(patient("Charlie"), admin);
		org.hl7.fhir.r4.model.Observation aboutB = observation(patientB, "laboratory", B_MARKER, 1);
		aboutB.addPerformer(new org.hl7.fhir.r4.model.Reference("Patient/" + patientC));
		String observation = create(aboutB, admin);

		FhirHttp.Response refused = http.delete("/fhir/Patient/" + patientC, bearer(token("patient/*.cruds", patientC)));

		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.body()).doesNotContain(observation).doesNotContain("Observation/");
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

	/**
	 * A Patient is in the compartment of every Patient its {@code link} names, and the store reads a linked record as
	 * the same person's: a patient token that added a link to B on its own Patient had B's cancer, pregnancy and orders
	 * read into every later evaluation of its own record (and its data into B's). A patient scope writes its own Patient
	 * only with the links it has (PUT, upsert, JSON and FHIRPath PATCH, transaction entries); a {@code user/} scope
	 * (an MPI) may link. Links the MPI set stay, and the patient still updates the rest of its record.
	 */
	@Test
	void patientLink_isAddedChangedOrRemovedOnlyByAUserOrSystemScope_neverByThePatientsToken() {
		String admin = token("system/*.cruds", null);
		String patientE = create(patient("Echo"), admin);
		String tokenE = token("patient/Patient.rus", patientE);
		org.hl7.fhir.r4.model.Patient linked = patient("Echo");
		linked.setId(patientE);
		linked.addLink().setType(org.hl7.fhir.r4.model.Patient.LinkType.REPLACES)
				.setOther(new org.hl7.fhir.r4.model.Reference("Patient/" + patientB));
		String jsonPatch = "[{\"op\":\"add\",\"path\":\"/link\",\"value\":[{\"other\":{\"reference\":\"Patient/"
				+ patientB + "\"},\"type\":\"seealso\"}]}]";
		String fhirPathPatch = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"operation\",\"part\":["
				+ "{\"name\":\"type\",\"valueCode\":\"add\"},{\"name\":\"path\",\"valueString\":\"Patient\"},"
				+ "{\"name\":\"name\",\"valueString\":\"link\"},{\"name\":\"value\",\"part\":["
				+ "{\"name\":\"other\",\"valueReference\":{\"reference\":\"Patient/" + patientB + "\"}},"
				+ "{\"name\":\"type\",\"valueCode\":\"seealso\"}]}]}]}";
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		transaction.addEntry().setResource(linked).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl("Patient/" + patientE);
		String newId = "link-upsert-" + RUN;
		org.hl7.fhir.r4.model.Patient upsert = linked.copy();
		upsert.setId(newId);

		FhirHttp.Response put = http.put("/fhir/Patient/" + patientE, linked, bearer(tokenE));
		FhirHttp.Response patched = http.patch("/fhir/Patient/" + patientE, jsonPatch, "application/json-patch+json",
				bearer(tokenE));
		FhirHttp.Response pathPatched = http.patch("/fhir/Patient/" + patientE, fhirPathPatch, FhirHttp.FHIR_JSON,
				bearer(tokenE));
		FhirHttp.Response inATransaction = http.postResource("/fhir", transaction, bearer(tokenE));
		FhirHttp.Response upserted = http.put("/fhir/Patient/" + newId, upsert, bearer(token("patient/Patient.cru", newId)));

		assertThat(List.of(put, patched, pathPatched, inATransaction, upserted)).allSatisfy(response -> {
			assertThat(response.status()).as(response.body()).isEqualTo(403);
			assertThat(diagnostics(response)).contains("Patient.link");
		});
		org.hl7.fhir.r4.model.Patient stored = http.get("/fhir/Patient/" + patientE, bearer(admin))
				.as(org.hl7.fhir.r4.model.Patient.class);
		assertThat(stored.getLink()).isEmpty();
		assertThat(stored.getMeta().getVersionId()).isEqualTo("1");
		assertThat(http.get("/fhir/Patient/" + newId, bearer(admin)).status()).isEqualTo(404);

		// an MPI (a user/ scope) links; the patient then updates its record with the link as it is, and only so
		FhirHttp.Response mpi = http.put("/fhir/Patient/" + patientE, linked, bearer(token("user/Patient.cru", null)));
		assertThat(mpi.status()).as(mpi.body()).isEqualTo(200);
		org.hl7.fhir.r4.model.Patient keepsLink = http.get("/fhir/Patient/" + patientE, bearer(tokenE))
				.as(org.hl7.fhir.r4.model.Patient.class);
		keepsLink.addTelecom().setSystem(org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem.PHONE).setValue("555-0100");
		org.hl7.fhir.r4.model.Patient dropsLink = keepsLink.copy();
		dropsLink.getLink().clear();
		org.hl7.fhir.r4.model.Patient retypesLink = keepsLink.copy();
		retypesLink.getLinkFirstRep().setType(org.hl7.fhir.r4.model.Patient.LinkType.SEEALSO);

		FhirHttp.Response removed = http.put("/fhir/Patient/" + patientE, dropsLink, bearer(tokenE));
		FhirHttp.Response retyped = http.put("/fhir/Patient/" + patientE, retypesLink, bearer(tokenE));
		FhirHttp.Response kept = http.put("/fhir/Patient/" + patientE, keepsLink, bearer(tokenE));

		assertThat(removed.status()).as(removed.body()).isEqualTo(403);
		assertThat(retyped.status()).as(retyped.body()).isEqualTo(403);
		assertThat(kept.status()).as(kept.body()).isEqualTo(200);
		org.hl7.fhir.r4.model.Patient after = http.get("/fhir/Patient/" + patientE, bearer(admin))
				.as(org.hl7.fhir.r4.model.Patient.class);
		assertThat(after.getLink()).singleElement().satisfies(link -> {
			assertThat(link.getType()).isEqualTo(org.hl7.fhir.r4.model.Patient.LinkType.REPLACES);
			assertThat(link.getOther().getReference()).isEqualTo("Patient/" + patientB);
		});
		assertThat(after.getTelecomFirstRep().getValue()).isEqualTo("555-0100");
	}

	/**
	 * A conditional reference in a body ({@code "focus": [{"reference": "Patient?family=X"}]}) is resolved by HAPI with a
	 * search nothing narrows: a patient token learned whether any patient's data matched (201 naming B's id, 404 for
	 * none, 412 for several), one criterion at a time. A patient token's conditional reference is refused (403, one
	 * text) before anything is looked for, whatever it would match: in a create, an update, a JSON PATCH and a
	 * transaction entry, as {@code focus} or {@code hasMember}. Nothing is stored.
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource("conditionalReferences")
	void conditionalReferenceOfAPatientToken_isRefusedBeforeAnythingIsLookedFor_matchOrNot(String criteria) {
		String marker = "cref-" + RUN;
		String own = create(observation(patientA, "laboratory", marker + "-own", 1), tokenA());
		org.hl7.fhir.r4.model.Observation focus = observation(patientA, "laboratory", marker, 1);
		focus.addFocus(new org.hl7.fhir.r4.model.Reference(criteria));
		org.hl7.fhir.r4.model.Observation member = observation(patientA, "laboratory", marker, 1);
		member.addHasMember(new org.hl7.fhir.r4.model.Reference(criteria));
		org.hl7.fhir.r4.model.Observation update = focus.copy();
		update.setId(own);
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		transaction.addEntry().setResource(focus.copy()).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
		String patch = "[{\"op\":\"add\",\"path\":\"/focus\",\"value\":[{\"reference\":\""
				+ criteria.replace("\"", "\\\"") + "\"}]}]";

		List<FhirHttp.Response> responses = List.of(
				http.postResource("/fhir/Observation", focus, bearer(tokenA())),
				http.postResource("/fhir/Observation", member, bearer(tokenA())),
				http.put("/fhir/Observation/" + own, update, bearer(tokenA())),
				http.patch("/fhir/Observation/" + own, patch, "application/json-patch+json", bearer(tokenA())),
				http.postResource("/fhir", transaction, bearer(tokenA())));

		assertThat(responses).allSatisfy(response -> {
			assertThat(response.status()).as(response.body()).isEqualTo(403);
			assertThat(diagnostics(response)).startsWith("A conditional reference (Type?criteria)");
			assertThat(leaks(response)).isFalse();
		});
		assertThat(responses.stream().map(r -> diagnostics(r).replaceAll("search of every \\w+", "search of every T")
				.replaceAll("with \\w+\\.s", "with T.s")).distinct()).hasSize(1);
		Bundle stored = http.get("/fhir/Observation?code=" + CODES + "%7C" + marker, bearer(token("system/*.rs", null)))
				.as(Bundle.class);
		assertThat(stored.getEntry()).isEmpty();
		assertThat(http.get("/fhir/Observation/" + own, bearer(tokenA())).as(org.hl7.fhir.r4.model.Observation.class)
				.getMeta().getVersionId()).isEqualTo("1");
	}

	/** Criteria that match B's data, nothing, several resources; chains and a reverse chain. */
	static Stream<String> conditionalReferences() {
		return Stream.of(
				"Patient?family=Bravo" + RUN,
				"Patient?family=Nobody" + RUN,
				"Observation?code=" + CODES + "|" + B_MARKER,
				"Observation?code=" + CODES + "|no-such-code",
				"Observation?category=laboratory",
				"Condition?subject:Patient.family=Bravo" + RUN,
				"Patient?_has:Observation:subject:code=" + CODES + "|" + B_MARKER);
	}

	/**
	 * A {@code user/} or {@code system/} token that searches the referenced type without a filter still uses conditional
	 * references (HAPI resolves them to the match); one that may not search the type, or only part of it, is refused.
	 */
	@Test
	void conditionalReference_isResolvedForATokenThatSearchesEveryResourceOfTheType_andRefusedToOthers() {
		// patients of this test alone: an Observation of A naming B would be in A's $everything
		String admin = token("system/*.cruds", null);
		String subject = create(patient("Foxtrot"), admin);
		String target = create(patient("Golf"), admin);
		String criteria = "Patient?family=Golf" + RUN;
		org.hl7.fhir.r4.model.Observation focus = observation(subject, "laboratory", "cref-user-" + RUN, 1);
		focus.addFocus(new org.hl7.fhir.r4.model.Reference(criteria));

		FhirHttp.Response user = http.postResource("/fhir/Observation", focus, bearer(token("user/*.cruds", null)));
		FhirHttp.Response noPatientSearch = http.postResource("/fhir/Observation", focus,
				bearer(token("user/Observation.cruds user/Patient.r", null)));
		FhirHttp.Response filtered = http.postResource("/fhir/Observation", focus,
				bearer(token("user/Observation.cruds user/Patient.rs?gender=female", null)));

		assertThat(user.status()).as(user.body()).isEqualTo(201);
		assertThat(user.as(org.hl7.fhir.r4.model.Observation.class).getFocusFirstRep().getReference())
				.isEqualTo("Patient/" + target);
		assertThat(noPatientSearch.status()).as(noPatientSearch.body()).isEqualTo(403);
		assertThat(filtered.status()).as(filtered.body()).isEqualTo(403);
	}

	/**
	 * {@code $meta} answered another patient's Condition (version, date, tags, security labels: 200, where a read was
	 * 404, so it also told that it exists), the union of every patient's tags on a type or the server, and an
	 * Observation outside a fine-grained filter; a patient token's {@code $meta-delete} removed a clinic's security
	 * label. An instance's {@code $meta} is a read; a type's or the server's needs unfiltered search from a
	 * {@code user/} or {@code system/} scope; changing tags and labels needs a {@code user/} or {@code system/} scope that
	 * writes the resource.
	 */
	@Test
	void meta_isReadOnlyWhereTheResourceIsVisible_andChangedOnlyByAUserOrSystemScope() {
		String admin = token("system/*.cruds", null);
		org.hl7.fhir.r4.model.Condition labelled = condition(patientB, "problem-list-item", "meta-b-" + RUN);
		labelled.getMeta().addSecurity("http://terminology.hl7.org/CodeSystem/v3-ActCode", "ETH", null);
		labelled.getMeta().addTag("urn:somaxis-test-tags", "meta-tag-" + RUN, null);
		String conditionB = create(labelled, admin);
		org.hl7.fhir.r4.model.Condition ownLabelled = condition(patientA, "problem-list-item", "meta-a-" + RUN);
		ownLabelled.getMeta().addSecurity("http://terminology.hl7.org/CodeSystem/v3-ActCode", "ETH", null);
		String conditionA = create(ownLabelled, admin);
		String vitalA = create(observation(patientA, "vital-signs", "meta-vital-" + RUN, 60), admin);
		String labA = create(observation(patientA, "laboratory", "meta-lab-" + RUN, 6), admin);
		String labOnly = token("patient/Observation.rs?category=" + CATEGORY + "|laboratory", patientA);
		String patientRead = token("patient/*.rs", patientA);
		String change = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"meta\",\"valueMeta\":{"
				+ "\"security\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ActCode\",\"code\":\"ETH\"}]}}]}";

		FhirHttp.Response otherPatients = http.get("/fhir/Condition/" + conditionB + "/$meta", bearer(patientRead));
		FhirHttp.Response missing = http.get("/fhir/Condition/999999995/$meta", bearer(patientRead));
		FhirHttp.Response typeLevel = http.get("/fhir/Condition/$meta", bearer(patientRead));
		FhirHttp.Response serverLevel = http.get("/fhir/$meta", bearer(patientRead));
		FhirHttp.Response offFilter = http.get("/fhir/Observation/" + vitalA + "/$meta", bearer(labOnly));
		FhirHttp.Response onFilter = http.get("/fhir/Observation/" + labA + "/$meta", bearer(labOnly));
		FhirHttp.Response own = http.get("/fhir/Condition/" + conditionA + "/$meta", bearer(patientRead));
		FhirHttp.Response typeLevelOfAUser = http.get("/fhir/Condition/$meta", bearer(token("user/*.rs", null)));
		FhirHttp.Response labelRemoved = http.post("/fhir/Condition/" + conditionA + "/$meta-delete", change,
				FhirHttp.FHIR_JSON, bearer(tokenA()));
		FhirHttp.Response labelAdded = http.post("/fhir/Observation/" + labA + "/$meta-add", change, FhirHttp.FHIR_JSON,
				bearer(tokenA()));
		FhirHttp.Response userAdds = http.post("/fhir/Observation/" + labA + "/$meta-add", change, FhirHttp.FHIR_JSON,
				bearer(token("user/Observation.rus", null)));
		FhirHttp.Response filteredUserOffFilter = http.post("/fhir/Observation/" + vitalA + "/$meta-add", change,
				FhirHttp.FHIR_JSON, bearer(token("user/Observation.rus?category=" + CATEGORY + "|laboratory", null)));

		assertThat(otherPatients.status()).isEqualTo(404);
		assertThat(missing.status()).isEqualTo(404);
		assertThat(diagnostics(otherPatients).replace(conditionB, "ID"))
				.isEqualTo(diagnostics(missing).replace("999999995", "ID"));
		assertThat(otherPatients.body()).doesNotContain("ETH", "meta-tag-");
		assertThat(typeLevel.status()).as(typeLevel.body()).isEqualTo(403);
		assertThat(serverLevel.status()).as(serverLevel.body()).isIn(400, 403); // HAPI JPA here has no server $meta
		assertThat(serverLevel.body()).doesNotContain("meta-tag-");
		assertThat(offFilter.status()).isEqualTo(404);
		assertThat(onFilter.status()).as(onFilter.body()).isEqualTo(200);
		assertThat(own.status()).as(own.body()).isEqualTo(200);
		assertThat(own.body()).contains("ETH");
		assertThat(typeLevelOfAUser.status()).as(typeLevelOfAUser.body()).isEqualTo(200);
		assertThat(typeLevelOfAUser.body()).contains("meta-tag-" + RUN);
		assertThat(labelRemoved.status()).as(labelRemoved.body()).isEqualTo(403);
		assertThat(labelAdded.status()).as(labelAdded.body()).isEqualTo(403);
		assertThat(userAdds.status()).as(userAdds.body()).isEqualTo(200);
		assertThat(filteredUserOffFilter.status()).as(filteredUserOffFilter.body()).isEqualTo(404);
		assertThat(http.get("/fhir/Condition/" + conditionA, bearer(admin)).as(org.hl7.fhir.r4.model.Condition.class)
				.getMeta().getSecurity()).extracting(org.hl7.fhir.r4.model.Coding::getCode).contains("ETH");
		assertThat(http.get("/fhir/Observation/" + vitalA, bearer(admin)).as(org.hl7.fhir.r4.model.Observation.class)
				.getMeta().getSecurity()).isEmpty();
	}

	/**
	 * {@code $validate?mode=delete} of another patient's resource answered "Ok to delete" (200) or a 409 naming the first
	 * resource referring to it, where a DELETE answers 404, and 404 only for a missing one: it told which of B's
	 * resources exist and named them. It now needs what the DELETE needs and answers as it does; {@code mode=update}
	 * needs what a PATCH needs. On the token's own resources it still answers, and its 409 names no resource.
	 */
	@Test
	void validateOfAStoredResource_answersAsTheWriteItStandsFor_andNamesNoReferringResource() {
		String delete = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"mode\",\"valueCode\":\"delete\"}]}";
		String ownObservation = create(observation(patientA, "laboratory", "validate-own-" + RUN, 2), tokenA());
		org.hl7.fhir.r4.model.Parameters update = new org.hl7.fhir.r4.model.Parameters();
		update.addParameter().setName("resource").setResource(observation(patientA, "laboratory", "validate-u-" + RUN, 3)
				.setId(observationB));
		update.addParameter().setName("mode").setValue(new org.hl7.fhir.r4.model.CodeType("update"));

		FhirHttp.Response patientOfB = http.post("/fhir/Patient/" + patientB + "/$validate?mode=delete", delete,
				FhirHttp.FHIR_JSON, bearer(tokenA()));
		FhirHttp.Response deletePatientOfB = http.delete("/fhir/Patient/" + patientB, bearer(tokenA()));
		FhirHttp.Response observationOfB = http.post("/fhir/Observation/" + observationB + "/$validate?mode=delete", delete,
				FhirHttp.FHIR_JSON, bearer(tokenA()));
		FhirHttp.Response modeInTheBodyOnly = http.post("/fhir/Observation/" + observationB + "/$validate", delete,
				FhirHttp.FHIR_JSON, bearer(tokenA()));
		FhirHttp.Response missing = http.post("/fhir/Observation/999999994/$validate?mode=delete", delete,
				FhirHttp.FHIR_JSON, bearer(tokenA()));
		// R4 lets mode delete come without a body, which is answered as one with an empty Parameters
		FhirHttp.Response bodilessOfB = http.send("POST", "/fhir/Observation/" + observationB + "/$validate?mode=delete",
				bearer(tokenA()));
		FhirHttp.Response bodilessWithoutD = http.send("POST", "/fhir/Observation/" + ownObservation
				+ "/$validate?mode=delete", bearer(token("patient/*.cru", patientA)));
		FhirHttp.Response updateOfB = http.postResource("/fhir/Observation/" + observationB + "/$validate", update,
				bearer(tokenA()));
		FhirHttp.Response own = http.post("/fhir/Observation/" + ownObservation + "/$validate?mode=delete", delete,
				FhirHttp.FHIR_JSON, bearer(tokenA()));
		FhirHttp.Response ownPatient = http.post("/fhir/Patient/" + patientA + "/$validate?mode=delete", delete,
				FhirHttp.FHIR_JSON, bearer(tokenA()));
		FhirHttp.Response withoutD = http.post("/fhir/Observation/" + ownObservation + "/$validate?mode=delete", delete,
				FhirHttp.FHIR_JSON, bearer(token("patient/*.cru", patientA)));
		// the URL says update and the body delete: HAPI answers as a delete, so the delete's needs apply (it was 200)
		FhirHttp.Response updateOnTheUrlDeleteInTheBody = http.post("/fhir/Observation/" + ownObservation
				+ "/$validate?mode=update", delete, FhirHttp.FHIR_JSON, bearer(token("patient/*.cru", patientA)));

		assertThat(List.of(patientOfB, deletePatientOfB)).allSatisfy(r -> assertThat(r.status()).isEqualTo(404));
		assertThat(diagnostics(patientOfB)).isEqualTo(diagnostics(deletePatientOfB));
		assertThat(List.of(observationOfB, modeInTheBodyOnly, missing, updateOfB, bodilessOfB)).allSatisfy(r -> {
			assertThat(r.status()).as(r.body()).isEqualTo(404);
			assertThat(leaks(r)).isFalse();
		});
		assertThat(diagnostics(observationOfB).replace(observationB, "ID"))
				.isEqualTo(diagnostics(missing).replace("999999994", "ID"));
		assertThat(own.status()).as(own.body()).isEqualTo(200);
		assertThat(ownPatient.status()).as(ownPatient.body()).isEqualTo(409);
		assertThat(ownPatient.body()).doesNotContain("Observation/", "Condition/", observationA);
		assertThat(withoutD.status()).as(withoutD.body()).isEqualTo(403);
		assertThat(bodilessWithoutD.status()).as(bodilessWithoutD.body()).isEqualTo(403);
		assertThat(updateOnTheUrlDeleteInTheBody.status()).as(updateOnTheUrlDeleteInTheBody.body()).isEqualTo(403);
	}

	/**
	 * A transaction whose PATCH or PUT entry moved the token's own Observation to B answered 200, each entry "200 OK"
	 * with a new version, and stored the other entries while the forbidden one was dropped without a word. One forbidden
	 * entry refuses the whole transaction (403, nothing stored); in a batch that entry alone gets its refusal.
	 */
	@Test
	void forbiddenUpdateOrPatchEntry_refusesTheWholeTransaction_andOnlyItsOwnEntryInABatch() {
		String marker = "tx-move-" + RUN;
		String moved = create(observation(patientA, "laboratory", marker + "-moved", 1), tokenA());
		String benign = create(observation(patientA, "laboratory", marker + "-benign", 1), tokenA());
		String toB = "[{\"op\":\"replace\",\"path\":\"/subject/reference\",\"value\":\"Patient/" + patientB + "\"}]";
		String amend = "[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"amended\"}]";
		org.hl7.fhir.r4.model.Observation movedByPut = observation(patientB, "laboratory", marker + "-moved", 1);
		movedByPut.setId(moved);

		Bundle patchTransaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		patchTransaction.addEntry().setResource(observation(patientA, "laboratory", marker + "-created", 1))
				.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
		patchTransaction.addEntry().setResource(jsonPatch(amend)).getRequest().setMethod(Bundle.HTTPVerb.PATCH)
				.setUrl("Observation/" + benign);
		patchTransaction.addEntry().setResource(jsonPatch(toB)).getRequest().setMethod(Bundle.HTTPVerb.PATCH)
				.setUrl("Observation/" + moved);
		Bundle putTransaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		putTransaction.addEntry().setResource(observation(patientA, "laboratory", marker + "-created", 1))
				.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
		putTransaction.addEntry().setResource(movedByPut).getRequest().setMethod(Bundle.HTTPVerb.PUT)
				.setUrl("Observation/" + moved);
		Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
		batch.addEntry().setResource(jsonPatch(amend)).getRequest().setMethod(Bundle.HTTPVerb.PATCH)
				.setUrl("Observation/" + benign);
		batch.addEntry().setResource(jsonPatch(toB)).getRequest().setMethod(Bundle.HTTPVerb.PATCH)
				.setUrl("Observation/" + moved);
		batch.addEntry().setResource(movedByPut).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl("Observation/" + moved);

		AuditReplay audit = new AuditReplay("audit-replay-tx-move");
		String patchId = AuditReplay.newId();
		String putId = AuditReplay.newId();
		FhirHttp.Response patched = http.postResource("/fhir", patchTransaction,
				AuditReplay.withId(bearer(tokenA()), patchId));
		FhirHttp.Response put = http.postResource("/fhir", putTransaction,
				AuditReplay.withId(bearer(tokenA()), putId));
		String system = token("system/*.cruds", null);
		assertThat(patched.status()).as(patched.body()).isEqualTo(403);
		assertThat(put.status()).as(put.body()).isEqualTo(403);
		audit.sentAtMost(patchId, patched.status(), patientA, "transaction PATCH entry moving A's Observation to B");
		audit.sentAtMost(putId, put.status(), patientA, "transaction PUT entry moving A's Observation to B");
		assertThat(audit.check(daoRegistry, auditSink)).as("the refused transactions' AuditEvents").isEmpty();
		assertThat(http.get("/fhir/Observation?code=" + CODES + "%7C" + marker + "-created", bearer(system))
				.as(Bundle.class).getEntry()).isEmpty();
		assertThat(version(benign, system)).isEqualTo("1");
		assertThat(version(moved, system)).isEqualTo("1");

		FhirHttp.Response batched = http.postResource("/fhir", batch, bearer(tokenA()));

		assertThat(batched.status()).as(batched.body()).isEqualTo(200);
		List<Bundle.BundleEntryComponent> entries = batched.as(Bundle.class).getEntry();
		assertThat(entries.get(0).getResponse().getStatus()).startsWith("200");
		assertThat(entries.get(1).getResponse().getStatus()).matches("40[34].*");
		assertThat(entries.get(2).getResponse().getStatus()).matches("40[34].*");
		assertThat(version(benign, system)).isEqualTo("2");
		org.hl7.fhir.r4.model.Observation after = http.get("/fhir/Observation/" + moved, bearer(system))
				.as(org.hl7.fhir.r4.model.Observation.class);
		assertThat(after.getMeta().getVersionId()).isEqualTo("1");
		assertThat(after.getSubject().getReference()).isEqualTo("Patient/" + patientA);
	}

	private static org.hl7.fhir.r4.model.Binary jsonPatch(String operations) {
		return new org.hl7.fhir.r4.model.Binary().setContentType("application/json-patch+json")
				.setData(operations.getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	private String version(String observation, String token) {
		return http.get("/fhir/Observation/" + observation, bearer(token)).as(org.hl7.fhir.r4.model.Observation.class)
				.getMeta().getVersionId();
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

	// The cross-patient matrix (RELIABILITY.md §8 row 16): 2 patients × GET vectors × 10 types, plus writes.

	/**
	 * One of the matrix's two patients, its data seeded with ids of its own prefix, and what no token of the other may
	 * ever receive: its id prefix (every id of its data starts with it), its marker code and its family name.
	 */
	record Side(String name, String idPrefix, String marker, String family) {
		String id(String type) {
			return idPrefix + "-" + type;
		}

		String patient() {
			return id("Patient");
		}

		String identifier(String type) {
			return "ident-" + RUN + "-" + name + "-" + type;
		}

		List<String> secrets() {
			return List.of(idPrefix, marker, family);
		}
	}

	static final Side X = new Side("x", "cpm" + RUN + "x", "x-marker-" + RUN, "Xray" + RUN);
	static final Side Y = new Side("y", "cpm" + RUN + "y", "y-marker-" + RUN, "Yankee" + RUN);
	private static int matrixPort;

	/** Seeds X and Y (client-assigned ids, so every id carries its side's prefix), once per server. */
	private void seedMatrix() {
		synchronized (CrossPatientIT.class) {
			if (matrixPort == port) {
				return;
			}
			String admin = token("system/*.cruds", null);
			for (Side side : List.of(X, Y)) {
				for (String type : MATRIX_TYPES) {
					Resource resource = type.equals("Patient")
							? minimal(type, null, side.family(), side.identifier(type))
							: minimal(type, side.patient(), side.marker(), side.identifier(type));
					resource.setId(side.id(type));
					FhirHttp.Response response = http.put("/fhir/" + type + "/" + side.id(type), resource, bearer(admin));
					assertThat(response.status()).as(type + " " + response.body()).isIn(200, 201);
				}
			}
			matrixPort = port;
		}
	}

	private static Side other(Side side) {
		return side == X ? Y : X;
	}

	/** A request of the matrix: method, path (with query) and, for POST, a body and its content type. */
	record Probe(String method, String path, String body, String contentType) {
		static Probe get(String path) {
			return new Probe("GET", path, null, null);
		}

		String text() {
			return path + "\n" + (body == null ? "" : body);
		}
	}

	static final List<String> GET_VECTORS = List.of("read", "vread", "history", "search-patient", "search-subject",
			"search-code", "include", "revinclude", "has", "chain", "batch-read", "batch-search", "post-search", "everything");

	/** Whether {@code vector} exists for {@code type} ({@code subject} is not a search parameter of every type...). */
	static boolean applies(String vector, String type) {
		boolean patient = type.equals("Patient");
		return switch (vector) {
			case "search-subject" -> !patient && !type.equals("AllergyIntolerance") && !type.equals("Immunization");
			case "include", "revinclude", "has", "chain" -> !patient;
			case "everything" -> patient;
			default -> true;
		};
	}

	static Stream<Arguments> getVectorCells() {
		List<Arguments> cells = new ArrayList<>();
		for (String attacker : List.of("x", "y")) {
			for (String type : MATRIX_TYPES) {
				for (String vector : GET_VECTORS) {
					if (applies(vector, type)) {
						cells.add(Arguments.of(attacker, type, vector));
					}
				}
			}
		}
		return cells.stream();
	}

	private static String searchByPatient(String type, Side victim) {
		return type.equals("Patient") ? "Patient?_id=" + victim.patient() : type + "?patient=Patient/" + victim.patient();
	}

	private static String batch(String url) {
		Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
		batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl(url);
		return FhirHttp.FHIR.newJsonParser().encodeResourceToString(batch);
	}

	static Probe probe(String vector, String type, Side attacker, Side victim) {
		String base = "/fhir/" + type;
		String code = type.equals("Patient") ? victim.family() : CODES + "%7C" + victim.marker();
		return switch (vector) {
			case "read" -> Probe.get(base + "/" + victim.id(type));
			case "vread" -> Probe.get(base + "/" + victim.id(type) + "/_history/1");
			case "history" -> Probe.get(base + "/" + victim.id(type) + "/_history");
			case "search-patient" -> Probe.get("/fhir/" + searchByPatient(type, victim));
			case "search-subject" -> Probe.get(base + "?subject=Patient/" + victim.patient());
			case "search-code" -> Probe.get(base + "?" + codeParameter(type) + "=" + code);
			case "include" -> Probe.get(base + "?_id=" + victim.id(type) + "," + attacker.id(type) + "&_include=" + type + ":patient");
			case "revinclude" -> Probe.get("/fhir/Patient?_id=" + victim.patient() + "," + attacker.patient() + "&_revinclude="
					+ type + ":patient");
			case "has" -> Probe.get("/fhir/Patient?_has:" + type + ":patient:" + codeParameter(type) + "=" + code);
			case "chain" -> Probe.get(base + "?patient.family=" + victim.family());
			case "batch-read" -> new Probe("POST", "/fhir", batch(type + "/" + victim.id(type)), FhirHttp.FHIR_JSON);
			case "batch-search" -> new Probe("POST", "/fhir", batch(searchByPatient(type, victim)), FhirHttp.FHIR_JSON);
			case "post-search" -> new Probe("POST", base + "/_search", type.equals("Patient") ? "_id=" + victim.patient()
					: "patient=Patient/" + victim.patient(), "application/x-www-form-urlencoded");
			case "everything" -> Probe.get("/fhir/Patient/" + victim.patient() + "/$everything");
			default -> throw new IllegalArgumentException(vector);
		};
	}

	private FhirHttp.Response send(Probe probe, String token, String requestId) {
		String[] headers = AuditReplay.withId(bearer(token), requestId);
		return probe.method().equals("GET")
				? http.get(probe.path(), headers)
				: http.post(probe.path(), probe.body(), probe.contentType(), headers);
	}

	/**
	 * Full-body scan for the victim's data: its id prefix, marker and family name must not be anywhere in what the
	 * response returns as data (resources of a Bundle's entries, their fullUrl and response location, a returned
	 * resource, the Location headers). An OperationOutcome may only echo what the request itself said (a refusal may
	 * name the id the request asked for); a Bundle's links echo the request and are not scanned.
	 */
	static boolean leaksVictim(FhirHttp.Response response, Probe probe, Side victim) {
		StringBuilder data = new StringBuilder();
		StringBuilder echoes = new StringBuilder();
		for (String header : List.of("Location", "Content-Location")) {
			if (response.header(header) != null) {
				data.append(response.header(header)).append('\n');
			}
		}
		String body = response.body() == null ? "" : response.body();
		if (!body.isBlank()) {
			try {
				split(FhirHttp.FHIR.newJsonParser().parseResource(body), data, echoes);
			} catch (ca.uhn.fhir.parser.DataFormatException notFhir) {
				data.append(body);
			}
		}
		for (String secret : victim.secrets()) {
			if (data.indexOf(secret) >= 0 || (echoes.indexOf(secret) >= 0 && !probe.text().contains(secret))) {
				return true;
			}
		}
		return false;
	}

	private static void split(IBaseResource resource, StringBuilder data, StringBuilder echoes) {
		if (resource instanceof OperationOutcome) {
			echoes.append(FhirHttp.FHIR.newJsonParser().encodeResourceToString(resource)).append('\n');
			return;
		}
		if (resource instanceof Bundle bundle) {
			for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
				data.append(entry.getFullUrl()).append('\n').append(entry.getResponse().getLocation()).append('\n');
				if (entry.getResponse().getOutcome() != null) {
					split(entry.getResponse().getOutcome(), data, echoes);
				}
				if (entry.getResource() != null) {
					split(entry.getResource(), data, echoes);
				}
			}
			return;
		}
		data.append(FhirHttp.FHIR.newJsonParser().encodeResourceToString(resource)).append('\n');
	}

	/**
	 * Every GET vector, both directions: a {@code patient/*.cruds} token of one patient against the other's data. Reads
	 * of the other's resource (read, vread, history, $everything) are 404 as for a resource that does not exist
	 * (docs/security.md); every other vector answers 200 or 4xx; no response carries anything of the other patient.
	 */
	@ParameterizedTest(name = "{0} attacks, {1} {2}")
	@MethodSource("getVectorCells")
	void crossPatientMatrix_noGetVectorReturnsTheOtherPatientsData(String attackerName, String type, String vector) {
		seedMatrix();
		Side attacker = attackerName.equals("x") ? X : Y;
		Side victim = other(attacker);
		Probe probe = probe(vector, type, attacker, victim);
		String requestId = AuditReplay.newId();
		long start = System.nanoTime();
		FhirHttp.Response response = send(probe, token("patient/*.cruds", attacker.patient()), requestId);
		long millis = (System.nanoTime() - start) / 1_000_000;
		int status = response.status();
		boolean instanceRead = List.of("read", "vread", "history", "everything").contains(vector);
		boolean statusOk = instanceRead ? status == 404 : status == 200 || (status >= 400 && status < 500 && status != 401);
		boolean leak = leaksVictim(response, probe, victim);
		LINE.record(status, millis, leak || !statusOk);
		AUDIT.sentAtMost(requestId, status, attacker.patient(), attackerName + " " + vector + " " + type);
		assertThat(leak).as(vector + " " + type + " leaked " + victim.name() + "'s data: " + response.body()).isFalse();
		assertThat(statusOk).as(vector + " " + type + ": " + status + " " + response.body()).isTrue();
	}

	/** The control of the matrix: the same token reads and finds its own patient's data of every type. */
	@ParameterizedTest(name = "{0}")
	@MethodSource("matrixTypes")
	void crossPatientMatrix_ownDataIsVisible(String type) {
		seedMatrix();
		for (Side side : List.of(X, Y)) {
			String token = token("patient/*.cruds", side.patient());
			FhirHttp.Response read = http.get("/fhir/" + type + "/" + side.id(type), bearer(token));
			FhirHttp.Response search = http.get("/fhir/" + searchByPatient(type, side), bearer(token));
			assertThat(read.status()).as(read.body()).isEqualTo(200);
			assertThat(read.body()).contains(side.id(type));
			assertThat(search.status()).as(search.body()).isEqualTo(200);
			assertThat(search.as(Bundle.class).getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
					.contains(side.id(type));
		}
	}

	static Stream<String> matrixTypes() {
		return MATRIX_TYPES.stream();
	}

	static final List<String> WRITES = List.of("create-into-other", "update-other", "update-steal", "conditional-update",
			"conditional-create");

	static Stream<Arguments> writeCells() {
		List<Arguments> cells = new ArrayList<>();
		for (String attacker : List.of("x", "y")) {
			for (String type : MATRIX_TYPES) {
				for (String write : WRITES) {
					cells.add(Arguments.of(attacker, type, write));
				}
			}
		}
		return cells.stream();
	}

	/**
	 * Every write, both directions, per type: a create into the other's compartment (for Patient: any new Patient, which
	 * is outside the token's compartment) is 403; an update of the other's resource, keeping it the other's or moving it
	 * into the token's compartment, is 403 or 404; a conditional update or create whose criteria (the other's
	 * identifier) match only the other's resource never touches it: the criteria are narrowed to the token's patient,
	 * so it creates the token's own resource (2xx; for Patient 4xx) or is refused. Afterwards the other's resource is
	 * unchanged (still version 1), and no response names it or carries its data.
	 */
	@ParameterizedTest(name = "{0} attacks, {1} {2}")
	@MethodSource("writeCells")
	void crossPatientMatrix_noWriteReachesTheOtherPatientsCompartment(String attackerName, String type, String write) {
		seedMatrix();
		Side attacker = attackerName.equals("x") ? X : Y;
		Side victim = other(attacker);
		String token = token("patient/*.cruds", attacker.patient());
		String base = "/fhir/" + type;
		boolean patient = type.equals("Patient");
		Resource body = switch (write) {
			case "create-into-other" -> minimal(type, victim.patient(), patient ? "Into" + RUN : "into-" + RUN, null);
			case "update-other" -> minimal(type, victim.patient(), patient ? victim.family() : victim.marker(), victim.identifier(type));
			case "update-steal" -> minimal(type, attacker.patient(), patient ? "Steal" + RUN : "steal-" + RUN, null);
			default -> minimal(type, attacker.patient(), patient ? "Cond" + RUN : "cond-" + RUN, victim.identifier(type));
		};
		if (write.startsWith("update-")) {
			body.setId(victim.id(type));
			body.setLanguage("en");
		}
		String criteria = "identifier=" + IDENTIFIERS + "%7C" + victim.identifier(type);
		String encoded = FhirHttp.FHIR.newJsonParser().encodeResourceToString(body);
		Probe probe = switch (write) {
			case "create-into-other", "conditional-create" -> new Probe("POST", base, encoded, FhirHttp.FHIR_JSON);
			case "conditional-update" -> new Probe("PUT", base + "?" + criteria, encoded, FhirHttp.FHIR_JSON);
			default -> new Probe("PUT", base + "/" + victim.id(type), encoded, FhirHttp.FHIR_JSON);
		};
		String requestId = AuditReplay.newId();
		String[] headers = AuditReplay.withId(bearer(token), requestId);
		long start = System.nanoTime();
		FhirHttp.Response response = switch (write) {
			case "create-into-other" -> http.postResource(base, body, headers);
			case "conditional-create" -> http.postResource(base, body, AuditReplay.with(headers, "If-None-Exist", criteria));
			default -> http.put(probe.path(), body, headers);
		};
		long millis = (System.nanoTime() - start) / 1_000_000;
		int status = response.status();
		boolean statusOk = switch (write) {
			case "create-into-other" -> status == 403;
			case "update-other", "update-steal" -> status == 403 || status == 404;
			default -> patient ? status >= 400 && status < 500 : (status >= 200 && status < 300) || (status >= 400 && status < 500);
		};
		boolean leak = leaksVictim(response, probe, victim);
		FhirHttp.Response stored = http.get(base + "/" + victim.id(type), bearer(token("system/*.cruds", null)));
		boolean untouched = stored.status() == 200
				&& "1".equals(FhirHttp.FHIR.newJsonParser().parseResource(stored.body()).getMeta().getVersionId())
				&& stored.body().contains(patient ? victim.family() : victim.marker());
		LINE.record(status, millis, !statusOk || leak || !untouched);
		AUDIT.sentAtMost(requestId, status, attacker.patient(), attackerName + " " + write + " " + type);
		assertThat(leak).as(write + " " + type + " leaked " + victim.name() + "'s data: " + response.body()).isFalse();
		assertThat(untouched).as(write + " " + type + " changed " + victim.name() + "'s resource: " + stored.body()).isTrue();
		assertThat(statusOk).as(write + " " + type + ": " + status + " " + response.body()).isTrue();
	}
}
