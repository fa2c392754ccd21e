package org.somaxis.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;

/**
 * A form-encoded request whose body the guard has read: its parameters are those of the query string and the body
 * together, parsed once ({@code UrlUtil.parseQueryStrings}, as HAPI parses them). HAPI asks the container for them
 * when the URL has no query string, and the container, whose input the guard consumed, would have none.
 */
final class FormRequest extends CachedBodyRequest {
	private final Map<String, String[]> parameters;

	FormRequest(HttpServletRequest request, byte[] body, Map<String, String[]> parameters) {
		super(request, body);
		this.parameters = Map.copyOf(parameters);
	}

	@Override
	public Map<String, String[]> getParameterMap() {
		return parameters;
	}

	@Override
	public String getParameter(String name) {
		String[] values = parameters.get(name);
		return values == null || values.length == 0 ? null : values[0];
	}

	@Override
	public Enumeration<String> getParameterNames() {
		return Collections.enumeration(parameters.keySet());
	}

	@Override
	public String[] getParameterValues(String name) {
		String[] values = parameters.get(name);
		return values == null ? null : values.clone();
	}
}
