import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load generator for bench/platform.sh (JDK single-file program, no dependencies).
 *
 * <p>Phase 1: transaction ingest. Generated bundles, one patient each with about 80 resources (IGF-1 series,
 * metabolic labs, exercise sessions, sleep, peptide orders), posted by N concurrent clients.
 * Phase 2: the IGF-1 search {@code Observation?patient=X&code=http://loinc.org|2484-4&_sort=-date} over the
 * ingested patients, by M concurrent clients for a fixed time, after a warm-up.
 *
 * <p>Usage: java PlatformBench.java BASE_URL [bundles=40] [ingestClients=4] [searchClients=8] [searchSeconds=30] [seed=42]
 * [warmBundles=4]. {@code searchSeconds} 0 leaves out phase 2 and its warm-up, so that with {@code warmBundles} 0 the
 * server does nothing but the measured ingest (bench/intake.sh counts its CPU time).
 */
public class PlatformBench {
	static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	public static void main(String[] args) throws Exception {
		String base = args[0];
		int bundles = args.length > 1 ? Integer.parseInt(args[1]) : 40;
		int ingestClients = args.length > 2 ? Integer.parseInt(args[2]) : 4;
		int searchClients = args.length > 3 ? Integer.parseInt(args[3]) : 8;
		int searchSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 30;
		long seed = args.length > 5 ? Long.parseLong(args[5]) : 42;
		int warmBundles = args.length > 6 ? Integer.parseInt(args[6]) : 4;

		// warm-up, not measured
		List<String> warm = new ArrayList<>();
		for (int i = 0; i < warmBundles; i++) warm.add(bundle(new Random(seed + 1000 + i), "warm-" + i));
		for (String b : warm) post(base, b);

		List<String> payloads = new ArrayList<>();
		Random random = new Random(seed);
		int resources = 0;
		for (int i = 0; i < bundles; i++) {
			String b = bundle(random, "p" + i);
			resources += count(b, "\"request\"");
			payloads.add(b);
		}
		ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>(payloads);
		ConcurrentLinkedQueue<String> patientIds = new ConcurrentLinkedQueue<>();
		AtomicInteger failures = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(Math.max(ingestClients, searchClients));
		long start = System.nanoTime();
		List<Future<?>> futures = new ArrayList<>();
		for (int c = 0; c < ingestClients; c++) {
			futures.add(pool.submit(() -> {
				String next;
				while ((next = queue.poll()) != null) {
					HttpResponse<String> r = post(base, next);
					if (r.statusCode() != 200) {
						failures.incrementAndGet();
						continue;
					}
					Matcher m = Pattern.compile("\"location\"\\s*:\\s*\"Patient/([^/\"]+)").matcher(r.body());
					if (m.find()) patientIds.add(m.group(1));
				}
				return null;
			}));
		}
		for (Future<?> f : futures) f.get();
		double ingestSeconds = (System.nanoTime() - start) / 1e9;
		System.out.printf(Locale.ROOT, "ingest: %d bundles, %d resources in %.1f s at %d clients = %.0f resources/s (%d failed bundles)%n",
				bundles, resources, ingestSeconds, ingestClients, resources / ingestSeconds, failures.get());
		if (searchSeconds == 0) {
			pool.shutdownNow();
			return;
		}

		List<String> ids = new ArrayList<>(patientIds);
		if (ids.isEmpty()) throw new IllegalStateException("no patients ingested");
		// warm-up searches
		for (int i = 0; i < 200; i++) search(base, ids.get(i % ids.size()));

		List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
		AtomicLong errors = new AtomicLong();
		long end = System.nanoTime() + searchSeconds * 1_000_000_000L;
		futures.clear();
		long searchStart = System.nanoTime();
		for (int c = 0; c < searchClients; c++) {
			final int offset = c;
			futures.add(pool.submit(() -> {
				int i = offset;
				while (System.nanoTime() < end) {
					long t0 = System.nanoTime();
					int status = search(base, ids.get(i++ % ids.size()));
					long t1 = System.nanoTime();
					if (status != 200) errors.incrementAndGet(); else latencies.add(t1 - t0);
				}
				return null;
			}));
		}
		for (Future<?> f : futures) f.get();
		double searchElapsed = (System.nanoTime() - searchStart) / 1e9;
		List<Long> sorted = new ArrayList<>(latencies);
		Collections.sort(sorted);
		System.out.printf(Locale.ROOT, "search: %d requests in %.1f s at %d clients = %.0f req/s, p50 %.1f ms, p99 %.1f ms (%d errors)%n",
				sorted.size(), searchElapsed, searchClients, sorted.size() / searchElapsed,
				pct(sorted, 0.50) / 1e6, pct(sorted, 0.99) / 1e6, errors.get());
		pool.shutdownNow();
	}

	static long pct(List<Long> sorted, double p) {
		return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
	}

	static int count(String s, String needle) {
		int n = 0, i = 0;
		while ((i = s.indexOf(needle, i)) >= 0) { n++; i += needle.length(); }
		return n;
	}

	static HttpResponse<String> post(String base, String body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(base))
				.header("Content-Type", "application/fhir+json")
				.header("Accept", "application/fhir+json")
				.header("Prefer", "return=minimal")
				.timeout(Duration.ofSeconds(120))
				.POST(HttpRequest.BodyPublishers.ofString(body)).build();
		return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
	}

	static int search(String base, String patientId) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/Observation?patient=" + patientId
						+ "&code=http://loinc.org%7C2484-4&_sort=-date"))
				.header("Accept", "application/fhir+json").timeout(Duration.ofSeconds(60)).GET().build();
		return CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	// ---- bundle generation: one patient, ~80 resources over two years ----

	static String bundle(Random r, String key) {
		StringBuilder sb = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
		String patient = "urn:uuid:" + new UUID(r.nextLong(), r.nextLong());
		String sex = r.nextBoolean() ? "female" : "male";
		int birthYear = 1950 + r.nextInt(50);
		entry(sb, patient, "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"http://somaxis.org/fhir/sid/bench\",\"value\":\""
				+ key + "-" + UUID.randomUUID() + "\"}],\"name\":[{\"family\":\"Bench\",\"given\":[\"" + key + "\"]}],\"gender\":\"" + sex
				+ "\",\"birthDate\":\"" + birthYear + "-0" + (1 + r.nextInt(9)) + "-1" + r.nextInt(10) + "\"}", "Patient");
		String order = "urn:uuid:" + new UUID(r.nextLong(), r.nextLong());
		entry(sb, order, "{\"resourceType\":\"MedicationRequest\",\"status\":\"active\",\"intent\":\"order\",\"medicationCodeableConcept\":{\"coding\":[{\"system\":\"http://somaxis.org/fhir/CodeSystem/gh-peptides\",\"code\":\"tesamorelin\"}]},\"subject\":{\"reference\":\""
				+ patient + "\"},\"authoredOn\":\"2025-01-10\",\"dosageInstruction\":[{\"timing\":{\"repeat\":{\"frequency\":1,\"period\":1,\"periodUnit\":\"d\",\"when\":[\"HS\"]}},\"route\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"34206005\"}]},\"doseAndRate\":[{\"doseQuantity\":{\"value\":1.4,\"unit\":\"mg\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"mg\"}}]}]}", "MedicationRequest");
		for (int m = 0; m < 8; m++) {
			String date = date(2025, 1 + 3 * m);
			lab(sb, patient, "2484-4", date, 90 + r.nextInt(200), "ng/mL");
			lab(sb, patient, "1558-6", date, 80 + r.nextInt(50), "mg/dL");
			lab(sb, patient, "27873-9", date, 3 + r.nextInt(15), "u[IU]/mL");
			lab(sb, patient, "4548-4", date, 5.0 + r.nextInt(15) / 10.0, "%");
		}
		for (int s = 0; s < 30; s++) {
			String day = date(2026, 1 + s / 3) .replace("-15", "-" + (10 + s % 3 * 5));
			sb.append("{\"fullUrl\":\"urn:uuid:").append(new UUID(r.nextLong(), r.nextLong()))
					.append("\",\"resource\":{\"resourceType\":\"Observation\",\"status\":\"final\",\"category\":[{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/observation-category\",\"code\":\"activity\"}]}],\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"73985-4\"}]},\"subject\":{\"reference\":\"")
					.append(patient).append("\"},\"effectivePeriod\":{\"start\":\"").append(day).append("T07:00:00Z\",\"end\":\"").append(day)
					.append("T07:45:00Z\"},\"valueCodeableConcept\":{\"coding\":[{\"system\":\"http://somaxis.org/fhir/CodeSystem/exercise-types\",\"code\":\"")
					.append(s % 2 == 0 ? "resistance" : "hiit")
					.append("\"}]},\"component\":[{\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"55411-3\"}]},\"valueQuantity\":{\"value\":45,\"unit\":\"min\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"min\"}}]},\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}},");
		}
		for (int s = 0; s < 16; s++) {
			lab(sb, patient, "93832-4", date(2026, 10).replace("-15", "-" + (10 + s)), 5 + r.nextInt(40) / 10.0, "h");
		}
		sb.setLength(sb.length() - 1);
		return sb.append("]}").toString();
	}

	static String date(int year, int month) {
		year += (month - 1) / 12;
		month = (month - 1) % 12 + 1;
		return String.format(Locale.ROOT, "%d-%02d-15", year, month);
	}

	static void lab(StringBuilder sb, String patient, String loinc, String date, double value, String unit) {
		String category = loinc.equals("93832-4") ? "social-history" : "laboratory";
		sb.append("{\"fullUrl\":\"urn:uuid:").append(UUID.randomUUID())
				.append("\",\"resource\":{\"resourceType\":\"Observation\",\"status\":\"final\",\"category\":[{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/observation-category\",\"code\":\"")
				.append(category).append("\"}]}],\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"").append(loinc)
				.append("\"}]},\"subject\":{\"reference\":\"").append(patient).append("\"},\"effectiveDateTime\":\"").append(date)
				.append("\",\"valueQuantity\":{\"value\":").append(value).append(",\"unit\":\"").append(unit)
				.append("\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"").append(unit).append("\"}},\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}},");
	}

	static void entry(StringBuilder sb, String fullUrl, String resource, String type) {
		sb.append("{\"fullUrl\":\"").append(fullUrl).append("\",\"resource\":").append(resource)
				.append(",\"request\":{\"method\":\"POST\",\"url\":\"").append(type).append("\"}},");
	}
}
