package org.somaxis.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonByteOrderMarkTest {
	private static final String MARK = "\uFEFF";

	@ParameterizedTest(name = "{0}: stripped {1}")
	@CsvSource({
		"application/fhir+json,                true",
		"application/fhir+json; charset=UTF-8, true",
		"application/json,                     true",
		"application/json+fhir,                true",
		"application/json-patch+json,          true",
		"application/fhir+xml,                 false",
		"text/plain,                           false",
		"application/octet-stream,             false"
	})
	void leadingByteOrderMark_isStrippedFromJsonBodiesOnly(String contentType, boolean stripped) {
		byte[] body = (MARK + "{\"resourceType\":\"Patient\"}").getBytes(StandardCharsets.UTF_8);

		String after = new String(JsonByteOrderMark.strip(body, contentType), StandardCharsets.UTF_8);

		assertThat(after.startsWith(MARK)).isNotEqualTo(stripped);
		assertThat(after).endsWith("{\"resourceType\":\"Patient\"}");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({"'{}'", "'{\"name\":\"\uFEFFa\"}'", "' \uFEFF{}'"})
	void aMarkAnywhereButFirst_isContent_andLeftAsItIs(String text) {
		byte[] body = text.getBytes(StandardCharsets.UTF_8);

		assertThat(JsonByteOrderMark.strip(body, "application/fhir+json")).isSameAs(body);
	}
}
