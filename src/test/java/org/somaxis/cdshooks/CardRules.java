package org.somaxis.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The CDS Hooks 2.0 response rules (CDS-HOOKS.md §0 and §3, invariants cds-resp-1..6) plus Somaxis's own card rules
 * (issue 5): checked on every response the tests receive.
 */
final class CardRules {
	static final Set<String> INDICATORS = Set.of("info", "warning", "critical");
	static final Set<String> ACTION_TYPES = Set.of("create", "update", "delete");
	static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

	private CardRules() {}

	/** Checks the whole response and returns its cards. */
	static List<JsonNode> assertConformant(JsonNode response) {
		assertThat(response.isObject()).isTrue();
		assertThat(response.has("cards")).as("cards is required").isTrue();
		assertThat(response.get("cards").isArray()).isTrue();
		assertNoEmptyOptionalValues(response, "$", true);
		List<JsonNode> cards = new ArrayList<>();
		response.get("cards").forEach(card -> {
			assertCard(card);
			cards.add(card);
		});
		return cards;
	}

	static void assertCard(JsonNode card) {
		String where = "card " + card.path("summary").asText();
		assertThat(card.path("uuid").asText()).as(where + " uuid").matches(UUID);
		assertThat(card.path("summary").isTextual()).as(where + " summary").isTrue();
		assertThat(card.get("summary").asText()).as(where).isNotBlank().hasSizeLessThan(140);
		assertThat(INDICATORS).as(where + " indicator").contains(card.path("indicator").asText());
		JsonNode source = card.path("source");
		assertThat(source.path("label").asText()).as(where + " source.label").isNotBlank();
		assertThat(source.path("url").asText()).as(where + " source.url").matches("https?://.+/cds-services/rules/.+");
		assertThat(source.path("topic").path("system").asText()).as(where + " source.topic")
				.isEqualTo(CardRenderer.RULES_SYSTEM);
		assertThat(source.path("url").asText()).endsWith("/" + source.path("topic").path("code").asText());
		assertThat(card.path("detail").isTextual()).as(where + " markdown detail").isTrue();
		JsonNode suggestions = card.get("suggestions");
		if (suggestions != null) {
			assertThat(card.path("selectionBehavior").asText()).as(where + " selectionBehavior (cds-resp-6)")
					.isIn("at-most-one", "any");
			int recommended = 0;
			for (JsonNode suggestion : suggestions) {
				assertThat(suggestion.path("label").asText()).as(where + " suggestion.label").isNotBlank();
				assertThat(suggestion.path("uuid").asText()).as(where + " suggestion.uuid").matches(UUID);
				recommended += suggestion.path("isRecommended").asBoolean(false) ? 1 : 0;
				for (JsonNode action : suggestion.path("actions")) {
					assertAction(action, where);
				}
			}
			if (card.get("selectionBehavior").asText().equals("at-most-one")) {
				assertThat(recommended).as(where + " cds-resp-1").isLessThanOrEqualTo(1);
			}
		} else {
			assertThat(card.has("selectionBehavior")).as(where + " selectionBehavior without suggestions").isFalse();
		}
		if (card.path("indicator").asText().equals("critical")) {
			assertThat(card.path("overrideReasons").size()).as(where + " overrideReasons on a critical card")
					.isPositive();
		}
		for (JsonNode reason : card.path("overrideReasons")) {
			assertThat(reason.path("code").asText()).isNotBlank();
			assertThat(reason.path("system").asText()).isNotBlank();
			assertThat(reason.path("display").asText()).as(where + " cds-resp-4").isNotBlank();
		}
		for (JsonNode link : card.path("links")) {
			assertThat(link.path("label").asText()).isNotBlank();
			assertThat(link.path("url").asText()).isNotBlank();
			assertThat(link.path("type").asText()).isIn("absolute", "smart");
			if (link.has("appContext")) {
				assertThat(link.get("type").asText()).as("cds-resp-3").isEqualTo("smart");
			}
		}
	}

	static void assertAction(JsonNode action, String where) {
		assertThat(ACTION_TYPES).as(where + " action.type").contains(action.path("type").asText());
		assertThat(action.path("description").asText()).as(where + " action.description (cds-resp-5)").isNotBlank();
		switch (action.get("type").asText()) {
			case "delete" -> {
				assertThat(action.path("resourceId").asText()).as(where + " cds-resp-2").matches("[A-Za-z]+/.+");
				assertThat(action.has("resource")).as(where + " cds-resp-2").isFalse();
			}
			case "create" -> assertThat(action.path("resource").path("resourceType").asText())
					.as(where + " create carries the resource").isNotBlank();
			default -> assertThat(action.path("resourceId").asText()).as(where + " update names the order").isNotBlank();
		}
	}

	/** Optional fields are omitted, never null, "", [] or {} (the only allowed empty value is cards: []). */
	static void assertNoEmptyOptionalValues(JsonNode node, String path, boolean root) {
		if (node.isObject()) {
			Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
			while (fields.hasNext()) {
				Map.Entry<String, JsonNode> field = fields.next();
				JsonNode value = field.getValue();
				String at = path + "." + field.getKey();
				boolean allowedEmpty = root && field.getKey().equals("cards");
				boolean insideResource = node.has("resourceType");
				if (!allowedEmpty && !insideResource) {
					assertThat(value.isNull()).as(at + " is null").isFalse();
					assertThat(value.isTextual() && value.asText().isEmpty()).as(at + " is \"\"").isFalse();
					assertThat(value.isContainerNode() && value.isEmpty()).as(at + " is empty").isFalse();
				}
				assertNoEmptyOptionalValues(value, at, false);
			}
		} else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				assertNoEmptyOptionalValues(node.get(i), path + "[" + i + "]", false);
			}
		}
	}
}
