package org.somaxis.guidance.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.somaxis.guidance.Fixtures.TODAY;
import static org.somaxis.guidance.Fixtures.condition;
import static org.somaxis.guidance.Fixtures.estimatedDeliveryDate;
import static org.somaxis.guidance.Fixtures.localCondition;
import static org.somaxis.guidance.Fixtures.peptide;
import static org.somaxis.guidance.Fixtures.pregnancyStatus;
import static org.somaxis.guidance.Fixtures.snomedCondition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.somaxis.guidance.Action;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.Hook;
import org.somaxis.guidance.Scenario;
import org.somaxis.guidance.knowledge.KnowledgeLoader;
import org.somaxis.guidance.record.Codes;
import org.somaxis.guidance.record.PatientRecord;

class ContraindicationRulesTest {

	@ParameterizedTest(name = "peptide {0}, malignancy {1}, hook {2} -> {3}")
	@CsvSource({
			"draft,  active,     ORDER_SIGN,   critical",
			"active, active,     PATIENT_VIEW, critical",
			"active, recurrence, PATIENT_VIEW, critical",
			"on-hold, active,    PATIENT_VIEW, critical",
			"stopped, active,    PATIENT_VIEW, none",
			"completed, active,  PATIENT_VIEW, none",
			"active, remission,  PATIENT_VIEW, none",
			"none,   active,     PATIENT_VIEW, none",
			"draft,  none,       ORDER_SIGN,   none",
			"active, active,     OBSERVATION_EVALUATE, none"})
	void peptideActiveMalignancy(String peptide, String malignancy, Hook hook, String expected) {
		Scenario scenario = Scenario.of();
		addPeptide(scenario, peptide, "sermorelin");
		if (!malignancy.equals("none")) {
			scenario.with(condition("c1", Codes.SNOMED, "363346000", malignancy));
		}
		scenario.hook(hook);

		assertThat(Outcome.of(scenario, "peptide-active-malignancy")).isEqualTo(expected);
	}

	@Test
	void malignancyWithDraftOrder_suggestsDeletingTheDraftAndOffersOverrides() {
		Finding finding = Scenario.of(snomedCondition("c1", "363346000"))
				.drafts(peptide("d1", "ipamorelin", "draft", TODAY))
				.findings("peptide-active-malignancy").get(0);

		assertThat(finding.suggestions()).singleElement().satisfies(suggestion ->
				assertThat(suggestion.actions()).containsExactly(Action.delete("MedicationRequest/d1")));
		assertThat(finding.evidence()).containsExactly("Condition/c1", "MedicationRequest/d1");
		assertThat(finding.implicated()).containsExactly("MedicationRequest/d1");
		assertThat(finding.overrideReasons()).isNotEmpty();
		assertThat(finding.citations()).extracting(c -> c.id()).containsExactly("egrifta-label", "levine-2014");
	}

	@Test
	void malignancyWithActiveOrder_suggestsStoppingIt() {
		Finding finding = Scenario.of(snomedCondition("c1", "363346000"),
				peptide("m1", "ipamorelin", "active", TODAY.minusDays(30))).findings("peptide-active-malignancy").get(0);

		assertThat(finding.suggestions()).singleElement().satisfies(suggestion -> {
			assertThat(suggestion.actions()).singleElement().satisfies(action -> {
				assertThat(action.type()).isEqualTo(Action.Type.UPDATE);
				assertThat(action.resourceId()).isEqualTo("MedicationRequest/m1");
			});
		});
	}

	@Test
	void malignancyWithAnOrderOnHold_namesItAsOnHoldAndSuggestsStoppingIt() {
		Finding finding = Scenario.of(snomedCondition("c1", "363346000"),
				peptide("m1", "ipamorelin", "on-hold", TODAY.minusDays(30))).findings("peptide-active-malignancy").get(0);

		assertThat(finding.detail()).contains("(on hold)");
		assertThat(finding.suggestions()).singleElement().satisfies(suggestion ->
				assertThat(suggestion.actions()).singleElement().satisfies(action -> {
					assertThat(action.type()).isEqualTo(Action.Type.UPDATE);
					assertThat(action.resourceId()).isEqualTo("MedicationRequest/m1");
					assertThat(action.change().status()).isEqualTo("stopped");
				}));
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({
			"condition-pregnant,   critical",
			"observation-pregnant, critical",
			"observation-not,      none",
			"none,                 none"})
	void peptidePregnancy(String evidence, String expected) {
		Scenario scenario = Scenario.of().drafts(peptide("d1", "tesamorelin", "draft", TODAY));
		switch (evidence) {
			case "condition-pregnant" -> scenario.with(snomedCondition("c1", Codes.PREGNANT));
			case "observation-pregnant" -> scenario.with(pregnancyStatus("o1", Codes.PREGNANT, TODAY.minusDays(1)));
			case "observation-not" -> scenario.with(pregnancyStatus("o1", "60001007", TODAY.minusDays(1)));
			default -> { }
		}

		assertThat(Outcome.of(scenario, "peptide-pregnancy")).isEqualTo(expected);
	}

	/**
	 * A pregnancy recorded only as its estimated delivery date (LOINC 11778-8, ValueSet estimated-delivery-date-codes)
	 * is pregnancy evidence when the date lies no more than edd-max-days-overdue (14 days: a pregnancy may run two weeks
	 * past its due date) before the evaluation date and no more than edd-max-days-ahead (294 days) after it, weighed as a pregnancy status: a later status that says not pregnant ends it, an earlier one does
	 * not, nor does a later negative test. Before, such a record was not read at all and the order drew no card.
	 */
	@ParameterizedTest(name = "EDD {0} days after the evaluation date, {1} -> {2}")
	@CsvSource({
			"160,  alone,                                   critical",
			"0,    alone,                                   critical",
			"294,  alone,                                   critical",
			"-1,   alone,                                   critical",
			"-14,  alone,                                   critical",
			"-15,  alone,                                   none",
			"-200, alone,                                   none",
			"295,  alone,                                   none",
			"300,  alone,                                   none",
			"160,  not-pregnant status after it,            none",
			"160,  not-pregnant status the same day,        critical",
			"160,  not-pregnant status before it,           critical",
			"160,  negative test after it,                  critical",
			"160,  entered-in-error,                        none",
			"160,  cancelled,                               none",
			"160,  observation taken after evaluation date, none"})
	void peptidePregnancy_fromAnEstimatedDeliveryDate(int daysAhead, String record, String expected) {
		Observation edd = estimatedDeliveryDate("edd1", TODAY.minusDays(10), TODAY.plusDays(daysAhead).toString());
		Scenario scenario = Scenario.of(edd).drafts(peptide("d1", "ipamorelin", "draft", TODAY));
		switch (record) {
			case "not-pregnant status after it" -> scenario.with(pregnancyStatus("o1", "60001007", TODAY.minusDays(5)));
			case "not-pregnant status the same day" -> scenario.with(pregnancyStatus("o1", "60001007", TODAY.minusDays(10)));
			case "not-pregnant status before it" -> scenario.with(pregnancyStatus("o1", "60001007", TODAY.minusDays(20)));
			case "negative test after it" -> scenario.with(negativeTest("t1", TODAY.minusDays(2)));
			case "entered-in-error" -> edd.setStatus(Observation.ObservationStatus.ENTEREDINERROR);
			case "cancelled" -> edd.setStatus(Observation.ObservationStatus.CANCELLED);
			case "observation taken after evaluation date" -> edd.setEffective(new org.hl7.fhir.r4.model.DateTimeType(
					TODAY.plusDays(3).toString()));
			default -> { }
		}

		assertThat(Outcome.of(scenario, "peptide-pregnancy")).isEqualTo(expected);
	}

	/**
	 * The reviewer's case: a woman of 32 whose only pregnancy record is an EDD Observation taken 2026-11-28 giving
	 * 2027-05-10, and a draft ipamorelin order evaluated on 2026-12-06: the critical card, its detail naming the EDD.
	 */
	@Test
	void draftPeptide_withOnlyAnEstimatedDeliveryDateOnRecord_isContraindicatedAndTheCardNamesTheObservation() {
		LocalDate evaluated = LocalDate.of(2026, 12, 6);
		Scenario scenario = Scenario.of(org.somaxis.guidance.Fixtures.patient(32, "female"),
						estimatedDeliveryDate("edd-1", LocalDate.of(2026, 11, 28), "2027-05-10"))
				.drafts(peptide("d1", "ipamorelin", "draft", evaluated)).on(evaluated).today(evaluated);

		Finding finding = scenario.findings("peptide-pregnancy").get(0);

		assertThat(finding.severity().indicator()).isEqualTo("critical");
		assertThat(finding.evidence()).contains("Observation/edd-1");
		assertThat(finding.detail()).contains("Observation/edd-1");
	}

	/**
	 * Stopping an active peptide in pregnancy records why: HL7's status reason "preg" (knowledge/rules.yaml) and the
	 * card's summary (probe 56, P56-m3).
	 */
	@Test
	void stoppingAPeptideInPregnancy_recordsThePregnancyAsTheStatusReason() {
		Scenario scenario = Scenario.of(org.somaxis.guidance.Fixtures.patient(32, "female"),
				org.somaxis.guidance.Fixtures.condition("preg-1", "http://snomed.info/sct", "77386006", "active"),
				peptide("m1", "sermorelin", "active", TODAY.minusDays(30)));

		Finding finding = scenario.findings("peptide-pregnancy").get(0);

		assertThat(finding.suggestions()).flatExtracting(org.somaxis.guidance.Suggestion::actions)
				.filteredOn(action -> action.change() != null).singleElement().satisfies(action -> {
					assertThat(action.change().statusReasonCode()).isEqualTo("preg");
					assertThat(action.change().statusReasonText()).isEqualTo(finding.summary());
				});
	}

	/**
	 * An EDD further ahead than a pregnancy lasts, or a value that is not a date: named as a
	 * data problem, not counted, and (with a peptide ordered) the pregnancy contraindication may be missing, so CDS
	 * shows the warning card; a later status that says not pregnant supersedes it as it does an unreadable status.
	 */
	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = ';', value = {
			"300 days ahead; gives the delivery date 2027-03-28, more than 294 days after the evaluation date 2026-06-01",
			"a text; has no date as its value (valueDateTime), but a string"})
	void anEstimatedDeliveryDateThatCannotBeUsed_isNamedAndNotCounted(String value, String message) {
		Observation edd = estimatedDeliveryDate("edd1", TODAY.minusDays(10), TODAY.plusDays(300).toString());
		switch (value) {
			case "a text" -> edd.setValue(new StringType("due end of September"));
			default -> { }
		}
		Scenario scenario = Scenario.of(edd).drafts(peptide("d1", "ipamorelin", "draft", TODAY));

		PatientRecord record = scenario.record();

		assertThat(Outcome.of(scenario, "peptide-pregnancy")).isEqualTo("none");
		assertThat(record.dataQuality()).anySatisfy(text -> assertThat(text)
				.startsWith("Estimated delivery date Observation/edd1 on " + TODAY.minusDays(10)).contains(message));
		assertThat(record.pregnancyMayBeMissing()).isTrue();
		assertThat(Scenario.of(edd, pregnancyStatus("o1", "60001007", TODAY.minusDays(1)))
				.drafts(peptide("d1", "ipamorelin", "draft", TODAY)).record().pregnancyMayBeMissing()).isFalse();
	}

	/** An EDD given only as a month (or a year) in the window is a pregnancy all the same: counted, and named. */
	@ParameterizedTest(name = "EDD {0} -> {1}")
	@CsvSource({"2026-09, critical", "2026-05, critical", "2027, critical", "2026-04, none", "2028, none"})
	void anEstimatedDeliveryDateOfOnlyAMonthOrAYear_inTheWindow_counts(String value, String expected) {
		Observation edd = estimatedDeliveryDate("edd1", TODAY.minusDays(10), TODAY.plusDays(100).toString());
		edd.setValue(new org.hl7.fhir.r4.model.DateTimeType(value));
		Scenario scenario = Scenario.of(edd).drafts(peptide("d1", "ipamorelin", "draft", TODAY));

		assertThat(Outcome.of(scenario, "peptide-pregnancy")).isEqualTo(expected);
		if (expected.equals("critical")) {
			assertThat(scenario.record().dataQuality()).anySatisfy(text -> assertThat(text)
					.contains("gives the delivery date only as " + value + ", not to the day; counted"));
		}
	}

	/** An EDD in the past says nothing of a current pregnancy: no card, no message, nothing that may be missing. */
	@Test
	void anEstimatedDeliveryDateInThePast_isPassedOverQuietly() {
		PatientRecord record = Scenario.of(estimatedDeliveryDate("edd1", TODAY.minusDays(300), TODAY.minusDays(20).toString()))
				.drafts(peptide("d1", "ipamorelin", "draft", TODAY)).record();

		assertThat(record.dataQuality()).noneMatch(text -> text.contains("edd1"));
		assertThat(record.pregnancyMayBeMissing()).isFalse();
	}

	/** A clinic that codes the EDD in its own system adds the code to ValueSet estimated-delivery-date-codes as data. */
	@Test
	void anEstimatedDeliveryDateUnderACodeTheClinicAdded_isRead(@TempDir Path folder) throws IOException {
		Files.writeString(folder.resolve("edd-extra.json"), """
				{"resourceType": "ValueSet", "url": "http://somaxis.org/fhir/ValueSet/estimated-delivery-date-codes",
				 "status": "active",
				 "compose": {"include": [{"system": "http://clinic.example/obs", "concept": [{"code": "EDD"}]}]}}
				""");
		Observation edd = estimatedDeliveryDate("edd1", TODAY.minusDays(10), TODAY.plusDays(100).toString());
		edd.setCode(new CodeableConcept(new Coding("http://clinic.example/obs", "EDD", null)));

		assertThat(Outcome.of(Scenario.of(edd).drafts(peptide("d1", "ipamorelin", "draft", TODAY)), "peptide-pregnancy"))
				.isEqualTo("none");
		assertThat(Outcome.of(Scenario.of(edd).drafts(peptide("d1", "ipamorelin", "draft", TODAY))
				.knowledge(KnowledgeLoader.fromClasspath(folder)), "peptide-pregnancy")).isEqualTo("critical");
	}

	/**
	 * A record that says pregnant, older than pregnancy-record-max-days (294 days, the postterm limit), records a
	 * pregnancy that has ended: not the critical card, but named, and with a peptide ordered the warning that a
	 * pregnancy record could not be used. Before, a "pregnant" status of 14 months ago drew the critical card.
	 */
	@ParameterizedTest(name = "{0} {1} days ago -> {2}")
	@CsvSource({"status, 294, critical", "status, 295, none", "status, 425, none", "test, 294, critical", "test, 400, none"})
	void aRecordThatSaysPregnant_olderThanAPregnancyLasts_isNamedNotCounted(String kind, int daysAgo, String expected) {
		Observation record = kind.equals("status") ? pregnancyStatus("o1", "77386006", TODAY.minusDays(daysAgo))
				: negativeTest("t1", TODAY.minusDays(daysAgo));
		if (kind.equals("test")) {
			record.setValue(new CodeableConcept(new Coding("http://snomed.info/sct", "10828004", "Positive")));
		}
		Scenario scenario = Scenario.of(org.somaxis.guidance.Fixtures.patient(30, "female"), record)
				.drafts(peptide("d1", "ipamorelin", "draft", TODAY));

		assertThat(Outcome.of(scenario, "peptide-pregnancy")).isEqualTo(expected);
		assertThat(scenario.record().pregnancyMayBeMissing()).isEqualTo(expected.equals("none"));
		if (expected.equals("none")) {
			assertThat(scenario.record().dataQuality()).anySatisfy(message -> assertThat(message)
					.contains("says pregnant, but is more than 294 days before"));
		}
	}

	/** A stale "pregnant" status weighs as no status: a positive test of last week still draws the critical card. */
	@Test
	void aStalePregnantStatus_doesNotHideARecentPositiveTest() {
		Observation positive = negativeTest("t1", TODAY.minusDays(5));
		positive.setValue(new CodeableConcept(new Coding("http://snomed.info/sct", "10828004", "Positive")));
		Scenario scenario = Scenario.of(org.somaxis.guidance.Fixtures.patient(30, "female"),
						pregnancyStatus("o1", "77386006", TODAY.minusDays(400)), positive)
				.drafts(peptide("d1", "ipamorelin", "draft", TODAY));

		assertThat(Outcome.of(scenario, "peptide-pregnancy")).isEqualTo("critical");
		assertThat(scenario.record().dataQuality()).noneSatisfy(message -> assertThat(message).contains("says pregnant, but"));
	}

	private static Observation negativeTest(String id, LocalDate date) {
		Observation test = new Observation();
		test.setId(id);
		test.setStatus(Observation.ObservationStatus.FINAL);
		test.setCode(new CodeableConcept(new Coding(Codes.LOINC, Codes.HCG_URINE, null)));
		test.setValue(new CodeableConcept(new Coding("http://snomed.info/sct", "260385009", "Negative")));
		test.setEffective(new org.hl7.fhir.r4.model.DateTimeType(date.toString()));
		test.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/p1"));
		return test;
	}

	@ParameterizedTest(name = "{0} with {1} on {2} -> {3}")
	@CsvSource({
			"tesamorelin, hypophysectomy,                  ORDER_SIGN,   critical",
			"tesamorelin, hypopituitarism,                 ORDER_SELECT, critical",
			"tesamorelin, pituitary-tumour,                ORDER_SIGN,   critical",
			"tesamorelin, head-irradiation,                ORDER_SIGN,   critical",
			"tesamorelin, hypothalamic-pituitary-disorder, ORDER_SIGN,   critical",
			"sermorelin,  hypophysectomy,                  ORDER_SIGN,   none",
			"tesamorelin, none,                            ORDER_SIGN,   none"})
	void tesamorelinHpAxisDisorder(String code, String disorder, Hook hook, String expected) {
		Scenario scenario = Scenario.of().drafts(peptide("d1", code, "draft", TODAY)).hook(hook);
		if (!disorder.equals("none")) {
			scenario.with(localCondition("c1", disorder));
		}

		assertThat(Outcome.of(scenario, "tesamorelin-hp-axis-disorder")).isEqualTo(expected);
	}

	/**
	 * A coding that may be of a group (a misnamed system's code a group lists under the system it means; an ICD-9-CM code
	 * of the neoplasm, pregnancy or pituitary chapters) is named also beside an ICD-10-CM code of something else: it drew
	 * nothing once an ICD-10-CM coding stood beside it (probe 84, P84-C2). Another ICD-9-CM code beside one is not (P83-M4).
	 */
	@ParameterizedTest(name = "{0}|{1} beside ICD-10-CM {2} -> named {3}")
	@CsvSource(delimiter = ';', value = {
			"http://hl7.org/fhir/sid/icd-9-cm; 185; N40.0; true",
			"http://hl7.org/fhir/sid/icd-9-cm; 185; R97.20; true",
			"ICD-10-CM; C61; I10; true",
			"SNOMED CT; 254837009; I10; true",
			"http://hl7.org/fhir/sid/icd-9-cm; 401.9; I10; false",
			"ICD-10-CM; I10; I10; false"})
	void aCodingThatMayBeOfAGroup_isNamedAlsoBesideAnIcd10CmCodeOfSomethingElse(String system, String code, String icd10cm,
			boolean named) {
		Condition condition = org.somaxis.guidance.Fixtures.condition("c1", "http://hl7.org/fhir/sid/icd-10-cm", icd10cm,
				"active");
		condition.getCode().addCoding(new Coding(system, code, null));
		Scenario scenario = Scenario.of(condition).drafts(peptide("d1", "tesamorelin", "draft", TODAY)).hook(Hook.ORDER_SIGN);

		assertThat(scenario.record().contraindicationsMayBeMissing().stream().anyMatch(entry -> entry.startsWith("Condition/c1")))
				.isEqualTo(named);
	}

	/**
	 * A Condition coded in no system a group holds is named by the coding that may say what it is (C61 under a
	 * misnamed ICD-10-CM), not by an EHR's own code listed first (probe 83, P83-m10).
	 */
	@Test
	void aConditionCodedInNoHeldSystem_isNamedByTheCodingThatMaySayWhatItIs() {
		Condition condition = org.somaxis.guidance.Fixtures.condition("c1", "https://ehr.example.org/problems", "X1", "active");
		condition.getCode().addCoding(new Coding("ICD-10-CM", "C61", "Malignant neoplasm of prostate"));
		Scenario scenario = Scenario.of(condition).drafts(peptide("d1", "tesamorelin", "draft", TODAY)).hook(Hook.ORDER_SIGN);

		assertThat(scenario.record().contraindicationsMayBeMissing()).anySatisfy(named -> assertThat(named)
				.startsWith("Condition/c1 (C61 Malignant neoplasm of prostate"));
	}

	/**
	 * A Condition whose malignancy is said only by a coding the groups cannot read is a contraindication that may be
	 * missing, named beside the draft peptide (the warning), also beside a published code no group lists (SNOMED CT
	 * 126906006 Neoplasm of prostate): a misnamed system, ICD-9-CM, or a code not written as its system writes codes drew
	 * nothing, or only an info line (probe 82, P82-C1, C2). A concept written with its term is read as the concept.
	 * Beside an ICD-10-CM coding, which classifies the same condition, an ICD-9-CM one is not named (probe 83, P83-M4).
	 */
	@ParameterizedTest(name = "{0}|{1} beside {2} -> {3}")
	@CsvSource(delimiter = ';', value = {
			"http://hl7.org/fhir/sid/icd-10-cm/; C61; 126906006; named",
			"ICD-10-CM; C61; 126906006; named",
			"http://hl7.org/fhir/sid/icd-9-cm; 185; 126906006; named",
			"https://snomed.info/sct; 399068003; 126906006; named",
			"http://www.cms.gov/Medicare/Coding/ICD10; C61; ; named",
			"urn:oid:2.16.840.1.113883.6.4; C61; ; named",
			"http://hl7.org/fhir/sid/icd-10; C50.911; ; named",
			"http://snomed.info/sct; 254837009:363698007=76752008; ; named",
			"http://snomed.info/sct; 254837009 |Malignant neoplasm of breast (disorder)|; ; critical",
			"http://hl7.org/fhir/sid/icd-10-cm; C61; 126906006; critical",
			"https://ehr.example.org/problems; 4711; 126906006; none",
			"http://hl7.org/fhir/sid/icd-9-cm; 401.9; 38341003; none"})
	void aMalignancyInACodingTheGroupsCannotRead_isNamedBesideThePeptide(String system, String code, String besideSnomed,
			String expected) {
		Condition condition = org.somaxis.guidance.Fixtures.condition("c1", system, code, "active");
		if (besideSnomed != null) {
			condition.getCode().addCoding(new Coding(Codes.SNOMED, besideSnomed, "Neoplasm of prostate"));
		}
		if (code.equals("401.9")) { // a hypertension as problem lists code it: SNOMED CT, ICD-10-CM and ICD-9-CM (P83-M4)
			condition.getCode().addCoding(new Coding("http://hl7.org/fhir/sid/icd-10-cm", "I10", "Essential hypertension"));
		}
		Scenario scenario = Scenario.of(condition).drafts(peptide("d1", "tesamorelin", "draft", TODAY)).hook(Hook.ORDER_SIGN);

		assertThat(Outcome.of(scenario, "peptide-active-malignancy")).isEqualTo(expected.equals("named") ? "none" : expected);
		assertThat(scenario.record().contraindicationsMayBeMissing().stream().anyMatch(named -> named.startsWith("Condition/c1")))
				.isEqualTo(expected.equals("named"));
	}

	/**
	 * Hypopituitarism and pituitary tumours coded as EHR problem lists code them: the critical card. Before, SNOMED CT
	 * hypopituitarism drew nothing at all, and ICD-10-CM E23.0 only a warning (probe 56, P56-C1). Acromegaly and growth
	 * hormone deficiency may or may not be a disrupted axis: named, not counted.
	 */
	@ParameterizedTest(name = "{0}|{1} -> {2}")
	@CsvSource({
			"http://snomed.info/sct,            74728003,  critical",
			"http://snomed.info/sct,            32390006,  critical",
			"http://snomed.info/sct,            14900002,  critical",
			"http://snomed.info/sct,            127024001, critical",
			"http://hl7.org/fhir/sid/icd-10-cm, E23.0,     critical",
			"http://hl7.org/fhir/sid/icd-10-cm, E23.1,     critical",
			"http://hl7.org/fhir/sid/icd-10,    E23.0,     critical",
			"http://hl7.org/fhir/sid/icd-10,    D35.2,     critical",
			"http://hl7.org/fhir/sid/icd-10-cm, E89.3,     critical",
			"http://hl7.org/fhir/sid/icd-10-cm, D35.2,     critical",
			"http://hl7.org/fhir/sid/icd-10-cm, D35.3,     critical",
			"http://snomed.info/sct,            397827003, named",
			"http://snomed.info/sct,            47270006,  named",
			"http://hl7.org/fhir/sid/icd-10-cm, E24.9,     named"})
	void tesamorelinHpAxisDisorder_codedAsProblemListsCodeIt(String system, String code, String expected) {
		Scenario scenario = Scenario.of(org.somaxis.guidance.Fixtures.condition("c1", system, code, "active"))
				.drafts(peptide("d1", "tesamorelin", "draft", TODAY)).hook(Hook.ORDER_SIGN);

		assertThat(Outcome.of(scenario, "tesamorelin-hp-axis-disorder")).isEqualTo(expected.equals("named") ? "none" : expected);
		assertThat(scenario.record().contraindicationsMayBeMissing().stream().anyMatch(named -> named.startsWith("Condition/c1")))
				.isEqualTo(expected.equals("named"));
	}

	/**
	 * A disrupted axis beside the peptides no label covers: a warning to review with endocrinology, never silence, and
	 * the "in the target band" reassurance no longer stands alone (probe 56, P56-C2). Tesamorelin has its own critical card.
	 */
	@ParameterizedTest(name = "{0} with {1} -> {2}")
	@CsvSource({
			"sermorelin,    hypophysectomy,   draft,  warning",
			"ipamorelin,    hypopituitarism,  draft,  warning",
			"ibutamoren,    pituitary-tumour, active, warning",
			"cjc-1295-dac,  head-irradiation, on-hold, warning",
			"sermorelin,    hypophysectomy,   stopped, none",
			"tesamorelin,   hypophysectomy,   draft,  none",
			"sermorelin,    none,             draft,  none"})
	void secretagogueWithAHpAxisDisorder_isAWarning(String code, String disorder, String status, String expected) {
		Scenario scenario = Scenario.of().hook(status.equals("draft") ? Hook.ORDER_SIGN : Hook.PATIENT_VIEW);
		addPeptide(scenario, status, code);
		if (!disorder.equals("none")) {
			scenario.with(localCondition("c1", disorder));
		}

		assertThat(Outcome.of(scenario, "secretagogue-hp-axis-disorder")).isEqualTo(expected);
	}

	/**
	 * Acromegaly, coded as problem lists code it, beside any GH-axis peptide: the critical card, with the actions that
	 * cancel or stop it. Before, it was named beside tesamorelin only and nothing was said beside the others, whose
	 * chart could read "IGF-1 in the target band" (probe 56, P56-C2). Counted, it is no longer named as "may be missing".
	 */
	@ParameterizedTest(name = "{0}|{1} beside {2} ({3}) -> {4}")
	@CsvSource({
			"http://snomed.info/sct,            74107003, sermorelin,  draft,   critical",
			"http://hl7.org/fhir/sid/icd-10-cm, E22.0,    ipamorelin,  draft,   critical",
			"http://hl7.org/fhir/sid/icd-10,    E22.0,    ibutamoren,  active,  critical",
			"http://snomed.info/sct,            74107003, tesamorelin, draft,   critical",
			"http://snomed.info/sct,            74107003, sermorelin,  on-hold, critical",
			"http://snomed.info/sct,            74107003, sermorelin,  stopped, none",
			"http://hl7.org/fhir/sid/icd-10-cm, E22.1,    sermorelin,  draft,   none"})
	void acromegalyBesideAnyPeptide_isCritical(String system, String code, String peptide, String status, String expected) {
		Scenario scenario = Scenario.of(org.somaxis.guidance.Fixtures.condition("c1", system, code, "active"))
				.hook(status.equals("draft") ? Hook.ORDER_SIGN : Hook.PATIENT_VIEW);
		addPeptide(scenario, status, peptide);

		assertThat(Outcome.of(scenario, "peptide-acromegaly")).isEqualTo(expected);
		if (expected.equals("critical")) {
			assertThat(scenario.record().contraindicationsMayBeMissing()).isEmpty();
			assertThat(scenario.findings("peptide-acromegaly").get(0).detail()).contains(code);
		}
	}

	/**
	 * Acromegaly counts whatever its clinicalStatus, unless refuted: in remission, or resolved after surgery, it may come
	 * back, and the card names its status. Before, it was invisible beside every peptide (probe 59, P59-C3).
	 */
	@ParameterizedTest(name = "acromegaly {0} -> {1}")
	@CsvSource({"remission, critical", "resolved, critical", "inactive, critical", "recurrence, critical",
			"none, critical", "refuted, none", "entered-in-error, none"})
	void acromegalyTreatedOrInRemission_stillStopsEveryPeptide(String status, String expected) {
		org.hl7.fhir.r4.model.Condition acromegaly = org.somaxis.guidance.Fixtures.condition("c1",
				"http://snomed.info/sct", "74107003", status.equals("none") || status.equals("refuted")
						|| status.equals("entered-in-error") ? null : status);
		if (status.equals("refuted") || status.equals("entered-in-error")) {
			acromegaly.setVerificationStatus(new org.hl7.fhir.r4.model.CodeableConcept(new org.hl7.fhir.r4.model.Coding(
					"http://terminology.hl7.org/CodeSystem/condition-ver-status", status, null)));
		}
		Scenario scenario = Scenario.of(acromegaly).drafts(peptide("d1", "ipamorelin", "draft", TODAY)).hook(Hook.ORDER_SIGN);

		assertThat(Outcome.of(scenario, "peptide-acromegaly")).isEqualTo(expected);
		if (!status.equals("none") && expected.equals("critical")) {
			assertThat(scenario.findings("peptide-acromegaly").get(0).detail()).contains("74107003", "; " + status + ")");
		}
	}

	/** On patient-view, tesamorelin in effect (active or on hold) with a disrupted axis is named, and stopping it offered. */
	@ParameterizedTest(name = "{0} {1} -> {2}")
	@CsvSource({"tesamorelin, active, critical", "tesamorelin, on-hold, critical", "tesamorelin, stopped, none",
			"sermorelin, active, none"})
	void tesamorelinHpAxisDisorder_onPatientView(String code, String status, String expected) {
		Scenario scenario = Scenario.of(localCondition("c1", "hypophysectomy")).hook(Hook.PATIENT_VIEW);
		addPeptide(scenario, status, code);

		assertThat(Outcome.of(scenario, "tesamorelin-hp-axis-disorder")).isEqualTo(expected);
		if (expected.equals("critical")) {
			assertThat(scenario.findings("tesamorelin-hp-axis-disorder").get(0).suggestions()).singleElement()
					.satisfies(suggestion -> assertThat(suggestion.actions()).singleElement()
							.satisfies(action -> assertThat(action.change().status()).isEqualTo("stopped")));
		}
	}

	static void addPeptide(Scenario scenario, String status, String code) {
		switch (status) {
			case "draft" -> scenario.drafts(peptide("d1", code, "draft", TODAY));
			case "active", "on-hold", "stopped", "completed" -> scenario.with(peptide("m1", code, status, TODAY.minusDays(60)));
			default -> { }
		}
	}
}
