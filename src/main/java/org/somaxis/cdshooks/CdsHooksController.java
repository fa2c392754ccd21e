package org.somaxis.cdshooks;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * CDS Hooks 2.0 endpoints under {@code /cds-services}: discovery, the service calls, feedback, the feedback summary
 * and the rule pages that cards cite. Every refusal is a 4xx {@code {"status": ..., "error": ...}}; a bug is a 500 with
 * the same body and a reference the log carries.
 */
@RestController
public class CdsHooksController {
	private static final Logger log = LoggerFactory.getLogger(CdsHooksController.class);

	private final CdsServices services;
	private final FeedbackStore feedback;
	private final RulePages rules;
	private final ObjectMapper json;

	public CdsHooksController(CdsServices services, FeedbackStore feedback, RulePages rules, ObjectMapper json) {
		this.services = services;
		this.feedback = feedback;
		this.rules = rules;
		this.json = json;
	}

	@GetMapping(path = "/cds-services")
	public ResponseEntity<CdsJson.Discovery> discovery() {
		return json(CdsServiceCatalog.discovery());
	}

	@PostMapping(path = "/cds-services/{id}")
	public ResponseEntity<CdsJson.Response> call(@PathVariable("id") String id, @RequestBody(required = false) byte[] body,
			HttpServletRequest request) {
		CdsServiceCatalog.Definition service = service(id);
		CdsRequest parsed = CdsRequest.parse(json, body == null ? new byte[0] : body);
		String base = ServletUriComponentsBuilder.fromContextPath(request).toUriString();
		return json(services.call(service, parsed, base + "/fhir", base + "/cds-services/rules"));
	}

	@PostMapping(path = "/cds-services/{id}/feedback")
	public ResponseEntity<CdsJson.FeedbackReceipt> feedback(@PathVariable("id") String id, @RequestBody(required = false) byte[] body) {
		service(id);
		JsonNode envelope;
		try {
			envelope = body == null || body.length == 0 ? null : json.readTree(body);
		} catch (IOException e) {
			throw CdsException.badRequest("Request body is not JSON");
		}
		return json(new CdsJson.FeedbackReceipt(feedback.store(id, envelope)));
	}

	@GetMapping(path = "/cds-services/feedback/summary")
	public ResponseEntity<CdsJson.FeedbackSummary> feedbackSummary() {
		return json(feedback.summary());
	}

	@GetMapping(path = "/cds-services/rules/{ruleId}")
	public ResponseEntity<String> rule(@PathVariable("ruleId") String ruleId) {
		String page = rules.page(ruleId);
		if (page == null) {
			throw new CdsException(404, "Unknown guidance rule '" + ruleId + "'");
		}
		return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
				.body(page);
	}

	/** application/json whatever the client's Accept (some CDS clients send application/fhir+json). */
	private static <T> ResponseEntity<T> json(T body) {
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
	}

	private static CdsServiceCatalog.Definition service(String id) {
		return CdsServiceCatalog.find(id)
				.orElseThrow(() -> new CdsException(404, "Unknown CDS service '" + id + "'"));
	}

	@ExceptionHandler(CdsException.class)
	ResponseEntity<CdsJson.Error> refused(CdsException e) {
		return error(e.status(), e.getMessage());
	}

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	ResponseEntity<CdsJson.Error> methodNotAllowed(HttpRequestMethodNotSupportedException e) {
		return error(405, "Method " + e.getMethod() + " is not supported here");
	}

	/**
	 * Documented boundary: every refusal above is typed; anything else is a bug. It answers 500 with a CDS error body
	 * naming a reference that the log line carries (with the stack trace), never 412 and never the exception text.
	 */
	@ExceptionHandler(RuntimeException.class)
	ResponseEntity<CdsJson.Error> unexpected(RuntimeException e) {
		if (e instanceof BaseServerResponseException hapi && hapi.getStatusCode() >= 400 && hapi.getStatusCode() < 500) {
			return error(hapi.getStatusCode(), hapi.getMessage());
		}
		String reference = java.util.UUID.randomUUID().toString();
		log.error("CDS service call failed with an internal error, reference {}", reference, e);
		return error(500, "Internal error; reference " + reference);
	}

	private static ResponseEntity<CdsJson.Error> error(int status, String message) {
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
				.body(new CdsJson.Error(status, message));
	}
}
