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
 */
public final class NarrativeDivs {
	private NarrativeDivs() {}

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
		try {
			new XhtmlNode().setValueAsString(wellFormed.getValueAsString());
		} catch (RuntimeException wrapped) {
			// XhtmlNode wraps its parser's checked exceptions; anything else is not about the div, so it stays a bug
			if (wrapped.getCause() instanceof FHIRFormatError || wrapped.getCause() instanceof IOException) {
				return Optional.of(wrapped.getCause().getMessage());
			}
			throw wrapped;
		}
		return Optional.empty();
	}
}
