package org.somaxis.guidance.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A parsed YAML/JSON node that remembers its file and path, so every validation error names both. */
final class Node {
	private final String file;
	private final String path;
	private final JsonNode json;

	Node(String file, String path, JsonNode json) {
		this.file = file;
		this.path = path;
		this.json = json;
	}

	/** The file this node was read from. */
	String file() {
		return file;
	}

	KnowledgeException error(String problem) {
		return new KnowledgeException(file + ": " + (path.isEmpty() ? "(root)" : path) + ": " + problem);
	}

	boolean has(String field) {
		return json != null && json.has(field) && !json.get(field).isNull();
	}

	Node field(String field) {
		if (json == null || !json.isObject()) {
			throw error("must be a mapping");
		}
		JsonNode child = json.get(field);
		String childPath = path.isEmpty() ? field : path + "." + field;
		if (child == null || child.isNull()) {
			throw new Node(file, childPath, null).error("is missing");
		}
		return new Node(file, childPath, child);
	}

	Node optionalField(String field) {
		return has(field) ? field(field) : null;
	}

	String text() {
		if (json == null || !json.isValueNode() || json.asText().isBlank()) {
			throw error("must be a non-empty text");
		}
		return json.asText().trim();
	}

	String text(String field) {
		return field(field).text();
	}

	String optionalText(String field, String fallback) {
		return has(field) ? text(field) : fallback;
	}

	double number() {
		if (json == null || !json.isNumber()) {
			throw error("'" + (json == null ? "" : json.asText()) + "' is not a number");
		}
		return json.asDouble();
	}

	String oneOf(Set<String> allowed) {
		String value = text();
		if (!allowed.contains(value)) {
			throw error("'" + value + "' is not one of " + String.join(", ", allowed));
		}
		return value;
	}

	List<Node> list() {
		if (json == null || !json.isArray()) {
			throw error("must be a list");
		}
		List<Node> items = new ArrayList<>();
		for (int i = 0; i < json.size(); i++) {
			items.add(new Node(file, path + "[" + i + "]", json.get(i)));
		}
		return items;
	}

	List<Node> list(String field) {
		return field(field).list();
	}

	List<Node> optionalList(String field) {
		return has(field) ? list(field) : List.of();
	}

	/** The entries of a mapping, in file order. */
	Map<String, Node> entries() {
		if (json == null || !json.isObject()) {
			throw error("must be a mapping");
		}
		Map<String, Node> entries = new LinkedHashMap<>();
		Iterator<Map.Entry<String, JsonNode>> fields = json.fields();
		while (fields.hasNext()) {
			Map.Entry<String, JsonNode> entry = fields.next();
			entries.put(entry.getKey(), new Node(file, (path.isEmpty() ? "" : path + ".") + entry.getKey(), entry.getValue()));
		}
		return entries;
	}

	JsonNode json() {
		return json;
	}

	String path() {
		return path;
	}
}
