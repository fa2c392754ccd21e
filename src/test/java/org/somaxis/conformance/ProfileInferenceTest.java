package org.somaxis.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;

class ProfileInferenceTest {

	/**
	 * A LOINC or RxNorm coding with a display but no code, or its code sent only as a data-absent-reason (valid R4):
	 * no profile is inferred from it. Before, either made the write fail with 500 (a null looked up in an immutable set).
	 */
	@Test
	void aCodingWithoutItsCode_infersNoProfile_andIsNoFailure() {
		Coding displayOnly = new Coding().setSystem(ProfileInference.LOINC).setDisplay("IGF-1");
		Coding absentCode = new Coding().setSystem(ProfileInference.RXNORM);
		absentCode.getCodeElement().addExtension(new Extension("http://hl7.org/fhir/StructureDefinition/data-absent-reason",
				new CodeType("unknown")));
		Observation observation = new Observation().setCode(new CodeableConcept(displayOnly));
		MedicationRequest order = new MedicationRequest().setMedication(new CodeableConcept(absentCode));

		assertThat(ProfileInference.profilesFor(observation)).isEmpty();
		assertThat(ProfileInference.profilesFor(order)).isEmpty();
	}
}
