package org.somaxis.conformance;

import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * A warning for a Bundle stored as a resource of its own (POST to {@code /fhir/Bundle}): a document (an IPS, say), a
 * collection or a message is kept whole, as R4 allows, but its entries do not become resources of the store, so no
 * search, {@code $everything} or guidance reads the cancer or the pregnancy it holds. An integration engineer loading
 * one that way is told how the entries can be read. A write and {@code $validate} say so alike.
 */
final class WholeBundles {
	/** The message id of these warnings. */
	static final String MESSAGE_ID = "somaxis-bundle-stored-whole";

	private static final Set<Bundle.BundleType> KEPT_WHOLE = Set.of(
			Bundle.BundleType.DOCUMENT, Bundle.BundleType.COLLECTION, Bundle.BundleType.MESSAGE);

	private WholeBundles() {}

	static void check(IBaseResource resource, List<SingleValidationMessage> messages) {
		if (!(resource instanceof Bundle bundle) || !KEPT_WHOLE.contains(bundle.getType())) {
			return;
		}
		invariants(bundle, messages);
		if (!bundle.hasEntry()) {
			return;
		}
		SingleValidationMessage message = new SingleValidationMessage();
		message.setSeverity(ResultSeverityEnum.WARNING);
		message.setLocationString("Bundle.type");
		message.setMessageId(MESSAGE_ID);
		message.setMessage("A Bundle of type " + bundle.getType().toCode() + " is stored as one resource: " + ENTRIES_NOT_READ);
		messages.add(message);
	}

	/**
	 * R4 Bundle's rules for what a document and a message hold, which HAPI does not check: a document stored without its
	 * Composition or identifier was handed back as a document (probe 63, P63-M6).
	 */
	private static void invariants(Bundle bundle, List<SingleValidationMessage> messages) {
		Resource first = bundle.getEntry().isEmpty() ? null : bundle.getEntry().get(0).getResource();
		if (bundle.getType() == Bundle.BundleType.DOCUMENT) {
			if (!bundle.getIdentifier().hasSystem() || !bundle.getIdentifier().hasValue()) {
				messages.add(invariant("Bundle.identifier", "A document must have an identifier with a system and a value (bdl-9)"));
			}
			if (!bundle.hasTimestamp()) {
				messages.add(invariant("Bundle.timestamp", "A document must have a date (bdl-10)"));
			}
			if (!(first instanceof org.hl7.fhir.r4.model.Composition)) {
				messages.add(invariant("Bundle.entry", "A document must have a Composition as the first resource (bdl-11)"));
			}
		}
		if (bundle.getType() == Bundle.BundleType.MESSAGE && !(first instanceof org.hl7.fhir.r4.model.MessageHeader)) {
			messages.add(invariant("Bundle.entry", "A message must have a MessageHeader as the first resource (bdl-12)"));
		}
	}

	private static SingleValidationMessage invariant(String location, String text) {
		return BaseSpecChecks.error(INVARIANT_ID, org.hl7.fhir.r4.model.OperationOutcome.IssueType.INVARIANT, location, text);
	}

	/** The message id of the errors of {@link #invariants}. */
	static final String INVARIANT_ID = "somaxis-bundle-invariant";

	/**
	 * An information for {@code Bundle/$validate} of a transaction or batch: it checks the Bundle as a resource, not
	 * each entry as the write to the server's base would, so "no issues" is no promise that the write is accepted (a
	 * transaction with three invalid entries got an empty answer; probe 54, P54-m7).
	 */
	static void entriesNotValidated(IBaseResource resource, List<SingleValidationMessage> messages) {
		if (!(resource instanceof Bundle bundle) || !bundle.hasEntry()
				|| bundle.getType() != Bundle.BundleType.TRANSACTION && bundle.getType() != Bundle.BundleType.BATCH) {
			return;
		}
		SingleValidationMessage message = new SingleValidationMessage();
		message.setSeverity(ResultSeverityEnum.INFORMATION);
		message.setLocationString("Bundle.type");
		message.setMessageId(ENTRIES_NOT_VALIDATED);
		message.setMessage("$validate checked this " + bundle.getType().toCode() + " Bundle as a resource, not its entries as"
				+ " the server's base would write them: validate each entry's resource with its type's $validate");
		messages.add(message);
	}

	/** The message id of {@link #entriesNotValidated}. */
	static final String ENTRIES_NOT_VALIDATED = "somaxis-bundle-entries-not-validated";

	/** What happens to the entries of a Bundle stored whole, and how they can be read instead. */
	static final String ENTRIES_NOT_READ = "its entries do not become resources of their own, so searches, $everything and"
			+ " the guidance do not read them. To store them, send them in a transaction or batch Bundle to the server's"
			+ " base; to have the guidance read the Bundle as it is, pass it to $evaluate as its data parameter";
}
