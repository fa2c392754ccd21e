package org.somaxis.conformance;

import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The written form of FHIR R4's primitive types, where HAPI's parser does not check it.
 *
 * <p>HAPI's parser keeps an instant of {@code 2020}, a dateTime with a time but no time zone, a date of
 * {@code 0000-01-01} or with a time, a uri with a space, an oid without {@code urn:oid:}, a time of {@code 25:00},
 * a positiveInt of 0 and an unsignedInt of -1, and stores them as written. The HL7 validator refuses each one: every
 * R4 primitive type's {@code value} element carries its form as a regular expression (the extension
 * {@code http://hl7.org/fhir/StructureDefinition/regex} in the core spec's StructureDefinitions). {@link #REGEX} is
 * that expression for each type checked here, word for word ({@code PrimitiveFormatsTest} compares it with the
 * StructureDefinitions HAPI ships).
 *
 * <p>Two of them, {@code code} and {@code oid}, repeat a group; Java's regex engine recurses once per repetition, so
 * a long value would overflow the thread's stack. Those two are matched by a check written out here, the same
 * language piece by piece (also compared with the expression, in the test).
 *
 * <p>Left out: {@code string} and {@code markdown} (their expression asks only for one character, and the parser
 * already names an empty value), {@code base64Binary} (the parser refuses what it cannot decode), {@code boolean} and
 * {@code decimal} (a JSON boolean or number always has their form; {@link JsonBodyChecks} checks the JSON type) and
 * {@code xhtml} (no expression; {@link NarrativeChecks}).
 */
final class PrimitiveFormats {
	/** Each checked type's regular expression, as R4's core StructureDefinitions give it. */
	static final Map<String, String> REGEX = Map.ofEntries(
			Map.entry("date", "([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1]))?)?"),
			Map.entry("dateTime", "([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]"
					+ "|3[0-1])(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?(Z|(\\+|-)((0[0-9]|1[0-3]):[0-5][0-9]"
					+ "|14:00)))?)?)?"),
			Map.entry("instant", "([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]"
					+ "|3[0-1])T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?(Z|(\\+|-)((0[0-9]|1[0-3]):[0-5][0-9]"
					+ "|14:00))"),
			Map.entry("time", "([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?"),
			Map.entry("code", "[^\\s]+(\\s[^\\s]+)*"),
			Map.entry("id", "[A-Za-z0-9\\-\\.]{1,64}"),
			Map.entry("oid", "urn:oid:[0-2](\\.(0|[1-9][0-9]*))+"),
			Map.entry("uuid", "urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
			Map.entry("uri", "\\S*"),
			Map.entry("url", "\\S*"),
			Map.entry("canonical", "\\S*"),
			Map.entry("integer", "-?([0]|([1-9][0-9]*))"),
			Map.entry("positiveInt", "[1-9][0-9]*"),
			Map.entry("unsignedInt", "[0]|([1-9][0-9]*)"));

	private static final Pattern ONE_WHITESPACE = Pattern.compile("\\s");
	private static final Pattern OID_ROOT = Pattern.compile("[0-2]");
	private static final Pattern OID_ARC = Pattern.compile("0|[1-9][0-9]*");
	private static final String OID_PREFIX = "urn:oid:";

	/** The check of each type: its expression, or for code and oid the same language without recursion. */
	private static final Map<String, Predicate<String>> FORMS = Map.copyOf(REGEX.entrySet().stream().collect(
			Collectors.toMap(Map.Entry::getKey, type -> switch (type.getKey()) {
				case "code" -> PrimitiveFormats::isCode;
				case "oid" -> PrimitiveFormats::isOid;
				default -> Pattern.compile(type.getValue()).asMatchPredicate();
			})));

	/** Longest part of a value quoted back in a message. */
	private static final int QUOTED = 80;

	private PrimitiveFormats() {
	}

	/** Whether the type's form is checked here. */
	static boolean checks(String type) {
		return FORMS.containsKey(type);
	}

	/** What is wrong with the text as a value of the type, when it is not of the type's form; empty otherwise. */
	static Optional<String> problem(String type, String text) {
		Predicate<String> form = FORMS.get(type);
		if (form == null || form.test(text)) {
			return Optional.empty();
		}
		String quoted = text.length() > QUOTED ? text.substring(0, QUOTED) + "..." : text;
		String article = "aeiou".indexOf(type.charAt(0)) >= 0 ? "an " : "a ";
		return Optional.of("'" + quoted + "' is not a valid " + type + ": R4 writes " + article + type + " as "
				+ REGEX.get(type));
	}

	/**
	 * {@code [^\s]+(\s[^\s]+)*}: pieces without whitespace, each two apart by one whitespace character; so no piece
	 * between two whitespace characters, or before the first or after the last, is empty.
	 */
	private static boolean isCode(String text) {
		for (String piece : ONE_WHITESPACE.split(text, -1)) {
			if (piece.isEmpty()) {
				return false;
			}
		}
		return true;
	}

	/** {@code urn:oid:[0-2](\.(0|[1-9][0-9]*))+}: a root arc and at least one more, apart by dots. */
	private static boolean isOid(String text) {
		if (!text.startsWith(OID_PREFIX)) {
			return false;
		}
		String[] arcs = text.substring(OID_PREFIX.length()).split("\\.", -1);
		if (arcs.length < 2 || !OID_ROOT.matcher(arcs[0]).matches()) {
			return false;
		}
		for (int i = 1; i < arcs.length; i++) {
			if (!OID_ARC.matcher(arcs[i]).matches()) {
				return false;
			}
		}
		return true;
	}
}
