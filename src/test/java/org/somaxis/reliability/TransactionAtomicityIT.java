package org.somaxis.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * RELIABILITY.md §8 row 5: transaction Bundles of 5–20 valid entries with one poisoned entry each. Every bundle
 * must be refused whole (4xx with an OperationOutcome) and nothing of it may be stored: no resource carrying the
 * bundle's tag, by SQL or by search, and the store's fingerprint unchanged.
 */
class TransactionAtomicityIT extends ReliabilityServer {
	private static final String TAG_SYSTEM = "http://somaxis.org/fhir/sid/reliability-tag";
	private static final long SEED = Long.getLong("reliability.seed", 20261201L);

	enum Poison {
		UNRESOLVABLE_REFERENCE,
		STALE_IF_MATCH,
		DUPLICATE_FULL_URL,
		MULTIPLE_MATCH_CONDITIONAL,
		INVALID_PRIMITIVE,
		PROFILE_VIOLATION,
		UNKNOWN_RESOURCE_TYPE
	}

	@Test
	void poisonedTransactions_storeNothing() {
		seedSharedResources();
		int bundles = 50 * ReliabilityReport.SCALE;
		Random random = new Random(SEED);
		String before = store.fingerprint();
		List<String> tags = new ArrayList<>();

		ReliabilityReport report = ReliabilityReport.start("poisoned-transactions");
		for (int i = 0; i < bundles; i++) {
			String tag = "poison-" + UUID.randomUUID();
			tags.add(tag);
			Poison poison = Poison.values()[i % Poison.values().length];
			String bundle = poisonedBundle(random, tag, 5 + random.nextInt(16), poison);
			RawHttp.Reply reply = RawHttp.send(port, "POST", "/fhir", HostileCorpus.headers(HostileCorpus.JSON), HostileCorpus.bytes(bundle));
			report.answered(reply.status(), reply.latencyMs());
			if (reply.status() < 400 || reply.status() >= 500) {
				report.violation(poison + " answered " + reply.status() + ": " + RawHttp.abbreviate(reply.body()));
			} else if (!reply.isOperationOutcome()) {
				report.violation(poison + " answered " + reply.status() + " without an OperationOutcome");
			}
			if (poison == Poison.STALE_IF_MATCH && reply.status() != 412) {
				report.violation("stale If-Match in a transaction answered " + reply.status() + ", not 412");
			}
		}
		for (String tag : tags) {
			long stored = store.countTagged(tag);
			if (stored > 0) {
				report.violation(tag + ": " + stored + " resources of a refused bundle were stored (partial bundle)");
			}
		}
		RawHttp.Reply search = RawHttp.send(port, "GET", "/fhir/Patient?_tag=" + TAG_SYSTEM + "%7C" + tags.get(0) + "&_summary=count",
				HostileCorpus.headers(null), null);
		if (!search.body().contains("\"total\":0")) {
			report.violation("search finds resources of a refused bundle: " + RawHttp.abbreviate(search.body()));
		}
		boolean same = before.equals(store.fingerprint());
		report.fingerprint(same);
		report.finish();

		assertThat(report.violations()).isEmpty();
		assertThat(same).isTrue();
	}

	private void seedSharedResources() {
		RawHttp.send(port, "PUT", "/fhir/Patient/atomicity-shared", HostileCorpus.headers(HostileCorpus.JSON),
				HostileCorpus.bytes("{\"resourceType\":\"Patient\",\"id\":\"atomicity-shared\",\"active\":true}"));
		for (String id : List.of("atomicity-twin-a", "atomicity-twin-b")) {
			RawHttp.send(port, "PUT", "/fhir/Patient/" + id, HostileCorpus.headers(HostileCorpus.JSON),
					HostileCorpus.bytes("{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"identifier\":[{\"system\":"
							+ "\"http://somaxis.org/fhir/sid/reliability\",\"value\":\"twin\"}]}"));
		}
	}

	private static String poisonedBundle(Random random, String tag, int entries, Poison poison) {
		List<String> list = new ArrayList<>();
		String patientUrl = "urn:uuid:" + UUID.randomUUID();
		list.add(entry(patientUrl, "{\"resourceType\":\"Patient\"," + meta(tag) + ",\"gender\":\"male\",\"birthDate\":\"1980-01-01\"}",
				"POST", "Patient", null));
		for (int i = 1; i < entries - 1; i++) {
			list.add(entry("urn:uuid:" + UUID.randomUUID(), "{\"resourceType\":\"Observation\"," + meta(tag)
					+ ",\"status\":\"final\",\"code\":{\"text\":\"note " + random.nextInt(1000) + "\"},\"subject\":{\"reference\":\""
					+ patientUrl + "\"},\"valueString\":\"v" + i + "\"}", "POST", "Observation", null));
		}
		String poisoned = switch (poison) {
			case UNRESOLVABLE_REFERENCE -> entry("urn:uuid:" + UUID.randomUUID(), "{\"resourceType\":\"Observation\"," + meta(tag)
					+ ",\"status\":\"final\",\"code\":{\"text\":\"x\"},\"subject\":{\"reference\":\"Patient/does-not-exist-"
					+ UUID.randomUUID() + "\"}}", "POST", "Observation", null);
			case STALE_IF_MATCH -> entry("Patient/atomicity-shared", "{\"resourceType\":\"Patient\",\"id\":\"atomicity-shared\","
					+ meta(tag) + ",\"active\":false}", "PUT", "Patient/atomicity-shared", "\"ifMatch\":\"W/\\\"999\\\"\"");
			case DUPLICATE_FULL_URL -> entry(patientUrl, "{\"resourceType\":\"Patient\"," + meta(tag) + "}", "POST", "Patient", null);
			case MULTIPLE_MATCH_CONDITIONAL -> entry("urn:uuid:" + UUID.randomUUID(), "{\"resourceType\":\"Patient\"," + meta(tag) + "}",
					"POST", "Patient", "\"ifNoneExist\":\"identifier=http://somaxis.org/fhir/sid/reliability|twin\"");
			case INVALID_PRIMITIVE -> entry("urn:uuid:" + UUID.randomUUID(), "{\"resourceType\":\"Patient\"," + meta(tag)
					+ ",\"birthDate\":\"2023-02-30\"}", "POST", "Patient", null);
			case PROFILE_VIOLATION -> entry("urn:uuid:" + UUID.randomUUID(), "{\"resourceType\":\"Observation\"," + meta(tag)
					+ ",\"code\":{\"text\":\"no status\"}}", "POST", "Observation", null);
			case UNKNOWN_RESOURCE_TYPE -> entry("urn:uuid:" + UUID.randomUUID(), "{\"resourceType\":\"Observation\"," + meta(tag)
					+ ",\"status\":\"final\",\"code\":{\"text\":\"x\"}}", "POST", "Foo", null);
		};
		list.add(random.nextInt(list.size() + 1), poisoned);
		return "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[" + String.join(",", list) + "]}";
	}

	private static String meta(String tag) {
		return "\"meta\":{\"tag\":[{\"system\":\"" + TAG_SYSTEM + "\",\"code\":\"" + tag + "\"}]}";
	}

	private static String entry(String fullUrl, String resource, String method, String url, String extra) {
		return "{\"fullUrl\":\"" + fullUrl + "\",\"resource\":" + resource + ",\"request\":{\"method\":\"" + method + "\",\"url\":\""
				+ url + "\"" + (extra == null ? "" : "," + extra) + "}}";
	}
}
