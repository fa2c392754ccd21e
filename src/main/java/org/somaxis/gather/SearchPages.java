package org.somaxis.gather;

import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * Whether a searchset Bundle holds the whole answer of its search, or only part of it: a {@code next} link (link
 * relations compare case-insensitively, RFC 8288), a {@code total} larger than the matches it carries (R4: total is the
 * number of matches of the whole search), or an entry without its resource. Guidance computed on part of the answer
 * could miss the one resource that contraindicates an order.
 */
final class SearchPages {
	private SearchPages() {}

	/** Why the Bundle holds only part of its search's answer, or empty when it holds all of it. */
	static Optional<String> incomplete(Bundle bundle) {
		if (bundle.getLink().stream().anyMatch(link -> "next".equalsIgnoreCase(link.getRelation()))) {
			return Optional.of("it has a next link: it is one page of a longer answer");
		}
		long matches = bundle.getEntry().stream().filter(SearchPages::isMatch).count();
		if (bundle.hasTotal() && bundle.getTotal() > matches) {
			return Optional.of("its total is " + bundle.getTotal() + " but it holds " + matches + " matches");
		}
		for (int index = 0; index < bundle.getEntry().size(); index++) {
			if (lacksItsResource(bundle.getEntry().get(index))) {
				return Optional.of("entry " + index + " has no resource");
			}
		}
		return Optional.empty();
	}

	/** An entry that counts toward a search's total: a match, not an included resource or an OperationOutcome. */
	static boolean isMatch(Bundle.BundleEntryComponent entry) {
		return entry.getResource() != null && !(entry.getResource() instanceof OperationOutcome)
				&& entry.getSearch().getMode() != Bundle.SearchEntryMode.INCLUDE
				&& entry.getSearch().getMode() != Bundle.SearchEntryMode.OUTCOME;
	}

	/** An entry that should carry a resource and does not (a history Bundle's deletes carry none). */
	static boolean lacksItsResource(Bundle.BundleEntryComponent entry) {
		return entry.getResource() == null && entry.getRequest().getMethod() != Bundle.HTTPVerb.DELETE;
	}
}
