package org.somaxis.guidance.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The observation kinds against the published sets their codes come from. */
class ObservationKindTest {

	/**
	 * The HbA1c and hCG tests the record reads (and the store searches for) are exactly the codes of ValueSets
	 * hba1c-tests, pregnancy-tests (qualitative) and pregnancy-tests-quantitative, where their sources (VSAC HbA1c
	 * Laboratory Test and Pregnancy Test) are recorded.
	 */
	@ParameterizedTest(name = "{0} = ValueSet {1}")
	@CsvSource({"HBA1C, hba1c-tests, 5", "PREGNANCY_TEST, pregnancy-tests, 7",
		"QUANTITATIVE_HCG, pregnancy-tests-quantitative, 19",
		"ESTIMATED_DELIVERY_DATE, estimated-delivery-date-codes, 3"})
	void publishedKinds_areExactlyTheCodesOfTheirValueSets(ObservationKind kind, String valueSet, int size) throws IOException {
		JsonNode json = new ObjectMapper().readTree(Path.of("terminology/ValueSet-" + valueSet + ".json").toFile());
		Set<String> published = new HashSet<>();
		for (JsonNode include : json.path("compose").path("include")) {
			for (JsonNode concept : include.path("concept")) {
				published.add(include.path("system").asText() + "|" + concept.path("code").asText());
			}
		}
		Set<String> read = new HashSet<>();
		kind.codes().forEach(code -> read.add(kind.system() + "|" + code));

		assertThat(read).hasSize(size).isEqualTo(published);
	}

	/** No code names two kinds: the record could not tell which one a result is. */
	@Test
	void noCode_namesTwoKinds() {
		List<String> all = Arrays.stream(ObservationKind.values())
				.flatMap(kind -> kind.codes().stream().map(code -> kind.system() + "|" + code))
				.toList();

		assertThat(all).doesNotHaveDuplicates();
	}
}
