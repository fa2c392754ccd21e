package org.somaxis.conformance;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.List;
import java.util.OptionalInt;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Names the entry of a transaction Bundle that a validation message is about. A transaction is refused whole with
 * one OperationOutcome, so a location such as {@code Observation.code} alone leaves the sender to guess which of
 * its thousands of entries is meant; the location is rewritten from the Bundle's root,
 * {@code Bundle.entry[12].resource.ofType(Observation).code}, as the FHIR validator writes it. Batch entries keep
 * locations relative to their resource: each has its own outcome in its own response entry.
 */
final class TransactionEntries {
	private TransactionEntries() {}

	/** The position of this resource (the object itself) among the entries of the transaction Bundle it came in. */
	static OptionalInt indexOf(RequestDetails request, IBaseResource resource) {
		if (!(ValidationReport.body(request) instanceof Bundle bundle)
				|| bundle.getType() != Bundle.BundleType.TRANSACTION) {
			return OptionalInt.empty();
		}
		List<Bundle.BundleEntryComponent> entries = bundle.getEntry();
		for (int i = 0; i < entries.size(); i++) {
			if (entries.get(i).getResource() == resource) {
				return OptionalInt.of(i);
			}
		}
		return OptionalInt.empty();
	}

	/** The messages, each located from the Bundle's root at the given entry. */
	static List<SingleValidationMessage> located(List<SingleValidationMessage> messages, int index, String resourceType) {
		String root = "Bundle.entry[" + index + "].resource.ofType(" + resourceType + ")";
		return messages.stream().map(message -> {
			SingleValidationMessage copy = new SingleValidationMessage();
			copy.setSeverity(message.getSeverity());
			copy.setMessageId(message.getMessageId());
			copy.setMessage(message.getMessage());
			copy.setLocationLine(message.getLocationLine());
			copy.setLocationCol(message.getLocationCol());
			copy.setSliceMessages(message.getSliceMessages());
			copy.setLocationString(fromRoot(root, resourceType, message.getLocationString()));
			return copy;
		}).toList();
	}

	private static String fromRoot(String root, String resourceType, String location) {
		if (location == null || location.isEmpty() || location.equals(resourceType)) {
			return root;
		}
		if (location.startsWith(resourceType + ".")) {
			return root + location.substring(resourceType.length());
		}
		return root + " " + location;
	}
}
