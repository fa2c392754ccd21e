package org.somaxis.guidance.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.somaxis.guidance.Fixtures.TODAY;
import static org.somaxis.guidance.Fixtures.glucose;
import static org.somaxis.guidance.Fixtures.hba1c;
import static org.somaxis.guidance.Fixtures.homaIr;
import static org.somaxis.guidance.Fixtures.insulin;
import static org.somaxis.guidance.Fixtures.lab;
import static org.somaxis.guidance.Fixtures.patient;
import static org.somaxis.guidance.Fixtures.peptide;
import static org.somaxis.guidance.Fixtures.snomedCondition;

import java.util.List;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.Hook;
import org.somaxis.guidance.Scenario;
import org.somaxis.guidance.record.Codes;

class MetabolicRulesTest {

	@ParameterizedTest(name = "{0}: glucose {1}, HbA1c {2}, diabetes {3} -> {4}")
	@CsvSource({
			"sermorelin, 126, 5.0, none,     warning",
			"sermorelin, 125, 5.0, none,     none",
			"sermorelin, 90,  6.5, none,     warning",
			"sermorelin, 90,  6.4, none,     none",
			"sermorelin, 90,  5.0, 44054006, warning",
			"sermorelin, 90,  5.0, 46635009, warning",
			"ibutamoren, 126, 5.0, none,     critical",
			"ibutamoren, 125, 5.0, none,     none",
			"none,       140, 7.0, 73211009, none"})
	void glucoseIntoleranceOnGhTherapy(String code, double glucose, double hba1c, String diabetes, String expected) {
		Scenario scenario = Scenario.of(glucose("g1", glucose, TODAY.minusDays(5)), hba1c("a1", hba1c, TODAY.minusDays(5)));
		if (!code.equals("none")) {
			scenario.drafts(peptide("d1", code, "draft", TODAY));
		}
		if (!diabetes.equals("none")) {
			scenario.with(snomedCondition("c1", diabetes));
		}

		assertThat(Outcome.of(scenario, "glucose-intolerance-on-gh-therapy")).isEqualTo(expected);
	}

	/**
	 * An HbA1c in the diabetic range is read whichever method the laboratory names: every member of VSAC HbA1c
	 * Laboratory Test, under LOINC's URL or its HL7 OID (converted C-CDA documents).
	 */
	@ParameterizedTest(name = "HbA1c 7.0 % coded {0}|{1} -> warning")
	@CsvSource({
			"http://loinc.org, 4548-4", "http://loinc.org, 17855-8", "http://loinc.org, 17856-6",
			"http://loinc.org, 4549-2", "http://loinc.org, 96595-4", "urn:oid:2.16.840.1.113883.6.1, 4549-2"})
	void glucoseIntolerance_readsHbA1cOfEveryPublishedCode(String system, String code) {
		Observation hba1c = lab("a1", code, 7.0, "%", TODAY.minusDays(5));
		hba1c.getCode().getCodingFirstRep().setSystem(system);
		Scenario scenario = Scenario.of(glucose("g1", 90, TODAY.minusDays(5)), hba1c)
				.drafts(peptide("d1", "sermorelin", "draft", TODAY));

		assertThat(Outcome.of(scenario, "glucose-intolerance-on-gh-therapy")).isEqualTo("warning");
	}

	/**
	 * HbA1c in IFCC units (mmol/mol), as UK and Dutch laboratories report it, under its own code 59261-8 or under 4548-4:
	 * converted to NGSP % by the IFCC-NGSP master equation, so 48 mmol/mol meets the 6.5 % cut-off and 47 does not.
	 * Before, a 59261-8 result was neither read nor named, and MK-677's critical card was missed (EU probe EU-1). Under
	 * the IFCC code a value in % is not read (it may be on either scale) and is named.
	 */
	@ParameterizedTest(name = "{0} {1} {2} -> {3}")
	@CsvSource({
			"59261-8, 53, mmol/mol, critical",
			"59261-8, 48, mmol/mol, critical",
			"59261-8, 47, mmol/mol, none",
			"4548-4,  53, mmol/mol, critical",
			"59261-8, 7.0, %,       none",
			// "mmol/mol" at or below hba1c-ifcc-min-mmol-mol (20): more likely a % result given the wrong unit; named
			"4548-4,  7.2, mmol/mol, none",
			"59261-8, 20,  mmol/mol, none"})
	void glucoseIntolerance_readsIfccHbA1cInMmolPerMol(String code, double value, String unit, String expected) {
		Scenario scenario = Scenario.of(lab("a1", code, value, unit, TODAY.minusDays(6)))
				.drafts(peptide("d1", "ibutamoren", "draft", TODAY));

		assertThat(Outcome.of(scenario, "glucose-intolerance-on-gh-therapy")).isEqualTo(expected);
		if (unit.equals("%")) {
			assertThat(scenario.record().dataQuality()).anySatisfy(message -> assertThat(message).contains("Observation/a1")
					.contains("may be on either scale"));
		} else if (value <= 20) {
			assertThat(scenario.record().dataQuality()).anySatisfy(message -> assertThat(message).contains("Observation/a1")
					.contains("more likely a % result"));
			assertThat(scenario.record().unreadGlycaemia()).containsExactly("Observation/a1");
		} else {
			assertThat(scenario.record().labs()).singleElement().satisfies(lab -> assertThat(lab.value())
					.isCloseTo(0.09148 * value + 2.152, org.assertj.core.data.Offset.offset(1e-9)));
		}
	}

	/**
	 * One HbA1c reported on both scales, 7.0 % and 53 mmol/mol on the same day, as German laboratories report it: one
	 * reading (7.0 % and 7.0004 %), not two results that cannot be ordered in time (the review).
	 */
	@Test
	void oneHbA1cReportedOnBothScales_isNotNamedAsTwoResultsOutOfOrder() {
		Scenario scenario = Scenario.of(lab("a1", "4548-4", 7.0, "%", TODAY.minusDays(6)),
				lab("a2", "59261-8", 53, "mmol/mol", TODAY.minusDays(6)));

		assertThat(scenario.record().dataQuality()).noneSatisfy(message -> assertThat(message)
				.contains("cannot be ordered in time"));
	}

	/**
	 * A result reported as a bound (">53 mmol/mol", read as 53) is quoted as reported, so the card does not present it
	 * as exact; before, the critical card dropped the ">" (the replay of the EU probe).
	 */
	@Test
	void aBoundIsQuotedAsReported_besideTheValueRead() {
		Observation hba1c = lab("a1", "59261-8", 53, "mmol/mol", TODAY.minusDays(6));
		hba1c.getValueQuantity().setComparator(org.hl7.fhir.r4.model.Quantity.QuantityComparator.GREATER_THAN);
		Scenario scenario = Scenario.of(hba1c).drafts(peptide("d1", "ibutamoren", "draft", TODAY));

		assertThat(scenario.findings("glucose-intolerance-on-gh-therapy")).singleElement()
				.satisfies(finding -> assertThat(finding.detail()).contains("(\\>53.0 mmol/mol)")); // markdown: shows as written
	}

	/**
	 * A glucose not marked fasting in mmol/L, LOINC 14749-6, as SI laboratories code it: 14.4 mmol/L (259 mg/dL) beside
	 * MK-677 drew nothing, where 2345-7 in mg/dL drew the critical card (probe 78, P78-m4). It is read as 2345-7 is; and
	 * a fasting code beside it wins, in either order. 11.1 mmol/L, the cut-off's own equivalent, is 200 mg/dL: read as
	 * 199.8 it drew nothing (probe 80, P80-M3); read in whole mg/dL, 11.09 mmol/L drew the card as 200 (probe 81, P81-m1).
	 * Results in mmol/L are judged against the cut-offs in mmol/L.
	 */
	@ParameterizedTest(name = "{0} mmol/L, fasting code too {1} -> {2}")
	@CsvSource({"14.4, false, critical", "11.1, false, critical", "11.10, false, critical", "11.11, false, critical",
			"11.09, false, none", "11.0, false, none", "8.0, false, none", "8.0, true, critical", "7.0, true, critical",
			"6.98, true, none"})
	void aGlucoseNotMarkedFastingInMmolPerLitre_isReadAs2345_7Is(double mmol, boolean fastingCodeToo, String expected) {
		Observation glucose = lab("g1", "14749-6", mmol, "mmol/L", TODAY.minusDays(3));
		if (fastingCodeToo) {
			glucose.getCode().addCoding(new org.hl7.fhir.r4.model.Coding(Codes.LOINC, "14771-0", null));
		}

		Scenario scenario = Scenario.of(glucose).drafts(peptide("d1", "ibutamoren", "draft", TODAY));

		if (expected.equals("none")) {
			assertThat(scenario.findings("glucose-intolerance-on-gh-therapy")).isEmpty();
			assertThat(scenario.record().glycaemiaMayBeMissing()).isFalse();
		} else {
			assertThat(scenario.findings("glucose-intolerance-on-gh-therapy")).singleElement()
					.satisfies(finding -> assertThat(finding.severity().indicator()).isEqualTo(expected));
		}
	}

	/**
	 * A preliminary glucose is said to be preliminary on the card that quotes it, as an IGF-1 is: the critical MK-677
	 * card quoted "260 mg/dL" as if final (probe 80, P80-m5).
	 */
	@Test
	void aPreliminaryGlucose_isSaidToBePreliminary_onItsCard() {
		Observation glucose = lab("g1", "2345-7", 260, "mg/dL", TODAY.minusDays(3));
		glucose.setStatus(Observation.ObservationStatus.PRELIMINARY);

		Scenario scenario = Scenario.of(glucose).drafts(peptide("d1", "ibutamoren", "draft", TODAY));

		assertThat(scenario.findings("glucose-intolerance-on-gh-therapy")).singleElement()
				.satisfies(finding -> assertThat(finding.detail()).contains("260 mg/dL (preliminary)"));
	}

	/**
	 * A glucose or HbA1c reported as a bound is read as its bound only where that settles every cut-off: "&lt;250 mg/dL"
	 * not marked fasting drew the critical MK-677 card as 250 (probe 78, P78-m1), and "&gt;90 mg/dL" fasting would read
	 * as normal a result that may be in the diabetes range. A "&lt;" bound is under its number: "&lt;200" read as 200 met
	 * the cut-off of 200 (probe 80, P80-M2). Such a bound is named and not read, so the card that says the
	 * glucose check may be missing stands in for it.
	 */
	@ParameterizedTest(name = "{0} {1}{2} {3} -> {4}, unread {5}")
	@CsvSource({
			"2345-7, <,  250, mg/dL, none,     true",
			"2345-7, <,  150, mg/dL, none,     false",
			"2345-7, >,  250, mg/dL, critical, false",
			"2345-7, >,  150, mg/dL, none,     true",
			"1558-6, >,  90,  mg/dL, none,     true",
			"1558-6, >,  130, mg/dL, critical, false",
			"1558-6, >=, 126, mg/dL, critical, false",
			"1558-6, <,  130, mg/dL, none,     true",
			"1558-6, <=, 100, mg/dL, none,     true",
			"1558-6, <,  100, mg/dL, none,     false",
			"4548-4, >,  6.0, %,     none,     true",
			"4548-4, <,  5.0, %,     none,     false",
			"2345-7, <,  200, mg/dL, none,     false",
			"1558-6, <,  126, mg/dL, none,     true",
			"14749-6, <, 11.1, mmol/L, none,   false",
			"14749-6, <, 11.12, mmol/L, none,  true",
			"14749-6, >, 11.09, mmol/L, none,  true",
			"14749-6, >=, 11.1, mmol/L, critical, false"})
	void aBoundIsRead_onlyWhereItSettlesEveryCutOff(String loinc, String comparator, double value, String unit,
			String card, boolean unread) {
		Observation result = lab("g1", loinc, value, unit, TODAY.minusDays(3));
		result.getValueQuantity().setComparator(org.hl7.fhir.r4.model.Quantity.QuantityComparator.fromCode(comparator));

		Scenario scenario = Scenario.of(result).drafts(peptide("d1", "ibutamoren", "draft", TODAY));

		if (card.equals("none")) {
			assertThat(scenario.findings("glucose-intolerance-on-gh-therapy")).isEmpty();
		} else {
			assertThat(scenario.findings("glucose-intolerance-on-gh-therapy")).singleElement()
					.satisfies(finding -> assertThat(finding.severity().indicator()).isEqualTo(card));
		}
		assertThat(scenario.record().glycaemiaMayBeMissing()).isEqualTo(unread);
		assertThat(scenario.record().dataQuality()).anySatisfy(message -> assertThat(message).contains(unread
				? "a bound that does not tell on which side of"
				: "not an exact value; read as " + (comparator.equals("<") ? "just under " : ""))); // P81-m3
	}

	/**
	 * A glucose the laboratory did not mark fasting (LOINC 2345-7), as EHR metabolic panels code it: 260 mg/dL beside
	 * MK-677 drew nothing (probe 57, P57-M3). From 200 mg/dL it is in the diabetes range whenever drawn: critical with
	 * MK-677, a warning with another peptide. Below, it says nothing (it may have followed a meal).
	 */
	@ParameterizedTest(name = "{0} {1} beside {2} -> {3}")
	@CsvSource({
			"260,  mg/dL,  ibutamoren, critical",
			"200,  mg/dL,  ibutamoren, critical",
			"260,  mg/dL,  sermorelin, warning",
			"180,  mg/dL,  ibutamoren, none"})
	void aGlucoseNotMarkedFasting_inTheDiabetesRange_drawsTheGlucoseCard(double value, String unit, String peptide,
			String expected) {
		Scenario scenario = Scenario.of(org.somaxis.guidance.Fixtures.lab("g1", "2345-7", value, unit, TODAY.minusDays(3)))
				.drafts(peptide("d1", peptide, "draft", TODAY));

		List<Finding> findings = scenario.findings("glucose-intolerance-on-gh-therapy");

		if (expected.equals("none")) {
			assertThat(findings).isEmpty();
		} else {
			assertThat(findings).singleElement().satisfies(finding -> {
				assertThat(finding.severity().indicator()).isEqualTo(expected);
				assertThat(finding.detail()).contains("a glucose not marked fasting");
				assertThat(finding.evidence()).contains("Observation/g1");
			});
		}
	}

	/**
	 * A fasting glucose also coded 2345-7, before or after 1558-6: read as fasting, against 126 mg/dL. Coded 2345-7
	 * first, it was read against 200 and MK-677 beside 130 mg/dL drew nothing (probe 78, P78-C1).
	 */
	@ParameterizedTest(name = "2345-7 first {0}")
	@org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
	void aFastingGlucoseAlsoCodedAsNotMarkedFasting_isReadAsFasting(boolean genericFirst) {
		Observation glucose = lab("g1", Codes.GLUCOSE_MASS, 130, "mg/dL", TODAY.minusDays(3));
		org.hl7.fhir.r4.model.Coding generic = new org.hl7.fhir.r4.model.Coding(Codes.LOINC, "2345-7", null);
		if (genericFirst) {
			glucose.getCode().getCoding().add(0, generic);
		} else {
			glucose.getCode().addCoding(generic);
		}

		Scenario scenario = Scenario.of(glucose).drafts(peptide("d1", "ibutamoren", "draft", TODAY));

		assertThat(scenario.findings("glucose-intolerance-on-gh-therapy")).singleElement().satisfies(finding -> {
			assertThat(finding.severity().indicator()).isEqualTo("critical");
			assertThat(finding.detail()).contains("fasting glucose 130");
		});
	}

	/**
	 * MK-677 signed beside a sermorelin draft for a patient with diabetes: the critical card offers to cancel the MK-677
	 * draft, the one that makes it critical, and not the other. Before, it offered only labs (probe 56, P56-M4).
	 */
	@Test
	void glucoseIntolerance_withMk677_offersToCancelTheMk677DraftOnly() {
		Scenario scenario = Scenario.of(org.somaxis.guidance.Fixtures.glucose("g1", 140, TODAY))
				.drafts(peptide("d1", "ibutamoren", "draft", TODAY), peptide("d2", "sermorelin", "draft", TODAY));

		Finding finding = scenario.findings("glucose-intolerance-on-gh-therapy").get(0);

		assertThat(finding.suggestions().get(0).actions())
				.containsExactly(org.somaxis.guidance.Action.delete("MedicationRequest/d1"));
		assertThat(finding.implicated()).contains("MedicationRequest/d1", "MedicationRequest/d2");
	}

	/**
	 * A peptide beside a medication that may treat diabetes (VSAC Diabetes Medications: metformin, insulin glargine), with
	 * no diabetes Condition or result on record, as a medication list shows diabetes: the card, a warning also with MK-677,
	 * since the set lists drugs given without diabetes (semaglutide as Wegovy). With a diabetes-range HbA1c too, MK-677
	 * makes it critical. Before, nothing (probe 56, P56-M3). A stopped metformin order is no reason.
	 */
	@ParameterizedTest(name = "{0} {1} beside {2}, HbA1c {3} -> {4}")
	@CsvSource({
			"861007,  active,  ibutamoren, 0,   warning",
			"A10AE04, active,  ibutamoren, 0,   warning",
			"A10BA02, active,  ibutamoren, 0,   warning",
			"285018,  active,  sermorelin, 0,   warning",
			"2553503, active,  ibutamoren, 0,   warning",
			"861007,  active,  ibutamoren, 7.2, critical",
			"861007,  stopped, ibutamoren, 0,   none"})
	void glucoseIntolerance_besideAMedicationThatMayTreatDiabetes(String rxcui, String status, String peptide, double hba1c,
			String expected) {
		org.hl7.fhir.r4.model.MedicationRequest diabetesDrug = peptide("dm1", "sermorelin", status, TODAY.minusDays(200));
		// an RxCUI of VSAC Diabetes Medications, or a WHO ATC code under A10 (insulin glargine, metformin) as European
		// systems code them (probe 57, P57-M3)
		diabetesDrug.setMedication(new org.hl7.fhir.r4.model.CodeableConcept(new org.hl7.fhir.r4.model.Coding(
				rxcui.startsWith("A10") ? "http://www.whocc.no/atc" : "http://www.nlm.nih.gov/research/umls/rxnorm", rxcui, null)));
		Scenario scenario = Scenario.of(diabetesDrug).drafts(peptide("d1", peptide, "draft", TODAY));
		if (hba1c > 0) {
			scenario.with(lab("a1", "4548-4", hba1c, "%", TODAY.minusDays(6)));
		}

		assertThat(Outcome.of(scenario, "glucose-intolerance-on-gh-therapy")).isEqualTo(expected);
		if (!expected.equals("none")) {
			Finding finding = scenario.findings("glucose-intolerance-on-gh-therapy").get(0);
			assertThat(finding.evidence()).contains("MedicationRequest/dm1");
			// the summary names the trigger: a medication alone is no diabetes (probe 58, P58-m3)
			assertThat(finding.summary()).isEqualTo(hba1c > 0 ? "Peptide therapy with diabetes-range glucose or diabetes"
					: "Peptide therapy with a medication that may treat diabetes");
		}
	}

	/**
	 * Fasting glucose in mmol/L under either molar LOINC code: 77145-1, or 14771-0 (serum or plasma), as SI laboratories
	 * code it. Before, a 14771-0 result was not read at all, nor named, so MK-677's critical card was missed (EU probe).
	 */
	@ParameterizedTest(name = "{0}")
	@org.junit.jupiter.params.provider.ValueSource(strings = {Codes.GLUCOSE_MOLAR, Codes.GLUCOSE_MOLAR_SERUM})
	void glucoseIntolerance_withGlucoseInMillimoles_firesAt7(String code) {
		Scenario scenario = Scenario.of(lab("g1", code, 7.0, "mmol/L", TODAY))
				.drafts(peptide("d1", "sermorelin", "draft", TODAY));

		Finding finding = scenario.findings("glucose-intolerance-on-gh-therapy").get(0);
		assertThat(finding.detail()).contains("fasting glucose 126 mg/dL (7.0 mmol/L) on " + TODAY);
	}

	@ParameterizedTest(name = "therapy {0} days, baseline {1}, latest {2} -> {3}")
	@CsvSource({
			"14, 90,  100, info",
			"14, 90,  99,  none",
			"14, 100, 125, info",
			"14, 100, 126, none",
			"28, 90,  100, none"})
	void earlyGlucoseRiseExpected(int therapyDays, double baseline, double latest, String expected) {
		Scenario scenario = Scenario.of(peptide("m1", "tesamorelin", "active", TODAY.minusDays(therapyDays)),
				glucose("g0", baseline, TODAY.minusDays(therapyDays + 3)),
				glucose("g1", latest, TODAY.minusDays(1)));

		assertThat(Outcome.of(scenario, "early-glucose-rise-expected")).isEqualTo(expected);
	}

	/**
	 * The recheck "at 3 months" the reassurance offers orders fasting glucose and insulin due 90 days after the therapy
	 * began, not now (probe 59, P59-m7).
	 */
	@Test
	void earlyGlucoseRise_ordersTheRecheckDueAtThreeMonthsOfTherapy() {
		Scenario scenario = Scenario.of(peptide("m1", "tesamorelin", "active", TODAY.minusDays(14)),
				glucose("g0", 90, TODAY.minusDays(17)), glucose("g1", 100, TODAY.minusDays(1)));

		Finding finding = scenario.findings("early-glucose-rise-expected").get(0);

		assertThat(finding.suggestions()).singleElement().satisfies(recheck -> assertThat(recheck.actions())
				.extracting(org.somaxis.guidance.Action::loincCode, org.somaxis.guidance.Action::dueFrom,
						org.somaxis.guidance.Action::dueTo)
				.containsExactly(org.assertj.core.groups.Tuple.tuple("1558-6", TODAY.plusDays(76), null),
						org.assertj.core.groups.Tuple.tuple("27873-9", TODAY.plusDays(76), null)));
	}

	/**
	 * An active order written 14 days ago that renews ({@code priorPrescription}) an order the record does not hold may
	 * continue years of therapy: a glucose rise is not called expected for the first weeks, and a message says why.
	 * With the renewed order in the record, the course is dated through it as usual.
	 */
	@ParameterizedTest(name = "renewed order in the record {0} -> {1}")
	@CsvSource({"false, none", "true, info"})
	void earlyGlucoseRise_isNotCalledExpected_forARenewalOfAnOrderTheRecordLacks(boolean priorPresent, String expected) {
		org.hl7.fhir.r4.model.MedicationRequest renewal = peptide("m2", "tesamorelin", "active", TODAY.minusDays(14));
		renewal.setPriorPrescription(new org.hl7.fhir.r4.model.Reference("MedicationRequest/m1"));
		Scenario scenario = Scenario.of(renewal, glucose("g0", 90, TODAY.minusDays(17)), glucose("g1", 100, TODAY.minusDays(1)));
		if (priorPresent) {
			scenario.with(peptide("m1", "tesamorelin", "stopped", TODAY.minusDays(14)));
		}

		assertThat(Outcome.of(scenario, "early-glucose-rise-expected")).isEqualTo(expected);
		assertThat(scenario.record().dataQuality().stream().anyMatch(message -> message.startsWith(
				"MedicationRequest/m2 renews MedicationRequest/m1, which is not in the record"))).isEqualTo(!priorPresent);
	}

	/**
	 * The same for a renewal that names the renewed order only by its prescription number (e-prescribing), or with a
	 * reference holding only an extension (which made the evaluation fail), and for a chain whose first link is absent:
	 * a completed order renewing an absent one, renewed in turn by the active order.
	 */
	@ParameterizedTest(name = "{0}")
	@org.junit.jupiter.params.provider.ValueSource(strings = {"by identifier", "reference with only an extension",
			"one step back"})
	void earlyGlucoseRise_isNotCalledExpected_forOtherRenewalsOfAnOrderTheRecordLacks(String shape) {
		org.hl7.fhir.r4.model.MedicationRequest renewal = peptide("m2", "tesamorelin", "active", TODAY.minusDays(10));
		Scenario scenario = Scenario.of(renewal, glucose("g0", 90, TODAY.minusDays(25)), glucose("g1", 100, TODAY.minusDays(1)));
		switch (shape) {
			case "by identifier" -> renewal.setPriorPrescription(new org.hl7.fhir.r4.model.Reference()
					.setIdentifier(new org.hl7.fhir.r4.model.Identifier().setSystem("http://pharmacy.example.org/rx")
							.setValue("RX-889")));
			case "reference with only an extension" -> {
				org.hl7.fhir.r4.model.Reference prior = new org.hl7.fhir.r4.model.Reference();
				prior.getReferenceElement_().addExtension("http://hl7.org/fhir/StructureDefinition/data-absent-reason",
						new org.hl7.fhir.r4.model.CodeType("unknown"));
				renewal.setPriorPrescription(prior);
			}
			case "one step back" -> {
				org.hl7.fhir.r4.model.MedicationRequest first = peptide("m1", "tesamorelin", "completed", TODAY.minusDays(20));
				first.setPriorPrescription(new org.hl7.fhir.r4.model.Reference("MedicationRequest/m0"));
				renewal.setPriorPrescription(new org.hl7.fhir.r4.model.Reference("MedicationRequest/m1"));
				scenario.with(first);
			}
			default -> throw new IllegalArgumentException(shape);
		}

		assertThat(Outcome.of(scenario, "early-glucose-rise-expected")).isEqualTo("none");
	}

	/**
	 * An order that renews ({@code priorPrescription}) a completed order of March, across a gap longer than
	 * {@code therapy-course-gap-days}: therapy may have run on, or restarted after a break. Neither is assumed. The course
	 * is not reached back to March, so an IGF-1 drawn in the break is not judged as a result on therapy (no
	 * non-response); nor is it taken to be in its first weeks, so no "early glucose rise expected" (before this, the
	 * renewal restarted the course and the reassurance was given). A message says why.
	 */
	@Test
	void aRenewalAcrossAGap_isNeitherReachedBackNorTakenForTheFirstWeeks() {
		org.hl7.fhir.r4.model.MedicationRequest march = peptide("m1", "sermorelin", "completed", TODAY.minusDays(270));
		org.hl7.fhir.r4.model.MedicationRequest renewal = peptide("m2", "sermorelin", "active", TODAY.minusDays(10));
		renewal.setPriorPrescription(new org.hl7.fhir.r4.model.Reference("MedicationRequest/m1"));
		Scenario scenario = Scenario.of(march, renewal, glucose("g0", 90, TODAY.minusDays(275)),
				glucose("g1", 100, TODAY.minusDays(1)), org.somaxis.guidance.Fixtures.igf1("i0", 180, TODAY.minusDays(280)),
				org.somaxis.guidance.Fixtures.igf1("i1", 100, TODAY.minusDays(20)));

		assertThat(scenario.record().therapyStart()).isEqualTo(TODAY.minusDays(10));
		assertThat(Outcome.of(scenario, "early-glucose-rise-expected")).isEqualTo("none");
		assertThat(Outcome.of(scenario, "igf1-non-response")).isEqualTo("none");
		assertThat(scenario.record().dataQuality()).contains("MedicationRequest/m2 renews MedicationRequest/m1 of "
				+ TODAY.minusDays(270) + ", before this course: therapy may have begun before " + TODAY.minusDays(10)
				+ ", so its weeks are counted from then and it is not known to be in its first weeks - please check it");
	}

	/**
	 * A one-year order renewed when it ends (its dosage bounds, or its dispense validity, end the day before the
	 * renewal) is one course, whatever the gap between their starts: the renewal is in week 55, and the IGF-1 drawn on
	 * the old order is a result on therapy, not a baseline. Before, the course restarted and a responder's IGF-1 (100 to
	 * 230 on therapy, then 240) was judged a non-response "from the baseline of 230". Renewed up to therapy-break-days
	 * (30) after the old order's end, still one course; a longer break is a new course.
	 */
	@ParameterizedTest(name = "old order ends {0} days before the renewal, by {1} -> course from {2} days ago")
	@CsvSource({"1, bounds, 380", "0, validity, 380", "7, bounds, 380", "30, validity, 380", "31, bounds, 14",
			"1, none, 14", "150, bounds, 14"})
	void aRenewalOfAnOrderThatRanUpToIt_continuesTheCourse(int daysBefore, String endBy, int courseDays) {
		org.hl7.fhir.r4.model.MedicationRequest year = peptide("m1", "tesamorelin", "completed", TODAY.minusDays(380));
		java.time.LocalDate end = TODAY.minusDays(14 + daysBefore);
		if (endBy.equals("bounds")) {
			year.getDosageInstructionFirstRep().getTiming().getRepeat().setBounds(new org.hl7.fhir.r4.model.Period()
					.setStartElement(new org.hl7.fhir.r4.model.DateTimeType(TODAY.minusDays(380).toString()))
					.setEndElement(new org.hl7.fhir.r4.model.DateTimeType(end.toString())));
		} else if (endBy.equals("validity")) {
			year.getDispenseRequest().getValidityPeriod().setEndElement(new org.hl7.fhir.r4.model.DateTimeType(end.toString()));
		}
		org.hl7.fhir.r4.model.MedicationRequest renewal = peptide("m2", "tesamorelin", "active", TODAY.minusDays(14));
		renewal.setPriorPrescription(new org.hl7.fhir.r4.model.Reference("MedicationRequest/m1"));
		Scenario scenario = Scenario.of(year, renewal, org.somaxis.guidance.Fixtures.igf1("i0", 100, TODAY.minusDays(390)),
				org.somaxis.guidance.Fixtures.igf1("i1", 230, TODAY.minusDays(20)),
				org.somaxis.guidance.Fixtures.igf1("i2", 240, TODAY));

		assertThat(scenario.record().therapyStart()).isEqualTo(TODAY.minusDays(courseDays));
		if (courseDays == 380) {
			assertThat(scenario.record().therapyWeek()).isEqualTo(55);
			assertThat(scenario.record().dataQuality()).noneMatch(message -> message.contains(" renews "));
		}
	}

	/**
	 * A renewal of an order the record lacks (another site's): therapy may have begun before this course, so the last
	 * IGF-1 before it may be on therapy and no rise is measured from it (240 after 230 is not "little response"); a
	 * result still below its interval is judged, as before.
	 */
	@ParameterizedTest(name = "latest IGF-1 {0} -> {1}")
	@CsvSource({"240, none", "40, info"})
	void aCourseThatMayHaveBegunEarlier_measuresNoRiseFromTheResultBeforeIt(double latest, String expected) {
		org.hl7.fhir.r4.model.MedicationRequest renewal = peptide("m2", "tesamorelin", "active", TODAY.minusDays(100));
		renewal.setPriorPrescription(new org.hl7.fhir.r4.model.Reference("MedicationRequest/elsewhere"));
		Scenario scenario = Scenario.of(org.somaxis.guidance.Fixtures.patient(45, "male"), renewal,
				org.somaxis.guidance.Fixtures.igf1("i1", 230, TODAY.minusDays(105)),
				org.somaxis.guidance.Fixtures.igf1("i2", latest, TODAY));

		assertThat(scenario.record().therapyMayHaveBegunEarlier()).isTrue();
		assertThat(Outcome.of(scenario, "igf1-non-response")).isEqualTo(expected);
	}

	/**
	 * A renewal by another server's absolute URL of an order the record holds (as an EHR Bundle writes it) is that order:
	 * no message, and the first weeks are the first weeks. A renewal dated after the evaluation date is not yet there.
	 */
	@ParameterizedTest(name = "{0}")
	@org.junit.jupiter.params.provider.ValueSource(strings = {"absolute URL of a held order", "renewal after the date"})
	void renewalsThatSayNothingOfAnEarlierCourse_leaveTheFirstWeeksAlone(String shape) {
		org.hl7.fhir.r4.model.MedicationRequest first = peptide("m1", "tesamorelin", "stopped", TODAY.minusDays(14));
		org.hl7.fhir.r4.model.MedicationRequest renewal = peptide("m2", "tesamorelin", "active", TODAY.minusDays(14));
		Scenario scenario = Scenario.of(first, renewal, glucose("g0", 90, TODAY.minusDays(17)),
				glucose("g1", 100, TODAY.minusDays(1)));
		if (shape.startsWith("absolute")) {
			renewal.setPriorPrescription(new org.hl7.fhir.r4.model.Reference("https://ehr.example.org/fhir/MedicationRequest/m1"));
		} else {
			org.hl7.fhir.r4.model.MedicationRequest later = peptide("m3", "tesamorelin", "active", TODAY.plusDays(90));
			later.setPriorPrescription(new org.hl7.fhir.r4.model.Reference("MedicationRequest/m0"));
			scenario.with(later);
		}

		assertThat(Outcome.of(scenario, "early-glucose-rise-expected")).isEqualTo("info");
		assertThat(scenario.record().dataQuality()).noneMatch(message -> message.contains(" renews "));
	}

	/**
	 * Glucose up 11 % is within the expected early rise, but not beside a HOMA-IR up 113 % (insulin 9 to 17.5) or an
	 * HbA1c at the diabetes cut-off, which glucose-intolerance-on-gh-therapy warns about: the reassurance would contradict
	 * it. Before, the glucose alone decided.
	 */
	@ParameterizedTest(name = "insulin then {0}, HbA1c {1} -> {2}")
	@CsvSource({"10, 0, info", "17.5, 0, none", "10, 6.5, none", "10, 6.4, info"})
	void earlyGlucoseRise_isNotReassuringBesideAHomaIrRiseOrADiabeticHba1c(double insulin, double hba1c, String expected) {
		Scenario scenario = Scenario.of(peptide("m1", "tesamorelin", "active", TODAY.minusDays(10)),
				glucose("g0", 90, TODAY.minusDays(12)), insulin("i0", 9, TODAY.minusDays(12)),
				glucose("g1", 100, TODAY), insulin("i1", insulin, TODAY));
		if (hba1c > 0) {
			scenario.with(hba1c("h1", hba1c, TODAY));
		}

		assertThat(Outcome.of(scenario, "early-glucose-rise-expected")).isEqualTo(expected);
	}

	@Test
	void earlyGlucoseRise_isAlsoDetectedThroughHomaIr() {
		Scenario scenario = Scenario.of(peptide("m1", "tesamorelin", "active", TODAY.minusDays(10)),
				glucose("g0", 90, TODAY.minusDays(12)), insulin("i0", 9, TODAY.minusDays(12)),
				glucose("g1", 92, TODAY), insulin("i1", 10.5, TODAY));

		Finding finding = scenario.findings("early-glucose-rise-expected").get(0);
		assertThat(finding.summary()).startsWith("HOMA-IR rose");
		assertThat(finding.evidence()).contains("Observation/g0", "Observation/i0", "Observation/g1", "Observation/i1");
	}

	@ParameterizedTest(name = "therapy {0} days, HOMA-IR {1} then {2} -> {3}")
	@CsvSource({
			"200, 2.5, 2.6, warning",
			"200, 2.5, 2.5, warning",
			"200, 2.8, 2.5, none",
			"200, 0,   2.1, warning",
			"200, 0,   2.0, none",
			"150, 2.5, 2.6, none"})
	void insulinResistancePersisting(int therapyDays, double previous, double latest, String expected) {
		Scenario scenario = Scenario.of(peptide("m1", "sermorelin", "active", TODAY.minusDays(therapyDays)),
				homaIr("h2", latest, TODAY.minusDays(2)));
		if (previous > 0) {
			scenario.with(homaIr("h1", previous, TODAY.minusDays(60)));
		}

		assertThat(Outcome.of(scenario, "insulin-resistance-persisting")).isEqualTo(expected);
	}

	/**
	 * An earlier day whose results cannot be ordered in time is compared by its lowest value, so reading its highest as
	 * its latest hides no rise: glucose 105 and 118 on one day, 112 later, is not an improvement (before, 118 was taken
	 * as the previous value and the warning dropped), nor is a week-4 day of 92 and 118 below a later 110.
	 */
	@Test
	void anEarlierDayOfUnorderedResults_isComparedByItsLowest() {
		Scenario persisting = Scenario.of(peptide("m1", "sermorelin", "active", TODAY.minusDays(215)),
				glucose("g1", 118, TODAY.minusDays(60)), glucose("g2", 105, TODAY.minusDays(60)),
				glucose("g3", 112, TODAY.minusDays(2)));
		Scenario rising = Scenario.of(patient(45, "male"), peptide("m1", "tesamorelin", "active", TODAY.minusDays(70)),
				glucose("g1", 118, TODAY.minusDays(50)), glucose("g2", 92, TODAY.minusDays(50)),
				glucose("g9", 110, TODAY.minusDays(1)));

		assertThat(Outcome.of(persisting, "insulin-resistance-persisting")).isEqualTo("warning");
		assertThat(Outcome.of(rising, "glucose-rising-mid-therapy")).isEqualTo("warning");
		assertThat(rising.record().dataQuality()).anySatisfy(message -> assertThat(message).contains("cannot be ordered"));
	}

	/**
	 * A HOMA-IR derived on a day of unordered insulins is compared by the day's lowest pair too: week 3 glucose 100 with
	 * insulin 8 and 15, week 10 glucose 95 with insulin 14 (HOMA-IR 3.28) is a rise from 1.98, not a fall from 3.70.
	 */
	@Test
	void aDerivedHomaIrOfAnUnorderedDay_isComparedByTheDaysLowestPair() {
		Scenario rising = Scenario.of(patient(45, "male"), peptide("m1", "tesamorelin", "active", TODAY.minusDays(70)),
				glucose("g4", 100, TODAY.minusDays(50)), insulin("i4a", 15, TODAY.minusDays(50)),
				insulin("i4b", 8, TODAY.minusDays(50)), glucose("g9", 95, TODAY.minusDays(1)), insulin("i9", 14, TODAY.minusDays(1)));

		assertThat(rising.findings("glucose-rising-mid-therapy")).singleElement()
				.satisfies(finding -> assertThat(finding.summary()).startsWith("HOMA-IR"));
		assertThat(rising.record().latestLab(org.somaxis.guidance.record.LabKind.HOMA_IR)).get()
				.satisfies(homa -> assertThat(homa.value()).isCloseTo(3.28, org.assertj.core.data.Offset.offset(0.01)));
	}

	@ParameterizedTest(name = "glucose {0} after 7 months -> {1}")
	@CsvSource({"99, none", "100, warning", "125, warning", "126, none"})
	void insulinResistancePersisting_onGlucose(double value, String expected) {
		Scenario scenario = Scenario.of(peptide("m1", "sermorelin", "active", TODAY.minusDays(215)),
				glucose("g1", value, TODAY.minusDays(2)));

		assertThat(Outcome.of(scenario, "insulin-resistance-persisting")).isEqualTo(expected);
	}

	@ParameterizedTest(name = "HOMA-IR {0}, glucose {1}, HbA1c {2} -> {3}")
	@CsvSource({
			"2.0, 99,  5.6, none",
			"2.1, 99,  5.6, info",
			"0,   100, 5.6, info",
			"0,   125, 5.6, info",
			"0,   126, 5.6, none",
			"0,   90,  5.7, info",
			"0,   90,  6.4, info",
			"0,   90,  6.5, none"})
	void insulinSensitivityLifestyle(double homa, double glucose, double hba1c, String expected) {
		Scenario scenario = Scenario.of(patient(40, "male"), glucose("g1", glucose, TODAY.minusDays(3)),
				hba1c("a1", hba1c, TODAY.minusDays(3)));
		if (homa > 0) {
			scenario.with(homaIr("h1", homa, TODAY.minusDays(3)));
		}

		assertThat(Outcome.of(scenario.hook(Hook.PATIENT_VIEW), "insulin-sensitivity-lifestyle")).isEqualTo(expected);
	}

	@Test
	void insulinSensitivity_fromDerivedHomaIr_quotesBothInputs() {
		Finding finding = Scenario.of(patient(40, "male"), glucose("g1", 99, TODAY), insulin("i1", 10, TODAY))
				.findings("insulin-sensitivity-lifestyle").get(0);

		assertThat(finding.detail()).contains("HOMA-IR 2.44 on " + TODAY + " (derived)");
		assertThat(finding.evidence()).containsExactly("Observation/g1", "Observation/i1");
	}

	/**
	 * A fasting glucose in mmol/L is judged against the cut-offs in mmol/L the source pairs with those in mg/dL (5.6 with
	 * 100, 7.0 with 126): 5.55 mmol/L, read as 100 mg/dL, drew the prediabetes card (probe 81, P81-m1).
	 */
	@ParameterizedTest(name = "fasting glucose {0} mmol/L -> {1}")
	@CsvSource({"5.55, none", "5.59, none", "5.6, info", "6.98, info", "7.0, none"})
	void insulinSensitivityLifestyle_judgesAGlucoseInMmolPerLitre_inMmolPerLitre(double mmol, String expected) {
		Scenario scenario = Scenario.of(patient(40, "male"), lab("g1", "14771-0", mmol, "mmol/L", TODAY.minusDays(3)),
				hba1c("a1", 5.0, TODAY.minusDays(3)));

		assertThat(Outcome.of(scenario.hook(Hook.PATIENT_VIEW), "insulin-sensitivity-lifestyle")).isEqualTo(expected);
	}
}
