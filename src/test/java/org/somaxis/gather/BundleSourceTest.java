package org.somaxis.gather;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.somaxis.guidance.Fixtures.TODAY;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;
import org.somaxis.guidance.Fixtures;

/** The inline Bundle source ($evaluate's data) reads the Bundle types real systems export. */
class BundleSourceTest {
	private static final FhirContext FHIR = FhirContext.forR4Cached();

	/** A history Bundle (R4: a delete entry has a request and no resource) is read without its deletes. */
	@Test
	void historyBundleWithADeleteEntry_isReadWithoutIt() {
		Bundle history = new Bundle().setType(Bundle.BundleType.HISTORY);
		history.addEntry().setFullUrl("urn:uuid:0a9e3c52-5f7e-4b8e-9d1c-2f3a4b5c6d01").setResource(Fixtures.patient(45, "male"))
				.getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl("Patient/p1");
		history.addEntry().getRequest().setMethod(Bundle.HTTPVerb.DELETE).setUrl("Observation/old");
		history.addEntry().setResource(Fixtures.igf1("o1", 150, TODAY)).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");

		PatientData data = new BundleSource(history, "data").gather(new PatientQuery(null, TODAY));

		assertThat(data.resources()).extracting(resource -> resource.fhirType()).containsExactly("Patient", "Observation");
	}

	/**
	 * A batch-response of searches: the Patient, then a searchset of the patient's Conditions. The searchset's entries
	 * are read (before, the nested Bundle was kept as a resource the record never reads, and the cancer in it was
	 * missed without a word); a Bundle nested deeper is refused.
	 */
	@Test
	void bundleOfSearchAnswers_isReadAsTheirEntries_andADeeperBundleIsMalformed() {
		Bundle searchset = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(1);
		searchset.addEntry().setResource(Fixtures.condition("c1", "http://hl7.org/fhir/sid/icd-10", "C50.9", "active"));
		Bundle response = new Bundle().setType(Bundle.BundleType.BATCHRESPONSE);
		response.addEntry().setResource(Fixtures.patient(45, "female"));
		response.addEntry().setResource(searchset);

		PatientData data = new BundleSource(response, "data").gather(new PatientQuery(null, TODAY));

		assertThat(data.resources()).extracting(resource -> resource.fhirType()).containsExactly("Patient", "Condition");

		Bundle deeper = new Bundle().setType(Bundle.BundleType.COLLECTION);
		deeper.addEntry().setResource(Fixtures.patient(45, "female"));
		deeper.addEntry().setResource(new Bundle().setType(Bundle.BundleType.COLLECTION)
				.addEntry(new Bundle.BundleEntryComponent().setResource(searchset)));
		assertThatThrownBy(() -> new BundleSource(deeper, "data").gather(new PatientQuery(null, TODAY)))
				.isInstanceOf(GatherException.class).hasMessageContaining("is a Bundle inside a Bundle inside data");
	}

	@Test
	void entryWithoutAResourceThatIsNoDelete_isMalformed() {
		Bundle collection = new Bundle().setType(Bundle.BundleType.COLLECTION);
		collection.addEntry().setResource(Fixtures.patient(45, "male"));
		collection.addEntry().setFullUrl("urn:uuid:0a9e3c52-5f7e-4b8e-9d1c-2f3a4b5c6d02");

		assertThatThrownBy(() -> new BundleSource(collection, "data").gather(new PatientQuery(null, TODAY)))
				.isInstanceOf(GatherException.class).hasMessage("Bundle entry 1 has no resource");
	}

	/**
	 * A searchset with the server's OperationOutcome about its answer (search.mode outcome, warning suppressed) is
	 * named in a message, as the same entry in a CDS prefetch is (before, $evaluate dropped it without a word).
	 */
	@Test
	void searchOutcomeThatWarns_isNamedInAMessage_asInAPrefetch() {
		Bundle searchset = new Bundle().setType(Bundle.BundleType.SEARCHSET);
		searchset.addEntry().setResource(Fixtures.patient(45, "male")).getSearch().setMode(Bundle.SearchEntryMode.MATCH);
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.WARNING).setCode(OperationOutcome.IssueType.SUPPRESSED)
				.setDiagnostics("Some results were withheld");
		searchset.addEntry().setResource(outcome).getSearch().setMode(Bundle.SearchEntryMode.OUTCOME);

		PatientData data = new BundleSource(searchset, "data").gather(new PatientQuery(null, TODAY));

		assertThat(data.resources()).extracting(resource -> resource.fhirType()).containsExactly("Patient");
		assertThat(data.messages()).containsExactly("data.entry[1] came with an OperationOutcome (warning suppressed):"
				+ " some of the patient's data may be missing - please check it");
	}

	/**
	 * $evaluate's data as one page of a search (a "Next" link, or a total above its matches): nothing here can fetch
	 * the rest, so the clinician is told the data may be incomplete (before, it was evaluated as if whole, silently).
	 */
	@org.junit.jupiter.params.ParameterizedTest
	@org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
	void searchsetHoldingPartOfItsAnswer_isNamedInAMessage(boolean nextLink) {
		Bundle searchset = new Bundle().setType(Bundle.BundleType.SEARCHSET);
		searchset.addEntry().setResource(Fixtures.patient(45, "male")).getSearch().setMode(Bundle.SearchEntryMode.MATCH);
		if (nextLink) {
			searchset.addLink().setRelation("Next").setUrl("https://ehr.example.org/fhir?page=2");
		} else {
			searchset.setTotal(40);
		}

		PatientData data = new BundleSource(searchset, "data").gather(new PatientQuery(null, TODAY));

		assertThat(data.messages()).singleElement().asString()
				.startsWith("data is a search answer that holds only part of it (")
				.endsWith("): some of the patient's data may be missing - please check it");
	}

	@Test
	void wholeSearchset_isReadWithoutAMessage() {
		Bundle searchset = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(1);
		searchset.addEntry().setResource(Fixtures.patient(45, "male")).getSearch().setMode(Bundle.SearchEntryMode.MATCH);
		searchset.addLink().setRelation("self").setUrl("https://ehr.example.org/fhir/Patient?_id=p1");

		assertThat(new BundleSource(searchset, "data").gather(new PatientQuery(null, TODAY)).messages()).isEmpty();
	}

	/**
	 * Times R4 does not allow but HAPI's parser reads, as an HL7 v2 converter sends them: without a time zone (here the
	 * time of birth too) or without seconds. A write refuses them; read inline, they are named in one message, with the
	 * first three (probe 46, N-M6 and N-m4: before, read without a word). A day alone, and a time with its zone, are
	 * valid and not named.
	 */
	@Test
	void timesWithoutAZoneOrSeconds_areNamedInOneMessage() {
		String json = """
				{"resourceType": "Bundle", "type": "collection", "entry": [
				  {"resource": {"resourceType": "Patient", "id": "p1", "gender": "male", "birthDate": "1980-05-01",
				    "_birthDate": {"extension": [{"url": "http://hl7.org/fhir/StructureDefinition/patient-birthTime",
				      "valueDateTime": "1980-05-01T10:30:00"}]}}},
				  {"resource": {"resourceType": "Observation", "id": "o1", "status": "final",
				    "code": {"coding": [{"system": "http://loinc.org", "code": "2484-4"}]}, "subject": {"reference": "Patient/p1"},
				    "effectiveDateTime": "2026-03-02T10:00:00", "issued": "2026-03-02T11:00:00Z",
				    "valueQuantity": {"value": 150, "unit": "ng/mL", "system": "http://unitsofmeasure.org", "code": "ng/mL"}}},
				  {"resource": {"resourceType": "Observation", "id": "o2", "status": "final",
				    "code": {"coding": [{"system": "http://loinc.org", "code": "2484-4"}]}, "subject": {"reference": "Patient/p1"},
				    "effectiveDateTime": "2026-02-02T09:15Z",
				    "valueQuantity": {"value": 150, "unit": "ng/mL", "system": "http://unitsofmeasure.org", "code": "ng/mL"}}},
				  {"resource": {"resourceType": "Observation", "id": "o3", "status": "final",
				    "code": {"coding": [{"system": "http://loinc.org", "code": "2484-4"}]}, "subject": {"reference": "Patient/p1"},
				    "effectivePeriod": {"start": "2026-01-02T08:00:00", "end": "2026-01-02"},
				    "valueQuantity": {"value": 150, "unit": "ng/mL", "system": "http://unitsofmeasure.org", "code": "ng/mL"}}}
				]}""";
		Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, json);

		PatientData data = new BundleSource(bundle, "data").gather(new PatientQuery(null, TODAY));

		assertThat(data.resources()).hasSize(4);
		assertThat(data.messages()).singleElement().asString()
				.startsWith("data has 4 times that R4 does not allow (a write refuses them): "
						+ "Patient/p1.birthDate.extension.valueDateTime '1980-05-01T10:30:00' has no time zone; "
						+ "Observation/o1.effectiveDateTime '2026-03-02T10:00:00' has no time zone; "
						+ "Observation/o2.effectiveDateTime '2026-02-02T09:15Z' has no seconds; and 1 more. ")
				.contains("read as the server's (")
				.doesNotContain("issued", "effectivePeriod.end");
	}

	@Test
	void timesWithTheirZone_andDays_areNotNamed() {
		String json = """
				{"resourceType": "Bundle", "type": "collection", "entry": [
				  {"resource": {"resourceType": "Patient", "id": "p1", "gender": "male", "birthDate": "1980-05"}},
				  {"resource": {"resourceType": "Observation", "id": "o1", "status": "final",
				    "code": {"coding": [{"system": "http://loinc.org", "code": "2484-4"}]}, "subject": {"reference": "Patient/p1"},
				    "effectiveDateTime": "2026-03-02T10:00:00+10:00", "issued": "2026-03-02T11:00:00.123Z",
				    "valueQuantity": {"value": 150, "unit": "ng/mL", "system": "http://unitsofmeasure.org", "code": "ng/mL"}}},
				  {"resource": {"resourceType": "Observation", "id": "o2", "status": "final",
				    "code": {"coding": [{"system": "http://loinc.org", "code": "2484-4"}]}, "subject": {"reference": "Patient/p1"},
				    "effectiveDateTime": "2026-02",
				    "valueQuantity": {"value": 150, "unit": "ng/mL", "system": "http://unitsofmeasure.org", "code": "ng/mL"}}}
				]}""";
		Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, json);

		assertThat(new BundleSource(bundle, "data").gather(new PatientQuery(null, TODAY)).messages()).isEmpty();
	}
}
