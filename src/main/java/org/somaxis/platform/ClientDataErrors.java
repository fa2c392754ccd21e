package org.somaxis.platform;

import ca.uhn.fhir.parser.DataFormatException;

/**
 * The typed data problems HAPI lets escape as 500s although the client's input caused them. Found by the
 * hostile corpus and the search-parameter fuzz target (docs/reliability.md):
 *
 * <ul>
 *   <li>a {@link DataFormatException}, e.g. {@code birthdate=2023-13-45} or {@code _since=notadate};
 *   <li>a {@link NumberFormatException} thrown while HAPI binds a search value to a number or quantity parameter
 *       ({@code ca.uhn.fhir.rest.param}), e.g. {@code value-quantity=gt-} or {@code probability=2023-13-45}.
 * </ul>
 */
public final class ClientDataErrors {
	private static final String SEARCH_PARAMETER_BINDING = "ca.uhn.fhir.rest.param.";
	private static final int MAX_CAUSE_DEPTH = 5;

	private ClientDataErrors() {}

	/** The client data problem {@code exception} is or wraps, or null when it is none of the above. */
	public static RuntimeException clientDataProblem(Throwable exception) {
		Throwable current = exception;
		for (int depth = 0; current != null && depth < MAX_CAUSE_DEPTH; depth++, current = current.getCause()) {
			if (current instanceof DataFormatException dataFormat) {
				return dataFormat;
			}
			if (current instanceof NumberFormatException number && thrownBySearchParameterBinding(number)) {
				return number;
			}
		}
		return null;
	}

	/**
	 * Whether the code that called into the JDK's number parsing (the first frame outside {@code java.}) is HAPI's
	 * parameter binding. The JDK's own frames can be several deep: {@code BigDecimal} rejects an exponent of too
	 * many digits four frames below {@code QuantityParam} (found by SearchParameterFuzzTest).
	 */
	private static boolean thrownBySearchParameterBinding(NumberFormatException exception) {
		for (StackTraceElement frame : exception.getStackTrace()) {
			if (!frame.getClassName().startsWith("java.")) {
				return frame.getClassName().startsWith(SEARCH_PARAMETER_BINDING);
			}
		}
		return false;
	}
}
