package org.somaxis.guidance.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The observation kinds against the published sets their codes come from. */
class ObservationKindTest {

	/**
	 * The pregnancy tests the record reads (and the store searches for) are exactly the codes of ValueSet
	 * pregnancy-tests, where their source (VSAC Pregnancy Test) is recorded.
	 */
	@Test
	void pregnancyTestKinds_areExactlyTheCodesOfValueSetPregnancyTests() throws IOException {
		JsonNode valueSet = new ObjectMapper().readTree(Path.of("terminology/ValueSet-pregnancy-tests.json").toFile());
		Set<String> published = new HashSet<>();
		for (JsonNode include : valueSet.path("compose").path("include")) {
			for (JsonNode concept : include.path("concept")) {
				published.add(include.path("system").asText() + "|" + concept.path("code").asText());
			}
		}
		Set<String> read = new HashSet<>();
		Arrays.stream(ObservationKind.values())
				.filter(kind -> kind.name().startsWith("PREGNANCY_TEST_"))
				.forEach(kind -> read.add(kind.system() + "|" + kind.code()));

		assertThat(read).hasSize(6).isEqualTo(published);
	}
}
