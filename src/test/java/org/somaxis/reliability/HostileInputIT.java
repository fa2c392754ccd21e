package org.somaxis.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.somaxis.audit.AuditSink;
import org.somaxis.reliability.HostileCorpus.Case;
import org.somaxis.reliability.HostileCorpus.Expect;
import org.somaxis.support.AuditReplay;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * RELIABILITY.md §8 rows 1 and 2: the hostile-input corpus and the amplification payloads, over create, update,
 * search, transaction, {@code $evaluate} and the CDS hook endpoint, in JSON and XML. Every answer must be below
 * 500; every refusal on /fhir must be an OperationOutcome; nothing may be stored; no answer may take 2 s or
 * more; the server stays live. Row 19 replayed on the corpus: every request that reached the FHIR server and
 * succeeded is found in the audit trail by its {@code X-Request-ID}.
 */
class HostileInputIT extends ReliabilityServer {
	@Autowired
	DaoRegistry daoRegistry;

	@Autowired
	AuditSink auditSink;

	private static final long MAX_LATENCY_MS = 2_000;
	private static final long MUTATION_SEED = Long.getLong("reliability.seed", 20261201L);

	@Test
	void hostileCorpus_isRefusedWithOperationOutcomes_andStoresNothing() {
		String patientId = existingPatient();
		List<Case> cases = new ArrayList<>();
		cases.addAll(HostileCorpus.bodyCases(patientId));
		cases.addAll(HostileCorpus.requestCases(patientId));
		cases.addAll(HostileCorpus.mutations(MUTATION_SEED, 60 * ReliabilityReport.SCALE));
		String before = store.fingerprint();

		ReliabilityReport report = ReliabilityReport.start("hostile-input");
		AuditReplay audit = new AuditReplay("audit-replay-hostile-input");
		for (int round = 0; round < Math.min(ReliabilityReport.SCALE, 3); round++) {
			for (Case c : cases) {
				String requestId = AuditReplay.newId();
				Map<String, String> headers = new LinkedHashMap<>(c.headers());
				headers.put("X-Request-ID", requestId);
				RawHttp.Reply reply = RawHttp.send(port, c.method(), c.target(), headers, c.body());
				judge(report, c, reply);
				if (c.target().startsWith("/fhir")) { // row 19: what reached the FHIR server (its store is shared with other ITs)
					audit.sentAnyPatients(requestId, reply.status(), c.name());
				}
			}
		}
		report.fingerprint(before.equals(store.fingerprint()));
		report.finish();
		List<String> unaudited = audit.check(daoRegistry, auditSink);

		assertThat(unaudited).as("successful requests the audit trail misses or misattributes").isEmpty();
		assertThat(report.violations()).isEmpty();
		assertThat(report.serverErrors()).isZero();
		assertThat(store.fingerprint()).isEqualTo(before);
		assertThat(liveness()).isEqualTo(200);
	}

	@Test
	void amplificationPayloads_areRefusedQuickly_andTheServerStaysLive() throws IOException {
		String patientId = existingPatient();
		List<Case> cases = new ArrayList<>();
		for (String exponent : List.of("2000", "20000", "200000", "999999999", "99999999999999999999")) {
			String bomb = "1e" + exponent;
			cases.add(new Case("json-" + bomb, "POST", "/fhir/Observation", HostileCorpus.headers(HostileCorpus.JSON),
					HostileCorpus.bytes("{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"},"
							+ "\"valueQuantity\":{\"value\":" + bomb + "}}"), Expect.REFUSED));
			cases.add(new Case("json-string-" + bomb, "POST", "/fhir/Observation", HostileCorpus.headers(HostileCorpus.JSON),
					HostileCorpus.bytes("{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"},"
							+ "\"valueQuantity\":{\"value\":\"" + bomb + "\"}}"), Expect.REFUSED));
			cases.add(new Case("xml-" + bomb, "POST", "/fhir/Observation", HostileCorpus.headers(HostileCorpus.XML),
					HostileCorpus.bytes("<Observation xmlns=\"http://hl7.org/fhir\"><status value=\"final\"/><code><text value=\"x\"/>"
							+ "</code><valueQuantity><value value=\"" + bomb + "\"/></valueQuantity></Observation>"), Expect.REFUSED));
			cases.add(new Case("query-" + bomb, "GET", "/fhir/Observation?value-quantity=" + bomb,
					HostileCorpus.headers(null), null, Expect.REFUSED));
			cases.add(new Case("form-" + bomb, "POST", "/fhir/Observation/_search",
					HostileCorpus.headers("application/x-www-form-urlencoded"),
					HostileCorpus.bytes("value-quantity=gt" + bomb), Expect.REFUSED));
		}
		int[] megabytes = ReliabilityReport.SCALE > 1 ? new int[] {3, 25, 100} : new int[] {3, 10};
		for (int mb : megabytes) {
			cases.add(new Case("body-" + mb + "MB", "POST", "/fhir/Observation", HostileCorpus.headers(HostileCorpus.JSON),
					HostileCorpus.bytes("{\"resourceType\":\"Observation\",\"note\":[{\"text\":\"" + "x".repeat(mb * 1024 * 1024)
							+ "\"}]}"), Expect.REFUSED));
		}
		cases.add(new Case("gzip-bomb-64MB", "POST", "/fhir/Observation",
				HostileCorpus.headers(HostileCorpus.JSON, "Content-Encoding", "gzip"), gzipOfZeros(64), Expect.REFUSED));
		cases.add(new Case("json-nesting-1001", "POST", "/fhir/Observation", HostileCorpus.headers(HostileCorpus.JSON),
				HostileCorpus.bytes("[".repeat(1001) + "]".repeat(1001)), Expect.REFUSED));
		cases.add(new Case("uri-32KB", "GET", "/fhir/Patient?name=" + "a".repeat(32 * 1024), HostileCorpus.headers(null), null,
				Expect.REFUSED));
		cases.add(new Case("header-16KB", "GET", "/fhir/Patient",
				HostileCorpus.headers(null, "X-Padding", "a".repeat(16 * 1024)), null, Expect.REFUSED));
		cases.add(new Case("bundle-10001-entries", "POST", "/fhir", HostileCorpus.headers(HostileCorpus.JSON),
				HostileCorpus.bytes(bigTransaction(10_001)), Expect.REFUSED));
		cases.add(new Case("count-1000000", "GET", "/fhir/Patient?_count=1000000", HostileCorpus.headers(null), null,
				Expect.NO_SERVER_ERROR));
		cases.add(new Case("include-iterate-fanout", "GET",
				"/fhir/Patient?_include:iterate=*&_revinclude:iterate=*&_count=1000", HostileCorpus.headers(null), null,
				Expect.NO_SERVER_ERROR));
		cases.add(new Case("evaluate-exponent", "POST", "/fhir/Patient/" + patientId + "/$evaluate",
				HostileCorpus.headers(HostileCorpus.JSON),
				HostileCorpus.bytes("{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"x\",\"valueDecimal\":1e999999999}]}"),
				Expect.REFUSED));
		String before = store.fingerprint();

		ReliabilityReport report = ReliabilityReport.start("amplification");
		for (int repeat = 0; repeat < 3; repeat++) {
			for (Case c : cases) {
				judge(report, c, RawHttp.send(port, c.method(), c.target(), c.headers(), c.body()));
				if (liveness() != 200) {
					report.violation(c.name() + ": liveness not UP afterwards");
				}
			}
		}
		report.fingerprint(before.equals(store.fingerprint()));
		report.finish();

		assertThat(report.violations()).isEmpty();
		assertThat(report.serverErrors()).isZero();
		assertThat(store.fingerprint()).isEqualTo(before);
	}

	@Test
	void exponentShapedValuesOfNonNumericParameters_areSearched_notRefusedByTheGuard() {
		for (String target : List.of(
				"/fhir/Patient?identifier=12e45678", "/fhir/Patient?name=1e999999999",
				"/fhir/Observation?code=http://loinc.org%7C1e999999999", "/fhir/Observation?code=http://x%7C3e10000",
				"/fhir/Observation?subject:Patient.identifier=12e45678")) {
			RawHttp.Reply reply = RawHttp.send(port, "GET", target, HostileCorpus.headers(null), null);
			assertThat(reply.status()).as(target + " -> " + reply.body()).isEqualTo(200);
			assertThat(reply.body()).as(target).contains("\"searchset\"");
		}
		RawHttp.Reply form = RawHttp.send(port, "POST", "/fhir/Observation/_search",
				HostileCorpus.headers("application/x-www-form-urlencoded"),
				HostileCorpus.bytes("code=http://loinc.org%7C1e999999999"));
		assertThat(form.status()).as(form.body()).isEqualTo(200);
	}

	@Test
	void exponentBombsInNumberAndQuantityParameters_areStillRefusedFast() {
		for (String target : List.of(
				"/fhir/Observation?value-quantity=1e999999999", "/fhir/RiskAssessment?probability=1e999999999",
				"/fhir/RiskAssessment?probability:missing=gt1e999999999", "/fhir/Observation?probe-unknown=12e45678",
				"/fhir/Encounter?reason-reference:Observation.value-quantity=1e999999999")) {
			RawHttp.Reply reply = RawHttp.send(port, "GET", target, HostileCorpus.headers(null), null);
			assertThat(reply.status()).as(target + " -> " + reply.body()).isEqualTo(400);
			assertThat(reply.isOperationOutcome()).as(target).isTrue();
			assertThat(reply.body()).as(target).contains("too-costly");
			assertThat(reply.latencyMs()).as(target).isLessThan(MAX_LATENCY_MS);
		}
		RawHttp.Reply form = RawHttp.send(port, "POST", "/fhir/RiskAssessment/_search",
				HostileCorpus.headers("application/x-www-form-urlencoded"), HostileCorpus.bytes("probability=1e999999999"));
		assertThat(form.status()).as(form.body()).isEqualTo(400);
	}

	@Test
	void bundlesOverTheEntryLimit_get413BeforeParsing_inJsonAndXml_andStoreNothing() {
		String before = store.fingerprint();
		// entries that are no resources at all: HAPI's parser would answer 400, so a 413 shows the count came first
		String junk = "{\"resource\":{\"resourceType\":\"NotAType\"},\"request\":{\"method\":\"POST\",\"url\":\"NotAType\"}}";
		String xmlJunk = "<entry><resource><NotAType/></resource><request><method value=\"POST\"/><url value=\"x\"/></request></entry>";
		RawHttp.Reply control = RawHttp.send(port, "POST", "/fhir", HostileCorpus.headers(HostileCorpus.JSON),
				HostileCorpus.bytes(jsonBundleOf(junk, 3)));
		assertThat(control.status()).as(control.body()).isEqualTo(400);

		for (RawHttp.Reply reply : List.of(
				RawHttp.send(port, "POST", "/fhir", HostileCorpus.headers(HostileCorpus.JSON),
						HostileCorpus.bytes(bigTransaction(10_001))),
				RawHttp.send(port, "POST", "/fhir/", HostileCorpus.headers(HostileCorpus.JSON),
						HostileCorpus.bytes(jsonBundleOf(junk, 10_001))),
				RawHttp.send(port, "POST", "/fhir", HostileCorpus.headers(HostileCorpus.XML),
						HostileCorpus.bytes(xmlBundleOf(xmlJunk, 10_001))))) {
			assertThat(reply.status()).as(reply.body()).isEqualTo(413);
			assertThat(reply.isOperationOutcome()).isTrue();
			assertThat(reply.body()).contains("too-long").contains("this server accepts at most 10000").contains("Bundle.entry");
		}
		assertThat(store.fingerprint()).isEqualTo(before);
	}

	private static String jsonBundleOf(String entry, int entries) {
		StringBuilder bundle = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
		for (int i = 0; i < entries; i++) {
			bundle.append(i == 0 ? "" : ",").append(entry);
		}
		return bundle.append("]}").toString();
	}

	private static String xmlBundleOf(String entry, int entries) {
		return "<Bundle xmlns=\"http://hl7.org/fhir\"><type value=\"transaction\"/>" + entry.repeat(entries) + "</Bundle>";
	}

	private void judge(ReliabilityReport report, Case c, RawHttp.Reply reply) {
		report.answered(reply.status(), reply.latencyMs());
		String what = c.name() + " -> " + reply.status() + " " + RawHttp.abbreviate(reply.body().replace('\n', ' '));
		if (reply.status() >= 500) {
			report.violation(what);
			return;
		}
		if (c.expect() == Expect.REFUSED && (reply.status() < 400)) {
			report.violation("not refused: " + what);
		}
		if (reply.status() >= 400 && c.isFhir() && !reply.isOperationOutcome()) {
			report.violation("no OperationOutcome: " + what);
		}
		if (reply.status() >= 400 && leaksInternals(reply.body())) {
			report.violation("internals in the answer: " + what);
		}
		if (reply.latencyMs() >= MAX_LATENCY_MS) {
			report.violation("slow (" + reply.latencyMs() + " ms): " + what);
		}
	}

	private static boolean leaksInternals(String body) {
		return body.contains("\tat ") || body.contains("SQLState") || body.contains("org.hibernate")
				|| body.contains("java.lang.") || body.contains("jdbc") || body.contains("column \"");
	}

	private String existingPatient() {
		RawHttp.Reply created = RawHttp.send(port, "PUT", "/fhir/Patient/hostile-target", HostileCorpus.headers(HostileCorpus.JSON),
				HostileCorpus.bytes("{\"resourceType\":\"Patient\",\"id\":\"hostile-target\",\"gender\":\"female\",\"birthDate\":\"1970-01-01\"}"));
		assertThat(created.status()).as(created.body()).isIn(200, 201);
		return "hostile-target";
	}

	private int liveness() {
		return RawHttp.send(port, "GET", "/actuator/health/liveness", java.util.Map.of("Accept", "application/json"), null).status();
	}

	private static byte[] gzipOfZeros(int megabytes) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
			byte[] zeros = new byte[1024 * 1024];
			gzip.write('{');
			for (int i = 0; i < megabytes; i++) {
				gzip.write(zeros);
			}
		}
		return out.toByteArray();
	}

	private static String bigTransaction(int entries) {
		StringBuilder bundle = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
		for (int i = 0; i < entries; i++) {
			bundle.append(i == 0 ? "" : ",")
					.append("{\"resource\":{\"resourceType\":\"Basic\",\"code\":{\"text\":\"x\"}},\"request\":{\"method\":\"POST\",\"url\":\"Basic\"}}");
		}
		// one poisoned entry at the end, so nothing of it may be stored even if the size is accepted
		bundle.append(",{\"resource\":{\"resourceType\":\"Observation\"},\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}");
		return bundle.append("]}").toString();
	}
}
