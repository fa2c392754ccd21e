package org.somaxis.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.StrictErrorHandler;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link JsonPrimitiveArrays} lets HAPI's parser read a repeating primitive's two arrays as FHIR JSON means them. */
class JsonPrimitiveArraysTest {
	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private static final String ABSENT = "{\"extension\":[{\"url\":\"http://hl7.org/fhir/StructureDefinition/data-absent-reason\","
			+ "\"valueCode\":\"unknown\"}]}";

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
		// sent                                           | as HAPI then reads it
		"'\"_given\":[" + ABSENT + "]'                    | '\"given\":[null],\"_given\":[" + ABSENT + "]'",
		"'\"given\":null,\"_given\":[" + ABSENT + "]'      | '\"given\":[null],\"_given\":[" + ABSENT + "]'",
		"'\"given\":[],\"_given\":[" + ABSENT + "]'        | '\"given\":[null],\"_given\":[" + ABSENT + "]'",
		"'\"given\":[\"Ann\"],\"_given\":[null," + ABSENT + "]' | '\"given\":[\"Ann\",null],\"_given\":[null," + ABSENT + "]'",
		"'\"_given\":[null," + ABSENT + "],\"given\":[\"Ann\"]' | '\"_given\":[null," + ABSENT + "],\"given\":[\"Ann\",null]'",
		"'\"_given\":[" + ABSENT + "," + ABSENT + "],\"family\":\"Doe\"' | '\"given\":[null,null],\"_given\":[" + ABSENT + ","
				+ ABSENT + "],\"family\":\"Doe\"'"
	})
	void aValueArrayShorterThanItsUnderscoreArray_isPaddedWithNulls_andNothingElseChanges(String sent, String read) {
		String body = "{\"resourceType\":\"Patient\",\"name\":[{" + sent + "}]}";

		assertThat(text(JsonPrimitiveArrays.aligned(bytes(body)))).isEqualTo("{\"resourceType\":\"Patient\",\"name\":[{" + read + "}]}");
	}

	@Test
	void everyGivenNameKnownOnlyByItsExtension_reachesTheParsedResource() {
		String body = "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Doe\",\"given\":[\"Ann\"],\"_given\":[null," + ABSENT
				+ "," + ABSENT + "]}]}";

		Patient patient = strictParser(JsonPrimitiveArrays.aligned(bytes(body)));

		assertThat(patient.getNameFirstRep().getGiven()).extracting(StringType::getValue).containsExactly("Ann", null, null);
		assertThat(patient.getNameFirstRep().getGiven().get(2).getExtensionFirstRep().getUrl())
				.isEqualTo("http://hl7.org/fhir/StructureDefinition/data-absent-reason");
	}

	/**
	 * What HAPI 8.8 does without the padding: refuses a valid resource, or drops the extensions past the values' end. When
	 * a HAPI upgrade makes this fail, the padding may no longer be needed.
	 */
	@Test
	void hapisParserAlone_refusesTheResourceOrLosesTheExtensions_whichIsWhyThePaddingIsThere() {
		String alone = "{\"resourceType\":\"Patient\",\"name\":[{\"_given\":[" + ABSENT + "]}]}";
		String shorter = "{\"resourceType\":\"Patient\",\"name\":[{\"given\":[\"Ann\"],\"_given\":[null," + ABSENT + "]}]}";

		assertThatThrownBy(() -> strictParser(bytes(alone))).isInstanceOf(DataFormatException.class);
		assertThat(FHIR.newJsonParser().parseResource(Patient.class, shorter).getNameFirstRep().getGiven()).hasSize(1);
	}

	@Test
	void nestedObjects_areAlignedAtEveryDepth_byteOffsetsCountedInUtf8() {
		String body = "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\","
				+ "\"name\":[{\"family\":\"Zoë Müller\",\"_given\":[" + ABSENT + "]}],\"contained\":[{\"resourceType\":\"Patient\","
				+ "\"id\":\"p\",\"name\":[{\"family\":\"Ørsted\",\"given\":[\"Å\"],\"_given\":[null," + ABSENT + "]}]}]}}]}";

		String aligned = text(JsonPrimitiveArrays.aligned(bytes(body)));

		assertThat(aligned).contains("\"family\":\"Zoë Müller\",\"given\":[null],\"_given\":[")
				.contains("\"given\":[\"Å\",null],\"_given\":[null,");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = {
		"{\"resourceType\":\"Patient\",\"name\":[{\"given\":[\"Ann\",\"Bea\"]}]}",
		"{\"resourceType\":\"Patient\",\"name\":[{\"given\":[\"Ann\",\"Bea\"],\"_given\":[" + ABSENT + "]}]}",
		"{\"resourceType\":\"Patient\",\"name\":[{\"given\":[\"Ann\"],\"_given\":[" + ABSENT + "]}]}",
		"{\"resourceType\":\"Patient\",\"_birthDate\":" + ABSENT + "}",
		"{\"resourceType\":\"Patient\",\"birthDate\":\"1970\",\"_birthDate\":[" + ABSENT + "]}",
		"{\"resourceType\":\"Patient\",\"name\":[{\"_given\":[" + ABSENT + "]}",
		"{\"resourceType\":\"Basic\",\"note\":\"a \\\"_given\\\":[1] in a text\"}",
		"{\"_links\":[{\"href\":\"a\"}],\"type\":\"not a resource\"}",
		"{\"resourceType\":\"Patient\",\"name\":[{\"_given\":[0,1]}]}",
		"{\"op\":\"add\",\"path\":\"/name/0\",\"value\":{\"_given\":[" + ABSENT + "]}}"
	})
	void aBodyWhoseArraysAlreadyLineUp_orThatIsNotJson_isReturnedAsItIs(String body) {
		byte[] sent = bytes(body);

		assertThat(JsonPrimitiveArrays.aligned(sent)).isSameAs(sent);
	}

	@Test
	void aCdsHooksRequest_isPaddedInsideItsPrefetchedResourcesOnly() {
		String body = "{\"hook\":\"patient-view\",\"extension\":{\"_links\":[{\"href\":\"x\"}]},\"prefetch\":{\"patient\":"
				+ "{\"resourceType\":\"Patient\",\"name\":[{\"_given\":[" + ABSENT + "]}]}}}";

		String aligned = text(JsonPrimitiveArrays.aligned(bytes(body)));

		assertThat(aligned).isEqualTo(body.replace("[{\"_given\"", "[{\"given\":[null],\"_given\""));
	}

	/**
	 * A null property is "absent": taken out of a resource's objects with its comma, so HAPI's parser does not take a
	 * null choice variant for a value of the element and refuse (or, read leniently, drop) the variant beside it.
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
		"'{\"resourceType\":\"Condition\",\"onsetDateTime\":null,\"onsetString\":\"childhood\"}' | '{\"resourceType\":\"Condition\",\"onsetString\":\"childhood\"}'",
		"'{\"resourceType\":\"Condition\",\"onsetString\":\"childhood\",\"onsetDateTime\":null}' | '{\"resourceType\":\"Condition\",\"onsetString\":\"childhood\"}'",
		"'{\"resourceType\":\"Condition\", \"onsetDateTime\" : null ,\n \"onsetString\":\"x\"}' | '{\"resourceType\":\"Condition\", \n \"onsetString\":\"x\"}'",
		"'{\"resourceType\":\"Patient\",\"active\":true,\"gender\":null,\"birthDate\":null}' | '{\"resourceType\":\"Patient\",\"active\":true}'",
		"'{\"resourceType\":\"Patient\",\"gender\":null, \"birthDate\":null,\"active\":true}' | '{\"resourceType\":\"Patient\",\"active\":true}'",
		"'{\"resourceType\":\"Patient\",\"gender\":null,\"active\":true,\"birthDate\":null,\"deceasedBoolean\":null}' | '{\"resourceType\":\"Patient\",\"active\":true}'",
		"'{\"resourceType\":\"Patient\",\"name\":[{\"given\":null,\"_given\":null}],\"active\":true}' | '{\"resourceType\":\"Patient\",\"name\":[{\"given\":null,\"_given\":null}],\"active\":true}'",
		"'{\"resourceType\":\"Condition\",\"code\":{\"text\":null}}' | '{\"resourceType\":\"Condition\",\"code\":{\"text\":null}}'",
		"'{\"resourceType\":\"Patient\",\"name\":[{\"given\":[\"Ann\",null]}],\"gender\":null}' | '{\"resourceType\":\"Patient\",\"name\":[{\"given\":[\"Ann\",null]}]}'",
		"'{\"hook\":\"patient-view\",\"fhirAuthorization\":null,\"prefetch\":{\"p\":{\"resourceType\":\"Patient\",\"gender\":null}}}' | '{\"hook\":\"patient-view\",\"fhirAuthorization\":null,\"prefetch\":{\"p\":{\"resourceType\":\"Patient\"}}}'"
	})
	void aNullProperty_isTakenOutOfAResourceWithItsComma_anArraysNullsAnAllNullObjectAndARequestsOwnStay(String sent, String read) {
		assertThat(text(JsonPrimitiveArrays.aligned(bytes(sent)))).isEqualTo(read);
	}

	@Test
	void aNullChoiceVariant_nowLetsTheParserReadTheOtherOne() {
		String body = "{\"resourceType\":\"Condition\",\"onsetDateTime\":null,\"onsetString\":\"childhood\"}";

		org.hl7.fhir.r4.model.Condition condition = FHIR.newJsonParser().setParserErrorHandler(new StrictErrorHandler())
				.parseResource(org.hl7.fhir.r4.model.Condition.class, text(JsonPrimitiveArrays.aligned(bytes(body))));

		assertThat(condition.getOnsetStringType().getValue()).isEqualTo("childhood");
	}

	@Test
	void aBodyInUtf16_isReturnedAsItIs() {
		// U+225F is 0x22 0x5F in UTF-16BE: the bytes of '"_' without being them
		byte[] body = ("{\"resourceType\":\"Patient\",\"name\":[{\"text\":\"\u225F\",\"_given\":[" + ABSENT + "]}]}")
				.getBytes(StandardCharsets.UTF_16BE);

		assertThat(JsonPrimitiveArrays.aligned(body)).isSameAs(body);
	}

	private static Patient strictParser(byte[] body) {
		return FHIR.newJsonParser().setParserErrorHandler(new StrictErrorHandler()).parseResource(Patient.class, text(body));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}
}
