package org.somaxis.guidance.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.somaxis.guidance.Fixtures;
import org.somaxis.guidance.Scenario;

/** The concept groups load from terminology/ and a clinic adds codes as data (somaxis.guidance.terminology-dir). */
class ClinicTerminologyTest {
	static final String ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm";
	static final Knowledge PACKAGED = KnowledgeLoader.fromClasspath();

	@TempDir
	Path folder;

	private void write(String name, String json) throws IOException {
		Files.writeString(folder.resolve(name), json);
	}

	@Test
	void packagedGroups_holdThePublishedExpansions() {
		assertThat(PACKAGED.group(CodeGroup.MALIGNANCY).size()).isGreaterThan(4000);
		assertThat(PACKAGED.group(CodeGroup.MALIGNANCY).contains("http://snomed.info/sct", "254837009")).isTrue();
		assertThat(PACKAGED.group(CodeGroup.PREGNANCY).contains(ICD10CM, "Z33.1")).isTrue();
		assertThat(PACKAGED.group(CodeGroup.DIABETES).contains(ICD10CM, "E11.9")).isTrue();
		assertThat(PACKAGED.group(CodeGroup.CARDIAC).contains(ICD10CM, "I50.9")).isTrue();
		assertThat(PACKAGED.group(CodeGroup.HYPOTHALAMIC_PITUITARY).contains("http://snomed.info/sct", "52699005")).isTrue();
		assertThat(PACKAGED.peptideFor("http://www.nlm.nih.gov/research/umls/rxnorm", "1044587"))
				.hasValueSatisfying(peptide -> assertThat(peptide.code()).isEqualTo("tesamorelin"));
	}

	@Test
	void clinicValueSetWithAGroupsUrl_addsItsCodesToTheGroup() throws IOException {
		assertThat(PACKAGED.group(CodeGroup.HYPOTHALAMIC_PITUITARY).contains(ICD10CM, "E23.6")).isFalse();
		write("hp-axis-extra.json", """
				{"resourceType": "ValueSet", "url": "http://somaxis.org/fhir/ValueSet/hp-axis-conditions", "status": "active",
				 "compose": {"include": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "concept": [{"code": "E23.6"}]}]}}
				""");

		Knowledge knowledge = KnowledgeLoader.fromClasspath(folder);

		assertThat(knowledge.group(CodeGroup.HYPOTHALAMIC_PITUITARY).contains(ICD10CM, "E23.6")).isTrue();
		assertThat(knowledge.group(CodeGroup.HYPOTHALAMIC_PITUITARY).contains("http://snomed.info/sct", "254956000")).isTrue();
		assertThat(knowledge.group(CodeGroup.MALIGNANCY).size()).isEqualTo(PACKAGED.group(CodeGroup.MALIGNANCY).size());
	}

	@Test
	void clinicCodeSystem_canBeIncludedWhole() throws IOException {
		write("CodeSystem-local.json", """
				{"resourceType": "CodeSystem", "url": "http://clinic.example/CodeSystem/local", "status": "active",
				 "content": "complete", "concept": [{"code": "cardio-x"}, {"code": "cardio-y", "concept": [{"code": "cardio-y1"}]}]}
				""");
		write("ValueSet-cardiac.json", """
				{"resourceType": "ValueSet", "url": "http://somaxis.org/fhir/ValueSet/cardiac-conditions", "status": "active",
				 "compose": {"include": [{"system": "http://clinic.example/CodeSystem/local"}]}}
				""");

		Knowledge knowledge = KnowledgeLoader.fromClasspath(folder);

		assertThat(knowledge.group(CodeGroup.CARDIAC).contains("http://clinic.example/CodeSystem/local", "cardio-y1")).isTrue();
	}

	/** A compounded sermorelin as an EHR codes it: only its own local code, which the clinic maps to a peptide. */
	@Test
	void clinicConceptMapAndValueSet_makeALocalDrugCodeAPeptide() throws IOException {
		String local = "urn:oid:1.2.840.114350.1.13.0.1.7.2.698288";
		assertThat(PACKAGED.peptideFor(local, "123456")).isEmpty();
		write("ValueSet-gh-peptides-local.json", """
				{"resourceType": "ValueSet", "url": "http://somaxis.org/fhir/ValueSet/gh-peptides", "status": "active",
				 "compose": {"include": [{"system": "%s", "concept": [{"code": "123456"}]}]}}
				""".formatted(local));
		write("ConceptMap-gh-peptides-local.json", """
				{"resourceType": "ConceptMap", "url": "http://clinic.example/ConceptMap/peptides", "status": "active",
				 "group": [{"source": "http://somaxis.org/fhir/CodeSystem/gh-peptides", "target": "%s",
				   "element": [{"code": "sermorelin", "target": [{"code": "123456", "equivalence": "equivalent"}]}]}]}
				""".formatted(local));

		Knowledge knowledge = KnowledgeLoader.fromClasspath(folder);

		assertThat(knowledge.peptideFor(local, "123456"))
				.hasValueSatisfying(peptide -> assertThat(peptide.code()).isEqualTo("sermorelin"));
		assertThat(knowledge.peptideFor("http://www.nlm.nih.gov/research/umls/rxnorm", "1044587")).isPresent();
	}

	@Test
	void compoundedPeptideCodedLocally_meetsTheMalignancyContraindicationOnceTheClinicMapsItsCode() throws IOException {
		clinicConceptMapAndValueSet_makeALocalDrugCodeAPeptide();
		MedicationRequest compounded = Fixtures.peptide("m1", "sermorelin", "active", Fixtures.TODAY.minusDays(30), "sc");
		compounded.setMedication(new CodeableConcept(
				new Coding("urn:oid:1.2.840.114350.1.13.0.1.7.2.698288", "123456", "Sermorelin compounded")));
		Scenario unmapped = Scenario.of(Fixtures.patient(52, "female"), compounded,
				Fixtures.snomedCondition("c1", "254837009"));

		assertThat(unmapped.findings("peptide-active-malignancy")).isEmpty();
		assertThat(unmapped.record().dataQuality()).singleElement().asString().contains("only in codes Somaxis does not map");
		Scenario mapped = unmapped.knowledge(KnowledgeLoader.fromClasspath(folder));
		assertThat(mapped.findings("peptide-active-malignancy")).isNotEmpty();
		assertThat(mapped.record().dataQuality()).isEmpty();
	}

	@Test
	void clinicPeptideCodeWithoutAMapping_stopsLoadingNamingIt() throws IOException {
		write("ValueSet-gh-peptides-local.json", """
				{"resourceType": "ValueSet", "url": "http://somaxis.org/fhir/ValueSet/gh-peptides", "status": "active",
				 "compose": {"include": [{"system": "http://clinic.example/meds", "concept": [{"code": "777"}]}]}}
				""");

		assertThatThrownBy(() -> KnowledgeLoader.fromClasspath(folder))
				.isInstanceOf(KnowledgeException.class)
				.hasMessageContaining("http://clinic.example/meds|777")
				.hasMessageContaining("maps to no peptide");
	}

	@Test
	void unsupportedCompose_stopsLoadingNamingTheFile() throws IOException {
		write("bad.json", """
				{"resourceType": "ValueSet", "url": "http://somaxis.org/fhir/ValueSet/diabetes-conditions", "status": "active",
				 "compose": {"include": [{"system": "http://snomed.info/sct", "filter": [{"property": "concept", "op": "is-a", "value": "73211009"}]}]}}
				""");

		assertThatThrownBy(() -> KnowledgeLoader.fromClasspath(folder))
				.isInstanceOf(KnowledgeException.class)
				.hasMessageContaining("bad.json")
				.hasMessageContaining("only filters with property 'code' and op 'regex'");
	}

	/** VSAC Breastfeeding holds "Suppressed lactation", which is no breastfeeding (probe 60, P60-m4). */
	@Test
	void packagedLactationGroup_leavesOutSuppressedLactationButKeepsTheRestOfVsacBreastfeeding() {
		ConceptSet lactation = PACKAGED.group(CodeGroup.LACTATION);

		assertThat(lactation.contains(ICD10CM, "O92.5")).isFalse();
		assertThat(lactation.contains(ICD10CM, "O92.70")).isTrue();
		assertThat(lactation.contains(ICD10CM, "Z39.1")).isTrue();
		assertThat(lactation.contains("http://snomed.info/sct", "169643005")).isTrue();
	}

	/**
	 * A clinic file adds codes; one that took a published code out of a group (363346000 out of the malignancies)
	 * silenced its contraindication without a trace (probe 66, P66-C4). So does an exclude of a code in no include.
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
		"a published code | E11.9  | a code of the published ValueSet, which a clinic file cannot take out",
		"a code in no include | E99.99 | is in no include of the ValueSet"})
	void clinicExcludeOfACodeItDidNotAdd_stopsLoadingNamingTheFile(String what, String code, String message)
			throws IOException {
		assertThat(PACKAGED.group(CodeGroup.DIABETES).contains(ICD10CM, "E11.9")).isTrue();
		write("diabetes-narrower.json", """
				{"resourceType": "ValueSet", "url": "http://somaxis.org/fhir/ValueSet/diabetes-conditions", "status": "active",
				 "compose": {"include": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "concept": [{"code": "E11.8"}]}],
				             "exclude": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "concept": [{"code": "%s"}]}]}}
				""".formatted(code));

		assertThatThrownBy(() -> KnowledgeLoader.fromClasspath(folder))
				.isInstanceOf(KnowledgeException.class)
				.hasMessageContaining("diabetes-narrower.json")
				.hasMessageContaining(code)
				.hasMessageContaining(message);
	}

	@Test
	void clinicExcludeOfACodeOfItsOwnInclude_takesItOutOfTheGroup() throws IOException {
		write("CodeSystem-local.json", """
				{"resourceType": "CodeSystem", "url": "http://clinic.example/CodeSystem/local", "status": "active",
				 "content": "complete", "concept": [{"code": "dm-1"}, {"code": "dm-2"}]}
				""");
		write("diabetes-local.json", """
				{"resourceType": "ValueSet", "url": "http://somaxis.org/fhir/ValueSet/diabetes-conditions", "status": "active",
				 "compose": {"include": [{"system": "http://clinic.example/CodeSystem/local"}],
				             "exclude": [{"system": "http://clinic.example/CodeSystem/local", "concept": [{"code": "dm-2"}]}]}}
				""");

		Knowledge knowledge = KnowledgeLoader.fromClasspath(folder);

		assertThat(knowledge.group(CodeGroup.DIABETES).contains("http://clinic.example/CodeSystem/local", "dm-1")).isTrue();
		assertThat(knowledge.group(CodeGroup.DIABETES).contains("http://clinic.example/CodeSystem/local", "dm-2")).isFalse();
		assertThat(knowledge.group(CodeGroup.DIABETES).contains(ICD10CM, "E11.9")).isTrue();
	}

	@Test
	void excludeByFilter_stopsLoadingNamingTheFile() throws IOException {
		write("bad-exclude.json", """
				{"resourceType": "ValueSet", "url": "http://somaxis.org/fhir/ValueSet/diabetes-conditions", "status": "active",
				 "compose": {"include": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "concept": [{"code": "E11.8"}]}],
				             "exclude": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "filter": [{"property": "code", "op": "regex", "value": "E11.*"}]}]}}
				""");

		assertThatThrownBy(() -> KnowledgeLoader.fromClasspath(folder))
				.isInstanceOf(KnowledgeException.class)
				.hasMessageContaining("bad-exclude.json")
				.hasMessageContaining("only an exclude of listed codes");
	}

	/** A regex filter would still match the code at run time, so the group would not be what the ValueSet says. */
	@Test
	void excludeOfACodeARegexFilterMatches_stopsLoading() throws IOException {
		write("regex-exclude.json", """
				{"resourceType": "ValueSet", "url": "http://somaxis.org/fhir/ValueSet/diabetes-conditions", "status": "active",
				 "compose": {"include": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "filter": [{"property": "code", "op": "regex", "value": "E13\\\\..*"}]}],
				             "exclude": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "concept": [{"code": "E13.9"}]}]}}
				""");

		assertThatThrownBy(() -> KnowledgeLoader.fromClasspath(folder))
				.isInstanceOf(KnowledgeException.class)
				.hasMessageContaining("regex-exclude.json")
				.hasMessageContaining("'E13.9' is matched by a regex filter");
	}

	@Test
	void includedValueSetThatDoesNotExist_stopsLoading() throws IOException {
		write("x.json", """
				{"resourceType": "ValueSet", "url": "http://somaxis.org/fhir/ValueSet/pregnancy-conditions", "status": "active",
				 "compose": {"include": [{"valueSet": ["http://clinic.example/ValueSet/missing"]}]}}
				""");

		assertThatThrownBy(() -> KnowledgeLoader.fromClasspath(folder))
				.isInstanceOf(KnowledgeException.class)
				.hasMessageContaining("http://clinic.example/ValueSet/missing");
	}

	@Test
	void missingFolder_stopsLoading() {
		assertThatThrownBy(() -> KnowledgeLoader.fromClasspath(folder.resolve("nope")))
				.isInstanceOf(KnowledgeException.class)
				.hasMessageContaining("does not exist");
	}

	@Test
	void peptideCodeWithoutAMappedPeptide_isRejected() throws IOException {
		write("peptides.json", """
				{"resourceType": "ValueSet", "url": "http://somaxis.org/fhir/ValueSet/gh-peptides", "status": "active",
				 "compose": {"include": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "concept": [{"code": "999999"}]}]}}
				""");

		assertThatThrownBy(() -> KnowledgeLoader.fromClasspath(folder))
				.isInstanceOf(KnowledgeException.class)
				.hasMessageContaining("999999")
				.hasMessageContaining("maps to no peptide");
	}

	static final String CLINIC_PROBLEMS = "http://clinic.example.org/codes/problems";
	static final String CLINIC_DRUGS = "http://clinic.example.org/codes/drugs";
	static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";

	private void clinicCardiacCode() throws IOException {
		write("ValueSet-cardiac-local.json", """
				{"resourceType": "ValueSet", "url": "http://somaxis.org/fhir/ValueSet/cardiac-conditions", "status": "active",
				 "compose": {"include": [{"system": "%s", "concept": [{"code": "CARD-01"}]}]}}
				""".formatted(CLINIC_PROBLEMS));
	}

	private void clinicTesamorelinCode() throws IOException {
		write("ConceptMap-peptides.json", """
				{"resourceType": "ConceptMap", "url": "http://clinic.example/ConceptMap/peptides", "status": "active",
				 "group": [{"source": "http://somaxis.org/fhir/CodeSystem/gh-peptides", "target": "%s",
				   "element": [{"code": "tesamorelin", "target": [{"code": "RX-TESA", "equivalence": "equivalent"}]}]}]}
				""".formatted(CLINIC_DRUGS));
	}

	/**
	 * A clinic's first local code in one group made its system "held", and every other code of it passed unnamed: a
	 * local-coded metastatic carcinoma beside tesamorelin drew nothing (probe 66, P66-C1). It is named, as before the
	 * clinic's file; the clinic's own listed code is counted.
	 */
	@Test
	void clinicLocalCodeInOneGroup_leavesTheOtherCodesOfItsSystemNamed() throws IOException {
		clinicCardiacCode();
		Knowledge knowledge = KnowledgeLoader.fromClasspath(folder);
		MedicationRequest draft = Fixtures.peptide("o1", "tesamorelin", "active", Fixtures.TODAY.minusDays(10), "sc");

		Scenario unlisted = Scenario.of(Fixtures.patient(52, "female"), draft,
				Fixtures.condition("c1", CLINIC_PROBLEMS, "ONC-777", "active")).knowledge(knowledge);
		Scenario listed = Scenario.of(Fixtures.patient(52, "female"), draft,
				Fixtures.condition("c1", CLINIC_PROBLEMS, "CARD-01", "active")).knowledge(knowledge);

		assertThat(unlisted.record().dataQuality()).anySatisfy(message -> assertThat(message)
				.contains("Condition/c1's code ONC-777").contains("is in no concept group"));
		assertThat(listed.record().dataQuality()).noneSatisfy(message -> assertThat(message).contains("Condition/c1"));
		assertThat(knowledge.groupSystems()).doesNotContain(CLINIC_PROBLEMS);
	}

	/**
	 * Each was skipped without a word, and the codes in it counted for nothing (probe 66, P66-C2, M1, M4, m1); an NDC
	 * package's exclude took its whole product out, and a 10-digit NDC was kept as three products (probe 69, P69-C2, M1).
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '#', quoteCharacter = '"', value = {
		"a ValueSet url no group has # ValueSet-x.json # {'resourceType': 'ValueSet', 'url': 'http://somaxis.org/fhir/ValueSet/malignancy-condition', 'status': 'active', 'compose': {'include': [{'system': 'http://clinic.example.org/codes/problems', 'concept': [{'code': 'ONC-1'}]}]}} # is no ValueSet the guidance reads",
		"a group's url with a version # ValueSet-x.json # {'resourceType': 'ValueSet', 'url': 'http://somaxis.org/fhir/ValueSet/malignancy-conditions|0.1.0', 'status': 'active', 'compose': {'include': [{'system': 'http://clinic.example.org/codes/problems', 'concept': [{'code': 'ONC-1'}]}]}} # is no ValueSet the guidance reads",
		"a CodeSystem nothing includes # CodeSystem-x.json # {'resourceType': 'CodeSystem', 'url': 'http://clinic.example/CodeSystem/unused', 'status': 'active', 'content': 'complete', 'concept': [{'code': 'a'}]} # is included whole by no ValueSet",
		"a ConceptMap of another source # ConceptMap-x.json # {'resourceType': 'ConceptMap', 'url': 'http://clinic.example/ConceptMap/x', 'status': 'active', 'group': [{'source': 'http://somaxis.org/fhir/ValueSet/gh-peptides', 'target': 'http://clinic.example.org/codes/drugs', 'element': [{'code': 'ipamorelin', 'target': [{'code': 'RX-IPAM', 'equivalence': 'equivalent'}]}]}]} # must be http://somaxis.org/fhir/CodeSystem/gh-peptides",
		"a retired ValueSet # ValueSet-x.json # {'resourceType': 'ValueSet', 'url': 'http://somaxis.org/fhir/ValueSet/pregnancy-conditions', 'status': 'retired', 'compose': {'include': [{'system': 'http://clinic.example.org/codes/problems', 'concept': [{'code': 'P-1'}]}]}} # is retired",
		"a Patient # Patient.json # {'resourceType': 'Patient', 'id': 'x'} # 'Patient' must be ValueSet, CodeSystem or ConceptMap",
		"an XML file # ValueSet-x.xml # <ValueSet xmlns='http://hl7.org/fhir'/> # is not a FHIR JSON file",
		"a .JSON file # ValueSet-x.JSON # {} # is not a FHIR JSON file",
		"an excluded package # ValueSet-antineoplastics.json # {'resourceType': 'ValueSet', 'url': 'http://somaxis.org/fhir/ValueSet/antineoplastic-medications', 'status': 'active', 'compose': {'include': [{'system': 'http://hl7.org/fhir/sid/ndc', 'concept': [{'code': '45678-111'}]}], 'exclude': [{'system': 'http://hl7.org/fhir/sid/ndc', 'concept': [{'code': '45678-111-22'}]}]}} # is an NDC package code",
		"ten digits # ConceptMap-x.json # {'resourceType': 'ConceptMap', 'url': 'http://clinic.example/ConceptMap/x', 'status': 'active', 'group': [{'source': 'http://somaxis.org/fhir/CodeSystem/gh-peptides', 'target': 'http://hl7.org/fhir/sid/ndc', 'element': [{'code': 'ipamorelin', 'target': [{'code': '8888822233', 'equivalence': 'equivalent'}]}]}]} # is a 10-digit NDC without hyphens",
		"ten digits and a no-break space # ConceptMap-x.json # {'resourceType': 'ConceptMap', 'url': 'http://clinic.example/ConceptMap/x', 'status': 'active', 'group': [{'source': 'http://somaxis.org/fhir/CodeSystem/gh-peptides', 'target': 'http://hl7.org/fhir/sid/ndc', 'element': [{'code': 'ipamorelin', 'target': [{'code': '8888822233\u00a0', 'equivalence': 'equivalent'}]}]}]} # is a 10-digit NDC without hyphens",
		"ten digits and a zero-width space # ValueSet-antineoplastics.json # {'resourceType': 'ValueSet', 'url': 'http://somaxis.org/fhir/ValueSet/antineoplastic-medications', 'status': 'active', 'compose': {'include': [{'system': 'http://hl7.org/fhir/sid/ndc', 'concept': [{'code': '2345678901\u200b'}]}]}} # is a 10-digit NDC without hyphens",
		"ten digits excluded # ValueSet-antineoplastics.json # {'resourceType': 'ValueSet', 'url': 'http://somaxis.org/fhir/ValueSet/antineoplastic-medications', 'status': 'active', 'compose': {'include': [{'system': 'http://hl7.org/fhir/sid/ndc', 'concept': [{'code': '45678-111'}]}], 'exclude': [{'system': 'http://hl7.org/fhir/sid/ndc', 'concept': [{'code': '4567811122'}]}]}} # is a 10-digit NDC without hyphens",
		"nine digits # ValueSet-antineoplastics.json # {'resourceType': 'ValueSet', 'url': 'http://somaxis.org/fhir/ValueSet/antineoplastic-medications', 'status': 'active', 'compose': {'include': [{'system': 'http://hl7.org/fhir/sid/ndc', 'concept': [{'code': '678900456'}]}]}} # is not written as an NDC",
		"eight digits # ConceptMap-x.json # {'resourceType': 'ConceptMap', 'url': 'http://clinic.example/ConceptMap/x', 'status': 'active', 'group': [{'source': 'http://somaxis.org/fhir/CodeSystem/gh-peptides', 'target': 'http://hl7.org/fhir/sid/ndc', 'element': [{'code': 'ipamorelin', 'target': [{'code': '88888222', 'equivalence': 'equivalent'}]}]}]} # is not written as an NDC",
		"an exclude under an included ICD-10-CM category # ValueSet-x.json # {'resourceType': 'ValueSet', 'url': 'http://somaxis.org/fhir/ValueSet/heart-failure-conditions', 'status': 'active', 'compose': {'include': [{'system': 'http://hl7.org/fhir/sid/icd-10-cm', 'concept': [{'code': 'I42'}]}], 'exclude': [{'system': 'http://hl7.org/fhir/sid/icd-10-cm', 'concept': [{'code': 'I42.8'}]}]}} # is under I42, which the ValueSet includes",
		"an exclude of a listed code under an included ICD-10-CM category # ValueSet-x.json # {'resourceType': 'ValueSet', 'url': 'http://somaxis.org/fhir/ValueSet/heart-failure-conditions', 'status': 'active', 'compose': {'include': [{'system': 'http://hl7.org/fhir/sid/icd-10-cm', 'concept': [{'code': 'I42'}, {'code': 'I42.8'}]}], 'exclude': [{'system': 'http://hl7.org/fhir/sid/icd-10-cm', 'concept': [{'code': 'I42.8'}]}]}} # is under I42, which the ValueSet includes",
		"a SNOMED CT code with a wrong check digit # ValueSet-x.json # {'resourceType': 'ValueSet', 'url': 'http://somaxis.org/fhir/ValueSet/malignancy-conditions', 'status': 'active', 'compose': {'include': [{'system': 'http://snomed.info/sct', 'concept': [{'code': '363346001'}]}]}} # is not a SNOMED CT concept identifier"})
	void clinicFileThatWouldBeReadForNothing_stopsLoadingNamingIt(String what, String name, String content, String message)
			throws IOException {
		write(name, content.replace('\'', '"'));

		assertThatThrownBy(() -> KnowledgeLoader.fromClasspath(folder))
				.isInstanceOf(KnowledgeException.class)
				.hasMessageContaining(name)
				.hasMessageContaining(message);
	}

	/**
	 * An exclude in either form of an included product (padded 5-4 or 5-3) takes it out in every form a record may write
	 * it in: the padded exclude was refused as "in no include", a typing error (probe 70, P70-m3), and the plain exclude
	 * of a padded include left the 5-4-1 and 11-digit packages in (probe 71, P71-M2).
	 */
	@ParameterizedTest(name = "include {0}, exclude {1}")
	@CsvSource({
		"45678-111,  45678-0111, 45678-111-22 45678-0111-2 45678011122",
		"45678-0111, 45678-111,  45678-111-22 45678-0111-2 45678011122",
		"1234-5678,  01234-5678, 1234-5678-90 01234-5678-9 01234567890",
		"01234-5678, 1234-5678,  1234-5678-90 01234-5678-9 01234567890"})
	void anExcludeInEitherFormOfAnIncludedProduct_takesItOutInEveryForm(String included, String excluded, String packages)
			throws IOException {
		String ndc = "http://hl7.org/fhir/sid/ndc";
		write("ValueSet-antineoplastics.json", """
				{"resourceType": "ValueSet", "url": "http://somaxis.org/fhir/ValueSet/antineoplastic-medications",
				 "status": "active", "compose": {"include": [{"system": "%1$s", "concept": [{"code": "%2$s"},
				 {"code": "45679-222"}]}], "exclude": [{"system": "%1$s", "concept": [{"code": "%3$s"}]}]}}
				""".formatted(ndc, included, excluded));

		Knowledge knowledge = KnowledgeLoader.fromClasspath(folder);

		for (String recorded : packages.split(" ")) {
			assertThat(knowledge.antineoplastics().contains(ndc, recorded)).as(recorded).isFalse();
		}
		assertThat(knowledge.antineoplastics().contains(ndc, "45679-222-10")).isTrue();
	}

	/**
	 * A product a clinic lists in the padded 5-4 form of the 11-digit layout is the product it came from, in every form
	 * a record writes: a padded 4-4 product, {@code 03333-4444}, missed a record's {@code 3333-4444-01}, and the cancer
	 * treatment it was counted for was lost without a word (probe 72, P72-C2), as a padded 5-3 one did before. When both
	 * segments start with a zero the padded form may be either, and both are read.
	 */
	@ParameterizedTest(name = "include {0}")
	@CsvSource({
		"03333-4444, 3333-4444-01 03333-4444-1 03333444401 3333-4444",
		"45678-0111, 45678-111-22 45678-0111-2 45678011122 45678-111",
		"04444-0555, 4444-0555-01 04444-555-01 04444055501 04444-0555-1",
		"3333-4444,  3333-4444-01 03333444401 03333-4444"})
	void aProductListedInAnyForm_matchesTheRecordsOfThatProductInEveryForm(String included, String packages)
			throws IOException {
		String ndc = "http://hl7.org/fhir/sid/ndc";
		Knowledge knowledge = withOneCode("antineoplastic-medications", ndc, included);

		for (String recorded : packages.split(" ")) {
			assertThat(knowledge.antineoplastics().contains(ndc, recorded)).as(recorded).isTrue();
		}
		assertThat(knowledge.antineoplastics().contains(ndc, "3333-4445-01")).isFalse();
	}

	@Test
	void subfolderOrTwoCodeSystemsWithOneUrl_stopLoading() throws IOException {
		Files.createDirectory(folder.resolve("sub"));
		assertThatThrownBy(() -> KnowledgeLoader.fromClasspath(folder)).hasMessageContaining("sub")
				.hasMessageContaining("no subfolders");
		Files.delete(folder.resolve("sub"));
		String codeSystem = """
				{"resourceType": "CodeSystem", "url": "http://clinic.example/CodeSystem/dup", "status": "active",
				 "content": "complete", "concept": [{"code": "%s"}]}
				""";
		write("CodeSystem-a.json", codeSystem.formatted("A"));
		write("CodeSystem-b.json", codeSystem.formatted("B"));

		assertThatThrownBy(() -> KnowledgeLoader.fromClasspath(folder)).hasMessageContaining("CodeSystem-b.json")
				.hasMessageContaining("is also the url of").hasMessageContaining("CodeSystem-a.json");
	}

	/**
	 * A category a clinic lists in ICD-10-CM holds the codes under it, as a WHO ICD-10 category does: "I42" held only a
	 * record coded "I42", and an "I42.0" beside MK-677 drew no heart-failure warning and no message (probe 72, P72-M2).
	 * A code beside it, not under it, is not held.
	 */
	@ParameterizedTest(name = "{0} listed, {1} recorded -> {2}")
	@CsvSource({"I42, I42.0, true", "I42, I42, true", "I42, i420, true", "I42.0, I42.01, true", "S72, S72.001A, true",
		"I42, I43, false", "I42.0, I42.1, false", "I42.0, I42, false"})
	void anIcd10CmCategoryAClinicLists_holdsTheCodesUnderIt(String listed, String recorded, boolean held)
			throws IOException {
		String icd10cm = "http://hl7.org/fhir/sid/icd-10-cm";
		Knowledge knowledge = withOneCode("heart-failure-conditions", icd10cm, listed);

		assertThat(knowledge.group(CodeGroup.HEART_FAILURE).contains(icd10cm, recorded)).isEqualTo(held);
	}

	/** The knowledge with a clinic ValueSet of the shipped url {@code name} that lists one code. */
	private Knowledge withOneCode(String name, String system, String code) throws IOException {
		write("ValueSet-" + name + ".json", """
				{"resourceType": "ValueSet", "url": "http://somaxis.org/fhir/ValueSet/%s",
				 "status": "active", "compose": {"include": [{"system": "%s", "concept": [{"code": "%s"}]}]}}
				""".formatted(name, system, code));
		return KnowledgeLoader.fromClasspath(folder);
	}

	/** Windows editors write one; hidden files (.DS_Store) are no clinic files (probe 66, P66-m4). */
	@Test
	void fileWithAByteOrderMark_isRead_andHiddenFilesAreLeftAlone() throws IOException {
		write("ValueSet-cardiac-local.json", "\uFEFF" + """
				{"resourceType": "ValueSet", "url": "http://somaxis.org/fhir/ValueSet/cardiac-conditions", "status": "active",
				 "compose": {"include": [{"system": "%s", "concept": [{"code": "CARD-01"}]}]}}
				""".formatted(CLINIC_PROBLEMS));
		write(".DS_Store", "not json");

		Knowledge knowledge = KnowledgeLoader.fromClasspath(folder);

		assertThat(knowledge.group(CodeGroup.CARDIAC).contains(CLINIC_PROBLEMS, "CARD-01")).isTrue();
	}

	/** A target the map says is not the peptide ({@code disjoint}, {@code unmatched}) is not read as it (P66-M2). */
	@Test
	void clinicMapTargetThatIsNotThePeptide_isNotReadAsIt() throws IOException {
		write("ConceptMap-not.json", """
				{"resourceType": "ConceptMap", "url": "http://clinic.example/ConceptMap/not", "status": "active",
				 "group": [{"source": "http://somaxis.org/fhir/CodeSystem/gh-peptides", "target": "%s",
				   "element": [{"code": "ipamorelin", "target": [{"code": "1044587", "equivalence": "disjoint"}]}]},
				           {"source": "http://somaxis.org/fhir/CodeSystem/gh-peptides", "target": "%s",
				   "element": [{"code": "hexarelin", "target": [{"code": "RX-NOTHEX", "equivalence": "unmatched"},
				                                                {"code": "RX-HEX", "equivalence": "narrower"}]}]}]}
				""".formatted(RXNORM, CLINIC_DRUGS));

		Knowledge knowledge = KnowledgeLoader.fromClasspath(folder);

		assertThat(knowledge.peptideFor(RXNORM, "1044587"))
				.hasValueSatisfying(peptide -> assertThat(peptide.code()).isEqualTo("tesamorelin"));
		assertThat(knowledge.peptideFor(CLINIC_DRUGS, "RX-NOTHEX")).isEmpty();
		assertThat(knowledge.peptideFor(CLINIC_DRUGS, "RX-HEX"))
				.hasValueSatisfying(peptide -> assertThat(peptide.code()).isEqualTo("hexarelin"));
	}

	/**
	 * A clinic map re-pointed EGRIFTA SV to ipamorelin, and the tesamorelin contraindication became ipamorelin's warning;
	 * another made letrozole a sermorelin (probe 66, P66-C3, M2). A wider or related code would be shown as the one
	 * peptide (P67-m1); a map naming nothing as a peptide is read for nothing (m2); mannitol made a sermorelin turned
	 * every vial with it into a blend (M2). Each stops loading.
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
		"a wider code           | http://www.nlm.nih.gov/research/umls/rxnorm | ipamorelin | GHS-CLASS  | wider    | must be equivalent, equal, narrower or specializes",
		"a code that names another peptide | http://www.nlm.nih.gov/research/umls/rxnorm | ipamorelin | 1044587 | equivalent | names tesamorelin",
		"a drug of the medication sets | http://www.nlm.nih.gov/research/umls/rxnorm | sermorelin | 200064 | equivalent | is in ValueSet antineoplastic-medications",
		"only a disjoint target | http://www.nlm.nih.gov/research/umls/rxnorm | ipamorelin | 1044587    | disjoint | names no code as a peptide",
		"an excipient           | http://fdasis.nlm.nih.gov                   | sermorelin | 3OWL53L36A | equivalent | is an excipient"})
	void clinicMapTheRulesWouldMisread_stopsLoadingNamingIt(String what, String system, String peptide, String code,
			String equivalence, String message) throws IOException {
		write("ConceptMap-x.json", """
				{"resourceType": "ConceptMap", "url": "http://clinic.example/ConceptMap/x", "status": "active",
				 "group": [{"source": "http://somaxis.org/fhir/CodeSystem/gh-peptides", "target": "%s",
				   "element": [{"code": "%s", "target": [{"code": "%s", "equivalence": "%s"}]}]}]}
				""".formatted(system, peptide, code, equivalence));

		assertThatThrownBy(() -> KnowledgeLoader.fromClasspath(folder))
				.isInstanceOf(KnowledgeException.class)
				.hasMessageContaining("ConceptMap-x.json")
				.hasMessageContaining(message);
	}

	/** Every tesamorelin order was cited as its own cancer treatment (probe 67, P67-M3). */
	@Test
	void clinicMedicationSetHoldingAPeptideCode_stopsLoadingNamingIt() throws IOException {
		write("ValueSet-antineoplastics.json", """
				{"resourceType": "ValueSet", "url": "http://somaxis.org/fhir/ValueSet/antineoplastic-medications",
				 "status": "active", "compose": {"include": [{"system": "%s", "concept": [{"code": "2168763"}]}]}}
				""".formatted(RXNORM));

		assertThatThrownBy(() -> KnowledgeLoader.fromClasspath(folder))
				.isInstanceOf(KnowledgeException.class)
				.hasMessageContaining("ValueSet-antineoplastics.json")
				.hasMessageContaining("2168763 names tesamorelin");
	}

	/**
	 * A clinic's listed code beside another of its own codes in no group counted the Condition as checked, and the other
	 * code (a melanoma's) went unnamed (probe 67, P67-M1).
	 */
	@Test
	void conditionWithAListedAndAnUnlistedClinicCode_isCountedAndNamed() throws IOException {
		clinicCardiacCode();
		org.hl7.fhir.r4.model.Condition both = Fixtures.condition("c1", CLINIC_PROBLEMS, "CARD-01", "active");
		both.getCode().addCoding(new Coding(CLINIC_PROBLEMS, "ONC-999", "Metastatic melanoma"));

		Scenario scenario = Scenario.of(Fixtures.patient(52, "female"),
				Fixtures.peptide("o1", "tesamorelin", "active", Fixtures.TODAY.minusDays(10), "sc"), both)
				.knowledge(KnowledgeLoader.fromClasspath(folder));

		assertThat(scenario.record().dataQuality()).anySatisfy(message -> assertThat(message)
				.contains("Condition/c1").contains("ONC-999").contains("is in no concept group"));
	}

	/**
	 * An order coded with the clinic's peptide code beside another drug's RxNorm code was read as the other drug alone:
	 * an active malignancy beside it drew an info line (probe 66, P66-C5). It is read as the peptide too, and named.
	 */
	@Test
	void orderCodedAsAClinicPeptideAndAnotherDrug_isCheckedAsThePeptide() throws IOException {
		clinicTesamorelinCode();
		MedicationRequest draft = Fixtures.peptide("o1", "tesamorelin", "active", Fixtures.TODAY.minusDays(10), "sc");
		draft.setMedication(new CodeableConcept()
				.addCoding(new Coding(RXNORM, "860975", "metformin 500 MG Extended Release Oral Tablet"))
				.addCoding(new Coding(CLINIC_DRUGS, "RX-TESA", "Tesamorelin compounded")));

		Scenario scenario = Scenario.of(Fixtures.patient(52, "female"), draft, Fixtures.snomedCondition("c1", "254837009"))
				.knowledge(KnowledgeLoader.fromClasspath(folder));

		assertThat(scenario.findings("peptide-active-malignancy")).isNotEmpty();
		assertThat(scenario.record().dataQuality()).anySatisfy(message -> assertThat(message)
				.contains("coded both as a GH-axis peptide and as a drug of ValueSet"));
	}

	/**
	 * An NDC package code a clinic lists is kept as its product code, the level every lookup reads an NDC at: it was kept
	 * as written and never matched, so a cancer drug or a peptide listed so counted for nothing (probe 68, P68-C1, M3).
	 */
	@Test
	void clinicNdcPackageCodes_matchOrdersCodedWithThem() throws IOException {
		String ndc = "http://hl7.org/fhir/sid/ndc";
		write("ValueSet-antineoplastics.json", """
				{"resourceType": "ValueSet", "url": "http://somaxis.org/fhir/ValueSet/antineoplastic-medications",
				 "status": "active", "compose": {"include": [{"system": "%s", "concept": [{"code": "12345-678-90"}]}]}}
				""".formatted(ndc));
		write("ConceptMap-peptides.json", """
				{"resourceType": "ConceptMap", "url": "http://clinic.example/ConceptMap/peptides", "status": "active",
				 "group": [{"source": "http://somaxis.org/fhir/CodeSystem/gh-peptides", "target": "%s",
				   "element": [{"code": "ipamorelin", "target": [{"code": "99999-111-22", "equivalence": "equivalent"}]}]}]}
				""".formatted(ndc));

		Knowledge knowledge = KnowledgeLoader.fromClasspath(folder);

		assertThat(knowledge.antineoplastics().contains(ndc, "12345-678-90")).isTrue();
		assertThat(knowledge.peptideFor(ndc, "99999-111-22"))
				.hasValueSatisfying(peptide -> assertThat(peptide.code()).isEqualTo("ipamorelin"));
	}

	/** Beside a published code too, each clinic code no group lists is named (probe 68, P68-M1, m1). */
	@Test
	void everyUnlistedClinicCode_isNamed_alsoBesideAPublishedCode() throws IOException {
		clinicCardiacCode();
		org.hl7.fhir.r4.model.Condition coded = Fixtures.snomedCondition("c1", "38341003");
		coded.getCode().addCoding(new Coding(CLINIC_PROBLEMS, "CARD-01", "Hypertension (clinic)"))
				.addCoding(new Coding(CLINIC_PROBLEMS, "ONC-999", "Metastatic melanoma"))
				.addCoding(new Coding(CLINIC_PROBLEMS, "ONC-998", "Melanoma in situ"));

		Scenario scenario = Scenario.of(Fixtures.patient(52, "female"),
				Fixtures.peptide("o1", "tesamorelin", "active", Fixtures.TODAY.minusDays(10), "sc"), coded)
				.knowledge(KnowledgeLoader.fromClasspath(folder));

		assertThat(scenario.record().dataQuality())
				.anySatisfy(message -> assertThat(message).contains("ONC-999").contains("is in no concept group"))
				.anySatisfy(message -> assertThat(message).contains("ONC-998").contains("is in no concept group"))
				.noneSatisfy(message -> assertThat(message).contains("CARD-01"));
	}

	/**
	 * Beside a clinic's listed code, a code without a system or in another clinic system no group lists is named too: my
	 * fix for a published code beside it had left them out (probe 69, P69-C1), and so they stayed when a published
	 * coding stood beside them as well (probe 70, P70-C2).
	 */
	@ParameterizedTest(name = "{0}, a published coding beside them {3}")
	@CsvSource(delimiter = '|', value = {
		"without a system             |                                                | ONC-999 | false",
		"in another unlisted system   | http://clinic.example.org/codes/other-problems | MEL-1   | false",
		"without a system             |                                                | ONC-999 | true",
		"in another unlisted system   | http://clinic.example.org/codes/other-problems | MEL-1   | true"})
	void unlistedCodeBesideAListedClinicCode_isNamed(String what, String system, String code, boolean published)
			throws IOException {
		clinicCardiacCode();
		org.hl7.fhir.r4.model.Condition both = Fixtures.condition("c1", CLINIC_PROBLEMS, "CARD-01", "active");
		both.getCode().addCoding(new Coding(system, code, "Melanoma stage IV"));
		if (published) {
			both.getCode().addCoding(new Coding("http://snomed.info/sct", "38341003", "Hypertensive disorder"));
		}

		Scenario scenario = Scenario.of(Fixtures.patient(52, "female"),
				Fixtures.peptide("o1", "tesamorelin", "active", Fixtures.TODAY.minusDays(10), "sc"), both)
				.knowledge(KnowledgeLoader.fromClasspath(folder));

		assertThat(scenario.record().dataQuality()).anySatisfy(message -> assertThat(message)
				.contains("Condition/c1").contains(code).contains("is in no concept group"));
	}

	/**
	 * A local code beside a published coding, with no clinic code on the Condition, is taken for the same concept coded
	 * twice, as EHRs send them, and not named; the published code in no group is no contraindication and not named
	 * either.
	 */
	@Test
	void aLocalCodeBesideAPublishedCodingAlone_isNotNamed() throws IOException {
		clinicCardiacCode();
		org.hl7.fhir.r4.model.Condition twice = Fixtures.snomedCondition("c1", "38341003");
		twice.getCode().addCoding(new Coding(null, "HTN-7", "Hypertension"));

		Scenario scenario = Scenario.of(Fixtures.patient(52, "female"),
				Fixtures.peptide("o1", "tesamorelin", "active", Fixtures.TODAY.minusDays(10), "sc"), twice)
				.knowledge(KnowledgeLoader.fromClasspath(folder));

		assertThat(scenario.record().dataQuality()).noneSatisfy(message -> assertThat(message).contains("Condition/c1"));
	}

	/**
	 * A code of a clinic system the groups hold, which no group lists, is named as such: it was called "coded in no
	 * system the concept groups hold", naming the very system a clinic file lists codes of (probe 70, P70-m2).
	 */
	@Test
	void anUnlistedCodeOfAClinicSystemTheGroupsHold_isNamedAsInNoConceptGroup() throws IOException {
		clinicCardiacCode();
		org.hl7.fhir.r4.model.Condition unlisted = Fixtures.condition("c1", CLINIC_PROBLEMS, "ONC-999", "active");

		Scenario scenario = Scenario.of(Fixtures.patient(52, "female"),
				Fixtures.peptide("o1", "tesamorelin", "active", Fixtures.TODAY.minusDays(10), "sc"), unlisted)
				.knowledge(KnowledgeLoader.fromClasspath(folder));

		assertThat(scenario.record().dataQuality())
				.anySatisfy(message -> assertThat(message).contains("Condition/c1's code ONC-999").contains("is in no concept group"))
				.noneSatisfy(message -> assertThat(message).contains("coded in no system the concept groups hold"));
	}
}
