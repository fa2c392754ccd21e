import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Load generator for bench/cds.sh (JDK single-file program, no dependencies).
 *
 * <p>Loads the scenario bundles of examples/bundles (one patient each), builds for every patient a patient-view
 * request with full prefetch (every template of the discovery document, read from the server once) and one without prefetch
 * (self-fetch from the local store), warms up, then measures: one client alternating the IGF-1 search, the
 * self-fetch call and the full-prefetch call (p50 of each, ratio self-fetch / search), then each call at N clients.
 *
 * <p>Usage: java CdsBench.java SERVER_URL [bundleDir=examples/bundles] [clients=8] [seconds=20]
 */
public class CdsBench {
	static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
	/** A prefetch template of the discovery document: "key": "Type?patient={{context.patientId}}..." or "Patient/{{...}}". */
	static final Pattern TEMPLATE = Pattern.compile("\"(\\w+)\"\\s*:\\s*\"([A-Za-z]+[/?][^\"]*\\{\\{context\\.patientId}}[^\"]*)\"");

	/**
	 * The prefetch templates the server advertises in discovery (patient-view's, listed first, holds every part; the
	 * order services leave out the lifestyle observations), each search asked
	 * with a page size that holds the whole result, as an EHR that pages to the end would send it.
	 */
	static Map<String, String> templates(String server) throws Exception {
		String discovery = CLIENT.send(HttpRequest.newBuilder(URI.create(server + "/cds-services")).build(),
				HttpResponse.BodyHandlers.ofString()).body();
		Map<String, String> templates = new LinkedHashMap<>();
		Matcher m = TEMPLATE.matcher(discovery);
		while (m.find()) {
			String query = m.group(2).replace("|", "%7C");
			templates.putIfAbsent(m.group(1), query.contains("?") ? query + "&_count=1000" : query);
		}
		if (templates.isEmpty()) throw new IllegalStateException("no prefetch templates in " + server + "/cds-services");
		return templates;
	}

	public static void main(String[] args) throws Exception {
		String server = args[0];
		String fhir = server + "/fhir";
		Path bundles = Path.of(args.length > 1 ? args[1] : "examples/bundles");
		int clients = args.length > 2 ? Integer.parseInt(args[2]) : 8;
		int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 20;

		List<String> ids = new ArrayList<>();
		try (Stream<Path> files = Files.list(bundles)) {
			for (Path file : files.filter(p -> p.getFileName().toString().startsWith("Bundle-")).sorted().toList()) {
				HttpResponse<String> r = send(fhir, "application/fhir+json", Files.readString(file));
				if (r.statusCode() != 200) throw new IllegalStateException(file + ": " + r.statusCode());
				Matcher m = Pattern.compile("\"location\"\\s*:\\s*\"Patient/([^/\"]+)").matcher(r.body());
				if (m.find()) ids.add(m.group(1));
			}
		}
		List<String> full = new ArrayList<>();
		List<String> self = new ArrayList<>();
		Map<String, String> templates = templates(server);
		System.out.println("prefetch keys from discovery: " + String.join(", ", templates.keySet()));
		for (String id : ids) {
			StringBuilder prefetch = new StringBuilder();
			for (Map.Entry<String, String> template : templates.entrySet()) {
				String body = CLIENT.send(HttpRequest.newBuilder(URI.create(fhir + "/" + template.getValue().replace("{{context.patientId}}", id)))
						.header("Accept", "application/fhir+json").build(), HttpResponse.BodyHandlers.ofString()).body();
				if (body.contains("\"relation\": \"next\"") || body.contains("\"relation\":\"next\"")) {
					System.out.println("warning: " + template.getKey() + " of " + id + " has a next link (not full prefetch)");
				}
				prefetch.append(prefetch.length() == 0 ? "" : ",").append('"').append(template.getKey()).append("\":").append(body);
			}
			full.add(request(id, "\"fhirServer\":\"" + fhir + "\",\"prefetch\":{" + prefetch + "},"));
			self.add(request(id, ""));
		}
		System.out.printf("loaded %d scenario patients from %s; full-prefetch requests %d-%d KB%n", ids.size(), bundles,
				full.stream().mapToInt(String::length).min().orElse(0) / 1024,
				full.stream().mapToInt(String::length).max().orElse(0) / 1024);

		String service = server + "/cds-services/somaxis-patient-view";
		Function<Integer, Integer> search = i -> get(fhir + "/Observation?patient=" + ids.get(i % ids.size())
				+ "&code=http://loinc.org%7C2484-4");
		Function<Integer, Integer> selfFetch = i -> post(service, self.get(i % self.size()));
		Function<Integer, Integer> fullPrefetch = i -> post(service, full.get(i % full.size()));
		for (int i = 0; i < 300; i++) {
			search.apply(i);
			selfFetch.apply(i);
			fullPrefetch.apply(i);
		}
		interleaved(search, selfFetch, fullPrefetch, seconds);
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		run("full prefetch, " + clients + " clients", fullPrefetch, clients, seconds, pool);
		run("self-fetch,    " + clients + " clients", selfFetch, clients, seconds, pool);
		pool.shutdownNow();
	}

	static String request(String id, String extra) {
		return "{\"hook\":\"patient-view\",\"hookInstance\":\"" + UUID.randomUUID() + "\"," + extra
				+ "\"context\":{\"userId\":\"Practitioner/bench\",\"patientId\":\"" + id + "\"},"
				+ "\"extension\":{\"org.somaxis.evaluation-date\":\"2026-11-22\"}}";
	}

	/** One client: search, self-fetch call, full-prefetch call on the same patient, so load hits all three alike. */
	static void interleaved(Function<Integer, Integer> search, Function<Integer, Integer> self,
			Function<Integer, Integer> full, int seconds) {
		List<Long> searches = new ArrayList<>();
		List<Long> selves = new ArrayList<>();
		List<Long> fulls = new ArrayList<>();
		long errors = 0;
		long end = System.nanoTime() + seconds * 1_000_000_000L;
		for (int i = 0; System.nanoTime() < end; i++) {
			long t0 = System.nanoTime();
			int s1 = search.apply(i);
			long t1 = System.nanoTime();
			int s2 = self.apply(i);
			long t2 = System.nanoTime();
			int s3 = full.apply(i);
			long t3 = System.nanoTime();
			if (s1 != 200 || s2 != 200 || s3 != 200) errors++;
			searches.add(t1 - t0);
			selves.add(t2 - t1);
			fulls.add(t3 - t2);
		}
		Collections.sort(searches);
		Collections.sort(selves);
		Collections.sort(fulls);
		System.out.printf(Locale.ROOT, "1 client, interleaved: %d rounds (%d errors)%n", searches.size(), errors);
		System.out.printf(Locale.ROOT, "  IGF-1 search        p50 %6.2f ms, p99 %6.2f ms%n", pct(searches, 0.5) / 1e6,
				pct(searches, 0.99) / 1e6);
		System.out.printf(Locale.ROOT, "  CDS self-fetch      p50 %6.2f ms, p99 %6.2f ms; ratio to search p50 %.2f%n",
				pct(selves, 0.5) / 1e6, pct(selves, 0.99) / 1e6, (double) pct(selves, 0.5) / pct(searches, 0.5));
		System.out.printf(Locale.ROOT, "  CDS full prefetch   p50 %6.2f ms, p99 %6.2f ms%n", pct(fulls, 0.5) / 1e6,
				pct(fulls, 0.99) / 1e6);
	}

	static void run(String label, Function<Integer, Integer> call, int clients, int seconds, ExecutorService pool)
			throws Exception {
		List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
		AtomicLong errors = new AtomicLong();
		long end = System.nanoTime() + seconds * 1_000_000_000L;
		long start = System.nanoTime();
		List<Future<?>> futures = new ArrayList<>();
		for (int c = 0; c < clients; c++) {
			final int offset = c * 7;
			futures.add(pool.submit(() -> {
				int i = offset;
				while (System.nanoTime() < end) {
					long t0 = System.nanoTime();
					int status = call.apply(i++);
					long t1 = System.nanoTime();
					if (status != 200) errors.incrementAndGet(); else latencies.add(t1 - t0);
				}
				return null;
			}));
		}
		for (Future<?> f : futures) f.get();
		double elapsed = (System.nanoTime() - start) / 1e9;
		List<Long> sorted = new ArrayList<>(latencies);
		Collections.sort(sorted);
		System.out.printf(Locale.ROOT, "%s: %6d calls in %.1f s = %6.0f calls/s, p50 %6.2f ms, p99 %6.2f ms (%d errors)%n",
				label, sorted.size(), elapsed, sorted.size() / elapsed, pct(sorted, 0.50) / 1e6, pct(sorted, 0.99) / 1e6,
				errors.get());
	}

	static long pct(List<Long> sorted, double p) {
		return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
	}

	static HttpResponse<String> send(String url, String type, String body) throws Exception {
		return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", type)
				.header("Accept", type).timeout(Duration.ofSeconds(120))
				.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
	}

	static int post(String url, String body) {
		try {
			return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
					.header("Accept", "application/json").timeout(Duration.ofSeconds(60))
					.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
					.statusCode();
		} catch (Exception e) {
			return -1;
		}
	}

	static int get(String url) {
		try {
			return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/fhir+json")
					.timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
		} catch (Exception e) {
			return -1;
		}
	}
}
