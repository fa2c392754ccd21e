package org.somaxis.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.util.ResourceUtil;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.IInstanceValidatorModule;
import ca.uhn.fhir.validation.IValidationContext;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * The one validation code path of the server: a write (through {@link WriteValidationInterceptor}) and
 * {@code $validate} (HAPI's DAO calls this class as its instance validator module) both end here, so they give the
 * same verdict and the same messages.
 *
 * <p>The policy (docs/conformance.md has the table):
 * <ol>
 *   <li>Somaxis profiles are inferred from the resource's codes ({@link ProfileInference}) and added to
 *       {@code meta.profile}.</li>
 *   <li>Every declared (or requested) profile is either <i>held</i> (our package, an extra package from
 *       {@code somaxis.conformance.packages}, or the core spec) or unknown. An unknown one is a warning, nothing,
 *       or an error, as {@link UnknownProfilePolicy} says.</li>
 *   <li>Only when at least one held profile applies is the HL7 instance validator run, against the base spec and
 *       the held profiles (unknown ones are hidden from it). Unknown extensions are allowed unless a profile closes
 *       them. Best-practice advice is off.</li>
 *   <li>Otherwise the resource has had the base checks every request gets when it is parsed ({@link ParseChecks}:
 *       unknown elements, bad primitive values, broken JSON shapes), gets the base-spec checks here
 *       ({@link BaseSpecChecks}: an element R4 makes mandatory is present, no Period ends before it starts), and
 *       those storage gives (references that do not resolve).</li>
 *   <li>Every resource, profiled or not, gets the narrative check ({@link NarrativeChecks}: R4's txt-1 and txt-2,
 *       and no URL or style that runs script), so no narrative a browser would run as script is stored.</li>
 * </ol>
 *
 * <p>One {@link FhirValidator} with one worker context for the whole server (HAPI's repository validating rules build
 * one per resource type, each converting the whole core spec), and HL7 instance validators reused from a pool
 * ({@link PooledInstanceValidator}) rather than built per resource. Thread-safe.
 */
public final class ResourceValidator implements IInstanceValidatorModule {
	/** HAPI's {@code toString()} of a primitive: its type's simple name and the value in brackets. */
	private static final java.util.regex.Pattern PRIMITIVE_TO_STRING =
			java.util.regex.Pattern.compile("(?:UriType|CanonicalType|UrlType|StringType)\\[(.*)\\]");
	/** The message id of the unknown-profile issue (behaviour never depends on a message's wording). */
	public static final String UNKNOWN_PROFILE = "somaxis-unknown-profile";
	/** How the HL7 validator's message ids for its checks of a primitive value (its form, whitespace) begin. */
	static final String VALIDATOR_VALUE_CHECKS = "Type_Specific_Checks_DT_";
	/** The HL7 validator's message id of a value of a type its profile does not allow. */
	private static final String WRONG_TYPE = "Extension_PROF_Type";
	/** The HL7 validator's message id of R4's dom-3: a contained resource nothing references. */
	private static final String ORPHAN_CONTAINED = "CONTAINED_ORPHAN_DOM3";

	/** What {@link #validateResource} answered on this thread, for {@link #takeValidated}. */
	private static final ThreadLocal<List<SingleValidationMessage>> VALIDATED = new ThreadLocal<>();

	private final FhirContext fhirContext;
	private final IValidationSupport validationSupport;
	private final UnknownProfilePolicy unknownProfilePolicy;
	private final FhirValidator validator;
	private final Map<String, Boolean> heldByUrl = new ConcurrentHashMap<>();
	private final BaseSpecChecks baseSpecChecks;
	private final NarrativeChecks narrativeChecks = new NarrativeChecks();
	private final ReferenceTargets referenceTargets;
	private final StoredReferences storedReferences;

	/** @param storedReferences what {@code $validate} also checks of references to the store, as a write does; null: none */
	public ResourceValidator(FhirContext fhirContext, IValidationSupport validationSupport,
			UnknownProfilePolicy unknownProfilePolicy, StoredReferences storedReferences) {
		this.fhirContext = fhirContext;
		this.storedReferences = storedReferences;
		this.baseSpecChecks = new BaseSpecChecks(fhirContext);
		this.referenceTargets = new ReferenceTargets(fhirContext, validationSupport);
		this.validationSupport = validationSupport;
		this.unknownProfilePolicy = unknownProfilePolicy;
		// unknown profiles are judged here, by the policy; the instance validator never sees them
		this.validator = fhirContext.newValidator().registerValidatorModule(new PooledInstanceValidator(
				validationSupport, Math.max(4, 2 * Runtime.getRuntime().availableProcessors())));
	}

	/**
	 * Validates a resource as a write would. Adds the inferred Somaxis profiles to its {@code meta.profile}.
	 *
	 * @param requestedProfiles profiles asked for beyond {@code meta.profile} (the {@code profile} parameter of
	 *     {@code $validate}); empty for a write
	 * @return every message, errors first
	 */
	public List<SingleValidationMessage> validate(IBaseResource resource, Collection<String> requestedProfiles) {
		return validate(resource, requestedProfiles, sentProfiles(resource));
	}

	private static List<String> sentProfiles(IBaseResource resource) {
		return resource instanceof Resource r4
				? r4.getMeta().getProfile().stream().map(CanonicalType::getValue).toList()
				: List.of();
	}

	/**
	 * As {@link #validate(IBaseResource, Collection)}, an unknown declared profile located at its index in
	 * {@code sentOrder}: the {@code meta.profile} as the client sent them, which HAPI sorts before a write is stored.
	 */
	public List<SingleValidationMessage> validate(IBaseResource resource, Collection<String> requestedProfiles,
			List<String> sentOrder) {
		return validate(resource, requestedProfiles, sentOrder, Set.copyOf(requestedProfiles));
	}

	/**
	 * As {@link #validate(IBaseResource, Collection, List)}, an unknown requested profile that is not in
	 * {@code requestedInBody} (asked for on {@code $validate}'s URL) reported as the URL's parameter, with no place in
	 * a body that has none (probe 63, P63-m9).
	 */
	private List<SingleValidationMessage> validate(IBaseResource resource, Collection<String> requestedProfiles,
			List<String> sentOrder, Set<String> requestedInBody) {
		ProfileInference.declareInferredProfiles(resource);
		List<SingleValidationMessage> parseProblems = ParseChecks.takePending();
		List<SingleValidationMessage> messages = new ArrayList<>(parseProblems);
		if (!(resource instanceof Resource r4)) {
			return messages;
		}
		Set<String> declared = new LinkedHashSet<>();
		r4.getMeta().getProfile().forEach(p -> declared.add(p.getValue()));
		Set<String> requested = new LinkedHashSet<>(requestedProfiles);
		requested.removeAll(declared);

		List<CanonicalType> unknownDeclared = new ArrayList<>();
		List<String> held = new ArrayList<>();
		boolean anyHeld = false;
		List<CanonicalType> profiles = new ArrayList<>(r4.getMeta().getProfile());
		// in the order the client sent them, those it did not send (inferred ones) after
		profiles.sort(Comparator.comparingInt(p -> sentOrder.contains(p.getValue())
				? sentOrder.indexOf(p.getValue())
				: Integer.MAX_VALUE));
		for (CanonicalType profile : profiles) {
			if (isHeld(profile.getValue())) {
				anyHeld = true;
				held.add(profile.getValue());
			} else {
				unknownDeclared.add(profile);
				int sentAt = sentOrder.indexOf(profile.getValue());
				unknownProfile(messages, profile.getValue(), fhirContext.getResourceType(resource) + ".meta.profile["
						+ (sentAt >= 0 ? sentAt : r4.getMeta().getProfile().indexOf(profile)) + "]");
			}
		}
		ValidationOptions options = new ValidationOptions();
		for (String profile : requested) {
			if (isHeld(profile)) {
				anyHeld = true;
				held.add(profile);
				options.addProfile(profile);
			} else {
				if (requestedInBody.contains(profile)) {
					unknownProfile(messages, profile, "Parameters.profile");
				} else {
					unknownProfile(messages, profile + " (the profile parameter of the URL)", null);
				}
			}
		}
		if (anyHeld) {
			messages.addAll(withoutFollowOnsOfAWrongType(r4,
					notNamedBefore(instanceValidation(r4, unknownDeclared, options), parseProblems)));
			referenceTargets.check(r4, held, messages);
		} else {
			baseSpecChecks.check(r4, messages);
		}
		referenceTargets.typelessConditionals(r4, messages);
		if (storedReferences != null) {
			List<SingleValidationMessage> wrongTypes = new ArrayList<>();
			storedReferences.checkTypes(r4, wrongTypes);
			messages.addAll(notJudgedByAProfile(wrongTypes, messages));
		}
		narrativeChecks.check(r4, messages);
		UnlinkedSubjects.check(r4, messages);
		WholeBundles.check(r4, messages);
		return errorsFirst(messages);
	}

	/**
	 * The validator's messages but those about a primitive value's form (the HL7 validator's message ids for them begin
	 * {@value #VALIDATOR_VALUE_CHECKS}) at a place where the parse checks already named a problem: {@code $validate}
	 * then says once, as a write does, that {@code Observation.issued} of {@code 2024} is no instant.
	 */
	private static List<SingleValidationMessage> notNamedBefore(List<SingleValidationMessage> validator,
			List<SingleValidationMessage> parseProblems) {
		Set<String> named = new HashSet<>();
		parseProblems.forEach(problem -> named.add(problem.getLocationString()));
		return validator.stream()
				.filter(message -> message.getMessageId() == null || !message.getMessageId().startsWith(VALIDATOR_VALUE_CHECKS)
						|| !named.contains(message.getLocationString()))
				.toList();
	}

	/**
	 * The validator's messages but those that follow from a value of a type its profile does not allow
	 * ({@code Extension_PROF_Type}, "allows for the type CodeableConcept but found type Reference"), which is the one
	 * error: a message inside that value, which judged it as the allowed type ("not allowed by the profile
	 * CodeableConcept" at its {@code .reference}), and dom-3 of a contained resource the value references, which the
	 * validator, not following the refused reference, called referenced from nowhere (probe 63, P63-m11). A contained
	 * resource no reference names keeps dom-3.
	 */
	private List<SingleValidationMessage> withoutFollowOnsOfAWrongType(Resource resource,
			List<SingleValidationMessage> validator) {
		List<String> wrongTypes = validator.stream().filter(message -> WRONG_TYPE.equals(message.getMessageId()))
				.map(SingleValidationMessage::getLocationString).toList();
		if (wrongTypes.isEmpty()) {
			return validator;
		}
		Set<String> referenced = new HashSet<>();
		fhirContext.newTerser().getAllPopulatedChildElementsOfType(resource, Reference.class)
				.forEach(reference -> referenced.add(reference.getReference()));
		String contained = resource.fhirType() + ".contained[";
		return validator.stream()
				.filter(message -> wrongTypes.stream().noneMatch(at -> location(message).startsWith(at + ".")))
				.filter(message -> !ORPHAN_CONTAINED.equals(message.getMessageId())
						|| !location(message).startsWith(contained)
						|| !referenced.contains("#" + containedId(resource, location(message), contained)))
				.toList();
	}

	private static String location(SingleValidationMessage message) {
		return message.getLocationString() == null ? "" : message.getLocationString();
	}

	/** The id of the contained resource at {@code location} ({@code MedicationRequest.contained[0]}); null if none. */
	private static String containedId(Resource resource, String location, String contained) {
		String index = location.substring(contained.length(), location.length() - 1);
		if (!(resource instanceof DomainResource domain) || !index.matches("\\d+")
				|| Integer.parseInt(index) >= domain.getContained().size()) {
			return null;
		}
		return domain.getContained().get(Integer.parseInt(index)).getIdElement().getIdPart();
	}

	/**
	 * The storage's wrong-type errors but those at an element a held profile's reference targets already refused: the
	 * profile's error names the entry ({@code Observation.derivedFrom[1]}) and what the profile allows, and one error of
	 * a reference is enough ({@code $validate} gave two, the write one: probe 55, P55-m3).
	 */
	private static List<SingleValidationMessage> notJudgedByAProfile(List<SingleValidationMessage> wrongTypes,
			List<SingleValidationMessage> messages) {
		Set<String> judged = new HashSet<>();
		messages.stream().filter(message -> ReferenceTargets.MESSAGE_ID.equals(message.getMessageId()))
				.forEach(message -> judged.add(message.getLocationString().replaceAll("\\[\\d+]$", "")));
		return wrongTypes.stream().filter(message -> !judged.contains(message.getLocationString())).toList();
	}

	/**
	 * The resource's references to this server that name no resource it holds, each an error ({@code not-found}) at its
	 * element, as {@code $validate} names them; empty without a store. For a write the storage refused for such a
	 * reference (HAPI-1094, at no place).
	 */
	public List<SingleValidationMessage> referencesToNothingStored(IBaseResource resource) {
		List<SingleValidationMessage> messages = new ArrayList<>();
		if (storedReferences != null) {
			storedReferences.checkTargets(resource, messages);
		}
		return messages;
	}

	/** The messages, the most severe first, in their order otherwise (a stable sort). */
	static List<SingleValidationMessage> errorsFirst(List<SingleValidationMessage> messages) {
		List<SingleValidationMessage> sorted = new ArrayList<>(messages);
		sorted.sort(Comparator.comparing((SingleValidationMessage m) -> m.getSeverity().ordinal()).reversed());
		return sorted;
	}

	/** The messages as the OperationOutcome a refusal or {@code $validate} returns. */
	public IBaseOperationOutcome toOperationOutcome(List<SingleValidationMessage> messages) {
		return TypedMessage.outcome(fhirContext, messages);
	}

	public static boolean hasErrors(List<SingleValidationMessage> messages) {
		return messages.stream().anyMatch(ResourceValidator::isError);
	}

	public static boolean isError(SingleValidationMessage message) {
		return message.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal();
	}

	/**
	 * Whether the server holds a StructureDefinition with this canonical URL, and with the version a {@code |version}
	 * suffix names: a profile of ours in another version is one the server does not hold (probe 54, P54-m3).
	 */
	public boolean isHeld(String url) {
		return heldByUrl.computeIfAbsent(url, canonical -> {
			// the validator is given the canonical as written: held only when the chain resolves it so, in that version
			// (the core spec's own profiles, heartrate|4.0.1, it does not resolve with a version: probe 55, P55-m2)
			IBaseResource held = validationSupport.fetchStructureDefinition(canonical);
			int bar = canonical.indexOf('|');
			return held != null && (bar < 0 || !(held instanceof org.hl7.fhir.r4.model.StructureDefinition definition)
					|| canonical.substring(bar + 1).equals(definition.getVersion()));
		});
	}

	/**
	 * A {@code profile} of {@code $validate} as HAPI 8.8 passes it on: for one given in a {@code Parameters} body, the
	 * {@code toString()} of its value ("UriType[http://...]", "CanonicalType[...]"), which named a held profile as not
	 * held (probe 54, P54-M1). The value alone.
	 */
	static String unwrapped(String profile) {
		java.util.regex.Matcher wrapped = PRIMITIVE_TO_STRING.matcher(profile);
		return wrapped.matches() ? wrapped.group(1) : profile;
	}

	/**
	 * {@code $validate}: HAPI's DAO hands the request's resource to this module: the resource itself when it was the
	 * body, or the whole {@code Parameters} body, whose {@code resource} is then validated against its
	 * {@code profile} parameters. {@code profile} on the URL comes through {@link ParseChecks#requestedProfiles()}.
	 */
	@Override
	public void validateResource(IValidationContext<IBaseResource> context) {
		IBaseResource resource = context.getResource();
		List<String> requested = new ArrayList<>();
		context.getOptions().getProfiles().forEach(profile -> requested.add(unwrapped(profile)));
		Set<String> inBody = new LinkedHashSet<>();
		if (resource instanceof Parameters parameters && parameters.getParameter("resource") != null
				&& parameters.getParameter("resource").hasResource()) {
			parameters.getParameter().stream()
					.filter(p -> "profile".equals(p.getName()) && p.hasValue())
					.forEach(p -> inBody.add(p.getValue().primitiveValue()));
			requested.addAll(inBody);
			resource = parameters.getParameter("resource").getResource();
		}
		ParseChecks.requestedProfiles().forEach(requested::add);
		if (storedReferences != null) {
			storedReferences.asAWriteStoresThem(resource, ParseChecks.validatedOnBase());
		}
		List<SingleValidationMessage> messages = new ArrayList<>(validate(resource, requested.stream().distinct().toList(),
				sentProfiles(resource), inBody));
		if (storedReferences != null) {
			// a write's storage refuses these after validation; $validate says so too
			storedReferences.checkTargets(resource, messages);
		}
		WholeBundles.entriesNotValidated(resource, messages);
		List<SingleValidationMessage> answered = errorsFirst(messages);
		answered.forEach(context::addValidationMessage);
		VALIDATED.set(answered);
	}

	/**
	 * The messages the last {@code $validate} on this thread answered with, typed ({@link TypedMessage}), and forgets
	 * them: HAPI builds {@code $validate}'s OperationOutcome itself and types every issue {@code processing}, where a
	 * write names the same message {@code invariant}, {@code structure}, {@code code-invalid} (probe 54, P54-m2).
	 * Empty when none ran.
	 */
	static List<SingleValidationMessage> takeValidated() {
		List<SingleValidationMessage> validated = VALIDATED.get();
		VALIDATED.remove();
		return validated == null ? List.of() : validated;
	}

	private List<SingleValidationMessage> instanceValidation(
			Resource resource, List<CanonicalType> unknownDeclared, ValidationOptions options) {
		// the HL7 validator reads a kept raw request body rather than the resource, which lacks inferred profiles; and
		// HAPI encodes the resource as JSON but labels it with the encoding it arrived in, so a resource posted as XML
		// reached the validator as JSON labelled XML (a 500): both raw body and label are set aside for the validation
		EncodingEnum arrivedAs = ResourceUtil.getEncodingTypeFromUserData(resource);
		ResourceUtil.clearRawStringFromResource(resource);
		ResourceUtil.addRawDataToResource(resource, EncodingEnum.JSON, null);
		List<CanonicalType> profiles = resource.getMeta().getProfile();
		List<CanonicalType> all = List.copyOf(profiles);
		profiles.removeAll(unknownDeclared);
		try {
			return validator.validateWithResult(resource, options).getMessages();
		} finally {
			profiles.clear();
			profiles.addAll(all);
			if (arrivedAs != null) {
				ResourceUtil.addRawDataToResource(resource, arrivedAs, null);
			}
		}
	}

	private void unknownProfile(List<SingleValidationMessage> messages, String url, String location) {
		if (unknownProfilePolicy == UnknownProfilePolicy.IGNORE) {
			return;
		}
		SingleValidationMessage message = new SingleValidationMessage();
		message.setSeverity(unknownProfilePolicy == UnknownProfilePolicy.REJECT ? ResultSeverityEnum.ERROR : ResultSeverityEnum.WARNING);
		message.setLocationString(location);
		message.setMessageId(UNKNOWN_PROFILE);
		message.setMessage("Profile " + url + " is not held by this server, so the resource was not checked against it"
				+ " (somaxis.conformance.unknown-profile=" + unknownProfilePolicy.name().toLowerCase(java.util.Locale.ROOT) + ")");
		messages.add(message);
	}
}
