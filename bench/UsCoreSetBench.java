import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.somaxis.conformance.RealWorldBundles;

/**
 * Issue 8's second data shape: a US Core-shaped population of about 31,000 resources, as a synthetic EHR generator
 * exports it. One batch of Organizations, Locations and Practitioners, then one transaction per patient whose
 * Encounters reference them by conditional URL (src/test/.../RealWorldBundles), posted by several clients at once.
 * All bodies are encoded before the clock starts. Reports resources per second over the patients' transactions.
 *
 * <p>Args: base URL, patients (default 150), encounters per patient (default 41: 206 resources each, so 30,900 in
 * all), clients (default 4).
 */
public final class UsCoreSetBench {
	public static void main(String[] args) throws Exception {
		String base = args[0];
		int patients = args.length > 1 ? Integer.parseInt(args[1]) : 150;
		int encounters = args.length > 2 ? Integer.parseInt(args[2]) : 41;
		int clients = args.length > 3 ? Integer.parseInt(args[3]) : 4;
		FhirContext fhir = FhirContext.forR4Cached();
		HttpClient client = HttpClient.newHttpClient();
		String tag = UUID.randomUUID().toString().substring(0, 8);
		Bundle providers = RealWorldBundles.providerBatch(tag, 10);
		int batchStatus = post(client, base, fhir.newJsonParser().encodeResourceToString(providers)).statusCode();

		List<String> bodies = new ArrayList<>();
		int resources = 0;
		for (int p = 0; p < patients; p++) {
			Bundle transaction = RealWorldBundles.patientTransaction(tag, 10, encounters);
			((Patient) transaction.getEntryFirstRep().getResource()).getIdentifierFirstRep().setValue("patient-" + tag + "-" + p);
			resources += transaction.getEntry().size();
			bodies.add(fhir.newJsonParser().encodeResourceToString(transaction));
		}
		String load = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).substring(0, 14).trim();
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		long start = System.nanoTime();
		List<Future<Integer>> answers = new ArrayList<>();
		for (String body : bodies) {
			answers.add(pool.submit(() -> post(client, base, body).statusCode()));
		}
		int failed = 0;
		for (Future<Integer> answer : answers) {
			if (answer.get() != 200) {
				failed++;
			}
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		pool.shutdown();
		System.out.printf("us-core set: batch %d; %d patients, %d resources in %.1f s at %d clients = %.0f resources/s"
						+ " (%d failed transactions; load average before: %s)%n",
				batchStatus, patients, resources, seconds, clients, resources / seconds, failed, load);
	}

	private static HttpResponse<String> post(HttpClient client, String base, String body) throws Exception {
		return client.send(HttpRequest.newBuilder(URI.create(base)).header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
	}
}
