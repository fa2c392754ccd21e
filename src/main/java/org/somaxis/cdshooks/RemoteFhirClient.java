package org.somaxis.cdshooks;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * GETs prefetch queries from an allow-listed remote FHIR server with the client's bearer token. Redirects are never
 * followed (a redirect could leave the allow-list) and the token is never logged or put in an error message.
 */
public final class RemoteFhirClient {
	private static final int MAX_PAGES = 10;

	private final FhirContext fhir;
	private final HttpClient http;
	private final Duration timeout;

	public RemoteFhirClient(FhirContext fhir, Duration timeout) {
		this.fhir = fhir;
		this.timeout = timeout;
		this.http = HttpClient.newBuilder()
				.connectTimeout(timeout)
				.followRedirects(HttpClient.Redirect.NEVER)
				.build();
	}

	/**
	 * The resources a read or search returns (following up to {@value #MAX_PAGES} pages of {@code next} links on
	 * the same server).
	 *
	 * @throws CdsException 412 when the server cannot be reached or does not answer 200 with FHIR JSON
	 */
	public List<Resource> fetch(String base, String relativeQuery, String token) {
		List<Resource> found = new ArrayList<>();
		String url = base + "/" + relativeQuery;
		for (int page = 0; url != null && page < MAX_PAGES; page++) {
			IBaseResource resource = get(base, url, token);
			if (resource instanceof Bundle bundle) {
				bundle.getEntry().stream()
						.map(Bundle.BundleEntryComponent::getResource)
						.filter(entry -> entry != null && !entry.fhirType().equals("OperationOutcome"))
						.forEach(found::add);
				Bundle.BundleLinkComponent next = bundle.getLink(Bundle.LINK_NEXT);
				url = next == null || !next.getUrl().startsWith(base + "/") ? null : next.getUrl();
			} else {
				found.add((Resource) resource);
				url = null;
			}
		}
		return found;
	}

	private IBaseResource get(String base, String url, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
				.timeout(timeout)
				.header("Accept", "application/fhir+json")
				.GET();
		if (token != null && !token.isBlank()) {
			request.header("Authorization", "Bearer " + token);
		}
		HttpResponse<String> response;
		try {
			response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		} catch (IOException | IllegalArgumentException e) {
			throw CdsException.preconditionFailed("FHIR server " + base + " could not be reached");
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw CdsException.preconditionFailed("Interrupted while reading from " + base);
		}
		if (response.statusCode() != 200) {
			throw CdsException.preconditionFailed(
					"FHIR server " + base + " answered " + response.statusCode() + " to a prefetch query");
		}
		try {
			return fhir.newJsonParser().parseResource(response.body());
		} catch (RuntimeException e) {
			throw CdsException.preconditionFailed("FHIR server " + base + " did not answer with FHIR JSON");
		}
	}
}
