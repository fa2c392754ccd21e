package org.somaxis.guidance.record;

import java.util.List;

/** Code systems and codes the assembler reads (see /work/scratch/CONTRACT.md). */
public final class Codes {
	public static final String LOINC = "http://loinc.org";
	public static final String V3_ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
	public static final String SNOMED = "http://snomed.info/sct";
	public static final String UCUM = "http://unitsofmeasure.org";
	public static final String NDC = org.somaxis.guidance.knowledge.ConceptSet.NDC;
	public static final String BASE = "http://somaxis.org/fhir/CodeSystem/";
	public static final String GH_PEPTIDES = BASE + "gh-peptides";
	public static final String EXERCISE_TYPES = BASE + "exercise-types";
	public static final String OBSERVATION_CODES = BASE + "observation-codes";
	public static final String CONDITION_CODES = BASE + "condition-codes";
	/**
	 * The German base profiles' ICD-10-GM diagnosis certainty on a coding (de.basisprofil.r4 1.6.0), valued in KBV's
	 * KBV_CS_SFHIR_ICD_DIAGNOSESICHERHEIT: A excluded, G confirmed, V suspected, Z status after (a past condition).
	 */
	/**
	 * Marks, on the copy of an order's drug that the record reads, an ingredient of its Medication that could not be read
	 * as codes (text only, or a reference that does not resolve). Internal: never stored or sent.
	 */
	public static final String UNREAD_INGREDIENT = "http://somaxis.org/fhir/StructureDefinition/unread-ingredient";
	/**
	 * Marks, on the copy of an order's drug that the record reads, the codes of one active ingredient of its Medication
	 * (the drug's codings hold them too, with the product's own): so that an ingredient coded in codes that name no
	 * peptide, in a product read as a peptide through another, is seen. Internal: never stored or sent.
	 */
	public static final String CODED_INGREDIENT = "http://somaxis.org/fhir/StructureDefinition/coded-ingredient";
	public static final String ICD10GM_CERTAINTY = "http://fhir.de/StructureDefinition/icd-10-gm-diagnosesicherheit";
	public static final String THERAPY_CODES = BASE + "therapy-codes";
	public static final String CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical";
	public static final String CONDITION_VER_STATUS = "http://terminology.hl7.org/CodeSystem/condition-ver-status";
	public static final String ALLERGY_CLINICAL = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical";
	public static final String ALLERGY_VERIFICATION = "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification";

	public static final String IGF1 = "2484-4";
	public static final String IGFBP3 = "2483-6";
	public static final String GLUCOSE_MASS = "1558-6";
	public static final String GLUCOSE_MOLAR = "77145-1";
	/**
	 * Glucose [Mass/volume] in Serum or Plasma, the code a laboratory gives a glucose not marked fasting (a random or
	 * metabolic-panel glucose; TERMINOLOGY.md, V2).
	 */
	public static final String GLUCOSE_SERUM_PLASMA = "2345-7";
	/**
	 * Glucose [Moles/volume] in Serum or Plasma: a glucose not marked fasting as SI laboratories code it, in mmol/L
	 * (TERMINOLOGY.md, V2).
	 */
	public static final String GLUCOSE_SERUM_PLASMA_MOLAR = "14749-6";
	/**
	 * Fasting glucose in mmol/L as most laboratories outside the US code it (serum or plasma; 77145-1 also allows blood):
	 * VSAC Glucose Lab Test (OID 2.16.840.1.113762.1.4.1045.134) lists both.
	 */
	public static final String GLUCOSE_MOLAR_SERUM = "14771-0";
	public static final String INSULIN = "27873-9";
	public static final String HBA1C = "4548-4";
	public static final String HBA1C_HPLC = "17856-6";
	/**
	 * HbA1c tests, each a mass fraction in %: the members of VSAC HbA1c Laboratory Test (ValueSet hba1c-tests), 4548-4
	 * the usual one.
	 */
	public static final List<String> HBA1C_TESTS = List.of(HBA1C, "17855-8", HBA1C_HPLC, "4549-2", "96595-4");
	/**
	 * HbA1c by the IFCC protocol, reported in mmol/mol (LOINC's own page for 59261-8, LOINC 2.67: "The IFCC method is
	 * reported as millimoles/Mole"), as UK, Dutch and many other European laboratories report HbA1c.
	 */
	public static final String HBA1C_IFCC = "59261-8";
	public static final String TESTOSTERONE = "2986-8";
	public static final String SLEEP = "93832-4";
	public static final String EXERCISE_ACTIVITY = "73985-4";
	public static final String EXERCISE_DURATION = "55411-3";
	public static final String PREGNANCY_STATUS = "82810-3";
	/** LOINC "Pregnancy status - Reported" (see the LOINC fragment CodeSystem for its source). */
	public static final String PREGNANCY_STATUS_REPORTED = "11449-6";
	/**
	 * Qualitative hCG (pregnancy) tests: the [Presence] members of VSAC Pregnancy Test and its [Interpretation] member
	 * (ValueSet pregnancy-tests).
	 */
	public static final String HCG_URINE = "2106-3";
	public static final String HCG_BETA_SERUM = "2110-5";
	public static final String HCG_BETA_URINE = "2112-1";
	public static final String HCG_SERUM = "2118-8";
	public static final String HCG_URINE_RAPID = "80384-1";
	public static final String HCG_SERUM_RAPID = "80385-8";
	public static final String HCG_INTERPRETATION_SERUM = "20994-0";
	public static final List<String> HCG_QUALITATIVE = List.of(
			HCG_URINE, HCG_BETA_SERUM, HCG_BETA_URINE, HCG_SERUM, HCG_URINE_RAPID, HCG_SERUM_RAPID, HCG_INTERPRETATION_SERUM);
	/** LOINC "Choriogonadotropin.beta subunit [Units/volume] in Serum or Plasma", the usual quantitative serum hCG. */
	public static final String HCG_BETA_UNITS_SERUM = "21198-7";
	/**
	 * Quantitative hCG results: the members of VSAC Pregnancy Test in units, moles or mass, but the one in cord blood
	 * (ValueSet pregnancy-tests-quantitative).
	 */
	public static final List<String> HCG_QUANTITATIVE = List.of("19080-1", "19180-9", "20415-6", "2107-1", "2111-3",
			"2113-9", "2114-7", "2115-4", "2119-6", HCG_BETA_UNITS_SERUM, "25372-4", "25373-2", "34670-0", "45194-8", "55869-2",
			"56497-1", "83086-9", "93769-8", "99104-2");
	/** LOINC "Delivery date Estimated", the usual estimated-delivery-date (EDD) code. */
	public static final String EDD = "11778-8";
	/**
	 * Observations whose value is the estimated delivery date: the members of eHDSI PregnancyInformation, the codes of
	 * HL7 IPS edd-method-uv-ips (ValueSet estimated-delivery-date-codes).
	 */
	public static final List<String> EDD_CODES = List.of(EDD, "11779-6", "11780-4");
	public static final String PREGNANT = "77386006";
	public static final String ORAL_ROUTE = "26643006";
	public static final String SUBCUTANEOUS_ROUTE = "34206005";

	private Codes() {}
}
