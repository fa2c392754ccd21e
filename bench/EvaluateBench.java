import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Load generator for bench/evaluate.sh (JDK single-file program, no dependencies).
 *
 * <p>Loads the scenario bundles of examples/bundles (one patient each), warms up, then measures in the same run:
 * one client alternating the IGF-1 search {@code Observation?patient=X&code=http://loinc.org|2484-4} and
 * {@code GET Patient/X/$evaluate} (p50 of each and their ratio), then $evaluate and the search at N clients, each phase
 * for a fixed time.
 *
 * <p>Usage: java EvaluateBench.java BASE_URL [bundleDir=examples/bundles] [clients=8] [seconds=20]
 */
public class EvaluateBench {
	static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	public static void main(String[] args) throws Exception {
		String base = args[0];
		Path bundles = Path.of(args.length > 1 ? args[1] : "examples/bundles");
		int clients = args.length > 2 ? Integer.parseInt(args[2]) : 8;
		int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 20;

		List<String> ids = new ArrayList<>();
		try (Stream<Path> files = Files.list(bundles)) {
			for (Path file : files.filter(p -> p.getFileName().toString().startsWith("Bundle-")).sorted().toList()) {
				HttpResponse<String> r = post(base, Files.readString(file));
				if (r.statusCode() != 200) throw new IllegalStateException(file + ": " + r.statusCode());
				Matcher m = Pattern.compile("\"location\"\\s*:\\s*\"Patient/([^/\"]+)").matcher(r.body());
				if (m.find()) ids.add(m.group(1));
			}
		}
		System.out.printf("loaded %d scenario patients from %s%n", ids.size(), bundles);

		Function<String, String> search = id -> base + "/Observation?patient=" + id + "&code=http://loinc.org%7C2484-4";
		Function<String, String> evaluate = id -> base + "/Patient/" + id + "/$evaluate?evaluationDate=2026-11-22";
		for (int i = 0; i < 300; i++) {
			get(search.apply(ids.get(i % ids.size())));
			get(evaluate.apply(ids.get(i % ids.size())));
		}
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		interleaved(search, evaluate, ids, seconds);
		run("$evaluate " + clients + " clients", evaluate, ids, clients, seconds, pool);
		run("search    " + clients + " clients", search, ids, clients, seconds, pool);
		pool.shutdownNow();
	}

	/** One client alternating search and $evaluate on the same patient, so neighbours' load hits both alike. */
	static void interleaved(Function<String, String> search, Function<String, String> evaluate, List<String> ids,
			int seconds) {
		List<Long> searches = new ArrayList<>();
		List<Long> evaluations = new ArrayList<>();
		long errors = 0;
		long end = System.nanoTime() + seconds * 1_000_000_000L;
		for (int i = 0; System.nanoTime() < end; i++) {
			String id = ids.get(i % ids.size());
			long t0 = System.nanoTime();
			int s1 = get(search.apply(id));
			long t1 = System.nanoTime();
			int s2 = get(evaluate.apply(id));
			long t2 = System.nanoTime();
			if (s1 != 200 || s2 != 200) errors++;
			searches.add(t1 - t0);
			evaluations.add(t2 - t1);
		}
		Collections.sort(searches);
		Collections.sort(evaluations);
		double ratio = (double) pct(evaluations, 0.5) / pct(searches, 0.5);
		System.out.printf(Locale.ROOT, "1 client, interleaved: %d pairs; search p50 %.2f ms, p99 %.2f ms; $evaluate p50 %.2f ms,"
				+ " p99 %.2f ms; ratio of p50s %.2f (%d errors)%n", searches.size(), pct(searches, 0.5) / 1e6,
				pct(searches, 0.99) / 1e6, pct(evaluations, 0.5) / 1e6, pct(evaluations, 0.99) / 1e6, ratio, errors);
	}

	static void run(String label, Function<String, String> url, List<String> ids, int clients, int seconds,
			ExecutorService pool) throws Exception {
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
					int status = get(url.apply(ids.get(i++ % ids.size())));
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
		System.out.printf(Locale.ROOT, "%s: %6d requests in %.1f s = %6.0f req/s, p50 %6.2f ms, p99 %6.2f ms (%d errors)%n",
				label, sorted.size(), elapsed, sorted.size() / elapsed, pct(sorted, 0.50) / 1e6, pct(sorted, 0.99) / 1e6,
				errors.get());
	}

	static long pct(List<Long> sorted, double p) {
		return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
	}

	static HttpResponse<String> post(String base, String body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(base))
				.header("Content-Type", "application/fhir+json")
				.header("Accept", "application/fhir+json")
				.timeout(Duration.ofSeconds(120))
				.POST(HttpRequest.BodyPublishers.ofString(body)).build();
		return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
	}

	static int get(String url) {
		try {
			HttpRequest request = HttpRequest.newBuilder(URI.create(url))
					.header("Accept", "application/fhir+json").timeout(Duration.ofSeconds(60)).GET().build();
			return CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
		} catch (Exception e) {
			return -1;
		}
	}
}
