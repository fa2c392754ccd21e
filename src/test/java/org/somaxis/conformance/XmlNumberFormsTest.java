package org.somaxis.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.List;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class XmlNumberFormsTest {
	private static final FhirContext FHIR = FhirContext.forR4Cached();

	private static String observation(String quantityValue, String narrative) {
		return "<Observation xmlns=\"http://hl7.org/fhir\"><text><status value=\"generated\"/>"
				+ "<div xmlns=\"http://www.w3.org/1999/xhtml\">" + narrative + "</div></text><status value=\"final\"/>"
				+ "<code><text value=\"+1 dose\"/></code><valueQuantity><value value=\"" + quantityValue + "\"/>"
				+ "<unit value=\"mg\"/></valueQuantity></Observation>";
	}

	private static List<SingleValidationMessage> problems(String xml) {
		XmlNumberForms.Written written = XmlNumberForms.written(xml);
		return XmlNumberForms.of(FHIR, FHIR.newXmlParser().setParserErrorHandler(new LenientErrorHandler(false))
				.parseResource(written.xml()), written);
	}

	/**
	 * HAPI's XML parser rewrites these decimals before any check sees them: {@code +-1} was stored as {@code -1},
	 * {@code +1.50} as {@code 1.50}, {@code 00.5} as {@code 0.5} (probe 75, P75-M1, m1). Each is now named as written.
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource({"+-1", "+1.50", ".5", "00.5", "000", "+00.5", "+01.5", "&#43;-1"})
	void aDecimalHapisParserWouldRewrite_isNamedAsWritten(String value) {
		String written = value.replace("&#43;", "+");

		assertThat(problems(observation(value, "<p>dose</p>"))).singleElement().satisfies(problem -> {
			assertThat(problem.getLocationString()).isEqualTo("Observation.value.ofType(Quantity).value");
			assertThat(problem.getMessage()).startsWith("'" + written + "' is not a valid decimal");
		});
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({"-1", "1.50", "0.5", "0", "1e2", "-0.5"})
	void aDecimalOfR4sForm_isNoProblem(String value) {
		assertThat(problems(observation(value, "<p>dose</p>"))).isEmpty();
	}

	@Test
	void aStringOrTheNarrative_startingAsARewriteDoes_isNoProblem() {
		String xml = observation("1.5", "<input value=\"+1\"/>");

		assertThat(XmlNumberForms.written(xml).marksNothing()).isFalse(); // the code's text, "+1 dose"
		Observation parsed = (Observation) FHIR.newXmlParser().parseResource(XmlNumberForms.written(xml).xml());
		assertThat(parsed.getValueQuantity().getValue()).isEqualByComparingTo("1.5");
		assertThat(problems(xml)).isEmpty();
	}

	/**
	 * HAPI's parser reads an element of any namespace, or none, as FHIR's: {@code <value xmlns="urn:x" value="+-1"/>} was
	 * stored as -1, unchecked (probe 77, P77-M2).
	 */
	@ParameterizedTest(name = "namespace ''{0}''")
	@CsvSource({"urn:x", "''", "http://www.w3.org/1999/xhtml"})
	void aDecimalInAnElementOfAnotherNamespace_isNamedAsWritten(String namespace) {
		String xml = observation("1.5", "<p>dose</p>").replace("<value value=\"1.5\"/>",
				"<value xmlns=\"" + namespace + "\" value=\"+-1\"/>");

		assertThat(problems(xml)).singleElement().satisfies(problem ->
				assertThat(problem.getMessage()).startsWith("'+-1'"));
	}

	@Test
	void aBodyWithNothingHapisParserWouldRewrite_isNotCopied() {
		String xml = observation("1.5", "<p>dose</p>").replace("+1 dose", "one dose");

		assertThat(XmlNumberForms.written(xml).xml()).isSameAs(xml);
	}

	/**
	 * A marker is no value of the body as read: a decimal written {@code &#50;000000000} is the number 2000000000, the
	 * first marker, and a valid body was refused quoting another value at its path (probe 76, P76-m1).
	 */
	@Test
	void aMarker_isNoValueOfTheBody_evenOneWrittenWithCharacterReferences() {
		String xml = observation("&#50;000000000", "<p>dose</p>");

		assertThat(XmlNumberForms.written(xml).marked()).doesNotContainKey("2000000000");
		assertThat(problems(xml)).isEmpty();
	}

	/** An integer marked for a start HAPI rewrites only in decimals is still checked as written. */
	@Test
	void anIntegerStartingWithAPlus_isStillNamedAsWritten() {
		String xml = "<Observation xmlns=\"http://hl7.org/fhir\"><status value=\"final\"/><code><text value=\"n\"/></code>"
				+ "<valueInteger value=\"+100\"/></Observation>";

		assertThat(problems(xml)).singleElement().satisfies(problem ->
				assertThat(problem.getLocationString()).isEqualTo("Observation.value.ofType(integer)"));
	}
}
