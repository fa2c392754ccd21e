package org.somaxis.guidance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.somaxis.guidance.Fixtures.TODAY;
import static org.somaxis.guidance.Fixtures.exercise;
import static org.somaxis.guidance.Fixtures.patient;

import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Procedure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.somaxis.guidance.record.Codes;

/**
 * Each clinical concept group coded the ways EHRs code it (a SNOMED CT child code, ICD-10-CM, and for the peptide an
 * RxNorm product) fires the rule that group feeds. Codes are taken from the published ValueSets in terminology/.
 */
class ConceptGroupMatrixTest {
	static final String SNOMED = "http://snomed.info/sct";
	static final String ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm";
	static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";

	/** A tesamorelin draft coded either with our gh-peptides code or only with the EGRIFTA SV RxNorm product. */
	static MedicationRequest tesamorelinDraft(String coding) {
		MedicationRequest order = Fixtures.peptide("d1", "tesamorelin", "draft", TODAY, "sc");
		if (coding.equals("rxnorm")) {
			order.setMedication(new CodeableConcept(new Coding(RXNORM, "1044587", "EGRIFTA SV")));
		}
		return order;
	}

	static Condition condition(String system, String code) {
		return Fixtures.condition("c1", system, code, "active");
	}

	static List<String> ruleIds(Guidance guidance) {
		return guidance.findings().stream().map(Finding::ruleId).toList();
	}

	@ParameterizedTest(name = "{0} {1} with a {2} tesamorelin draft -> {3}")
	@CsvSource({
			// malignancy: SNOMED CT children of 363346000, ICD-10-CM leaf, parent without dot, C00-C96 filter
			"SNOMED,  254837009, gh-peptides, peptide-active-malignancy",
			"SNOMED,  254637007, rxnorm,      peptide-active-malignancy",
			"SNOMED,  363346000, rxnorm,      peptide-active-malignancy",
			// hematologic malignancies (VSAC Lymphatic and Hematopoietic, Multiple Myeloma) and the HL7 ICHOM breast cancer code
			"SNOMED,  109989006, rxnorm,      peptide-active-malignancy",
			"SNOMED,  762690000, gh-peptides, peptide-active-malignancy",
			"SNOMED,  372137005, rxnorm,      peptide-active-malignancy",
			"ICD10CM, C50.911,   gh-peptides, peptide-active-malignancy",
			"ICD10CM, C34.90,    rxnorm,      peptide-active-malignancy",
			"ICD10CM, C509,      gh-peptides, peptide-active-malignancy",
			// blanks an export or a copy-paste leaves: no-break and zero-width spaces, a space inside the code
			"ICD10CM, 'C50.911\u00a0', rxnorm,  peptide-active-malignancy",
			"ICD10CM, '\u200bC50.911', rxnorm,  peptide-active-malignancy",
			"ICD10CM, 'C50 .911', gh-peptides,   peptide-active-malignancy",
			"ICD10CM, C50,       rxnorm,      peptide-active-malignancy",
			// pregnancy
			"SNOMED,  72892002,  gh-peptides, peptide-pregnancy",
			"SNOMED,  77386006,  rxnorm,      peptide-pregnancy",
			"ICD10CM, Z33.1,     rxnorm,      peptide-pregnancy",
			"ICD10CM, O09.00,    gh-peptides, peptide-pregnancy",
			// diabetes
			"SNOMED,  44054006,  rxnorm,      glucose-intolerance-on-gh-therapy",
			"SNOMED,  190330002, gh-peptides, glucose-intolerance-on-gh-therapy",
			"ICD10CM, E11.9,     rxnorm,      glucose-intolerance-on-gh-therapy",
			// hypothalamic-pituitary axis
			"SNOMED,  254956000, rxnorm,      tesamorelin-hp-axis-disorder",
			"ICD10CM, D44.3,     gh-peptides, tesamorelin-hp-axis-disorder",
			"ICD10CM, E24.0,     rxnorm,      tesamorelin-hp-axis-disorder"})
	void conditionOfAGroup_firesItsRuleOnTheOrderFace(String system, String code, String peptide, String rule) {
		Condition condition = condition(system.equals("SNOMED") ? SNOMED : ICD10CM, code);

		Guidance guidance = Scenario.of(patient(45, "female"), condition).drafts(tesamorelinDraft(peptide)).evaluate();

		assertThat(ruleIds(guidance)).contains(rule);
		assertThat(guidance.findings().stream().filter(finding -> finding.ruleId().equals(rule)).findFirst().orElseThrow()
				.evidence()).contains("Condition/c1", "MedicationRequest/d1");
	}

	/**
	 * A tesamorelin order coded only in NDC, as pharmacy systems send it: the product code listed in gh-peptides
	 * (62064-241, EGRIFTA SV; 62064-381, EGRIFTA WR) or a package code of it in the FDA's hyphenated or 11-digit form,
	 * also under the HL7 OID of NDC.
	 */
	@ParameterizedTest(name = "{0} {1}")
	@CsvSource({
			"http://hl7.org/fhir/sid/ndc,    62064-241",
			"http://hl7.org/fhir/sid/ndc,    62064-241-01",
			"http://hl7.org/fhir/sid/ndc,    62064-0241",
			"http://hl7.org/fhir/sid/ndc,    62064024101",
			"http://hl7.org/fhir/sid/ndc,    6206424101",
			"http://hl7.org/fhir/sid/ndc,    62064-381-02",
			"urn:oid:2.16.840.1.113883.6.69, 62064-0241-01"})
	void tesamorelinCodedOnlyInNdc_meetsTheMalignancyContraindication(String system, String code) {
		MedicationRequest order = Fixtures.peptide("d1", "tesamorelin", "draft", TODAY, "sc");
		order.setMedication(new CodeableConcept(new Coding(system, code, null)));

		Guidance guidance = Scenario.of(patient(45, "female"), condition(SNOMED, "254837009")).drafts(order).evaluate();

		assertThat(ruleIds(guidance)).contains("peptide-active-malignancy");
	}

	/**
	 * A peptide order coded only by the FDA UNII of its substance (as compounding systems code the active ingredient), by
	 * the UNIIs ConceptMap gh-peptides-to-rxnorm-unii holds: read as that peptide. Before, it was named as "codes Somaxis
	 * does not map", and only a warning said the contraindication might be missing (the probe's M1).
	 */
	@ParameterizedTest(name = "{0} {1}")
	@CsvSource({"MQG94M5EEO, tesamorelin", "LGW5H38VE3, tesamorelin", "89243S03TE, sermorelin", "09QF37C617, hexarelin",
			"urn:oid:2.16.840.1.113883.4.9|89243S03TE, sermorelin"})
	void peptideCodedOnlyByItsUnii_meetsTheMalignancyContraindication(String code, String peptide) {
		MedicationRequest order = Fixtures.peptide("d1", peptide, "draft", TODAY, "sc");
		String[] coded = code.contains("|") ? code.split("\\|") : new String[] {"http://fdasis.nlm.nih.gov", code};
		order.setMedication(new CodeableConcept(new Coding(coded[0], coded[1], null)));

		Guidance guidance = Scenario.of(patient(45, "female"), condition(SNOMED, "254837009")).drafts(order).evaluate();

		assertThat(ruleIds(guidance)).contains("peptide-active-malignancy");
		assertThat(guidance.findings().stream().filter(finding -> finding.ruleId().equals("peptide-active-malignancy"))
				.findFirst().orElseThrow().detail()).containsIgnoringCase(peptide);
	}

	/** Other products of the same labeler, or other NDC layouts of similar digits, are not tesamorelin. */
	@ParameterizedTest(name = "{0}")
	@CsvSource({"62064-242-01", "62064-0242-01", "62064024201", "6206-4241-01", "62065-241-01"})
	void otherNdcProducts_areNotAPeptide(String code) {
		MedicationRequest order = Fixtures.peptide("d1", "tesamorelin", "draft", TODAY, "sc");
		order.setMedication(new CodeableConcept(new Coding("http://hl7.org/fhir/sid/ndc", code, null)));

		Guidance guidance = Scenario.of(patient(45, "female"), condition(SNOMED, "254837009")).drafts(order).evaluate();

		assertThat(ruleIds(guidance)).doesNotContain("peptide-active-malignancy");
	}

	/**
	 * ICD-10-CM codes that point to a group's concept without being in its published set: a pregnancy code of chapter 15
	 * the VSAC Pregnancy set does not list, hyperprolactinaemia or another pituitary disorder (hypopituitarism itself,
	 * E23.0 and E89.3, and benign pituitary tumours, D35.2 and D35.3, are in the group; acromegaly, E22.0, in its own,
	 * gh-excess-conditions). Never counted, always named.
	 */
	@ParameterizedTest(name = "{0} -> message about {1}")
	@CsvSource({"O36.80X0, pregnancy", "O00.90, pregnancy", "O80, pregnancy", "E22.1, hypothalamic-pituitary",
			"E23.6, hypothalamic-pituitary", "E2360, hypothalamic-pituitary", "E23.7, hypothalamic-pituitary",
			// head trauma, a cause of a disrupted axis the tesamorelin label names (probe 41): named, never counted
			"S06.0X0A, hypothalamic-pituitary", "S06.9X9S, hypothalamic-pituitary"})
	void icd10CodeNearAGroup_isNamedInAMessage_andNotCounted(String code, String group) {
		Condition condition = condition(ICD10CM, code);

		Guidance guidance = Scenario.of(patient(45, "female"), condition).drafts(tesamorelinDraft("rxnorm")).evaluate();

		assertThat(ruleIds(guidance)).doesNotContain("peptide-pregnancy", "tesamorelin-hp-axis-disorder");
		assertThat(guidance.messages()).anySatisfy(message -> assertThat(message)
				.startsWith("Condition/c1 (http://hl7.org/fhir/sid/icd-10-cm ")
				.contains("may be " + group + " but is not in ValueSet"));
	}

	/**
	 * The hypothalamic-pituitary review codes (a pituitary disorder, a head injury) are named beside any peptide, whose
	 * own card pauses it for a counted disorder (secretagogue-hp-axis-disorder): before, beside tesamorelin only, and a
	 * pituitary operation beside sermorelin drew nothing (probe 59, P59-M2). Without a peptide they are not named:
	 * before that, every concussion code drew a message on every face (replay 41).
	 */
	@ParameterizedTest(name = "{0} beside {1} -> named {2}")
	@CsvSource({"S06.0X0A, sermorelin, true", "S06.0X0A, none, false", "E23.6, ibutamoren, true", "E23.6, none, false"})
	void hpAxisReviewCode_isNamedBesideAnyPeptide_andNotWithoutOne(String code, String peptide, boolean named) {
		Condition condition = condition(ICD10CM, code);
		Scenario scenario = Scenario.of(patient(45, "female"), condition);
		if (!peptide.equals("none")) {
			scenario.drafts(org.somaxis.guidance.Fixtures.peptide("d1", peptide, "draft", TODAY));
		}

		assertThat(scenario.evaluate().messages().stream().anyMatch(message -> message.contains("Condition/c1")))
				.isEqualTo(named);
	}

	/**
	 * Cancer as VSAC's Cancer set codes it, outside the malignancy group: a SNOMED CT concept newer than the group's
	 * expansions, a neoplasm of uncertain behaviour, carcinoma in situ and a neoplasm of unspecified behaviour in ICD-10-CM.
	 * Not counted as an active malignancy (the group's published sets do not list them), but never passed unseen.
	 */
	@ParameterizedTest(name = "{0} {1}")
	@CsvSource({"SNOMED, 95116001", "SNOMED, 718220008", "SNOMED, 188251003", "ICD10CM, D05.10", "ICD10CM, D47.2",
			"ICD10CM, D496",
			// named in VSAC Cancer as cancer, yet a paraneoplastic sign, a complication, a familial category, possibly DCIS
			"SNOMED, 238636003", "SNOMED, 134421000", "SNOMED, 1197359006", "SNOMED, 254843006", "SNOMED, 278053004"})
	void cancerCodeOutsideTheMalignancyGroup_isNamedInAMessage_andNotCounted(String system, String code) {
		String uri = system.equals("SNOMED") ? SNOMED : ICD10CM;

		Guidance guidance = Scenario.of(patient(45, "female"), condition(uri, code)).drafts(tesamorelinDraft("rxnorm")).evaluate();

		assertThat(ruleIds(guidance)).doesNotContain("peptide-active-malignancy");
		assertThat(guidance.messages()).anySatisfy(message -> assertThat(message)
				.startsWith("Condition/c1 (" + uri + " ")
				.contains("may be malignancy but is not in ValueSet malignancy-conditions"));
	}

	/**
	 * The malignant neoplasms of VSAC Cancer that the other cancer sets do not list (ValueSet vsac-cancer-malignant:
	 * SNOMED CT disorders whose display names a malignancy): malignant melanoma, glioblastoma multiforme, a metastasis
	 * to the breast, a HER2-positive and a hormone-receptor-positive breast cancer, B-cell CLL, a primary carcinoma of
	 * the breast newer than the other expansions. They count, on every face. Before, each was only named.
	 */
	@ParameterizedTest(name = "SNOMED CT {0}")
	@CsvSource({"372244006", "393563007", "94297009", "427685000", "417181009", "277473004", "1259418003",
			"782697005", "1260072008", "189815007"})
	void aMalignantNeoplasmOfVsacCancer_countsAsMalignancy(String code) {
		Guidance guidance = Scenario.of(patient(45, "female"), condition(SNOMED, code)).drafts(tesamorelinDraft("rxnorm"))
				.evaluate();

		assertThat(ruleIds(guidance)).contains("peptide-active-malignancy");
		assertThat(guidance.messages()).noneMatch(message -> message.contains("but is not in ValueSet"));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({"O09.00", "Z33.1", "E11.9", "C50.911"})
	void icd10CodeInAGroup_getsNoReviewMessage(String code) {
		Guidance guidance = Scenario.of(patient(45, "female"), condition(ICD10CM, code)).drafts(tesamorelinDraft("rxnorm")).evaluate();

		assertThat(guidance.messages()).noneMatch(message -> message.contains("but is not in ValueSet"));
	}

	@ParameterizedTest(name = "{0} {1} is not a {2}")
	@CsvSource({
			"SNOMED,  84114007,  peptide-active-malignancy",
			"ICD10CM, D50.9,     peptide-active-malignancy",
			"ICD10CM, C97,       peptide-active-malignancy",
			"SNOMED,  44054006,  peptide-pregnancy",
			"ICD10CM, E11.9,     tesamorelin-hp-axis-disorder"})
	void codeOutsideTheGroup_doesNotFire(String system, String code, String rule) {
		Guidance guidance = Scenario.of(patient(45, "female"), condition(system.equals("SNOMED") ? SNOMED : ICD10CM, code))
				.drafts(tesamorelinDraft("rxnorm"))
				.evaluate();

		assertThat(ruleIds(guidance)).doesNotContain(rule);
	}

	@ParameterizedTest(name = "cardiac {0} {1} keeps hiit-absent quiet")
	@CsvSource({"SNOMED, 84114007", "SNOMED, 42343007", "ICD10CM, I50.9",
			// atrial fibrillation and flutter (VSAC Atrial Fibrillation or Flutter): before, HIIT was suggested to them
			"SNOMED, 49436004", "SNOMED, 5370000", "ICD10CM, I48.0", "ICD10CM, I48.91", "ICD10CM, I48.92"})
	void cardiacCondition_keepsHiitAdviceQuiet(String system, String code) {
		Scenario scenario = Scenario.of(patient(45, "male"), exercise("r1", "resistance", TODAY.minusDays(1), 45));

		assertThat(ruleIds(scenario.evaluate())).contains("hiit-absent");
		assertThat(ruleIds(scenario.with(condition(system.equals("SNOMED") ? SNOMED : ICD10CM, code)).evaluate()))
				.doesNotContain("hiit-absent");
	}

	/** A history of atrial fibrillation (a SNOMED CT situation the VSAC set lists too) is not a current arrhythmia. */
	@Test
	void historyOfAtrialFibrillation_doesNotKeepHiitAdviceQuiet() {
		Scenario scenario = Scenario.of(patient(45, "male"), exercise("r1", "resistance", TODAY.minusDays(1), 45),
				condition(SNOMED, "312442005"));

		assertThat(ruleIds(scenario.evaluate())).contains("hiit-absent");
	}

	@Test
	void hypophysectomyProcedure_contraindicatesTesamorelin() {
		Procedure procedure = new Procedure();
		procedure.setId("pr1");
		procedure.setStatus(Procedure.ProcedureStatus.COMPLETED);
		procedure.setCode(new CodeableConcept(new Coding(SNOMED, "52699005", "Hypophysectomy")));

		Guidance guidance = Scenario.of(patient(45, "male"), procedure).drafts(tesamorelinDraft("rxnorm")).evaluate();

		assertThat(ruleIds(guidance)).contains("tesamorelin-hp-axis-disorder");
	}

	/**
	 * Pituitary surgery as claims and US Core data code it: a hypophysectomy in CPT (61546, 61548) or an ICD-10-PCS
	 * destruction, excision or resection of the pituitary counts, as the same operation in SNOMED CT does (before, only
	 * named: probe 60, P60-M2); another ICD-10-PCS operation on the pituitary is named, never silently passed; other
	 * operations are neither. The same under the code systems' HL7 OIDs or in lower case.
	 */
	@ParameterizedTest(name = "{0} {1} -> {2}")
	@CsvSource({
			"http://www.ama-assn.org/go/cpt,             61548,   counted",
			"http://www.ama-assn.org/go/cpt,             61546,   counted",
			"http://www.cms.gov/Medicare/Coding/ICD10,   0GT00ZZ, counted",
			"http://www.cms.gov/Medicare/Coding/ICD10,   0GB04ZZ, counted",
			"http://www.cms.gov/Medicare/Coding/ICD10,   0GJ04ZZ, named",
			// pituitary radiosurgery and beam radiation, the head irradiation of the label (probe 61, P61-M3)
			"http://www.cms.gov/Medicare/Coding/ICD10,   DG20JZZ, counted",
			"http://www.cms.gov/Medicare/Coding/ICD10,   DG00KZZ, counted",
			"http://www.cms.gov/Medicare/Coding/ICD10,   DG21JZZ, neither",
			"http://www.cms.gov/Medicare/Coding/ICD10,   0DTJ4ZZ, neither",
			"http://www.ama-assn.org/go/cpt,             44970,   neither",
			// under their HL7 OIDs, THO's other URI of ICD-10-PCS, or in lower case (probe 61, P61-m4)
			"urn:oid:2.16.840.1.113883.6.4,              0gb04zz, counted",
			"http://terminology.hl7.org/CodeSystem/icd10PCS, 0GT00ZZ, counted",
			"urn:oid:2.16.840.1.113883.6.12,             61548,   counted",
			"http://www.cms.gov/Medicare/Coding/ICD10,   dg20jzz, counted",
			"urn:oid:2.16.840.1.113883.6.4,              0gj04zz, named"})
	void pituitaryProcedureCodedInCptOrIcd10Pcs_countsOrIsNamed(String system, String code, String expected) {
		Procedure procedure = new Procedure();
		procedure.setId("pr1");
		procedure.setStatus(Procedure.ProcedureStatus.COMPLETED);
		procedure.setCode(new CodeableConcept(new Coding(system, code, null)));

		Guidance guidance = Scenario.of(patient(45, "male"), procedure).drafts(tesamorelinDraft("rxnorm")).evaluate();
		// beside a peptide no label covers too: before, nothing at all (probe 59, P59-M2)
		Scenario sermorelin = Scenario.of(patient(45, "male"), procedure)
				.drafts(org.somaxis.guidance.Fixtures.peptide("d2", "sermorelin", "draft", TODAY));

		assertThat(ruleIds(guidance).contains("tesamorelin-hp-axis-disorder")).isEqualTo(expected.equals("counted"));
		assertThat(ruleIds(sermorelin.evaluate()).contains("secretagogue-hp-axis-disorder")).isEqualTo(expected.equals("counted"));
		assertThat(guidance.messages().stream().anyMatch(message -> message.startsWith("Procedure/pr1 (" + system + " " + code
				+ ") may be hypothalamic-pituitary but is not in ValueSet"))).isEqualTo(expected.equals("named"));
		assertThat(sermorelin.record().contraindicationsMayBeMissing().stream()
				.anyMatch(missing -> missing.startsWith("Procedure/pr1"))).isEqualTo(expected.equals("named"));
	}

	@Test
	void rxNormOnlyTesamorelinOrder_isReadAsTesamorelin() {
		var record = Scenario.of(patient(45, "male")).drafts(tesamorelinDraft("rxnorm")).record();

		assertThat(record.peptides()).singleElement().satisfies(order -> {
			assertThat(order.code()).isEqualTo("tesamorelin");
			assertThat(order.mechanism()).isEqualTo("ghrh-analogue");
		});
		assertThat(record.dataQuality()).isEmpty();
	}

	@ParameterizedTest(name = "pregnancy status value {0} {1} -> pregnant {2}")
	@CsvSource({"SNOMED, 77386006, true", "SNOMED, 255409004, true", "ICD10CM, Z33.1, true", "SNOMED, 60001007, false"})
	void pregnancyStatusObservation_countsByValueMembership(String system, String code, boolean pregnant) {
		Observation status = new Observation();
		status.setId("ps1");
		status.setStatus(Observation.ObservationStatus.FINAL);
		status.setCode(new CodeableConcept(new Coding(Codes.LOINC, Codes.PREGNANCY_STATUS, null)));
		status.setValue(new CodeableConcept(new Coding(system.equals("SNOMED") ? SNOMED : ICD10CM, code, null)));
		status.setEffective(new DateTimeType(TODAY.minusDays(2).toString()));

		Guidance guidance = Scenario.of(patient(30, "female"), status).drafts(tesamorelinDraft("gh-peptides")).evaluate();

		assertThat(ruleIds(guidance).contains("peptide-pregnancy")).isEqualTo(pregnant);
	}

	@ParameterizedTest(name = "clinicalStatus {0}, verificationStatus {1} -> counts {2}")
	@CsvSource({
			"active,     confirmed,        true",
			"recurrence, ,                 true",
			"relapse,    provisional,      true",
			"remission,  confirmed,        false",
			"resolved,   ,                 false",
			"inactive,   ,                 false",
			"active,     refuted,          false",
			"active,     entered-in-error, false"})
	void conditionCounts_onlyWhenActiveAndNotRefuted(String clinical, String verification, boolean counts) {
		Condition condition = condition(SNOMED, "254837009");
		condition.setClinicalStatus(new CodeableConcept(new Coding(Codes.CONDITION_CLINICAL, clinical.trim(), null)));
		if (verification != null) {
			condition.setVerificationStatus(new CodeableConcept(new Coding(
					"http://terminology.hl7.org/CodeSystem/condition-ver-status", verification.trim(), null)));
		}

		Guidance guidance = Scenario.of(patient(45, "female"), condition).drafts(tesamorelinDraft("rxnorm")).evaluate();

		assertThat(ruleIds(guidance).contains("peptide-active-malignancy")).isEqualTo(counts);
	}

	@Test
	void conditionWithoutClinicalStatus_doesNotCountAndSaysSo() {
		Condition condition = condition(ICD10CM, "C50.911");
		condition.setClinicalStatus(null);

		Guidance guidance = Scenario.of(patient(45, "female"), condition).drafts(tesamorelinDraft("rxnorm")).evaluate();

		assertThat(ruleIds(guidance)).doesNotContain("peptide-active-malignancy");
		assertThat(guidance.messages()).anyMatch(message -> message.contains("Condition/c1") && message.contains("clinicalStatus"));
	}

	@Test
	void snomedOid_isReadAsSnomed() {
		Guidance guidance = Scenario.of(patient(45, "female"), condition("urn:oid:2.16.840.1.113883.6.96", "254837009"))
				.drafts(tesamorelinDraft("rxnorm"))
				.evaluate();

		assertThat(ruleIds(guidance)).contains("peptide-active-malignancy");
	}
}
