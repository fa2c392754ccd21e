package org.somaxis.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.somaxis.support.FhirHttp;

/**
 * Bulk export in smart mode: the export holds only the types the token's {@code system/} scopes read, and a job and its
 * files belong to the client that started it. A probe found that a client with one Observation scope exported
 * AuditEvents, that identical kickoffs by two clients shared one job either could cancel, and that any
 * {@code system/Binary.r} token downloaded every export file.
 */
class SmartBulkExportIT extends SmartServer {
	private static final Pattern OUTPUT = Pattern.compile("\"type\"\\s*:\\s*\"(\\w+)\"\\s*,\\s*\"url\"\\s*:\\s*\"([^\"]+)\"");

	private FhirHttp.Response kickoff(String path, String token) {
		return http.get(path, "Authorization", "Bearer " + token, "Prefer", "respond-async", "Accept", FhirHttp.FHIR_JSON);
	}

	/** Polls until the job is done; returns the manifest's output as (type, url) pairs. */
	private List<String[]> finish(String poll, String token) throws InterruptedException {
		FhirHttp.Response status = http.get(poll, bearer(token));
		Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
		while (status.status() == 202 && Instant.now().isBefore(deadline)) {
			Thread.sleep(1000);
			status = http.get(poll, bearer(token));
		}
		assertThat(status.status()).as(status.body()).isEqualTo(200);
		List<String[]> output = new ArrayList<>();
		Matcher m = OUTPUT.matcher(status.body());
		while (m.find()) {
			output.add(new String[] {m.group(1), m.group(2)});
		}
		return output;
	}

	@Test
	void typesNamedInTypeThatTheTokenCannotRead_areRefused_namingTheMissingScopes() {
		String token = token("system/Patient.rs system/Observation.rs?category=laboratory", null);

		FhirHttp.Response refused = kickoff("/fhir/$export?_type=Patient,Observation,AuditEvent", token);
		FhirHttp.Response allowed = kickoff("/fhir/$export?_type=Patient", token);

		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.body()).contains("system/Observation.rs").contains("system/AuditEvent.rs")
				.doesNotContain("system/Patient.rs");
		assertThat(allowed.status()).isEqualTo(202);
	}

	@Test
	void exportWithoutType_holdsOnlyTheTypesTheTokenReads() throws InterruptedException {
		String token = token("system/Patient.rs system/Condition.rs", null, "client-types");
		FhirHttp.Response kickoff = kickoff("/fhir/$export", token);
		assertThat(kickoff.status()).as(kickoff.body()).isEqualTo(202);

		List<String[]> output = finish(kickoff.header("Content-Location"), token("system/*.rs", null, "client-types"));

		assertThat(output).extracting(o -> o[0]).contains("Patient", "Condition").containsOnly("Patient", "Condition");
	}

	@Test
	void wildcardExportWithoutType_holdsNoAuditEvents() throws InterruptedException {
		String token = token("system/*.rs", null, "client-wildcard");
		FhirHttp.Response kickoff = kickoff("/fhir/$export", token);
		assertThat(kickoff.status()).as(kickoff.body()).isEqualTo(202);

		List<String[]> output = finish(kickoff.header("Content-Location"), token);

		assertThat(output).extracting(o -> o[0]).contains("Patient", "Observation").doesNotContain("AuditEvent");
	}

	@Test
	void aJobAndItsFiles_belongToTheClientThatStartedIt() throws InterruptedException {
		String alpha = token("system/*.rs", null, "client-alpha");
		String bravo = token("system/*.rs", null, "client-bravo");
		String bravoWriter = token("system/*.cruds", null, "client-bravo");

		FhirHttp.Response alphaKickoff = kickoff("/fhir/$export?_type=Patient&_outputFormat=application/fhir%2Bndjson", alpha);
		FhirHttp.Response bravoKickoff = kickoff("/fhir/$export?_type=Patient&_outputFormat=application/fhir%2Bndjson", bravo);
		String alphaPoll = alphaKickoff.header("Content-Location");
		String bravoPoll = bravoKickoff.header("Content-Location");

		assertThat(alphaKickoff.status()).isEqualTo(202);
		assertThat(bravoKickoff.status()).isEqualTo(202);
		assertThat(alphaPoll).isNotEqualTo(bravoPoll);
		assertThat(http.get(alphaPoll, bearer(bravo)).status()).isEqualTo(404);
		assertThat(http.delete(alphaPoll, bearer(bravo)).status()).isEqualTo(404);

		List<String[]> output = finish(alphaPoll, alpha);
		assertThat(output).isNotEmpty();
		String file = output.get(0)[1];
		String binaryPath = "/fhir/Binary/" + file.substring(file.lastIndexOf("Binary/") + "Binary/".length());

		assertThat(http.get(file, bearer(alpha)).status()).isEqualTo(200);
		assertThat(http.get(file, bearer(bravo)).status()).isEqualTo(404);
		FhirHttp.Response history = http.get(binaryPath + "/_history", bearer(bravo));
		FhirHttp.Response search = http.get("/fhir/Binary", bearer(bravo));
		assertThat(history.status()).isEqualTo(404);
		assertThat(history.body()).doesNotContain("\"data\"");
		assertThat(search.status()).isEqualTo(200);
		assertThat(search.body()).doesNotContain(binaryPath.substring("/fhir/".length()));
		assertThat(http.delete(binaryPath, bearer(bravoWriter)).status()).isIn(403, 404);
		assertThat(http.get(file, bearer(alpha)).status()).isEqualTo(200);
	}

	/**
	 * The owner check read one _jobId while HAPI acted on another: a second _jobId naming the caller's own job, or the
	 * id in a POSTed Parameters body, let another client read the manifest and cancel the job. Several ids, or none
	 * (HAPI answered 500), are a 400; another client's job is unknown, with the text of a job that does not exist.
	 */
	@Test
	void pollingAnotherClientsJob_byASecondJobIdOrAParametersBody_isRefused() throws InterruptedException {
		String alpha = token("system/*.rs", null, "client-poll-alpha");
		String bravo = token("system/*.rs", null, "client-poll-bravo");
		String alphaPoll = kickoff("/fhir/$export?_type=Patient", alpha).header("Content-Location");
		String bravoPoll = kickoff("/fhir/$export?_type=Patient", bravo).header("Content-Location");
		String alphaJob = alphaPoll.substring(alphaPoll.indexOf("_jobId=") + "_jobId=".length());
		String bravoJob = bravoPoll.substring(bravoPoll.indexOf("_jobId=") + "_jobId=".length());
		String body = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"_jobId\",\"valueString\":\""
				+ alphaJob + "\"}]}";

		FhirHttp.Response twoIds = http.get("/fhir/$export-poll-status?_jobId=" + alphaJob + "&_jobId=" + bravoJob, bearer(bravo));
		FhirHttp.Response cancelTwo = http.delete("/fhir/$export-poll-status?_jobId=" + alphaJob + "&_jobId=" + bravoJob,
				bearer(bravo));
		FhirHttp.Response posted = http.post("/fhir/$export-poll-status", body, FhirHttp.FHIR_JSON, bearer(bravo));
		FhirHttp.Response none = http.get("/fhir/$export-poll-status", bearer(bravo));
		FhirHttp.Response foreign = http.get("/fhir/$export-poll-status?_jobId=" + alphaJob, bearer(bravo));
		FhirHttp.Response missing = http.get("/fhir/$export-poll-status?_jobId=" + java.util.UUID.randomUUID(), bearer(bravo));

		assertThat(twoIds.status()).isEqualTo(400);
		assertThat(cancelTwo.status()).isEqualTo(400);
		assertThat(posted.status()).isEqualTo(404);
		assertThat(none.status()).isEqualTo(400);
		assertThat(foreign.status()).isEqualTo(404);
		assertThat(diagnostics(foreign).replace(alphaJob, "ID"))
				.isEqualTo(diagnostics(missing).replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "ID"));
		assertThat(finish(alphaPoll, alpha)).isNotEmpty();
	}

	/**
	 * HAPI reused a Binary search of one client for another within a minute, so an export file the owner's search had
	 * found came back to another client's identical search. Binary searches are never reused between clients now.
	 */
	@Test
	void anotherClientsIdenticalBinarySearch_neverGetsTheOwnersExportFile() throws InterruptedException {
		String owner = token("system/*.rs", null, "client-reuse-owner");
		String other = token("system/*.rs", null, "client-reuse-other");
		List<String[]> output = finish(kickoff("/fhir/$export?_type=Patient", owner).header("Content-Location"), owner);
		String file = output.get(0)[1];
		String id = file.substring(file.lastIndexOf("Binary/") + "Binary/".length());

		FhirHttp.Response ownerSearch = http.get("/fhir/Binary?_id=" + id, bearer(owner));
		FhirHttp.Response otherSearch = http.get("/fhir/Binary?_id=" + id, bearer(other));

		assertThat(ownerSearch.body()).contains(id);
		assertThat(otherSearch.status()).isEqualTo(200);
		assertThat(otherSearch.body()).doesNotContain("\"data\"").doesNotContain("client-reuse-owner");
	}

	/** A _typeFilter is criteria too: one that looks into a type the token cannot export is refused. */
	@Test
	void typeFilterLookingIntoATypeTheTokenCannotRead_isRefused() {
		String token = token("system/Observation.rs", null, "client-typefilter");
		String filter = java.net.URLEncoder.encode("Observation?patient:Patient._has:Condition:subject:code=254837009",
				java.nio.charset.StandardCharsets.UTF_8);

		FhirHttp.Response refused = kickoff("/fhir/$export?_type=Observation&_typeFilter=" + filter, token);

		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.body()).contains("Condition");
	}

	/**
	 * The client that started an export downloads its files with the token it exported with, as Bulk Data clients do;
	 * a Binary scope is not needed for its own files (it was, so a client with system/Patient.rs could not fetch them).
	 */
	@Test
	void theOwnerDownloadsItsFiles_withoutABinaryScope() throws InterruptedException {
		String token = token("system/Patient.rs", null, "client-no-binary");
		List<String[]> output = finish(kickoff("/fhir/$export?_type=Patient", token).header("Content-Location"), token);

		assertThat(http.get(output.get(0)[1], bearer(token)).status()).isEqualTo(200);
		assertThat(http.get(output.get(0)[1], bearer(token("system/Patient.rs", null, "client-not-owner"))).status())
				.isIn(403, 404);
	}

	private static String diagnostics(FhirHttp.Response response) {
		return response.as(org.hl7.fhir.r4.model.OperationOutcome.class).getIssueFirstRep().getDiagnostics();
	}
}
