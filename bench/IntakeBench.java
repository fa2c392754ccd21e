import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Single-client write latencies for bench/intake.sh (compiled together with PlatformBench):
 * <pre>
 *   IntakeBench first  BASE       # one Patient, then the first IGF-1 create: its latency
 *   IntakeBench create BASE N     # N IGF-1 creates after 30 warm-up creates: p50 and p90
 * </pre>
 */
public class IntakeBench {
	public static void main(String[] args) throws Exception {
		String base = args[1];
		String patient = patient(base);
		if (args[0].equals("first")) {
			long t0 = System.nanoTime();
			int status = create(base, patient);
			System.out.printf(Locale.ROOT, "first IGF-1 create after readiness: %.0f ms (HTTP %d)%n", (System.nanoTime() - t0) / 1e6, status);
			return;
		}
		int n = Integer.parseInt(args[2]);
		for (int i = 0; i < 30; i++) create(base, patient);
		List<Long> latencies = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			long t0 = System.nanoTime();
			int status = create(base, patient);
			if (status != 201) throw new IllegalStateException("IGF-1 create gave HTTP " + status);
			latencies.add(System.nanoTime() - t0);
		}
		Collections.sort(latencies);
		System.out.printf(Locale.ROOT, "IGF-1 create, 1 client, %d requests: p50 %.1f ms, p90 %.1f ms%n", n,
				PlatformBench.pct(latencies, 0.5) / 1e6, PlatformBench.pct(latencies, 0.9) / 1e6);
	}

	static String patient(String base) throws Exception {
		HttpResponse<String> r = send(base + "/Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Bench\"}]}");
		Matcher m = Pattern.compile("Patient/([^/]+)/").matcher(r.headers().firstValue("Location").orElseThrow());
		if (!m.find()) throw new IllegalStateException("no Location: " + r.statusCode());
		return m.group(1);
	}

	static int create(String base, String patient) throws Exception {
		return send(base + "/Observation", """
				{"resourceType":"Observation","status":"final",
				 "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],
				 "code":{"coding":[{"system":"http://loinc.org","code":"2484-4"}]},
				 "subject":{"reference":"Patient/%s"},"effectiveDateTime":"2026-01-01",
				 "valueQuantity":{"value":150,"unit":"ng/mL","system":"http://unitsofmeasure.org","code":"ng/mL"}}""".formatted(patient))
				.statusCode();
	}

	static HttpResponse<String> send(String url, String body) throws Exception {
		return PlatformBench.CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
				.header("Content-Type", "application/fhir+json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
				HttpResponse.BodyHandlers.ofString());
	}
}
