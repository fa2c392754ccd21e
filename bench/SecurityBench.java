import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load generator for bench/security.sh (issue 10): the same reads against an {@code open} server and a {@code smart}
 * server that run side by side, measured in alternating rounds so that drift of the machine hits both alike.
 * JDK only (compiled together with PlatformBench, whose bundle generator it reuses); the tokens are real RS256 JWTs
 * signed with a key this program generates, and the smart server fetches the public key from this program's JWKS
 * endpoint on loopback.
 *
 * <pre>
 * java SecurityBench jwks KEY_FILE PORT          # generate a key, write it, serve its JWK Set until killed
 * java SecurityBench run OPEN_BASE SMART_BASE KEY_FILE ISSUER AUDIENCE [bundles=12] [clients=4] [seconds=10] [rounds=3]
 * </pre>
 *
 * <p>Workloads: the IGF-1 search of bench/platform.sh ({@code Observation?patient=X&code=http://loinc.org|2484-4&_sort=-date}),
 * the same with {@code Cache-Control: no-cache} (HAPI reuses an identical search's results for 60 s, except when a
 * consent service filters results, as in smart mode) and {@code Patient/X/$evaluate}; in smart mode each patient's requests carry a {@code patient/*.rs} token with
 * that patient in context, minted once (as an app reuses its token), so the figure is the cost of verifying and
 * enforcing, not of minting.
 */
public class SecurityBench {
	static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
	static final String KID = "bench";

	public static void main(String[] args) throws Exception {
		switch (args[0]) {
			case "jwks" -> serveJwks(Path.of(args[1]), Integer.parseInt(args[2]));
			case "run" -> {
				try {
					run(args);
				} catch (Exception e) {
					e.printStackTrace();
					System.exit(1); // the client pool's threads would keep a failed run alive
				}
				System.exit(0);
			}
			default -> throw new IllegalArgumentException("jwks | run");
		}
	}

	static void serveJwks(Path keyFile, int port) throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		KeyPair pair = generator.generateKeyPair();
		RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
		String jwks = "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + KID + "\",\"n\":\""
				+ b64(unsigned(pub.getModulus())) + "\",\"e\":\"" + b64(unsigned(pub.getPublicExponent())) + "\"}]}";
		com.sun.net.httpserver.HttpServer server =
				com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
		server.createContext("/jwks.json", exchange -> {
			byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		server.start();
		Path tmp = keyFile.resolveSibling(keyFile.getFileName() + ".tmp");
		Files.writeString(tmp, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
		Files.move(tmp, keyFile);
		Thread.sleep(Long.MAX_VALUE);
	}

	static byte[] unsigned(BigInteger value) {
		byte[] bytes = value.toByteArray();
		return bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
	}

	static String b64(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	record Server(String label, String base, Map<String, String> tokens, List<String> patients) {
		String token(String patient) {
			return tokens.get(patient);
		}
	}

	static void run(String[] args) throws Exception {
		String openBase = args[1];
		String smartBase = args[2];
		PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(
				new PKCS8EncodedKeySpec(Base64.getDecoder().decode(Files.readString(Path.of(args[3])).strip())));
		String issuer = args[4];
		String audience = args[5];
		int bundles = args.length > 6 ? Integer.parseInt(args[6]) : 12;
		int clients = args.length > 7 ? Integer.parseInt(args[7]) : 4;
		int seconds = args.length > 8 ? Integer.parseInt(args[8]) : 10;
		int rounds = args.length > 9 ? Integer.parseInt(args[9]) : 3;
		Function<String, String> mint = claims -> jwt(key, claims);
		long exp = System.currentTimeMillis() / 1000 + 3600;
		Function<String, String> claims = extra -> "{\"iss\":\"" + issuer + "\",\"aud\":\"" + audience
				+ "\",\"sub\":\"bench-user\",\"client_id\":\"bench\",\"iat\":" + (exp - 3600) + ",\"exp\":" + exp
				+ ",\"jti\":\"" + UUID.randomUUID() + "\"," + extra + "}";
		String admin = mint.apply(claims.apply("\"scope\":\"system/*.cruds\""));

		Server open = new Server("open", openBase, new HashMap<>(), new ArrayList<>());
		Server smart = new Server("smart", smartBase, new HashMap<>(), new ArrayList<>());
		for (int i = 0; i < bundles; i++) {
			String bundle = PlatformBench.bundle(new Random(42 + i), "s" + i);
			open.patients().add(ingest(openBase, bundle, null));
			String id = ingest(smartBase, bundle, admin);
			smart.patients().add(id);
			smart.tokens().put(id, mint.apply(claims.apply("\"scope\":\"patient/*.rs\",\"patient\":\"" + id + "\"")));
		}
		System.out.printf(Locale.ROOT, "ingested %d one-patient bundles into each server; %d clients, %d rounds of %d s"
				+ " per workload and mode; load average %s%n", bundles, clients, rounds, seconds, loadAverage());

		String search = "/Observation?patient=%s&code=http://loinc.org%%7C2484-4&_sort=-date";
		List<Workload> workloads = List.of(
				new Workload("IGF-1 search", search, false),
				// HAPI reuses the results of an identical search for 60 s, but not when a consent service filters
				// results (smart mode): "no-cache" turns reuse off in both modes, to show the cost of security alone
				new Workload("IGF-1 search, Cache-Control: no-cache", search, true),
				new Workload("Patient/$evaluate", "/Patient/%s/$evaluate?evaluationDate=2026-11-22", false));
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		for (Server server : List.of(open, smart)) { // warm-up, not measured
			for (Workload workload : workloads) {
				phase(server, workload, clients, 3, pool);
			}
		}
		for (Workload workload : workloads) {
			Map<String, List<Long>> latencies = new HashMap<>();
			Map<String, Integer> counts = new HashMap<>();
			for (int round = 0; round < rounds; round++) {
				// alternate which mode goes first, so a trend over time favours neither
				List<Server> order = round % 2 == 0 ? List.of(open, smart) : List.of(smart, open);
				for (Server server : order) {
					Result r = phase(server, workload, clients, seconds, pool);
					latencies.computeIfAbsent(server.label(), k -> new ArrayList<>()).addAll(r.latencies());
					counts.merge(server.label(), r.latencies().size(), Integer::sum);
					if (r.failures() > 0) {
						System.out.printf(Locale.ROOT, "  %s %s: %d non-200 answers%n", workload.label(), server.label(),
								r.failures());
					}
				}
			}
			double openRate = counts.get("open") / (double) (rounds * seconds);
			double smartRate = counts.get("smart") / (double) (rounds * seconds);
			for (String mode : List.of("open", "smart")) {
				List<Long> sorted = latencies.get(mode);
				Collections.sort(sorted);
				System.out.printf(Locale.ROOT, "%-40s %-5s %7.1f req/s  p50 %6.2f ms  p99 %6.2f ms%n", workload.label(),
						mode, counts.get(mode) / (double) (rounds * seconds), pct(sorted, 0.5) / 1e6,
						pct(sorted, 0.99) / 1e6);
			}
			System.out.printf(Locale.ROOT, "%-40s smart/open throughput ratio %.2f (target >= 0.85)%n", workload.label(),
					smartRate / openRate);
		}
		System.out.println("load average after: " + loadAverage());
		pool.shutdownNow();
	}

	record Workload(String label, String pathTemplate, boolean noCache) {}

	record Result(List<Long> latencies, int failures) {}

	static Result phase(Server server, Workload workload, int clients, int seconds, ExecutorService pool)
			throws Exception {
		ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
		AtomicInteger failures = new AtomicInteger();
		long end = System.nanoTime() + seconds * 1_000_000_000L;
		List<Future<?>> futures = new ArrayList<>();
		for (int c = 0; c < clients; c++) {
			int client = c;
			futures.add(pool.submit(() -> {
				int i = client;
				while (System.nanoTime() < end) {
					String patient = server.patients().get(i++ % server.patients().size());
					HttpRequest.Builder request =
							HttpRequest.newBuilder(URI.create(server.base() + String.format(workload.pathTemplate(), patient)))
									.header("Accept", "application/fhir+json").timeout(Duration.ofSeconds(60));
					if (workload.noCache()) {
						request.header("Cache-Control", "no-cache");
					}
					String token = server.token(patient);
					if (token != null) {
						request.header("Authorization", "Bearer " + token);
					}
					long t0 = System.nanoTime();
					try {
						HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
						if (response.statusCode() == 200) {
							latencies.add(System.nanoTime() - t0);
						} else {
							failures.incrementAndGet();
						}
					} catch (IOException | InterruptedException e) {
						failures.incrementAndGet();
					}
				}
				return null;
			}));
		}
		for (Future<?> f : futures) {
			f.get();
		}
		return new Result(new ArrayList<>(latencies), failures.get());
	}

	static String ingest(String base, String bundle, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base))
				.header("Content-Type", "application/fhir+json").timeout(Duration.ofSeconds(120))
				.POST(HttpRequest.BodyPublishers.ofString(bundle));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("ingest answered " + response.statusCode() + ": "
					+ response.body().substring(0, Math.min(400, response.body().length())));
		}
		Matcher m = Pattern.compile("\"location\"\\s*:\\s*\"Patient/([^/\"]+)").matcher(response.body());
		if (!m.find()) {
			throw new IllegalStateException("no Patient in the transaction response");
		}
		return m.group(1);
	}

	static String jwt(PrivateKey key, String claims) {
		try {
			String signingInput = b64("{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"bench\"}".getBytes(StandardCharsets.UTF_8))
					+ "." + b64(claims.getBytes(StandardCharsets.UTF_8));
			Signature signature = Signature.getInstance("SHA256withRSA");
			signature.initSign(key);
			signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
			return signingInput + "." + b64(signature.sign());
		} catch (java.security.GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
	}

	static long pct(List<Long> sorted, double p) {
		return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * p)));
	}

	static String loadAverage() {
		try {
			String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
			return parts[0] + " " + parts[1] + " " + parts[2];
		} catch (IOException e) {
			return "n/a";
		}
	}
}
