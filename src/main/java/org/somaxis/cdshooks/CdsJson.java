package org.somaxis.cdshooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The CDS Hooks 2.0 JSON this layer writes, as records. Optional fields are omitted when null or empty (SPEC "Use of
 * JSON"); the only empty values ever written are {@code "cards": []} and {@code "services": []}.
 */
public final class CdsJson {
	private CdsJson() {}

	public record Discovery(List<Service> services) {}

	@JsonInclude(JsonInclude.Include.NON_EMPTY)
	public record Service(
			String hook, String title, String description, String id, Map<String, String> prefetch,
			String usageRequirements) {}

	public record Response(List<Card> cards) {}

	@JsonInclude(JsonInclude.Include.NON_EMPTY)
	public record Card(
			String uuid,
			String summary,
			String detail,
			String indicator,
			Source source,
			List<Suggestion> suggestions,
			String selectionBehavior,
			List<Coding> overrideReasons,
			List<Link> links) {}

	@JsonInclude(JsonInclude.Include.NON_EMPTY)
	public record Source(String label, String url, Coding topic) {}

	@JsonInclude(JsonInclude.Include.NON_EMPTY)
	public record Coding(String system, String code, String display) {}

	@JsonInclude(JsonInclude.Include.NON_EMPTY)
	public record Suggestion(String label, String uuid, Boolean isRecommended, List<Action> actions) {}

	/** {@code resource} is the FHIR JSON of the resource to create or the whole updated resource. */
	@JsonInclude(JsonInclude.Include.NON_EMPTY)
	public record Action(String type, String description, JsonNode resource, String resourceId) {}

	@JsonInclude(JsonInclude.Include.NON_EMPTY)
	public record Link(String label, String url, String type) {}

	/** Every 4xx of the CDS layer: {@code {"error": "...", "status": 400}}. */
	public record Error(int status, String error) {}

	/** GET /cds-services/feedback/summary. */
	public record FeedbackSummary(List<RuleFeedback> rules) {}

	public record RuleFeedback(String ruleId, long cards, long accepted, long overridden, List<ReasonCount> overrideReasons) {}

	@JsonInclude(JsonInclude.Include.NON_EMPTY)
	public record ReasonCount(String code, String system, String display, long count) {}

	/** The answer to a feedback POST: how many items were stored. */
	public record FeedbackReceipt(int stored) {}
}
