package org.somaxis.platform;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.Set;
import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.somaxis.fhir.OperationOutcomes;

/**
 * The typed data problems HAPI lets escape as 500s although the client's input caused them. Found by the
 * hostile corpus and the search-parameter fuzz target (docs/reliability.md):
 *
 * <ul>
 *   <li>a {@link DataFormatException}, e.g. {@code birthdate=2023-13-45} or {@code _since=notadate};
 *   <li>a {@link NumberFormatException} thrown while HAPI binds a search value to a number or quantity parameter
 *       ({@code ca.uhn.fhir.rest.param}), e.g. {@code value-quantity=gt-} or {@code probability=2023-13-45};
 *   <li>a {@link NumberFormatException} from {@code IdType#getVersionIdPartAsLong} reading a version id of more
 *       digits than a long holds ({@code Patient/1/_history/99999999999999999999}): 404, as HAPI answers for any
 *       other invalid version;
 *   <li>an {@link IllegalArgumentException} from {@code RequestTypeEnum.valueOf}, which HAPI's parser calls on each
 *       Bundle entry's {@code request.method} ({@code "GETX"}) after the code itself was reported;
 *   <li>an IllegalArgumentException, NullPointerException, ClassCastException or FHIRException thrown while HAPI
 *       applies a client's patch to the resource (a frame of {@code FhirPatch}, {@code JsonPatchUtils} or
 *       {@code XmlPatchUtils} between the fault and the DAO). HAPI 8.8 checks few of a FHIRPath Patch's values and
 *       names, and fails unchecked on the rest: {@code valueInteger} 5 for {@code Patient.gender}
 *       (IllegalArgumentException from the model), a {@code valueString} for {@code Patient.birthDate}
 *       (IllegalArgumentException from reflection), an element name Patient does not have (NullPointerException), an
 *       empty path (FHIRLexerException); and it parses a JSON Patch's result unguarded, e.g. {@code copy} of
 *       {@code /gender} into {@code /extension/-} (NullPointerException). The patch document is the client's input,
 *       and the resource it is applied to was stored valid. An XML Patch whose selector matches nothing fails in the XML
 *       Patch library (its PatchException), under {@code XmlPatchUtils}.
 * </ul>
 */
public final class ClientDataErrors {
	private static final String SEARCH_PARAMETER_BINDING = "ca.uhn.fhir.rest.param.";
	/** HAPI's appliers of FHIRPath, JSON and XML Patch. */
	private static final Set<String> PATCH_APPLIERS = Set.of(
			"ca.uhn.fhir.jpa.patch.FhirPatch", "ca.uhn.fhir.jpa.patch.JsonPatchUtils", "ca.uhn.fhir.jpa.patch.XmlPatchUtils");
	private static final String HAPI_DAO = "ca.uhn.fhir.jpa.dao.";
	private static final String REQUEST_METHOD = "ca.uhn.fhir.rest.api.RequestTypeEnum.valueOf";
	private static final String VERSION_ID_AS_LONG = "org.hl7.fhir.r4.model.IdType.getVersionIdPartAsLong";
	private static final int MAX_CAUSE_DEPTH = 5;

	private ClientDataErrors() {}

	/** What the client sent wrong, in words for the OperationOutcome; {@code notFound} for 404 rather than 400. */
	public record Problem(String message, boolean notFound) {
		Problem(String message) {
			this(message, false);
		}

		/** The answer: 400 {@code invalid}, or 404 {@code not-found}, with an OperationOutcome of the message. */
		public BaseServerResponseException refusal() {
			BaseServerResponseException refused = notFound ? new ResourceNotFoundException(message) : new InvalidRequestException(message);
			refused.setOperationOutcome(OperationOutcomes.error(notFound ? IssueType.NOTFOUND : IssueType.INVALID, message, null));
			return refused;
		}
	}

	/** The client data problem {@code exception} is or wraps, or null when it is none of the above. */
	public static Problem clientDataProblem(Throwable exception) {
		Throwable current = exception;
		for (int depth = 0; current != null && depth < MAX_CAUSE_DEPTH; depth++, current = current.getCause()) {
			if (current instanceof DataFormatException dataFormat) {
				// as HAPI's XML parser wrapped it when it read an XML Patch's result: its exception's name and a place in a
				// document the server wrote (probe 81, P81-m2)
				return new Problem(org.somaxis.fhir.JavaNames.without(dataFormat.getMessage()));
			}
			if (current instanceof NumberFormatException number && thrownBySearchParameterBinding(number)) {
				return new Problem("A search value is not a valid number: " + number.getMessage());
			}
			if (current instanceof NumberFormatException number && firstFrameOutsideTheJdk(number).equals(VERSION_ID_AS_LONG)) {
				// a version id of more digits than a long holds (_history/99999999999999999999): HAPI answers 404 for others
				return new Problem("The version id in the URL is not valid: " + number.getMessage(), true);
			}
			if (current instanceof IllegalArgumentException method && firstFrameOutsideTheJdk(method).equals(REQUEST_METHOD)) {
				// the JDK's message names the enum's Java class; the client needs only its own value
				String message = method.getMessage() == null ? "" : method.getMessage();
				return new Problem("A Bundle entry's request.method is not one of GET, HEAD, POST, PUT, DELETE, PATCH: '"
						+ message.substring(message.lastIndexOf('.') + 1) + "'");
			}
			if (current instanceof RuntimeException applying && isPatchFailure(applying) && thrownApplyingAPatch(applying)) {
				return new Problem("The patch cannot be applied to the resource: " + (applying instanceof NullPointerException
						? "HAPI's patch applier failed on it (an element name or path it cannot follow)"
						// the XML Patch library's wrapped parser error named its Java class (probe 79, P79-m4)
						: org.somaxis.fhir.JavaNames.without(applying.getMessage())));
			}
		}
		return null;
	}

	/**
	 * The kinds HAPI's patch appliers fail with on a patch they cannot apply: the model's or reflection's
	 * IllegalArgumentException, a NullPointerException, a ClassCastException, a FHIRPath error (FHIRException). Not a
	 * database or server failure that happens to be thrown beneath them.
	 */
	private static boolean isPatchFailure(RuntimeException exception) {
		return exception instanceof IllegalArgumentException || exception instanceof NullPointerException
				|| exception instanceof ClassCastException || exception instanceof FHIRException
				|| XML_PATCH_FAILURE.equals(exception.getClass().getName());
	}

	/**
	 * The XML Patch library's failure to apply a patch (a selector that matches nothing, an undeclared prefix), by name:
	 * the library is HAPI's dependency, not ours.
	 */
	private static final String XML_PATCH_FAILURE = "com.github.dnault.xmlpatch.PatchException";

	/** Whether a frame of HAPI's patch appliers lies between where {@code exception} was thrown and HAPI's DAO. */
	private static boolean thrownApplyingAPatch(RuntimeException exception) {
		for (StackTraceElement frame : exception.getStackTrace()) {
			if (PATCH_APPLIERS.contains(frame.getClassName())) {
				return true;
			}
			if (frame.getClassName().startsWith(HAPI_DAO)) {
				return false;
			}
		}
		return false;
	}

	/**
	 * Whether the code that called into the JDK's number parsing (the first frame outside {@code java.}) is HAPI's
	 * parameter binding. The JDK's own frames can be several deep: {@code BigDecimal} rejects an exponent of too
	 * many digits four frames below {@code QuantityParam} (found by SearchParameterFuzzTest).
	 */
	private static boolean thrownBySearchParameterBinding(NumberFormatException exception) {
		return firstFrameOutsideTheJdk(exception).startsWith(SEARCH_PARAMETER_BINDING);
	}

	/** The class and method ({@code a.b.C.method}) of the first frame of {@code exception} outside {@code java.}, or "". */
	private static String firstFrameOutsideTheJdk(Throwable exception) {
		for (StackTraceElement frame : exception.getStackTrace()) {
			if (!frame.getClassName().startsWith("java.")) {
				return frame.getClassName() + "." + frame.getMethodName();
			}
		}
		return "";
	}
}
