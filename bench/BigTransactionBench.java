import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.somaxis.conformance.RealWorldBundles;

/**
 * Posts a batch of Organizations, Locations and Practitioners, then one patient's transaction that references them by
 * conditional URL (the EHR export shapes of src/test/.../RealWorldBundles), and reports the time to the transaction's
 * answer. No client timeout: the figure is what a client's own timeout must allow.
 *
 * <p>Args: base URL, encounters (5 entries each, plus the Patient; default 1400 = 7,001 entries), rounds (default 2:
 * the first after start-up is cold).
 */
public final class BigTransactionBench {
	public static void main(String[] args) throws Exception {
		String base = args[0];
		int encounters = args.length > 1 ? Integer.parseInt(args[1]) : 1400;
		int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
		FhirContext fhir = FhirContext.forR4Cached();
		HttpClient client = HttpClient.newHttpClient();
		for (int round = 1; round <= rounds; round++) {
			String tag = UUID.randomUUID().toString().substring(0, 8);
			String batch = fhir.newJsonParser().encodeResourceToString(RealWorldBundles.providerBatch(tag, 10));
			Bundle transaction = RealWorldBundles.patientTransaction(tag, 10, encounters);
			String body = fhir.newJsonParser().encodeResourceToString(transaction);
			int batchStatus = post(client, base, batch).statusCode();
			String load = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).substring(0, 14);
			long start = System.nanoTime();
			HttpResponse<String> answer = post(client, base, body);
			long millis = (System.nanoTime() - start) / 1_000_000;
			System.out.printf("round %d: batch %d; transaction of %d entries (%d KB): %d in %.1f s (load average before: %s)%n",
					round, batchStatus, transaction.getEntry().size(), body.length() / 1024, answer.statusCode(), millis / 1000.0,
					load.trim());
		}
	}

	private static HttpResponse<String> post(HttpClient client, String base, String body) throws Exception {
		return client.send(HttpRequest.newBuilder(URI.create(base)).header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
	}
}
