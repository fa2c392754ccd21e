package org.somaxis.guidance.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.somaxis.guidance.Fixtures.TODAY;
import static org.somaxis.guidance.Fixtures.patient;
import static org.somaxis.guidance.Fixtures.peptide;

import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.somaxis.guidance.Scenario;

/**
 * peptide-hypersensitivity: an allergy or intolerance recorded to the peptide, or to mannitol for tesamorelin (its
 * label's contraindication), coded as EHRs code allergies: by product (RxNorm, NDC), by substance (UNII), in the code or
 * in a reaction's substance. Before, AllergyIntolerance was not gathered nor read at all: a tesamorelin order for a
 * patient with a recorded anaphylaxis to EGRIFTA drew no card.
 */
class PeptideHypersensitivityRuleTest {
	private static final String UNII = "http://fdasis.nlm.nih.gov";
	private static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
	private static final String NDC = "http://hl7.org/fhir/sid/ndc";
	private static final String PEPTIDES = "http://somaxis.org/fhir/CodeSystem/gh-peptides";
	private static final String SNOMED = "http://snomed.info/sct";

	@ParameterizedTest(name = "{0} {1} ({2}), {3} {4} -> {5}")
	@CsvSource({
			// the peptide itself, by each code Somaxis holds for it
			"RXNORM,   1044587,    code,     tesamorelin, draft,   critical",
			"NDC,      62064-241,  code,     tesamorelin, draft,   critical",
			"UNII,     MQG94M5EEO, code,     tesamorelin, active,  critical",
			"UNII,     LGW5H38VE3, reaction, tesamorelin, on-hold, critical",
			"PEPTIDES, sermorelin, code,     sermorelin,  draft,   critical",
			"UNII,     89243S03TE, code,     sermorelin,  active,  critical",
			// mannitol, the excipient the tesamorelin label names; no excipient is known for the others
			"UNII,     3OWL53L36A, code,     tesamorelin, draft,   critical",
			"UNII,     3OWL53L36A, reaction, tesamorelin, draft,   critical",
			// the WHO ATC code of the peptide, as European systems code an allergen (eHDSI), also under ATC's HL7 OID
			"ATC,      H01AC06,    code,     tesamorelin, active,  critical",
			"ATC_OID,  H01AC06,    code,     tesamorelin, active,  critical",
			"ATC,      V04CD03,    reaction, sermorelin,  draft,   critical",
			"ATC,      H01AC06,    code,     sermorelin,  draft,   none",
			"UNII,     3OWL53L36A, code,     sermorelin,  draft,   none",
			// an allergy to another peptide, or to a drug that is none
			"UNII,     89243S03TE, code,     tesamorelin, draft,   none",
			"SNOMED,   387458008,  code,     tesamorelin, draft,   none",
			// a peptide no longer in effect
			"RXNORM,   1044587,    code,     tesamorelin, stopped, none"})
	void anAllergyToThePeptideOrItsExcipient_contraindicatesIt(String system, String code, String where,
			String peptide, String orderStatus, String expected) {
		AllergyIntolerance allergy = allergy("a1", "active", null);
		CodeableConcept substance = new CodeableConcept(new Coding(system(system), code, null));
		if (where.equals("code")) {
			allergy.setCode(substance);
		} else {
			allergy.setCode(new CodeableConcept().setText("reaction to an injection"));
			allergy.addReaction().setSubstance(substance);
		}
		Scenario scenario = Scenario.of(patient(45, "male"), allergy);
		ContraindicationRulesTest.addPeptide(scenario, orderStatus, peptide);

		assertThat(Outcome.of(scenario, "peptide-hypersensitivity")).isEqualTo(expected);
		if (expected.equals("critical")) {
			assertThat(scenario.findings("peptide-hypersensitivity").get(0).evidence())
					.contains("AllergyIntolerance/a1");
		}
	}

	@ParameterizedTest(name = "clinicalStatus {0}, verificationStatus {1} -> {2}")
	@CsvSource({
			"active,   confirmed,        critical",
			"active,   unconfirmed,      critical",
			"active,   ,                 critical",
			",         confirmed,        critical",
			"inactive, confirmed,        none",
			"resolved, confirmed,        none",
			"active,   refuted,          none",
			",         entered-in-error, none"})
	void anAllergyCounts_unlessRecordedAsOverOrUntrue(String clinical, String verification, String expected) {
		AllergyIntolerance allergy = allergy("a1", clinical, verification);
		allergy.setCode(new CodeableConcept(new Coding(RXNORM, "1044587", null)));
		Scenario scenario = Scenario.of(patient(45, "male"), allergy)
				.drafts(peptide("d1", "tesamorelin", "draft", TODAY));

		assertThat(Outcome.of(scenario, "peptide-hypersensitivity")).isEqualTo(expected);
	}

	@Test
	void anAllergyWithNoClinicalStatus_countsAndIsNamed() {
		AllergyIntolerance allergy = allergy("a1", null, null);
		allergy.setCode(new CodeableConcept(new Coding(UNII, "3OWL53L36A", "MANNITOL")));
		Scenario scenario = Scenario.of(patient(45, "male"), allergy)
				.drafts(peptide("d1", "tesamorelin", "draft", TODAY));

		assertThat(scenario.evaluate().messages())
				.anySatisfy(message -> assertThat(message).contains("AllergyIntolerance/a1", "clinicalStatus"));
	}

	/**
	 * An allergy that names what the patient reacts to with nothing the record can look up: text only, a code without
	 * its system, or a text-only code beside a reaction's coded substance. Beside a peptide it is named and the CDS card
	 * warns (PatientRecord#allergyMayBeMissing); without one it is quiet.
	 */
	@ParameterizedTest(name = "{0}")
	@org.junit.jupiter.params.provider.ValueSource(strings = {"text only", "code without system",
			"display without code", "text code beside a coded reaction", "an allergen list's own code", "an ATC class"})
	void anAllergyThatCannotBeLookedUp_isNamedBesideAPeptide_andNotOtherwise(String shape) {
		AllergyIntolerance allergy = allergy("a1", "active", "confirmed");
		switch (shape) {
			case "text only" -> allergy.setCode(new CodeableConcept().setText("the growth hormone injection"));
			case "code without system" -> allergy.setCode(new CodeableConcept(new Coding(null, "TESA", null)));
			case "display without code" -> allergy.setCode(new CodeableConcept(new Coding(RXNORM, null, "tesamorelin")));
			// as HL7 v2 AL1 segments carry it through a converter: no system allergens are looked up in, so the code
			// cannot be told to be a peptide or not (probe 46, N-C2: dropped without a word)
			case "an allergen list's own code" -> allergy.setCode(new CodeableConcept(
					new Coding("urn:oid:2.16.840.1.113883.3.999.8", "TESA", "TESAMORELIN")).setText("TESAMORELIN"));
			// an ATC class, somatropin and somatropin agonists, which holds the peptides: no one drug (probe 55, P55-m4)
			case "an ATC class" -> allergy.setCode(new CodeableConcept(new Coding("http://www.whocc.no/atc", "H01AC", null)));
			default -> {
				allergy.setCode(new CodeableConcept().setText("tesamorelin"));
				allergy.addReaction().setSubstance(new CodeableConcept(new Coding(RXNORM, "199224", null)));
			}
		}

		Scenario withPeptide = Scenario.of(patient(45, "male"), allergy)
				.drafts(peptide("d1", "tesamorelin", "draft", TODAY));
		Scenario without = Scenario.of(patient(45, "male"), allergy);

		assertThat(withPeptide.evaluate().messages())
				.anySatisfy(message -> assertThat(message).contains("AllergyIntolerance/a1", "without a code Somaxis can look up"));
		assertThat(withPeptide.record().allergyMayBeMissing()).isTrue();
		assertThat(withPeptide.record().unreadAllergies()).containsExactly("AllergyIntolerance/a1");
		assertThat(without.evaluate().messages()).noneSatisfy(message -> assertThat(message).contains("AllergyIntolerance"));
		assertThat(without.record().allergyMayBeMissing()).isFalse();
	}

	/**
	 * An allergy to EGRIFTA SV coded by an NDC not written as NDCs are (cut to 9 digits as claims lists write it, 8 or 12
	 * digits, a letter): it matches no peptide, so beside a peptide it is named, with its code, and the CDS card warns.
	 * It was lost without a word (probe 72, P72-C1). The well-formed package code is the hypersensitivity itself.
	 */
	@ParameterizedTest(name = "{0}")
	@org.junit.jupiter.params.provider.ValueSource(strings = {"620640241", "62064241", "620640241011", "62064-24l-01"})
	void anAllergyCodedByAMalformedNdc_isNamedBesideAPeptide(String ndc) {
		AllergyIntolerance allergy = allergy("a1", "active", "confirmed");
		allergy.setCode(new CodeableConcept(new Coding(NDC, ndc, "EGRIFTA SV")));
		AllergyIntolerance wellFormed = allergy("a2", "active", "confirmed");
		wellFormed.setCode(new CodeableConcept(new Coding(NDC, "62064-0241-01", "EGRIFTA SV")));

		Scenario withPeptide = Scenario.of(patient(45, "male"), allergy)
				.drafts(peptide("d1", "tesamorelin", "draft", TODAY));

		assertThat(withPeptide.evaluate().messages()).anySatisfy(message -> assertThat(message)
				.contains("AllergyIntolerance/a1", "\"" + ndc + "\"", "not checked against the GH-axis peptides"));
		assertThat(withPeptide.record().unreadAllergies()).containsExactly("AllergyIntolerance/a1");
		assertThat(withPeptide.record().allergyMayBeMissing()).isTrue();
		assertThat(Scenario.of(patient(45, "male"), wellFormed).drafts(peptide("d1", "tesamorelin", "draft", TODAY))
				.findings("peptide-hypersensitivity")).isNotEmpty();
	}

	/**
	 * An allergy to tesamorelin coded by an RxCUI with a character mistyped ({@code 21687x3} for 2168763): it matched no
	 * peptide and was not named (probe 73's note). It is named beside a peptide now, as a malformed NDC is.
	 */
	@Test
	void anAllergyCodedByAMalformedRxCui_isNamedBesideAPeptide() {
		AllergyIntolerance allergy = allergy("a1", "active", "confirmed");
		allergy.setCode(new CodeableConcept(new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "21687x3",
				"tesamorelin 1 MG Injection")));

		Scenario withPeptide = Scenario.of(patient(45, "male"), allergy)
				.drafts(peptide("d1", "tesamorelin", "draft", TODAY));

		assertThat(withPeptide.evaluate().messages()).anySatisfy(message -> assertThat(message)
				.contains("AllergyIntolerance/a1", "\"21687x3\"", "not checked against the GH-axis peptides"));
		assertThat(withPeptide.record().unreadAllergies()).containsExactly("AllergyIntolerance/a1");
	}

	/** Codings as converted data carries them: UNII under its HL7 OID, statuses under FHIR STU3's system URIs. */
	@ParameterizedTest(name = "{0}")
	@CsvSource({
			"UNII under its OID,         critical",
			"STU3 resolved,              none",
			"STU3 refuted,               none",
			"refuted beside confirmed,   critical"})
	void codingsAsConvertedDataCarriesThem_areRead(String shape, String expected) {
		AllergyIntolerance allergy = allergy("a1", "active", null);
		allergy.setCode(new CodeableConcept(new Coding(UNII, "3OWL53L36A", null)));
		switch (shape) {
			case "UNII under its OID" -> allergy.setCode(new CodeableConcept(
					new Coding("urn:oid:2.16.840.1.113883.4.9", "3OWL53L36A", null)));
			case "STU3 resolved" -> allergy.setClinicalStatus(new CodeableConcept(
					new Coding("http://hl7.org/fhir/allergy-clinical-status", "resolved", null)));
			case "STU3 refuted" -> allergy.setVerificationStatus(new CodeableConcept(
					new Coding("http://hl7.org/fhir/allergy-verification-status", "refuted", null)));
			default -> allergy.setVerificationStatus(new CodeableConcept()
					.addCoding(new Coding("http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", "refuted", null))
					.addCoding(new Coding("http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", "confirmed", null)));
		}
		Scenario scenario = Scenario.of(patient(45, "male"), allergy)
				.drafts(peptide("d1", "tesamorelin", "draft", TODAY));

		assertThat(Outcome.of(scenario, "peptide-hypersensitivity")).isEqualTo(expected);
	}

	/**
	 * An allergy coded in RxNorm to another drug, or in SNOMED CT (most are to foods and other drugs; no SNOMED CT code
	 * of a peptide is held, the documented gap): not named, so that the warnings that matter are not buried.
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource({"http://www.nlm.nih.gov/research/umls/rxnorm, 199224", "http://snomed.info/sct, 91935009"})
	void aCodedAllergyToAnotherDrug_isNotNamed(String system, String code) {
		AllergyIntolerance allergy = allergy("a1", "active", "confirmed");
		allergy.setCode(new CodeableConcept(new Coding(system, code, null)));
		Scenario scenario = Scenario.of(patient(45, "male"), allergy)
				.drafts(peptide("d1", "tesamorelin", "draft", TODAY));

		assertThat(Outcome.of(scenario, "peptide-hypersensitivity")).isEqualTo("none");
		assertThat(scenario.evaluate().messages()).noneSatisfy(message -> assertThat(message).contains("AllergyIntolerance"));
	}

	/** An IPS "no information about allergies" beside a peptide: named, and the CDS card warns; "no known" is nothing. */
	@ParameterizedTest(name = "{0}")
	@CsvSource({"no-allergy-info, true", "no-known-allergies, false", "no-known-medication-allergies, false"})
	void anIpsStatementAboutAllergies_isNamedOnlyWhenItSaysNothingIsKnown(String code, boolean named) {
		AllergyIntolerance allergy = allergy("a1", "active", "confirmed");
		allergy.setCode(new CodeableConcept(new Coding("http://hl7.org/fhir/uv/ips/CodeSystem/absent-unknown-uv-ips", code, null)));
		Scenario scenario = Scenario.of(patient(45, "male"), allergy)
				.drafts(peptide("d1", "tesamorelin", "draft", TODAY));

		assertThat(scenario.record().allergyMayBeMissing()).isEqualTo(named);
		assertThat(scenario.evaluate().messages().stream().anyMatch(message -> message.contains("AllergyIntolerance/a1")))
				.isEqualTo(named);
		assertThat(Outcome.of(scenario, "peptide-hypersensitivity")).isEqualTo("none");
	}

	/**
	 * A compounded vial whose own product names mannitol among its ingredients (as the order's resolved drug carries
	 * it), for a patient allergic to mannitol: the allergy meets the peptide, whatever the published maps hold for it.
	 * Before, sermorelin so ordered drew only its regulatory card (probe 41, J1).
	 */
	@ParameterizedTest(name = "mannitol in the product: {0}")
	@CsvSource({"true, critical", "false, none"})
	void anAllergyToAnIngredientTheOrdersOwnProductNames_meetsThePeptide(boolean listed, String expected) {
		AllergyIntolerance allergy = allergy("a1", "active", "confirmed");
		allergy.setCode(new CodeableConcept(new Coding(UNII, "3OWL53L36A", "MANNITOL")));
		org.hl7.fhir.r4.model.MedicationRequest vial = peptide("d1", "sermorelin", "draft", TODAY);
		if (listed) {
			vial.getMedicationCodeableConcept().addCoding(new Coding(UNII, "3OWL53L36A", "MANNITOL"));
		}
		Scenario scenario = Scenario.of(patient(45, "male"), allergy).drafts(vial);

		assertThat(Outcome.of(scenario, "peptide-hypersensitivity")).isEqualTo(expected);
	}

	/**
	 * The ingredient meets the order whose product names it, not every order of the peptide: switching a
	 * mannitol-allergic patient from a compounded vial that lists it to a plain product drafts the plain one while the
	 * vial is active; the card implicates the vial only (replay 41, C10).
	 */
	@Test
	void anIngredientOfOneProduct_meetsThatOrderOnly() {
		AllergyIntolerance allergy = allergy("a1", "active", "confirmed");
		allergy.setCode(new CodeableConcept(new Coding(UNII, "3OWL53L36A", "MANNITOL")));
		org.hl7.fhir.r4.model.MedicationRequest vial = peptide("m1", "sermorelin", "active", TODAY.minusDays(30));
		vial.getMedicationCodeableConcept().addCoding(new Coding(UNII, "3OWL53L36A", "MANNITOL"));
		Scenario scenario = Scenario.of(patient(45, "male"), allergy, vial)
				.drafts(peptide("d1", "sermorelin", "draft", TODAY));

		assertThat(scenario.findings("peptide-hypersensitivity")).singleElement().satisfies(finding ->
				assertThat(finding.evidence()).contains("MedicationRequest/m1", "AllergyIntolerance/a1")
						.doesNotContain("MedicationRequest/d1"));
	}

	/** HL7's "inactive" beside a status coding of another system (C-CDA's SNOMED CT "Active"): read as over, and named. */
	@Test
	void anAllergyWhoseHl7StatusSaysOverBesideAnotherSystemsStatus_isNamed() {
		AllergyIntolerance allergy = allergy("a1", "inactive", "confirmed");
		allergy.getClinicalStatus().addCoding(new Coding(SNOMED, "55561003", "Active"));
		allergy.setCode(new CodeableConcept(new Coding(UNII, "3OWL53L36A", null)));
		Scenario scenario = Scenario.of(patient(45, "male"), allergy)
				.drafts(peptide("d1", "tesamorelin", "draft", TODAY));

		assertThat(Outcome.of(scenario, "peptide-hypersensitivity")).isEqualTo("none");
		assertThat(scenario.evaluate().messages())
				.anySatisfy(message -> assertThat(message).contains("AllergyIntolerance/a1", "inactive", SNOMED));
	}

	/** The card cites the tesamorelin label only for tesamorelin; for another peptide it says why in general. */
	@ParameterizedTest(name = "{0}")
	@CsvSource({"tesamorelin, tesamorelin-label", "sermorelin, reaction-to-the-drug"})
	void theCardsReason_fitsThePeptide(String peptide, String phrase) {
		AllergyIntolerance allergy = allergy("a1", "active", "confirmed");
		allergy.setCode(new CodeableConcept(new Coding(PEPTIDES, peptide, null)));
		Scenario scenario = Scenario.of(patient(45, "male"), allergy).drafts(peptide("d1", peptide, "draft", TODAY));

		String expected = org.somaxis.guidance.knowledge.KnowledgeLoader.fromClasspath().rule("peptide-hypersensitivity")
				.phrases().get(phrase);
		assertThat(scenario.findings("peptide-hypersensitivity")).singleElement()
				.satisfies(finding -> assertThat(finding.detail()).contains(expected));
	}

	private static AllergyIntolerance allergy(String id, String clinical, String verification) {
		AllergyIntolerance allergy = new AllergyIntolerance();
		allergy.setId(id);
		allergy.setPatient(new Reference("Patient/p1"));
		if (clinical != null) {
			allergy.setClinicalStatus(new CodeableConcept(new Coding(
					"http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", clinical, null)));
		}
		if (verification != null) {
			allergy.setVerificationStatus(new CodeableConcept(new Coding(
					"http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", verification, null)));
		}
		return allergy;
	}

	private static String system(String name) {
		return switch (name) {
			case "RXNORM" -> RXNORM;
			case "NDC" -> NDC;
			case "UNII" -> UNII;
			case "PEPTIDES" -> PEPTIDES;
			case "ATC" -> "http://www.whocc.no/atc";
			case "ATC_OID" -> "urn:oid:2.16.840.1.113883.6.73";
			default -> SNOMED;
		};
	}
}
