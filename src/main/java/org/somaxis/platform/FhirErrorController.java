package org.somaxis.platform;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.boot.autoconfigure.web.servlet.error.BasicErrorController;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Spring's error page ({@code /error}), reached when a filter or the servlet container ends a request with an
 * error (an exception in a filter, {@code sendError}, a form body the container cannot decode). For requests
 * to {@code /fhir} the answer is a FHIR OperationOutcome in JSON or XML, as the client asked; other paths get
 * Spring Boot's usual JSON error body.
 */
@Controller
@RequestMapping("${server.error.path:${error.path:/error}}")
public final class FhirErrorController implements ErrorController {
	private final ErrorOutcomes outcomes;
	private final BasicErrorController otherPaths;

	public FhirErrorController(ErrorOutcomes outcomes, BasicErrorController otherPaths) {
		this.outcomes = outcomes;
		this.otherPaths = otherPaths;
	}

	@RequestMapping
	public ResponseEntity<?> error(HttpServletRequest request) {
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		String path = uri == null ? null : uri.toString().substring(request.getContextPath().length());
		if (path == null || !path.startsWith("/fhir")) {
			ResponseEntity<Map<String, Object>> standard = otherPaths.error(request);
			return standard;
		}
		Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		int code = status instanceof Integer value ? value : 500;
		Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
		Object query = request.getAttribute(RequestDispatcher.FORWARD_QUERY_STRING);
		ErrorOutcomes.Rendered rendered = outcomes.render(
				code,
				message == null ? null : message.toString(),
				query == null ? request.getQueryString() : query.toString(),
				request.getHeader(HttpHeaders.ACCEPT));
		return ResponseEntity.status(code)
				.header(HttpHeaders.CONTENT_TYPE, rendered.contentType())
				.body(rendered.body());
	}
}
