package org.somaxis.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.validation.SingleValidationMessage;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * that entry, which is then refused alone with 422 ({@link ConformanceRestInterceptor}). Only an entry that stores its
 * own resource (a plain create, an update by id) is taken apart so. A transaction, a single resource, such an extension
 * outside every entry's resource, in a patch or a conditional entry, and a body not in UTF-8 are left as they were: the
 * parser refuses them whole with 400, and the refusal names the extension at its path.
 */
final class JsonBatchEntries {
	private static final String KEY = JsonBatchEntries.class.getName();
	/** Numbers as written: the one entry written back keeps its decimals' digits. */
	private static final ObjectMapper JSON = JsonBodyChecks.TREES;

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
		if (takenOut.isEmpty() || takenOut.containsKey(BundleEntries.OUTSIDE_ENTRIES)
				|| !takenOut.keySet().stream().allMatch(index -> storesItsResource(tree.path("entry").path(index)))) {
			return;
		}
		Map<Integer, long[]> ranges = resourceRanges(body);
		if (!ranges.keySet().containsAll(takenOut.keySet())) {
			return;
		}
		request.setRequestContents(rewritten(body, ranges, takenOut.keySet(), tree));
		request.getUserData().put(KEY, takenOut);
	}

	/**
	 * Whether the entry stores its own resource: a plain create or an update by id. Only then is the refusal certain to
	 * reach it (the write path refuses the very resource the parse gave); a patch stores what HAPI makes of the patch,
	 * and a conditional create or update may store nothing or another resource, so an entry of theirs is left to the
	 * parser, which refuses the whole batch.
	 */
	private static boolean storesItsResource(JsonNode entry) {
		JsonNode request = entry.path("request");
		String method = request.path("method").asText();
		String url = request.path("url").asText();
		return method.equals("POST") && !request.has("ifNoneExist") && !url.contains("?")
				|| method.equals("PUT") && !url.isEmpty() && !url.contains("?");
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
	 * {@code entry} or an entry's {@code resource} is written twice (which one a reader takes is not certain), or when the
	 * body is not in UTF-8 (Jackson gives no byte offsets then).
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
			long end = parser.currentLocation().getByteOffset();
			if (field.equals("resource") && value == JsonToken.START_OBJECT
					&& (start < 0 || end < 0 || ranges.put(index, new long[] {start, end}) != null)) {
				return false; // written twice, or a body in UTF-16 or UTF-32, whose offsets Jackson counts in characters
			}
		}
		return true;
	}
}
