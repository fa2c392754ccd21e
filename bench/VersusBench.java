import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Load generator for bench/versus.sh (JDK single-file program, no dependencies): the same workloads against two
 * servers that run side by side on the same data, in alternating order, so that the drift of a shared machine hits
 * both alike and the figure is their ratio.
 *
 * <p>Each round runs every workload on both servers for a fixed time at N clients (ABBA order across rounds); the
 * summary gives each workload's median ratio of throughputs (current / baseline) over the rounds. Workloads:
 * {@code Patient/X/$evaluate}; the IGF-1 search; the CDS patient-view service with a full prefetch (built from each
 * server's own discovery templates) and with no prefetch (the service fetches from its store).
 *
 * <p>Compiled together with CdsBench, whose HTTP helpers and discovery parsing it uses (bench/versus.sh).
 *
 * <p>Usage: java -cp classes VersusBench CURRENT_SERVER BASELINE_SERVER bundleDir [clients=8] [seconds=15] [rounds=3]
 */
public class VersusBench {
	static final String DATE = "2026-11-22";

	public static void main(String[] args) throws Exception {
		Path bundles = Path.of(args[2]);
		int clients = args.length > 3 ? Integer.parseInt(args[3]) : 8;
		int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 15;
		int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 3;
		Server current = Server.load("current", args[0], bundles);
		Server baseline = Server.load("baseline", args[1], bundles);

		for (Server server : List.of(current, baseline)) {
			for (Map.Entry<String, IntUnaryOperator> workload : server.workloads.entrySet()) {
				for (int i = 0; i < 300; i++) {
					int status = workload.getValue().applyAsInt(i);
					if (status != 200) {
						throw new IllegalStateException(server.name + " " + workload.getKey() + ": HTTP " + status);
					}
				}
			}
		}
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		Map<String, List<Double>> ratios = new LinkedHashMap<>();
		for (int round = 1; round <= rounds; round++) {
			List<Server> order = round % 2 == 1 ? List.of(current, baseline) : List.of(baseline, current);
			for (String workload : current.workloads.keySet()) {
				Map<Server, Double> rate = new LinkedHashMap<>();
				for (Server server : order) {
					rate.put(server, run(server, workload, clients, seconds, pool));
				}
				double ratio = rate.get(current) / rate.get(baseline);
				ratios.computeIfAbsent(workload, k -> new ArrayList<>()).add(ratio);
				System.out.printf(Locale.ROOT, "round %d  %-17s current %6.1f/s  baseline %6.1f/s  ratio %.2f%n", round,
						workload, rate.get(current), rate.get(baseline), ratio);
			}
		}
		pool.shutdownNow();
		System.out.printf("%nthroughput ratio current / baseline at %d clients, median of %d rounds:%n", clients, rounds);
		ratios.forEach((workload, list) -> {
			double[] sorted = list.stream().mapToDouble(Double::doubleValue).sorted().toArray();
			System.out.printf(Locale.ROOT, "  %-17s %.2f   (rounds: %s)%n", workload, sorted[sorted.length / 2],
					Arrays.toString(list.stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).toArray()));
		});
	}

	/** One server with the scenario patients loaded and its workloads, each a call of the i-th patient. */
	static final class Server {
		final String name;
		final Map<String, IntUnaryOperator> workloads = new LinkedHashMap<>();

		Server(String name) {
			this.name = name;
		}

		static Server load(String name, String url, Path bundles) throws Exception {
			String fhir = url + "/fhir";
			List<String> ids = new ArrayList<>();
			try (Stream<Path> files = Files.list(bundles)) {
				for (Path file : files.filter(p -> p.getFileName().toString().startsWith("Bundle-")).sorted().toList()) {
					HttpResponse<String> r = CdsBench.send(fhir, "application/fhir+json", Files.readString(file));
					if (r.statusCode() != 200) {
						throw new IllegalStateException(name + " refused " + file + ": HTTP " + r.statusCode());
					}
					Matcher m = Pattern.compile("\"location\"\\s*:\\s*\"Patient/([^/\"]+)").matcher(r.body());
					if (m.find()) ids.add(m.group(1));
				}
			}
			Map<String, String> templates = CdsBench.templates(url);
			List<String> full = new ArrayList<>();
			List<String> self = new ArrayList<>();
			for (String id : ids) {
				StringBuilder prefetch = new StringBuilder();
				for (Map.Entry<String, String> template : templates.entrySet()) {
					String body = CdsBench.CLIENT.send(HttpRequest.newBuilder(URI.create(
									fhir + "/" + template.getValue().replace("{{context.patientId}}", id)))
							.header("Accept", "application/fhir+json").build(), HttpResponse.BodyHandlers.ofString()).body();
					prefetch.append(prefetch.isEmpty() ? "" : ",").append('"').append(template.getKey()).append("\":")
							.append(body);
				}
				full.add(CdsBench.request(id, "\"fhirServer\":\"" + fhir + "\",\"prefetch\":{" + prefetch + "},"));
				self.add(CdsBench.request(id, ""));
			}
			System.out.printf("%s (%s): %d scenario patients from %s; prefetch keys %s%n", name, url, ids.size(), bundles,
					templates.keySet());
			Server server = new Server(name);
			String service = url + "/cds-services/somaxis-patient-view";
			server.workloads.put("$evaluate", i -> CdsBench.get(fhir + "/Patient/" + ids.get(i % ids.size())
					+ "/$evaluate?evaluationDate=" + DATE));
			server.workloads.put("IGF-1 search", i -> CdsBench.get(fhir + "/Observation?patient=" + ids.get(i % ids.size())
					+ "&code=http://loinc.org%7C2484-4"));
			server.workloads.put("CDS full prefetch", i -> CdsBench.post(service, full.get(i % full.size())));
			server.workloads.put("CDS self-fetch", i -> CdsBench.post(service, self.get(i % self.size())));
			return server;
		}
	}

	/** Throughput (successful calls per second) of one workload at N clients. */
	static double run(Server server, String workload, int clients, int seconds, ExecutorService pool) throws Exception {
		IntUnaryOperator call = server.workloads.get(workload);
		AtomicLong ok = new AtomicLong();
		AtomicLong errors = new AtomicLong();
		long start = System.nanoTime();
		long end = start + seconds * 1_000_000_000L;
		List<Future<?>> futures = new ArrayList<>();
		for (int c = 0; c < clients; c++) {
			final int offset = c * 7;
			futures.add(pool.submit(() -> {
				for (int i = offset; System.nanoTime() < end; i++) {
					(call.applyAsInt(i) == 200 ? ok : errors).incrementAndGet();
				}
				return null;
			}));
		}
		for (Future<?> f : futures) f.get();
		if (errors.get() > 0) {
			System.out.printf("  %s %s: %d errors%n", server.name, workload, errors.get());
		}
		return ok.get() / ((System.nanoTime() - start) / 1e9);
	}
}
