package org.somaxis.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.somaxis.fhir.OperationOutcomes;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.hl7.fhir.instance.model.api.IBaseBinary;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * The REST side of validation, on the {@code /fhir} server:
 * <ul>
 *   <li>the base-spec parse checks ({@link ParseChecks}) around the parse of every POST and PUT body, and after it
 *       the JSON types of its primitives and the paths of its unknown elements ({@link JsonBodyChecks}): a write
 *       (create, update, transaction) with problems is refused with 422 before anything is stored, a transaction's
 *       problems located at their entries; in a batch, only the entries with problems are refused
 *       ({@link BundleEntries}). A write's body is read on past a value its type cannot read, so that each is named
 *       at its path and a batch refuses only its entry; such a value is refused with 400, as the parser refuses an
 *       operation's body at the first one;
 *       {@code $validate} reports them as messages; other operations are not affected; an entry of a JSON batch
 *       that would stop the parser of the whole body is refused alone ({@link JsonBatchEntries});</li>
 *   <li>the {@code profile} parameter of {@code $validate} given on the URL;</li>
 *   <li>on the response: each batch or transaction entry's OperationOutcome lists the validation errors that
 *       refused it, or the warnings of an accepted entry; a single create or update with warnings says so in the
 *       {@value #WARNINGS_HEADER} header and, with {@code Prefer: return=OperationOutcome}, in the body;</li>
 *   <li>a transaction that HAPI refuses after the validator refused an entry answers HAPI's error with the entry's
 *       errors added.</li>
 * </ul>
 */
@Interceptor
public final class ConformanceRestInterceptor {
	public static final String WARNINGS_HEADER = "X-Somaxis-Validation-Warnings";
	private static final java.util.Set<RestOperationTypeEnum> WRITES = java.util.EnumSet.of(
			RestOperationTypeEnum.CREATE, RestOperationTypeEnum.UPDATE, RestOperationTypeEnum.TRANSACTION,
			RestOperationTypeEnum.BATCH);
	private static final ObjectMapper JSON = JsonBodyChecks.TREES;

	/** The body of a {@code $validate} in mode delete sent without one: a Parameters with nothing in it. */
	private static final byte[] EMPTY_PARAMETERS = "{\"resourceType\":\"Parameters\"}".getBytes(StandardCharsets.UTF_8);

	private final FhirContext fhirContext;
	private final ReferencesToNothing referencesToNothing;

	public ConformanceRestInterceptor(FhirContext fhirContext, ResourceValidator validator) {
		this.fhirContext = fhirContext;
		this.referencesToNothing = new ReferencesToNothing(fhirContext, validator);
	}

	/**
	 * A POST of {@code $validate} with no body, or one of blanks only, perhaps after a byte order mark (HAPI-0450 before:
	 * probe 77, P77-m4; probe 80, P80-m2).
	 */
	private static boolean isValidateWithoutABody(RequestDetails request) {
		String body = new String(request.loadRequestContents(), StandardCharsets.UTF_8);
		return "$validate".equals(request.getOperation()) && request.getRequestType() == RequestTypeEnum.POST
				&& (body.startsWith("\uFEFF") ? body.substring(1) : body).isBlank();
	}

	private static boolean isDeleteMode(RequestDetails request) {
		String[] modes = request.getParameters().get("mode");
		return modes != null && modes.length == 1 && "delete".equals(modes[0]);
	}

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
	public boolean beforeBodyParse(RequestDetails request) {
		if (request.getRequestType() == RequestTypeEnum.POST || request.getRequestType() == RequestTypeEnum.PUT) {
			if (request.getOperation() == null) {
				ParseChecks.startReadingPastUnreadableValues(); // a write: see afterBodyParse
				if (request.getResourceName() == null
						&& RestfulServerUtils.determineRequestEncodingNoDefault(request) == EncodingEnum.JSON) {
					JsonBatchEntries.prepare(fhirContext, request); // a batch entry the parser would stop at
				}
			} else {
				if (isValidateWithoutABody(request) && isDeleteMode(request)) {
					// R4's $validate takes no resource in mode delete; HAPI's binding wanted a body (probe 63, P63-m9)
					request.setRequestContents(EMPTY_PARAMETERS);
					request.setHeaders("Content-Type", List.of("application/fhir+json")); // whatever it said, or none
				} else if (isValidateWithoutABody(request)) {
					// sent with a JSON or XML Content-Type, HAPI's parser refused it first, as HAPI-0450's "no content"
					throw needsTheResource();
				}
				ParseChecks.start(); // an operation's body ($validate, $evaluate): refused at the first, as before
			}
			ValidationReport.open(request);
		}
		return true;
	}

	/**
	 * The OperationOutcome of a refusal, before it is sent; not of a 5xx, which says nothing of the request's data.
	 * <ul>
	 *   <li>When HAPI refuses a later entry of a transaction before the held validation errors are thrown (a reference
	 *       that does not resolve, a conditional create that matches twice), its error is the answer, with its status;
	 *       the messages of the entries the validator refused (errors first) are added to it. On the OperationOutcome
	 *       of the final answer, so whatever hook chose the answer's exception, they are in it.</li>
	 *   <li>When the parser refused the body at a value its type cannot read (400; its message names only the
	 *       element), the value's path in a JSON body is found and given to the issue as its expression
	 *       ({@code Bundle.entry[3].resource.ofType(Patient).birthDate}).</li>
	 * </ul>
	 */
	@Hook(Pointcut.SERVER_OUTGOING_FAILURE_OPERATIONOUTCOME)
	public void beforeARefusalIsSent(RequestDetails request, IBaseOperationOutcome answer, ResponseDetails response) {
		List<SingleValidationMessage> unreadable = ParseChecks.stop().stream()
				.filter(problem -> ParseChecks.element(problem)
						.filter(element -> element.problem() == ParseChecks.ElementProblem.UNREADABLE_VALUE).isPresent())
				.toList();
		List<SingleValidationMessage> held = ValidationReport.takeHeld(request);
		if (response.getResponseCode() >= 500 || !(answer instanceof OperationOutcome outcome)) {
			return;
		}
		if (response.getResponseCode() == 400 && outcome.hasIssue() && request.getResource() == null) {
			withTheirPaths(request, unreadable, outcome);
		}
		if (!held.isEmpty()) {
			TypedMessage.outcome(fhirContext, ResourceValidator.errorsFirst(held))
					.getIssue().forEach(outcome::addIssue);
		}
		if (response.getResponseCode() == 400 && request.getResource() instanceof Bundle bundle
				&& bundle.getType() == Bundle.BundleType.TRANSACTION) {
			referencesToNothing.locateInTransaction(request.loadRequestContents(),
					RestfulServerUtils.determineRequestEncodingNoDefault(request), outcome);
		} else if (response.getResponseCode() == 400 && request.getResource() != null
				&& !(request.getResource() instanceof Bundle)) {
			referencesToNothing.locate(request.getResource(), outcome);
		}
	}

	/**
	 * A JSON body the parser refused: the paths of the values it could not read, as the expressions of its issue, its
	 * message as a write gives it, and an issue at each extension with both a value and extensions of its own, which the
	 * parser refuses without a place.
	 */
	private void withTheirPaths(RequestDetails request, List<SingleValidationMessage> unreadable, OperationOutcome outcome) {
		if (request.getRequestType() != RequestTypeEnum.POST && request.getRequestType() != RequestTypeEnum.PUT) {
			return;
		}
		EncodingEnum encoding = RestfulServerUtils.determineRequestEncodingNoDefault(request);
		JsonNode json = encoding == EncodingEnum.JSON ? jsonBody(request, encoding) : null;
		if (json == null) {
			// an XML body, or none: the element's name stays the only place given, in the parser's words without HAPI's
			// wrapping (an XML $validate of status "final " answered HAPI-0450, HAPI-1851 and HAPI-1821: probe 76, P76-m4)
			if (encoding == EncodingEnum.XML && !unreadable.isEmpty()) {
				outcome.getIssueFirstRep().setDiagnostics(unreadable.get(0).getMessage());
			}
			return;
		}
		List<String> before = unreadable.stream().map(SingleValidationMessage::getLocationString).toList();
		JsonBodyChecks.Found found = JsonBodyChecks.unreadable(fhirContext, json);
		found.locate(unreadable);
		if (!unreadable.isEmpty()) {
			// the value the parser stopped at, said as a write says it (at most 80 characters of it); HAPI's message
			// wraps its parser's and echoes the value whole (a 1E400 as 401 digits: probe 65, P65-m2)
			outcome.getIssueFirstRep().setDiagnostics(unreadable.get(0).getMessage());
		}
		for (int i = 0; i < unreadable.size(); i++) {
			String location = unreadable.get(i).getLocationString();
			if (!location.equals(before.get(i))) {
				outcome.getIssueFirstRep().addExpression(location);
			}
		}
		if (!found.problems().isEmpty()) {
			TypedMessage.outcome(fhirContext, found.problems())
					.getIssue().forEach(outcome::addIssue);
		}
	}

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
	public void afterBodyParse(RequestDetails request, RestOperationTypeEnum operation) {
		List<SingleValidationMessage> problems = new ArrayList<>(ParseChecks.stop());
		boolean unreadableValues = ParseChecks.anUnreadableValue(problems); // before they are located anew
		ValidationReport.received(request);
		boolean validate = operation == RestOperationTypeEnum.VALIDATE || "$validate".equals(request.getOperation());
		if (operation == RestOperationTypeEnum.PATCH
				&& EncodingEnum.forContentTypeStrict(request.getHeader("Content-Type")) == EncodingEnum.JSON) {
			// a FHIRPath Patch's Parameters: its values held to their JSON types and written forms as a POST's are; its
			// valueInteger 1e2 was stored as 100, a quoted "100" read as a number (probe 71, P71-m1)
			JsonNode json = jsonBody(request, EncodingEnum.JSON);
			List<SingleValidationMessage> found = json == null ? List.of() : JsonBodyChecks.of(fhirContext, json).problems();
			if (!found.isEmpty()) {
				throw refusal(found, false);
			}
		}
		if (operation == RestOperationTypeEnum.PATCH
				&& EncodingEnum.forContentTypeStrict(request.getHeader("Content-Type")) == EncodingEnum.XML) {
			// an XML FHIRPath Patch's numbers, as an XML body's: "+7" was applied as 7 (probe 74, P74-m1)
			List<SingleValidationMessage> found;
			XmlNumberForms.Written written = xmlAsWritten(request);
			try {
				found = XmlNumberForms.of(fhirContext, leniently(written.xml()), written);
			} catch (DataFormatException unreadable) {
				found = List.of(); // HAPI's patch reads it next, and refuses it with 400
			}
			if (!found.isEmpty()) {
				throw refusal(found, false);
			}
		}
		if (!validate && !WRITES.contains(operation)) {
			if (unreadableValues) { // read on past, yet no write: its resource lacks the value, so it goes no further
				throw refusal(problems, true);
			}
			if (request.getOperation() != null && request.loadRequestContents().length > 0
					&& RestfulServerUtils.determineRequestEncodingNoDefault(request) == EncodingEnum.XML) {
				// an XML operation body's numbers, as a JSON body's, which cannot be written off R4's forms: $evaluate's
				// inline data read an IGF-1 of ".5" or "00250" as HAPI's parser rewrote it, without a word (probe 76,
				// P76-m5), and $expand a count of "+1" as 1 (probe 77, P77-m2: HAPI gives no resource for its body);
				// refused as the parser refuses a value it cannot read
				XmlNumberForms.Written written = xmlAsWritten(request);
				IBaseResource body;
				try {
					body = written.marksNothing() && request.getResource() != null ? request.getResource()
							: leniently(written.xml());
				} catch (DataFormatException notAResource) {
					return; // the operation reads its body itself, and names what it cannot read
				}
				List<SingleValidationMessage> found = XmlNumberForms.of(fhirContext, body, written);
				if (!found.isEmpty()) {
					throw refusal(found, true);
				}
			}
			return; // other operations ($evaluate with an inline Bundle) read leniently as before
		}
		EncodingEnum encoding = RestfulServerUtils.determineRequestEncodingNoDefault(request);
		// an XML body read on past a value its type cannot read holds that element without a value, which HAPI's JSON
		// encoder cannot write (an integer's: a 500; probe 72, P72-M1): such a body is refused for those values, named
		// by their elements, without the JSON checks its encoding would have given
		JsonNode json = encoding == EncodingEnum.XML && unreadableValues ? null : jsonBody(request, encoding);
		if (validate) {
			requireAResourceUnlessDeleting(request, json);
			if (json != null) {
				requireTheTypeValidated(request, validatedResource(json));
				JsonBodyChecks.Found found = JsonBodyChecks.of(fhirContext, validatedResource(json));
				found.locate(problems);
				problems.addAll(found.problems());
			}
			if (encoding == EncodingEnum.XML && request.getResource() != null) {
				XmlNumberForms.Written written = xmlAsWritten(request);
				IBaseResource body = asWritten(request, written);
				IBaseResource validated = body instanceof org.hl7.fhir.r4.model.Parameters parameters
						&& !"Parameters".equals(request.getResourceName()) && parameters.getParameter("resource") != null
						? parameters.getParameter("resource").getResource() : body;
				if (validated != null) {
					asWrittenAtTheirPaths(problems, XmlNumberForms.of(fhirContext, validated, written));
				}
			}
			String[] profiles = request.getParameters().get("profile");
			ParseChecks.pendForValidate(problems, profiles == null ? List.of() : Arrays.asList(profiles),
					request.getFhirServerBase());
			return;
		}
		if (operation == RestOperationTypeEnum.TRANSACTION && request.getResource() instanceof Bundle posted
				&& posted.getType() != Bundle.BundleType.BATCH && posted.getType() != Bundle.BundleType.TRANSACTION) {
			// HAPI's own answer names the type only; an engineer posting an IPS document here is told what the base takes
			String type = posted.hasType() ? posted.getType().toCode() : "one without a type";
			boolean answer = posted.getType() == Bundle.BundleType.SEARCHSET || posted.getType() == Bundle.BundleType.HISTORY;
			throw new InvalidRequestException("The server's base takes a Bundle of type transaction or batch, not " + type
					+ (answer ? ". A " + type + " Bundle is a server's answer to a search or a history read: no FHIR server"
							+ " stores one, at the base or at /fhir/Bundle; send its entries' resources in a transaction or"
							+ " batch Bundle"
							: ". POSTed to /fhir/Bundle, it would be stored as one resource: " + WholeBundles.ENTRIES_NOT_READ));
		}
		Map<Integer, JsonBodyChecks.Found> found = json == null ? Map.of() : JsonBodyChecks.byEntry(fhirContext, json);
		if (request.getResource() instanceof Bundle bundle && (bundle.getType() == Bundle.BundleType.BATCH
				|| bundle.getType() == Bundle.BundleType.TRANSACTION)) {
			Map<Integer, List<SingleValidationMessage>> byEntry = new TreeMap<>();
			if (!problems.isEmpty()) {
				JsonNode placeable = encoding == EncodingEnum.JSON ? json : null; // an XML Bundle has no paths to walk
				Map<Integer, JsonBodyChecks.Found> unreadable = placeable != null && unreadableValues
						? JsonBodyChecks.unreadableByEntry(fhirContext, placeable)
						: Map.of();
				Map<Integer, List<SingleValidationMessage>> ownProblems = encoding == EncodingEnum.XML
						? BundleEntries.parseProblemsOfXml(fhirContext, new String(request.loadRequestContents(),
								StandardCharsets.UTF_8), bundle.getEntry().size(), problems)
						: BundleEntries.parseProblems(fhirContext, placeable, problems);
				ownProblems.forEach((index, own) -> {
					Optional.ofNullable(found.get(index)).ifPresent(inEntry -> inEntry.locate(own));
					Optional.ofNullable(unreadable.get(index)).ifPresent(inEntry -> inEntry.locate(own));
					byEntry.computeIfAbsent(index, none -> new ArrayList<>()).addAll(own);
				});
			}
			found.forEach((index, inEntry) -> {
				if (!inEntry.problems().isEmpty()) {
					byEntry.computeIfAbsent(index, none -> new ArrayList<>()).addAll(inEntry.problems());
				}
			});
			JsonBatchEntries.takenOut(request).forEach((index, own) ->
					byEntry.computeIfAbsent(index, none -> new ArrayList<>()).addAll(own));
			if (encoding == EncodingEnum.XML) {
				XmlNumberForms.Written written = xmlAsWritten(request);
				Bundle asWritten = (Bundle) asWritten(request, written);
				for (int index = 0; index < asWritten.getEntry().size(); index++) {
					IBaseResource resource = asWritten.getEntry().get(index).getResource();
					List<SingleValidationMessage> own = resource == null ? List.of()
							: XmlNumberForms.of(fhirContext, resource, written);
					if (!own.isEmpty()) {
						asWrittenAtTheirPaths(byEntry.computeIfAbsent(index, none -> new ArrayList<>()), own);
					}
				}
			}
			// a patch entry's body (a FHIRPath Patch's Parameters) is never stored, so its problems cannot refuse that
			// entry alone when it is: the batch is refused whole, as a transaction is (its valueInteger 1e2 was applied
			// as 100: probe 72, P72-m1)
			boolean aPatchEntry = byEntry.keySet().stream().anyMatch(index -> index >= 0
					&& bundle.getEntry().get(index).getRequest().getMethod() == Bundle.HTTPVerb.PATCH);
			if (bundle.getType() == Bundle.BundleType.BATCH && !byEntry.isEmpty()
					&& !byEntry.containsKey(BundleEntries.OUTSIDE_ENTRIES) && !aPatchEntry) {
				// each entry stands alone: only those with problems are refused, when they are stored
				byEntry.forEach((index, own) ->
						ValidationReport.parseProblems(request, bundle.getEntry().get(index).getResource(), own));
				return;
			}
			if (!byEntry.isEmpty()) {
				problems = located(bundle, byEntry);
			}
		} else {
			if (unreadableValues && json != null) {
				JsonBodyChecks.unreadable(fhirContext, json).locate(problems);
			}
			// a Bundle stored whole (a document, a collection) is one resource: its entries' values are checked as
			// $validate checks them, located from its root (probe 63, P63-M1: only what lay outside them was)
			JsonBodyChecks.Found inBody = json != null && "Bundle".equals(json.path("resourceType").asText())
					? JsonBodyChecks.of(fhirContext, json) : found.get(BundleEntries.OUTSIDE_ENTRIES);
			if (inBody != null) {
				inBody.locate(problems);
				problems.addAll(inBody.problems());
			}
			if (encoding == EncodingEnum.XML && request.getResource() != null) {
				XmlNumberForms.Written written = xmlAsWritten(request);
				asWrittenAtTheirPaths(problems, XmlNumberForms.of(fhirContext, asWritten(request, written), written));
			}
		}
		if (!problems.isEmpty()) {
			throw refusal(problems, unreadableValues);
		}
	}

	/**
	 * Adds an XML body's number problems, each in place of the checks' of its JSON encoding at the same path: those quote
	 * the number as encoded ({@code '0'}), these as written ({@code '+0'}), and a positiveInt written {@code +0} was
	 * reported twice (probe 76, P76-m2). At a number's path the JSON checks see only its form, which these check too.
	 */
	private static void asWrittenAtTheirPaths(List<SingleValidationMessage> problems, List<SingleValidationMessage> asWritten) {
		java.util.Set<String> paths = asWritten.stream().map(SingleValidationMessage::getLocationString)
				.collect(java.util.stream.Collectors.toSet());
		problems.removeIf(problem -> paths.contains(problem.getLocationString()));
		problems.addAll(asWritten);
	}

	/** The XML body's text, its values HAPI's parser would rewrite as decimals marked ({@link XmlNumberForms}). */
	private static XmlNumberForms.Written xmlAsWritten(RequestDetails request) {
		return XmlNumberForms.written(new String(request.loadRequestContents(), StandardCharsets.UTF_8));
	}

	/** The request's resource, or, when the body has marked values, the marked body as parsed for their checks. */
	private IBaseResource asWritten(RequestDetails request, XmlNumberForms.Written written) {
		if (written.marksNothing()) {
			return request.getResource();
		}
		try {
			return leniently(written.xml());
		} catch (DataFormatException unreadable) { // the body was parsed once already; its markers are numbers
			return request.getResource();
		}
	}

	private IBaseResource leniently(String xml) {
		return fhirContext.newXmlParser().setParserErrorHandler(new ca.uhn.fhir.parser.LenientErrorHandler(false))
				.parseResource(xml);
	}

	private BaseServerResponseException refusal(List<SingleValidationMessage> problems, boolean unreadableValues) {
		return WriteValidationInterceptor.refusal(problems, unreadableValues,
				TypedMessage.outcome(fhirContext, problems));
	}

	/**
	 * The body as a JSON tree, or null when it is neither JSON nor XML. An XML body is read as the JSON its resource
	 * encodes to: it has no JSON types to get wrong, but the same walk checks its values' written forms and names each
	 * at its path (the encoding keeps a primitive's text as it was written).
	 */
	private JsonNode jsonBody(RequestDetails request, EncodingEnum encoding) {
		try {
			if (request.getResource() instanceof IBaseBinary binary
					&& EncodingEnum.forContentTypeStrict(request.getHeader("Content-Type")) == null) {
				// a Binary's own content (application/json, text/xml), which HAPI stored as it is: the resource is the
				// Binary HAPI made of it, and its JSON is that Binary's, not the body's
				return JSON.readTree(fhirContext.newJsonParser().encodeResourceToString(binary));
			}
			if (encoding == EncodingEnum.JSON) {
				return JSON.readTree(request.loadRequestContents());
			}
			if (encoding == EncodingEnum.XML) {
				IBaseResource resource = request.getResource() != null
						? request.getResource()
						: fhirContext.newXmlParser().parseResource(new String(request.loadRequestContents(), StandardCharsets.UTF_8));
				return JSON.readTree(fhirContext.newJsonParser().encodeResourceToString(resource));
			}
			return null;
		} catch (IOException | DataFormatException unread) {
			return null; // HAPI's parser read it, so this does not happen; if it did, its own checks stand
		}
	}

	/**
	 * {@code $validate} on a type validates a resource of that type: HAPI said "no issues" of an Observation sent to
	 * {@code Patient/$validate}, which a write to {@code Patient} refuses with 400. So is this.
	 */
	private static void requireTheTypeValidated(RequestDetails request, JsonNode validated) {
		String type = validated.path("resourceType").asText(null);
		// a Parameters body without a resource (mode=delete of Patient/1/$validate) validates no resource here
		boolean parametersOnly = "Parameters".equals(type) && !"Parameters".equals(request.getResourceName());
		if (request.getResourceName() != null && type != null && !parametersOnly && !type.equals(request.getResourceName())) {
			String message = "$validate on " + request.getResourceName() + " got a " + type + "; validate it with "
					+ type + "/$validate (a write to " + request.getResourceName() + " refuses it too)";
			throw new InvalidRequestException(message, OperationOutcomes.error(IssueType.INVALID, message, "resourceType"));
		}
	}

	/**
	 * R4's {@code $validate}: the resource "must be present unless the mode is delete". A POST to
	 * {@code Patient/1/$validate} with no body (or a Parameters without a {@code resource}) in any other mode validated
	 * nothing and was answered "No issues detected" (probe 71, P71-m2); HAPI refused it only on the type.
	 */
	private static void requireAResourceUnlessDeleting(RequestDetails request, JsonNode body) {
		// a body whose JSON could not be built (an XML decimal "01.50", which HAPI encodes as no JSON number) is a body:
		// its values are named by the other checks (it was told it had none: probe 74, P74-M1)
		boolean noResource = body == null || body.isMissingNode()
				? request.loadRequestContents().length == 0
				: "Parameters".equals(validatedResource(body).path("resourceType").asText())
						&& !"Parameters".equals(request.getResourceName());
		if (noResource && !"delete".equals(mode(request, body))) {
			throw needsTheResource();
		}
	}

	private static InvalidRequestException needsTheResource() {
		String message = "$validate needs the resource to validate, as the body or as the resource parameter of a"
				+ " Parameters body; only mode delete goes without one";
		return new InvalidRequestException(message, OperationOutcomes.error(IssueType.REQUIRED, message, null));
	}

	/** The mode a {@code $validate} asks for, on the URL or in a Parameters body; null without one. */
	private static String mode(RequestDetails request, JsonNode body) {
		String[] modes = request.getParameters().get("mode");
		if (modes != null && modes.length > 0) {
			return modes[0];
		}
		if (body != null && "Parameters".equals(body.path("resourceType").asText())) {
			for (JsonNode parameter : body.path("parameter")) {
				if ("mode".equals(parameter.path("name").asText())) {
					return parameter.path("valueCode").asText(null);
				}
			}
		}
		return null;
	}

	/** What a {@code $validate} body validates: the {@code resource} parameter of a Parameters body, else the body. */
	private static JsonNode validatedResource(JsonNode body) {
		if ("Parameters".equals(body.path("resourceType").asText())) {
			for (JsonNode parameter : body.path("parameter")) {
				if ("resource".equals(parameter.path("name").asText()) && parameter.has("resource")) {
					return parameter.get("resource");
				}
			}
		}
		return body;
	}

	/** The problems, those of an entry's resource located from the Bundle's root at that entry. */
	private static List<SingleValidationMessage> located(Bundle bundle, Map<Integer, List<SingleValidationMessage>> byEntry) {
		List<SingleValidationMessage> located = new ArrayList<>();
		byEntry.forEach((index, own) -> located.addAll(index < 0
				? own
				: BundleEntries.located(own, index, bundle.getEntry().get(index).getResource().fhirType())));
		return located;
	}

	/**
	 * The CapabilityStatement names the guide whose profiles the server holds and enforces, so that a client finds the
	 * package from {@code /metadata} (it named only Bulk Data; probe 54, P54-m8).
	 */
	@Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
	public void nameTheGuide(org.hl7.fhir.instance.model.api.IBaseConformance statement) {
		String guide = PackageBuilder.CANONICAL + "/ImplementationGuide/" + PackageInstaller.IG_ID;
		if (statement instanceof org.hl7.fhir.r4.model.CapabilityStatement capabilities
				&& !capabilities.hasImplementationGuide(guide)) {
			capabilities.addImplementationGuide(guide);
		}
	}

	@Hook(Pointcut.SERVER_PROCESSING_COMPLETED)
	public void completed() {
		ParseChecks.clear();
		ResourceValidator.takeValidated();
	}

	/**
	 * {@code $validate}'s issues as a write's are ({@link TypedMessage}): HAPI built its OperationOutcome from the same
	 * messages, one issue each (one per slice of a message with slice details) in the same order, and typed every one
	 * {@code processing}. Only when the answer is the one HAPI builds of those messages (the same texts) is it replaced
	 * by the typed one, a message with slice details one issue as in a write (it was one per slice, and then left
	 * untyped: probe 73, P73-m1); another answer is left as HAPI gave it.
	 */
	@Hook(value = Pointcut.SERVER_OUTGOING_RESPONSE, order = -1)
	public void typeValidateIssues(RequestDetails request, ResponseDetails response) {
		List<SingleValidationMessage> validated = ResourceValidator.takeValidated();
		if (validated.isEmpty() || !"$validate".equals(request.getOperation())
				|| !(response.getResponseResource() instanceof OperationOutcome answered)) {
			return;
		}
		OperationOutcome hapis = (OperationOutcome) new ValidationResult(fhirContext, validated).toOperationOutcome();
		if (!diagnostics(hapis).equals(diagnostics(answered))) {
			return;
		}
		answered.getIssue().clear();
		answered.getIssue().addAll(TypedMessage.outcome(fhirContext, validated).getIssue());
	}

	private static List<String> diagnostics(OperationOutcome outcome) {
		return outcome.getIssue().stream().map(OperationOutcome.OperationOutcomeIssueComponent::getDiagnostics).toList();
	}

	@Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
	public boolean outgoing(RequestDetails request, ResponseDetails response, HttpServletResponse servletResponse) {
		if (request.getRestOperationType() == RestOperationTypeEnum.TRANSACTION
				&& response.getResponseResource() instanceof Bundle answer && answer.getType() == Bundle.BundleType.BATCHRESPONSE
				&& request.getResource() instanceof Bundle batch) {
			int entries = Math.min(batch.getEntry().size(), answer.getEntry().size());
			for (int i = 0; i < entries; i++) {
				Bundle.BundleEntryResponseComponent entry = answer.getEntry().get(i).getResponse();
				if (batch.getEntry().get(i).getResource() != null && entry.getStatus().startsWith("400")
						&& entry.getOutcome() instanceof OperationOutcome outcome) {
					referencesToNothing.locate(batch.getEntry().get(i).getResource(), outcome);
				}
			}
		}
		ValidationReport.Outcomes outcomes = ValidationReport.of(request);
		if (outcomes == null || outcomes.isEmpty()) {
			return true;
		}
		IBaseResource body = response.getResponseResource();
		// a transaction's or batch's answer; a Bundle created or updated as one resource (a document) is a single write,
		// whose answer is the Bundle stored (probe 63, P63-m6: its warnings were looked for in its entries)
		if (request.getRestOperationType() == RestOperationTypeEnum.TRANSACTION && body instanceof Bundle responseBundle
				&& request.getResource() instanceof Bundle requestBundle) {
			entryOutcomes(requestBundle, responseBundle, outcomes);
		} else if (!outcomes.warned().isEmpty()) {
			List<OperationOutcome.OperationOutcomeIssueComponent> warnings = outcomes.warned().values().stream()
					.flatMap(o -> ((OperationOutcome) o).getIssue().stream())
					.toList();
			servletResponse.addHeader(WARNINGS_HEADER, String.valueOf(warnings.size()));
			if (body instanceof OperationOutcome outcome) {
				warnings.forEach(issue -> outcome.addIssue(issue.copy()));
			}
		}
		return true;
	}

	private static void entryOutcomes(Bundle request, Bundle response, ValidationReport.Outcomes outcomes) {
		int entries = Math.min(request.getEntry().size(), response.getEntry().size());
		for (int i = 0; i < entries; i++) {
			IBaseResource resource = request.getEntry().get(i).getResource();
			if (resource == null) {
				continue;
			}
			Bundle.BundleEntryResponseComponent entryResponse = response.getEntry().get(i).getResponse();
			IBaseOperationOutcome refused = outcomes.refused().get(resource);
			IBaseOperationOutcome warned = outcomes.warned().get(resource);
			if (refused != null && !entryResponse.getStatus().startsWith("2")) {
				entryResponse.setOutcome((OperationOutcome) refused);
			} else if (warned != null && entryResponse.getStatus().startsWith("2")) {
				OperationOutcome outcome = entryResponse.getOutcome() instanceof OperationOutcome existing
						? existing
						: new OperationOutcome();
				((OperationOutcome) warned).getIssue().forEach(issue -> outcome.addIssue(issue.copy()));
				entryResponse.setOutcome(outcome);
			}
		}
	}
}
