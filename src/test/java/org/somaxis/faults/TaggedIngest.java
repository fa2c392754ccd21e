package org.somaxis.faults;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.somaxis.support.FaultFigures;

/**
 * The write load of the fault tests: {@code clients} threads post transaction Bundles of 5–20 entries (one Patient
 * and its Observations), every resource carrying the Bundle's own {@code meta.tag}, so that afterwards the database
 * tells, per Bundle, whether it is all there, absent, or partial. Each Bundle's fate on the client side is recorded:
 * acknowledged (200), refused (any other status), or unanswered (the connection broke or was refused).
 */
final class TaggedIngest implements AutoCloseable {
	static final String TAG_SYSTEM = "http://somaxis.org/fhir/fault-test";

	final Map<String, Integer> entries = new ConcurrentHashMap<>();
	final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
	final Set<String> refused = ConcurrentHashMap.newKeySet();
	final Set<String> unanswered = ConcurrentHashMap.newKeySet();
	/** Unanswered because the connection was refused: the server never saw them. */
	final Set<String> neverConnected = ConcurrentHashMap.newKeySet();

	private final String base;
	private final FaultFigures figures;
	private final ExecutorService clients;
	private final HttpClient http =
			HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
	private volatile boolean running = true;

	private TaggedIngest(String base, int clientCount, FaultFigures figures) {
		this.base = base;
		this.figures = figures;
		this.clients = Executors.newFixedThreadPool(clientCount);
		for (int i = 0; i < clientCount; i++) {
			clients.submit(this::loop);
		}
	}

	static TaggedIngest start(int port, int clients, FaultFigures figures) {
		return new TaggedIngest("http://127.0.0.1:" + port + "/fhir", clients, figures);
	}

	private void loop() {
		while (running) {
			String tag = UUID.randomUUID().toString();
			int size = ThreadLocalRandom.current().nextInt(5, 21);
			entries.put(tag, size);
			long start = System.nanoTime();
			try {
				HttpResponse<String> response = http.send(
						HttpRequest.newBuilder(URI.create(base))
								.timeout(Duration.ofSeconds(60))
								.header("Content-Type", "application/fhir+json")
								.header("Accept", "application/fhir+json")
								.POST(HttpRequest.BodyPublishers.ofString(bundle(tag, size)))
								.build(),
						HttpResponse.BodyHandlers.ofString());
				figures.answered(response.statusCode(), (System.nanoTime() - start) / 1_000_000);
				(response.statusCode() == 200 ? acknowledged : refused).add(tag);
			} catch (ConnectException e) {
				neverConnected.add(tag);
				unanswered.add(tag);
				pause();
			} catch (HttpTimeoutException e) {
				figures.answered(0, (System.nanoTime() - start) / 1_000_000);
				unanswered.add(tag);
			} catch (IOException e) {
				unanswered.add(tag);
				pause();
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private static void pause() {
		try {
			Thread.sleep(200);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	/** A transaction of one Patient and {@code size - 1} Observations, all tagged {@code tag}. */
	static String bundle(String tag, int size) {
		String meta = "\"meta\":{\"tag\":[{\"system\":\"" + TAG_SYSTEM + "\",\"code\":\"" + tag + "\"}]}";
		String patientUrn = "urn:uuid:" + UUID.randomUUID();
		StringBuilder json = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
		json.append("{\"fullUrl\":\"").append(patientUrn).append("\",\"resource\":{\"resourceType\":\"Patient\",")
				.append(meta).append(",\"name\":[{\"family\":\"Fault\",\"given\":[\"Test\"]}],\"gender\":\"unknown\"},")
				.append("\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}}");
		for (int i = 1; i < size; i++) {
			json.append(",{\"fullUrl\":\"urn:uuid:").append(UUID.randomUUID())
					.append("\",\"resource\":{\"resourceType\":\"Observation\",").append(meta)
					.append(",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"").append(TAG_SYSTEM)
					.append("\",\"code\":\"step\"}]},\"subject\":{\"reference\":\"").append(patientUrn)
					.append("\"},\"effectiveDateTime\":\"2026-12-01T10:00:00Z\",\"valueInteger\":").append(i)
					.append("},\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}");
		}
		return json.append("]}").toString();
	}

	/** The record of several load phases (one per kill), for one audit at the end. */
	static TaggedIngest merged(java.util.List<TaggedIngest> phases) {
		TaggedIngest all = new TaggedIngest();
		for (TaggedIngest phase : phases) {
			all.entries.putAll(phase.entries);
			all.acknowledged.addAll(phase.acknowledged);
			all.refused.addAll(phase.refused);
			all.unanswered.addAll(phase.unanswered);
			all.neverConnected.addAll(phase.neverConnected);
		}
		return all;
	}

	private TaggedIngest() {
		this.base = null;
		this.figures = null;
		this.clients = Executors.newFixedThreadPool(1);
		this.clients.shutdown();
		this.running = false;
	}

	void stop() {
		running = false;
		clients.shutdown();
		try {
			if (!clients.awaitTermination(90, TimeUnit.SECONDS)) {
				clients.shutdownNow();
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		stop();
	}
}
