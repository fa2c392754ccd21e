package org.somaxis.gather;

import org.hl7.fhir.r4.model.Resource;

/** Gives resources that arrive inside a Bundle a plain id, so that evidence references can name them. */
public final class BundleIds {
	/** User data set on a resource whose id this server made up (its {@code fallback}): no client knows that id. */
	private static final String MADE_UP = BundleIds.class.getName() + ".madeUp";

	private BundleIds() {}

	/** Whether the resource's id was made up here, not sent or derived from its fullUrl. */
	public static boolean isMadeUp(Resource resource) {
		return resource != null && Boolean.TRUE.equals(resource.getUserData(MADE_UP));
	}

	/**
	 * Keeps a plain id; otherwise uses the part after {@code urn:uuid:} / {@code urn:oid:} of the id or the fullUrl,
	 * or the last path segment of an absolute fullUrl, or {@code fallback}.
	 */
	public static void normalise(Resource resource, String fullUrl, String fallback) {
		String id = resource.getIdElement().getIdPart();
		if (id != null && !id.isBlank() && !id.startsWith("urn:")) {
			return;
		}
		String source = id != null && id.startsWith("urn:") ? id : fullUrl;
		String plain = plain(source);
		resource.setId(plain == null ? fallback : plain);
		if (plain == null) {
			resource.setUserData(MADE_UP, Boolean.TRUE);
		}
	}

	/** The plain id a urn or an absolute URL carries, or null. */
	static String plain(String url) {
		if (url == null || url.isBlank()) {
			return null;
		}
		if (url.startsWith("urn:uuid:") || url.startsWith("urn:oid:")) {
			return url.substring(url.indexOf(':', 4) + 1);
		}
		String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
		String last = trimmed.substring(trimmed.lastIndexOf('/') + 1);
		return last.matches("[A-Za-z0-9\\-.]{1,64}") ? last : null;
	}
}
