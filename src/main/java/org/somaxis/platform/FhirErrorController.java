package org.somaxis.platform;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.web.ErrorProperties;
import org.springframework.boot.autoconfigure.web.servlet.error.BasicErrorController;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorViewResolver;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.ModelAndView;

/**
 * Spring's error page ({@code /error}), reached when a filter or the servlet container ends a request with an
 * error (an exception in a filter, {@code sendError}, a form body the container cannot decode). For requests
 * to {@code /fhir} the answer is a FHIR OperationOutcome in JSON or XML, as the client asked; every other path
 * keeps Spring Boot's own error handling unchanged.
 */
public final class FhirErrorController extends BasicErrorController {
	private final ErrorOutcomes outcomes;

	public FhirErrorController(
			ErrorOutcomes outcomes,
			ErrorAttributes errorAttributes,
			ErrorProperties errorProperties,
			List<ErrorViewResolver> errorViewResolvers) {
		super(errorAttributes, errorProperties, errorViewResolvers);
		this.outcomes = outcomes;
	}

	@Override
	public ModelAndView errorHtml(HttpServletRequest request, HttpServletResponse response) {
		if (isFhirRequest(request)) {
			writeOperationOutcome(request, response);
			return null;
		}
		return super.errorHtml(request, response);
	}

	@Override
	public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
		if (isFhirRequest(request)) {
			HttpServletResponse response = ((org.springframework.web.context.request.ServletRequestAttributes)
							org.springframework.web.context.request.RequestContextHolder.currentRequestAttributes())
					.getResponse();
			writeOperationOutcome(request, response);
			// null: the response is written; Spring adds nothing
			return null;
		}
		if (request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) == null) {
			// asked for directly: Spring's body would say "status": 999
			return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("status", 404, "error", "Not Found"));
		}
		return super.error(request);
	}

	/**
	 * {@code /error} asked for directly (no error behind it) is a path like any other that serves nothing: 404. Spring
	 * answers 500 there, which looks like a fault of the server.
	 */
	@Override
	protected HttpStatus getStatus(HttpServletRequest request) {
		if (request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) == null) {
			return HttpStatus.NOT_FOUND;
		}
		return super.getStatus(request);
	}

	private static boolean isFhirRequest(HttpServletRequest request) {
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		return uri != null && uri.toString().substring(request.getContextPath().length()).startsWith("/fhir");
	}

	private void writeOperationOutcome(HttpServletRequest request, HttpServletResponse response) {
		Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		int code = status instanceof Integer value ? value : 500;
		Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
		Object query = request.getAttribute(RequestDispatcher.FORWARD_QUERY_STRING);
		ErrorOutcomes.Rendered rendered = outcomes.render(
				code,
				message == null ? null : message.toString(),
				query == null ? request.getQueryString() : query.toString(),
				request.getHeader(HttpHeaders.ACCEPT));
		response.setStatus(code);
		response.setContentType(rendered.contentType());
		response.setContentLength(rendered.body().length);
		try {
			response.getOutputStream().write(rendered.body());
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
