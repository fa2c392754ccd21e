package org.somaxis.fhir;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives HAPI 8.8's JSON parser the value array of a repeating primitive at the length of its {@code _} array.
 *
 * <p>In FHIR JSON a repeating primitive is two arrays read by position: {@code "given": ["Ann", null]} holds the values
 * and {@code "_given": [null, {"extension": [...]}]} their ids and extensions. A given name known only by an extension
 * (a data-absent-reason) may be sent without a value array at all, {@code "_given": [{"extension": [...]}]}, or with a
 * value array that stops before the last such item. The HL7 reference parser (org.hl7.fhir.r5 {@code elementmodel
 * .JsonParser}) reads both arrays to the longer one's length. HAPI's parser does not: with no value array it refuses the
 * resource ("Found incorrect type for element _given"), and with a shorter one it drops the extensions past its end,
 * without a word (a 201 that lost data). So before HAPI reads such a body, the value array is given the missing
 * {@code null}s ({@code "given": [null]}, HAPI's own way to write it), and nothing else of the body changes: the other
 * bytes stay as they were, on the same lines (further along them where nulls went in before).
 *
 * <p>Only inside a FHIR resource (an object with a {@code resourceType}, at any depth: a Bundle's entries, a CDS Hooks
 * request's prefetch): a CDS Hooks request's own objects and a JSON Patch's values are not resources, and are left as
 * they are. A Binary's own content is not given here at all (the request guard decides what is FHIR).
 *
 * <p>In the same pass a property whose value is {@code null} is taken out of a resource's objects, with its comma: R4
 * JSON has no null properties, real exports send them for "absent", and HAPI's parser took {@code "onsetDateTime":
 * null} for a value of {@code onset[x]}, so an {@code "onsetString"} after it was refused as a second value and, read
 * leniently, dropped. (A value array given as {@code null} beside its {@code _} array is padded instead.)
 */
public final class JsonPrimitiveArrays {
	private static final JsonFactory JSON = new JsonFactory();
	private static final byte[] UNDERSCORE_NAME = {'"', '_'};
	private static final byte[] NULL = {'n', 'u', 'l', 'l'};

	private JsonPrimitiveArrays() {}

	/**
	 * The body with each value array padded to the length of its {@code _} array and its resources' null properties
	 * taken out, or the body itself when there is nothing to change (a body with neither the bytes {@code "_} nor
	 * {@code null} is not parsed at all). A body that is not well-formed JSON is returned as it is, for the parser to
	 * refuse.
	 */
	public static byte[] aligned(byte[] body) {
		if (!contains(body, UNDERSCORE_NAME) && !contains(body, NULL)) {
			return body;
		}
		List<Edit> edits;
		try {
			edits = editsFor(body);
		} catch (IOException notJson) {
			return body;
		}
		return edits.isEmpty() ? body : applied(body, edits);
	}

	/** One change: at {@code offset}, {@code removed} bytes give way to {@code text}. */
	private record Edit(long offset, int removed, String text) {}

	/** What an object holds under one name: where the name starts, and the array or null that is its value. */
	private static final class Property {
		String name;
		long nameOffset;
		JsonToken value;
		long valueOffset;
		int items;
		boolean itemsAreObjectsOrNulls = true; // what a list of ids and extensions holds
		long closingBracket;
	}

	/** An open object or array, with the edits found inside it, kept until it is known to be inside a resource. */
	private static final class Frame {
		final boolean object;
		final Map<String, Property> properties; // objects only
		final Property array; // arrays held by a property only: the property being counted
		final List<Edit> edits = new ArrayList<>();
		String name;

		Frame(boolean object, Property array) {
			this.object = object;
			this.properties = object ? new HashMap<>() : null;
			this.array = array;
		}

		/** Whether this object is a FHIR resource: JSON outside every resource (a CDS Hooks request's own) is not FHIR. */
		boolean isResource() {
			Property type = object ? properties.get("resourceType") : null;
			return type != null && type.value == JsonToken.VALUE_STRING;
		}
	}

	/**
	 * The edits for the whole body, or none when the body is not UTF-8 (a UTF-16 body is read by characters, and has no
	 * byte offsets to edit at).
	 */
	private static List<Edit> editsFor(byte[] body) throws IOException {
		List<Edit> edits = new ArrayList<>();
		Deque<Frame> open = new ArrayDeque<>();
		try (JsonParser parser = JSON.createParser(body)) {
			for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
				if (parser.currentTokenLocation().getByteOffset() < 0) {
					return List.of();
				}
				Frame parent = open.peek();
				if (parent != null && !parent.object && parent.array != null && token != JsonToken.END_ARRAY) {
					parent.array.items++; // an item of a property's array
					parent.array.itemsAreObjectsOrNulls &= token == JsonToken.START_OBJECT || token == JsonToken.VALUE_NULL;
				}
				switch (token) {
					case FIELD_NAME -> {
						parent.name = parser.currentName();
						Property property = new Property();
						property.name = parent.name;
						property.nameOffset = parser.currentTokenLocation().getByteOffset();
						parent.properties.put(parent.name, property);
					}
					case START_OBJECT, START_ARRAY -> {
						Property held = valueOf(parent, token, parser);
						open.push(new Frame(token == JsonToken.START_OBJECT, token == JsonToken.START_ARRAY ? held : null));
					}
					case END_ARRAY -> {
						Frame array = open.pop();
						if (array.array != null) {
							array.array.closingBracket = parser.currentTokenLocation().getByteOffset();
						}
						handOn(array, open.peek(), edits);
					}
					case END_OBJECT -> {
						Frame object = open.pop();
						padded(object);
						withoutNulls(object, body);
						handOn(object, open.peek(), edits);
					}
					default -> valueOf(parent, token, parser);
				}
			}
		}
		return edits;
	}

	/**
	 * Passes the edits found in a closed object or array to the one that holds it, or, once they are known to be in a
	 * resource, to the body's; edits outside every resource are dropped.
	 */
	private static void handOn(Frame closed, Frame holder, List<Edit> edits) {
		if (closed.isResource()) {
			edits.addAll(closed.edits);
		} else if (holder != null) {
			holder.edits.addAll(closed.edits);
		}
	}

	/** Records a value given to the property just named (null when the value is an array's item). */
	private static Property valueOf(Frame parent, JsonToken token, JsonParser parser) {
		if (parent == null || !parent.object || parent.name == null) {
			return null;
		}
		Property property = parent.properties.get(parent.name);
		property.value = token;
		property.valueOffset = parser.currentTokenLocation().getByteOffset();
		parent.name = null;
		return property;
	}

	/**
	 * The edits that give each value array of {@code object} the length of its {@code _} array. A {@code _} array of
	 * anything but objects and nulls is left to the parser, which refuses it.
	 */
	private static void padded(Frame object) {
		List<Edit> edits = object.edits;
		object.properties.forEach((name, extras) -> {
			if (name.length() < 2 || name.charAt(0) != '_' || extras.value != JsonToken.START_ARRAY
					|| !extras.itemsAreObjectsOrNulls) {
				return;
			}
			String valueName = name.substring(1);
			Property values = object.properties.get(valueName);
			String nulls = nulls(extras.items - (values != null && values.value == JsonToken.START_ARRAY ? values.items : 0));
			if (nulls.isEmpty()) {
				return;
			}
			if (values == null) {
				edits.add(new Edit(extras.nameOffset, 0, quoted(valueName) + ":[" + nulls + "],"));
			} else if (values.value == JsonToken.VALUE_NULL) {
				edits.add(new Edit(values.valueOffset, "null".length(), "[" + nulls + "]"));
			} else if (values.value == JsonToken.START_ARRAY) {
				edits.add(new Edit(values.closingBracket, 0, values.items == 0 ? nulls : "," + nulls));
			} // a single value where a list belongs is the parse checks' to refuse
		});
	}

	/**
	 * The edits that take the {@code null}-valued properties out of {@code object}: each run of them (with nothing but
	 * other null properties between) in one edit, with the comma that joins the run to its neighbour. An object all of
	 * whose properties are null is left as it is (taken out, it would be an empty object, which R4's ele-1 refuses; read
	 * with its nulls, it is absent), and so is a value array given as {@code null} beside its {@code _} array, which
	 * {@link #padded} fills.
	 */
	private static void withoutNulls(Frame object, byte[] body) {
		List<Property> inOrder = new ArrayList<>(object.properties.values());
		inOrder.sort(Comparator.comparingLong(property -> property.nameOffset));
		boolean[] removable = new boolean[inOrder.size()];
		int count = 0;
		for (int i = 0; i < removable.length; i++) {
			removable[i] = removable(object, inOrder.get(i));
			count += removable[i] ? 1 : 0;
		}
		if (count == 0 || count == removable.length) {
			return;
		}
		int index = 0;
		while (index < removable.length) {
			if (!removable[index]) {
				index++;
				continue;
			}
			int first = index;
			while (index + 1 < removable.length && removable[index + 1]) {
				index++;
			}
			int start = (int) inOrder.get(first).nameOffset;
			int end = (int) inOrder.get(index).valueOffset + NULL.length;
			int after = skipWhitespace(body, end, 1);
			if (after < body.length && body[after] == ',') {
				object.edits.add(new Edit(start, after + 1 - start, ""));
			} else {
				// the run ends the object, and a property before it (kept) is joined to it by a comma
				int before = skipWhitespace(body, start - 1, -1);
				object.edits.add(new Edit(before, end - before, ""));
			}
			index++;
		}
	}

	private static boolean removable(Frame object, Property property) {
		if (property.value != JsonToken.VALUE_NULL) {
			return false;
		}
		Property extras = object.properties.get("_" + property.name);
		return extras == null || extras.value != JsonToken.START_ARRAY;
	}

	private static int skipWhitespace(byte[] body, int from, int step) {
		int at = from;
		while (at >= 0 && at < body.length && (body[at] == ' ' || body[at] == '\t' || body[at] == '\n' || body[at] == '\r')) {
			at += step;
		}
		return at;
	}

	private static String nulls(int count) {
		return count <= 0 ? "" : String.join(",", Collections.nCopies(count, "null"));
	}

	private static String quoted(String name) {
		StringBuilder quoted = new StringBuilder(name.length() + 2).append('"');
		JsonStringEncoder.getInstance().quoteAsString(name, quoted);
		return quoted.append('"').toString();
	}

	private static byte[] applied(byte[] body, List<Edit> edits) {
		edits.sort(Comparator.comparingLong(Edit::offset));
		ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 64 * edits.size());
		int from = 0;
		for (Edit edit : edits) {
			out.write(body, from, (int) edit.offset() - from);
			out.writeBytes(edit.text().getBytes(StandardCharsets.UTF_8));
			from = (int) edit.offset() + edit.removed();
		}
		out.write(body, from, body.length - from);
		return out.toByteArray();
	}

	private static boolean contains(byte[] body, byte[] pattern) {
		outer:
		for (int i = 0; i <= body.length - pattern.length; i++) {
			for (int j = 0; j < pattern.length; j++) {
				if (body[i + j] != pattern[j]) {
					continue outer;
				}
			}
			return true;
		}
		return false;
	}
}
