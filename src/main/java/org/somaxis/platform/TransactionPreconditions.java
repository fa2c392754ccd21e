package org.somaxis.platform;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.util.FhirTerser;
import java.util.List;
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
	private final FhirTerser terser;

	TransactionPreconditions(FhirContext fhirContext) {
		this.terser = fhirContext.newTerser();
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
			String type = url.split("[/?]", 2)[0];
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
	 * When HAPI parses a Bundle it links each reference to the entry whose {@code fullUrl} it names. A resource
	 * that references its own {@code urn:uuid:} fullUrl is then linked to itself, and HAPI's storage walks that
	 * link forever (StackOverflowError in {@code validateChildReferenceTargetTypes}). Dropping the in-memory
	 * link leaves the reference text, which HAPI resolves like any other placeholder: the stored resource
	 * references its own new id.
	 */
	void unlinkSelfReferences(Bundle bundle) {
		for (BundleEntryComponent entry : bundle.getEntry()) {
			Resource resource = entry.getResource();
			if (resource == null) {
				continue;
			}
			for (Reference reference : terser.getAllPopulatedChildElementsOfType(resource, Reference.class)) {
				if (reference.getResource() == resource) {
					reference.setResource(null);
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
