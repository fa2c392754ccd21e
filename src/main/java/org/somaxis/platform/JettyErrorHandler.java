package org.somaxis.platform;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own errors, raised before a request reaches any servlet (414 URI too long, 431 headers too large,
 * 400 for an ambiguous or undecodable path such as {@code %2F}, {@code %252F} or {@code %00}), answered as a
 * FHIR OperationOutcome instead of Jetty's HTML page. Errors on {@code /actuator} and {@code /cds-services}
 * keep Jetty's default rendering.
 */
public final class JettyErrorHandler extends ErrorHandler {
	private final ErrorOutcomes outcomes;

	public JettyErrorHandler(ErrorOutcomes outcomes) {
		this.outcomes = outcomes;
		setShowStacks(false);
		setShowCauses(false);
	}

	@Override
	protected void generateResponse(
			Request request, Response response, int code, String message, Throwable cause, Callback callback)
			throws java.io.IOException {
		String path = request.getHttpURI() == null ? null : request.getHttpURI().getPath();
		if (!ErrorOutcomes.isFhirPath(path)) {
			super.generateResponse(request, response, code, message, cause, callback);
			return;
		}
		String query = request.getHttpURI() == null ? null : request.getHttpURI().getQuery();
		ErrorOutcomes.Rendered rendered = outcomes.render(code, message, query, request.getHeaders().get(HttpHeader.ACCEPT));
		response.setStatus(code);
		response.getHeaders().put(HttpHeader.CONTENT_TYPE, rendered.contentType());
		response.getHeaders().put(HttpHeader.CONTENT_LENGTH, rendered.body().length);
		response.write(true, ByteBuffer.wrap(rendered.body()), callback);
	}
}
