package org.somaxis.conformance.tools;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;

/**
 * Loads a folder of transaction (or batch) Bundles into any FHIR server, with a progress bar on stderr and a
 * summary on stdout; every rejected Bundle (or batch entry) is reported with the server's OperationOutcome.
 *
 * <p>Usage: {@code BundleLoader <folder-or-file> <fhirBaseUrl> [--clients N]}. Exit code 0 when everything
 * loaded, 1 when something was rejected, 2 on bad usage. From the server jar:
 * {@code java -cp target/somaxis-server.jar -Dloader.main=org.somaxis.conformance.tools.BundleLoader
 * org.springframework.boot.loader.launch.PropertiesLauncher examples/bundles http://localhost:8080/fhir}.
 */
public final class BundleLoader {
	private static final FhirContext FHIR = FhirContext.forR4Cached();

	/** The outcome of one run. */
	public record Summary(int bundles, int loaded, int resources, List<String> rejections, long millis) {
		public double resourcesPerSecond() {
			return millis == 0 ? 0 : resources * 1000.0 / millis;
		}

		public String describe() {
			StringBuilder text = new StringBuilder();
			text.append(String.format("%d/%d bundles loaded, %d resources in %.1f s (%.0f resources/s), %d rejected%n",
					loaded, bundles, resources, millis / 1000.0, resourcesPerSecond(), rejections.size()));
			rejections.forEach(r -> text.append(r).append(System.lineSeparator()));
			return text.toString();
		}
	}

	private final URI base;
	private final int clients;
	private final PrintStream progress;
	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	public BundleLoader(String baseUrl, int clients, PrintStream progress) {
		this.base = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
		this.clients = Math.max(1, clients);
		this.progress = progress;
	}

	public static void main(String[] args) throws Exception {
		List<String> positional = new ArrayList<>();
		int clients = 1;
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("--clients") && i + 1 < args.length) {
				clients = Integer.parseInt(args[++i]);
			} else {
				positional.add(args[i]);
			}
		}
		if (positional.size() != 2) {
			System.err.println("Usage: BundleLoader <folder-or-file> <fhirBaseUrl> [--clients N]");
			System.exit(2);
		}
		Summary summary = new BundleLoader(positional.get(1), clients, System.err).load(bundleFiles(Path.of(positional.get(0))));
		System.out.print(summary.describe());
		System.exit(summary.rejections().isEmpty() ? 0 : 1);
	}

	/** The {@code *.json} files of a folder (sorted), or the one file given. */
	public static List<Path> bundleFiles(Path path) throws IOException {
		if (!Files.isDirectory(path)) {
			return List.of(path);
		}
		try (Stream<Path> files = Files.list(path)) {
			return files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
		}
	}

	public Summary load(List<Path> files) throws Exception {
		long start = System.nanoTime();
		AtomicInteger done = new AtomicInteger();
		AtomicInteger loaded = new AtomicInteger();
		AtomicInteger resources = new AtomicInteger();
		List<String> rejections = java.util.Collections.synchronizedList(new ArrayList<>());
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (Path file : files) {
				futures.add(pool.submit(() -> {
					List<String> rejected = post(file, resources);
					if (rejected.isEmpty()) {
						loaded.incrementAndGet();
					}
					rejections.addAll(rejected);
					bar(done.incrementAndGet(), files.size(), resources.get(), rejections.size());
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get();
			}
		} finally {
			pool.shutdown();
		}
		progress.println();
		return new Summary(files.size(), loaded.get(), resources.get(), List.copyOf(rejections),
				(System.nanoTime() - start) / 1_000_000);
	}

	/** Posts one Bundle; returns the rejections (empty when everything was stored). */
	private List<String> post(Path file, AtomicInteger resources) throws IOException, InterruptedException {
		String name = file.getFileName().toString();
		HttpResponse<String> response;
		try {
			response = http.send(
					HttpRequest.newBuilder(base)
							.timeout(Duration.ofMinutes(2))
							.header("Content-Type", "application/fhir+json")
							.header("Accept", "application/fhir+json")
							.POST(HttpRequest.BodyPublishers.ofFile(file))
							.build(),
					HttpResponse.BodyHandlers.ofString());
		} catch (IOException e) {
			return List.of(name + ": not sent: " + e.getMessage());
		}
		if (response.statusCode() / 100 != 2) {
			return List.of(name + ": HTTP " + response.statusCode() + describeOutcome(response.body()));
		}
		Bundle reply = FHIR.newJsonParser().parseResource(Bundle.class, response.body());
		List<String> rejected = new ArrayList<>();
		for (int i = 0; i < reply.getEntry().size(); i++) {
			Bundle.BundleEntryResponseComponent entry = reply.getEntry().get(i).getResponse();
			if (entry.getStatus() != null && entry.getStatus().matches("2\\d\\d.*")) {
				resources.incrementAndGet();
			} else {
				rejected.add(name + " entry " + i + ": " + entry.getStatus() + describe(entry.getOutcome()));
			}
		}
		return rejected;
	}

	private static String describeOutcome(String body) {
		try {
			return describe((Resource) FHIR.newJsonParser().parseResource(body));
		} catch (RuntimeException e) {
			return " " + body.substring(0, Math.min(200, body.length()));
		}
	}

	private static String describe(Resource resource) {
		if (!(resource instanceof OperationOutcome outcome)) {
			return "";
		}
		StringBuilder text = new StringBuilder();
		for (OperationOutcome.OperationOutcomeIssueComponent issue : outcome.getIssue()) {
			if (issue.getSeverity() == OperationOutcome.IssueSeverity.ERROR
					|| issue.getSeverity() == OperationOutcome.IssueSeverity.FATAL) {
				String where = issue.hasExpression() ? issue.getExpression().get(0).getValue()
						: issue.hasLocation() ? issue.getLocation().get(0).getValue() : "";
				text.append(System.lineSeparator()).append("    ").append(issue.getSeverity().toCode()).append(' ')
						.append(where).append(": ").append(issue.getDiagnostics());
			}
		}
		return text.toString();
	}

	private synchronized void bar(int done, int total, int resources, int rejected) {
		int width = 30;
		int filled = total == 0 ? width : done * width / total;
		progress.printf("\r[%s%s] %d/%d bundles, %d resources, %d rejected", "#".repeat(filled),
				".".repeat(width - filled), done, total, resources, rejected);
		progress.flush();
	}
}
