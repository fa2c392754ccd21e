import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Validated-write latency against a running Somaxis server (JDK only):
 * the first write after startup (an IGF-1 Observation, validated against the inferred IGF-1 profile),
 * then N sequential IGF-1 creates at one client (p50/p90/p99).
 *
 *   java bench/ConformanceBench.java http://localhost:18080/fhir 300
 */
public class ConformanceBench {
	static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	public static void main(String[] args) throws Exception {
		String base = args[0];
		int creates = args.length > 1 ? Integer.parseInt(args[1]) : 300;

		long t0 = System.nanoTime();
		HttpResponse<String> first = post(base + "/Observation", igf1("http://example.org/fhir/Patient/bench", 150));
		long firstMs = (System.nanoTime() - t0) / 1_000_000;
		check(first, 201);
		System.out.printf("first validated write (IGF-1 create) after startup: %d ms%n", firstMs);

		t0 = System.nanoTime();
		HttpResponse<String> patient = post(base + "/Patient",
				"{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Bench\",\"given\":[\"Conformance\"]}],\"gender\":\"male\"}");
		System.out.printf("first Patient create (base-spec validation): %d ms%n", (System.nanoTime() - t0) / 1_000_000);
		check(patient, 201);
		String location = patient.headers().firstValue("Location").orElseThrow();
		String patientRef = "Patient/" + location.replaceAll("/_history/.*$", "").replaceAll("^.*/", "");

		HttpResponse<String> refused = post(base + "/Observation", igf1(patientRef, 150).replace("ng/mL", "mg/dL"));
		System.out.printf("IGF-1 in mg/dL: HTTP %d%n", refused.statusCode());

		List<Long> micros = new ArrayList<>();
		for (int i = 0; i < creates; i++) {
			String body = igf1(patientRef, 100 + i % 200);
			long s = System.nanoTime();
			HttpResponse<String> r = post(base + "/Observation", body);
			micros.add((System.nanoTime() - s) / 1000);
			check(r, 201);
		}
		Collections.sort(micros);
		System.out.printf("validated IGF-1 create, 1 client, %d requests: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms%n",
				creates, pct(micros, 50), pct(micros, 90), pct(micros, 99));
	}

	static double pct(List<Long> sorted, double p) {
		return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100 * sorted.size()) - 1)) / 1000.0;
	}

	static void check(HttpResponse<String> r, int expected) {
		if (r.statusCode() != expected) {
			throw new IllegalStateException("expected " + expected + ", got " + r.statusCode() + ": "
					+ r.body().substring(0, Math.min(600, r.body().length())));
		}
	}

	static HttpResponse<String> post(String url, String body) throws Exception {
		return CLIENT.send(HttpRequest.newBuilder(URI.create(url))
						.header("Content-Type", "application/fhir+json")
						.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	static String igf1(String subject, double value) {
		return """
				{"resourceType":"Observation","status":"final",
				 "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],
				 "code":{"coding":[{"system":"http://loinc.org","code":"2484-4","display":"Insulin-like growth factor-I [Mass/volume] in Serum or Plasma"}]},
				 "subject":{"reference":"%s"},"effectiveDateTime":"2026-11-16T08:00:00Z",
				 "valueQuantity":{"value":%s,"unit":"ng/mL","system":"http://unitsofmeasure.org","code":"ng/mL"}}
				""".formatted(subject, value);
	}
}
