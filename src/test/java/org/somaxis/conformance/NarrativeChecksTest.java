package org.somaxis.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** FHIR R4's narrative invariants txt-1 and txt-2, and no markup that runs script, on every resource. */
class NarrativeChecksTest {
	private static final String XHTML = "<div xmlns=\"http://www.w3.org/1999/xhtml\">";

	@ParameterizedTest
	@ValueSource(strings = {
			"<p>Patient <b>Jane</b> <i>Doe</i>, born <span style=\"color: red\">1975</span></p>",
			"<table class=\"grid\"><thead><tr><th>Code</th></tr></thead><tbody><tr><td colspan=\"2\">44054006</td></tr></tbody></table>",
			"<h1>Title</h1><ul><li>one</li></ul><ol><li>two</li></ol><dl><dt>a</dt><dd>b</dd></dl><pre>x</pre><br/><hr/>",
			"<a href=\"https://example.org/x\">link</a> <a href=\"#part\">part</a> <a href=\"Patient/123\">rel</a> <a name=\"anchor\">n</a>",
			"<a href=\"mailto:clinic@example.org\">mail</a> <blockquote cite=\"http://example.org\">quote</blockquote>",
			"<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"logo\"/>",
			"<img src=\"https://example.org/logo.png\" alt=\"logo\"/>",
			"<p>Non&#160;breaking &amp; escaped &lt;text&gt;</p>",
	})
	void basicHtmlFormatting_passes(String body) {
		assertThat(errors(patientWithNarrative(XHTML + body + "</div>"))).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = {
			"<p>x</p><script>alert(1)</script>",
			"<p>x</p><iframe src=\"https://evil.example/\"></iframe>",
			"<p onclick=\"alert(1)\">x</p>",
			"<img src=\"x.png\" onerror=\"alert(1)\"/><p>x</p>",
			"<a href=\"javascript:alert(1)\">x</a>",
			"<a href=\" JaVa&#9;Script:alert(1)\">x</a>",
			"<a href=\"vbscript:msgbox(1)\">x</a>",
			"<a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a>",
			"<p>x</p><object data=\"x.swf\"></object>",
			"<p>x</p><embed src=\"x.swf\"/>",
			"<p>x</p><form action=\"https://evil.example/\"><input type=\"password\"/></form>",
			"<p>x</p><input type=\"text\"/>",
			"<p>x</p><svg xmlns=\"http://www.w3.org/2000/svg\"><circle r=\"1\"/></svg>",
			"<p>x</p><style>body { display: none }</style>",
			"<p style=\"width: expression(alert(1))\">x</p>",
	})
	void markupThatRunsScriptOrIsNotBasicHtml_isRefusedAtTheDiv(String body) {
		assertThat(errors(patientWithNarrative(XHTML + body + "</div>")))
				.isNotEmpty()
				.allSatisfy(m -> {
					assertThat(m.getMessageId()).isEqualTo(NarrativeChecks.MESSAGE_ID);
					assertThat(m.getLocationString()).isEqualTo("Patient.text.div");
				});
	}

	@ParameterizedTest
	@ValueSource(strings = {"   ", "\n\t ", "<p> </p>", "<p><span>  </span></p>"})
	void whitespaceOnlyNarrative_isRefusedAsTxt2(String body) {
		assertThat(errors(patientWithNarrative(XHTML + body + "</div>")))
				.singleElement()
				.satisfies(m -> assertThat(m.getMessage()).contains("txt-2"));
	}

	@Test
	void emptyDiv_isRefusedByTheValidatorAsAMissingDiv() {
		assertThat(Artefacts.errors(patientWithNarrative(XHTML + "</div>")))
				.anySatisfy(m -> assertThat(m.getLocationString()).isEqualTo("Patient.text.div"));
	}

	@Test
	void scriptAlone_isReportedAsTheIllegalElementAndAsEmpty() {
		assertThat(errors(patientWithNarrative(XHTML + "<script>alert(1)</script></div>")))
				.extracting(SingleValidationMessage::getMessage)
				.anySatisfy(m -> assertThat(m).contains("<script>"))
				.anySatisfy(m -> assertThat(m).contains("txt-2"));
	}

	@Test
	void narrativeOfAContainedResource_isCheckedAtItsPath() {
		Condition condition = new Condition();
		condition.setSubject(new Reference("Patient/p1"));
		condition.setText(narrative(XHTML + "<p>Condition</p></div>"));
		Medication medication = new Medication();
		medication.setId("med");
		medication.setText(narrative(XHTML + "<p>x</p><script>alert(1)</script></div>"));
		condition.addContained(medication);

		assertThat(errors(condition)).singleElement()
				.satisfies(m -> assertThat(m.getLocationString()).isEqualTo("Condition.contained[0].text.div"));
	}

	@Test
	void narrativeOfAResourceInAStoredBundle_isChecked() {
		Bundle collection = new Bundle().setType(Bundle.BundleType.COLLECTION);
		collection.addEntry().setResource(patientWithNarrative(XHTML + "<p>ok</p></div>"));
		collection.addEntry().setResource(patientWithNarrative(XHTML + "<p onmouseover=\"alert(1)\">x</p></div>"));

		assertThat(errors(collection)).singleElement()
				.satisfies(m -> assertThat(m.getLocationString()).isEqualTo("Bundle.entry[1].resource.text.div"));
	}

	@ParameterizedTest
	@ValueSource(strings = {"<div xmlns=\"http://hl7.org/fhir\">x</div>", "<div xmlns=\"http://example.org/\">x</div>"})
	void aDivOutsideTheXhtmlNamespace_isRefusedAtTheDiv(String div) {
		assertThat(errors(patientWithNarrative(div))).singleElement().satisfies(m -> {
			assertThat(m.getMessageId()).isEqualTo(NarrativeChecks.MESSAGE_ID);
			assertThat(m.getLocationString()).isEqualTo("Patient.text.div");
		});
	}

	@Test
	void anXmlDivWrittenWithoutANamespace_isRefused_aJsonOneIsReadAsXhtml() {
		String xml = "<Patient xmlns=\"http://hl7.org/fhir\"><text><status value=\"generated\"/><div>x</div></text></Patient>";
		String json = "{\"resourceType\":\"Patient\",\"text\":{\"status\":\"generated\",\"div\":\"<div>x</div>\"}}";
		ca.uhn.fhir.context.FhirContext fhir = ca.uhn.fhir.context.FhirContext.forR4Cached();

		assertThat(errors(fhir.newXmlParser().parseResource(Patient.class, xml))).singleElement()
				.satisfies(m -> assertThat(m.getMessage()).contains("http://hl7.org/fhir"));
		assertThat(errors(fhir.newJsonParser().parseResource(Patient.class, json))).isEmpty();
	}

	@Test
	void aCleanNarrativeCheckedAfterAScriptedOne_onTheSameThread_passes() {
		assertThat(errors(patientWithNarrative(XHTML + "<p>x</p><script>alert(1)</script></div>"))).isNotEmpty();
		assertThat(errors(patientWithNarrative(XHTML + "<p>Jane Doe</p></div>"))).isEmpty();
	}

	@Test
	void resourceWithoutNarrative_passes() {
		assertThat(errors(new Patient())).isEmpty();
	}

	@Test
	void theValidatorOfWritesAndValidate_refusesScriptInTheNarrative_profiledOrNot() {
		Patient patient = patientWithNarrative(XHTML + "<p>x</p><script>alert(1)</script></div>");
		assertThat(Artefacts.errors(patient)).anySatisfy(m -> {
			assertThat(m.getMessageId()).isEqualTo(NarrativeChecks.MESSAGE_ID);
			assertThat(m.getLocationString()).isEqualTo("Patient.text.div");
		});

		Observation igf1 = WriteValidation.sampleIgf1();
		igf1.setText(narrative(XHTML + "<a href=\"javascript:alert(1)\">IGF-1</a></div>"));
		assertThat(Artefacts.errors(igf1)).anySatisfy(m -> assertThat(m.getMessageId()).isEqualTo(NarrativeChecks.MESSAGE_ID));
	}

	private static Patient patientWithNarrative(String div) {
		Patient patient = new Patient();
		patient.setText(narrative(div));
		patient.addName().setFamily("Doe");
		return patient;
	}

	private static Narrative narrative(String div) {
		Narrative narrative = new Narrative();
		narrative.setStatus(Narrative.NarrativeStatus.GENERATED);
		narrative.setDivAsString(div);
		return narrative;
	}

	private static List<SingleValidationMessage> errors(org.hl7.fhir.r4.model.Resource resource) {
		List<SingleValidationMessage> messages = new ArrayList<>();
		new NarrativeChecks().check(resource, messages);
		return messages;
	}
}
