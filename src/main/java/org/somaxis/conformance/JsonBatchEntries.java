package org.somaxis.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.validation.SingleValidationMessage;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Keeps one entry of a JSON batch from refusing the others where HAPI's parser would stop at it.
 *
 * <p>An extension with both a value and extensions of its own (R4's ext-1) stops the parse of the whole body, and the
 * parser does not call its error handler, so one such entry refused every entry of a batch, though each batch entry
 * stands alone. Before the parse, each such entry's resource is written back into the body without those extensions'
 * own extensions (nothing else of the body changes, byte for byte), and the problem of each is kept, at its path, for
 * that entry, which is then refused alone with 422 ({@link ConformanceRestInterceptor}). A transaction, a single
 * resource and such an extension outside every entry's resource are left as they were: the parser refuses them whole
 * with 400, and the refusal names the extension at its path.
 */
final class JsonBatchEntries {
	private static final String KEY = JsonBatchEntries.class.getName();
	/** Numbers as written: the one entry written back keeps its decimals' digits. */
	private static final ObjectMapper JSON = JsonMapper.builder()
			.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
			.nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
			.build();

	private JsonBatchEntries() {}

	/**
	 * For a JSON batch body whose entries have such extensions: rewrites those entries in the request's body and keeps
	 * their problems for {@link #takenOut}. Any other body is left alone, and so is a batch whose entries cannot all be
	 * placed in its bytes (a key written twice): the parser then refuses it whole, as before.
	 */
	static void prepare(FhirContext fhirContext, RequestDetails request) {
		byte[] body = request.loadRequestContents();
		if (!isBatch(body)) {
			return; // a transaction above all: read without building a tree
		}
		JsonNode tree;
		try {
			tree = JSON.readTree(body);
		} catch (IOException notJson) {
			return; // the parser refuses it
		}
		Map<Integer, List<SingleValidationMessage>> takenOut = JsonBodyChecks.takeOutExtensionsWithBoth(fhirContext, tree);
		if (takenOut.isEmpty() || takenOut.containsKey(BundleEntries.OUTSIDE_ENTRIES)) {
			return;
		}
		Map<Integer, long[]> ranges = resourceRanges(body);
		if (!ranges.keySet().containsAll(takenOut.keySet())) {
			return;
		}
		request.setRequestContents(rewritten(body, ranges, takenOut.keySet(), tree));
		request.getUserData().put(KEY, takenOut);
	}

	/** Whether the body is a JSON Bundle of type batch, read as a stream (its first {@code type} decides). */
	private static boolean isBatch(byte[] body) {
		boolean bundle = false;
		String type = null;
		try (JsonParser parser = JSON.getFactory().createParser(body)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return false;
			}
			while (parser.nextToken() == JsonToken.FIELD_NAME) {
				String name = parser.currentName();
				JsonToken value = parser.nextToken();
				if (value == JsonToken.VALUE_STRING && name.equals("resourceType")) {
					bundle = parser.getText().equals("Bundle");
				} else if (value == JsonToken.VALUE_STRING && name.equals("type") && type == null) {
					type = parser.getText();
				}
				parser.skipChildren();
			}
		} catch (IOException notJson) {
			return false; // the parser refuses it
		}
		return bundle && "batch".equals(type);
	}

	/** The problems {@link #prepare} kept, by entry index, paths from the entry's resource; empty when none. */
	@SuppressWarnings("unchecked")
	static Map<Integer, List<SingleValidationMessage>> takenOut(RequestDetails request) {
		Object kept = request.getUserData().get(KEY);
		return kept == null ? Map.of() : (Map<Integer, List<SingleValidationMessage>>) kept;
	}

	/** The body with the resources of these entries replaced by their (changed) trees. */
	private static byte[] rewritten(byte[] body, Map<Integer, long[]> ranges, Set<Integer> entries, JsonNode tree) {
		Map<Long, Integer> byStart = new TreeMap<>();
		entries.forEach(index -> byStart.put(ranges.get(index)[0], index));
		ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
		int from = 0;
		for (int index : byStart.values()) {
			long[] range = ranges.get(index);
			out.write(body, from, (int) range[0] - from);
			out.writeBytes(tree.path("entry").path(index).path("resource").toString().getBytes(StandardCharsets.UTF_8));
			from = (int) range[1];
		}
		out.write(body, from, body.length - from);
		return out.toByteArray();
	}

	/**
	 * The byte range {start, end} of each entry's {@code resource} object in a JSON Bundle, by entry index; empty when
	 * {@code entry} or an entry's {@code resource} is written twice (which one a reader takes is not certain).
	 */
	static Map<Integer, long[]> resourceRanges(byte[] body) {
		Map<Integer, long[]> ranges = new TreeMap<>();
		try (JsonParser parser = JSON.getFactory().createParser(body)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return Map.of();
			}
			boolean entries = false;
			while (parser.nextToken() == JsonToken.FIELD_NAME) {
				String name = parser.currentName();
				if (parser.nextToken() != JsonToken.START_ARRAY || !name.equals("entry")) {
					parser.skipChildren();
					continue;
				}
				if (entries) {
					return Map.of();
				}
				entries = true;
				for (int index = 0; parser.nextToken() != JsonToken.END_ARRAY; index++) {
					if (parser.currentToken() == JsonToken.START_OBJECT && !resourceRange(parser, index, ranges)) {
						return Map.of();
					}
					parser.skipChildren();
				}
			}
		} catch (IOException notJson) {
			return Map.of();
		}
		return ranges;
	}

	/** Reads one entry object to its end, noting its resource's range; false when it has two. */
	private static boolean resourceRange(JsonParser parser, int index, Map<Integer, long[]> ranges) throws IOException {
		while (parser.nextToken() == JsonToken.FIELD_NAME) {
			String field = parser.currentName();
			JsonToken value = parser.nextToken();
			long start = parser.currentTokenLocation().getByteOffset();
			parser.skipChildren();
			if (field.equals("resource") && value == JsonToken.START_OBJECT
					&& ranges.put(index, new long[] {start, parser.currentLocation().getByteOffset()}) != null) {
				return false;
			}
		}
		return true;
	}
}
