package org.somaxis.gather;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The queries of the gathering plan, as a remote server and a CDS client receive them. */
class GatherPlanTest {

	/**
	 * Every part's query, URL-encoded as a GET sends it, fits in 2,048 characters: the query-string limit of some
	 * servers (IIS by default), which a remote source and a CDS client's prefetch must not exceed.
	 */
	@ParameterizedTest
	@EnumSource(GatherPlan.Part.class)
	void everyPartsQuery_fitsInTwoKilobytesEncoded(GatherPlan.Part part) {
		String query = GatherPlan.query(part, "a-patient-id-of-sixty-four-characters-0123456789abcdef0123456789",
				LocalDate.of(2026, 12, 5));

		assertThat(URLEncoder.encode(query, StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(2048);
	}

	/** A LOINC code is asked for alone, so a token search matches it under LOINC's URL and under its HL7 OID. */
	@Test
	void loincCodes_areAskedForAlone_soThatBothNamesOfLoincMatch() {
		assertThat(GatherPlan.LAB_CODES).contains("2484-4", "21198-7", "2106-3")
				.noneMatch(token -> token.contains("loinc.org") || token.contains("2.16.840.1.113883.6.1"));
		assertThat(GatherPlan.LAB_CODES).contains("http://somaxis.org/fhir/CodeSystem/observation-codes|homa-ir");
	}
}
