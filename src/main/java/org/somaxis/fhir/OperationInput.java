package org.somaxis.fhir;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Parameters;

/**
 * The input of an operation as a Parameters resource: the POSTed body (JSON or XML, in the request's
 * charset), or the URL's parameters. A body HAPI cannot read is left to HAPI, which answers it with its own 400.
 */
public final class OperationInput {
	private static final Set<EncodingEnum> READ = Set.of(EncodingEnum.JSON, EncodingEnum.XML);

	private OperationInput() {}

	/**
	 * The operation's input: a POSTed body's parameters, then the URL's (FHIR lets an operation take both); null when a
	 * POST has a body this class cannot read. A URL's {@code coding} ({@code system|code}) is read as a Coding.
	 */
	public static Parameters of(RequestDetails request) {
		Parameters asked = new Parameters();
		if (request.getRequestType() == RequestTypeEnum.POST && request.loadRequestContents() != null
				&& request.loadRequestContents().length > 0) {
			Parameters posted = posted(request);
			if (posted == null) {
				return null;
			}
			asked.getParameter().addAll(posted.getParameter());
		}
		request.getParameters().forEach((name, values) -> {
			for (String value : values) {
				if ("coding".equals(name)) {
					int bar = value.indexOf('|');
					asked.addParameter().setName(name).setValue(bar < 0 ? new Coding(null, value, null)
							: new Coding(value.substring(0, bar), value.substring(bar + 1), null));
				} else {
					asked.addParameter(name, value);
				}
			}
		});
		return asked;
	}

	/** The named parameter's first value as text, or null; a repeated one is not refused (for error paths). */
	public static String first(Parameters parameters, String name) {
		return parameters.getParameter().stream()
				.filter(parameter -> name.equals(parameter.getName()) && parameter.getValue() != null)
				.map(parameter -> parameter.getValue().primitiveValue())
				.findFirst()
				.orElse(null);
	}

	/** The named parameter's value as text: null when absent, 400 when it is given more than once. */
	public static String single(Parameters parameters, String name) {
		List<String> values = parameters.getParameter().stream()
				.filter(parameter -> name.equals(parameter.getName()) && parameter.getValue() != null)
				.map(parameter -> parameter.getValue().primitiveValue())
				.toList();
		if (values.size() > 1) {
			throw new InvalidRequestException("The operation takes at most one '" + name + "'");
		}
		return values.isEmpty() ? null : values.get(0);
	}

	/** The POSTed Parameters body, or null when there is none, it is neither JSON nor XML, or it is no Parameters. */
	public static Parameters posted(RequestDetails request) {
		return postedResource(request) instanceof Parameters parameters ? requireNames(parameters) : null;
	}

	/** The POSTed body as a resource, or null when there is none, it is neither JSON nor XML, or it does not parse. */
	public static IBaseResource postedResource(RequestDetails request) {
		EncodingEnum encoding = RestfulServerUtils.determineRequestEncodingNoDefault(request);
		byte[] body = request.loadRequestContents();
		if (encoding == null || !READ.contains(encoding) || body == null || body.length == 0) {
			return null;
		}
		try {
			return encoding.newParser(request.getFhirContext()).parseResource(new String(body, charset(request)));
		} catch (DataFormatException e) {
			return null;
		}
	}

	/** Replaces the POSTed body with the Parameters, in the request's encoding and charset. */
	public static void replaceBody(RequestDetails request, Parameters parameters) {
		EncodingEnum encoding = RestfulServerUtils.determineRequestEncodingNoDefault(request);
		request.setRequestContents(encoding.newParser(request.getFhirContext()).encodeResourceToString(parameters)
				.getBytes(charset(request)));
	}

	/** A parameter without a name cannot be an operation's input: 400, not a failure further on. */
	private static Parameters requireNames(Parameters parameters) {
		for (Parameters.ParametersParameterComponent parameter : parameters.getParameter()) {
			if (parameter.getName() == null || parameter.getName().isBlank()) {
				throw new InvalidRequestException("Every parameter of the operation's Parameters needs a name");
			}
		}
		return parameters;
	}

	private static Charset charset(RequestDetails request) {
		return request.getCharset() == null ? StandardCharsets.UTF_8 : request.getCharset();
	}

}
