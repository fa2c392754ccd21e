package org.somaxis.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * RELIABILITY.md §8 row 9: a random create / reference / delete workload. Deleting a referenced resource gets
 * 409 with an OperationOutcome; circular {@code urn:uuid} transactions and self-referencing ones (the stack
 * overflow of the outside run) resolve; no stored link points at a missing or deleted resource.
 */
class ReferentialIntegrityIT extends ReliabilityServer {
	private static final Pattern LOCATION_ID = Pattern.compile("/(Patient|Observation)/([A-Za-z0-9\\-.]+)/_history");
	private static final long SEED = Long.getLong("reliability.seed", 20261201L);

	@Test
	void referencedResourcesCannotBeDeleted_andCircularBundlesResolve() {
		Random random = new Random(SEED);
		int operations = 200 * ReliabilityReport.SCALE;
		List<String> patients = new ArrayList<>();
		List<String> observations = new ArrayList<>();
		ReliabilityReport report = ReliabilityReport.start("referential-integrity");

		for (int op = 0; op < operations; op++) {
			int choice = patients.isEmpty() ? 0 : random.nextInt(10);
			if (choice <= 2) {
				RawHttp.Reply created = send("POST", "/fhir/Patient", "{\"resourceType\":\"Patient\",\"active\":true}");
				report.answered(created.status(), created.latencyMs());
				expect(report, created, 201, "create Patient");
				patients.add(idOf(created));
			} else if (choice <= 5) {
				String patient = patients.get(random.nextInt(patients.size()));
				RawHttp.Reply created = send("POST", "/fhir/Observation", "{\"resourceType\":\"Observation\",\"status\":\"final\","
						+ "\"code\":{\"text\":\"ri\"},\"subject\":{\"reference\":\"Patient/" + patient + "\"},\"valueString\":\"x\"}");
				report.answered(created.status(), created.latencyMs());
				// the patient may have been deleted: then the reference is refused (400/404/409/422), never stored
				if (created.status() == 201) {
					observations.add(idOf(created) + "->" + patient);
				} else if (created.status() >= 500 || !created.isOperationOutcome()) {
					report.violation("create Observation answered " + created.status() + ": " + RawHttp.abbreviate(created.body()));
				}
			} else if (choice <= 7 && !observations.isEmpty()) {
				String observation = observations.remove(random.nextInt(observations.size())).split("->")[0];
				RawHttp.Reply deleted = RawHttp.send(port, "DELETE", "/fhir/Observation/" + observation, HostileCorpus.headers(null), null);
				report.answered(deleted.status(), deleted.latencyMs());
				expect(report, deleted, 200, "delete Observation");
			} else {
				String patient = patients.get(random.nextInt(patients.size()));
				boolean referenced = observations.stream().anyMatch(o -> o.endsWith("->" + patient));
				RawHttp.Reply deleted = RawHttp.send(port, "DELETE", "/fhir/Patient/" + patient, HostileCorpus.headers(null), null);
				report.answered(deleted.status(), deleted.latencyMs());
				if (referenced) {
					expect(report, deleted, 409, "delete of a referenced Patient");
				} else if (deleted.status() == 200) {
					patients.remove(patient);
				} else {
					report.violation("delete of an unreferenced Patient answered " + deleted.status());
				}
			}
		}
		for (int i = 0; i < 10 * ReliabilityReport.SCALE; i++) {
			RawHttp.Reply circular = send("POST", "/fhir", circularTransaction());
			report.answered(circular.status(), circular.latencyMs());
			expect(report, circular, 200, "circular urn:uuid transaction");
			RawHttp.Reply self = send("POST", "/fhir", selfReferencingTransaction());
			report.answered(self.status(), self.latencyMs());
			expect(report, self, 200, "self-referencing transaction");
		}
		store.danglingLinks().forEach(link -> report.violation("dangling link " + link));
		report.finish();

		assertThat(report.violations()).isEmpty();
		assertThat(report.serverErrors()).isZero();
	}

	@Test
	void selfReferencingTransaction_storesAReferenceToTheNewResourceItself() {
		RawHttp.Reply reply = send("POST", "/fhir", selfReferencingTransaction());
		assertThat(reply.status()).as(reply.body()).isEqualTo(200);
		Matcher location = Pattern.compile("\"location\"\\s*:\\s*\"(Observation/[^/\"]+)").matcher(reply.body());
		assertThat(location.find()).isTrue();
		RawHttp.Reply stored = RawHttp.send(port, "GET", "/fhir/" + location.group(1), HostileCorpus.headers(null), null);
		assertThat(stored.body()).contains("\"reference\":\"" + location.group(1) + "\"");
	}

	private void expect(ReliabilityReport report, RawHttp.Reply reply, int status, String what) {
		if (reply.status() != status) {
			report.violation(what + " answered " + reply.status() + " (expected " + status + "): " + RawHttp.abbreviate(reply.body()));
		} else if (status >= 400 && !reply.isOperationOutcome()) {
			report.violation(what + " answered " + status + " without an OperationOutcome");
		}
	}

	private RawHttp.Reply send(String method, String target, String json) {
		return RawHttp.send(port, method, target, HostileCorpus.headers(HostileCorpus.JSON), HostileCorpus.bytes(json));
	}

	private static String idOf(RawHttp.Reply created) {
		Matcher matcher = LOCATION_ID.matcher(created.headers().getOrDefault("location", ""));
		if (!matcher.find()) {
			throw new IllegalStateException("No Location in " + created.headers());
		}
		return matcher.group(2);
	}

	private static String circularTransaction() {
		String a = "urn:uuid:" + UUID.randomUUID();
		String b = "urn:uuid:" + UUID.randomUUID();
		return "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
				+ "{\"fullUrl\":\"" + a + "\",\"resource\":{\"resourceType\":\"Patient\",\"link\":[{\"other\":{\"reference\":\"" + b
				+ "\"},\"type\":\"seealso\"}]},\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}},"
				+ "{\"fullUrl\":\"" + b + "\",\"resource\":{\"resourceType\":\"Patient\",\"link\":[{\"other\":{\"reference\":\"" + a
				+ "\"},\"type\":\"seealso\"}]},\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}}]}";
	}

	private static String selfReferencingTransaction() {
		String self = "urn:uuid:" + UUID.randomUUID();
		return "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"fullUrl\":\"" + self + "\",\"resource\":"
				+ "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"},\"hasMember\":[{\"reference\":\""
				+ self + "\"}]},\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}]}";
	}
}
