package org.somaxis.conformance;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.util.IModelVisitor2;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseExtension;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * Validation on write, on the JPA storage pointcuts (so REST creates and updates, PATCH, every transaction and
 * batch entry and internal writes are covered), through the server's one {@link ResourceValidator}.
 *
 * <p>An error is refused with <b>422 Unprocessable Entity</b> carrying every message (errors first, each with its
 * element path; in a transaction, the path starts at the Bundle's entry, {@link BundleEntries}). In a transaction
 * Bundle every entry is validated before the refusal, so its 422 lists the errors of every refused entry; the
 * exception is thrown when HAPI has processed the last entry, still inside the storage transaction, so a
 * transaction Bundle with a bad entry stores nothing; when HAPI refuses a later entry first, its answer carries them
 * too. A batch
 * entry whose JSON had parse problems is refused here with them. Warnings (an unknown declared profile, an
 * extensible binding missed) do not refuse; they are kept for the response ({@link ValidationReport}).
 */
@Interceptor
public final class WriteValidationInterceptor {
	private static final ObjectMapper JSON = JsonBodyChecks.TREES;
	private static final String PLACEHOLDER = "http://hapifhir.io/fhir/StructureDefinition/resource-placeholder";

	private final FhirContext fhirContext;
	private final ResourceValidator validator;
	private final Set<String> validatedTypes;

	public WriteValidationInterceptor(FhirContext fhirContext, ResourceValidator validator) {
		this.fhirContext = fhirContext;
		this.validator = validator;
		this.validatedTypes = Set.copyOf(WriteValidation.validatedTypes(fhirContext));
	}

	/** Key of the refused entries' errors in a transaction's {@link TransactionDetails}. */
	private static final String REFUSED_ENTRIES = WriteValidationInterceptor.class.getName() + ".refusedEntries";

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void created(RequestDetails request, IBaseResource resource, TransactionDetails transaction) {
		validate(request, resource, transaction);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void updated(RequestDetails request, IBaseResource oldResource, IBaseResource newResource,
			TransactionDetails transaction) {
		validate(request, newResource, transaction, oldResource);
	}

	/**
	 * After the last entry of a transaction Bundle, inside its storage transaction: refuses it with the errors of
	 * every entry the validator refused, so the rollback stores nothing.
	 */
	@Hook(Pointcut.STORAGE_TRANSACTION_PROCESSED)
	public void transactionProcessed(RequestDetails request, TransactionDetails transaction) {
		List<SingleValidationMessage> refused = transaction.getUserData(REFUSED_ENTRIES);
		if (refused != null) {
			transaction.clearUserData(REFUSED_ENTRIES);
			ValidationReport.takeHeld(request);
			IBaseOperationOutcome outcome = validator.toOperationOutcome(ResourceValidator.errorsFirst(refused));
			throw new UnprocessableEntityException(summary(refused), outcome);
		}
	}

	void validate(RequestDetails request, IBaseResource resource, TransactionDetails transaction) {
		validate(request, resource, transaction, null);
	}

	/** @param before the resource as it was before this update, or null (a create) */
	private void validate(RequestDetails request, IBaseResource resource, TransactionDetails transaction,
			IBaseResource before) {
		boolean patched = patched(request, resource);
		Optional<PatchDocument> patch =
				patched ? PatchDocument.of(request, before, resource) : Optional.empty();
		List<SingleValidationMessage> parseProblems = patched
				? asIfSent(resource, patch, before)
				: ValidationReport.parseProblems(request, resource);
		if (!parseProblems.isEmpty()) { // a batch entry whose JSON had problems the lenient parse dropped
			// a batch entry's answer is found by the entry's own resource: a patch's Binary, not the resource it made
			throw refusal(request, patch.map(PatchDocument::entryResource).orElse(resource), parseProblems);
		}
		patch.ifPresent(document -> document.keepDecimalsAsWritten(fhirContext, before, resource));
		if (!validatedTypes.contains(fhirContext.getResourceType(resource)) || isPlaceholder(resource)) {
			return;
		}
		List<SingleValidationMessage> messages = ReferenceTargets.withPlaceholders(placeholderTypes(request),
				() -> validator.validate(resource, List.of(), ValidationReport.sentProfiles(request, resource)));
		if (ResourceValidator.hasErrors(messages)) {
			OptionalInt entry = BundleEntries.indexOf(request, resource);
			if (entry.isEmpty() || transaction == null) {
				throw refusal(request, resource, messages);
			}
			// a transaction entry: the next entries are validated too, and transactionProcessed refuses them all
			List<SingleValidationMessage> located =
					BundleEntries.located(messages, entry.getAsInt(), fhirContext.getResourceType(resource));
			transaction.getOrCreateUserData(REFUSED_ENTRIES, ArrayList<SingleValidationMessage>::new).addAll(located);
			if (messages.stream().anyMatch(message -> StoredReferences.MESSAGE_ID.equals(message.getMessageId()))) {
				// the storage of this entry would end the transaction with HAPI-0931, at no place, beside these located
				// errors (probe 57, P57-m2): it ends here, with the errors of this entry and those before it
				transactionProcessed(request, transaction);
			}
			// also on the request, for an error of HAPI's that ends the transaction first (ConformanceRestInterceptor)
			ValidationReport.held(request, located);
			return;
		}
		List<SingleValidationMessage> warnings = messages.stream()
				.filter(m -> m.getSeverity() == ResultSeverityEnum.WARNING)
				.toList();
		if (!warnings.isEmpty()) {
			ValidationReport.warned(request, resource, validator.toOperationOutcome(warnings));
		}
	}

	/**
	 * The resource type of each entry of the request's Bundle, by its {@code fullUrl}, built once per request (a
	 * transaction of thousands of entries validates each); empty for another request.
	 */
	@SuppressWarnings("unchecked")
	private static java.util.Map<String, String> placeholderTypes(RequestDetails request) {
		if (!(ValidationReport.body(request) instanceof org.hl7.fhir.r4.model.Bundle bundle)) {
			return java.util.Map.of();
		}
		return (java.util.Map<String, String>) request.getUserData().computeIfAbsent(PLACEHOLDER_TYPES, key -> {
			java.util.Map<String, String> types = new java.util.HashMap<>();
			bundle.getEntry().stream()
					.filter(entry -> entry.hasFullUrl() && entry.getResource() != null)
					.forEach(entry -> types.putIfAbsent(entry.getFullUrl(), entry.getResource().fhirType()));
			return types;
		});
	}

	private static final String PLACEHOLDER_TYPES = WriteValidationInterceptor.class.getName() + ".placeholderTypes";

	/**
	 * Whether the resource was made by a patch, not parsed from a body: a PATCH request, or, in a transaction with PATCH
	 * entries, a resource that is no entry's own.
	 */
	private static boolean patched(RequestDetails request, IBaseResource resource) {
		if (request == null) {
			return false;
		}
		if (request.getRestOperationType() == RestOperationTypeEnum.PATCH) {
			return true;
		}
		return ValidationReport.body(request) instanceof Bundle bundle
				&& bundle.getEntry().stream().anyMatch(entry -> entry.getRequest().getMethod() == Bundle.HTTPVerb.PATCH)
				&& bundle.getEntry().stream().noneMatch(entry -> entry.getResource() == resource);
	}

	/**
	 * What the body checks find in a patched resource, as they would in the same resource sent as a PUT body: a patch
	 * put its values in as written (a dateTime without a time zone into {@code birthDate}, a code with spaces), which
	 * only a body's checks named (HAPI's patch appliers and its model keep them). An extension left with neither a
	 * value nor extensions (R4's ext-1), which the encoder drops, is named too: the patch would be reported as made.
	 */
	private List<SingleValidationMessage> asIfSent(IBaseResource resource, Optional<PatchDocument> patch,
			IBaseResource before) {
		JsonNode asPatched = patch.map(document -> document.jsonPatched(fhirContext, before)).orElse(null);
		String xmlPatched = patch.map(document -> document.xmlPatched(fhirContext, before)).orElse(null);
		// a number the patch wrote as no JSON number can be written (an XML Patch's "01", "1." or "-.5", which HAPI's
		// model keeps as written): its JSON encoding was no JSON, and the PATCH answered 500 (probe 77, P77-M3); an XML
		// Patch's document read as written, for what HAPI's parser rewrote (".5" stored as 0.5) and attributes in a
		// namespace it wrote, which that parser read as the value (P77-M4)
		List<SingleValidationMessage> numbers = xmlPatched == null
				? XmlNumberForms.of(fhirContext, resource, XmlNumberForms.Written.AS_HELD)
				: XmlNumberForms.ofPatched(fhirContext, xmlPatched);
		if (!numbers.isEmpty()) {
			return numbers;
		}
		List<SingleValidationMessage> problems = new ArrayList<>();
		try {
			// a JSON Patch's result as the patch wrote it: the JSON types it wrote, which HAPI's lenient parse of it
			// coerced ("150" into a decimal); and a contained resource's own versionId, which HAPI's encoding drops,
			// leaving an empty meta the walk took for an ele-1 error (probe 65, P65-m3)
			problems.addAll(asPatched != null
					? JsonBodyChecks.ofPatched(fhirContext, asPatched).problems()
					: JsonBodyChecks.of(fhirContext,
							JSON.readTree(fhirContext.newJsonParser().encodeResourceToString(resource))).problems());
		} catch (JsonProcessingException e) {
			throw new IllegalStateException("HAPI's encoder wrote JSON Jackson cannot read", e);
		}
		String type = fhirContext.getResourceType(resource);
		fhirContext.newTerser().visit(resource, new IModelVisitor2() {
			@Override
			public boolean acceptElement(IBase element, List<IBase> containing, List<BaseRuntimeChildDefinition> children,
					List<BaseRuntimeElementDefinition<?>> elements) {
				if (element instanceof IBaseExtension<?, ?> extension && extension.getValue() == null
						&& extension.getExtension().isEmpty()) {
					problems.add(BaseSpecChecks.error(ParseChecks.MESSAGE_ID, IssueType.INVARIANT,
							BaseSpecChecks.pathOf(type, children),
							"Extension " + extension.getUrl() + " has neither a value nor extensions of its own (R4's ext-1)"));
				}
				return true;
			}
		});
		return problems;
	}

	/** The 422 that refuses this resource alone, its OperationOutcome also kept for a batch entry's response. */
	private BaseServerResponseException refusal(RequestDetails request, IBaseResource resource,
			List<SingleValidationMessage> messages) {
		IBaseOperationOutcome outcome = validator.toOperationOutcome(messages);
		ValidationReport.refused(request, resource, outcome);
		return refusal(messages, ParseChecks.anUnreadableValue(messages), outcome);
	}

	/**
	 * The refusal of a write with these errors: 400 when a value is of a form its type cannot read (as the parser
	 * refuses a body it stops at), else 422.
	 */
	static BaseServerResponseException refusal(List<SingleValidationMessage> messages, boolean unreadableValues,
			IBaseOperationOutcome outcome) {
		return unreadableValues
				? new InvalidRequestException(summary(messages), outcome)
				: new UnprocessableEntityException(summary(messages), outcome);
	}

	/** The exception's message (HAPI shows it where it cannot show the OperationOutcome): the errors, counted. */
	static String summary(List<SingleValidationMessage> messages) {
		List<SingleValidationMessage> errors = messages.stream().filter(ResourceValidator::isError).toList();
		SingleValidationMessage first = errors.get(0);
		return "Validation failed with " + errors.size() + (errors.size() == 1 ? " error" : " errors") + "; first at "
				+ first.getLocationString() + ": " + first.getMessage();
	}

	private static boolean isPlaceholder(IBaseResource resource) {
		return resource instanceof org.hl7.fhir.r4.model.DomainResource domain && domain.hasExtension(PLACEHOLDER);
	}
}
