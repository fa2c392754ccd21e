package org.somaxis.gather;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.somaxis.guidance.record.ObservationKind;
import org.junit.jupiter.api.io.TempDir;
import org.somaxis.guidance.knowledge.KnowledgeLoader;
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

	/**
	 * A query sent as a URL gives a LOINC code alone, which a token search matches under LOINC's URL and its HL7 OID;
	 * our store asks for it under both names, which its indexes answer fastest; a pregnancy code also alone, so that one
	 * under a misspelt LOINC system is found as a prefetch brings it (probe 82, P82-M4).
	 */
	@Test
	void aUrlGivesALoincCodeAlone_andTheStoreAsksForItUnderBothNames() {
		String url = GatherPlan.parameters(GatherPlan.Part.OBSERVATIONS, null, GatherPlan.Asker.URL).get("code");
		String store = GatherPlan.parameters(GatherPlan.Part.OBSERVATIONS, null, GatherPlan.Asker.STORE).get("code");

		assertThat(url.split(",")).contains("2484-4", "21198-7", "2106-3",
				"http://somaxis.org/fhir/CodeSystem/observation-codes|homa-ir")
				.noneMatch(token -> token.contains("loinc.org") || token.contains("2.16.840.1.113883.6.1"));
		assertThat(store.split(",")).contains("http://loinc.org|2484-4", "urn:oid:2.16.840.1.113883.6.1|2484-4",
				"http://loinc.org|21198-7", "http://somaxis.org/fhir/CodeSystem/observation-codes|homa-ir", "82810-3",
				"11449-6", "21198-7")
				.doesNotContain("2484-4", "1558-6")
				.allMatch(token -> token.contains("|") || ObservationKind.PREGNANCY_STATUS.codes().contains(token)
						|| ObservationKind.PREGNANCY_STATUS_REPORTED.codes().contains(token)
						|| ObservationKind.PREGNANCY_TEST.codes().contains(token)
						|| ObservationKind.QUANTITATIVE_HCG.codes().contains(token)
						|| ObservationKind.ESTIMATED_DELIVERY_DATE.codes().contains(token));
	}

	/** The estimated-delivery-date codes (ValueSet estimated-delivery-date-codes) are asked for on every face. */
	@Test
	void theEstimatedDeliveryDateCodes_areAskedForByTheStoreAndInEveryQuery() {
		GatherPlan plan = new GatherPlan(KnowledgeLoader.fromClasspath());

		assertThat(GatherPlan.query(GatherPlan.Part.OBSERVATIONS, "{{context.patientId}}", null))
				.contains("11778-8", "11779-6", "11780-4");
		assertThat(plan.search(GatherPlan.Part.OBSERVATIONS, null, GatherPlan.Asker.STORE).get("code").split(","))
				.contains("http://loinc.org|11778-8", "urn:oid:2.16.840.1.113883.6.1|11778-8", "http://loinc.org|11780-4");
	}

	/**
	 * A code a clinic adds to ValueSet estimated-delivery-date-codes is read by the record, so the store and a remote
	 * server are asked for it too (the fixed prefetch templates are not).
	 */
	@Test
	void anEstimatedDeliveryDateCodeTheClinicAdded_isSearchedForByTheStoreAndARemoteServer(@TempDir Path folder)
			throws IOException {
		Files.writeString(folder.resolve("edd-extra.json"), """
				{"resourceType": "ValueSet", "url": "http://somaxis.org/fhir/ValueSet/estimated-delivery-date-codes",
				 "status": "active", "compose": {"include": [
				   {"system": "http://clinic.example/obs", "concept": [{"code": "EDD"}]},
				   {"system": "http://loinc.org", "concept": [{"code": "53692-0"}]}]}}
				""");
		GatherPlan plan = new GatherPlan(KnowledgeLoader.fromClasspath(folder));

		assertThat(plan.search(GatherPlan.Part.OBSERVATIONS, null, GatherPlan.Asker.STORE).get("code").split(","))
				.contains("http://clinic.example/obs|EDD", "http://loinc.org|53692-0",
						"urn:oid:2.16.840.1.113883.6.1|53692-0", "http://loinc.org|11778-8")
				.doesNotHaveDuplicates();
		assertThat(plan.search(GatherPlan.Part.OBSERVATIONS, null, GatherPlan.Asker.URL).get("code").split(","))
				.contains("http://clinic.example/obs|EDD", "53692-0", "11778-8");
		assertThat(plan.search(GatherPlan.Part.CONDITIONS, null, GatherPlan.Asker.STORE)).isEmpty();
	}
}
