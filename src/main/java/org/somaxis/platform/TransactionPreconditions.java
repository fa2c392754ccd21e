package org.somaxis.platform;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.util.FhirTerser;
import ca.uhn.fhir.util.UrlUtil;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.somaxis.fhir.OperationOutcomes;

/**
 * What a transaction or batch Bundle must satisfy before HAPI runs it, and how its If-Match conflicts are
 * answered (see {@link PreconditionInterceptor} for single requests). The number of entries
 * ({@code somaxis.fhir.max-bundle-entries}) is checked by the request guard before the Bundle is parsed
 * ({@code org.somaxis.security.BodyInspector}), not here.
 */
final class TransactionPreconditions {
	/** A url's scheme and "//": an absolute url. */
	private static final Pattern ABSOLUTE = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://");
	/** {@code Type/id/_history}, perhaps with a slash or a query: a resource's history, not one version. */
	private static final Pattern HISTORY_URL = Pattern.compile("[A-Z][A-Za-z]+/[^/?]+/_history/?(\\?.*)?");
	/** {@code Type?criteria}: a conditional url. */
	private static final Pattern CONDITIONAL_URL = Pattern.compile("[A-Z][A-Za-z]+\\?.*");
	/** {@code Type/id/_history/version}, perhaps with a query: a url naming one version of a resource. */
	private static final Pattern VERSIONED_URL = Pattern.compile("([A-Z][A-Za-z]+/[^/?]+)/_history/([^/?]+)(\\?.*)?");
	/** A url {@code Type/anything} without a query: the part after the type is meant as an id. */
	private static final Pattern TYPE_AND_ID = Pattern.compile("([A-Z][A-Za-z]+)/([^/?]+)");
	/** R4's id datatype. */
	private static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
	/** {@code Patient/1}, or an absolute url ending so; a conditional url ({@code Patient?...}) is no match. */
	private static final Pattern RESOURCE_BY_ID = Pattern.compile("(?:.*/)?([A-Z][A-Za-z]+)/([A-Za-z0-9\\-.]{1,64})");

	private final FhirTerser terser;

	TransactionPreconditions(FhirContext fhirContext) {
		this.terser = fhirContext.newTerser();
	}

	/**
	 * Every entry of a batch or transaction has a {@code request} with its {@code method} and {@code url} (R4's bdl-3 and
	 * the cardinalities of {@code Bundle.entry.request}): a batch entry without one answered 500 and nothing of the batch
	 * was stored (probe 50, P50-C2). 400 at the entry, the whole Bundle refused, as for every problem of the Bundle itself.
	 */
	void requireRequests(Bundle bundle) {
		if (bundle.getType() != Bundle.BundleType.BATCH && bundle.getType() != Bundle.BundleType.TRANSACTION) {
			return; // HAPI refuses other types
		}
		List<BundleEntryComponent> entries = bundle.getEntry();
		for (int i = 0; i < entries.size(); i++) {
			BundleEntryComponent entry = entries.get(i);
			HTTPVerb method = entry.hasRequest() ? entry.getRequest().getMethod() : null;
			String missing = !entry.hasRequest() ? "request"
					: method == null || method == HTTPVerb.NULL ? "request.method"
					: !entry.getRequest().hasUrl() ? "request.url"
					// HAPI named the entry in its text only, and in a batch always as entry[0] (probe 51, P51-m3)
					: (method == HTTPVerb.POST || method == HTTPVerb.PUT || method == HTTPVerb.PATCH) && entry.getResource() == null
							? "resource"
					: null;
			String url = missing == null ? entry.getRequest().getUrl() : "";
			if (ABSOLUTE.matcher(url).lookingAt() || url.startsWith("/")) {
				// R4: relative to the server's base; HAPI refused the server's own absolute urls, and paths from its root
				// (/fhir/Patient, //host/fhir/Patient), without a location (probes 51 and 53). A conditional url's criteria
				// may hold systems (Patient?identifier=http://...|123): only the url's start is read
				refuse("Bundle.entry[" + i + "].request.url is not relative to this server's base; give it so"
						+ " (Patient, Patient/1, Patient?identifier=...)", i, "request.url");
			}
			String ifNoneExist = entry.hasRequest() ? entry.getRequest().getIfNoneExist() : null;
			if (ifNoneExist != null && ABSOLUTE.matcher(ifNoneExist).lookingAt()) {
				// HAPI answered 412 "not matched by this URL", as if a precondition had failed (probe 53, P53-m4)
				refuse("Bundle.entry[" + i + "].request.ifNoneExist is an absolute url; give the criteria alone"
						+ " (identifier=...), or relative to this server's base (Patient?identifier=...)", i, "request.ifNoneExist");
			}
			if (method == HTTPVerb.HEAD) {
				refuse(IssueType.NOTSUPPORTED, "Bundle.entry[" + i + "] is a HEAD, which this server does not run in a "
						+ bundle.getType().toCode() + "; send a GET", i, "request.method");
			}
			if (missing != null) {
				refuse(IssueType.REQUIRED, "Bundle.entry[" + i + "] has no " + missing + (missing.equals("resource")
						? ": a " + method.toCode() + " entry carries the resource it writes (R4 bdl-4)"
						: ": every entry of a " + bundle.getType().toCode() + " says what to do with it (method and url, R4 bdl-3)"),
						i, missing);
			}
		}
	}

	/**
	 * A PUT, PATCH or DELETE entry whose url names a version ({@code Observation/X/_history/1}) is read as the url without
	 * it and an {@code ifMatch} of that version, so a version that is not current gets 412 as a stale {@code ifMatch}
	 * does: HAPI overwrote or deleted the current version, in a transaction and in a batch, where the same REST request
	 * gets 409 (probe 51, P51-C3). An entry whose {@code ifMatch} names another version than its url, or whose url names
	 * a version that is no number, is 400 at its url.
	 */
	void versionedUrlsAsIfMatch(Bundle bundle) {
		List<BundleEntryComponent> entries = bundle.getEntry();
		for (int i = 0; i < entries.size(); i++) {
			Bundle.BundleEntryRequestComponent request = entries.get(i).getRequest();
			HTTPVerb method = request.getMethod();
			if ((method == HTTPVerb.PUT || method == HTTPVerb.PATCH || method == HTTPVerb.DELETE)
					&& HISTORY_URL.matcher(request.getUrl() == null ? "" : request.getUrl()).matches()) {
				// a history is read, never written: HAPI deleted or overwrote the current resource (probe 52, P52-M3)
				refuse("Bundle.entry[" + i + "].request.url names a history, which a " + method.toCode() + " cannot change;"
						+ " name the resource (Observation/X) or one version (Observation/X/_history/2)", i, "request.url");
			}
			Matcher versioned = VERSIONED_URL.matcher(request.getUrl() == null ? "" : request.getUrl());
			if ((method != HTTPVerb.PUT && method != HTTPVerb.PATCH && method != HTTPVerb.DELETE) || !versioned.matches()) {
				continue;
			}
			String version = versioned.group(2);
			if (!version.matches("[0-9]{1,18}")
					|| request.hasIfMatch() && IfMatch.isWellFormed(request.getIfMatch()) && !IfMatch.names(request.getIfMatch(), version)) {
				refuse("Bundle.entry[" + i + "].request.url names version " + IfMatch.printable(version) + (request.hasIfMatch()
						? ", and its ifMatch " + IfMatch.printable(request.getIfMatch()) + " another" : ", which is no version")
						+ "; send the url without _history and the version as ifMatch", i, "request.url");
			}
			request.setUrl(versioned.group(1) + (versioned.group(3) == null ? "" : versioned.group(3)));
			if (!request.hasIfMatch()) {
				request.setIfMatch("W/\"" + Long.parseLong(version) + "\"");
			}
		}
	}

	/** Every {@code entry.request.ifMatch} must be a version ETag: 400 otherwise. */
	void requireWellFormedIfMatch(Bundle bundle) {
		List<BundleEntryComponent> entries = bundle.getEntry();
		for (int i = 0; i < entries.size(); i++) {
			BundleEntryComponent entry = entries.get(i);
			if (entry.hasRequest() && entry.getRequest().hasIfMatch()) {
				IfMatch.requireWellFormed(entry.getRequest().getIfMatch(), "Bundle.entry[" + i + "].request.ifMatch");
			}
		}
	}

	/**
	 * A POST or PUT entry's {@code request.url} names the type of the entry's resource: HAPI stored a Patient sent with
	 * {@code "url": "Observation"} as a Patient (201), where a POST of it to {@code /Observation} is refused. 400 at
	 * the url.
	 */
	void requireUrlsOfTheResourcesType(Bundle bundle) {
		List<BundleEntryComponent> entries = bundle.getEntry();
		for (int i = 0; i < entries.size(); i++) {
			BundleEntryComponent entry = entries.get(i);
			HTTPVerb method = entry.getRequest().getMethod();
			String url = entry.getRequest().getUrl();
			if (entry.getResource() == null || url == null || (method != HTTPVerb.POST && method != HTTPVerb.PUT)) {
				continue;
			}
			// the type in the url's path: a POST's last segment, a PUT's one before its id (or before its query)
			String[] segments = url.split("\\?", 2)[0].replaceAll("/+$", "").split("/");
			String type = method == HTTPVerb.POST || segments.length < 2 ? segments[segments.length - 1]
					: segments[segments.length - 2];
			String resourceType = entry.getResource().fhirType();
			if (!type.isEmpty() && !type.equals(resourceType)) {
				String message = "Bundle.entry[" + i + "].request.url names " + IfMatch.printable(type) + ", but the entry's"
						+ " resource is a " + resourceType;
				throw new InvalidRequestException(message,
						OperationOutcomes.error(IssueType.INVALID, message, "Bundle.entry[" + i + "].request.url"));
			}
		}
	}

	/**
	 * A PUT entry by id ({@code Patient/1}) carries that resource: a body whose {@code id} names another was stored under
	 * the url's id without a word, where a PUT of it alone is refused (probe 50, P50-m4). 400 at the body's id. A body id
	 * taken from a {@code urn:uuid:} fullUrl is no id of this server and is not compared. Transactions only: a batch's
	 * entry is refused on its own or not at all, and HAPI gives no hook between its entries (docs/conformance.md).
	 */
	void requireIdsOfTheUrl(Bundle bundle) {
		if (bundle.getType() != Bundle.BundleType.TRANSACTION) {
			return;
		}
		List<BundleEntryComponent> entries = bundle.getEntry();
		for (int i = 0; i < entries.size(); i++) {
			BundleEntryComponent entry = entries.get(i);
			String url = entry.getRequest().getUrl();
			Resource resource = entry.getResource();
			if (entry.getRequest().getMethod() != HTTPVerb.PUT || url == null || url.contains("?") || resource == null
					|| !resource.hasIdElement() || resource.getIdElement().getValue().startsWith("urn:")) {
				continue;
			}
			Matcher byId = RESOURCE_BY_ID.matcher(url);
			String bodyId = resource.getIdElement().getIdPart();
			if (byId.matches() && bodyId != null && !bodyId.equals(byId.group(2))) {
				String message = "Bundle.entry[" + i + "].request.url names " + IfMatch.printable(byId.group(2))
						+ ", but the entry's resource has the id " + IfMatch.printable(bodyId) + "; the two must agree";
				throw new InvalidRequestException(message, OperationOutcomes.error(IssueType.INVALID, message,
						"Bundle.entry[" + i + "].resource.ofType(" + resource.fhirType() + ").id"));
			}
		}
	}

	/**
	 * A PATCH entry's Binary content type in lower case, its parameters as sent: media types match without regard to
	 * case, and HAPI refused {@code APPLICATION/JSON-PATCH+JSON} as no patch type (HAPI-1965; probe 80, P80-m1), as the
	 * request guard passes a PATCH request's on.
	 */
	static void patchMediaTypesInLowerCase(Bundle bundle) {
		for (BundleEntryComponent entry : bundle.getEntry()) {
			if (entry.getRequest().getMethod() == HTTPVerb.PATCH && entry.getResource() instanceof org.hl7.fhir.r4.model.Binary binary
					&& binary.hasContentType()) {
				binary.setContentType(org.somaxis.fhir.MediaTypes.lowerCase(binary.getContentType()));
			}
		}
	}

	/**
	 * What HAPI refuses in a transaction without saying which entry (probe 50, P50-m5), refused here first at the entry:
	 * a resource id in a url that R4 does not allow (more than 64 characters, or other characters than letters, digits,
	 * '-' and '.'; HAPI-0521) and two entries with one fullUrl (R4's bdl-7; HAPI-0534); a reference to no entry,
	 * {@link #checkReferences}. A batch's entries HAPI refuses one by one.
	 */
	void requireLocatableEntries(Bundle bundle) {
		if (bundle.getType() != Bundle.BundleType.TRANSACTION) {
			return;
		}
		List<BundleEntryComponent> entries = bundle.getEntry();
		Map<String, Integer> fullUrls = new HashMap<>();
		for (int i = 0; i < entries.size(); i++) {
			BundleEntryComponent entry = entries.get(i);
			String url = entry.getRequest().getUrl();
			Matcher typeAndId = TYPE_AND_ID.matcher(url == null ? "" : url);
			if (typeAndId.matches() && !VALID_ID.matcher(typeAndId.group(2)).matches()) {
				refuse("Bundle.entry[" + i + "].request.url names the id '" + IfMatch.printable(typeAndId.group(2))
						+ "', which R4 does not allow (1 to 64 letters, digits, '-' and '.')", i, "request.url");
			}
			if (entry.hasFullUrl()) {
				// bdl-7 lets one fullUrl stand for two versions of a resource, told apart by meta.versionId
				String version = entry.getResource() == null ? "" : entry.getResource().getMeta().getVersionId();
				Integer earlier = fullUrls.putIfAbsent(entry.getFullUrl() + "|" + version, i);
				if (earlier != null) {
					refuse("Bundle.entry[" + i + "] has the fullUrl of Bundle.entry[" + earlier + "] ("
							+ IfMatch.printable(entry.getFullUrl()) + "): each entry of a transaction needs its own", i, "fullUrl");
				}
			}
		}
	}

	private static void refuse(String message, int entry, String element) {
		refuse(IssueType.INVALID, message, entry, element);
	}

	private static void refuse(IssueType type, String message, int entry, String element) {
		throw new InvalidRequestException(message,
				OperationOutcomes.error(type, message, "Bundle.entry[" + entry + "]." + element));
	}

	/**
	 * A transaction changes each resource once: R4 (http.html#trules) says it SHALL fail when the identities of its
	 * DELETE, POST and PUT or PATCH entries overlap. HAPI 8.8 refused two PUTs of one id, without saying where, and
	 * carried out a DELETE and a PUT of one id, or two DELETEs, in an order the Bundle does not show (probe 48, S-m8);
	 * given a conditional url that finds a resource another entry changes by id, it stored one of the two bodies and
	 * answered both entries 200 (probe 51, P51-C2). Entries naming their resource by id ({@code Patient/1}, also as an
	 * absolute url or with a query after it) are compared, and so are the resources that the conditional urls of a type
	 * that is also changed by id find now ({@code conditionalTargets}: a search each, only for such types); two
	 * conditional urls finding one resource are left to HAPI. 400 at the later entry's url, naming the earlier entry. A
	 * batch's entries are independent requests and may follow one another.
	 */
	void requireOneChangePerResource(Bundle bundle, Function<String, List<String>> conditionalTargets) {
		if (bundle.getType() != Bundle.BundleType.TRANSACTION) {
			return;
		}
		Map<String, Integer> changed = new HashMap<>();
		List<Integer> conditional = new ArrayList<>();
		List<BundleEntryComponent> entries = bundle.getEntry();
		for (int i = 0; i < entries.size(); i++) {
			Bundle.BundleEntryRequestComponent request = entries.get(i).getRequest();
			HTTPVerb method = request.getMethod();
			if (method == HTTPVerb.POST && request.hasIfNoneExist() && entries.get(i).getResource() != null) {
				// a conditional create and a conditional update or delete with the same criteria change one resource: HAPI
				// failed with a 500 (probe 52, P52-M2); two conditional creates HAPI refuses itself (HAPI-2008)
				String criteria = request.getIfNoneExist();
				once(changed, UrlUtil.unescape(entries.get(i).getResource().fhirType() + "?"
						+ (criteria.contains("?") ? criteria.substring(criteria.indexOf('?') + 1) : criteria)), i, entries);
				continue;
			}
			if (method != HTTPVerb.DELETE && method != HTTPVerb.PUT && method != HTTPVerb.PATCH) {
				continue;
			}
			String url = request.getUrl() == null ? "" : request.getUrl();
			if (CONDITIONAL_URL.matcher(url).matches()) {
				once(changed, UrlUtil.unescape(url), i, entries); // the same criteria twice change one resource
				conditional.add(i);
				continue;
			}
			// a query after an id (Observation/X?_format=json) changes nothing of what the entry names (probe 51, P51-M1)
			Matcher byId = RESOURCE_BY_ID.matcher(url.split("\\?", 2)[0]);
			if (byId.matches()) {
				once(changed, byId.group(1) + "/" + byId.group(2), i, entries);
			}
		}
		Set<String> typesById = new HashSet<>();
		changed.keySet().stream().filter(target -> !target.contains("?"))
				.forEach(target -> typesById.add(target.substring(0, target.indexOf('/'))));
		for (int i : conditional) {
			String url = entries.get(i).getRequest().getUrl();
			if (typesById.contains(url.substring(0, url.indexOf('?')))) {
				for (String target : conditionalTargets.apply(url)) {
					once(changed, target, i, entries);
				}
			}
		}
	}

	/** Records that entry {@code i} changes {@code target}; 400 at the later entry if another entry changes it too. */
	private static void once(Map<String, Integer> changed, String target, int i, List<BundleEntryComponent> entries) {
		Integer other = changed.putIfAbsent(target, i);
		if (other != null && other != i) {
			int earlier = Math.min(other, i);
			int later = Math.max(other, i);
			String message = "Bundle.entry[" + later + "] (" + entries.get(later).getRequest().getMethod().toCode()
					+ ") and Bundle.entry[" + earlier + "] (" + entries.get(earlier).getRequest().getMethod().toCode()
					+ ") both change " + IfMatch.printable(target)
					+ ": a transaction changes each resource once; send the changes in one entry, or in a batch or"
					+ " separate requests if they are to follow one another";
			throw new InvalidRequestException(message,
					OperationOutcomes.error(IssueType.INVALID, message, "Bundle.entry[" + later + "].request.url"));
		}
	}

	/**
	 * The references of the Bundle's resources, in one walk:
	 *
	 * <ul>
	 *   <li>when HAPI parses a Bundle it links each reference to the entry whose {@code fullUrl} it names. A resource
	 *       that references its own {@code urn:uuid:} fullUrl is then linked to itself, and HAPI's storage walks that
	 *       link forever (StackOverflowError in {@code validateChildReferenceTargetTypes}). Dropping the in-memory
	 *       link leaves the reference text, which HAPI resolves like any other placeholder: the stored resource
	 *       references its own new id;
	 *   <li>in a transaction, a {@code urn:uuid:} or {@code urn:oid:} reference to no entry's fullUrl (compared exactly,
	 *       as HAPI resolves it: a uuid in capitals against one in small letters is refused by HAPI too) is 400 at its
	 *       entry: HAPI refused it without saying which (HAPI-0541; probe 50, P50-m5).
	 * </ul>
	 */
	void checkReferences(Bundle bundle) {
		boolean transaction = bundle.getType() == Bundle.BundleType.TRANSACTION;
		Set<String> fullUrls = new HashSet<>();
		bundle.getEntry().forEach(entry -> fullUrls.add(entry.getFullUrl()));
		List<BundleEntryComponent> entries = bundle.getEntry();
		for (int i = 0; i < entries.size(); i++) {
			Resource resource = entries.get(i).getResource();
			if (resource == null) {
				continue;
			}
			for (Reference reference : terser.getAllPopulatedChildElementsOfType(resource, Reference.class)) {
				if (reference.getResource() == resource) {
					reference.setResource(null);
				}
				String target = reference.getReference();
				if (transaction && target != null && (target.startsWith("urn:uuid:") || target.startsWith("urn:oid:"))
						&& !fullUrls.contains(target)) {
					refuse("Bundle.entry[" + i + "].resource refers to " + IfMatch.printable(target)
							+ ", which is the fullUrl of no entry of the transaction", i, "resource");
				}
			}
		}
	}

	/**
	 * True when a version conflict in this transaction can only mean that an {@code If-Match} failed: some entry
	 * carries one, and no entry is a DELETE (whose referential-integrity refusal is also a conflict, and stays 409).
	 */
	static boolean conflictMeansStaleIfMatch(Bundle bundle) {
		boolean ifMatch = false;
		for (BundleEntryComponent entry : bundle.getEntry()) {
			if (entry.getRequest().getMethod() == HTTPVerb.DELETE) {
				return false;
			}
			ifMatch |= entry.getRequest().hasIfMatch();
		}
		return ifMatch;
	}

	/** The If-Match values of a transaction, for the 412 message. */
	static String ifMatchValues(Bundle bundle) {
		StringBuilder values = new StringBuilder();
		for (BundleEntryComponent entry : bundle.getEntry()) {
			if (entry.getRequest().hasIfMatch()) {
				values.append(values.length() == 0 ? "" : ", ").append(entry.getRequest().getIfMatch());
			}
		}
		return values.toString();
	}

	/**
	 * In a batch each entry stands alone: an entry that carried {@code If-Match} and answered 409 is reported as
	 * {@code 412 Precondition Failed}.
	 */
	static void reportStaleIfMatchAs412(Bundle request, Bundle response) {
		for (int i = 0; i < request.getEntry().size() && i < response.getEntry().size(); i++) {
			BundleEntryComponent asked = request.getEntry().get(i);
			BundleEntryComponent answered = response.getEntry().get(i);
			if (asked.getRequest().hasIfMatch()
					&& answered.hasResponse()
					&& answered.getResponse().hasStatus()
					&& answered.getResponse().getStatus().startsWith("409")) {
				answered.getResponse().setStatus("412 Precondition Failed");
			}
		}
	}
}
