package org.somaxis.fhir;

import ca.uhn.fhir.model.primitive.XhtmlDt;
import ca.uhn.fhir.parser.DataFormatException;
import java.io.IOException;
import java.util.Optional;
import org.hl7.fhir.exceptions.FHIRFormatError;
import org.hl7.fhir.utilities.xhtml.XhtmlNode;

/**
 * Whether HAPI 8.8's JSON parser reads a narrative's div (a string of XHTML) without failing, and why not.
 *
 * <p>The parser reads the string twice: as {@link XhtmlDt}, which wants well-formed XML and names the fault with a
 * {@link DataFormatException} (a 400), and then into the R4 model's {@link XhtmlNode}, which wants one root element, a
 * {@code div}. The second fails with a bare {@link RuntimeException} around a {@link FHIRFormatError}
 * ({@code <p>...</p>}, a comment before the div), and a div of only whitespace fails the first with a
 * {@link StringIndexOutOfBoundsException}: both would be a 500. So the request guard refuses such a body before the
 * parser sees it, and the JSON body checks ask the same question here.
 *
 * <p>Well-formed XML that is one {@code div} element (the shape of nearly every real narrative) is not given to
 * {@link XhtmlNode}, whose reading of it costs fifty times more ({@link #isOneDivElement}).
 */
public final class NarrativeDivs {
	private NarrativeDivs() {}

	/**
	 * Whether well-formed XML is one {@code div} element with no comment, processing instruction, document type or
	 * CDATA section anywhere: {@link XhtmlNode} reads such a div, so it is not asked. It costs about 90 µs a call (its
	 * parser builds its table of HTML entities each time), against 1-2 µs for {@link XhtmlDt}'s check, and real
	 * narratives (a generator's on every resource of a 7,000-entry transaction) are nearly all of this shape.
	 */
	static boolean isOneDivElement(String wellFormed) {
		String trimmed = wellFormed.strip();
		if (!trimmed.startsWith("<div") || trimmed.length() < 5 || !trimmed.endsWith(">")) {
			return false;
		}
		char afterName = trimmed.charAt(4);
		boolean divElement = afterName == '>' || afterName == '/' || Character.isWhitespace(afterName);
		return divElement && !trimmed.contains("<!") && !trimmed.contains("<?");
	}

	/** Empty when the parser reads the div (an empty one it names itself); otherwise why it cannot. */
	public static Optional<String> unreadable(String div) {
		if (div.isEmpty()) {
			return Optional.empty();
		}
		if (div.isBlank()) {
			return Optional.of("it holds only whitespace, not a <div> element");
		}
		XhtmlDt wellFormed = new XhtmlDt();
		try {
			wellFormed.setValueAsString(div);
		} catch (DataFormatException notXml) {
			return Optional.of(notXml.getMessage());
		}
		if (isOneDivElement(wellFormed.getValueAsString())) {
			return Optional.empty();
		}
		try {
			new XhtmlNode().setValueAsString(wellFormed.getValueAsString());
		} catch (RuntimeException wrapped) { // a boundary: XhtmlNode wraps its parser's typed exceptions in this one
			// only those are the div's problem; anything else is rethrown as the bug it is
			if (wrapped.getCause() instanceof FHIRFormatError || wrapped.getCause() instanceof IOException) {
				return Optional.of(wrapped.getCause().getMessage());
			}
			throw wrapped;
		}
		return Optional.empty();
	}
}
