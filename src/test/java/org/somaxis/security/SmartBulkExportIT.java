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
		assertThat(http.get(binaryPath + "/_history", bearer(bravo)).status()).isIn(200, 404);
		assertThat(http.get(binaryPath + "/_history", bearer(bravo)).body()).doesNotContain("\"data\"");
		assertThat(http.get("/fhir/Binary", bearer(bravo)).body()).doesNotContain(binaryPath.substring("/fhir/".length()));
		assertThat(http.delete(binaryPath, bearer(bravoWriter)).status()).isIn(403, 404);
		assertThat(http.get(file, bearer(alpha)).status()).isEqualTo(200);
	}
}
