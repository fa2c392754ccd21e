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

	@Test
	void clinicValueSetWithAnExclude_takesTheListedCodeOutOfTheGroup() throws IOException {
		assertThat(PACKAGED.group(CodeGroup.DIABETES).contains(ICD10CM, "E11.9")).isTrue();
		write("diabetes-narrower.json", """
				{"resourceType": "ValueSet", "url": "http://somaxis.org/fhir/ValueSet/diabetes-conditions", "status": "active",
				 "compose": {"include": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "concept": [{"code": "E11.8"}]}],
				             "exclude": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "concept": [{"code": "E11.9"}]}]}}
				""");

		Knowledge knowledge = KnowledgeLoader.fromClasspath(folder);

		assertThat(knowledge.group(CodeGroup.DIABETES).contains(ICD10CM, "E11.9")).isFalse();
		assertThat(knowledge.group(CodeGroup.DIABETES).contains(ICD10CM, "E11.8")).isTrue();
		assertThat(knowledge.group(CodeGroup.DIABETES).contains(ICD10CM, "E10.9")).isTrue();
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
}
