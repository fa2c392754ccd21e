package org.somaxis.cdshooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Durable CDS feedback in two small tables of the application's own DataSource, outside HAPI's JPA schema:
 * {@code cds_card} (every card issued: uuid → service and rule) and {@code cds_feedback} (one row per feedback item).
 * The schema migrations create them ({@code platform.SomaxisMigrationTasks}); rows older than the retention setting
 * are deleted by {@link #prune(Instant)}.
 */
public final class FeedbackStore {
	private final JdbcTemplate jdbc;

	public FeedbackStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Deletes feedback received, and cards issued, before {@code cutoff} (the retention setting). Feedback rows
	 * carry their own rule id, so the summary of what is kept stays correct.
	 *
	 * @return the number of rows deleted (feedback plus cards)
	 */
	public int prune(Instant cutoff) {
		Timestamp before = Timestamp.from(cutoff);
		int feedback = jdbc.update("DELETE FROM cds_feedback WHERE received_at < ?", before);
		int cards = jdbc.update("DELETE FROM cds_card WHERE issued_at < ?", before);
		return feedback + cards;
	}

	/**
	 * Records the cards one call issued, so that feedback naming their uuid can be attributed to a rule, and the
	 * suggestions it names checked against those the card offered.
	 */
	public void issued(String serviceId, List<CdsJson.Card> cards) {
		if (cards.isEmpty()) {
			return;
		}
		Timestamp now = Timestamp.from(Instant.now());
		List<Object[]> rows = new ArrayList<>(cards.size());
		cards.forEach(card -> rows.add(new Object[] {card.uuid(), serviceId, card.source().topic().code(), now,
				String.join(" ", suggestionUuids(card))}));
		jdbc.batchUpdate("INSERT INTO cds_card (card_uuid, service_id, rule_id, issued_at, suggestion_uuids)"
				+ " VALUES (?, ?, ?, ?, ?)", rows);
	}

	private static List<String> suggestionUuids(CdsJson.Card card) {
		return card.suggestions() == null ? List.of() : card.suggestions().stream()
				.map(CdsJson.Suggestion::uuid).filter(java.util.Objects::nonNull).toList();
	}

	/**
	 * Validates and stores a 2.0 feedback envelope {@code {"feedback": [...]}} in one go: either every item is
	 * stored or none (400). An item already received (the same card, outcome and outcomeTimestamp, in this envelope or
	 * an earlier one) is not stored again: CDS Hooks lets a client report the same card more than once, and the summary
	 * counts each outcome once.
	 *
	 * @return the number of items stored (those received before not counted)
	 */
	public int store(String serviceId, JsonNode envelope) {
		JsonNode items = envelope == null ? null : envelope.get("feedback");
		if (items == null || !items.isArray() || items.isEmpty()) {
			throw CdsException.badRequest("Feedback must be {\"feedback\": [ ... ]} with at least one item");
		}
		List<Object[]> rows = new ArrayList<>();
		java.util.Set<String> seen = new java.util.HashSet<>();
		Timestamp now = Timestamp.from(Instant.now());
		for (int i = 0; i < items.size(); i++) {
			JsonNode item = items.get(i);
			String where = "feedback[" + i + "]";
			String card = text(item, "card");
			if (card == null) {
				throw CdsException.badRequest(where + ".card is required");
			}
			// the uuids we issue are lower case; a uuid is read case-insensitively (RFC 4122), so an EHR that upper-cases it
			// still names the card
			card = card.toLowerCase(java.util.Locale.ROOT);
			String outcome = text(item, "outcome");
			if (!"accepted".equals(outcome) && !"overridden".equals(outcome)) {
				throw CdsException.badRequest(where + ".outcome must be 'accepted' or 'overridden'");
			}
			String timestamp = text(item, "outcomeTimestamp");
			if (timestamp == null) {
				throw CdsException.badRequest(where + ".outcomeTimestamp is required");
			}
			try {
				java.time.OffsetDateTime.parse(timestamp); // 2.0: an ISO 8601 instant, with its time zone
			} catch (java.time.format.DateTimeParseException e) {
				throw CdsException.badRequest(where + ".outcomeTimestamp must be an ISO 8601 date and time with a time"
						+ " zone (2026-11-22T10:00:00Z), not '" + timestamp + "'");
			}
			List<IssuedCard> issued = jdbc.query("SELECT rule_id, suggestion_uuids FROM cds_card WHERE card_uuid = ?"
					+ " AND service_id = ?", (row, n) -> new IssuedCard(row.getString(1), row.getString(2)), card, serviceId);
			if (issued.isEmpty()) {
				throw CdsException.badRequest(where + ".card '" + card + "' was not issued by service " + serviceId);
			}
			JsonNode accepted = item.get("acceptedSuggestions");
			if (accepted != null && !accepted.isNull() && !(accepted.isArray() && java.util.stream.StreamSupport
					.stream(accepted.spliterator(), false).allMatch(suggestion -> text(suggestion, "id") != null))) {
				throw CdsException.badRequest(where + ".acceptedSuggestions must be an array of objects, each with the"
						+ " suggestion's uuid as its id");
			}
			JsonNode override = item.get("overrideReason");
			if (override != null && !override.isNull() && (!override.isObject() || override.has("reason")
					&& !(override.get("reason").isObject() && text(override.get("reason"), "code") != null))) {
				throw CdsException.badRequest(where + ".overrideReason must be an object whose reason is a Coding with a"
						+ " code (one of the card's overrideReasons)");
			}
			if ("accepted".equals(outcome) && item.has("overrideReason")) {
				throw CdsException.badRequest(where + ": an accepted card has no overrideReason");
			}
			if ("overridden".equals(outcome) && accepted != null && !accepted.isEmpty()) {
				throw CdsException.badRequest(where + ": an overridden card has no acceptedSuggestions");
			}
			issued.get(0).checkAccepted(where, accepted);
			if (!seen.add(card + " " + outcome + " " + timestamp) || jdbc.queryForObject("SELECT COUNT(*) FROM"
					+ " cds_feedback WHERE card_uuid = ? AND service_id = ? AND outcome = ? AND outcome_timestamp = ?",
					Long.class, card, serviceId, outcome, timestamp) > 0) {
				continue; // reported again
			}
			JsonNode reason = item.path("overrideReason").path("reason");
			rows.add(new Object[] {
				serviceId, card, issued.get(0).ruleId(), outcome,
				text(reason, "system"), text(reason, "code"), text(reason, "display"),
				text(item.path("overrideReason"), "userComment"),
				accepted == null || accepted.isEmpty() ? null : accepted.toString(),
				timestamp, now
			});
		}
		if (rows.isEmpty()) {
			return 0;
		}
		jdbc.batchUpdate("INSERT INTO cds_feedback (service_id, card_uuid, rule_id, outcome, override_system,"
				+ " override_code, override_display, user_comment, accepted_suggestions, outcome_timestamp, received_at)"
				+ " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
		return rows.size();
	}

	/** Per rule (sorted by id): cards issued, accepted and overridden, and the override reasons with their counts. */
	public CdsJson.FeedbackSummary summary() {
		Map<String, long[]> counts = new LinkedHashMap<>();
		jdbc.query("SELECT rule_id, COUNT(*) FROM cds_card GROUP BY rule_id ORDER BY rule_id", row -> {
			counts.computeIfAbsent(row.getString(1), key -> new long[3])[0] = row.getLong(2);
		});
		jdbc.query("SELECT rule_id, outcome, COUNT(*) FROM cds_feedback GROUP BY rule_id, outcome", row -> {
			long[] ruleCounts = counts.computeIfAbsent(row.getString(1), key -> new long[3]);
			ruleCounts["accepted".equals(row.getString(2)) ? 1 : 2] = row.getLong(3);
		});
		Map<String, List<CdsJson.ReasonCount>> reasons = new LinkedHashMap<>();
		jdbc.query("SELECT rule_id, override_code, override_system, override_display, COUNT(*) FROM cds_feedback"
				+ " WHERE outcome = 'overridden' GROUP BY rule_id, override_code, override_system, override_display"
				+ " ORDER BY rule_id, COUNT(*) DESC, override_code", row -> {
			reasons.computeIfAbsent(row.getString(1), key -> new ArrayList<>())
					.add(new CdsJson.ReasonCount(row.getString(2), row.getString(3), row.getString(4), row.getLong(5)));
		});
		List<CdsJson.RuleFeedback> rules = new ArrayList<>();
		counts.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> rules.add(new CdsJson.RuleFeedback(
				entry.getKey(), entry.getValue()[0], entry.getValue()[1], entry.getValue()[2],
				reasons.getOrDefault(entry.getKey(), List.of()))));
		return new CdsJson.FeedbackSummary(rules);
	}

	/**
	 * A card as issued: its rule, and the uuids of its suggestions (space-separated; null for a card issued before they
	 * were kept, whose feedback is then not checked against them).
	 */
	private record IssuedCard(String ruleId, String suggestionUuids) {
		/**
		 * CDS Hooks 2.0: acceptedSuggestions names the suggestions taken by their uuids. An id the card never offered
		 * would be counted as an acceptance of something the card did not suggest.
		 */
		void checkAccepted(String where, JsonNode accepted) {
			if (suggestionUuids == null || accepted == null || !accepted.isArray()) {
				return;
			}
			List<String> offered = List.of(suggestionUuids.split(" ")).stream().filter(id -> !id.isEmpty()).toList();
			for (int j = 0; j < accepted.size(); j++) {
				String id = text(accepted.get(j), "id").toLowerCase(java.util.Locale.ROOT);
				if (!offered.contains(id)) {
					throw CdsException.badRequest(where + ".acceptedSuggestions[" + j + "].id '" + id + "' is not the"
							+ " uuid of one of the card's suggestions" + (offered.isEmpty() ? ": the card has none"
							: "; its suggestions' uuids are " + String.join(", ", offered)));
				}
			}
		}
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node == null ? null : node.get(field);
		return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
	}
}
