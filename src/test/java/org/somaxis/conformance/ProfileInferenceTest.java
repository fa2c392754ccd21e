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

	/**
	 * An order coded by a product or ATC code ValueSet gh-peptides lists is held to the peptide profile, as one coded by
	 * an RxNorm product is; an NDC package code, which the profile's required binding does not hold, and another drug are
	 * not. Before, an NDC- or ATC-coded tesamorelin order got no check and no warning (probe 54, P54-m4).
	 */
	@org.junit.jupiter.params.ParameterizedTest(name = "{0}|{1} -> peptide profile {2}")
	@org.junit.jupiter.params.provider.CsvSource({
			"http://www.nlm.nih.gov/research/umls/rxnorm, 1044587,       true",
			"http://hl7.org/fhir/sid/ndc,                 62064-241,     true",
			"http://www.whocc.no/atc,                     H01AC06,       true",
			"http://www.whocc.no/atc,                     V04CD03,       true",
			"http://hl7.org/fhir/sid/ndc,                 62064-0241-01, false",
			"http://www.whocc.no/atc,                     H01AC01,       false",
			"http://www.nlm.nih.gov/research/umls/rxnorm, 582969,        false"})
	void orderCodedByAProductTheValueSetLists_isHeldToThePeptideProfile(String system, String code, boolean held) {
		MedicationRequest order = new MedicationRequest().setMedication(new CodeableConcept(new Coding(system, code, null)));

		assertThat(ProfileInference.profilesFor(order).contains(ProfileInference.GH_PEPTIDE_ORDER)).isEqualTo(held);
	}
}
