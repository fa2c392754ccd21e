package org.somaxis.gather;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/**
 * An allow-listed remote FHIR server, read with HAPI's generic client and the CDS client's bearer token
 * ({@link BearerTokenAuthInterceptor}). The client never follows redirects (a redirect could leave the allow-list),
 * follows up to {@value #MAX_PAGES} pages of {@code next} links on the same base (a search cut short there becomes a
 * message for the clinician), and never logs the token or puts it in an error message. {@link DataSources} checks the
 * allow-list before it builds one.
 */
public final class RemoteSource implements PatientDataSource, PartFetcher {
	static final int MAX_PAGES = 10;
	private static final java.util.regex.Pattern SCHEME = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:");
	private static final java.util.regex.Pattern DOT_SEGMENT = java.util.regex.Pattern.compile("(^|/)\\.{1,2}(/|$)");

	private final IGenericClient client;
	private final String base;
	private final GatherPlan plan;
	private final List<String> messages = new ArrayList<>();
	/** The supplementary parts (administrations, dispenses, allergies) whose search could not be answered. */
	private final Set<GatherPlan.Part> unreadParts = java.util.EnumSet.noneOf(GatherPlan.Part.class);

	RemoteSource(IGenericClient client, String base, String token, GatherPlan plan) {
		this.client = client;
		this.base = base;
		this.plan = plan;
		if (token != null && !token.isBlank()) {
			client.registerInterceptor(new BearerTokenAuthInterceptor(token));
		}
	}

	@Override
	public PatientData gather(PatientQuery query) {
		return PatientData.checked(query.patientId(), fetch(query, query.parts()), messages(),
				Set.of(base + "/Patient/" + query.patientId()), Set.of(base), base)
				.unread(unreadParts);
	}

	@Override
	public Set<GatherPlan.Part> unreadParts() {
		return Set.copyOf(unreadParts);
	}

	@Override
	public List<String> messages() {
		return List.copyOf(messages);
	}

	/** @throws GatherException UNAVAILABLE when the server cannot be reached or does not answer with FHIR */
	@Override
	public List<Resource> fetch(PatientQuery query, Set<GatherPlan.Part> parts) {
		List<Resource> found = new ArrayList<>();
		for (GatherPlan.Part part : GatherPlan.Part.values()) {
			if (!parts.contains(part)) {
				continue;
			}
			if (part == GatherPlan.Part.PATIENT) {
				answered(part.resourceType(), () -> found.add(
						client.read().resource(Patient.class).withId(query.patientId()).execute()));
			} else if (part.supplementary()) {
				try {
					answered(part.resourceType(),
							() -> searchAll(searchUrl(part, query), part.resourceType(), part.prefetchKey(), found));
				} catch (GatherException e) { // a server without the search, or a token without its scope
					messages.addAll(GatherPlan.notRead(List.of(part), e.getMessage()));
					unreadParts.add(part);
				}
			} else {
				answered(part.resourceType(),
						() -> searchAll(searchUrl(part, query), part.resourceType(), part.prefetchKey(), found));
			}
		}
		substances(found); // the _include brought the Medications
		ZonelessTimes.named(found, "FHIR server " + base).ifPresent(messages::add);
		return found;
	}

	/** Adds the Substances that the Medications' ingredients name (a compounded vial's peptide), in one more query. */
	private void substances(List<Resource> found) {
		Set<String> substances = MedicationReferences.missingSubstanceIds(found);
		if (!substances.isEmpty()) {
			found.addAll(substances(substances));
		}
	}

	/** @throws GatherException UNAVAILABLE as {@link #fetch} */
	@Override
	public List<Resource> substances(Set<String> ids) {
		List<Resource> found = new ArrayList<>();
		answered("Substance", () -> searchAll(
				base + "/Substance?_id=" + encode(String.join(",", ids)), "Substance", "substance", found));
		return found;
	}

	@Override
	public boolean holdsBase(String base) {
		return org.somaxis.fhir.ServerBases.isSameServer(base, this.base);
	}

	/** @throws GatherException UNAVAILABLE as {@link #fetch} */
	@Override
	public List<Resource> medications(Set<String> ids) {
		List<Resource> found = new ArrayList<>();
		answered("Medication", () -> searchAll(
				base + "/Medication?_id=" + encode(String.join(",", ids)), "Medication", "medication", found));
		substances(found);
		return found;
	}

	/** Runs one query, turning every way the server can fail into UNAVAILABLE. */
	private void answered(String resourceType, Runnable query) {
		try {
			query.run();
		} catch (FhirClientConnectionException e) {
			throw new GatherException(GatherException.Reason.UNAVAILABLE, "FHIR server " + base + " could not be reached");
		} catch (BaseServerResponseException e) {
			throw new GatherException(GatherException.Reason.UNAVAILABLE,
					"FHIR server " + base + " answered " + e.getStatusCode() + " to a " + resourceType + " query");
		} catch (DataFormatException e) {
			throw new GatherException(GatherException.Reason.UNAVAILABLE,
					"FHIR server " + base + " did not answer with FHIR JSON");
		}
	}

	private String searchUrl(GatherPlan.Part part, PatientQuery query) {
		StringBuilder url = new StringBuilder(base).append('/').append(part.resourceType())
				.append("?patient=").append(encode(query.patientId()));
		for (Map.Entry<String, String> parameter
				: plan.search(part, plan.lifestyleSince(query.evaluationDate()), GatherPlan.Asker.URL).entrySet()) {
			url.append('&').append(parameter.getKey()).append('=').append(encode(parameter.getValue()));
		}
		GatherPlan.include(part).ifPresent(include -> url.append("&_include=").append(encode(include)));
		return url.toString();
	}

	/**
	 * Every page of a search on this server, its entries given plain ids. A search cut short (more than MAX_PAGES
	 * pages, or a next page on another server), one whose first page's {@code total} is more than the matches its pages
	 * gave, an entry without its resource and an OperationOutcome that warns become messages; an OperationOutcome that
	 * reports an error is a failed search (UNAVAILABLE), like a non-2xx answer. A relative next link is read against
	 * the base.
	 */
	private void searchAll(String url, String resourceType, String idPrefix, List<Resource> found) {
		String what = "FHIR server " + base + "'s " + resourceType + " search";
		Bundle page = client.search().byUrl(url).returnBundle(Bundle.class).execute();
		Integer total = page != null && page.hasTotal() ? page.getTotal() : null;
		int matches = 0;
		boolean withoutResource = false;
		boolean cutShort = false;
		for (int pages = 1; page != null; pages++) {
			for (Bundle.BundleEntryComponent entry : page.getEntry()) {
				Resource resource = entry.getResource();
				matches += SearchPages.isMatch(entry) ? 1 : 0;
				withoutResource |= SearchPages.lacksItsResource(entry);
				if (resource instanceof OperationOutcome outcome && SearchOutcomes.failed(outcome)) {
					throw new GatherException(GatherException.Reason.UNAVAILABLE, what + " failed (an OperationOutcome"
							+ " with an error came with it)");
				} else if (resource instanceof OperationOutcome outcome) {
					SearchOutcomes.note(what, outcome, messages);
				} else if (resource != null) {
					BundleIds.normalise(resource, entry.getFullUrl(), idPrefix + "-" + found.size());
					found.add(resource);
				}
			}
			Bundle.BundleLinkComponent next = page.getLink(Bundle.LINK_NEXT);
			if (next == null) {
				break;
			}
			String nextUrl = againstBase(next.getUrl());
			if (pages >= MAX_PAGES || !onBase(nextUrl)) {
				messages.add(what + " has more pages than were read (" + pages + (pages >= MAX_PAGES
						? ", the most Somaxis follows" : "; the next one is on another server") + "): some of the patient's"
						+ " data may be missing - please check it");
				cutShort = true;
				break;
			}
			page = client.loadPage().byUrl(nextUrl).andReturnBundle(Bundle.class).execute();
		}
		if (!cutShort && total != null && total > matches) {
			messages.add(what + " says it has " + total + " matches but its pages gave " + matches + ": some of the"
					+ " patient's data may be missing - please check it");
		}
		if (withoutResource) {
			messages.add(what + " gave an entry without its resource: some of the patient's data may be missing - please"
					+ " check it");
		}
	}

	/**
	 * A link as given when it has a scheme, or read against the base when it is relative: {@code Condition?page=2}
	 * after the base, {@code /fhir/Condition?page=2} after its scheme and authority; a scheme-relative {@code //host/...}
	 * gets the base's scheme, and so names another server unless it is the base's own.
	 */
	private String againstBase(String url) {
		if (url == null || SCHEME.matcher(url).lookingAt() || DOT_SEGMENT.matcher(url.split("\\?", 2)[0]).find()) {
			return url; // a dot segment could climb off the base's path: left unresolved, so not followed
		}
		String scheme = base.substring(0, base.indexOf("://") + 1);
		if (url.startsWith("//")) {
			return scheme + url;
		}
		if (url.startsWith("/")) {
			int path = base.indexOf('/', base.indexOf("://") + 3);
			return (path < 0 ? base : base.substring(0, path)) + url;
		}
		return base + "/" + url;
	}

	/** A next link on the same server: the base itself followed by "/" or "?" (not a longer look-alike host or path). */
	private boolean onBase(String url) {
		return url != null && (url.startsWith(base + "/") || url.startsWith(base + "?"));
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}
}
