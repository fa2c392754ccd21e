package org.somaxis.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which subjects the unlinked-subject warning names: a patient given only by identifier or display, nothing else. */
class UnlinkedSubjectsTest {

	@ParameterizedTest(name = "{0} -> warned {1}")
	@CsvSource({"identifier only, true", "display only, true", "identifier of a Patient, true",
			"identifier of a Device, false", "identifier of a Group, false", "a reference, false",
			"a reference with only an extension beside an identifier, true"})
	void aSubjectNamedOnlyByIdentifierOrDisplay_isWarned(String shape, boolean warned) {
		Reference subject = new Reference();
		switch (shape) {
			case "identifier only" -> subject.setIdentifier(new Identifier().setSystem("urn:mrn").setValue("1"));
			case "display only" -> subject.setDisplay("Jane Doe");
			case "identifier of a Patient", "identifier of a Device", "identifier of a Group" -> subject
					.setType(shape.substring(shape.lastIndexOf(' ') + 1))
					.setIdentifier(new Identifier().setSystem("urn:mrn").setValue("1"));
			case "a reference" -> subject.setReference("Patient/1").setIdentifier(new Identifier().setValue("1"));
			case "a reference with only an extension beside an identifier" -> {
				subject.getReferenceElement_().addExtension("http://hl7.org/fhir/StructureDefinition/data-absent-reason",
						new org.hl7.fhir.r4.model.CodeType("unknown"));
				subject.setIdentifier(new Identifier().setSystem("urn:mrn").setValue("1"));
			}
			default -> throw new IllegalArgumentException(shape);
		}
		List<SingleValidationMessage> messages = new ArrayList<>();

		UnlinkedSubjects.check(new Observation().setSubject(subject), messages);
		UnlinkedSubjects.check(new MedicationDispense().setSubject(subject), messages);

		assertThat(messages).hasSize(warned ? 2 : 0)
				.allSatisfy(message -> assertThat(message.getMessageId()).isEqualTo(UnlinkedSubjects.MESSAGE_ID));
	}

	/** An allergy names its patient in {@code patient}: the same warning, at that element. */
	@org.junit.jupiter.api.Test
	void anAllergyNamingItsPatientOnlyByIdentifier_isWarnedAtPatient() {
		List<SingleValidationMessage> messages = new ArrayList<>();

		UnlinkedSubjects.check(new org.hl7.fhir.r4.model.AllergyIntolerance()
				.setPatient(new Reference().setIdentifier(new Identifier().setSystem("urn:mrn").setValue("1"))), messages);

		assertThat(messages).singleElement().satisfies(message -> {
			assertThat(message.getMessageId()).isEqualTo(UnlinkedSubjects.MESSAGE_ID);
			assertThat(message.getLocationString()).isEqualTo("AllergyIntolerance.patient");
		});
	}

	/** Every type the guidance gathers by the patient's searches is checked, so the next one added cannot be missed. */
	@org.junit.jupiter.api.Test
	void everyGatheredType_isChecked() {
		for (org.somaxis.gather.GatherPlan.Part part : org.somaxis.gather.GatherPlan.Part.values()) {
			if (part != org.somaxis.gather.GatherPlan.Part.PATIENT) {
				assertThat(UnlinkedSubjects.READ_BY_PATIENT).containsKey(part.resourceType());
			}
		}
	}
}
