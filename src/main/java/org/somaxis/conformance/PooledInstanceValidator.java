package org.somaxis.conformance;

import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.validation.IValidationContext;
import ca.uhn.fhir.validation.IValidatorModule;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.exceptions.FHIRFormatError;
import ca.uhn.fhir.context.support.IValidationSupport;
import org.hl7.fhir.common.hapi.validation.validator.FhirDefaultPolicyAdvisor;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r5.context.IWorkerContext;
import org.hl7.fhir.r5.elementmodel.Element;
import org.hl7.fhir.r5.elementmodel.JsonParser;
import org.hl7.fhir.r5.elementmodel.Manager;
import org.hl7.fhir.r5.elementmodel.ParserBase;
import org.hl7.fhir.r5.elementmodel.ValidatedFragment;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.r5.utils.validation.ValidatorSession;
import org.hl7.fhir.r5.utils.validation.constants.BestPracticeWarningLevel;
import org.hl7.fhir.r5.utils.validation.constants.IdStatus;
import org.hl7.fhir.r5.utils.xver.XVerExtensionManagerOld;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.validation.ValidatorSettings;
import org.hl7.fhir.validation.codesystem.CodingsObserver;
import org.hl7.fhir.validation.instance.InstanceValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HL7 instance validator, run as HAPI 8.8's {@code FhirInstanceValidator} runs it (same message filtering and
 * conversion), with the settings of the validation policy (docs/conformance.md): any extension allowed unless a profile
 * closes it, unknown profiles not an error here ({@link ResourceValidator} judges them), no best-practice advice.
 * Unlike HAPI's, its {@link InstanceValidator} objects are reused.
 *
 * <p>HAPI's {@code ValidatorWrapper} builds a new {@code InstanceValidator} for every resource, and its constructor
 * walks the whole core spec (FHIRPath engine, profile utilities): about a quarter of the validation CPU
 * ({@code bench/platform-results.md}). An {@code InstanceValidator} resets its per-resource state (fetch cache,
 * resource tracker, tracked messages, execution id) at the start of each validation, so it can validate one
 * resource after another. What it keeps between validations is handled here:
 * <ul>
 *   <li>the deprecated/withdrawn/retired-definition warnings it has already given (it gives each once): cleared
 *       before every use, so every resource gets the same messages as from a new validator;</li>
 *   <li>what holds the last parsed resource (the validated content, the code/text pairs it records): dropped after
 *       every use;</li>
 *   <li>what grows with every resource, each entry holding a parsed resource, and has no public reset (the codings it
 *       has seen, its narrative id map): emptied after every use through their private fields, checked when this
 *       class loads, so a validator library that renames them fails at startup and in the tests;</li>
 *   <li>what else may grow with the data (the canonical URLs it has looked up): bounded by retiring a validator
 *       after {@link #MAX_USES} validations;</li>
 *   <li>its JSON parser, built once (HL7's validator builds one per resource) and remembering the core definition of
 *       each resource type; the element tree of its last parse, which it keeps, is dropped after every use, as are the
 *       validator's own references to it (its fetch cache and resource trackers, otherwise emptied at the next use).</li>
 * </ul>
 * An idle validator is used by one thread at a time; at most {@code maxIdle} are kept. Thread-safe.
 */
final class PooledInstanceValidator implements IValidatorModule {
	private static final Logger log = LoggerFactory.getLogger(PooledInstanceValidator.class);

	/**
	 * Validations after which a pooled validator is dropped, bounding the lookups it caches by URL. Construction is
	 * not cheap: the constructor reads the HL7 OID table (20,000 rows) each time, 15 % of the validation CPU at 25
	 * uses (bench/platform-results.md).
	 */
	static final int MAX_USES = 1000;

	private static final Set<String> DROPPED_MESSAGE_IDS = Set.of("Terminology_TX_Binding_NoSource");
	private static final Set<String> UNKNOWN_PROFILE_IDS = Set.of(
			"Validation_VAL_Profile_Unknown", "VALIDATION_VAL_PROFILE_UNKNOWN_NOT_POLICY");

	private final IWorkerContext workerContext;
	private final BlockingQueue<Reusable> idle;
	private final AtomicLong built = new AtomicLong();
	private final int maxUses;

	/**
	 * @param validationSupport the server's validation chain; one worker context over it is shared by all validators
	 * @param maxIdle validators kept between validations (about the number of request threads validating at once)
	 */
	PooledInstanceValidator(IValidationSupport validationSupport, int maxIdle) {
		this(validationSupport, maxIdle, MAX_USES);
	}

	/** @param maxUses validations after which a validator is dropped ({@link #MAX_USES} but in tests) */
	PooledInstanceValidator(IValidationSupport validationSupport, int maxIdle, int maxUses) {
		this.workerContext = WorkerContextValidationSupportAdapter.newVersionSpecificWorkerContextWrapper(validationSupport);
		this.idle = new ArrayBlockingQueue<>(maxIdle);
		this.maxUses = maxUses;
	}

	/** How many {@link InstanceValidator}s were built so far (for tests and benchmarks). */
	long built() {
		return built.get();
	}

	/** Entries that idle validators keep in the caches emptied after each use (for tests). */
	long keptCacheEntries() {
		return idle.stream().mapToLong(Reusable::keptEntries).sum();
	}

	@Override
	public void validateResource(IValidationContext<IBaseResource> context) {
		for (ValidationMessage message : validate(context)) {
			context.addValidationMessage(toHapi(message));
		}
	}

	private List<ValidationMessage> validate(IValidationContext<?> context) {
		if (context.getResourceAsStringEncoding() != EncodingEnum.JSON) {
			throw new IllegalArgumentException("Only JSON-encoded validation contexts are validated here, not "
					+ context.getResourceAsStringEncoding());
		}
		List<StructureDefinition> profiles = new ArrayList<>();
		List<ValidationMessage> unknownProfiles = new ArrayList<>();
		for (String url : context.getOptions().getProfiles()) {
			addProfile(profiles, url, unknownProfiles);
		}
		IBaseResource resource = context.getResource() instanceof IBaseResource r ? r : null;
		if (resource != null) {
			resource.getMeta().getProfile().forEach(p -> addProfile(profiles, p.getValue(), unknownProfiles));
		}
		byte[] json = context.getResourceAsString().getBytes(StandardCharsets.UTF_8);
		List<ValidationMessage> messages = new ArrayList<>();
		Reusable validator = borrow();
		boolean completed = false;
		try {
			validator.validate(context.getOptions().getAppContext(), messages, new ByteArrayInputStream(json),
					Manager.FhirFormat.JSON, profiles);
			completed = true;
		} finally {
			validator.afterUse();
			giveBack(validator, completed);
		}
		if (profiles.isEmpty()) {
			messages.addAll(unknownProfiles);
		}
		List<ValidationMessage> kept = new ArrayList<>(messages.size());
		for (ValidationMessage message : messages) {
			if (dropped(message)) {
				continue;
			}
			if (message.getMessageId() != null && UNKNOWN_PROFILE_IDS.contains(message.getMessageId())) {
				message.setLevel(ValidationMessage.IssueSeverity.WARNING);
			}
			kept.add(message);
		}
		return kept;
	}

	private static boolean dropped(ValidationMessage message) {
		String id = message.getMessageId();
		return id != null && (DROPPED_MESSAGE_IDS.contains(id)
				|| ("Terminology_TX_ValueSet_NotFound".equals(id)
						&& message.getMessage().contains("http://hl7.org/fhir/ValueSet/mimetypes")));
	}

	private void addProfile(List<StructureDefinition> profiles, String url, List<ValidationMessage> unknown) {
		StructureDefinition profile;
		try {
			profile = workerContext.fetchResource(StructureDefinition.class, url);
		} catch (FHIRException e) {
			// as HAPI's ValidatorWrapper: a profile that cannot be loaded is left out (logged, not an issue)
			log.debug("Profile {} could not be loaded: {}", url, e.getMessage());
			return;
		}
		if (profile != null) {
			profiles.add(profile);
		} else {
			ValidationMessage message = new ValidationMessage();
			message.setMessageId("Validation_VAL_Profile_Unknown");
			message.setLevel(ValidationMessage.IssueSeverity.ERROR);
			message.setMessage("Invalid profile. Failed to retrieve profile with url=" + url);
			unknown.add(message);
		}
	}

	private Reusable borrow() {
		Reusable validator = idle.poll();
		if (validator == null) {
			validator = new Reusable(workerContext);
			built.incrementAndGet();
		}
		validator.beforeUse();
		return validator;
	}

	/** A validator whose validation threw is dropped: its state is not known to be clean. */
	private void giveBack(Reusable validator, boolean completed) {
		if (completed && validator.uses < maxUses) {
			idle.offer(validator);
		}
	}

	private static SingleValidationMessage toHapi(ValidationMessage message) {
		SingleValidationMessage hapi = new TypedMessage(issueType(message.getType()));
		if (message.getCol() != -1) {
			hapi.setLocationCol(message.getCol());
		}
		if (message.getLine() != -1) {
			hapi.setLocationLine(message.getLine());
		}
		hapi.setLocationString(message.getLocation());
		hapi.setMessage(message.getMessage());
		if (message.getLevel() != null) {
			hapi.setSeverity(ResultSeverityEnum.fromCode(message.getLevel().toCode()));
		}
		if (message.getMessageId() != null && !message.getMessageId().contains(" ")) {
			hapi.setMessageId(message.getMessageId());
		}
		if (message.hasSliceInfo()) {
			hapi.setSliceMessages(message.getSliceInfo().stream().map(ValidationMessage::getMessage)
					.collect(Collectors.toList()));
		}
		return hapi;
	}

	/** The validator's issue type as R4's; null (read as {@code processing}) for one R4 does not have. */
	private static org.hl7.fhir.r4.model.OperationOutcome.IssueType issueType(ValidationMessage.IssueType type) {
		if (type == null) {
			return null;
		}
		for (org.hl7.fhir.r4.model.OperationOutcome.IssueType r4 : org.hl7.fhir.r4.model.OperationOutcome.IssueType.values()) {
			if (r4 != org.hl7.fhir.r4.model.OperationOutcome.IssueType.NULL && r4.toCode().equals(type.toCode())) {
				return r4;
			}
		}
		return null;
	}

	/**
	 * An {@link InstanceValidator} with HAPI's defaults and the policy's settings, counting its uses, that parses with
	 * a JSON parser of its own, kept for its life ({@link #validate(Object, List, InputStream, Manager.FhirFormat, List)}).
	 */
	private static final class Reusable extends InstanceValidator {
		private final ReusableJsonParser parser;
		private int uses;

		Reusable(IWorkerContext workerContext) {
			super(workerContext, new FhirInstanceValidator.NullEvaluationContext(),
					new XVerExtensionManagerOld(workerContext), new ValidatorSession(), new ValidatorSettings());
			this.parser = new ReusableJsonParser(workerContext);
			setAssumeValidRestReferences(false);
			setBestPracticeWarningLevel(BestPracticeWarningLevel.Ignore);
			setAnyExtensionsAllowed(true);
			setResourceIdRule(IdStatus.OPTIONAL);
			setNoTerminologyChecks(false);
			setErrorForUnknownProfiles(false);
			setUnknownCodeSystemsCauseErrors(true);
			setNoExtensibleWarnings(false);
			setNoBindingMsgSuppressed(false);
			setAllowExamples(false);
			setAllowXsiLocation(true);
			setPolicyAdvisor(new FhirDefaultPolicyAdvisor());
		}

		/**
		 * As {@link InstanceValidator}'s own (org.hl7.fhir.validation 6.7.9), but for JSON it parses with this
		 * validator's parser instead of a new one per resource: building a parser builds two FHIRPath engines and
		 * profile utilities, and its first lookup of a resource type walks every StructureDefinition of the context,
		 * together about 30 % of a validation's CPU on an IGF-1 create, and the validator's CPU halved with a kept parser
		 * (bench/platform-results.md). Other formats
		 * and logical models go the library's way. JSON implies no profile ({@code ParserBase#getImpliedProfile}).
		 */
		@Override
		public Element validate(Object appContext, List<ValidationMessage> errors, InputStream stream,
				Manager.FhirFormat format, List<StructureDefinition> profiles) throws FHIRException {
			if (format != Manager.FhirFormat.JSON
					|| profiles.stream().anyMatch(p -> p.getKind() == StructureDefinition.StructureDefinitionKind.LOGICAL)) {
				return super.validate(appContext, errors, stream, format, profiles);
			}
			parser.setupValidation(ParserBase.ValidationPolicy.EVERYTHING);
			parser.setAllowComments(isAllowComments());
			parser.setSignatureServices(getSignatureServices());
			long started = System.nanoTime();
			validatedContent = null;
			try {
				validatedContent = parser.parse(stream);
			} catch (IOException e) {
				throw new FHIRException(e);
			}
			timeTracker.load(started);
			for (ValidatedFragment fragment : validatedContent) {
				if (fragment.getElement() != null) {
					validate(appContext, fragment.getErrors(), validatedContent.size() > 1 ? fragment.path() : null,
							fragment.getElement(), profiles);
				}
				errors.addAll(fragment.getErrors());
			}
			return validatedContent.isEmpty() ? null : validatedContent.get(0).getElement();
		}

		void beforeUse() {
			uses++;
			statusWarnings.clear();
		}

		void afterUse() {
			validatedContent = null;
			getTextsToCheck().clear();
			NARRATIVE_ID_MAPS.clear(this);
			CODINGS_SEEN.clear(CODING_OBSERVER.read(this));
			// the validated resource's element tree (and through it its JSON): emptied at the next use, dropped now
			FETCH_CACHE.clear(this);
			RESOURCE_TRACKER.clear(this);
			LAST_PARSED.set(parser, null);
		}

		int keptEntries() {
			return NARRATIVE_ID_MAPS.size(this) + CODINGS_SEEN.size(CODING_OBSERVER.read(this))
					+ FETCH_CACHE.size(this) + RESOURCE_TRACKER.size(this) + (LAST_PARSED.read(parser) == null ? 0 : 1);
		}

		/** The narrative id map of each parsed resource seen ({@code Map<Element, ...>}). */
		private static final PrivateField NARRATIVE_ID_MAPS = new PrivateField(InstanceValidator.class, "xhtmlElementMap");
		private static final PrivateField CODING_OBSERVER = new PrivateField(InstanceValidator.class, "codingObserver");
		/** Every coding seen, with its node stack ({@code List<CodingUsage>}); read only for IPS checks, which are off. */
		private static final PrivateField CODINGS_SEEN = new PrivateField(CodingsObserver.class, "list");
		/** The validated resource by its type and id ({@code Map<String, Element>}). */
		private static final PrivateField FETCH_CACHE = new PrivateField(InstanceValidator.class, "fetchCache");
		/** A tracker per resource element validated ({@code Map<Element, ...>}). */
		private static final PrivateField RESOURCE_TRACKER = new PrivateField(InstanceValidator.class, "resourceTracker");
		/** The parser's last parsed element tree, which holds the parsed JSON. */
		private static final PrivateField LAST_PARSED = new PrivateField(JsonParser.class, "baseElement");
	}

	/**
	 * The HL7 element-model JSON parser, remembering the core definition of each resource type it has met. The
	 * library's lookup walks every StructureDefinition of the context for each resource parsed; a core definition
	 * ({@code http://hl7.org/fhir/StructureDefinition/<type>}) is what the lookup's first pass returns, and it does not
	 * change while the server runs. Anything else is looked up as the library does, every time.
	 */
	private static final class ReusableJsonParser extends JsonParser {
		private static final String CORE = "http://hl7.org/fhir/StructureDefinition/";
		private final Map<String, StructureDefinition> coreDefinitions = new HashMap<>();

		ReusableJsonParser(IWorkerContext context) {
			super(context);
		}

		@Override
		protected StructureDefinition getDefinition(List<ValidationMessage> errors, int line, int col, String name)
				throws FHIRFormatError {
			StructureDefinition known = coreDefinitions.get(name);
			if (known != null) {
				return known;
			}
			StructureDefinition found = super.getDefinition(errors, line, col, name);
			if (found != null && (CORE + name).equals(found.getUrl())) {
				coreDefinitions.put(name, found);
			}
			return found;
		}
	}

	/** A private field of the HL7 validator, resolved once; a missing one fails when this class loads. */
	private static final class PrivateField {
		private final Field field;

		PrivateField(Class<?> owner, String name) {
			try {
				field = owner.getDeclaredField(name);
				field.setAccessible(true);
			} catch (NoSuchFieldException e) {
				throw new IllegalStateException("The HL7 validator has no field " + owner.getName() + "." + name
						+ ": PooledInstanceValidator must be reviewed for this validator version", e);
			}
		}

		Object read(Object target) {
			try {
				return field.get(target);
			} catch (IllegalAccessException e) {
				throw new IllegalStateException("made accessible when resolved", e);
			}
		}

		void clear(Object target) {
			Object value = read(target);
			if (value instanceof Map<?, ?> map) {
				map.clear();
			} else {
				((Collection<?>) value).clear();
			}
		}

		void set(Object target, Object value) {
			try {
				field.set(target, value);
			} catch (IllegalAccessException e) {
				throw new IllegalStateException("made accessible when resolved", e);
			}
		}

		int size(Object target) {
			Object value = read(target);
			return value instanceof Map<?, ?> map ? map.size() : ((Collection<?>) value).size();
		}
	}
}
