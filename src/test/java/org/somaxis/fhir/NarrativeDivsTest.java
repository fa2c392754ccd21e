package org.somaxis.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link NarrativeDivs} answers what HAPI's JSON parser does with a narrative's div. */
class NarrativeDivsTest {
	private static final FhirContext FHIR = FhirContext.forR4Cached();

	@ParameterizedTest
	@ValueSource(strings = {
			"<div xmlns=\"http://www.w3.org/1999/xhtml\">Jane</div>",
			"<div>Jane, no namespace</div>",
			"plain text",
			"<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>a</p><p>b</p></div>",
			"<?xml version=\"1.0\"?>",
			""})
	void aDivTheParserReads_isNotNamed(String div) {
		assertThat(NarrativeDivs.unreadable(div)).isEmpty();
		FHIR.newJsonParser().parseResource(Patient.class, patientWith(div)); // and the parser does read it
	}

	/** The shapes the quick check lets past without asking XhtmlNode: XhtmlNode reads every one of them. */
	@ParameterizedTest
	@ValueSource(strings = {
			"<div xmlns=\"http://www.w3.org/1999/xhtml\"><a name=\"mm\"/>Essential hypertension, onset 2014-03-02</div>",
			"<div xmlns=\"http://www.w3.org/1999/xhtml\"><table class=\"grid\"><tr><th>Code</th><td>59621000</td></tr></table></div>",
			"<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Non&#160;breaking &amp; &lt;escaped&gt;</p><ul><li>one</li></ul></div>",
			"<div xmlns=\"http://www.w3.org/1999/xhtml\"><img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"x\"/></div>",
			"<div xmlns=\"http://www.w3.org/1999/xhtml\"/>", "<div\nxmlns=\"http://www.w3.org/1999/xhtml\">\n  text\n</div>",
			"<div xmlns=\"http://example.org/\">another namespace: the narrative check names it</div>"})
	void aDivTheQuickCheckPasses_isOneXhtmlNodeReads(String div) {
		assertThat(NarrativeDivs.isOneDivElement(div)).isTrue();
		new org.hl7.fhir.utilities.xhtml.XhtmlNode().setValueAsString(div);
		assertThat(NarrativeDivs.unreadable(div)).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = {"<divx>a</divx>", "<!-- c --><div>a</div>", "<div><![CDATA[x]]></div>", "<div><?pi x?>a</div>", "<p>a</p>"})
	void otherShapes_areLeftToXhtmlNode(String div) {
		assertThat(NarrativeDivs.isOneDivElement(div)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = {
			"<p>Jane</p>",
			"<div><p>a</div>",
			"   ",
			"<b>x</b> and <i>y</i>",
			"<!-- note --><div>a</div>",
			"a < b",
			"<div>a & b</div>",
			"<div>unclosed",
			"<div>a</div>trailing"})
	void aDivTheParserCannotRead_isNamed_whereTheParserWouldFail(String div) {
		assertThat(NarrativeDivs.unreadable(div)).isPresent();
		Throwable parse = catchParse(patientWith(div));
		assertThat(parse).as("HAPI's parser fails on %s", div).isNotNull();
	}

	private static Throwable catchParse(String json) {
		try {
			FHIR.newJsonParser().parseResource(Patient.class, json);
			return null;
		} catch (RuntimeException failed) {
			return failed;
		}
	}

	private static String patientWith(String div) {
		String escaped = div.replace("\\", "\\\\").replace("\"", "\\\"");
		return "{\"resourceType\":\"Patient\",\"text\":{\"status\":\"generated\",\"div\":\"" + escaped + "\"}}";
	}
}
