package org.somaxis.guidance.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Coding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ICD-10-CM and SNOMED CT codes are checked for the form their systems give them, and every published member passes. */
class CodeSyntaxTest {

	/** Every SNOMED CT and ICD-10-CM code the published concept groups enumerate is well-formed (hundreds of them). */
	@Test
	void everyCodeOfThePublishedGroups_isWellFormed() {
		Knowledge knowledge = KnowledgeLoader.fromClasspath();
		List<String> members = Stream.of(CodeGroup.values())
				.flatMap(group -> knowledge.group(group).codes().stream())
				.filter(member -> member.startsWith(ConceptSet.SNOMED + "|") || member.startsWith(ConceptSet.ICD10CM + "|"))
				.distinct()
				.toList();

		assertThat(members).hasSizeGreaterThan(100);
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
			"http://snomed.info/sct, 363346000, true",
			"http://snomed.info/sct, 254837009, true",
			"http://snomed.info/sct, 77386006, true",
			"http://snomed.info/sct, 731000124108, true",
			"http://snomed.info/sct, 254837000, false",
			"http://snomed.info/sct, 12345, false",
			"http://snomed.info/sct, 254837019, false",
			"http://snomed.info/sct, 363346000:116676008=1240414004, false",
			"http://loinc.org, anything at all, true",
			"http://example.org/local, C50.911 - cancer, true",
	})
	void codes_areCheckedForTheirSystemsForm(String system, String code, boolean wellFormed) {
		assertThat(CodeSyntax.problem(new Coding(system, code, null)).isEmpty()).isEqualTo(wellFormed);
	}
}
