package org.somaxis.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrimitiveFormatsTest {
	private static final String REGEX_EXTENSION = "http://hl7.org/fhir/StructureDefinition/regex";

	/** Primitive types whose expression is left out on purpose (PrimitiveFormats' javadoc says why). */
	private static final Set<String> LEFT_OUT = Set.of("string", "markdown", "base64Binary", "boolean", "decimal");

	/** Each R4 primitive type's regular expression, from the core StructureDefinitions HAPI ships. */
	private static Map<String, String> coreExpressions() {
		Map<String, String> expressions = new TreeMap<>();
		for (var resource : FhirContext.forR4Cached().getValidationSupport().fetchAllStructureDefinitions()) {
			StructureDefinition definition = (StructureDefinition) resource;
			if (definition.getKind() != StructureDefinition.StructureDefinitionKind.PRIMITIVETYPE) {
				continue;
			}
			for (ElementDefinition element : definition.getSnapshot().getElement()) {
				if (element.getId().equals(definition.getType() + ".value") && element.getType().size() == 1) {
					String regex = element.getTypeFirstRep().getExtensionString(REGEX_EXTENSION);
					if (regex != null) {
						expressions.put(definition.getType(), regex);
					}
				}
			}
		}
		return expressions;
	}

	@Test
	void eachExpression_isWordForWordTheCoreSpecs_andEveryOtherOneIsLeftOutOnPurpose() {
		Map<String, String> core = coreExpressions();

		assertThat(core).hasSizeGreaterThan(15);
		assertThat(PrimitiveFormats.REGEX).allSatisfy((type, regex) -> assertThat(regex).as(type).isEqualTo(core.get(type)));
		assertThat(core.keySet()).allMatch(type -> PrimitiveFormats.REGEX.containsKey(type) || LEFT_OUT.contains(type));
	}

	@ParameterizedTest(name = "{0} ''{1}''")
	@CsvSource(delimiter = '|', value = {
		"code | final", "code | a b", "code | a  b", "code | ' a'", "code | 'a '", "code | 'a\tb'", "code | 'a\t\tb'",
		"code | 'a\nb c'", "code | x", "code | ' '", "code | a b c d", "code | 'a b '",
		"oid | urn:oid:1.2.840.114350", "oid | urn:oid:2.16.840.1.113883.6.1", "oid | urn:oid:1", "oid | urn:oid:3.1",
		"oid | urn:oid:1.", "oid | urn:oid:1..2", "oid | urn:oid:1.02", "oid | urn:oid:1.0", "oid | urn:oid:.1",
		"oid | 1.2.840", "oid | urn:oid:1.2.abc", "oid | urn:oid:01.2", "oid | URN:OID:1.2",
	})
	void codeAndOid_acceptExactlyWhatTheirExpressionAccepts(String type, String value) {
		boolean expression = Pattern.compile(PrimitiveFormats.REGEX.get(type)).matcher(value).matches();

		assertThat(PrimitiveFormats.problem(type, value).isEmpty()).isEqualTo(expression);
	}

	@Test
	void aLongCodeOrOid_isCheckedWithoutOverflowingTheStack() {
		// Java's engine recurses once per repetition of the expression's group: this overflows it
		String code = "a ".repeat(500_000) + "a";
		String oid = "urn:oid:1" + ".1".repeat(500_000);

		assertThat(PrimitiveFormats.problem("code", code)).isEmpty();
		assertThat(PrimitiveFormats.problem("code", code + "  a")).isPresent();
		assertThat(PrimitiveFormats.problem("oid", oid)).isEmpty();
		assertThat(PrimitiveFormats.problem("oid", oid + ".x")).isPresent();
	}

	@ParameterizedTest(name = "{0} ''{1}''")
	@CsvSource(delimiter = '|', value = {
		"dateTime | 2020", "dateTime | 2020-02", "dateTime | 2024-02-29T08:15:00-05:00", "dateTime | 2024-02-29T08:15:00Z",
		"dateTime | 2024-02-29T08:15:00.123+14:00", "date | 1980-01-01", "date | 0001", "instant | 2024-02-29T08:15:00.5Z",
		"time | 23:59:60", "time | 08:00:00.25", "uri | http://loinc.org", "uri | urn:uuid:x", "url | https://x.org/a?b=c",
		"canonical | http://x.org/p|1.0", "id | a-B.9", "uuid | urn:uuid:a1b2c3d4-0000-4000-8000-0123456789ab",
		"positiveInt | 1", "unsignedInt | 0", "integer | -5", "integer | 0",
	})
	void valuesOfTheirTypesForm_areAccepted(String type, String value) {
		assertThat(PrimitiveFormats.problem(type, value)).isEmpty();
	}

	@ParameterizedTest(name = "{0} ''{1}''")
	@CsvSource(delimiter = '|', value = {
		"dateTime | 2024-02-29T08:15:00", "dateTime | 0000", "dateTime | 2024-02-29T08:15Z", "dateTime | 2024-02-29 08:15:00Z",
		"date | 0000-01-01", "date | 1980-01-01T00:00:00Z", "instant | 2020", "instant | 2020-01-01T10:00:00",
		"time | 25:00:00", "time | 08:00", "uri | http://x y", "url | ' http://x.org'", "canonical | http://x.org/p 1.0",
		"id | a b", "id | a_b", "uuid | urn:uuid:A1B2C3D4-0000-4000-8000-0123456789AB", "uuid | a1b2c3d4-0000-4000-8000-0123456789ab",
		"positiveInt | 0", "positiveInt | -1", "unsignedInt | -1", "integer | 007",
	})
	void valuesNotOfTheirTypesForm_areNamedWithTheForm(String type, String value) {
		assertThat(PrimitiveFormats.problem(type, value)).hasValueSatisfying(problem ->
				assertThat(problem).contains(type).contains(PrimitiveFormats.REGEX.get(type)));
	}

	@Test
	void aLongValue_isQuotedOnlyInPart() {
		String uri = "http://x.org/" + "a".repeat(10_000) + " b";

		assertThat(PrimitiveFormats.problem("uri", uri)).hasValueSatisfying(problem ->
				assertThat(problem).hasSizeLessThan(200).contains("http://x.org/aaa"));
	}
}
