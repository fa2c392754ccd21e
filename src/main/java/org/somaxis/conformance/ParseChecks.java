package org.somaxis.conformance;

import ca.uhn.fhir.parser.IParserErrorHandler;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * The base-spec checks every incoming resource gets while its request body is parsed, profiled or not: unknown
 * elements, values of the wrong JSON type, repeated single elements, required parts missing (an extension
 * without url), contained resources without id and internal references that resolve to nothing. HAPI's lenient
 * parser drops or coerces such content silently; this handler, installed on the server's {@code FhirContext},
 * behaves exactly like it (and still refuses a primitive value it cannot parse, such as a date of 2026-13-45)
 * but, while a request body is being parsed ({@link #start()} .. {@link #stop()}, one thread), also records each
 * problem as an error message so the request can be refused with what is wrong and where.
 *
 * <p>Outside a request body (stored resources, packages, internal writes) it is just the lenient handler.
 */
public final class ParseChecks implements IParserErrorHandler {
	/** Message ids, so that tests and clients need not depend on wording. */
	public static final String MESSAGE_ID = "somaxis-parse";

	private static final ThreadLocal<List<SingleValidationMessage>> COLLECTING = new ThreadLocal<>();
	/** Whether the parse on this thread reads on past a value its type cannot read, instead of stopping there. */
	private static final ThreadLocal<Boolean> READING_PAST = new ThreadLocal<>();
	private static final ThreadLocal<Pending> PENDING = new ThreadLocal<>();

	private final IParserErrorHandler lenient = new LenientErrorHandler(false);
	private final IParserErrorHandler lenientReadingPast = new LenientErrorHandler(false).setErrorOnInvalidValue(false);

	/**
	 * What a {@code $validate} request's parse found, the {@code profile} it asked for on the URL, and the base it
	 * arrived on.
	 */
	private record Pending(List<SingleValidationMessage> problems, List<String> profiles, String base) {}

	/**
	 * Starts recording the problems of the parse that follows on this thread. A value its type cannot read stops the
	 * parse, which refuses the body (400).
	 */
	public static void start() {
		COLLECTING.set(new ArrayList<>());
		READING_PAST.remove();
	}

	/**
	 * Starts recording the problems of the parse of a write's body that follows on this thread, reading on past a value
	 * its type cannot read: the value is recorded ({@link ElementProblem#UNREADABLE_VALUE}) and left out, so that a
	 * batch can refuse only the entry that has it, and every one can be named. Whoever starts this refuses every
	 * resource with such a problem: the parsed resource lacks the value.
	 */
	static void startReadingPastUnreadableValues() {
		start();
		READING_PAST.set(Boolean.TRUE);
	}

	/** Stops recording and returns what was found (empty when nothing was being recorded). */
	public static List<SingleValidationMessage> stop() {
		List<SingleValidationMessage> problems = COLLECTING.get();
		COLLECTING.remove();
		READING_PAST.remove();
		return problems == null ? List.of() : problems;
	}

	/** Whether any of the problems is a value its type cannot read, which is refused with 400 rather than 422. */
	static boolean anUnreadableValue(List<SingleValidationMessage> problems) {
		return problems.stream().anyMatch(UnreadableValue.class::isInstance);
	}

	/** Keeps a {@code $validate} request's parse problems, URL profiles and base for {@link ResourceValidator}. */
	static void pendForValidate(List<SingleValidationMessage> problems, List<String> urlProfiles, String base) {
		PENDING.set(new Pending(List.copyOf(problems), List.copyOf(urlProfiles), base));
	}

	/** The parse problems of the {@code $validate} request on this thread, once; empty otherwise. */
	static List<SingleValidationMessage> takePending() {
		Pending pending = PENDING.get();
		if (pending == null || pending.problems().isEmpty()) {
			return List.of();
		}
		PENDING.set(new Pending(List.of(), pending.profiles(), pending.base()));
		return pending.problems();
	}

	/** The base the {@code $validate} request on this thread arrived on; null when none is running. */
	static String validatedOnBase() {
		Pending pending = PENDING.get();
		return pending == null ? null : pending.base();
	}

	/** The {@code profile} URL parameters of the {@code $validate} request on this thread. */
	static List<String> requestedProfiles() {
		Pending pending = PENDING.get();
		return pending == null ? List.of() : pending.profiles();
	}

	/** Forgets everything recorded on this thread (end of a request). */
	public static void clear() {
		COLLECTING.remove();
		READING_PAST.remove();
		PENDING.remove();
	}

	/** The problems about one element whose place HAPI's parser does not give, which {@link JsonBodyChecks} finds. */
	enum ElementProblem {
		/** A property FHIR R4 does not have at that place. */
		UNKNOWN,
		/** A list (JSON array) given for an element that occurs at most once. */
		LIST_FOR_A_SINGLE_ELEMENT,
		/** A single JSON object given for an element that is a list. */
		OBJECT_FOR_A_LIST,
		/** A text, number or boolean given for an element whose type is an object (a Reference, a CodeableConcept). */
		SCALAR_FOR_AN_OBJECT,
		/**
		 * A primitive value its type cannot read (a date of 2026-13-45, a gender off its list; the parser refuses the
		 * whole body at the first one, with 400), or an empty one (which it reads as absent, and names).
		 */
		UNREADABLE_VALUE,
		/** An extension or modifier extension (by that name) without its url. */
		EXTENSION_WITHOUT_URL,
		/** A contained resource without its id (by the name {@code contained}). */
		CONTAINED_WITHOUT_ID,
		/** An internal reference ({@code #med1}) to no contained resource of the resource (by the reference). */
		REFERENCE_TO_NO_CONTAINED
	}

	/** Which problem about which element (by its JSON name) a message reports. */
	record ElementRef(ElementProblem problem, String name) {}

	/** A problem about one element, which keeps which so that its path can be found later. */
	private static class AboutAnElement extends TypedMessage {
		private final ElementRef element;

		AboutAnElement(ElementProblem problem, String name) {
			super(switch (problem) {
				case UNREADABLE_VALUE -> IssueType.VALUE;
				case EXTENSION_WITHOUT_URL, CONTAINED_WITHOUT_ID -> IssueType.REQUIRED;
				case REFERENCE_TO_NO_CONTAINED -> IssueType.INVARIANT; // R4's ref-1
				case UNKNOWN, LIST_FOR_A_SINGLE_ELEMENT, OBJECT_FOR_A_LIST, SCALAR_FOR_AN_OBJECT -> IssueType.STRUCTURE;
			});
			this.element = new ElementRef(problem, name);
		}
	}

	/** A value its type cannot read, which the parser refuses the body at (400), unlike an empty one. */
	private static final class UnreadableValue extends AboutAnElement {
		UnreadableValue(String name) {
			super(ElementProblem.UNREADABLE_VALUE, name);
		}
	}

	/**
	 * The element this problem is about, when it is about one whose place HAPI's parser does not say (its location is
	 * "(body)" or the element's name until {@link JsonBodyChecks} finds its path).
	 */
	static Optional<ElementRef> element(SingleValidationMessage problem) {
		return problem instanceof AboutAnElement about && about.element.name() != null
				? Optional.of(about.element)
				: Optional.empty();
	}

	private static void record(IParseLocation location, String message) {
		record(new SingleValidationMessage(), location, message);
	}

	private static void record(SingleValidationMessage problem, IParseLocation location, String message) {
		List<SingleValidationMessage> problems = COLLECTING.get();
		if (problems == null) {
			return;
		}
		problem.setSeverity(ResultSeverityEnum.ERROR);
		problem.setMessageId(MESSAGE_ID);
		problem.setLocationString(location == null || location.getParentElementName() == null ? "(body)" : location.getParentElementName());
		problem.setMessage(message);
		problems.add(problem);
	}

	@Override
	public void unknownElement(IParseLocation location, String elementName) {
		record(new AboutAnElement(ElementProblem.UNKNOWN, elementName), location,
				"Unknown element '" + elementName + "': not part of FHIR R4 at this place");
		lenient.unknownElement(location, elementName);
	}

	@Override
	public void unknownAttribute(IParseLocation location, String attributeName) {
		// xsi:schemaLocation, which many XML senders (and HL7's older examples) put on the root element, carries no data:
		// HAPI names it without its namespace
		if (!"schemaLocation".equals(attributeName) && !"xsi:schemaLocation".equals(attributeName)) {
			record(location, "Unknown attribute '" + attributeName + "'");
		}
		lenient.unknownAttribute(location, attributeName);
	}

	/**
	 * HAPI's reason for an unreadable value without Java's words: "java.lang.NumberFormatException: For input string:
	 * ..." for an integer of 3000000000 or 1.0 says what an integer is instead (probe 63, P63-m2).
	 */
	static String readable(String error) {
		String text = org.somaxis.fhir.JavaNames.without(error);
		return text.startsWith("For input string") ? "not a whole number that an R4 integer holds (-2147483648 to 2147483647)"
				: text;
	}

	@Override
	public void invalidValue(IParseLocation location, String value, String error) {
		String name = location == null ? null : location.getParentElementName();
		record(value == null || value.isBlank() ? new AboutAnElement(ElementProblem.UNREADABLE_VALUE, name) : new UnreadableValue(name),
				location, "Invalid value '" + (value != null && value.length() > 80 ? value.substring(0, 80) + "..." : value)
						+ "': " + readable(error));
		(COLLECTING.get() != null && READING_PAST.get() != null ? lenientReadingPast : lenient)
				.invalidValue(location, value, readable(error));
	}

	@Override
	public void incorrectJsonType(
			IParseLocation location,
			String elementName,
			BaseJsonLikeValue.ValueType expectedValueType,
			BaseJsonLikeValue.ScalarType expectedScalarType,
			BaseJsonLikeValue.ValueType foundValueType,
			BaseJsonLikeValue.ScalarType foundScalarType) {
		String message = LenientErrorHandler.createIncorrectJsonTypeMessage(
				elementName, expectedValueType, expectedScalarType, foundValueType, foundScalarType);
		if (expectedValueType == BaseJsonLikeValue.ValueType.ARRAY && foundValueType == BaseJsonLikeValue.ValueType.OBJECT) {
			record(new AboutAnElement(ElementProblem.OBJECT_FOR_A_LIST, elementName), location, message);
		} else if (expectedValueType == BaseJsonLikeValue.ValueType.OBJECT
				&& foundValueType == BaseJsonLikeValue.ValueType.SCALAR) {
			record(new AboutAnElement(ElementProblem.SCALAR_FOR_AN_OBJECT, elementName), location, message);
		} else {
			record(location, message);
		}
		lenient.incorrectJsonType(location, elementName, expectedValueType, expectedScalarType, foundValueType, foundScalarType);
	}

	@Override
	public void unexpectedRepeatingElement(IParseLocation location, String elementName) {
		record(new AboutAnElement(ElementProblem.LIST_FOR_A_SINGLE_ELEMENT, elementName), location,
				"Element '" + elementName + "' repeats but may occur only once");
		lenient.unexpectedRepeatingElement(location, elementName);
	}

	@Override
	public void missingRequiredElement(IParseLocation location, String elementName) {
		// the parser asks this of an extension, for its url, naming the extension element it is in
		record("url".equals(elementName)
				? new AboutAnElement(ElementProblem.EXTENSION_WITHOUT_URL, location == null ? null : location.getParentElementName())
				: new TypedMessage(IssueType.REQUIRED), location, "Required element '" + elementName + "' is missing");
		lenient.missingRequiredElement(location, elementName);
	}

	@Override
	public void containedResourceWithNoId(IParseLocation location) {
		record(new AboutAnElement(ElementProblem.CONTAINED_WITHOUT_ID, "contained"), location, "A contained resource has no id");
		lenient.containedResourceWithNoId(location);
	}

	@Override
	public void unknownReference(IParseLocation location, String reference) {
		record(new AboutAnElement(ElementProblem.REFERENCE_TO_NO_CONTAINED, reference), location,
				"Reference '" + reference + "' points at no contained resource");
		lenient.unknownReference(location, reference);
	}

	@Override
	public void invalidInternalReference(IParseLocation location, String reference) {
		record(location, "Internal reference '" + reference + "' is not valid");
		lenient.invalidInternalReference(location, reference);
	}

	@Override
	public void extensionContainsValueAndNestedExtensions(IParseLocation location) {
		record(location, "An extension has both a value and nested extensions (ext-1)");
		lenient.extensionContainsValueAndNestedExtensions(location);
	}
}
