package org.somaxis.conformance;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeChildChoiceDefinition;
import ca.uhn.fhir.context.RuntimeChildExtension;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBaseReference;
import org.hl7.fhir.instance.model.api.IBaseXhtml;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.somaxis.fhir.NarrativeDivs;

/**
 * What a JSON body shows that HAPI's parser does not report, found by walking it beside the FHIR R4 definitions.
 *
 * <p><b>The JSON type of each primitive value.</b> HAPI's parser does not check it: it reads every JSON scalar as text, so
 * {@code "active": "true"} or {@code "value": "150"} (a boolean or number in quotes) and {@code "family": 42} (a
 * string without them) are stored as if they had been written rightly. FHIR's JSON format writes a boolean as a JSON
 * boolean, integer and decimal types as JSON numbers and every other primitive as a JSON string; the HL7 validator
 * refuses the others. Only a value the parser would otherwise read without a word is named here: a quoted text that is
 * not {@code true}, {@code false} or a number is already refused by the parser as an invalid value.
 *
 * <p><b>The written form of each primitive value</b> ({@link PrimitiveFormats}), where the parser reads a value that is
 * not of it: an instant of {@code 2020}, a dateTime with a time but no time zone, a uri with a space, a positiveInt of 0.
 *
 * <p><b>Lists, objects and values in the wrong place.</b> HAPI's parser reads an object or a list where a primitive
 * belongs, an empty or one-item list where one value belongs, a single primitive where a list belongs and an empty
 * object where an element belongs, without a word; each is named here at its path.
 *
 * <p><b>Where an element with a problem is.</b> The parse checks ({@link ParseChecks}) name an unknown element, a list
 * of two or more given where one value belongs, a single object given where a list belongs, a text or number given
 * where an object belongs, an empty value, an extension without its url, a contained resource without its id and an
 * internal reference to no contained resource, but HAPI's parser does not say where the element is; the walk finds
 * each one's path, and {@link Found#locate} gives it to their problem. So does a walk of a body the parser refused at
 * a value its type cannot read ({@link #unreadable}).
 *
 * <p>Paths are FHIRPaths from the resource ({@code Observation.value.ofType(Quantity).value},
 * {@code Patient.name[0].given[1]}); in a Bundle, what is inside an entry's resource is kept under the entry's index,
 * so that a batch refuses only that entry and a transaction names it ({@link BundleEntries}).
 */
final class JsonBodyChecks {
	/**
	 * Reads the trees these checks walk: numbers kept as written, so that {@code 1e2} stays an exponent number (not the
	 * double 100.0) and a decimal keeps its digits.
	 */
	static final ObjectMapper TREES = JsonMapper.builder()
			.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
			.nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
			.build();

	private static final int OUTSIDE_ENTRIES = BundleEntries.OUTSIDE_ENTRIES;

	private static final Pattern ROOT_BUNDLE_ENTRY = Pattern.compile("Bundle\\.entry\\[(\\d+)]\\.resource");

	private enum JsonType { BOOLEAN, NUMBER, STRING, OBJECT, ARRAY }

	private final FhirContext fhirContext;
	private final BaseRuntimeElementCompositeDefinition<?> extension;
	private final Map<Integer, Found> found = new LinkedHashMap<>();
	/** Whether to find the values their type cannot read (for a body the parser refused) instead of checking them. */
	private final boolean findUnreadable;
	/**
	 * Whether to take out the extensions of each extension that has both a value and extensions of its own, keeping
	 * the problem of each in {@link #takenOut}; only with {@link #findUnreadable}.
	 */
	private final boolean takeOut;
	/**
	 * Whether the tree is a JSON Patch's result, which no parser reads after this walk: HAPI's patch applier stored the
	 * {@code 1.0} a patch wrote into an integer as 1 (probe 81, P81-m4), where the parser refuses it in a body.
	 */
	private final boolean patched;
	private final Map<Integer, List<SingleValidationMessage>> takenOut = new LinkedHashMap<>();

	/**
	 * What the walk found in one resource (or outside every entry's resource): values of the wrong JSON type, shape or
	 * form, and the paths of the unknown elements by name, in the order of the body.
	 */
	static final class Found {
		private final List<SingleValidationMessage> problems = new ArrayList<>();
		private final Map<ParseChecks.ElementRef, Deque<String>> elements = new LinkedHashMap<>();

		List<SingleValidationMessage> problems() {
			return problems;
		}

		/**
		 * Gives each problem of the parse checks about an element (in the same resource) the path of that element, the
		 * first not yet given of those with its name and problem; one the walk did not find keeps its location.
		 */
		void locate(List<SingleValidationMessage> parseProblems) {
			for (SingleValidationMessage problem : parseProblems) {
				ParseChecks.element(problem).map(elements::get).map(Deque::poll).ifPresent(problem::setLocationString);
			}
		}

		private void element(ParseChecks.ElementProblem problem, String name, String path) {
			elements.computeIfAbsent(new ParseChecks.ElementRef(problem, name), none -> new ArrayDeque<>()).add(path);
		}

		/** Adds what was found in a resource of the body, its paths written from the body's root. */
		private void add(List<SingleValidationMessage> located, Map<ParseChecks.ElementRef, Deque<String>> elements,
				UnaryOperator<String> fromRoot) {
			problems.addAll(located);
			elements.forEach((element, paths) -> paths.forEach(path ->
					this.elements.computeIfAbsent(element, none -> new ArrayDeque<>()).add(fromRoot.apply(path))));
		}
	}

	private JsonBodyChecks(FhirContext fhirContext, boolean findUnreadable, boolean takeOut, boolean patched) {
		this.fhirContext = fhirContext;
		this.findUnreadable = findUnreadable;
		this.takeOut = takeOut;
		this.patched = patched;
		this.extension = (BaseRuntimeElementCompositeDefinition<?>) fhirContext.getElementDefinition(Extension.class);
	}

	/**
	 * What the walk found in a JSON resource, by entry index when it is a Bundle ({@link BundleEntries#OUTSIDE_ENTRIES} for the
	 * rest); empty when the node is not a resource.
	 */
	static Map<Integer, Found> byEntry(FhirContext fhirContext, JsonNode resource) {
		return walk(fhirContext, resource, false);
	}

	private static Map<Integer, Found> walk(FhirContext fhirContext, JsonNode resource, boolean findUnreadable) {
		return walk(new JsonBodyChecks(fhirContext, findUnreadable, false, false), resource);
	}

	private static Map<Integer, Found> walk(JsonBodyChecks walk, JsonNode resource) {
		walk.resource(resource, "", OUTSIDE_ENTRIES);
		return walk.found;
	}

	/**
	 * Takes out of a JSON body (its tree, changed in place) the extensions of every extension that has both a value and
	 * extensions of its own (R4's ext-1), which HAPI's parser refuses for the whole body without a place; returns the
	 * problem of each, at its path, by entry index when the body is a Bundle ({@link BundleEntries#OUTSIDE_ENTRIES} for
	 * the rest). Empty when there is none.
	 */
	static Map<Integer, List<SingleValidationMessage>> takeOutExtensionsWithBoth(FhirContext fhirContext, JsonNode body) {
		JsonBodyChecks walk = new JsonBodyChecks(fhirContext, true, true, false);
		walk.resource(body, "", OUTSIDE_ENTRIES);
		return walk.takenOut;
	}

	/**
	 * The paths of the values in a JSON body that their type cannot read, for the parse problem the parser refused the
	 * body with ({@link ParseChecks.ElementProblem#UNREADABLE_VALUE}: it names only the element); what is inside a
	 * Bundle's entries located from its root. The primitives are not checked otherwise in this walk. Its problems are
	 * the extensions with both a value and extensions of its own, which the parser refuses without a place.
	 */
	static Found unreadable(FhirContext fhirContext, JsonNode body) {
		return fromRoot(unreadableByEntry(fhirContext, body), body);
	}

	/** As {@link #unreadable}, by entry index when the body is a Bundle, each entry's paths from its resource. */
	static Map<Integer, Found> unreadableByEntry(FhirContext fhirContext, JsonNode body) {
		return walk(fhirContext, body, true);
	}

	/** What the walk found in a JSON resource, in one place: what is inside a Bundle's entries located from its root. */
	static Found of(FhirContext fhirContext, JsonNode resource) {
		return fromRoot(byEntry(fhirContext, resource), resource);
	}

	/**
	 * What the walk found in a JSON Patch's result, as {@link #of} in a body; an integer the patch wrote with a fraction
	 * of zeros ({@code 1.0}) is named here too, where a body's parser names it.
	 */
	static Found ofPatched(FhirContext fhirContext, JsonNode resource) {
		return fromRoot(walk(new JsonBodyChecks(fhirContext, false, false, true), resource), resource);
	}

	private static Found fromRoot(Map<Integer, Found> byEntry, JsonNode resource) {
		Found all = new Found();
		byEntry.forEach((index, own) -> {
			if (index == OUTSIDE_ENTRIES) {
				all.add(own.problems, own.elements, UnaryOperator.identity());
			} else {
				String type = resource.path("entry").path(index).path("resource").path("resourceType").asText();
				all.add(BundleEntries.located(own.problems, index, type), own.elements,
						path -> BundleEntries.fromRoot(index, type, path));
			}
		});
		return all;
	}

	/** What was found at the entry (or outside the entries). */
	private Found found(int entry) {
		return found.computeIfAbsent(entry, index -> new Found());
	}

	/** A resource object: its type from {@code resourceType}, its path {@code prefix} + that type. */
	private void resource(JsonNode node, String prefix, int entry) {
		JsonNode type = node.path("resourceType");
		if (!node.isObject() || !type.isTextual() || type.asText().isBlank()) {
			return; // not a resource: the parser refuses it
		}
		BaseRuntimeElementCompositeDefinition<?> definition;
		try {
			definition = fhirContext.getResourceDefinition(type.asText());
		} catch (DataFormatException unknownType) {
			return; // the parser refuses an unknown resource type
		}
		composite(node, definition, prefix.isEmpty() ? type.asText() : prefix + ".ofType(" + type.asText() + ")", entry);
	}

	/** The properties of an object of a composite type, each checked against its element's type. */
	private void composite(JsonNode node, BaseRuntimeElementCompositeDefinition<?> definition, String path, int entry) {
		for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
			Map.Entry<String, JsonNode> field = fields.next();
			String name = field.getKey();
			if (name.equals("id") && field.getValue().isTextual() && field.getValue().asText().isEmpty()) {
				found(entry).element(ParseChecks.ElementProblem.UNREADABLE_VALUE, name, path + ".id"); // the parser names it
			}
			if (name.equals("resourceType") || name.equals("id") || name.startsWith("_")
					&& !(field.getValue().isObject() || field.getValue().isArray())) {
				continue;
			}
			boolean primitiveExtras = name.startsWith("_");
			String elementName = primitiveExtras ? name.substring(1) : name;
			BaseRuntimeChildDefinition child = definition.getChildByName(elementName);
			// an extension or modifierExtension child names its type by the value's type; each item is an Extension
			BaseRuntimeElementDefinition<?> type = child instanceof RuntimeChildExtension ? extension
					: child == null ? null : child.getChildByName(elementName);
			if (type == null) {
				// an unknown element: the parse checks name it (with its name, and also when its value is null)
				found(entry).element(ParseChecks.ElementProblem.UNKNOWN, name, path + "." + name);
				continue;
			}
			String step = child instanceof RuntimeChildChoiceDefinition && !elementName.equals(child.getElementName())
					? choiceBase(child) + ".ofType(" + type.getName() + ")"
					: elementName;
			JsonNode value = field.getValue();
			if (primitiveExtras && !findUnreadable) {
				valuelessPrimitives(value, node.get(elementName), path + "." + step, entry);
			}
			if (!primitiveExtras && child.getMax() == 1 && value.isArray() && value.size() < 2) {
				// HAPI's parser reads an empty or one-item list as the element itself, without a word
				error(entry, path + "." + step, IssueType.STRUCTURE, "'" + name + "' occurs at most once: it is written as one value,"
						+ " not a JSON array" + (node.has("_" + name) ? " (and its id and extensions, '_" + name + "', as one"
						+ " object)" : ""));
			} else if (!primitiveExtras && child.getMax() != 1 && value.isValueNode() && !value.isNull()
					&& !(type instanceof BaseRuntimeElementCompositeDefinition<?>)) {
				// a single primitive where a list belongs: HAPI's parser reads it as a list of one, without a word
				error(entry, path + "." + step, IssueType.STRUCTURE, "'" + name + "' is a list: it is written as a JSON array, even of"
						+ " one value");
			}
			if (!primitiveExtras && value.isArray() && child.getMax() == 1) {
				// the parser names a choice by its field (value, not valueQuantity)
				String named = child instanceof RuntimeChildChoiceDefinition choice ? choice.getField().getName() : elementName;
				found(entry).element(ParseChecks.ElementProblem.LIST_FOR_A_SINGLE_ELEMENT, named, path + "." + step);
			} else if (!primitiveExtras && value.isObject() && child.getMax() != 1) {
				found(entry).element(ParseChecks.ElementProblem.OBJECT_FOR_A_LIST, elementName, path + "." + step);
			}
			if (value.isArray()) {
				for (int i = 0; i < value.size(); i++) {
					element(value.get(i), child, type, name, path + "." + step + "[" + i + "]", entry, primitiveExtras);
				}
			} else {
				element(value, child, type, name, path + "." + step, entry, primitiveExtras);
			}
		}
	}

	/**
	 * The primitives of a {@code _} property that have neither a value nor an extension ({@code "_given": [{"id": "g"}]}):
	 * R4's ele-1, since an id alone makes no element. HAPI's parser keeps such an item and its encoder then drops it.
	 */
	private void valuelessPrimitives(JsonNode extras, JsonNode values, String path, int entry) {
		if (!extras.isArray()) {
			if (valueless(extras, values)) {
				error(entry, path, IssueType.INVARIANT, VALUELESS_PRIMITIVE);
			}
			return;
		}
		for (int i = 0; i < extras.size(); i++) {
			if (valueless(extras.get(i), values != null && values.isArray() ? values.get(i) : null)) {
				error(entry, path + "[" + i + "]", IssueType.INVARIANT, VALUELESS_PRIMITIVE);
			}
		}
	}

	private static final String VALUELESS_PRIMITIVE = "An element has neither a value nor children (ele-1): a primitive with"
			+ " no value needs an extension, an id alone is not enough";

	private static boolean valueless(JsonNode extras, JsonNode value) {
		return extras.isObject() && extras.path("extension").isEmpty() && (value == null || value.isNull());
	}

	private static String choiceBase(BaseRuntimeChildDefinition child) {
		String name = child.getElementName();
		return name.endsWith("[x]") ? name.substring(0, name.length() - 3) : name;
	}

	private void element(JsonNode value, BaseRuntimeChildDefinition child, BaseRuntimeElementDefinition<?> type, String name,
			String path, int entry, boolean primitiveExtras) {
		if (value.isNull()) {
			return;
		}
		if (primitiveExtras) {
			// "_given": the id and extensions of a primitive (an Element, so no modifierExtension); each extension is
			// walked as one
			for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
				String part = names.next();
				if (!part.equals("id") && !part.equals("extension")) {
					found(entry).element(ParseChecks.ElementProblem.UNKNOWN, part, path + "." + part);
				}
			}
			JsonNode list = value.path("extension");
			for (int i = 0; i < list.size(); i++) {
				if (list.get(i).isObject()) {
					extension(list.get(i), "extension", path + ".extension[" + i + "]", entry);
				}
			}
			return;
		}
		switch (type.getChildType()) {
			case PRIMITIVE_DATATYPE, ID_DATATYPE, PRIMITIVE_XHTML_HL7ORG -> primitive(value, child, type, name, path, entry);
			case CONTAINED_RESOURCES, CONTAINED_RESOURCE_LIST -> {
				if (value.path("id").asText().isEmpty()) {
					found(entry).element(ParseChecks.ElementProblem.CONTAINED_WITHOUT_ID, name, path);
				}
				if (!findUnreadable) {
					containedRules(value, path, entry);
				}
				resource(value, path, entry);
			}
			case RESOURCE -> {
				Matcher rootEntry = ROOT_BUNDLE_ENTRY.matcher(path);
				if (entry == OUTSIDE_ENTRIES && rootEntry.matches()) {
					resource(value, "", Integer.parseInt(rootEntry.group(1))); // an entry of the body's Bundle
				} else {
					resource(value, path, entry);
				}
			}
			default -> {
				if (value.isValueNode() && type instanceof BaseRuntimeElementCompositeDefinition<?>) {
					found(entry).element(ParseChecks.ElementProblem.SCALAR_FOR_AN_OBJECT, name, path);
				} else if (value.isObject() && value.isEmpty() && !findUnreadable) {
					// "component": [{}]: the parser drops it without a word
					error(entry, path, IssueType.INVARIANT, "An element has neither a value nor children (ele-1): an empty JSON object");
				} else if (value.isObject() && type == extension) {
					extension(value, name, path, entry);
				} else if (value.isObject() && type instanceof BaseRuntimeElementCompositeDefinition<?> composite) {
					if (IBaseReference.class.isAssignableFrom(type.getImplementingClass())) {
						internalReference(value, path, entry);
					}
					composite(value, composite, path, entry);
				}
			}
		}
	}

	/**
	 * An extension (or modifier extension, by its name), whose url HAPI's parser asks for. Named here, since the parser
	 * takes them: an empty url (R4: an extension's url is required, and no string is empty), and an extension with
	 * neither a value nor extensions of its own (R4's ext-1). The parser refuses one with both (the other half of
	 * ext-1) with 400, without saying where; the walk of a refused body names it at its path.
	 */
	private void extension(JsonNode value, String name, String path, int entry) {
		JsonNode url = value.path("url");
		if (!url.isValueNode()) {
			found(entry).element(ParseChecks.ElementProblem.EXTENSION_WITHOUT_URL, name, path);
		} else if (url.isTextual() && url.asText().isEmpty() && !findUnreadable) {
			error(entry, path + ".url", IssueType.REQUIRED, "An extension's url is required and may not be empty");
		}
		boolean hasValue = has(value, JsonBodyChecks::isValue);
		boolean hasExtensions = has(value, "extension"::equals);
		if (!findUnreadable && !hasValue && !hasExtensions) {
			error(entry, path, IssueType.INVARIANT, "An extension has neither a value nor extensions of its own (ext-1)");
		} else if (findUnreadable && hasValue && hasExtensions) {
			SingleValidationMessage problem =
					error(entry, path, IssueType.INVARIANT, "An extension has both a value and extensions of its own (ext-1)");
			if (takeOut && value instanceof ObjectNode object) {
				takenOut.computeIfAbsent(entry, none -> new ArrayList<>()).add(problem);
				object.remove("extension");
			}
		}
		composite(value, extension, path, entry);
	}

	/**
	 * An internal reference ({@code "#med1"}; {@code "#"} alone is the resource itself): HAPI's parser names one that
	 * points at no contained resource by its text only, so each is noted here with its path, for that problem to be
	 * placed. Contained ids are shared by the whole resource, so the same text is found or missing at every place.
	 */
	private void internalReference(JsonNode value, String path, int entry) {
		JsonNode reference = value.path("reference");
		if (reference.isTextual() && reference.asText().startsWith("#") && reference.asText().length() > 1) {
			found(entry).element(ParseChecks.ElementProblem.REFERENCE_TO_NO_CONTAINED, reference.asText(), path + ".reference");
		}
	}

	/** Whether an object has a property of one of these names that is not null or an empty list. */
	private static boolean has(JsonNode object, Predicate<String> names) {
		for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
			Map.Entry<String, JsonNode> field = fields.next();
			boolean some = !field.getValue().isNull() && !(field.getValue().isArray() && field.getValue().isEmpty());
			if (some && names.test(field.getKey())) {
				return true;
			}
		}
		return false;
	}

	/** Whether a property of an extension is its value (or the value's extensions, {@code _valueCode}). */
	private static boolean isValue(String name) {
		return name.startsWith("value") || name.startsWith("_value");
	}

	/** "An " before a type whose name begins with a vowel (an integer), else "A ". */
	private static String article(String typeName) {
		return "aeiou".indexOf(Character.toLowerCase(typeName.charAt(0))) >= 0 ? "An " : "A ";
	}

	private void primitive(JsonNode value, BaseRuntimeChildDefinition child, BaseRuntimeElementDefinition<?> type,
			String name, String path, int entry) {
		if (findUnreadable) {
			if (value.isValueNode() && (value.asText().isEmpty() || !theParserReads(child, type, value.asText()))) {
				found(entry).element(ParseChecks.ElementProblem.UNREADABLE_VALUE, name, path);
			}
			return;
		}
		if (value.isTextual() && value.asText().isEmpty()) {
			found(entry).element(ParseChecks.ElementProblem.UNREADABLE_VALUE, name, path); // the parser names it
			return;
		}
		JsonType expected = expected(type.getImplementingClass());
		JsonType found = jsonType(value);
		if (found == expected) {
			if (found == JsonType.NUMBER && !value.isIntegralNumber()
					&& IntegerType.class.isAssignableFrom(type.getImplementingClass())) {
				integerWithFractionOrExponent(value, child, type, path, entry);
				return;
			}
			format(value.asText(), child, type, path, entry);
			return;
		}
		if (found == JsonType.STRING && !readAsWritten(value.asText(), expected)) {
			return;
		}
		String typeName = type.getName();
		String written = switch (expected) {
			case BOOLEAN -> "the JSON literal true or false, without quotes";
			case NUMBER -> "a JSON number, without quotes";
			case STRING -> "a JSON string, in quotes";
			default -> throw new IllegalStateException("no primitive is written as a JSON " + describe(expected));
		};
		// an object or array where a primitive belongs: HAPI's parser keeps no value and says nothing
		error(entry, path, IssueType.STRUCTURE, article(typeName) + typeName + " is written as " + written
				+ "; this value is a JSON " + describe(found));
	}

	/**
	 * An integer (or positiveInt, unsignedInt) written with a fraction or an exponent. R4's integer form is digits
	 * alone; HAPI's parser refuses {@code 1.0} itself, but reads {@code 1e2} or {@code 1.0E+2} as the plain number
	 * {@code 100} and stores that without a word (probe 63, P63-M7). Only such a value, which the parser reads, is named
	 * here. The body's tree keeps numbers as written ({@link #TREES}), and the request guard has
	 * already bounded their exponents.
	 */
	private void integerWithFractionOrExponent(JsonNode value, BaseRuntimeChildDefinition child,
			BaseRuntimeElementDefinition<?> type, String path, int entry) {
		BigDecimal number = patched ? value.decimalValue().stripTrailingZeros() : value.decimalValue();
		if (theParserReads(child, type, number.toPlainString())) {
			String typeName = type.getName();
			error(entry, path, IssueType.VALUE, article(typeName) + typeName + " is written as digits alone, without a"
					+ " fraction or an exponent; this number would be stored as " + number.toPlainString());
		}
	}

	/**
	 * A value the parser reads, but not of its type's written form ({@link PrimitiveFormats}). An empty value, and a
	 * value the type cannot read (a date of 2026-13-45, a code off the closed list it is bound to), are left to the
	 * parser, which names them itself.
	 */
	private void format(String text, BaseRuntimeChildDefinition child, BaseRuntimeElementDefinition<?> type, String path,
			int entry) {
		if (text.isEmpty() || !PrimitiveFormats.checks(type.getName())) {
			return;
		}
		PrimitiveFormats.problem(type.getName(), text)
				.filter(problem -> theParserReads(child, type, text))
				.ifPresent(problem -> error(entry, path, IssueType.VALUE, problem));
	}

	/**
	 * Whether the type reads the text, as the parser sets it: an instance made as the parser makes it (an enumeration
	 * with its child's list of codes), and the same two exceptions, which the parser names as invalid values.
	 */
	private static boolean theParserReads(BaseRuntimeChildDefinition child, BaseRuntimeElementDefinition<?> type, String text) {
		if (IBaseXhtml.class.isAssignableFrom(type.getImplementingClass())) {
			return NarrativeDivs.unreadable(text).isEmpty(); // the parser reads a div its own way, and fails unchecked
		}
		try {
			((IPrimitiveType<?>) type.newInstance(child.getInstanceConstructorArguments())).setValueAsString(text);
			return true;
		} catch (DataFormatException | IllegalArgumentException unreadable) {
			return false;
		}
	}

	/**
	 * R4 DomainResource's rules on a contained resource, which HAPI's parser does not name but breaks silently: it moved
	 * a contained resource's own contained ones up into the container (dom-2) and dropped a contained resource's
	 * versionId and lastUpdated (dom-4); a security label on it (dom-5) was stored (probe 63, P63-M5).
	 */
	private void containedRules(JsonNode contained, String path, int entry) {
		if (contained.has("contained")) {
			error(entry, path + ".contained", IssueType.INVARIANT,
					"A contained resource cannot contain resources of its own (dom-2): contain them in the resource itself");
		}
		JsonNode meta = contained.path("meta");
		for (String element : List.of("versionId", "lastUpdated")) {
			if (meta.has(element)) {
				error(entry, path + ".meta." + element, IssueType.INVARIANT,
						"A contained resource has no meta.versionId or meta.lastUpdated of its own (dom-4)");
			}
		}
		if (meta.has("security")) {
			error(entry, path + ".meta.security", IssueType.INVARIANT,
					"A contained resource has no security labels of its own (dom-5): label the resource that contains it");
		}
	}

	private SingleValidationMessage error(int entry, String path, IssueType type, String message) {
		SingleValidationMessage problem = new TypedMessage(type);
		problem.setSeverity(ResultSeverityEnum.ERROR);
		problem.setMessageId(ParseChecks.MESSAGE_ID);
		problem.setLocationString(path);
		problem.setMessage(message);
		found(entry).problems.add(problem);
		return problem;
	}

	private static JsonType jsonType(JsonNode value) {
		if (value.isObject()) {
			return JsonType.OBJECT;
		}
		if (value.isArray()) {
			return JsonType.ARRAY;
		}
		return value.isBoolean() ? JsonType.BOOLEAN : value.isNumber() ? JsonType.NUMBER : JsonType.STRING;
	}

	private static String describe(JsonType type) {
		return switch (type) {
			case BOOLEAN -> "boolean";
			case NUMBER -> "number";
			case STRING -> "string";
			case OBJECT -> "object";
			case ARRAY -> "array";
		};
	}

	private static JsonType expected(Class<?> primitive) {
		if (BooleanType.class.isAssignableFrom(primitive)) {
			return JsonType.BOOLEAN;
		}
		if (IntegerType.class.isAssignableFrom(primitive) || DecimalType.class.isAssignableFrom(primitive)) {
			return JsonType.NUMBER; // integer, positiveInt, unsignedInt, decimal
		}
		return JsonType.STRING;
	}

	/** Whether the parser reads this quoted text as a value of the expected type (so nothing else would name it). */
	private static boolean readAsWritten(String text, JsonType expected) {
		if (expected == JsonType.BOOLEAN) {
			return text.equals("true") || text.equals("false");
		}
		// HAPI's parser drops one leading + of a decimal before it reads it: "+-1" in quotes was stored as -1 (probe 77,
		// P77-M4)
		String number = text.strip();
		try {
			new BigDecimal(number.startsWith("+") ? number.substring(1) : number);
			return true;
		} catch (NumberFormatException notANumber) {
			return false;
		}
	}
}
