package org.somaxis.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;

/**
 * HAPI's refusal of a write whose reference names a resource the server does not hold or has deleted (HAPI-1094,
 * HAPI-1096: {@code invalid}, {@code exception} in a batch entry, at no place, and in a transaction at no entry) said
 * as {@code $validate} says it: {@code not-found} at the reference's element, from the Bundle's root in a transaction
 * (probe 63, P63-m3). Run on a refusal only. HAPI's issue stays when no such reference is found, and for a PATCH,
 * whose patched resource the refusal does not carry.
 */
final class ReferencesToNothing {
	/** HAPI's message codes of such a refusal: a resource it does not hold, or one deleted (probe 73, P73-m2). */
	private static final List<String> HAPI_CODES = List.of("HAPI-1094: ", "HAPI-1096: ");

	private final FhirContext fhirContext;
	private final ResourceValidator validator;

	ReferencesToNothing(FhirContext fhirContext, ResourceValidator validator) {
		this.fhirContext = fhirContext;
		this.validator = validator;
	}

	/** A refused create or update, or a batch entry: the resource written. */
	void locate(IBaseResource written, OperationOutcome outcome) {
		if (refusedForOne(outcome)) {
			replace(outcome, validator.referencesToNothingStored(written));
		}
	}

	/**
	 * A refused transaction, read again from the body as sent: HAPI rewrote its references to the entries it created
	 * before rolling them back, which would now name nothing. A reference to another entry (its {@code fullUrl}, or the
	 * {@code Type/id} a PUT entry writes) is not looked up.
	 */
	void locateInTransaction(byte[] body, EncodingEnum encoding, OperationOutcome outcome) {
		if (!refusedForOne(outcome) || encoding == null) {
			return;
		}
		IParser parser = (encoding == EncodingEnum.XML ? fhirContext.newXmlParser() : fhirContext.newJsonParser())
				.setParserErrorHandler(new LenientErrorHandler(false));
		if (!(parser.parseResource(new String(body, StandardCharsets.UTF_8)) instanceof Bundle sent)) {
			return;
		}
		Set<String> inTheBundle = new HashSet<>();
		for (Bundle.BundleEntryComponent entry : sent.getEntry()) {
			if (entry.hasFullUrl()) {
				inTheBundle.add(entry.getFullUrl());
			}
			if (entry.getRequest().getMethod() == Bundle.HTTPVerb.PUT && entry.getRequest().hasUrl()) {
				inTheBundle.add(entry.getRequest().getUrl());
			}
		}
		List<SingleValidationMessage> located = new ArrayList<>();
		for (int i = 0; i < sent.getEntry().size(); i++) {
			IBaseResource resource = sent.getEntry().get(i).getResource();
			if (resource == null) {
				continue;
			}
			fhirContext.newTerser().getAllPopulatedChildElementsOfType(resource, Reference.class).stream()
					.filter(reference -> reference.getReference() != null && inTheBundle.stream()
							.anyMatch(target -> target.equals(reference.getReference())
									|| target.endsWith("/" + reference.getReference())))
					.forEach(reference -> reference.setReference(null));
			located.addAll(BundleEntries.located(validator.referencesToNothingStored(resource), i,
					fhirContext.getResourceType(resource)));
		}
		replace(outcome, located);
	}

	private static boolean refusedForOne(OperationOutcome outcome) {
		return outcome.getIssue().stream().anyMatch(ReferencesToNothing::isHapis);
	}

	private static boolean isHapis(OperationOutcome.OperationOutcomeIssueComponent issue) {
		return issue.getDiagnostics() != null && HAPI_CODES.stream().anyMatch(issue.getDiagnostics()::startsWith);
	}

	/** HAPI's issues of such a refusal replaced by the located ones, first; nothing changed when none is found. */
	private void replace(OperationOutcome outcome, List<SingleValidationMessage> located) {
		if (located.isEmpty()) {
			return;
		}
		List<OperationOutcome.OperationOutcomeIssueComponent> others = outcome.getIssue().stream()
				.filter(issue -> !isHapis(issue)).toList();
		outcome.getIssue().clear();
		outcome.getIssue().addAll(TypedMessage.outcome(fhirContext, located).getIssue());
		outcome.getIssue().addAll(others);
	}
}
