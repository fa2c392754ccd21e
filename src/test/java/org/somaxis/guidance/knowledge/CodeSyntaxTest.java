package org.somaxis.guidance.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Coding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ICD-10-CM, ICD-10 and SNOMED CT codes are checked for the form their systems give them, and every published member passes. */
class CodeSyntaxTest {

	/** Every SNOMED CT and ICD-10-CM code the published concept groups enumerate is well-formed (hundreds of them). */
	@Test
	void everyCodeOfThePublishedGroups_isWellFormed() {
		Knowledge knowledge = KnowledgeLoader.fromClasspath();
		List<String> members = Stream.of(CodeGroup.values())
				.flatMap(group -> knowledge.group(group).codes().stream())
				.filter(member -> member.startsWith(ConceptSet.SNOMED + "|") || member.startsWith(ConceptSet.ICD10CM + "|")
						|| member.startsWith(ConceptSet.ICD10 + "|"))
				.distinct()
				.toList();

		assertThat(members).hasSizeGreaterThan(100).anyMatch(member -> member.startsWith(ConceptSet.ICD10 + "|"));
		assertThat(members).allSatisfy(member -> {
			int bar = member.indexOf('|');
			assertThat(CodeSyntax.problem(new Coding(member.substring(0, bar), member.substring(bar + 1), null)))
					.as(member).isEmpty();
		});
	}

	@ParameterizedTest(name = "{0} {1} -> well-formed {2}")
	@CsvSource({
			"http://hl7.org/fhir/sid/icd-10-cm, C50.911, true",
			"http://hl7.org/fhir/sid/icd-10-cm, c50911, true",
			"http://hl7.org/fhir/sid/icd-10-cm, C7A.00, true",
			"http://hl7.org/fhir/sid/icd-10-cm, Z3A.12, true",
			"http://hl7.org/fhir/sid/icd-10-cm, U07.1, true",
			"http://hl7.org/fhir/sid/icd-10-cm, S72.001A, true",
			"http://hl7.org/fhir/sid/icd-10-cm, C50, true",
			"http://hl7.org/fhir/sid/icd-10-cm, C5, false",
			"http://hl7.org/fhir/sid/icd-10-cm, 150.9, false",
			"http://hl7.org/fhir/sid/icd-10-cm, C50.9111A, false",
			"http://hl7.org/fhir/sid/icd-10, C50.9, true",
			"http://hl7.org/fhir/sid/icd-10, c509, true",
			"http://hl7.org/fhir/sid/icd-10, E11, true",
			"http://hl7.org/fhir/sid/icd-10, E10.5\u2020, true",
			"http://hl7.org/fhir/sid/icd-10, H36.0*, true",
			"http://fhir.de/CodeSystem/bfarm/icd-10-gm, E11.90, true",
			"http://fhir.de/CodeSystem/bfarm/icd-10-gm, U69.10!, true",
			"urn:oid:2.16.840.1.113883.6.3, C61, true",
			"http://hl7.org/fhir/sid/icd-10, C50.9A, false",
			"http://hl7.org/fhir/sid/icd-10, C7A.00, false",
			"http://fhir.de/CodeSystem/bfarm/icd-10-gm, C50.911, false",
			"http://snomed.info/sct, 363346000, true",
			"http://snomed.info/sct, 254837009, true",
			"http://snomed.info/sct, 77386006, true",
			"http://snomed.info/sct, 731000124108, true",
			"http://snomed.info/sct, 254837000, false",
			"http://snomed.info/sct, 12345, false",
			"http://snomed.info/sct, 254837019, false",
			"http://snomed.info/sct, 363346000:116676008=1240414004, false",
			"http://hl7.org/fhir/sid/ndc, 62064-241-01, true",
			"http://hl7.org/fhir/sid/ndc, 62064-0241-01, true",
			"http://hl7.org/fhir/sid/ndc, 6206-4241-01, true",
			"http://hl7.org/fhir/sid/ndc, 62064-2411-1, true",
			"http://hl7.org/fhir/sid/ndc, 62064024101, true",
			"http://hl7.org/fhir/sid/ndc, 6206424101, true",
			"http://hl7.org/fhir/sid/ndc, 62064-241, true",
			"http://hl7.org/fhir/sid/ndc, 62064-241-XX, false",
			"http://hl7.org/fhir/sid/ndc, 62064-241-, false",
			"http://hl7.org/fhir/sid/ndc, 62064 241 01, false",
			"http://hl7.org/fhir/sid/ndc, 620640241011, false",
			"http://www.nlm.nih.gov/research/umls/rxnorm, 1044587, true",
			"http://www.nlm.nih.gov/research/umls/rxnorm, 2719314, true",
			"urn:oid:2.16.840.1.113883.6.88, 2168763, true",
			"http://www.nlm.nih.gov/research/umls/rxnorm, 21687x3, false",
			"http://www.nlm.nih.gov/research/umls/rxnorm, 01044587, false",
			"http://www.nlm.nih.gov/research/umls/rxnorm, 1044587 EGRIFTA SV, false",
			"http://www.nlm.nih.gov/research/umls/rxnorm, 123456789, false",
			"http://loinc.org, anything at all, true",
			"http://example.org/local, C50.911 - cancer, true",
	})
	void codes_areCheckedForTheirSystemsForm(String system, String code, boolean wellFormed) {
		assertThat(CodeSyntax.problem(new Coding(system, code, null)).isEmpty()).isEqualTo(wellFormed);
	}
}
