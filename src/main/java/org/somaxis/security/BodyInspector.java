package org.somaxis.security;

import com.ctc.wstx.exc.WstxLazyException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.somaxis.fhir.NarrativeDivs;

/**
 * Scans a request body with a streaming parser, before HAPI parses it, for the shapes that would let a
 * small request exhaust the server: numbers with a huge decimal exponent (HAPI expands them with
 * {@code BigDecimal.toPlainString()}), and deep nesting. It also rejects syntactically broken JSON and
 * XML with the line and column of the fault.
 *
 * <p>For a Bundle posted to the server base (a transaction or batch) it also counts the entries, so that a
 * Bundle with more than {@code somaxis.fhir.max-bundle-entries} is refused before HAPI parses it into memory and
 * runs it: the elements of the {@code entry} array of the root JSON object, or the {@code <entry>} children of the
 * root XML {@code <Bundle>}, whatever they hold. This is the only place the limit is enforced.
 *
 * <p>The scan keeps no tree and never converts a number, so its cost is linear in the body size.
 */
public final class BodyInspector {

	/** Why a body was refused, and where; {@code kind} decides the status and the issue type. */
	public record Rejection(Kind kind, String reason, String location) {

		/** Where a rejection comes from; the answer's status and issue type follow from it, never from the wording. */
		public enum Kind {
			/** Not well-formed JSON or XML, or a resource property holding a scalar (400 {@code structure}). */
			MALFORMED,
			/** Text a FHIR string cannot hold: a lone UTF-16 surrogate, a control character (400 {@code invalid}). */
			INVALID_TEXT,
			/** An XML document type declaration, which the server never reads (400 {@code not-supported}). */
			NOT_SUPPORTED,
			/** Nesting or a number that would cost the parser more than it is worth (400 {@code too-costly}). */
			TOO_COSTLY,
			/** A transaction or batch over the entry limit (413 {@code too-long}). */
			TOO_MANY_ENTRIES,
			/**
			 * A FHIR body in another character encoding than UTF-8, which FHIR requires and HAPI's parsers assume
			 * (415 {@code not-supported}).
			 */
			NOT_UTF8
		}

		Rejection at(String where) {
			return new Rejection(kind, reason, where);
		}
	}

	/**
	 * Properties whose value is a resource (or, elsewhere in FHIR, an array of backbone objects), never a scalar:
	 * HAPI's parser fails with a NullPointerException on {@code "resource":"Observation"} in a Bundle entry, and on an
	 * empty XML {@code <resource/>}.
	 */
	private static final java.util.Set<String> RESOURCE_PROPERTIES = java.util.Set.of("resource", "contained");

	/**
	 * Properties whose arrays hold extensions, each an object: HAPI's parser fails with a NullPointerException (a 500) on
	 * any other item ({@code "extension":[null]}). An extension with two values (R4: {@code value[x]} 0..1) is refused
	 * too: HAPI's parser keeps the last one and drops the other without a word.
	 */
	private static final java.util.Set<String> EXTENSION_PROPERTIES = java.util.Set.of("extension", "modifierExtension");

	/**
	 * The property that names a resource's type: HAPI's parser fails with an IllegalArgumentException (a 500) on a blank
	 * one inside a resource ({@code "contained":[{"resourceType":""}]}).
	 */
	private static final String RESOURCE_TYPE = "resourceType";

	/**
	 * The property that holds a narrative's XHTML (the only R4 element of that name): HAPI's parser fails with a
	 * RuntimeException or a NullPointerException (a 500) on one it cannot read ({@link NarrativeDivs}) or on an object.
	 */
	private static final String NARRATIVE_DIV = "div";

	/** XML Schema's instance namespace: {@code xsi:schemaLocation}, which senders put on a root element. */
	private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
	/** The attributes of {@link #XSI} that carry no data, the only attributes in a namespace a FHIR element may have. */
	private static final java.util.Set<String> SCHEMA_LOCATIONS = java.util.Set.of("schemaLocation", "noNamespaceSchemaLocation");

	/** The XML elements whose {@code <resource>} holds a resource (Bundle.entry, Parameters.parameter and its parts). */
	private static final java.util.Set<String> RESOURCE_HOLDERS = java.util.Set.of("entry", "parameter", "part");

	private static final String JSON_PATCH = "application/json-patch+json";

	/** The content types HAPI reads as FHIR, and the two patch formats (a Binary's own content is anything else). */
	private static final java.util.Set<String> FHIR_CONTENT_TYPES = java.util.Set.of(
			"application/fhir+json", "application/json+fhir", "application/json", "text/json",
			"application/fhir+xml", "application/xml+fhir", "application/xml", "text/xml",
			JSON_PATCH, "application/xml-patch+xml", "");
	/** Trees of patch values: decimals kept as written (1e400 is no double), so a value is inspected as it was sent. */
	private static final ObjectMapper TREES = JsonMapper.builder()
			.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
			.nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
			.build();

	/** Longest number literal accepted (Jackson's own default for JSON numbers). */
	static final int MAX_NUMBER_LENGTH = 1000;

	private final int maxExponent;
	private final int maxDepth;
	private final int maxBundleEntries;
	private final JsonFactory jsonFactory;
	private final XMLInputFactory xmlFactory;

	public BodyInspector(int maxExponent, int maxDepth, int maxBundleEntries) {
		this.maxExponent = maxExponent;
		this.maxDepth = maxDepth;
		this.maxBundleEntries = maxBundleEntries;
		// a property given twice (two clinicalStatus, two gender) would be read as the last one without a word
		this.jsonFactory = JsonFactory.builder()
				.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
				.streamReadConstraints(StreamReadConstraints.builder()
						.maxNestingDepth(Math.max(maxDepth + 1, 1))
						.maxNumberLength(MAX_NUMBER_LENGTH)
						.build())
				.build();
		this.xmlFactory = XMLInputFactory.newFactory();
		xmlFactory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
		xmlFactory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
		xmlFactory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
	}

	/**
	 * Inspects {@code body}, choosing JSON or XML from the content type or, failing that, from the first
	 * non-blank character. Returns null when the body is acceptable.
	 */
	public Rejection inspect(byte[] body, String contentType) {
		return inspect(body, contentType, false);
	}

	/**
	 * As {@link #inspect(byte[], String)}; with {@code bundleOfEntries} (a body posted to the server base: a
	 * transaction or batch) the entries of the Bundle are counted too, and more than the limit is refused.
	 */
	public Rejection inspect(byte[] body, String contentType, boolean bundleOfEntries) {
		return inspect(body, contentType, bundleOfEntries, isFhir(contentType));
	}

	/**
	 * As {@link #inspect(byte[], String, boolean)}, saying whether the body is FHIR: not when HAPI keeps it as it is
	 * (a Binary's own content sent as {@code application/json} or {@code text/xml}), whatever its content type.
	 */
	public Rejection inspect(byte[] body, String contentType, boolean bundleOfEntries, boolean fhir) {
		if (isBlank(body)) {
			// no document at all, as an empty body is none: what it lacks is the server's to say (a $validate "needs the
			// resource"), not "Malformed XML" (probe 78, P78-m2); a blank JSON body already passed
			return null;
		}
		return switch (syntaxOf(body, contentType)) {
			case JSON -> {
				Rejection rejection = inspectJson(body, bundleOfEntries, fhir);
				yield rejection == null && fhir && isJsonPatch(contentType) ? inspectJsonPatchValues(body) : rejection;
			}
			case XML -> inspectXml(body, bundleOfEntries, fhir, !isXmlPatch(contentType));
			case OTHER -> null;
		};
	}

	/** Whether the body holds nothing but XML's and JSON's white space (spaces, tabs, line ends), perhaps after a BOM. */
	static boolean isBlank(byte[] body) {
		// a UTF-8 byte order mark first is no content either: XML allows one, the JSON reader drops one
		int start = body.length >= 3 && (body[0] & 0xff) == 0xef && (body[1] & 0xff) == 0xbb && (body[2] & 0xff) == 0xbf ? 3 : 0;
		for (int i = start; i < body.length; i++) {
			byte b = body[i];
			if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
				return false;
			}
		}
		return true;
	}

	/** The 413 rejection of a Bundle with {@code entries} entries, or null when that is within the limit. */
	private Rejection entryCountProblem(long entries) {
		if (entries <= maxBundleEntries) {
			return null;
		}
		return new Rejection(Rejection.Kind.TOO_MANY_ENTRIES, "The Bundle has " + entries + " entries; this server accepts at most "
				+ maxBundleEntries + " per transaction or batch (somaxis.fhir.max-bundle-entries)", "Bundle.entry");
	}

	private enum Syntax {
		JSON,
		XML,
		OTHER
	}

	private static Syntax syntaxOf(byte[] body, String contentType) {
		String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
		if (type.contains("json")) {
			return Syntax.JSON;
		}
		if (type.contains("xml")) {
			return Syntax.XML;
		}
		for (byte b : body) {
			if (b == '{' || b == '[') {
				return Syntax.JSON;
			}
			if (b == '<') {
				return Syntax.XML;
			}
			if (!Character.isWhitespace(b) && b != (byte) 0xEF && b != (byte) 0xBB && b != (byte) 0xBF) {
				return Syntax.OTHER;
			}
		}
		return Syntax.OTHER;
	}

	/**
	 * @param fhir whether the body is FHIR (or a patch of FHIR): then the shapes HAPI's parser fails on or drops data
	 *     of are refused too (a narrative it cannot read, an empty property name, an extension with two values); a
	 *     Binary's own content ({@code image/svg+xml}, {@code application/geo+json}) is not held to them
	 */
	private Rejection inspectJson(byte[] body, boolean bundleOfEntries, boolean fhir) {
		if (fhir && isUtf16Or32(body)) {
			// Jackson reads it, HAPI's parser takes the bytes for UTF-8 and fails on the first character
			return new Rejection(Rejection.Kind.NOT_UTF8, "FHIR JSON is UTF-8; this body is UTF-16 or UTF-32", null);
		}
		try (JsonParser parser = jsonFactory.createParser(body)) {
			int depth = 0;
			// the entry array of the root object: pending after its name, open while the parser is inside it
			boolean entryArrayNamed = false;
			boolean inEntryArray = false;
			long entries = 0;
			// the depths of the extension arrays the parser is in (their items must be objects), and one just named
			java.util.BitSet extensionArrays = new java.util.BitSet();
			String extensionNamed = null;
			// the value[x] name of each open extension object, by depth (null: none yet, or not an extension)
			java.util.Map<Integer, String> extensionValues = new java.util.HashMap<>();
			java.util.BitSet extensionObjects = new java.util.BitSet();
			JsonToken token;
			while ((token = parser.nextToken()) != null) {
				if (extensionArrays.get(depth) && token != JsonToken.START_OBJECT && token != JsonToken.END_ARRAY) {
					return new Rejection(Rejection.Kind.MALFORMED, "JSON property 'extension' or 'modifierExtension' must"
							+ " hold extensions (objects), not " + token, jsonWhere(parser.currentTokenLocation()));
				}
				if (extensionNamed != null) {
					extensionNamed = null;
					if (token == JsonToken.START_ARRAY) {
						extensionArrays.set(depth + 1);
					}
				}
				if (inEntryArray && depth == 2 && token != JsonToken.END_ARRAY) {
					entries++; // any value directly in the array is one entry
				}
				if (entryArrayNamed) {
					entryArrayNamed = false;
					inEntryArray = token == JsonToken.START_ARRAY;
				}
				boolean anExtension = token == JsonToken.START_OBJECT && extensionArrays.get(depth);
				switch (token) {
					case START_OBJECT, START_ARRAY -> {
						if (anExtension) {
							extensionObjects.set(depth + 1);
						}
						if (++depth > maxDepth) {
							return new Rejection(Rejection.Kind.TOO_COSTLY,
									"JSON is nested deeper than " + maxDepth + " levels", jsonWhere(parser.currentLocation()));
						}
					}
					case END_OBJECT, END_ARRAY -> {
						extensionArrays.clear(depth);
						extensionObjects.clear(depth);
						extensionValues.remove(depth);
						if (--depth == 1) {
							inEntryArray = false;
						}
					}
					case VALUE_NUMBER_FLOAT -> {
						if (exponentTooLarge(parser.getText())) {
							return new Rejection(Rejection.Kind.TOO_COSTLY,
									"JSON number has a decimal exponent larger than " + maxExponent,
									jsonWhere(parser.currentTokenLocation()));
						}
					}
					case VALUE_STRING -> {
						Rejection rejection = inspectJsonString(parser.getText(), "JSON string");
						if (rejection != null) {
							return rejection.at(jsonWhere(parser.currentTokenLocation()));
						}
					}
					case FIELD_NAME -> {
						if (fhir && extensionObjects.get(depth) && isExtensionValue(parser.currentName())) {
							String value = parser.currentName().startsWith("_") ? parser.currentName().substring(1) : parser.currentName();
							String other = extensionValues.putIfAbsent(depth, value);
							if (other != null && !other.equals(value)) {
								return new Rejection(Rejection.Kind.MALFORMED, "An extension has at most one value[x]; this one has "
										+ other + " and " + value, jsonWhere(parser.currentTokenLocation()));
							}
						}
						entryArrayNamed = bundleOfEntries && depth == 1 && "entry".equals(parser.currentName());
						if (EXTENSION_PROPERTIES.contains(parser.currentName())) {
							extensionNamed = parser.currentName();
						}
						if (fhir && parser.currentName().isEmpty()) {
							// no FHIR element has an empty name; HAPI's parser fails on one (charAt(0), a 500)
							return new Rejection(Rejection.Kind.MALFORMED, "JSON property name is empty",
									jsonWhere(parser.currentTokenLocation()));
						}
						if (Surrogates.hasLoneSurrogate(parser.currentName())) {
							return new Rejection(Rejection.Kind.INVALID_TEXT,
									"JSON property name contains a lone UTF-16 surrogate", jsonWhere(parser.currentTokenLocation()));
						}
						if (RESOURCE_TYPE.equals(parser.currentName())) {
							JsonToken value = parser.nextToken();
							if (value != JsonToken.VALUE_STRING || parser.getText().isBlank()) {
								return new Rejection(Rejection.Kind.MALFORMED, "JSON property 'resourceType' must name a"
										+ " resource type, not " + (value == JsonToken.VALUE_STRING ? "a blank string" : value),
										jsonWhere(parser.currentTokenLocation()));
							}
							Rejection rejection = inspectJsonString(parser.getText(), "JSON string");
							if (rejection != null) {
								return rejection.at(jsonWhere(parser.currentTokenLocation()));
							}
							continue; // the value is read: on to the next token
						}
						if (fhir && NARRATIVE_DIV.equals(parser.currentName())) {
							Rejection rejection = inspectNarrative(parser);
							if (rejection != null) {
								return rejection;
							}
							continue; // the value is read (an object or array was refused)
						}
						if (RESOURCE_PROPERTIES.contains(parser.currentName())) {
							JsonToken value = parser.nextToken();
							if (value != JsonToken.START_OBJECT && value != JsonToken.START_ARRAY) {
								return new Rejection(Rejection.Kind.MALFORMED,
										"JSON property '" + parser.currentName() + "' must hold a resource (an object), not " + value,
										jsonWhere(parser.currentTokenLocation()));
							}
							if (++depth > maxDepth) {
								return new Rejection(Rejection.Kind.TOO_COSTLY,
										"JSON is nested deeper than " + maxDepth + " levels", jsonWhere(parser.currentLocation()));
							}
						}
					}
					default -> {
						// literals and integers are bounded by the body size and Jackson's number length limit
					}
				}
			}
			return entryCountProblem(entries);
		} catch (JsonProcessingException e) {
			return new Rejection(Rejection.Kind.MALFORMED, "Malformed JSON: " + e.getOriginalMessage(), jsonWhere(e.getLocation()));
		} catch (IOException e) {
			return new Rejection(Rejection.Kind.MALFORMED, "Unreadable JSON: " + e.getMessage(), null);
		}
	}

	/** Every R4 resource type is a name that begins with a capital letter; no element name does. */
	private static boolean namesAResourceType(String name) {
		return !name.isEmpty() && name.charAt(0) >= 'A' && name.charAt(0) <= 'Z';
	}

	/** Whether a property of an extension is its value[x] (JSON also writes a primitive value's own parts as {@code _valueX}). */
	private static boolean isExtensionValue(String name) {
		String bare = name.startsWith("_") ? name.substring(1) : name;
		return bare.length() > "value".length() && bare.startsWith("value") && Character.isUpperCase(bare.charAt("value".length()));
	}

	/**
	 * Whether the body is FHIR JSON, or a JSON Patch of FHIR: JSON by its content type or, when that says nothing, by its
	 * first character. A Binary's own JSON content ({@code application/geo+json}) is not.
	 */
	public static boolean isFhirJson(byte[] body, String contentType) {
		return syntaxOf(body, contentType) == Syntax.JSON && isFhir(contentType);
	}

	/** Whether a body of this content type is FHIR, or a patch of FHIR (or says nothing, and is sniffed). */
	public static boolean isFhir(String contentType) {
		if (contentType == null) {
			return true;
		}
		String mime = contentType.toLowerCase(Locale.ROOT).split(";", 2)[0].strip();
		return FHIR_CONTENT_TYPES.contains(mime);
	}

	private static boolean isXmlPatch(String contentType) {
		return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/xml-patch+xml");
	}

	private static boolean isJsonPatch(String contentType) {
		return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(JSON_PATCH);
	}

	/**
	 * A JSON Patch's values, each inspected as the property its path ends in ({@code /text/div} a narrative,
	 * {@code /extension/-} one extension), since HAPI applies the patch to the resource's JSON and parses the result:
	 * {@code {"op":"add","path":"/extension","value":[null]}} made the parser fail as the same shape in a body does.
	 * What a {@code copy} or {@code move} puts somewhere comes from the stored resource and is not looked at.
	 */
	private Rejection inspectJsonPatchValues(byte[] body) {
		JsonNode operations;
		try (JsonParser parser = jsonFactory.createParser(body)) {
			operations = TREES.readTree(parser);
		} catch (IOException e) {
			return null; // the streaming scan read it; nothing more to say
		}
		if (operations == null || !operations.isArray()) {
			return null; // not a patch document: HAPI refuses it
		}
		for (int index = 0; index < operations.size(); index++) {
			JsonNode operation = operations.get(index);
			if (!operation.path("path").isTextual() || !operation.has("value")) {
				continue;
			}
			String path = operation.get("path").asText();
			Rejection rejection = inspectPlaced(path, operation.get("value"));
			if (rejection != null) {
				return new Rejection(rejection.kind(), "JSON Patch operation " + index + " (path " + path + "): "
						+ rejection.reason(), "JSON Patch operation[" + index + "]");
			}
		}
		return null;
	}

	/** Inspects {@code value} as what it becomes at {@code path}: a property, an item of one, or the whole resource. */
	private Rejection inspectPlaced(String path, JsonNode value) {
		String[] segments = path.isEmpty() ? new String[0] : path.substring(1).split("/", -1);
		ObjectNode placed = TREES.createObjectNode();
		if (segments.length == 0) {
			return inspectJson(value.toString().getBytes(StandardCharsets.UTF_8), false, true);
		}
		String last = unescape(segments[segments.length - 1]);
		boolean item = last.equals("-") || last.chars().allMatch(Character::isDigit);
		if (item && segments.length > 1) {
			placed.putArray(unescape(segments[segments.length - 2])).add(value);
		} else {
			placed.set(last, value);
		}
		return inspectJson(placed.toString().getBytes(StandardCharsets.UTF_8), false, true);
	}

	/** A JSON Pointer segment as the name it stands for (RFC 6901: {@code ~1} is "/", {@code ~0} is "~"). */
	private static String unescape(String segment) {
		return segment.replace("~1", "/").replace("~0", "~");
	}

	/** The value of a {@code div} property: a string of XHTML that HAPI's parser reads, or a scalar it names itself. */
	private Rejection inspectNarrative(JsonParser parser) throws IOException {
		JsonToken value = parser.nextToken();
		String where = jsonWhere(parser.currentTokenLocation());
		String pointer = parser.getParsingContext().pathAsPointer().toString();
		if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
			return new Rejection(Rejection.Kind.MALFORMED, "JSON property 'div' at " + pointer
					+ " must hold the narrative's XHTML as a string, not " + value, where);
		}
		if (value != JsonToken.VALUE_STRING) {
			return null; // a number, a literal: the parser refuses it at its path
		}
		Rejection text = inspectJsonString(parser.getText(), "JSON string");
		if (text != null) {
			return text.at(where);
		}
		return NarrativeDivs.unreadable(parser.getText())
				.map(why -> new Rejection(Rejection.Kind.MALFORMED, "The narrative at " + pointer + " is not XHTML that can be"
						+ " read (" + why.replaceAll("\\s+", " ") + "): a narrative's div is one well-formed <div> element", where))
				.orElse(null);
	}

	/**
	 * @param fhir as for JSON: the resource elements, and extensions with two values, are looked at only in FHIR
	 * @param aResource whether the document is a resource (anything but an XML Patch, whose root is {@code <diff>}):
	 *     then its root, like what {@code contained} and a Bundle entry's or a parameter's {@code resource} hold, must
	 *     be named by a resource type
	 */
	private Rejection inspectXml(byte[] body, boolean bundleOfEntries, boolean fhir, boolean aResource) {
		XMLStreamReader reader = null;
		try {
			reader = xmlFactory.createXMLStreamReader(new ByteArrayInputStream(body));
			if (fhir) {
				Rejection encoding = encodingProblem(reader, body);
				if (encoding != null) {
					return encoding;
				}
			}
			int depth = 0;
			boolean bundleRoot = false;
			long entries = 0;
			// the depths of open resource or contained elements that have no child element yet
			java.util.BitSet awaitingResource = new java.util.BitSet();
			// the depths of open extension elements, and of those that have a value[x] child already
			java.util.BitSet extensionElements = new java.util.BitSet();
			java.util.BitSet extensionValued = new java.util.BitSet();
			// the depths whose child element is a resource: the document, contained, and the resource of an entry or parameter
			java.util.BitSet resourceSlots = new java.util.BitSet();
			resourceSlots.set(0, fhir && aResource);
			java.util.ArrayDeque<String> open = new java.util.ArrayDeque<>(); // the names of the open elements
			// the depths of open FHIR elements with neither a value attribute nor, so far, a child element
			java.util.BitSet valueless = new java.util.BitSet();
			int narrative = 0; // the depth of the open narrative div (XHTML, whose text is content), or 0
			// the depths of open elements held to FHIR XML's rules: all outside the narrative's XHTML, since HAPI's parser
			// reads an element of any namespace (or none) as FHIR's
			java.util.BitSet fhirElementDepths = new java.util.BitSet();
			boolean fhirElements = fhir && aResource; // an XML Patch's own elements and text are the patch's
			while (reader.hasNext()) {
				int event = reader.next();
				if (event == XMLStreamConstants.START_ELEMENT) {
					boolean aResourceElement = resourceSlots.get(depth);
					valueless.clear(depth);
					if (aResourceElement && !namesAResourceType(reader.getLocalName())) {
						// HAPI's parser fails with a NullPointerException on <extension/> there (found by ParserRoundTripFuzzTest)
						return new Rejection(Rejection.Kind.MALFORMED, "XML element <" + reader.getLocalName() + "> stands where a"
								+ " resource belongs; a resource's element is named by its type (Patient, Observation)",
								xmlWhere(reader.getLocation()));
					}
					Rejection contained = fhir ? containedRule(reader.getLocalName(), open) : null;
					if (contained != null) {
						return contained.at(xmlWhere(reader.getLocation()));
					}
					boolean slot = fhir && ("contained".equals(reader.getLocalName())
							|| ("resource".equals(reader.getLocalName()) && !open.isEmpty() && RESOURCE_HOLDERS.contains(open.peek())));
					open.push(reader.getLocalName());
					awaitingResource.clear(depth);
					if (fhir && extensionElements.get(depth) && isExtensionValue(reader.getLocalName())) {
						if (extensionValued.get(depth)) {
							return new Rejection(Rejection.Kind.MALFORMED, "An extension has at most one value[x]; this one has a second, <"
									+ reader.getLocalName() + ">", xmlWhere(reader.getLocation()));
						}
						extensionValued.set(depth);
					}
					++depth;
					resourceSlots.set(depth, slot);
					// the narrative is the div, of whatever namespace: HAPI's parser reads any other element, XHTML's too, as
					// FHIR's (<value xmlns="http://www.w3.org/1999/xhtml" value="+-1"/> was the value, unchecked: probe 77,
					// P77-M2)
					if (narrative == 0 && NARRATIVE_DIV.equals(reader.getLocalName())) {
						narrative = depth;
					}
					fhirElementDepths.set(depth, fhirElements && narrative == 0);
					// no other attribute is a value: an extension's url is not (R4's ext-1: a value or extensions), nor an id
					if (fhirElementDepths.get(depth) && !aResourceElement && reader.getAttributeValue(null, "value") == null) {
						valueless.set(depth);
					}
					if (EXTENSION_PROPERTIES.contains(reader.getLocalName())) {
						extensionElements.set(depth);
					}
					if (fhir && RESOURCE_PROPERTIES.contains(reader.getLocalName()) && reader.getAttributeValue(null, "value") == null) {
						awaitingResource.set(depth); // a primitive of that name (OperationDefinition.resource) has a value
					}
					if (depth == 1) {
						bundleRoot = bundleOfEntries && "Bundle".equals(reader.getLocalName());
					} else if (depth == 2 && bundleRoot && "entry".equals(reader.getLocalName())) {
						entries++;
					}
					if (depth > maxDepth) {
						return new Rejection(Rejection.Kind.TOO_COSTLY, "XML is nested deeper than " + maxDepth + " levels", xmlWhere(reader.getLocation()));
					}
					for (int i = 0; i < reader.getAttributeCount() && fhirElementDepths.get(depth); i++) {
						String namespace = reader.getAttributeNamespace(i);
						if (namespace != null && !namespace.isEmpty()
								&& !(XSI.equals(namespace) && SCHEMA_LOCATIONS.contains(reader.getAttributeLocalName(i)))) {
							// HAPI's parser reads an attribute by its local name alone: <value x:value="+-1"/> was read as
							// the value, unchecked, and beside value="2.5" it replaced it (probe 76, P76-M1); xsi:value too, and
							// status value="final" xsi:value="entered-in-error" was stored entered-in-error (probe 77, P77-M1)
							return new Rejection(Rejection.Kind.MALFORMED, "XML attribute '"
									+ reader.getAttributePrefix(i) + ":" + reader.getAttributeLocalName(i) + "' of <"
									+ reader.getLocalName() + "> is in a namespace (" + namespace + "): FHIR XML's"
									+ " attributes (value, url, id) are in none", xmlWhere(reader.getLocation()));
						}
					}
					for (int i = 0; i < reader.getAttributeCount(); i++) {
						Rejection rejection = inspectJsonString(reader.getAttributeValue(i).strip(), "XML attribute");
						if (rejection != null) {
							return rejection.at(xmlWhere(reader.getLocation()));
						}
					}
				} else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
					String text = reader.getText(); // a new String each call
					if (Surrogates.hasLoneSurrogate(text)) {
						return new Rejection(Rejection.Kind.INVALID_TEXT, "XML text contains a lone UTF-16 surrogate", xmlWhere(reader.getLocation()));
					}
					if (fhirElementDepths.get(depth) && !awaitingResource.get(depth) && !text.isBlank()) {
						// HAPI's parser reads no text there: <family>Doe</family> was stored without the family name
						return new Rejection(Rejection.Kind.MALFORMED, "XML element <" + open.peek() + "> holds text, which FHIR"
								+ " XML does not read: a primitive's value is given in its value attribute, as in"
								+ " <family value=\"Doe\"/>", xmlWhere(reader.getLocation()));
					}
				} else if (event == XMLStreamConstants.END_ELEMENT) {
					if (awaitingResource.get(depth)) {
						return new Rejection(Rejection.Kind.MALFORMED, "XML element <" + reader.getLocalName()
								+ "> must hold a resource (or, for a backbone element of that name, its elements)",
								xmlWhere(reader.getLocation()));
					}
					if (valueless.get(depth)) {
						// HAPI's parser drops such an element without a word: <gender/>, <gender id="g"/>, <name/>,
						// <extension url="..."/>
						return new Rejection(Rejection.Kind.MALFORMED, EXTENSION_PROPERTIES.contains(reader.getLocalName())
								? "XML element <" + reader.getLocalName() + "> has neither a value nor extensions of its own"
										+ " (R4's ext-1)"
								: "XML element <" + reader.getLocalName() + "> has neither a value attribute nor child elements"
										+ " (R4's ele-1: every element has a value or children)",
								xmlWhere(reader.getLocation()));
					}
					if (narrative == depth) {
						narrative = 0;
					}
					valueless.clear(depth);
					fhirElementDepths.clear(depth);
					extensionElements.clear(depth);
					extensionValued.clear(depth);
					resourceSlots.clear(depth);
					open.pop();
					depth--;
				} else if (event == XMLStreamConstants.DTD) {
					return new Rejection(Rejection.Kind.NOT_SUPPORTED, "XML document type declarations are not accepted", xmlWhere(reader.getLocation()));
				}
			}
			return entryCountProblem(entries);
		} catch (XMLStreamException e) {
			return malformedXml(e);
		} catch (WstxLazyException e) {
			// Woodstox reads text lazily: a problem inside it (a UTF-8 sequence cut off by the end of the body) surfaces
			// from getText() as this unchecked wrapper of the XMLStreamException (found by ParserRoundTripFuzzTest)
			return e.getCause() instanceof XMLStreamException cause
					? malformedXml(cause)
					: new Rejection(Rejection.Kind.MALFORMED, "Malformed XML: " + e.getMessage(), null);
		} finally {
			if (reader != null) {
				try {
					reader.close();
				} catch (XMLStreamException ignored) {
					// nothing to release beyond the byte array
				}
			}
		}
	}

	/**
	 * R4 DomainResource's rules on a contained resource, which HAPI's parser breaks silently in XML as in JSON (where the
	 * body checks name them at their path): it moved a contained resource's own contained ones up into the container
	 * (dom-2) and dropped its meta.versionId and lastUpdated (dom-4); a security label on it (dom-5) was stored (probe 64,
	 * P64-M4). {@code open} holds the open elements' names, the innermost first.
	 */
	private static Rejection containedRule(String element, java.util.ArrayDeque<String> open) {
		java.util.Iterator<String> outward = open.iterator();
		String parent = outward.hasNext() ? outward.next() : null;
		String grandparent = outward.hasNext() ? outward.next() : null;
		String third = outward.hasNext() ? outward.next() : null;
		if ("contained".equals(element) && "contained".equals(grandparent)) {
			return new Rejection(Rejection.Kind.MALFORMED, "A contained resource cannot contain resources of its own (dom-2):"
					+ " contain them in the resource itself", null);
		}
		if ("meta".equals(parent) && "contained".equals(third)
				&& ("versionId".equals(element) || "lastUpdated".equals(element) || "security".equals(element))) {
			return new Rejection(Rejection.Kind.MALFORMED, "security".equals(element)
					? "A contained resource has no security labels of its own (dom-5): label the resource that contains it"
					: "A contained resource has no meta.versionId or meta.lastUpdated of its own (dom-4)", null);
		}
		return null;
	}

	/**
	 * An XML body in another encoding than UTF-8, by its byte order mark or its declaration ({@code <?xml version="1.0"
	 * encoding="ISO-8859-1"?>}): the guard's reader honours the declaration, but HAPI's parser reads the bytes as UTF-8 and
	 * put U+FFFD in place of each accented letter (a Patient "Jos\uFFFD" stored with 201). A body whose bytes are all
	 * ASCII reads the same under any declaration (US-ASCII, or ISO-8859-1 as older senders write), and passes.
	 */
	private static Rejection encodingProblem(XMLStreamReader reader, byte[] body) {
		String declared = reader.getCharacterEncodingScheme();
		String read = reader.getEncoding();
		boolean utf8 = (declared == null || isUtf8(declared)) && (read == null || isUtf8(read));
		if (utf8 || isAsciiText(body)) {
			return null; // ASCII bytes read the same under any declaration HAPI's reader could have honoured
		}
		return new Rejection(Rejection.Kind.NOT_UTF8, "FHIR XML is UTF-8; this body is "
				+ (declared != null ? declared : read), xmlWhere(reader.getLocation()));
	}

	private static boolean isUtf8(String encoding) {
		return encoding.replace("-", "").equalsIgnoreCase("UTF8");
	}

	/** Bytes that are all ASCII characters other than NUL: UTF-8, and text of the same characters in any 8-bit code. */
	private static boolean isAsciiText(byte[] body) {
		for (byte b : body) {
			if (b <= 0) {
				return false;
			}
		}
		return true;
	}

	/** UTF-16 or UTF-32 JSON, by a byte order mark or by the zero bytes of its first character (RFC 4627, section 3). */
	private static boolean isUtf16Or32(byte[] body) {
		if (body.length >= 2 && ((body[0] == (byte) 0xFE && body[1] == (byte) 0xFF) || (body[0] == (byte) 0xFF && body[1] == (byte) 0xFE))) {
			return true;
		}
		for (int i = 0; i < Math.min(4, body.length); i++) {
			if (body[i] == 0) {
				return true;
			}
		}
		return false;
	}

	private Rejection malformedXml(XMLStreamException e) {
		String message = e.getMessage() == null ? "syntax error" : e.getMessage().replaceAll("\\s+", " ");
		return new Rejection(Rejection.Kind.MALFORMED, "Malformed XML: " + message, xmlWhere(e.getLocation()));
	}

	/**
	 * Checks a string value (a JSON string or an XML attribute): a number written as a string is held to the
	 * same exponent and length limits as a JSON number, since HAPI converts it the same way; and a lone UTF-16
	 * surrogate can be neither stored nor encoded. Returns null when the value is acceptable.
	 */
	private Rejection inspectJsonString(String value, String what) {
		if (Surrogates.hasLoneSurrogate(value)) {
			return new Rejection(Rejection.Kind.INVALID_TEXT, what + " contains a lone UTF-16 surrogate", null);
		}
		if (ControlCharacters.hasForbidden(value)) {
			return new Rejection(Rejection.Kind.INVALID_TEXT, what + " contains a control character (FHIR strings allow only tab, CR and LF)", null);
		}
		if (value.isEmpty() || !startsLikeANumber(value.charAt(0))) {
			return null;
		}
		if (NumberLiterals.isNumber(value) && value.length() > MAX_NUMBER_LENGTH) {
			return new Rejection(Rejection.Kind.TOO_COSTLY, what + " holds a number longer than " + MAX_NUMBER_LENGTH + " characters", null);
		}
		if (exponentTooLarge(value)) {
			return new Rejection(Rejection.Kind.TOO_COSTLY, what + " holds a number with a decimal exponent larger than " + maxExponent, null);
		}
		return null;
	}

	private static boolean startsLikeANumber(char c) {
		return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.';
	}

	/** True when {@code number} is a number literal whose decimal exponent exceeds the limit in magnitude. */
	boolean exponentTooLarge(String number) {
		return NumberLiterals.exponentMagnitude(number) > maxExponent;
	}

	private static String jsonWhere(JsonLocation location) {
		if (location == null) {
			return null;
		}
		return "Line[" + location.getLineNr() + "] Col[" + location.getColumnNr() + "]";
	}

	private static String xmlWhere(Location location) {
		if (location == null) {
			return null;
		}
		return "Line[" + location.getLineNumber() + "] Col[" + location.getColumnNumber() + "]";
	}
}
