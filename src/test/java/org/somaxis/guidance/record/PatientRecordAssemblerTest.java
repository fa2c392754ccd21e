package org.somaxis.guidance.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.somaxis.guidance.Fixtures.TODAY;
import static org.somaxis.guidance.Fixtures.condition;
import static org.somaxis.guidance.Fixtures.exercise;
import static org.somaxis.guidance.Fixtures.glucose;
import static org.somaxis.guidance.Fixtures.homaIr;
import static org.somaxis.guidance.Fixtures.igf1;
import static org.somaxis.guidance.Fixtures.insulin;
import static org.somaxis.guidance.Fixtures.lab;
import static org.somaxis.guidance.Fixtures.patient;
import static org.somaxis.guidance.Fixtures.localCondition;
import static org.somaxis.guidance.Fixtures.peptide;
import static org.somaxis.guidance.Fixtures.pregnancyStatus;
import static org.somaxis.guidance.Fixtures.sleep;
import static org.somaxis.guidance.Fixtures.withRange;

import java.math.BigDecimal;
import java.util.List;
import org.hl7.fhir.r4.model.Age;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.somaxis.guidance.Fixtures;
import org.somaxis.guidance.Scenario;
import org.somaxis.guidance.knowledge.CodeGroup;

class PatientRecordAssemblerTest {

	@Test
	void ageAndSex_areTakenAtTheEvaluationDate() {
		PatientRecord record = Scenario.of(patient(45, "female")).record();

		assertThat(record.ageYears()).isEqualTo(45);
		assertThat(record.sex()).isEqualTo(Sex.FEMALE);
		assertThat(record.patientId()).isEqualTo("Patient/p1");
	}

	/**
	 * A registration placeholder (1900-01-01) or a typing error: the age is used as given, and the clinician is told to
	 * check it. Before, an IGF-1 was silently read against the oldest band.
	 */
	@ParameterizedTest(name = "born {0}: named {1}")
	@CsvSource({"1900-01-01, true", "1906-06-01, true", "1906-06-02, false", "1950-01-01, false"})
	void anImplausibleBirthDate_isNamed(String birthDate, boolean named) {
		org.hl7.fhir.r4.model.Patient patient = patient(45, "male");
		patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType(birthDate));

		PatientRecord record = Scenario.of(patient).record();

		assertThat(record.dataQuality().stream().anyMatch(message -> message.contains("which is not plausible")))
				.isEqualTo(named);
	}

	/**
	 * FHIR's patient-birthTime extension gives the day a birth date lacks (none at all, or only a year): a child born
	 * 2012-05-01 is 14, and one born in 2008 on 20 December is 17, not "17 or 18". A time of birth on another day than a
	 * full birth date is named, and the birth date read. It was not read: no age, and the check for a child did not run
	 * (probe 45, M1).
	 */
	@ParameterizedTest(name = "birthDate ''{0}'', birth time {1} -> aged {2}")
	@CsvSource({"'', 2012-05-01T10:00:00+02:00, 14, false", "2008, 2008-12-20T08:00:00Z, 17, false",
			"2008-12-20, 2009-01-03T00:00:00Z, 17, true", "2008, 2008, 17 or 18, false"})
	void theTimeOfBirth_givesTheDayABirthDateLacks(String birthDate, String birthTime, String age, boolean named) {
		org.hl7.fhir.r4.model.Patient patient = patient(45, "male");
		org.hl7.fhir.r4.model.DateType element = birthDate.isEmpty() ? new org.hl7.fhir.r4.model.DateType()
				: new org.hl7.fhir.r4.model.DateType(birthDate);
		element.addExtension(PatientRecordAssembler.BIRTH_TIME, new DateTimeType(birthTime));
		patient.setBirthDateElement(element);

		PatientRecord record = Scenario.of(patient).record();

		assertThat(record.age()).hasToString(age);
		assertThat(record.dataQuality().stream().anyMatch(message -> message.contains("has a time of birth")))
				.isEqualTo(named);
	}

	/** A death dated after today is a typing or clock error, as a birth or a result dated in the future is: named. */
	@Test
	void aDeathDatedAfterToday_isNamed_andNotCounted() {
		org.hl7.fhir.r4.model.Patient patient = patient(45, "male");
		patient.setDeceased(new DateTimeType(TODAY.plusDays(14).toString()));

		PatientRecord record = Scenario.of(patient).today(TODAY).record();

		assertThat(record.deceased()).isFalse();
		assertThat(record.dataQuality()).anySatisfy(message -> assertThat(message)
				.contains("has a date of death (" + TODAY.plusDays(14) + ") after today").contains("please check it"));
	}

	/**
	 * An IGF-1 dated before the patient was born (a mother's result on her newborn's chart, or a wrong date) is not the
	 * patient's and is named so; a pregnancy test so dated still counts, the safe mistake, and is named. Before, the
	 * IGF-1 drew an above-range card, its message saying the age was unknown (probe 45, M3).
	 */
	@Test
	void aResultDatedBeforeTheBirth_isNamed_andNotReadAsTheLatest() {
		org.hl7.fhir.r4.model.Patient newborn = patient(0, "female");
		java.time.LocalDate born = TODAY.minusDays(3);
		newborn.setBirthDateElement(new org.hl7.fhir.r4.model.DateType(born.toString()));

		PatientRecord record = Scenario.of(newborn, igf1("o1", 950, born.minusDays(11)),
				pregnancyStatus("s1", Codes.PREGNANT, born.minusDays(30))).record();

		assertThat(record.igf1()).isEmpty();
		assertThat(record.dataQuality()).anySatisfy(message -> assertThat(message)
				.contains("Observation/o1 on " + born.minusDays(11) + " is dated before the patient's birth (" + born + ")")
				.contains("not used"));
		assertThat(record.has(CodeGroup.PREGNANCY)).isTrue();
		assertThat(record.dataQuality()).anySatisfy(message -> assertThat(message)
				.contains("Observation/s1").contains("is dated before the patient's birth").contains("counted"));
	}

	@Test
	void aDeathDatedBeforeTheBirth_isNamed() {
		org.hl7.fhir.r4.model.Patient patient = patient(45, "male");
		patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1980-05-01"));
		patient.setDeceased(new DateTimeType("1970-01-02"));

		PatientRecord record = Scenario.of(patient).record();

		assertThat(record.dataQuality()).contains(
				"Patient/p1 has a date of death (1970-01-02) before its birth date (1980-05-01): please check both");
	}

	/** On TODAY (2026-06-01): born in 1981, 44 or 45 (one band, 40-49.9); in 1976, 49 or 50 (two bands). */
	@ParameterizedTest(name = "born {0}: {1}")
	@CsvSource({"1981, 44 or 45, true", "1976, 49 or 50, false", "1976-03, 50, true"})
	void partialBirthDate_givesThePossibleAges_andInterpretsIgf1WhenTheirIntervalsAgree(
			String birthDate, String ages, boolean interpreted) {
		org.hl7.fhir.r4.model.Patient patient = patient(45, "male");
		patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType(birthDate));

		PatientRecord record = Scenario.of(patient, igf1("o1", 328, TODAY)).record();

		assertThat(record.age()).hasToString(ages);
		assertThat(record.igf1()).singleElement()
				.satisfies(point -> assertThat(point.interval() != null).isEqualTo(interpreted));
		assertThat(record.dataQuality().stream().anyMatch(message -> message.contains("partial birth date (" + birthDate + ")")))
				.isEqualTo(!birthDate.contains("-"));
		assertThat(record.dataQuality().stream().anyMatch(message -> message.contains("no single reference interval applies")))
				.isEqualTo(!interpreted);
	}

	/**
	 * A laboratory reads a result by the age at collection: an IGF-1 of 320 ng/mL drawn the day before the 50th birthday
	 * is within 40-49.9's interval (upper limit 328) when read a year later, not above 50-59.9's (317).
	 */
	@Test
	void anIgf1_isReadAgainstTheIntervalOfTheAgeWhenItWasDrawn() {
		org.hl7.fhir.r4.model.Patient patient = patient(45, "male");
		patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType(TODAY.minusYears(50).toString()));

		PatientRecord record = Scenario.of(patient, igf1("o1", 320, TODAY.minusDays(1)), igf1("o2", 320, TODAY)).record();

		assertThat(record.ageYears()).isEqualTo(50);
		assertThat(record.igf1()).extracting(point -> point.interval().high()).containsExactly(328.0, 317.0);
		assertThat(record.igf1()).extracting(Igf1Point::interpretation).containsExactly(Interpretation.N, Interpretation.H);
	}

	/**
	 * With no interval for the patient's age (no birth date, a partial one spanning bands, an age the table does not
	 * cover), a result above the upper limit of every band the age may fall in (born 1976: 40-49.9's 328 and 50-59.9's
	 * 317; no birth date or under 18: every band) is read as above range against the highest of them, and named; one
	 * under it stays uninterpreted. Before, 900 ng/mL on tesamorelin drew no card at all.
	 */
	@ParameterizedTest(name = "born {0}, IGF-1 {1} -> {2}")
	@CsvSource({
			"none,       900, HH",
			"none,       549, H",
			"none,       540, none",
			"1976,       900, HH",
			"1976,       330, H",
			"1976,       328, none",
			"2009-06-02, 900, HH",
			"2009-06-02, 400, none"})
	void aResultAboveEveryBand_isReadAsAboveRange_whenNoBandApplies(String birthDate, double value, String expected) {
		org.hl7.fhir.r4.model.Patient patient = patient(45, "male");
		patient.setBirthDateElement(birthDate.equals("none") ? null : new org.hl7.fhir.r4.model.DateType(birthDate));

		PatientRecord record = Scenario.of(patient, igf1("o1", value, TODAY)).record();

		assertThat(record.igf1()).singleElement().satisfies(point -> assertThat(
				point.interpretation() == null ? "none" : point.interpretation().name()).isEqualTo(expected));
		// a partial birth date whose bands both read it as above range says so of each band
		assertThat(record.dataQuality().stream().anyMatch(message -> message.contains("above the upper limit of every interval")
				|| message.contains("it is above the interval of each"))).isEqualTo(!expected.equals("none"));
	}

	@Test
	void birthDateAfterTheEvaluationDate_leavesTheAgeUnknown_andSaysSo() {
		org.hl7.fhir.r4.model.Patient patient = patient(45, "male");
		patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType(TODAY.plusDays(1).toString()));

		PatientRecord record = Scenario.of(patient).record();

		assertThat(record.age()).isNull();
		assertThat(record.dataQuality()).anyMatch(message -> message.contains("birth date after " + TODAY));
	}

	/** Converted C-CDA documents name LOINC by its HL7 OID; the record reads it as LOINC, as it does SNOMED CT's. */
	@Test
	void observationsCodedWithTheLoincOid_areReadAsLoinc() {
		Observation igf1 = igf1("o1", 328, TODAY);
		igf1.getCode().getCodingFirstRep().setSystem("urn:oid:2.16.840.1.113883.6.1");
		Observation pregnant = org.somaxis.guidance.Fixtures.pregnancyStatus("ps1", "77386006", TODAY);
		pregnant.getCode().getCodingFirstRep().setSystem(" urn:oid:2.16.840.1.113883.6.1 ");

		PatientRecord record = Scenario.of(patient(45, "female"), igf1, pregnant).record();

		assertThat(record.igf1()).extracting(Igf1Point::resourceId).containsExactly("Observation/o1");
		assertThat(record.conditions().get(CodeGroup.PREGNANCY)).containsExactly("Observation/ps1");
	}

	@Test
	void observationWithAnEffectivePeriodOfOnlyAnEnd_isDatedByItsEnd() {
		Observation igf1 = igf1("o1", 328, null);
		igf1.setEffective(new Period().setEndElement(new org.hl7.fhir.r4.model.DateTimeType(TODAY.minusDays(2) + "T08:00:00Z")));

		PatientRecord record = Scenario.of(patient(45, "female"), igf1).record();

		assertThat(record.igf1()).singleElement().satisfies(point -> assertThat(point.date()).isEqualTo(TODAY.minusDays(2)));
		assertThat(record.dataQuality()).noneMatch(message -> message.contains("Observation/o1"));
	}

	/** A text-only range, a range with only a high limit, or a low of 0: the fallback is used, and a message says so. */
	@ParameterizedTest(name = "{0}")
	@CsvSource({"text only", "high only", "low 0"})
	void labRangeThatCannotBeUsed_isNamedWithTheLabsFlag_andTheFallbackIntervalUsed(String shape) {
		Observation igf1 = igf1("o1", 300, TODAY);
		Observation.ObservationReferenceRangeComponent range = igf1.addReferenceRange();
		switch (shape) {
			case "text only" -> range.setText("52-200 ng/mL");
			case "high only" -> range.setHigh(new Quantity().setValue(200).setCode("ng/mL"));
			default -> range.setLow(new Quantity().setValue(0).setCode("ng/mL")).setHigh(new Quantity().setValue(200).setCode("ng/mL"));
		}
		igf1.addInterpretation().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation").setCode("H");

		PatientRecord record = Scenario.of(patient(45, "male"), igf1).record();

		assertThat(record.igf1()).singleElement().satisfies(point -> assertThat(point.interval().origin()).isNotEqualTo("lab"));
		assertThat(record.dataQuality()).anySatisfy(message -> assertThat(message)
				.contains("IGF-1 Observation/o1 on " + TODAY + " has a reference range from the lab that cannot be used")
				.contains("the lab flagged it H"));
	}

	/**
	 * A lab that gives every age band in months: a 40-year-old's IGF-1 of 700 ng/mL is read against the adult band
	 * (216-1199 months, to 317), not the children's (0-215 months, to 800). Before, 40 fell in "0-215" and the result
	 * read as normal: no critical card on therapy (probe 45, C1). A band in a unit of time not read here is named.
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource({"mo, 317", "cm, "})
	void labAgeBandsInMonths_areReadAsMonths(String unit, Double high) {
		Observation igf1 = igf1("o1", 700, TODAY);
		for (int[] band : new int[][] {{0, 215, 30, 800}, {216, 1199, 50, 317}}) {
			Observation.ObservationReferenceRangeComponent range = igf1.addReferenceRange()
					.setLow(new Quantity().setValue(band[2]).setCode("ng/mL"))
					.setHigh(new Quantity().setValue(band[3]).setCode("ng/mL"));
			range.setAge(new org.hl7.fhir.r4.model.Range()
					.setLow(new Quantity().setValue(band[0]).setSystem(Codes.UCUM).setCode(unit))
					.setHigh(new Quantity().setValue(band[1]).setSystem(Codes.UCUM).setCode(unit)));
		}

		PatientRecord record = Scenario.of(patient(40, "male"), igf1).record();

		Igf1Point point = record.igf1().get(0);
		if (high != null) {
			assertThat(point.interval().origin()).isEqualTo("lab");
			assertThat(point.interval().high()).isEqualTo(high);
			assertThat(point.interpretation()).isEqualTo(Interpretation.HH);
		} else {
			assertThat(point.interval().origin()).isNotEqualTo("lab");
			assertThat(record.dataQuality()).anySatisfy(message -> assertThat(message)
					.contains("has a reference range (30-800) for ages in 'cm', no unit of time this server reads"));
		}
	}

	@Test
	void igf1InNanomolesPerLitre_isConvertedToNanogramsPerMillilitre() {
		PatientRecord record = Scenario.of(patient(45, "male"),
				lab("o1", Codes.IGF1, 20, "nmol/L", TODAY.minusDays(3))).record();

		assertThat(record.igf1()).singleElement()
				.satisfies(point -> assertThat(point.ngPerMl()).isCloseTo(153.0, within(1e-9)));
	}

	@Test
	void igf1WithoutLabRange_usesTheFallbackBandAndApproximateSds() {
		Igf1Point point = Scenario.of(patient(45, "male"), igf1("o1", 328, TODAY)).record().igf1().get(0);

		assertThat(point.interval().low()).isEqualTo(52);
		assertThat(point.interval().high()).isEqualTo(328);
		assertThat(point.interval().origin()).contains("Quest");
		assertThat(point.sds()).isCloseTo(2.0, within(1e-9));
		assertThat(point.interpretation()).isEqualTo(Interpretation.N);
	}

	@Test
	void labReferenceRange_winsOverTheFallbackTable() {
		Igf1Point point = Scenario.of(patient(45, "male"), withRange(igf1("o1", 300, TODAY), 80, 250))
				.record().igf1().get(0);

		assertThat(point.interval().origin()).isEqualTo("lab");
		assertThat(point.interpretation()).isEqualTo(Interpretation.H);
	}

	@Test
	void severalLabRanges_pickTheOneForThePatientsSex() {
		Observation observation = igf1("o1", 300, TODAY);
		observation.addReferenceRange()
				.setLow(new Quantity().setValue(BigDecimal.valueOf(100)).setCode("ng/mL"))
				.setHigh(new Quantity().setValue(BigDecimal.valueOf(200)).setCode("ng/mL"))
				.addAppliesTo(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/referencerange-meaning", "male", null)));
		observation.addReferenceRange()
				.setLow(new Quantity().setValue(BigDecimal.valueOf(100)).setCode("ng/mL"))
				.setHigh(new Quantity().setValue(BigDecimal.valueOf(350)).setCode("ng/mL"))
				.addAppliesTo(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/referencerange-meaning", "female", null)));

		Igf1Point point = Scenario.of(patient(45, "female"), observation).record().igf1().get(0);

		assertThat(point.interval().high()).isEqualTo(350);
		assertThat(point.interpretation()).isEqualTo(Interpretation.N);
	}

	/** An IGF-1 of 300 ng/mL with a lab's range for men (to 200) and one for women (to 350). */
	private static Observation igf1WithRangesForEachSex() {
		Observation observation = igf1("o1", 300, TODAY);
		observation.addReferenceRange()
				.setLow(new Quantity().setValue(BigDecimal.valueOf(100)).setCode("ng/mL"))
				.setHigh(new Quantity().setValue(BigDecimal.valueOf(200)).setCode("ng/mL"))
				.addAppliesTo(new CodeableConcept(new Coding("http://hl7.org/fhir/administrative-gender", "male", null)));
		observation.addReferenceRange()
				.setLow(new Quantity().setValue(BigDecimal.valueOf(100)).setCode("ng/mL"))
				.setHigh(new Quantity().setValue(BigDecimal.valueOf(350)).setCode("ng/mL"))
				.addAppliesTo(new CodeableConcept(new Coding("http://hl7.org/fhir/administrative-gender", "female", null)));
		return observation;
	}

	private static org.hl7.fhir.r4.model.Extension sexForClinicalUse(String code, String start, String end) {
		org.hl7.fhir.r4.model.Extension parameter = new org.hl7.fhir.r4.model.Extension(ClinicalSex.SEX_PARAMETER_FOR_CLINICAL_USE);
		parameter.addExtension("value", new CodeableConcept(new Coding(ClinicalSex.SEX_PARAMETER_SYSTEM, code, null)));
		if (start != null || end != null) {
			Period period = new Period();
			if (start != null) {
				period.setStartElement(new DateTimeType(start));
			}
			if (end != null) {
				period.setEndElement(new DateTimeType(end));
			}
			parameter.addExtension("period", period);
		}
		return parameter;
	}

	/**
	 * Gender Harmony: a woman by administrative gender whose sex parameter for clinical use is male-typical has her IGF-1
	 * read against the lab's range for men. Before, the range for women was applied, and 300 ng/mL (above the men's
	 * limit of 200) was read as normal.
	 */
	@Test
	void aSexParameterForClinicalUse_choosesTheLabRange_overTheAdministrativeGender() {
		org.hl7.fhir.r4.model.Patient patient = patient(45, "female");
		patient.addExtension(sexForClinicalUse("male-typical", null, null));

		PatientRecord record = Scenario.of(patient, igf1WithRangesForEachSex()).record();

		assertThat(record.sex()).isEqualTo(Sex.MALE);
		assertThat(record.igf1().get(0).interval().high()).isEqualTo(200);
		assertThat(record.igf1().get(0).interpretation()).isEqualTo(Interpretation.HH);
		assertThat(record.dataQuality()).isEmpty();
	}

	/** A parameter whose period has ended (or not begun) on the evaluation date says nothing: the gender chooses. */
	@ParameterizedTest(name = "{0} to {1}")
	@CsvSource({"2020-01-01, 2021-01-01", "2027-01-01, ''", "2019, 2021", "2020-03, 2026-05", "2026-07, ''"})
	void aSexParameterForClinicalUse_notCurrentOnTheEvaluationDate_isNotUsed(String start, String end) {
		org.hl7.fhir.r4.model.Patient patient = patient(45, "female");
		patient.addExtension(sexForClinicalUse("male-typical", start, end.isEmpty() ? null : end));

		PatientRecord record = Scenario.of(patient, igf1WithRangesForEachSex()).record();

		assertThat(record.sex()).isEqualTo(Sex.FEMALE);
		assertThat(record.igf1().get(0).interval().high()).isEqualTo(350);
	}

	/**
	 * A parameter of "specified" (see its comment), or two current ones that disagree, or administrative gender and US
	 * Core birth sex that disagree without one: no range for one sex is applied, and the reason is named; 300 ng/mL,
	 * above the lab's range for men and within that for women, is not read (not against the fallback's sex-combined band,
	 * as before probe 45's M5). Before that, the administrative gender chose silently.
	 */
	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = {"specified", "two that disagree", "birth sex M"})
	void aSexForClinicalUseThatCannotBeChosen_appliesNoRangeForOneSex_andIsNamed(String shape) {
		org.hl7.fhir.r4.model.Patient patient = patient(45, "female");
		switch (shape) {
			case "specified" -> patient.addExtension(sexForClinicalUse("specified", null, null));
			case "two that disagree" -> {
				patient.addExtension(sexForClinicalUse("male-typical", "2026-01-01", null));
				patient.addExtension(sexForClinicalUse("female-typical", null, null));
			}
			default -> patient.addExtension(ClinicalSex.US_CORE_BIRTH_SEX, new CodeType("M"));
		}

		PatientRecord record = Scenario.of(patient, igf1WithRangesForEachSex()).record();

		assertThat(record.sex()).isEqualTo(Sex.UNKNOWN);
		assertThat(record.igf1()).isEmpty();
		assertThat(record.dataQuality()).anySatisfy(message -> assertThat(message)
				.startsWith("Patient/p1 has ").contains("no sex-specific IGF-1 reference interval is chosen"));
		assertThat(record.dataQuality()).anySatisfy(message -> assertThat(message)
				.contains("but above its range for males (100-200 ng/mL)").contains("not read"));
	}

	/**
	 * Why no sex-specific IGF-1 interval is chosen (a gender and a birth sex that differ) is named beside an IGF-1 only: on
	 * every other card of such a patient it was noise. A sex parameter whose period has ended is called so, not "no sex
	 * parameter" (probe 45, m3).
	 */
	@ParameterizedTest(name = "IGF-1 {0}, expired parameter {1}")
	@CsvSource({"true, false", "true, true", "false, false"})
	void aGenderAndBirthSexThatDiffer_areNamedBesideAnIgf1Only(boolean withIgf1, boolean expired) {
		org.hl7.fhir.r4.model.Patient patient = patient(45, "male");
		patient.addExtension(ClinicalSex.US_CORE_BIRTH_SEX, new CodeType("F"));
		if (expired) {
			patient.addExtension(sexForClinicalUse("male-typical", "2020-01-01", "2025-01-01"));
		}
		List<org.hl7.fhir.r4.model.Resource> resources = new java.util.ArrayList<>(List.of(patient));
		if (withIgf1) {
			resources.add(igf1("o1", 150, TODAY));
		}

		PatientRecord record = Scenario.of(resources.toArray(org.hl7.fhir.r4.model.Resource[]::new)).record();

		assertThat(record.dataQuality().stream().filter(message -> message.contains("and birth sex female")).toList())
				.hasSize(withIgf1 ? 1 : 0)
				.allSatisfy(message -> assertThat(message.contains("no current sex parameter for clinical use (its period"
						+ " does not cover " + TODAY + ")")).isEqualTo(expired));
	}

	/**
	 * No sex chosen (gender other or unknown, a sex parameter of "specified", a birth sex at odds with the gender) and the
	 * lab's ranges are for each sex, 50-200 ng/mL for women and 60-220 for men: a result read alike by both is read with
	 * the stricter of the lab's ranges (above: the lower limit, so 290 ng/mL is above +3 SDS as it is for a woman; below:
	 * the higher), and named. Before, both were set aside and
	 * 260 ng/mL, above both, was read as normal against the fallback table's sex-combined band. A result they read apart
	 * (210: above the women's, within the men's) is not read, and named: it counts among the IGF-1 results that could not
	 * be used. Before, it was read as normal against the fallback table's band, a third interval (probe 45, M5).
	 */
	@ParameterizedTest(name = "{0}, IGF-1 {1} -> {2}")
	@CsvSource({
			"other,       260, lab 50-200 H",
			"unknown,     260, lab 50-200 H",
			"specified,   260, lab 50-200 H",
			"birth sex M, 260, lab 50-200 H",
			"other,       290, lab 50-200 HH",
			"other,       40,  lab 60-220 L",
			"other,       150, lab 60-220 N",
			"other,       210, unread"})
	void noSexChosen_theLabsRangesForEachSex_readTheResultAlikeOrNotAtAll(String shape, double value,
			String expected) {
		org.hl7.fhir.r4.model.Patient patient = patient(42, "female");
		switch (shape) {
			case "other", "unknown" -> patient.setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.fromCode(shape));
			case "specified" -> patient.addExtension(sexForClinicalUse("specified", null, null));
			default -> patient.addExtension(ClinicalSex.US_CORE_BIRTH_SEX, new CodeType("M"));
		}
		Observation observation = igf1("o1", value, TODAY);
		observation.addReferenceRange()
				.setLow(new Quantity().setValue(BigDecimal.valueOf(50)).setCode("ng/mL"))
				.setHigh(new Quantity().setValue(BigDecimal.valueOf(200)).setCode("ng/mL"))
				.addAppliesTo(new CodeableConcept(new Coding("http://hl7.org/fhir/administrative-gender", "female", null)));
		observation.addReferenceRange()
				.setLow(new Quantity().setValue(BigDecimal.valueOf(60)).setCode("ng/mL"))
				.setHigh(new Quantity().setValue(BigDecimal.valueOf(220)).setCode("ng/mL"))
				.addAppliesTo(new CodeableConcept(new Coding("http://hl7.org/fhir/administrative-gender", "male", null)));

		PatientRecord record = Scenario.of(patient, observation).record();

		assertThat(record.sex()).isIn(Sex.UNKNOWN, Sex.OTHER);
		if (expected.equals("unread")) {
			assertThat(record.igf1()).isEmpty();
			assertThat(record.dataQuality()).anySatisfy(message -> assertThat(message).contains("no sex is chosen")
					.contains("above the lab's range for females (50-200 ng/mL) but within its range for males (60-220 ng/mL)"));
		} else {
			Igf1Point point = record.igf1().get(0);
			assertThat(point.interval().origin() + " " + FhirValues.number(point.interval().low()) + "-"
					+ FhirValues.number(point.interval().high()) + " " + point.interpretation()).isEqualTo(expected);
			assertThat(record.dataQuality()).anySatisfy(message -> assertThat(message)
					.contains("no sex is chosen for the patient's reference interval"));
		}
	}

	/** The strictest interval is the one giving the furthest SDS, not the one with the lowest limit. */
	@Test
	void ofIntervalsThatReadAResultAlike_theOneGivingTheFurthestSdsIsUsed() {
		ReferenceInterval lowerLimit = new ReferenceInterval(50, 200, "lab");
		ReferenceInterval narrower = new ReferenceInterval(100, 210, "lab");

		assertThat(Igf1Intervals.agreeing(List.of(lowerLimit, narrower), 260)).isEqualTo(narrower);
		assertThat(narrower.interpret(260, 3)).isEqualTo(Interpretation.HH);
		assertThat(lowerLimit.interpret(260, 3)).isEqualTo(Interpretation.H);
		assertThat(Igf1Intervals.agreeing(List.of(lowerLimit, narrower), 205)).isNull(); // above one, within the other
	}

	/**
	 * A birth year alone (born 1946: 79 or 80 on the evaluation date) spans two bands of the fallback table; a result
	 * both read alike (below, within or above) is read so, and named. Before, 28 and 140 ng/mL were left uninterpreted.
	 */
	@ParameterizedTest(name = "born 1946, IGF-1 {0} -> {1}")
	@CsvSource({"28, L", "140, N", "400, H", "'', ''"})
	void aBirthYearSpanningTwoBands_interpretsAResultBothReadAlike(String value, String expected) {
		org.hl7.fhir.r4.model.Patient patient = patient(80, "male");
		patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1946"));
		List<ReferenceInterval> bands = Igf1Intervals.bandsOfEachAge(Scenario.KNOWLEDGE.igf1Intervals(), new AgeRange(79, 80),
				Sex.MALE);
		assertThat(bands).hasSize(2);
		double between = (Math.min(bands.get(0).high(), bands.get(1).high()) + Math.max(bands.get(0).high(),
				bands.get(1).high())) / 2;
		double ng = value.isEmpty() ? between : Double.parseDouble(value);

		PatientRecord record = Scenario.of(patient, igf1("o1", ng, TODAY)).record();

		Igf1Point point = record.igf1().get(0);
		if (value.isEmpty()) { // above one band's limit, within the other's: not known, not interpreted
			assertThat(point.interpretation()).isNull();
		} else {
			assertThat(point.interpretation()).hasToString(expected);
			assertThat(record.dataQuality()).anySatisfy(message -> assertThat(message).contains("ages 79 or 80"));
		}
	}

	/** A birth sex that agrees, is unknown, or is given twice changes nothing, and is not named. */
	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = {"F", "UNK", "F,M"})
	void aBirthSexThatAgreesOrSaysNothing_leavesTheGenderToChoose(String values) {
		org.hl7.fhir.r4.model.Patient patient = patient(45, "female");
		for (String value : values.split(",")) {
			patient.addExtension(ClinicalSex.US_CORE_BIRTH_SEX, new CodeType(value));
		}

		PatientRecord record = Scenario.of(patient, igf1WithRangesForEachSex()).record();

		assertThat(record.sex()).isEqualTo(Sex.FEMALE);
		assertThat(record.igf1().get(0).interval().high()).isEqualTo(350);
		assertThat(record.dataQuality()).isEmpty();
	}

	/**
	 * HL7 v3 AdministrativeGender or v2 table 0001 (F, M), or Gender Harmony's female-typical and male-typical, as labs
	 * send them (v2 and Gender Harmony were read as no sex at all, so the first range was used whatever the sex): read as no restriction, the women's range listed first was
	 * applied to a man, and an IGF-1 of 900 ng/mL (near three times his limit) drew no card.
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource({"http://terminology.hl7.org/CodeSystem/v3-AdministrativeGender, F, M",
			"urn:oid:2.16.840.1.113883.5.1, F, M",
			"http://terminology.hl7.org/CodeSystem/v2-0001, F, M",
			"http://terminology.hl7.org/CodeSystem/sex-parameter-for-clinical-use, female-typical, male-typical"})
	void labRangesForEachSex_inHl7V3Codes_pickTheOneForThePatient(String system, String female, String male) {
		Observation observation = igf1("o1", 900, TODAY);
		observation.addReferenceRange()
				.setLow(new Quantity().setValue(BigDecimal.valueOf(100)).setCode("ng/mL"))
				.setHigh(new Quantity().setValue(BigDecimal.valueOf(1000)).setCode("ng/mL"))
				.addAppliesTo(new CodeableConcept(new Coding(system, female, "Female")));
		observation.addReferenceRange()
				.setLow(new Quantity().setValue(BigDecimal.valueOf(53)).setCode("ng/mL"))
				.setHigh(new Quantity().setValue(BigDecimal.valueOf(331)).setCode("ng/mL"))
				.addAppliesTo(new CodeableConcept(new Coding(system, male, "Male")));

		Igf1Point point = Scenario.of(patient(45, "male"), observation).record().igf1().get(0);

		assertThat(point.interval().origin()).isEqualTo("lab");
		assertThat(point.interval().high()).isEqualTo(331);
		assertThat(point.interpretation()).isEqualTo(Interpretation.HH);
	}

	/** A women's range named only in words ("Female") is not applied to a man: the fallback band is, and it is named. */
	@Test
	void aLabRangeForWomen_namedOnlyInWords_isNotAppliedToAMan() {
		Observation observation = igf1("o1", 900, TODAY);
		observation.addReferenceRange()
				.setLow(new Quantity().setValue(BigDecimal.valueOf(100)).setCode("ng/mL"))
				.setHigh(new Quantity().setValue(BigDecimal.valueOf(1000)).setCode("ng/mL"))
				.addAppliesTo(new CodeableConcept().setText("Female"));

		PatientRecord record = Scenario.of(patient(45, "male"), observation).record();

		assertThat(record.igf1()).singleElement().satisfies(point -> {
			assertThat(point.interval().origin()).isNotEqualTo("lab");
			assertThat(point.interpretation()).isEqualTo(Interpretation.HH);
		});
		assertThat(record.dataQuality()).anySatisfy(message -> assertThat(message)
				.contains("has a reference range from the lab that cannot be used"));
	}

	/**
	 * A range whose appliesTo is a range meaning ("normal") or a population the server cannot read ("Adults") is the
	 * lab's range for this result and is used: setting it aside for the fallback band turned the lab's HH (100-250,
	 * +3 SDS about 314) into the band's H. An unreadable population is named.
	 */
	@ParameterizedTest(name = "{0}|{1} ({2}) -> named {3}")
	@CsvSource({
			"http://terminology.hl7.org/CodeSystem/referencerange-meaning, normal, , false",
			"http://terminology.hl7.org/CodeSystem/v2-0080, N, , false",
			", , Adults, true"})
	void aLabRangeForARangeMeaningOrAnUnreadPopulation_isUsed(String system, String code, String text, boolean named) {
		Observation observation = igf1("o1", 450, TODAY);
		CodeableConcept applies = new CodeableConcept();
		if (code != null) {
			applies.addCoding(new Coding(system, code, null));
		}
		applies.setText(text);
		observation.addReferenceRange()
				.setLow(new Quantity().setValue(BigDecimal.valueOf(100)).setCode("ng/mL"))
				.setHigh(new Quantity().setValue(BigDecimal.valueOf(250)).setCode("ng/mL"))
				.addAppliesTo(applies);

		PatientRecord record = Scenario.of(patient(45, "male"), observation).record();

		assertThat(record.igf1()).singleElement().satisfies(point -> {
			assertThat(point.interval().origin()).isEqualTo("lab");
			assertThat(point.interpretation()).isEqualTo(Interpretation.HH);
		});
		assertThat(record.dataQuality().stream().anyMatch(message -> message.contains("cannot read as an age, a sex or a normal range")))
				.isEqualTo(named);
	}

	/** An IGF-1 sent as text is named with the text and the lab's own flag, which the clinician needs to judge it. */
	@Test
	void anIgf1AsText_isNamedWithItsTextAndTheLabsFlag() {
		Observation text = igf1("o1", 1, TODAY.minusDays(3));
		text.setValue(new org.hl7.fhir.r4.model.StringType(">1000"));
		text.addInterpretation().addCoding()
				.setSystem("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation").setCode("HH");

		PatientRecord record = Scenario.of(patient(41, "male"), text).record();

		assertThat(record.dataQuality()).singleElement().satisfies(message -> assertThat(message)
				.contains("Observation/o1").contains("'>1000'").contains("flagged it HH"));
	}

	/**
	 * Two IGF-1 results of one day are ordered by their times when both have one; otherwise the higher is read as the
	 * latest, and differing values are named. Before, the latest was the one whose id sorted last: 145 ng/mL reassured
	 * beside a same-day 450.
	 */
	@ParameterizedTest(name = "450 at [{0}], 145 at [{1}] -> latest {2}, named {3}")
	@CsvSource(nullValues = "NULL", value = {
			"NULL,                 NULL,                 450, true",
			"T16:00:00Z,           NULL,                 450, true",
			"NULL,                 T16:00:00Z,           450, true",
			"T08:00:00Z,           T08:00:00Z,           450, true",
			"T08:00:00Z,           T16:00:00Z,           145, false",
			"T16:00:00Z,           T08:00:00Z,           450, false",
			"T23:30:00-08:00,      T09:00:00-08:00,      450, false"})
	void sameDayIgf1Results_areOrderedByTimeElseTheHigherIsLatest(String highTime, String lowTime, double latest,
			boolean named) {
		Observation high = igf1("a-high", 450, TODAY.minusDays(3));
		Observation low = igf1("z-low", 145, TODAY.minusDays(3));
		if (highTime != null) {
			high.setEffective(new DateTimeType(TODAY.minusDays(3) + highTime));
		}
		if (lowTime != null) {
			low.setEffective(new DateTimeType(TODAY.minusDays(3) + lowTime));
		}

		for (PatientRecord record : List.of(Scenario.of(patient(41, "male"), high, low).record(),
				Scenario.of(patient(41, "male"), low, high).record())) {
			assertThat(record.latestIgf1()).get().extracting(Igf1Point::ngPerMl).isEqualTo(latest);
			assertThat(record.dataQuality().stream().anyMatch(message -> message.contains("cannot be ordered in time")))
					.isEqualTo(named);
		}
	}

	/** The same for a metabolic lab; equal values of one day are not named. */
	@ParameterizedTest(name = "glucose {0} and {1} on one day -> latest {2}, named {3}")
	@CsvSource({"140, 95, 140, true", "95, 140, 140, true", "110, 110, 110, false"})
	void sameDayLabResults_theHigherIsLatest(double first, double second, double latest, boolean named) {
		PatientRecord record = Scenario.of(patient(41, "male"), glucose("z1", first, TODAY.minusDays(3)),
				glucose("a2", second, TODAY.minusDays(3))).record();

		assertThat(record.latestLab(LabKind.FASTING_GLUCOSE)).get().extracting(LabValue::value).isEqualTo(latest);
		assertThat(record.dataQuality().stream().anyMatch(message -> message.contains("Fasting glucose results of")))
				.isEqualTo(named);
	}

	/**
	 * A result dated after today (a clock or typing error) is named, as it may be the newest one: a fasting glucose of
	 * 160 mg/dL dated three days ahead was dropped without a word. One dated after a look-back evaluation date, but not
	 * after today, is not yet recorded on that day and is passed over silently.
	 */
	@ParameterizedTest(name = "glucose {0} days after the evaluation date, today {1} days after it -> named {2}, read {3}")
	@CsvSource({"3, 0, true, false", "3, 10, false, false", "0, 0, false, true", "-3, -10, true, true"})
	void aResultDatedInTheFuture_isNamed(int daysAfter, int todayAfter, boolean named, boolean read) {
		PatientRecord record = Scenario.of(patient(45, "male"), glucose("g1", 160, TODAY.plusDays(daysAfter)))
				.today(TODAY.plusDays(todayAfter))
				.record();

		assertThat(record.dataQuality().stream().anyMatch(message -> message.contains("Observation/g1")
				&& message.contains("in the future"))).isEqualTo(named);
		assertThat(record.labs(LabKind.FASTING_GLUCOSE)).hasSize(read ? 1 : 0);
	}

	/**
	 * A lab's treatment, therapeutic or recommended range is a target, not the reference interval: listed before the
	 * normal range it was used, and an IGF-1 of 400 ng/mL above the normal 53-331 drew nothing.
	 */
	@ParameterizedTest(name = "{0} range first, then {1} -> normal range used")
	@CsvSource({"treatment, normal", "therapeutic, normal", "recommended, ", "treatment, "})
	void aTargetRangeListedFirst_isNotTheReferenceInterval(String targetType, String normalType) {
		Observation observation = igf1("o1", 400, TODAY);
		observation.addReferenceRange().setType(meaning(targetType))
				.setLow(new Quantity().setValue(BigDecimal.valueOf(200)).setCode("ng/mL"))
				.setHigh(new Quantity().setValue(BigDecimal.valueOf(500)).setCode("ng/mL"));
		Observation.ObservationReferenceRangeComponent normal = observation.addReferenceRange()
				.setLow(new Quantity().setValue(BigDecimal.valueOf(53)).setCode("ng/mL"))
				.setHigh(new Quantity().setValue(BigDecimal.valueOf(331)).setCode("ng/mL"));
		if (normalType != null) {
			normal.setType(meaning(normalType));
		}

		PatientRecord record = Scenario.of(patient(41, "male"), observation).record();

		assertThat(record.igf1()).singleElement().satisfies(point -> {
			assertThat(point.interval().origin()).isEqualTo("lab");
			assertThat(point.interval().high()).isEqualTo(331);
			assertThat(point.interpretation()).isEqualTo(Interpretation.H);
		});
		assertThat(record.dataQuality()).isEmpty();
	}

	/** A lab's treatment range alone is not used: the fallback band is, and the lab's range is named. */
	@Test
	void aTargetRangeAlone_isNamedAndTheFallbackBandUsed() {
		Observation observation = igf1("o1", 400, TODAY);
		observation.addReferenceRange().setType(meaning("treatment"))
				.setLow(new Quantity().setValue(BigDecimal.valueOf(200)).setCode("ng/mL"))
				.setHigh(new Quantity().setValue(BigDecimal.valueOf(500)).setCode("ng/mL"));

		PatientRecord record = Scenario.of(patient(41, "male"), observation).record();

		assertThat(record.igf1()).singleElement().satisfies(point -> {
			assertThat(point.interval().origin()).isNotEqualTo("lab");
			assertThat(point.interpretation()).isIn(Interpretation.H, Interpretation.HH);
		});
		assertThat(record.dataQuality()).anySatisfy(message -> assertThat(message).contains("target range").contains("treatment"));
	}

	/**
	 * A range whose population or type the server cannot read is used only when the lab gave no range it reads: a
	 * pregnancy range (200-900) listed first beat the plain 53-331 for a man with 400 ng/mL.
	 */
	@ParameterizedTest(name = "{0} range first -> plain range used")
	@CsvSource({"population", "type"})
	void aRangeReadWhole_winsOverAnEarlierOneOnlyPartlyRead(String unreadPart) {
		Observation observation = igf1("o1", 400, TODAY);
		Observation.ObservationReferenceRangeComponent unread = observation.addReferenceRange()
				.setLow(new Quantity().setValue(BigDecimal.valueOf(200)).setCode("ng/mL"))
				.setHigh(new Quantity().setValue(BigDecimal.valueOf(900)).setCode("ng/mL"));
		if (unreadPart.equals("population")) {
			unread.addAppliesTo(new CodeableConcept(new Coding("http://snomed.info/sct", "77386006", "Pregnant")));
		} else {
			unread.setType(new CodeableConcept().setText("therapeutic range"));
		}
		observation.addReferenceRange()
				.setLow(new Quantity().setValue(BigDecimal.valueOf(53)).setCode("ng/mL"))
				.setHigh(new Quantity().setValue(BigDecimal.valueOf(331)).setCode("ng/mL"));

		PatientRecord record = Scenario.of(patient(41, "male"), observation).record();

		assertThat(record.igf1()).singleElement().satisfies(point -> assertThat(point.interval().high()).isEqualTo(331));
		assertThat(record.dataQuality()).singleElement().satisfies(message -> assertThat(message)
				.contains("also has a reference range").contains("200-900 ng/mL").contains("53-331 ng/mL was used instead"));
	}

	/**
	 * A range type or population coded without a system, or a referencerange-meaning population other than normal
	 * (pre-puberty), is not read: such a range is used only when nothing better is there, and named. A type coding
	 * without a system threw a NullPointerException, and the whole evaluation failed.
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource({"type without a system", "population pre-puberty"})
	void aRangeWithAnUnreadCoding_isUsedOnlyWhenNothingBetter_andNamed(String shape) {
		Observation observation = igf1("o1", 300, TODAY);
		Observation.ObservationReferenceRangeComponent unread = observation.addReferenceRange()
				.setLow(new Quantity().setValue(BigDecimal.valueOf(100)).setCode("ng/mL"))
				.setHigh(new Quantity().setValue(BigDecimal.valueOf(400)).setCode("ng/mL"));
		if (shape.startsWith("type")) {
			unread.setType(new CodeableConcept(new Coding(null, "normal", null)));
		} else {
			unread.addAppliesTo(meaning("pre-puberty"));
		}

		PatientRecord alone = Scenario.of(patient(45, "male"), observation).record();
		observation.addReferenceRange()
				.setLow(new Quantity().setValue(BigDecimal.valueOf(53)).setCode("ng/mL"))
				.setHigh(new Quantity().setValue(BigDecimal.valueOf(250)).setCode("ng/mL"));
		PatientRecord withPlainRange = Scenario.of(patient(45, "male"), observation).record();

		assertThat(alone.igf1()).singleElement().satisfies(point -> assertThat(point.interval().high()).isEqualTo(400));
		assertThat(alone.dataQuality()).singleElement().satisfies(message -> assertThat(message).contains("the range was used"));
		assertThat(withPlainRange.igf1()).singleElement().satisfies(point -> {
			assertThat(point.interval().high()).isEqualTo(250);
			assertThat(point.interpretation()).isEqualTo(Interpretation.H);
		});
		assertThat(withPlainRange.dataQuality()).singleElement().satisfies(message -> assertThat(message).contains("was used instead"));
	}

	/** A range whose type the server cannot read is used when it is the lab's only range, and named. */
	@Test
	void aRangeOfAnUnreadType_alone_isUsedAndNamed() {
		Observation observation = igf1("o1", 450, TODAY);
		observation.addReferenceRange().setType(new CodeableConcept().setText("therapeutic range"))
				.setLow(new Quantity().setValue(BigDecimal.valueOf(100)).setCode("ng/mL"))
				.setHigh(new Quantity().setValue(BigDecimal.valueOf(250)).setCode("ng/mL"));

		PatientRecord record = Scenario.of(patient(45, "male"), observation).record();

		assertThat(record.igf1()).singleElement().satisfies(point -> assertThat(point.interval().high()).isEqualTo(250));
		assertThat(record.dataQuality()).anySatisfy(message -> assertThat(message).contains("type 'therapeutic range'"));
	}

	private static CodeableConcept meaning(String code) {
		return new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/referencerange-meaning", code, null));
	}

	/**
	 * The lab's own high or low flag, without a range from the lab, that the fallback interval contradicts is named: an
	 * IGF-1 of 300 ng/mL flagged HH, normal in the fallback band, drew nothing.
	 */
	@ParameterizedTest(name = "{0} ng/mL flagged {1} -> named {2}")
	@CsvSource({"300, HH, true", "300, H, true", "300, L, true", "400, H, false", "40, L, false", "300, N, false"})
	void aLabFlagTheFallbackIntervalContradicts_isNamed(double value, String flag, boolean named) {
		Observation observation = igf1("o1", value, TODAY);
		observation.addInterpretation().addCoding()
				.setSystem("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation").setCode(flag);

		PatientRecord record = Scenario.of(patient(45, "male"), observation).record();

		assertThat(record.dataQuality().stream().anyMatch(message -> message.contains("was flagged " + flag + " by the lab")))
				.isEqualTo(named);
	}

	/**
	 * A pregnancy status dated after the evaluation date is not counted, but named: dropped without a word, a record
	 * dated ahead of its time could hide the only record of a pregnancy. An IGF-1 dated so is still passed over quietly.
	 */
	@Test
	void aPregnancyDatedAfterTheEvaluationDate_isNamed() {
		PatientRecord record = Scenario.of(patient(30, "female"), pregnancyStatus("o1", Codes.PREGNANT, TODAY.plusDays(2)),
				igf1("o2", 150, TODAY.plusDays(2))).record();

		assertThat(record.dataQuality()).singleElement().satisfies(message -> assertThat(message)
				.contains("Observation/o1").contains("after the evaluation date " + TODAY).contains("not counted"));
		assertThat(record.igf1()).isEmpty();
	}

	@ParameterizedTest(name = "{0} ng/mL in 52..328 -> {1}")
	@CsvSource({"51.9, L", "52, N", "328, N", "328.1, H", "519, H", "521, HH"})
	void interpretation_followsTheIntervalAndThePlusThreeSdsLimit(double value, Interpretation expected) {
		// +2 SDS is the upper limit; +3 SDS of 52..328 is exp(mid + 3 sd) = 328 * (328/52)^(1/4) = 519.8
		Igf1Point point = Scenario.of(patient(45, "male"), igf1("o1", value, TODAY)).record().igf1().get(0);

		assertThat(point.interpretation()).isEqualTo(expected);
	}

	@Test
	void observationWithoutDate_isIgnoredWithAMessage() {
		PatientRecord record = Scenario.of(patient(45, "male"), igf1("o1", 150, null)).record();

		assertThat(record.igf1()).isEmpty();
		assertThat(record.dataQuality()).containsExactly("IGF-1 Observation/o1 has no effective date; ignored");
	}

	@Test
	void unconvertibleUnit_isIgnoredWithAMessage() {
		PatientRecord record = Scenario.of(patient(45, "male"),
				lab("o1", Codes.HBA1C, 7, "mg", java.time.LocalDate.of(2026, 3, 2))).record();

		assertThat(record.labs()).isEmpty();
		assertThat(record.dataQuality())
				.containsExactly("HbA1c Observation/o1 on 2026-03-02 has unit 'mg' that cannot be converted; ignored");
	}

	/**
	 * An IGF-1 "in mg/dL" is a wrong unit or a wrong value, not 2,000,000 ng/mL: a write refuses it (igf1-1), and the
	 * inline faces, which are not validated, drew a false critical card from it (probe 46, N-M3).
	 */
	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = {"mg/dL", "MG/DL", "mg", "pg/mL"})
	void igf1InAUnitLaboratoriesDoNotReportItIn_isIgnoredWithAMessage(String unit) {
		PatientRecord record = Scenario.of(patient(45, "male"),
				lab("o1", Codes.IGF1, 200, unit, java.time.LocalDate.of(2026, 3, 2))).record();

		assertThat(record.igf1()).isEmpty();
		assertThat(record.dataQuality()).containsExactly("IGF-1 Observation/o1 on 2026-03-02 has unit '" + unit
				+ "', but its code names a result reported in ng/mL, ug/L or nmol/L: the code, the unit or the value is"
				+ " wrong; ignored");
	}

	/**
	 * A glucose coded 2345-7 (a mass concentration) in mmol/L is a code or unit sent wrong: SI laboratories send such a
	 * result under 14749-6. The message blamed the unit as one "in which laboratories do not report" glucose (probe 78,
	 * P78-m4); it names the code's unit.
	 */
	@Test
	void aGlucoseCodedAsAMassConcentrationInMmolPerLitre_isNamedAsACodeOrUnitSentWrong() {
		PatientRecord record = Scenario.of(patient(45, "male"),
				lab("o1", Codes.GLUCOSE_SERUM_PLASMA, 14, "mmol/L", java.time.LocalDate.of(2026, 3, 2))).record();

		assertThat(record.labs()).isEmpty();
		assertThat(record.dataQuality()).containsExactly("Glucose (not marked fasting) Observation/o1 on 2026-03-02 has"
				+ " unit 'mmol/L', but its code names a result reported in mg/dL: the code, the unit or the value is wrong;"
				+ " ignored");
	}

	/**
	 * A glucose coded with a code in each unit is read in the unit of its value, fasting when one of its codes says so:
	 * 7.5 mmol/L coded 14749-6 and 1558-6 was named as a code and unit that disagree and ignored (probe 80, P80-m4).
	 */
	@ParameterizedTest(name = "{0} and {1} in {3}")
	@CsvSource({
			"14749-6, 1558-6, 7.5, mmol/L, FASTING_GLUCOSE, 135",
			"1558-6, 14749-6, 7.5, mmol/L, FASTING_GLUCOSE, 135",
			"2345-7, 14749-6, 14.4, mmol/L, GLUCOSE_NOT_FASTING, 259",
			"14749-6, 2345-7, 260, mg/dL, GLUCOSE_NOT_FASTING, 260",
			"14771-0, 1558-6, 130, mg/dL, FASTING_GLUCOSE, 130",
			"14771-0, 2345-7, 130, mg/dL, FASTING_GLUCOSE, 130"})
	void aGlucoseCodedInBothUnits_isReadInTheUnitOfItsValue(String first, String second, double value, String unit,
			LabKind read, double milligrams) {
		Observation glucose = lab("g1", first, value, unit, TODAY);
		glucose.getCode().addCoding(new Coding(Codes.LOINC, second, null));

		PatientRecord record = Scenario.of(patient(45, "male"), glucose).record();

		assertThat(record.latestLab(read).orElseThrow().value()).isCloseTo(milligrams, within(1e-9));
		assertThat(record.dataQuality()).isEmpty();
	}

	/** A glucose coded only in the other unit's code stays named as a code and unit that disagree. */
	@Test
	void aFastingGlucoseCodedInMilligramsOnly_butValuedInMillimoles_isStillNamed() {
		PatientRecord record = Scenario.of(patient(45, "male"),
				lab("g1", Codes.GLUCOSE_MASS, 7.5, "mmol/L", TODAY)).record();

		assertThat(record.labs()).isEmpty();
		assertThat(record.dataQuality()).singleElement().asString().contains("its code names a result reported in mg/dL");
	}

	/** Later than the evaluation date in every time zone: two days on, or a time past noon UTC of the next day. */
	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = {"+2", "+1T12:00:01Z", "+1T23:30:00+10:00"})
	void resultsAfterTheEvaluationDateEverywhere_areIgnored(String when) {
		Observation result = igf1("o1", 150, TODAY);
		result.setEffective(new DateTimeType(dated(when)));

		PatientRecord record = Scenario.of(patient(45, "male"), result).record();

		assertThat(record.igf1()).isEmpty();
		assertThat(record.dataQuality()).isEmpty();
	}

	/**
	 * A system east of the server dates the next day what has already happened: an Australian clinic's morning
	 * (+10:00) is the evening before in UTC, and a system at UTC sends its evening as the next day to a server in
	 * New York. A pregnancy status and an IGF-1 so dated are read (before, both were dropped without a word, and the
	 * pregnancy contraindication was missed).
	 */
	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = {"+1", "+1T08:00:00+10:00", "+1T01:30:00Z", "+1T11:59:00Z"})
	void resultsDatedTheNextDayByASystemEastOfTheServer_areRead(String when) {
		Observation result = igf1("o1", 150, TODAY);
		result.setEffective(new DateTimeType(dated(when)));
		Observation status = pregnancyStatus("o2", Codes.PREGNANT, TODAY);
		status.setEffective(new DateTimeType(dated(when)));

		PatientRecord record = Scenario.of(patient(45, "female"), result, status).record();

		assertThat(record.igf1()).singleElement().satisfies(point -> assertThat(point.resourceId()).isEqualTo("Observation/o1"));
		assertThat(record.evidence(CodeGroup.PREGNANCY)).containsExactly("Observation/o2");
	}

	/** "+N" is TODAY plus N days; "+NT..." adds the time and offset after the T. */
	private static String dated(String when) {
		int t = when.indexOf('T');
		int days = Integer.parseInt(when.substring(1, t < 0 ? when.length() : t));
		return TODAY.plusDays(days) + (t < 0 ? "" : when.substring(t));
	}

	@Test
	void glucoseInMillimoles_isConvertedToMilligramsPerDecilitre() {
		PatientRecord record = Scenario.of(lab("g1", Codes.GLUCOSE_MOLAR, 7.0, "mmol/L", TODAY)).record();

		assertThat(record.latestLab(LabKind.FASTING_GLUCOSE).orElseThrow().value()).isCloseTo(126.0, within(1e-9));
	}

	@Test
	void sameDayGlucoseAndInsulin_deriveHomaIrWithBothAsEvidence() {
		PatientRecord record = Scenario.of(glucose("g1", 90, TODAY), insulin("i1", 9, TODAY)).record();

		LabValue homa = record.latestLab(LabKind.HOMA_IR).orElseThrow();
		assertThat(homa.value()).isCloseTo(2.0, within(1e-9));
		assertThat(homa.derived()).isTrue();
		assertThat(homa.resourceIds()).containsExactly("Observation/g1", "Observation/i1");
	}

	@Test
	void glucoseAndInsulinOnDifferentDays_deriveNoHomaIr() {
		PatientRecord record = Scenario.of(glucose("g1", 90, TODAY), insulin("i1", 9, TODAY.minusDays(1))).record();

		assertThat(record.latestLab(LabKind.HOMA_IR)).isEmpty();
	}

	@Test
	void reportedHomaIr_isUsedInsteadOfDerivingIt() {
		PatientRecord record = Scenario.of(glucose("g1", 90, TODAY), insulin("i1", 9, TODAY), homaIr("h1", 2.4, TODAY))
				.record();

		assertThat(record.labs(LabKind.HOMA_IR)).singleElement()
				.satisfies(homa -> assertThat(homa.derived()).isFalse())
				.satisfies(homa -> assertThat(homa.value()).isEqualTo(2.4));
	}

	@ParameterizedTest(name = "session {0} days before -> counted {1}")
	@CsvSource({"0, true", "27, true", "28, true", "29, false"})
	void exerciseWindow_includesDay28AndExcludesDay29(int daysBefore, boolean counted) {
		PatientRecord record = Scenario.of(exercise("e1", "resistance", TODAY.minusDays(daysBefore), 45)).record();

		assertThat(record.exercise()).hasSize(counted ? 1 : 0);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({"LA11839-0, RESISTANCE", "LA11836-6, MODERATE_AEROBIC", "LA11837-4, MODERATE_AEROBIC", "hiit, HIIT",
			"prolonged-endurance, PROLONGED_ENDURANCE"})
	void exerciseType_isMappedFromOurCodesAndLoincAnswers(String code, ExerciseType expected) {
		PatientRecord record = Scenario.of(exercise("e1", code, TODAY, 30)).record();

		assertThat(record.exercise()).singleElement().satisfies(session -> assertThat(session.type()).isEqualTo(expected));
	}

	@Test
	void exerciseDuration_fallsBackToTheEffectivePeriod() {
		Observation observation = exercise("e1", "hiit", TODAY, 0);
		observation.getComponent().clear();
		observation.setEffective(new Period().setStart(Fixtures.instant(TODAY, 7, 0)).setEnd(Fixtures.instant(TODAY, 7, 40)));

		PatientRecord record = Scenario.of(observation).record();

		assertThat(record.exercise().get(0).minutes()).isEqualTo(40.0);
	}

	/** A record dated by a day alone names the day its night ended: TODAY is last night, TODAY - 13 the 14th night back. */
	@Test
	void sleep_isAveragedOverTheLast14NightsInHoursOrMinutes() {
		PatientRecord record = Scenario.of(
				sleep("s1", 6, TODAY),
				lab("s2", Codes.SLEEP, 480, "min", TODAY.minusDays(13)),
				sleep("s3", 2, TODAY.minusDays(14))).record();

		assertThat(record.meanSleepHours()).isEqualTo(7.0);
		assertThat(record.sleepEvidence()).containsExactlyInAnyOrder("Observation/s1", "Observation/s2");
	}

	@ParameterizedTest(name = "clinicalStatus {0} -> active {1}")
	@CsvSource({"active, true", "recurrence, true", "relapse, true", "remission, false", "resolved, false",
			"inactive, false"})
	void malignancy_countsOnlyWithAnActiveClinicalStatus(String status, boolean active) {
		PatientRecord record = Scenario.of(condition("c1", Codes.SNOMED, "363346000", status)).record();

		assertThat(record.has(CodeGroup.MALIGNANCY)).isEqualTo(active);
	}

	@Test
	void malignancy_isActiveWhenTheHl7StatusCodingFollowsAnEhrsOwnCoding() {
		Condition cancer = condition("c1", Codes.SNOMED, "254837009", null);
		cancer.setClinicalStatus(new CodeableConcept()
				.addCoding(new Coding("https://ehr.example.org/codeSet/12025", "3310", "Active"))
				.addCoding(new Coding(Codes.CONDITION_CLINICAL, "active", null)));
		cancer.setVerificationStatus(new CodeableConcept()
				.addCoding(new Coding("https://ehr.example.org/codeSet/12031", "3305", "Confirmed"))
				.addCoding(new Coding(Codes.CONDITION_VER_STATUS, "confirmed", null)));

		PatientRecord record = Scenario.of(cancer).record();

		assertThat(record.evidence(CodeGroup.MALIGNANCY)).containsExactly("Condition/c1");
		assertThat(record.dataQuality()).isEmpty();
	}

	/**
	 * An active condition whose code is in a system the groups hold but is not written as that system writes codes,
	 * in the ways EHR exports get it wrong: the display pasted into the code, a post-coordinated SNOMED CT expression, a
	 * digit too many, a full-width dot, a leading zero. None can be in a group, so each was passed without a word; each
	 * is now named. Well-formed codes outside every group (hypertension) stay silent. (A concept written with its term,
	 * "254837009 |Malignant neoplasm of breast|", is read as the concept: probe 82, P82-C2.)
	 */
	@ParameterizedTest(name = "{0} \"{1}\" -> named {2}")
	@CsvSource(delimiter = ';', value = {
			"http://hl7.org/fhir/sid/icd-10-cm; C50.911 - Malignant neoplasm;      true",
			"http://snomed.info/sct;            254837009:363698007=76752008;      true",
			"http://hl7.org/fhir/sid/icd-10-cm; C50.91111;                         true",
			"http://hl7.org/fhir/sid/icd-10-cm; C50\uFF0E911;                     true",
			"http://snomed.info/sct;            0254837009;                        true",
			"http://snomed.info/sct;            254837008;                         true",
			"urn:oid:2.16.840.1.113883.6.90;    C50-911;                           true",
			"http://hl7.org/fhir/sid/icd-10-cm; I10;                               false",
			"http://snomed.info/sct;            38341003;                          false",
	})
	void activeConditionWithACodeNotWrittenAsItsSystemWritesCodes_isNamed(String system, String code, boolean named) {
		Condition condition = condition("c1", Codes.SNOMED, "0", "active");
		condition.setCode(new CodeableConcept(new Coding(system, code.replace("\\uFF0E", "\uFF0E"), null)));

		PatientRecord record = Scenario.of(condition).record();

		assertThat(record.has(CodeGroup.MALIGNANCY)).isFalse();
		if (named) {
			assertThat(record.dataQuality()).singleElement().asString()
					.startsWith("Condition/c1 (")
					.endsWith(", so it is not checked for contraindications - please check it");
		} else {
			assertThat(record.dataQuality()).isEmpty();
		}
	}

	@ParameterizedTest(name = "{0} ({1}) -> message {3}")
	@CsvSource(value = {
			"http://hl7.org/fhir/sid/icd-10-no, C50.9, active, true",
			"urn:oid:1.2.840.114350.1.13.0.1.7.2.728286, 4711, active, true",
			"NULL, NULL, active, true",
			"NULL, NULL, NULL, true",
			"NULL, NULL, resolved, false",
			"http://snomed.info/sct, 229095001, active, false"}, nullValues = "NULL")
	void activeConditionCodedInNoSystemTheGroupsHold_isNamedBecauseItCannotBeChecked(
			String system, String code, String status, boolean named) {
		Condition condition = condition("c1", Codes.SNOMED, "0", status);
		condition.setCode(new CodeableConcept().setText("Carcinoma of breast"));
		if (system != null) {
			condition.getCode().addCoding(new Coding(system, code, null));
		}

		PatientRecord record = Scenario.of(condition).record();

		assertThat(record.has(CodeGroup.MALIGNANCY)).isFalse();
		assertThat(record.dataQuality()).hasSize(named ? 1 : 0);
		if (named) {
			assertThat(record.dataQuality().get(0)).startsWith("Condition/c1 is coded in no system the concept groups hold (")
					.endsWith("), so it is not checked for contraindications - please check it")
					.doesNotContain("Carcinoma");
		}
	}

	/**
	 * Conditions coded as systems outside the US code them: the WHO's ICD-10 (its URI or HL7 OID), ICD-10-GM under
	 * either of its URIs, with the fifth character ICD-10-GM adds, without the dot, or with the dagger, asterisk or
	 * exclamation mark printed after a code. Each counts in its group; before, each was only named as coded in a system
	 * no group holds, and a cancer coded so did not stop a peptide order.
	 */
	@ParameterizedTest(name = "{0} {1} -> {2}")
	@CsvSource(delimiter = ';', value = {
			"http://hl7.org/fhir/sid/icd-10;            C50.9;   MALIGNANCY",
			"http://hl7.org/fhir/sid/icd-10;            C97;     MALIGNANCY",
			"urn:oid:2.16.840.1.113883.6.3;             C34.1;   MALIGNANCY",
			"http://fhir.de/CodeSystem/bfarm/icd-10-gm; C61;     MALIGNANCY",
			"http://fhir.de/CodeSystem/dimdi/icd-10-gm; c509;    MALIGNANCY",
			"http://fhir.de/CodeSystem/bfarm/icd-10-gm; C90.00;  MALIGNANCY",
			"http://hl7.org/fhir/sid/icd-10;            Z33;     PREGNANCY",
			"http://fhir.de/CodeSystem/bfarm/icd-10-gm; Z33!;    PREGNANCY",
			"http://hl7.org/fhir/sid/icd-10;            E11.9;   DIABETES",
			"http://fhir.de/CodeSystem/bfarm/icd-10-gm; E11.90;  DIABETES",
			"http://hl7.org/fhir/sid/icd-10;            E10.3\u2020; DIABETES",
			"http://hl7.org/fhir/sid/icd-10;            I50.0;   CARDIAC",
			"http://hl7.org/fhir/sid/icd-10;            I25.1;   CARDIAC",
			"http://fhir.de/CodeSystem/bfarm/icd-10-gm; I11.00;  CARDIAC",
			"http://fhir.de/CodeSystem/bfarm/icd-10-gm; Z34;     PREGNANCY",
			"http://hl7.org/fhir/sid/icd-10;            Z35.9;   PREGNANCY",
			"http://hl7.org/fhir/sid/icd-10;            Z32.1;   PREGNANCY",
			"http://fhir.de/CodeSystem/bfarm/icd-10-gm; E24.0;   HYPOTHALAMIC_PITUITARY",
			"http://hl7.org/fhir/sid/icd-10;            D44.3;   HYPOTHALAMIC_PITUITARY",
			"http://hl7.org/fhir/sid/icd-10;            O24.1;   DIABETES",
			"http://hl7.org/fhir/sid/icd-10;            O24.1;   PREGNANCY",
			"http://hl7.org/fhir/sid/icd-10;            O24.4;   PREGNANCY",
			"http://fhir.de/CodeSystem/bfarm/icd-10-gm; O09.3;   PREGNANCY",
			"http://fhir.de/CodeSystem/bfarm/icd-10-gm; O26.88;  PREGNANCY",
			"http://hl7.org/fhir/sid/icd-10;            O14.1;   PREGNANCY",
			"http://hl7.org/fhir/sid/icd-10;            O36.5;   PREGNANCY",
	})
	void conditionCodedInTheWhosIcd10OrIcd10Gm_countsInItsGroup(String system, String code, CodeGroup group) {
		Condition condition = condition("c1", Codes.SNOMED, "0", "active");
		condition.setCode(new CodeableConcept(new Coding(system, code, null)));

		PatientRecord record = Scenario.of(condition).record();

		assertThat(record.evidence(group)).containsExactly("Condition/c1");
		if (code.startsWith("D44")) { // also named as a neoplasm of uncertain behaviour
			assertThat(record.dataQuality()).singleElement().asString().contains("may be malignancy");
		} else {
			assertThat(record.dataQuality()).isEmpty();
		}
	}

	/**
	 * A German Condition whose ICD-10-GM diagnosis certainty (de.basisprofil.r4) disagrees with its HL7 statuses:
	 * excluded (A) without a refuted verificationStatus, or a past condition (Z) with an active clinicalStatus. The
	 * statuses decide, so the cancer still counts; before, the disagreement was not shown, and the critical alert stood
	 * unexplained. A confirmed (G) or suspected (V) diagnosis says nothing against the statuses.
	 */
	@ParameterizedTest(name = "certainty {0}")
	@CsvSource({"A, is marked excluded (A)", "Z, is marked a past condition (Z)", "G, ''", "V, ''"})
	void icd10GmDiagnosisCertaintyThatDisagreesWithTheStatuses_isNamed_andTheStatusesDecide(String certainty,
			String message) {
		Condition cancer = condition("c1", Codes.SNOMED, "0", "active");
		Coding gm = new Coding("http://fhir.de/CodeSystem/bfarm/icd-10-gm", "C50.9", null).setVersion("2025");
		gm.addExtension(Codes.ICD10GM_CERTAINTY,
				new Coding("https://fhir.kbv.de/CodeSystem/KBV_CS_SFHIR_ICD_DIAGNOSESICHERHEIT", certainty, null));
		cancer.setCode(new CodeableConcept(gm));

		PatientRecord record = Scenario.of(cancer).record();

		assertThat(record.evidence(CodeGroup.MALIGNANCY)).containsExactly("Condition/c1");
		if (message.isEmpty()) {
			assertThat(record.dataQuality()).isEmpty();
		} else {
			assertThat(record.dataQuality()).singleElement().asString()
					.startsWith("Condition/c1 (http://fhir.de/CodeSystem/bfarm/icd-10-gm C50.9) " + message)
					.endsWith("counted as its statuses say - please check it");
		}
	}

	/**
	 * Two diagnosis certainties on one coding (two sources merged, or a sender's bug): each is read. Before, HAPI's
	 * getExtensionByUrl threw on the second, the evaluation failed with 500, and the cancer's contraindication card was
	 * lost with every other card.
	 */
	@Test
	void twoDiagnosisCertaintiesOnOneCoding_areEachRead_andTheCancerStillCounts() {
		Condition cancer = condition("c1", Codes.SNOMED, "0", "active");
		Coding gm = new Coding("http://fhir.de/CodeSystem/bfarm/icd-10-gm", "C50.9", null).setVersion("2025");
		gm.addExtension(Codes.ICD10GM_CERTAINTY,
				new Coding("https://fhir.kbv.de/CodeSystem/KBV_CS_SFHIR_ICD_DIAGNOSESICHERHEIT", "G", null));
		gm.addExtension(Codes.ICD10GM_CERTAINTY,
				new Coding("https://fhir.kbv.de/CodeSystem/KBV_CS_SFHIR_ICD_DIAGNOSESICHERHEIT", "Z", null));
		cancer.setCode(new CodeableConcept(gm));

		PatientRecord record = Scenario.of(cancer).record();

		assertThat(record.evidence(CodeGroup.MALIGNANCY)).containsExactly("Condition/c1");
		assertThat(record.dataQuality()).singleElement().asString().contains("is marked a past condition (Z)");
	}

	/**
	 * A Condition with two codings, one in a group and one pointing to another group without being in it: the second is
	 * still named. Before, a pregnancy coded in ICD-10 (review only) beside a SNOMED CT diabetes code was silent.
	 */
	/** A malformed coding is named also when another coding of the Condition counts (before, it was silent then). */
	@Test
	void malformedCoding_isNamedAlsoWhenAnotherCodingCounts() {
		Condition condition = condition("c1", Codes.SNOMED, "0", "active");
		condition.setCode(new CodeableConcept()
				.addCoding(new Coding(Codes.SNOMED, "44054006", null))
				.addCoding(new Coding("http://fhir.de/CodeSystem/bfarm/icd-10-gm", "C50.9G", null)));

		PatientRecord record = Scenario.of(condition).record();

		assertThat(record.evidence(CodeGroup.DIABETES)).containsExactly("Condition/c1");
		assertThat(record.dataQuality()).singleElement().asString()
				.startsWith("Condition/c1 (http://fhir.de/CodeSystem/bfarm/icd-10-gm \"C50.9G\") is not written as an ICD-10 code");
	}

	@Test
	void codingThatPointsToAGroup_isNamedAlsoWhenAnotherCodingCountsInAnotherGroup() {
		Condition condition = condition("c1", Codes.SNOMED, "0", "active");
		condition.setCode(new CodeableConcept()
				.addCoding(new Coding("http://fhir.de/CodeSystem/bfarm/icd-10-gm", "O99.8", null))
				.addCoding(new Coding(Codes.SNOMED, "44054006", null)));

		PatientRecord record = Scenario.of(condition).record();

		assertThat(record.evidence(CodeGroup.DIABETES)).containsExactly("Condition/c1");
		assertThat(record.has(CodeGroup.PREGNANCY)).isFalse();
		assertThat(record.dataQuality()).singleElement().asString()
				.startsWith("Condition/c1 (http://fhir.de/CodeSystem/bfarm/icd-10-gm O99.8) may be pregnancy");
	}

	/**
	 * ICD-10 codes that point to a group without being members (in situ and uncertain neoplasms, a pregnancy code; a
	 * pituitary disorder or a head injury only beside tesamorelin) are named, never counted; outside codes (C98 does not exist, I10 is hypertension, I48 an
	 * arrhythmia VSAC's ICD-10-CM list leaves out) and a malformed code do not count.
	 */
	@ParameterizedTest(name = "{0} {1} -> message \"{2}\"")
	@CsvSource(delimiter = ';', value = {
			"http://hl7.org/fhir/sid/icd-10;            D05.1;  may be malignancy",
			"http://fhir.de/CodeSystem/bfarm/icd-10-gm; D47.1;  may be malignancy",
			// named only beside tesamorelin, the one peptide the group contraindicates (ConceptGroupMatrixTest)
			"http://hl7.org/fhir/sid/icd-10;            E23.6;  ''",
			"http://hl7.org/fhir/sid/icd-10;            E22.1;  ''",
			"http://hl7.org/fhir/sid/icd-10;            S06.5;  ''",
			"http://hl7.org/fhir/sid/icd-10;            C50.9A; is not written as an ICD-10 code",
			"http://hl7.org/fhir/sid/icd-10;            C98;    ''",
			"http://hl7.org/fhir/sid/icd-10;            I10;    ''",
			"http://hl7.org/fhir/sid/icd-10;            I48;    ''",
			"http://hl7.org/fhir/sid/icd-10;            I49.1;  ''",
			"http://hl7.org/fhir/sid/icd-10;            Z32.0;  may be pregnancy",
			"http://hl7.org/fhir/sid/icd-10;            O80;    may be pregnancy",
			"http://hl7.org/fhir/sid/icd-10;            O60.1;  may be pregnancy",
			"http://hl7.org/fhir/sid/icd-10;            O04.9;  may be pregnancy",
	})
	void conditionCodedInIcd10OutsideEveryGroup_isNamedWhenItPointsToOne(String system, String code, String message) {
		Condition condition = condition("c1", Codes.SNOMED, "0", "active");
		condition.setCode(new CodeableConcept(new Coding(system, code, null)));

		PatientRecord record = Scenario.of(condition).record();

		for (CodeGroup group : CodeGroup.values()) {
			assertThat(record.has(group)).as(group.key()).isFalse();
		}
		if (message.isEmpty()) {
			assertThat(record.dataQuality()).isEmpty();
		} else {
			assertThat(record.dataQuality()).singleElement().asString().contains(message);
		}
	}

	/**
	 * Status codings that disagree (an EHR's history beside the current status): a cancer is read as active when any
	 * clinicalStatus coding says so, and is not dropped when a verificationStatus coding says refuted and another does
	 * not; the disagreement is named. Before, the first coding decided without a word.
	 */
	@ParameterizedTest(name = "clinical {0}, verification {1}")
	@CsvSource({"resolved|active, ''", "active|resolved, ''", "active, refuted|confirmed", "active, confirmed|refuted"})
	void malignancyWithStatusCodingsThatDisagree_counts_andTheDisagreementIsNamed(String clinical, String verification) {
		Condition cancer = condition("c1", Codes.SNOMED, "254837009", null);
		for (String code : clinical.split("\\|")) {
			cancer.getClinicalStatus().addCoding(new Coding(Codes.CONDITION_CLINICAL, code, null));
		}
		for (String code : verification.isEmpty() ? new String[0] : verification.split("\\|")) {
			cancer.getVerificationStatus().addCoding(new Coding(Codes.CONDITION_VER_STATUS, code, null));
		}

		PatientRecord record = Scenario.of(cancer).record();

		assertThat(record.evidence(CodeGroup.MALIGNANCY)).containsExactly("Condition/c1");
		assertThat(record.dataQuality()).singleElement().asString()
				.startsWith("Condition/c1 has status codings that disagree (").endsWith("- please check it");
	}

	/**
	 * An active cancer that also carries an abatement (R4's con-4 forbids the two together; EHR exports do send it):
	 * the clinicalStatus decides, so it counts, and the conflict is named. Before, it counted without a word.
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource({
			"abatementDateTime 2019-05-01, dateTime",
			"abatementString, string",
			"abatementAge, Age",
			"abatementDateTime, absent dateTime"})
	void activeMalignancyWithAnAbatement_counts_andTheConflictIsNamed(String named, String type) {
		Condition cancer = condition("c1", Codes.SNOMED, "254837009", "active");
		switch (type) {
			case "dateTime" -> cancer.setAbatement(new DateTimeType("2019-05-01"));
			case "string" -> cancer.setAbatement(new StringType("in remission since spring"));
			case "absent dateTime" -> {
				DateTimeType absent = new DateTimeType();
				absent.addExtension("http://hl7.org/fhir/StructureDefinition/data-absent-reason", new CodeType("unknown"));
				cancer.setAbatement(absent);
			}
			default -> cancer.setAbatement(new Age().setValue(52).setUnit("a"));
		}

		PatientRecord record = Scenario.of(cancer).record();

		assertThat(record.evidence(CodeGroup.MALIGNANCY)).containsExactly("Condition/c1");
		assertThat(record.dataQuality()).singleElement().asString()
				.startsWith("Condition/c1 is active but also has an abatement (" + named + ")")
				.doesNotContain("spring")
				.endsWith("counted as active - please check it");
	}

	@Test
	void resolvedMalignancyWithAnAbatement_doesNotCount_andNeedsNoMessage() {
		Condition cancer = condition("c1", Codes.SNOMED, "254837009", "resolved");
		cancer.setAbatement(new DateTimeType("2019-05-01"));

		PatientRecord record = Scenario.of(cancer).record();

		assertThat(record.has(CodeGroup.MALIGNANCY)).isFalse();
		assertThat(record.dataQuality()).isEmpty();
	}

	/**
	 * A malignancy resolved or inactive whose abatement is after the evaluation date: over by its status, not yet by its
	 * abatement. The status decides, and the conflict is named, as the converse is (probe 82, P82-m3).
	 */
	@ParameterizedTest(name = "{0} {1}")
	@CsvSource({"resolved, dateTime", "inactive, dateTime", "remission, dateTime", "resolved, month", "resolved, period"})
	void malignancyOverByItsStatus_withAnAbatementAfterTheEvaluationDate_isNamed(String status, String as) {
		Condition cancer = condition("c1", Codes.SNOMED, "254837009", status);
		String later = TODAY.plusMonths(3).toString();
		switch (as) {
			case "month" -> cancer.setAbatement(new DateTimeType(later.substring(0, 7))); // P83-m2
			case "period" -> cancer.setAbatement(new org.hl7.fhir.r4.model.Period().setStartElement(new DateTimeType(later)));
			default -> cancer.setAbatement(new DateTimeType(later));
		}

		PatientRecord record = Scenario.of(cancer).record();

		assertThat(record.has(CodeGroup.MALIGNANCY)).isFalse();
		// beside a peptide, a malignancy that may still be active (probe 84, P84-M1)
		assertThat(Scenario.of(cancer).drafts(org.somaxis.guidance.Fixtures.peptide("d1", "tesamorelin", "draft", TODAY))
				.record().contraindicationsMayBeMissing()).anySatisfy(named -> assertThat(named).startsWith("Condition/c1"));
		assertThat(record.dataQuality()).singleElement().asString()
				.startsWith("Condition/c1 is " + status + " but its abatement (abatement")
				.contains("is after the evaluation date")
				.endsWith("counted as " + status + " - please check it");
	}

	/**
	 * Two copies of one Condition that differ (versions 2 and 3 in one prefetch, active and resolved): each is read, the
	 * active one counts, and the copies are named (probe 82, P82-m5); two equal copies are one record, unnamed.
	 */
	@Test
	void twoCopiesOfOneRecordThatDiffer_areEachRead_andNamed() {
		Condition active = condition("c1", Codes.SNOMED, "254837009", "active");
		active.getMeta().setVersionId("2");
		Condition resolved = condition("c1", Codes.SNOMED, "254837009", "resolved");
		resolved.getMeta().setVersionId("3");

		PatientRecord differ = Scenario.of(active, resolved).record();
		PatientRecord equal = Scenario.of(active, active.copy()).record();

		assertThat(differ.evidence(CodeGroup.MALIGNANCY)).contains("Condition/c1");
		assertThat(differ.dataQuality()).anySatisfy(message -> assertThat(message)
				.startsWith("Condition/c1 is in the data more than once, and its copies differ (versions 2 and 3)"));
		assertThat(equal.dataQuality()).noneSatisfy(message -> assertThat(message).contains("more than once"));
	}

	@Test
	void malignancy_enteredInErrorAfterAnEhrsOwnCoding_doesNotCount() {
		Condition cancer = condition("c1", Codes.SNOMED, "254837009", "active");
		cancer.setVerificationStatus(new CodeableConcept()
				.addCoding(new Coding("https://ehr.example.org/codeSet/12031", "3310", "In error"))
				.addCoding(new Coding(Codes.CONDITION_VER_STATUS, "entered-in-error", null)));

		assertThat(Scenario.of(cancer).record().has(CodeGroup.MALIGNANCY)).isFalse();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({
			"no clinicalStatus, '', '', '' ",
			"text only, '', '', Active",
			"local coding only, https://ehr.example.org/codeSet/12025, 3310, Active",
			"a code condition-clinical does not have, http://terminology.hl7.org/CodeSystem/condition-clinical, Active, Active"})
	void malignancyWithoutAnHl7ClinicalStatus_isNotCountedAndTheClinicianIsTold(
			String shape, String system, String code, String text) {
		Condition cancer = condition("c1", Codes.SNOMED, "254837009", null);
		if (!text.isEmpty()) {
			CodeableConcept status = new CodeableConcept().setText(text);
			if (!code.isEmpty()) {
				status.addCoding(new Coding(system, code, text));
			}
			cancer.setClinicalStatus(status);
		}

		PatientRecord record = Scenario.of(cancer).record();

		assertThat(record.has(CodeGroup.MALIGNANCY)).isFalse();
		assertThat(record.dataQuality()).singleElement().asString()
				.startsWith("Condition/c1 (malignancy: 254837009) has no clinicalStatus")
				.endsWith("; not counted as active - please check it");
	}

	/**
	 * C-CDA's Problem Status value as converters copy it into clinicalStatus (SNOMED CT, also under its OID), read as the
	 * condition-clinical code C-CDA on FHIR maps it to: "55561003 Active" was read as no status and an active cancer not
	 * counted (probe 50, P50-M2).
	 */
	@ParameterizedTest(name = "{0}|{1} -> counted {2}")
	@CsvSource({"http://snomed.info/sct, 55561003, true", "urn:oid:2.16.840.1.113883.6.96, 55561003, true",
			"http://snomed.info/sct, 246455001, true", "http://snomed.info/sct, 263855007, true",
			"http://snomed.info/sct, 73425007, false", "http://snomed.info/sct, 413322009, false",
			"http://snomed.info/sct, 277022003, false"})
	void malignancyWithCcdaProblemStatus_isReadAsTheStatusItMapsTo(String system, String code, boolean counted) {
		Condition cancer = condition("c1", Codes.SNOMED, "254837009", null);
		cancer.setClinicalStatus(new CodeableConcept(new Coding(system, code, null)));

		PatientRecord record = Scenario.of(cancer).record();

		assertThat(record.has(CodeGroup.MALIGNANCY)).isEqualTo(counted);
		assertThat(record.dataQuality()).isEmpty();
	}

	/**
	 * A status that says pregnant, dated only to its month (C-CDA's effectiveTime 202611 as converters write it): it was
	 * ignored and the contraindication became a warning (probe 50, P50-M3). Read as of the month's last possible day and
	 * named; one of a month more than 42 weeks ago has ended, as a dated one has; an IGF-1 so dated is still ignored.
	 */
	@Test
	void pregnancyStatusDatedToAMonth_countsAsOfItsLastPossibleDay_andIsNamed() {
		Observation lastMonth = pregnancyStatus("o1", Codes.PREGNANT, TODAY);
		lastMonth.setEffective(new DateTimeType(java.time.YearMonth.from(TODAY.minusMonths(1)).toString()));
		Observation longAgo = pregnancyStatus("o2", Codes.PREGNANT, TODAY);
		longAgo.setEffective(new DateTimeType(java.time.YearMonth.from(TODAY.minusMonths(14)).toString()));

		PatientRecord counted = Scenario.of(lastMonth).record();
		PatientRecord ended = Scenario.of(longAgo).record();

		assertThat(counted.evidence(CodeGroup.PREGNANCY)).containsExactly("Observation/o1");
		assertThat(counted.dataQuality()).singleElement().asString().contains("says pregnant and is dated only to "
				+ java.time.YearMonth.from(TODAY.minusMonths(1)) + "; read as of "
				+ java.time.YearMonth.from(TODAY.minusMonths(1)).atEndOfMonth());
		assertThat(ended.has(CodeGroup.PREGNANCY)).isFalse();
	}

	/** A pregnancy known only from a result released without an effective time still counts; a lab does not. */
	@Test
	void pregnancyStatusWithOnlyAnIssuedTime_isDatedByIt_andNamed_whileAnIgf1IsStillIgnored() {
		Observation status = pregnancyStatus("o1", Codes.PREGNANT, TODAY);
		status.setEffective(null);
		status.setIssuedElement(new org.hl7.fhir.r4.model.InstantType(TODAY.minusDays(3) + "T10:00:00Z"));
		Observation igf1 = igf1("o2", 150, null);
		igf1.setIssuedElement(new org.hl7.fhir.r4.model.InstantType(TODAY.minusDays(3) + "T10:00:00Z"));

		PatientRecord record = Scenario.of(status, igf1).record();

		assertThat(record.evidence(CodeGroup.PREGNANCY)).containsExactly("Observation/o1");
		assertThat(record.igf1()).isEmpty();
		assertThat(record.dataQuality()).containsExactlyInAnyOrder(
				"Pregnancy status Observation/o1 has no effective date; dated by when it was issued ("
						+ TODAY.minusDays(3) + "T10:00:00Z)",
				"IGF-1 Observation/o2 has no effective date; ignored");
	}

	@Test
	void latestPregnancyStatusObservation_decides() {
		PatientRecord pregnant = Scenario.of(pregnancyStatus("o1", "60001007", TODAY.minusDays(40)),
				pregnancyStatus("o2", Codes.PREGNANT, TODAY.minusDays(2))).record();
		PatientRecord notPregnant = Scenario.of(pregnancyStatus("o1", Codes.PREGNANT, TODAY.minusDays(40)),
				pregnancyStatus("o2", "60001007", TODAY.minusDays(2))).record();

		assertThat(pregnant.evidence(CodeGroup.PREGNANCY)).containsExactly("Observation/o2");
		assertThat(notPregnant.has(CodeGroup.PREGNANCY)).isFalse();
	}

	/** IPS documents code a pregnancy status with LOINC's answers (IPS ValueSet pregnancy-status-uv-ips), not SNOMED CT. */
	@Test
	void pregnancyStatusCodedWithTheLoincAnswersOfIps_isRead() {
		Observation pregnantIps = pregnancyStatus("o2", Codes.PREGNANT, TODAY.minusDays(2));
		pregnantIps.setValue(new CodeableConcept(new Coding("http://loinc.org", "LA15173-0", "Pregnant")));
		Observation notPregnantIps = pregnancyStatus("o2", Codes.PREGNANT, TODAY.minusDays(2));
		notPregnantIps.setValue(new CodeableConcept(new Coding("urn:oid:2.16.840.1.113883.6.1", "LA26683-5", "Not pregnant")));

		assertTheLaterStatusDecides(pregnantIps, notPregnantIps);
	}

	/**
	 * Two statuses of one day: the later in time decides, by instant when both have a time (also across time zones);
	 * when they cannot be told apart (no time on one, or the same instant) and disagree, pregnant stands and a message
	 * names both, whatever order they come in. Before, the one read last of the same day won, so a morning negative
	 * could hide an afternoon positive without a word.
	 */
	@ParameterizedTest(name = "pregnant at {0}, not pregnant at {1} -> pregnant {2}, named {3}")
	@CsvSource({
			"T20:00:00Z,       T08:00:00Z,       true,  false",
			"T08:00:00Z,       T20:00:00Z,       false, false",
			"T09:00:00Z,       T08:59:00Z,       true,  false",
			"'',               '',               true,  true",
			"T08:00:00Z,       '',               true,  true",
			"T08:00:00Z,       T10:00:00+02:00,  true,  true",
			"T23:00:00-08:00,  +1T00:30:00+05:00, true, false",
			"+1T00:30:00+05:00, T23:00:00-08:00, false, false"})
	void pregnancyStatusesOfOneDay_theLaterInTimeDecides_andATieCountsAsPregnantAndIsNamed(String pregnantAt,
			String notPregnantAt, boolean pregnant, boolean named) {
		Observation yes = pregnancyStatus("yes", Codes.PREGNANT, TODAY);
		yes.setEffective(new DateTimeType(at(pregnantAt)));
		Observation no = pregnancyStatus("no", "60001007", TODAY);
		no.setEffective(new DateTimeType(at(notPregnantAt)));

		for (PatientRecord record : List.of(Scenario.of(yes, no).record(), Scenario.of(no, yes).record())) {
			assertThat(record.has(CodeGroup.PREGNANCY)).isEqualTo(pregnant);
			assertThat(record.dataQuality().stream().anyMatch(message -> message.startsWith("Pregnancy statuses ")
					&& message.contains("Observation/yes") && message.contains("Observation/no")
					&& message.contains("counted as pregnant"))).isEqualTo(named);
		}
	}

	/** A time of day five days ago ("T08:00:00Z"), of the day after it ("+1T..."), or the day itself (""). */
	private static String at(String time) {
		java.time.LocalDate day = TODAY.minusDays(5);
		return time.startsWith("+1") ? day.plusDays(1) + time.substring(2) : day + time;
	}

	/**
	 * A positive qualitative hCG test is a pregnancy (before, it was not read, and a pregnancy known only from it was
	 * missed without a word); a later negative one ends an earlier positive status. Each of the six [Presence] tests of
	 * VSAC Pregnancy Test, with each way a lab codes the result: SNOMED CT, LOINC answers, or only an interpretation.
	 */
	@ParameterizedTest(name = "{0} with {1}|{2} (interpretation: {3}) -> pregnant {4}")
	@CsvSource(delimiter = ';', nullValues = "NULL", value = {
			"2106-3;  http://snomed.info/sct; 10828004;  NULL; true",
			"2110-5;  http://snomed.info/sct; 260373001; NULL; true",
			"2112-1;  http://loinc.org;       LA6576-8;  NULL; true",
			"2118-8;  http://snomed.info/sct; 260408008; NULL; true",
			"80384-1; http://loinc.org;       LA11882-0; NULL; true",
			"80385-8; http://loinc.org;       LA18996-1; NULL; true",
			"2106-3;  NULL;                   NULL;      POS;  true",
			"2106-3;  http://snomed.info/sct; 260385009; NULL; false",
			"2118-8;  http://loinc.org;       LA6577-6;  NULL; false",
			"80384-1; http://snomed.info/sct; 260415000; NULL; false",
			"2106-3;  NULL;                   NULL;      NEG;  false",
			"2106-3;  http://snomed.info/sct; 260385009; POS;  true",
			"2106-3;  NULL;                   NULL;      urn:oid:2.16.840.1.113883.5.83|POS; true",
			"2106-3;  NULL;                   NULL;      http://terminology.hl7.org/CodeSystem/v2-0078|POS; true",
			"2106-3;  NULL;                   NULL;      http://terminology.hl7.org/CodeSystem/v2-0078|NEG; false"})
	void qualitativePregnancyTest_isReadAsAPregnancyStatus(String loinc, String valueSystem, String value,
			String interpretation, boolean pregnant) {
		Observation test = pregnancyTest("o2", loinc, valueSystem, value, interpretation, TODAY.minusDays(2));
		Observation earlierStatus = pregnancyStatus("o1", "60001007", TODAY.minusDays(40));
		Observation earlierTest = pregnancyTest("o0", Codes.HCG_SERUM, Codes.SNOMED, "10828004", null, TODAY.minusDays(40));

		for (PatientRecord record : List.of(Scenario.of(earlierStatus, test).record(), Scenario.of(test, earlierStatus).record(),
				Scenario.of(earlierTest, test).record(), Scenario.of(test, earlierTest).record())) {
			assertThat(record.has(CodeGroup.PREGNANCY)).isEqualTo(pregnant);
			if (pregnant) {
				assertThat(record.evidence(CodeGroup.PREGNANCY)).containsExactly("Observation/o2");
			}
			assertThat(record.dataQuality()).isEmpty();
		}
	}

	/**
	 * A positive pregnancy test and an IGF-1 coded under HL7 v2's name of LOINC ("LN"), as a naive v2 converter leaves
	 * OBX-3, are read: the pregnancy test was dropped without a word, and a peptide order went through.
	 */
	@Test
	void resultsCodedUnderHl7V2sNameOfLoinc_areRead() {
		Observation test = pregnancyTest("o2", "2106-3", Codes.SNOMED, "10828004", null, TODAY.minusDays(2));
		test.getCode().getCodingFirstRep().setSystem("LN");
		Observation igf1 = igf1("o3", 450, TODAY.minusDays(2));
		igf1.getCode().getCodingFirstRep().setSystem("LN");

		PatientRecord record = Scenario.of(patient(35, "female"), test, igf1).record();

		assertThat(record.has(CodeGroup.PREGNANCY)).isTrue();
		assertThat(record.igf1()).singleElement().satisfies(point -> assertThat(point.ngPerMl()).isEqualTo(450));
		assertThat(record.dataQuality()).isEmpty();
	}

	/**
	 * A result carrying a LOINC code read here under another system ("https://loinc.org", a trailing slash, the word
	 * "LOINC") or under none is named, not passed over: it is most likely the lab's result under a misspelt system. A
	 * pregnancy test so coded is also counted, as ignoring it could let a peptide order through; an IGF-1 is not read.
	 */
	@ParameterizedTest(name = "2106-3 and 2484-4 in system [{0}] -> pregnancy counted, IGF-1 not read, both named")
	@CsvSource(nullValues = "NULL", value = {"https://loinc.org", "http://loinc.org/", "LOINC", "NULL"})
	void aLoincCodeUnderAnotherSystem_isNamed_andAPregnancyTestCounted(String system) {
		Observation test = pregnancyTest("o2", "2106-3", Codes.SNOMED, "10828004", null, TODAY.minusDays(2));
		test.getCode().getCodingFirstRep().setSystem(system);
		Observation igf1 = igf1("o3", 450, TODAY.minusDays(2));
		igf1.getCode().getCodingFirstRep().setSystem(system);

		PatientRecord record = Scenario.of(patient(35, "female"), test, igf1).record();

		assertThat(record.has(CodeGroup.PREGNANCY)).isTrue();
		assertThat(record.igf1()).isEmpty();
		assertThat(record.dataQuality()).hasSize(2)
				.anySatisfy(message -> assertThat(message).contains("Observation/o2").contains("2106-3")
						.contains("not LOINC").contains("read as LOINC"))
				.anySatisfy(message -> assertThat(message).contains("Observation/o3").contains("2484-4")
						.contains("not LOINC").contains("not read"));
	}

	/**
	 * A pregnancy status or test with status registered (R4: no result yet) whose value says pregnant counts as
	 * pregnant, and the contradiction is named: with a peptide ordered, counting it is the safe mistake (it counted
	 * before status registered was checked). One that says not pregnant is not read, so it cannot end a pregnancy.
	 */
	@ParameterizedTest(name = "registered {0} -> pregnant {1}")
	@CsvSource({"77386006, true", "60001007, false"})
	void aRegisteredPregnancyStatusThatSaysPregnant_counts_andIsNamed(String value, boolean counted) {
		Observation status = pregnancyTest("o1", "82810-3", Codes.SNOMED, value, null, TODAY.minusDays(1));
		status.setStatus(Observation.ObservationStatus.REGISTERED);

		PatientRecord record = Scenario.of(patient(30, "female"), status)
				.drafts(peptide("d1", "tesamorelin", "draft", TODAY)).record();

		assertThat(record.has(CodeGroup.PREGNANCY)).isEqualTo(counted);
		assertThat(record.dataQuality()).anySatisfy(message -> assertThat(message).contains("Observation/o1",
				"registered"));
	}

	/**
	 * A pregnancy test or status that may say pregnant and could not be used (a result as text, coded neither way,
	 * undated, dated ahead) leaves the pregnancy contraindication possibly missing when a peptide is on the record; one
	 * that says not pregnant does not, nor does any when the pregnancy is counted or no peptide is there.
	 */
	@ParameterizedTest(name = "{0}, peptide {1} -> pregnancy may be missing {2}")
	@CsvSource({"text, true, true", "text, false, false", "undated, true, true", "ahead, true, true",
			"ahead-not-pregnant, true, false", "counted, true, false"})
	void anUnreadPregnancyRecord_leavesThePregnancyContraindicationPossiblyMissing(String shape, boolean peptide,
			boolean missing) {
		Observation test = pregnancyTest("o2", "2106-3", Codes.SNOMED, "10828004", null, TODAY.minusDays(2));
		switch (shape) {
			case "text" -> test.setValue(new org.hl7.fhir.r4.model.StringType("POSITIVE"));
			case "undated" -> test.setEffective(null); // a month counts (pregnancyStatusDatedToAMonth_...)
			case "ahead" -> test.setEffective(new DateTimeType(TODAY.plusDays(5).toString()));
			case "ahead-not-pregnant" -> {
				test.setEffective(new DateTimeType(TODAY.plusDays(5).toString()));
				test.setValue(new CodeableConcept(new Coding(Codes.SNOMED, "260385009", null)));
			}
			default -> { }
		}
		Scenario scenario = Scenario.of(patient(35, "female"), test);
		if (peptide) {
			scenario.drafts(peptide("d1", "tesamorelin", "draft", TODAY));
		}

		assertThat(scenario.record().pregnancyMayBeMissing()).isEqualTo(missing);
	}

	private static final String ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm";

	/**
	 * A Condition that may be a contraindication and was named, not counted (a code of the group's review set; a cancer
	 * code without a clinicalStatus, as encounter diagnoses come) leaves that contraindication possibly missing while a
	 * peptide is ordered or in effect, so the CDS card is a warning; not without a peptide, not when a counted cancer has
	 * fired it already, not once the Condition is in remission (a pituitary disorder beside any peptide: before, only
	 * beside tesamorelin, probe 59, P59-M2). Before, each
	 * was an info line among the data problems, also while a tesamorelin order was being signed. Each is named with the
	 * code that placed it in the group, as a counted one is: the id alone could not be acted on (probe 50, P50-m1).
	 */
	@ParameterizedTest(name = "{0}, drafting {1} -> {2}")
	@CsvSource(delimiter = ';', value = {
			"in situ (review code); tesamorelin; Condition/c1 (malignancy: D05.1)",
			"cancer without a clinicalStatus; ipamorelin; Condition/c1 (malignancy: 254837009)",
			"cancer without a clinicalStatus; none; ''",
			"in situ beside a counted cancer; tesamorelin; ''",
			"in situ in remission; tesamorelin; ''",
			"other pituitary disorder (review code); tesamorelin; Condition/c1 (hypothalamic-pituitary: E23.6)",
			"other pituitary disorder (review code); ipamorelin; Condition/c1 (hypothalamic-pituitary: E23.6)"})
	void aConditionNamedAndNotCounted_leavesItsContraindicationPossiblyMissing_whileAPeptideIsThere(String shape,
			String draft, String missing) {
		Condition condition = switch (shape) {
			case "in situ (review code)", "in situ beside a counted cancer" -> condition("c1", ICD10CM, "D05.1",
					"active");
			case "in situ in remission" -> condition("c1", ICD10CM, "D05.1", "remission");
			case "cancer without a clinicalStatus" -> condition("c1", Codes.SNOMED, "254837009", null);
			case "other pituitary disorder (review code)" -> condition("c1", ICD10CM, "E23.6", "active");
			default -> throw new IllegalArgumentException(shape);
		};
		Scenario scenario = Scenario.of(patient(50, "female"), condition);
		if (shape.endsWith("beside a counted cancer")) {
			scenario.with(condition("c2", ICD10CM, "C50.911", "active"));
		}
		if (!draft.equals("none")) {
			scenario.drafts(peptide("d1", draft, "draft", TODAY));
		}

		assertThat(scenario.record().contraindicationsMayBeMissing())
				.containsExactlyElementsOf(missing.isEmpty() ? List.of() : List.of(missing));
	}

	/**
	 * A clinicalStatus (and verificationStatus) under FHIR STU3's URI of its code system, as data converted from STU3
	 * carries it, is read as R4's: the cancer counts. Before, it was "no clinicalStatus", named and not counted.
	 */
	@Test
	void aClinicalStatusUnderTheStu3CodeSystemUri_isRead() {
		Condition cancer = condition("c1", Codes.SNOMED, "254837009", null);
		cancer.setClinicalStatus(new CodeableConcept(new Coding("http://hl7.org/fhir/condition-clinical", "active", null)));
		Condition refuted = condition("c2", Codes.SNOMED, "77386006", "active");
		refuted.setVerificationStatus(new CodeableConcept(new Coding("http://hl7.org/fhir/condition-ver-status", "refuted",
				null)));

		PatientRecord record = Scenario.of(patient(50, "female"), cancer, refuted).record();

		assertThat(record.evidence(CodeGroup.MALIGNANCY)).containsExactly("Condition/c1");
		assertThat(record.has(CodeGroup.PREGNANCY)).isFalse();
		assertThat(record.dataQuality()).isEmpty();
	}

	/**
	 * The other way round: a condition that contraindicates GH-axis peptides (a breast cancer) and a medication record
	 * in effect whose drug cannot be read (text only, local codes only, a reference that does not resolve, a peptide
	 * given without a status): the contraindication may be missing, also beside a counted peptide, whose card fires for
	 * that peptide and does not name the other record (it may be a second peptide). Not when the drug is read as
	 * something else (RxNorm metformin), when the record has ended, or without such a condition.
	 */
	@ParameterizedTest(name = "{0} -> peptide may be missing {1}")
	@CsvSource({"text only, true", "local codes only, true", "unresolved reference, true",
			"draft with an unresolved reference, true",
			"peptide given without a status, true", "another drug in RxNorm, false", "text only and stopped, false",
			"text only beside a counted peptide, true", "text only without a contraindication, false"})
	void anUnreadDrugBesideAContraindication_leavesThePeptideContraindicationPossiblyMissing(String shape,
			boolean missing) {
		MedicationRequest order = peptide("m1", "tesamorelin", "active", TODAY.minusDays(30));
		Scenario scenario = Scenario.of(patient(50, "female"));
		if (!shape.endsWith("without a contraindication")) {
			scenario.with(condition("c1", Codes.SNOMED, "254837009", "active"));
		}
		switch (shape) {
			case "text only", "text only without a contraindication" ->
					order.setMedication(new CodeableConcept().setText("Compounded peptide, 2 mg vial"));
			case "local codes only" -> order.setMedication(new CodeableConcept(
					new Coding("urn:oid:1.2.840.114350.1.13.0.1.7.2.698288", "12345", null)));
			case "unresolved reference" -> order.setMedication(new org.hl7.fhir.r4.model.Reference("Medication/absent"));
			case "draft with an unresolved reference" -> {
				order.setMedication(new org.hl7.fhir.r4.model.Reference("Medication/absent"));
				order.setStatus(MedicationRequest.MedicationRequestStatus.DRAFT);
				scenario.drafts(order);
				order = null;
			}
			case "peptide given without a status" -> {
				order = null;
				scenario.with(org.somaxis.guidance.Fixtures.administered("a1", "tesamorelin", "unknown", TODAY.minusDays(2)));
			}
			case "another drug in RxNorm" -> order.setMedication(new CodeableConcept(
					new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "6809", null)));
			case "text only and stopped" -> {
				order.setMedication(new CodeableConcept().setText("Compounded peptide, 2 mg vial"));
				order.setStatus(MedicationRequest.MedicationRequestStatus.STOPPED);
			}
			case "text only beside a counted peptide" -> {
				order.setMedication(new CodeableConcept().setText("Compounded peptide, 2 mg vial"));
				scenario.with(peptide("m2", "sermorelin", "active", TODAY.minusDays(30)));
			}
			default -> throw new IllegalArgumentException(shape);
		}
		if (order != null) {
			scenario.with(order);
		}

		assertThat(scenario.record().peptideMayBeMissing()).isEqualTo(missing);
	}

	/**
	 * A hypothalamic-pituitary disorder contraindicates tesamorelin only: beside active ipamorelin, an order whose drug is
	 * only text may be the tesamorelin whose contraindication is missing; beside active tesamorelin, its card fires for
	 * that order and does not name the one that could not be read (before, the CDS card was info).
	 */
	@ParameterizedTest(name = "beside {0} -> peptide may be missing {1}")
	@CsvSource({"ipamorelin, true", "tesamorelin, true"})
	void anUnreadDrugBesideAnHpAxisDisorder_mayBeTheTesamorelin(String counted, boolean missing) {
		MedicationRequest unread = peptide("m1", "tesamorelin", "active", TODAY.minusDays(30));
		unread.setMedication(new CodeableConcept().setText("Compounded peptide, 2 mg vial"));

		PatientRecord record = Scenario.of(patient(50, "male"), localCondition("c1", "hypopituitarism"), unread,
				peptide("m2", counted, "active", TODAY.minusDays(30))).record();

		assertThat(record.peptideMayBeMissing()).isEqualTo(missing);
	}

	/**
	 * The same with a peptide on hold (the contraindication rule judges it too), under a misspelt LOINC system, and with
	 * "Positive" as text and a negative flag (not read as negative); not when a later readable test supersedes an old
	 * unread one. Also for a patient recorded as deceased for whom a peptide is being ordered: the safety checks run
	 * there (a death in the wrong chart must not silence a contraindication), and so does this warning.
	 */
	@ParameterizedTest(name = "{0} -> pregnancy may be missing {1}")
	@CsvSource({"on hold, true", "misspelt system, true", "text with a negative flag, true", "superseded, false",
			"deceased, true"})
	void anUnreadPregnancyRecord_otherShapes(String shape, boolean missing) {
		Observation test = pregnancyTest("o2", "2106-3", Codes.SNOMED, "10828004", null, TODAY.minusDays(2));
		test.setValue(new org.hl7.fhir.r4.model.StringType("POSITIVE"));
		org.hl7.fhir.r4.model.Patient woman = patient(35, "female");
		Scenario scenario = Scenario.of(woman, test);
		switch (shape) {
			case "on hold" -> scenario.with(peptide("m1", "tesamorelin", "on-hold", TODAY.minusDays(60)));
			case "misspelt system" -> test.getCode().getCodingFirstRep().setSystem("https://loinc.org");
			case "text with a negative flag" -> {
				test.setEffective(new DateTimeType(TODAY.minusDays(30).toString().substring(0, 7)));
				test.addInterpretation(new CodeableConcept(
						new Coding("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", "NEG", null)));
			}
			case "superseded" -> {
				test.setEffective(new DateTimeType(TODAY.minusYears(5).toString()));
				scenario.with(pregnancyTest("o3", "2106-3", Codes.SNOMED, "260385009", null, TODAY.minusDays(1)));
			}
			case "deceased" -> woman.setDeceased(new org.hl7.fhir.r4.model.BooleanType(true));
			default -> { }
		}
		if (!shape.equals("on hold")) {
			scenario.drafts(peptide("d1", "tesamorelin", "draft", TODAY));
		}

		assertThat(scenario.record().pregnancyMayBeMissing()).isEqualTo(missing);
	}

	/**
	 * A pregnancy status under a misspelt LOINC system is read only when it says pregnant: one saying not pregnant,
	 * later than a status saying pregnant, is named and does not end the pregnancy.
	 */
	@Test
	void aNotPregnantStatusUnderAMisspeltLoincSystem_doesNotEndAPregnancy() {
		Observation misspelt = pregnancyStatus("o2", "60001007", TODAY.minusDays(2));
		misspelt.getCode().getCodingFirstRep().setSystem("https://loinc.org");

		PatientRecord record = Scenario.of(patient(35, "female"), pregnancyStatus("o1", "77386006", TODAY.minusDays(40)),
				misspelt).record();

		assertThat(record.has(CodeGroup.PREGNANCY)).isTrue();
		assertThat(record.dataQuality()).singleElement().satisfies(message -> assertThat(message)
				.contains("Observation/o2").contains("not LOINC").contains("not read"));
	}

	/**
	 * A negative test does not end a pregnancy status that says pregnant, whatever the order they are read in (a test
	 * can be falsely negative early in pregnancy); a message names both. Nor does it end a pregnancy Condition. A later
	 * status that says not pregnant does end an earlier positive test.
	 */
	@Test
	void negativePregnancyTest_doesNotEndAPregnancyStatusOrCondition_andALaterNotPregnantStatusEndsAPositiveTest() {
		Observation pregnantStatus = pregnancyStatus("o1", Codes.PREGNANT, TODAY.minusDays(40));
		Observation negativeTest = pregnancyTest("o2", Codes.HCG_URINE, Codes.SNOMED, "260385009", null, TODAY.minusDays(2));
		Observation positiveTest = pregnancyTest("o3", Codes.HCG_URINE, Codes.SNOMED, "10828004", null, TODAY.minusDays(40));
		Observation notPregnantStatus = pregnancyStatus("o4", "60001007", TODAY.minusDays(2));
		Condition pregnancy = condition("c1", Codes.SNOMED, Codes.PREGNANT, "active");

		for (PatientRecord record : List.of(Scenario.of(pregnantStatus, negativeTest).record(),
				Scenario.of(negativeTest, pregnantStatus).record())) {
			assertThat(record.evidence(CodeGroup.PREGNANCY)).containsExactly("Observation/o1");
			assertThat(record.dataQuality()).singleElement().asString()
					.startsWith("Pregnancy test Observation/o2 of ").contains("Observation/o1");
		}
		assertThat(Scenario.of(pregnancy, negativeTest).record().evidence(CodeGroup.PREGNANCY)).containsExactly("Condition/c1");
		Observation sameDayNotPregnant = pregnancyStatus("o5", "60001007", TODAY.minusDays(40));
		PatientRecord tie = Scenario.of(sameDayNotPregnant, positiveTest).record();
		assertThat(tie.evidence(CodeGroup.PREGNANCY)).containsExactly("Observation/o3");
		assertThat(tie.dataQuality()).singleElement().asString().startsWith("Pregnancy test Observation/o3 and pregnancy"
				+ " status Observation/o5 of ").endsWith("counted as pregnant - please check it");
		assertThat(Scenario.of(positiveTest, notPregnantStatus).record().has(CodeGroup.PREGNANCY)).isFalse();
		assertThat(Scenario.of(notPregnantStatus, positiveTest).record().has(CodeGroup.PREGNANCY)).isFalse();
	}

	/** A result that says neither (equivocal, text only, a number) is named and cannot hide an earlier positive. */
	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = ';', nullValues = "NULL", value = {
			"equivocal; http://loinc.org; LA11885-3; NULL",
			"borderline; http://loinc.org; LA4259-3; NULL",
			"equivocal value, negative interpretation; http://loinc.org; LA11885-3; NEG",
			"text only; NULL; NULL; NULL",
			"'Positive' as text, negative interpretation; NULL; NULL; NEG"})
	void pregnancyTestThatSaysNeitherPositiveNorNegative_isNamed_andDoesNotHideAnEarlierPositive(String name,
			String valueSystem, String value, String interpretation) {
		Observation test = pregnancyTest("o2", Codes.HCG_URINE, valueSystem, value, interpretation, TODAY.minusDays(2));
		if (value == null) {
			test.setValue(new org.hl7.fhir.r4.model.StringType(interpretation == null ? "Negative" : "Positive"));
		}

		PatientRecord record = Scenario.of(pregnancyStatus("o1", Codes.PREGNANT, TODAY.minusDays(40)), test).record();

		assertThat(record.evidence(CodeGroup.PREGNANCY)).containsExactly("Observation/o1");
		assertThat(record.dataQuality()).singleElement().asString()
				.startsWith("Pregnancy test Observation/o2 on ").endsWith("; ignored - please check it");
	}

	/**
	 * A quantitative hCG result is read by the laboratory's interpretation: positive is a pregnancy, negative a
	 * negative test (a later one ends an earlier positive test). Before, no quantitative hCG was read, so a pregnancy
	 * known only from one was missed. Its number is never read: H (above the reference range) says neither.
	 */
	@ParameterizedTest(name = "{0} with interpretation {1} -> pregnant {2}")
	@CsvSource(delimiter = ';', value = {
			"21198-7; POS; true",
			"83086-9; DET; true",
			"2119-6;  http://terminology.hl7.org/CodeSystem/v2-0078|POS; true",
			"34670-0; urn:oid:2.16.840.1.113883.5.83|POS; true",
			"21198-7; NEG; false",
			"45194-8; ND;  false"})
	void quantitativeHcg_isReadByTheLaboratorysInterpretation(String loinc, String interpretation, boolean pregnant) {
		Observation hcg = quantitativeHcg("o2", loinc, 1520, interpretation, TODAY.minusDays(2));
		Observation earlierPositive = pregnancyTest("o0", Codes.HCG_SERUM, Codes.SNOMED, "10828004", null, TODAY.minusDays(40));

		for (PatientRecord record : List.of(Scenario.of(hcg).record(), Scenario.of(earlierPositive, hcg).record(),
				Scenario.of(hcg, earlierPositive).record())) {
			assertThat(record.has(CodeGroup.PREGNANCY)).isEqualTo(pregnant);
			if (pregnant) {
				assertThat(record.evidence(CodeGroup.PREGNANCY)).containsExactly("Observation/o2");
			}
			assertThat(record.dataQuality()).isEmpty();
		}
	}

	/**
	 * A quantitative hCG with no positive or negative interpretation (only a number, or a flag such as H) is not read,
	 * and is named when it is the latest pregnancy evidence, so that the clinician reads it: alone, or after a status
	 * that says not pregnant, or on the same day as one. It is not named when later evidence was read, or when the
	 * record already counts the patient as pregnant.
	 */
	@ParameterizedTest(name = "interpretation {0}")
	@CsvSource(nullValues = "NULL", value = {"NULL", "H", "HH", "N", "A"})
	void quantitativeHcgThatSaysNeither_isNamedWhenItIsTheLatestPregnancyEvidence(String interpretation) {
		Observation hcg = quantitativeHcg("o2", Codes.HCG_BETA_UNITS_SERUM, 1520, interpretation, TODAY.minusDays(2));

		for (PatientRecord record : List.of(Scenario.of(hcg).record(),
				Scenario.of(pregnancyStatus("o1", "60001007", TODAY.minusDays(40)), hcg).record(),
				Scenario.of(hcg, pregnancyStatus("o1", "60001007", TODAY.minusDays(2))).record())) {
			assertThat(record.has(CodeGroup.PREGNANCY)).isFalse();
			assertThat(record.dataQuality()).singleElement().asString()
					.startsWith("Quantitative hCG Observation/o2 of " + TODAY.minusDays(2) + " has no interpretation")
					.endsWith("please check whether the patient may be pregnant");
		}
		PatientRecord laterStatus = Scenario.of(hcg, pregnancyStatus("o3", "60001007", TODAY.minusDays(1))).record();
		PatientRecord laterTest = Scenario.of(
				pregnancyTest("o3", Codes.HCG_URINE, Codes.SNOMED, "260385009", null, TODAY.minusDays(1)), hcg).record();
		PatientRecord pregnant = Scenario.of(hcg, condition("c1", Codes.SNOMED, Codes.PREGNANT, "active")).record();
		assertThat(List.of(laterStatus, laterTest, pregnant)).allSatisfy(record -> assertThat(record.dataQuality()).isEmpty());
		assertThat(pregnant.evidence(CodeGroup.PREGNANCY)).containsExactly("Condition/c1");
	}

	/**
	 * A quantitative hCG whose value is a text is read as a qualitative test: "Positive" as text with a NEG flag is named
	 * and does not hide an earlier positive test.
	 */
	@Test
	void quantitativeHcgWithATextValueAndANegativeFlag_doesNotHideAnEarlierPositive() {
		Observation text = pregnancyTest("o2", Codes.HCG_BETA_UNITS_SERUM, null, null, "NEG", TODAY.minusDays(2));
		text.setValue(new StringType("Positive"));
		Observation earlierPositive = pregnancyTest("o0", Codes.HCG_SERUM, Codes.SNOMED, "10828004", null, TODAY.minusDays(40));

		PatientRecord record = Scenario.of(earlierPositive, text).record();

		assertThat(record.evidence(CodeGroup.PREGNANCY)).containsExactly("Observation/o0");
		assertThat(record.dataQuality()).singleElement().asString().startsWith("Pregnancy test Observation/o2 on ");
	}

	/** A result coded under a quantitative hCG code but given as a coded result is read as a qualitative test is. */
	@Test
	void quantitativeHcgWithACodedResult_isReadAsAQualitativeTest() {
		Observation coded = pregnancyTest("o2", Codes.HCG_BETA_UNITS_SERUM, "http://loinc.org", "LA6576-8", null,
				TODAY.minusDays(2));
		Observation interpretationOnly = pregnancyTest("o3", Codes.HCG_INTERPRETATION_SERUM, Codes.SNOMED, "10828004", null,
				TODAY.minusDays(2));

		assertThat(Scenario.of(coded).record().evidence(CodeGroup.PREGNANCY)).containsExactly("Observation/o2");
		assertThat(Scenario.of(interpretationOnly).record().evidence(CodeGroup.PREGNANCY)).containsExactly("Observation/o3");
	}

	private static Observation quantitativeHcg(String id, String loinc, double mIU, String interpretation,
			java.time.LocalDate date) {
		Observation observation = pregnancyTest(id, loinc, null, null, interpretation, date);
		observation.setValue(new Quantity().setValue(mIU).setUnit("m[IU]/mL")
				.setSystem(Codes.UCUM).setCode("m[IU]/mL"));
		return observation;
	}

	private static Observation pregnancyTest(String id, String loinc, String valueSystem, String value,
			String interpretation, java.time.LocalDate date) {
		Observation observation = new Observation();
		observation.setId(id);
		observation.setStatus(Observation.ObservationStatus.FINAL);
		observation.setCode(new CodeableConcept(new Coding(Codes.LOINC, loinc, null)));
		if (value != null) {
			observation.setValue(new CodeableConcept(new Coding(valueSystem, value, null)));
		}
		if (interpretation != null) {
			String[] systemCode = interpretation.contains("|") ? interpretation.split("\\|")
					: new String[] {"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", interpretation};
			observation.addInterpretation(new CodeableConcept(new Coding(systemCode[0], systemCode[1], null)));
		}
		observation.setEffective(new DateTimeType(date.toString()));
		return observation;
	}

	/** LOINC's older 11449-6 "Pregnancy status - Reported" is read as 82810-3 is: a later one decides either way. */
	@Test
	void pregnancyStatusUnderLoinc11449_6_isReadLikeThe82810_3One() {
		Observation reportedPregnant = pregnancyStatus("o2", Codes.PREGNANT, TODAY.minusDays(2));
		reportedPregnant.getCode().getCodingFirstRep().setCode(Codes.PREGNANCY_STATUS_REPORTED);
		Observation reportedNotPregnant = pregnancyStatus("o2", "60001007", TODAY.minusDays(2));
		reportedNotPregnant.getCode().getCodingFirstRep().setCode(Codes.PREGNANCY_STATUS_REPORTED);

		assertTheLaterStatusDecides(reportedPregnant, reportedNotPregnant);
	}

	/** After an earlier status that says the opposite, each later one (id o2) decides, with nothing to name. */
	private static void assertTheLaterStatusDecides(Observation laterPregnant, Observation laterNotPregnant) {
		PatientRecord pregnant = Scenario.of(pregnancyStatus("o1", "60001007", TODAY.minusDays(40)), laterPregnant).record();
		PatientRecord notPregnant = Scenario.of(pregnancyStatus("o1", Codes.PREGNANT, TODAY.minusDays(40)), laterNotPregnant)
				.record();

		assertThat(pregnant.evidence(CodeGroup.PREGNANCY)).containsExactly("Observation/o2");
		assertThat(pregnant.dataQuality()).isEmpty();
		assertThat(notPregnant.has(CodeGroup.PREGNANCY)).isFalse();
		assertThat(notPregnant.dataQuality()).isEmpty();
	}

	/**
	 * C-CDA's Pregnancy Observation converted to FHIR: code ActCode ASSERTION, value SNOMED CT 77386006. Read as a
	 * pregnancy status; a later one that says not pregnant ends it. Other assertions (an allergy converted as it was,
	 * even undated) are not Somaxis's concern and say nothing.
	 */
	@Test
	void pregnancyAssertionOfConvertedCcda_isReadAsAPregnancyStatus_andOtherAssertionsAreNot() {
		PatientRecord pregnant = Scenario.of(assertion("o1", "77386006", TODAY.minusDays(3)), assertion("o2", "419199007", null))
				.record();
		PatientRecord notPregnant = Scenario.of(assertion("o1", "77386006", TODAY.minusDays(30)),
				assertion("o2", "60001007", TODAY.minusDays(2))).record();

		assertThat(pregnant.evidence(CodeGroup.PREGNANCY)).containsExactly("Observation/o1");
		assertThat(pregnant.dataQuality()).isEmpty();
		assertThat(notPregnant.has(CodeGroup.PREGNANCY)).isFalse();
	}

	/** ActCode under its HL7 OID, as Microsoft's FHIR-Converter writes it: the pregnancy was missed (probe 50, P50-C1). */
	@Test
	void pregnancyAssertionUnderActCodesOid_isReadAsAPregnancyStatus() {
		Observation underOid = assertion("o1", "77386006", TODAY.minusDays(3));
		underOid.getCode().getCodingFirstRep().setSystem("urn:oid:2.16.840.1.113883.5.4");

		PatientRecord record = Scenario.of(underOid).record();

		assertThat(record.evidence(CodeGroup.PREGNANCY)).containsExactly("Observation/o1");
		assertThat(record.dataQuality()).isEmpty();
	}

	/**
	 * ActCode under FHIR STU3's URI is read as it is; under a spelling no system has (the OID in capitals, the bare OID,
	 * no system) a pregnancy observation that says pregnant is counted and named, as a misnamed LOINC one is, and an
	 * assertion of something else says nothing: each was missed without a word (probe 51, P51-C1).
	 */
	@ParameterizedTest(name = "{0}: value {1} -> counted {2}, named {3}")
	@CsvSource({"http://hl7.org/fhir/v3/ActCode, 77386006, true, false",
			"URN:OID:2.16.840.1.113883.5.4, 77386006, true, true", "2.16.840.1.113883.5.4, 77386006, true, true",
			"'', 77386006, true, true", "'', 419199007, false, false"})
	void pregnancyAssertionUnderAnotherSpellingOfActCode_isCounted_andNamedWhereNoSystemHasIt(String system, String value,
			boolean counted, boolean named) {
		Observation observation = assertion("o1", value, TODAY.minusDays(3));
		observation.getCode().getCodingFirstRep().setSystem(system.isEmpty() ? null : system);

		PatientRecord record = Scenario.of(observation).record();

		assertThat(record.has(CodeGroup.PREGNANCY)).isEqualTo(counted);
		assertThat(record.dataQuality()).hasSize(named ? 1 : 0);
		if (named) {
			assertThat(record.dataQuality().get(0)).contains("Observation/o1", "which is not HL7 v3 ActCode");
		}
	}

	/**
	 * A status whose value says pregnant under no system, or one the value set does not hold (77386006 without SNOMED
	 * CT's URL), as converters that drop the code's system drop the value's: counted and named. The C-CDA pregnancy
	 * observation so valued was passed over without a word, and LOINC 82810-3 so valued ignored (probe 52, P52-C1). A
	 * value saying not pregnant under a misspelt system is not read, as before: it cannot end a pregnancy; it is named.
	 */
	@ParameterizedTest(name = "{0} valued {1}|{2} -> pregnant {3}")
	@CsvSource({"assertion, '', 77386006, true", "assertion, https://snomed.info/sct, 77386006, true",
			"82810-3, '', 77386006, true", "82810-3, URN:OID:2.16.840.1.113883.6.96, 77386006, true",
			"82810-3, '', 60001007, false",
			// under another system the set holds (probe 53): SNOMED CT's code as ICD-10-CM, LOINC's answer as SNOMED CT
			"assertion, http://hl7.org/fhir/sid/icd-10-cm, 77386006, true", "assertion, http://snomed.info/sct, LA15173-0, true",
			"assertion, '', 60001007, false"})
	void pregnancyStatusValuedUnderAMisspeltSystem_isCountedAndNamed(String kind, String valueSystem, String value,
			boolean pregnant) {
		Observation status = kind.equals("assertion") ? assertion("o1", value, TODAY.minusDays(3))
				: pregnancyStatus("o1", Codes.PREGNANT, TODAY.minusDays(3));
		status.setValue(new CodeableConcept(new Coding(valueSystem.isEmpty() ? null : valueSystem, value, null)));

		PatientRecord record = Scenario.of(status).record();

		assertThat(record.has(CodeGroup.PREGNANCY)).isEqualTo(pregnant);
		assertThat(record.dataQuality()).singleElement().asString().contains("Observation/o1");
	}

	/** A pregnancy observation whose value is text only ("Pregnant") was passed over as another assertion: named. */
	@Test
	void pregnancyAssertionWithATextValue_isNamed_andThePregnancyMayBeMissing() {
		Observation observation = assertion("o1", "77386006", TODAY.minusDays(3));
		observation.setValue(new CodeableConcept().setText("Pregnant"));

		PatientRecord record = Scenario.of(patient(30, "female"), observation)
				.drafts(peptide("d1", "sermorelin", "draft", TODAY)).record();

		assertThat(record.has(CodeGroup.PREGNANCY)).isFalse();
		assertThat(record.dataQuality()).anySatisfy(message -> assertThat(message).contains("Observation/o1"));
		assertThat(record.pregnancyMayBeMissing()).isTrue();
	}

	private static Observation assertion(String id, String snomedValue, java.time.LocalDate date) {
		Observation observation = new Observation();
		observation.setId(id);
		observation.setStatus(Observation.ObservationStatus.FINAL);
		observation.setCode(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "ASSERTION", null)));
		observation.setValue(new CodeableConcept(new Coding(Codes.SNOMED, snomedValue, null)));
		if (date != null) {
			observation.setEffective(new DateTimeType(date.toString()));
		}
		return observation;
	}

	@ParameterizedTest(name = "later value {0}")
	@CsvSource(value = {"http://snomed.info/sct|261665006|Unknown", "http://loinc.org|LA4489-6|Unknown", "NULL|NULL|Pregnant",
			"urn:oid:1.2.840.114350.1.13.0.1.7.2.707679|3|Pregnant"}, nullValues = "NULL", delimiter = ',')
	void laterPregnancyStatusThatSaysNeitherPregnantNorNot_doesNotHideAnEarlierPositive(String value) {
		String[] parts = value.split("\\|");
		Observation later = pregnancyStatus("o2", Codes.PREGNANT, TODAY.minusDays(2));
		CodeableConcept concept = new CodeableConcept().setText(parts[2]);
		if (!parts[0].equals("NULL")) {
			concept.addCoding(new Coding(parts[0], parts[1], parts[2]));
		}
		later.setValue(concept);

		PatientRecord record = Scenario.of(pregnancyStatus("o1", Codes.PREGNANT, TODAY.minusDays(40)), later).record();

		assertThat(record.evidence(CodeGroup.PREGNANCY)).containsExactly("Observation/o1");
		assertThat(record.dataQuality()).singleElement().asString()
				.startsWith("Pregnancy status Observation/o2 on ").contains("is coded neither as pregnant nor as not pregnant");
	}

	@ParameterizedTest(name = "started {0} days ago -> week {1}, {2}")
	@CsvSource({"0, 1, MOBILISATION", "27, 4, MOBILISATION", "28, 5, BODY_COMPOSITION", "181, 26, BODY_COMPOSITION",
			"182, 27, STABILISATION", "400, 58, STABILISATION"})
	void therapyWeekAndPhase_countFromTheFirstActiveOrder(int days, int week, TherapyPhase phase) {
		// TODAY is 2026-06-01; six months before is 2025-12-01, i.e. 182 days
		PatientRecord record = Scenario.of(peptide("m1", "sermorelin", "active", TODAY.minusDays(days)),
				peptide("m2", "ipamorelin", "active", TODAY.minusDays(days / 2))).record();

		assertThat(record.therapyWeek()).isEqualTo(week);
		assertThat(record.phase()).isEqualTo(phase);
	}

	@Test
	void draftOrders_doNotStartTherapy() {
		PatientRecord record = Scenario.of().drafts(peptide("d1", "ipamorelin", "draft", TODAY)).record();

		assertThat(record.draftPeptides()).hasSize(1);
		assertThat(record.onTherapy()).isFalse();
		assertThat(record.therapyWeek()).isNull();
		assertThat(record.phase()).isEqualTo(TherapyPhase.NONE);
	}

	@Test
	void igf1Points_areMarkedBeforeOrDuringTherapy() {
		PatientRecord record = Scenario.of(patient(45, "male"),
				peptide("m1", "tesamorelin", "active", TODAY.minusDays(60)),
				igf1("before", 100, TODAY.minusDays(61)),
				igf1("during", 180, TODAY.minusDays(60))).record();

		assertThat(record.igf1()).extracting(Igf1Point::duringTherapy).containsExactly(false, true);
		assertThat(record.baselineIgf1().orElseThrow().resourceId()).isEqualTo("Observation/before");
	}

	@Test
	void anOrderNotToGiveThePeptide_isNoTherapy() {
		MedicationRequest prohibition = peptide("m1", "tesamorelin", "active", TODAY.minusDays(30));
		prohibition.setDoNotPerform(true);

		PatientRecord record = Scenario.of(prohibition).record();

		assertThat(record.peptides()).isEmpty();
		assertThat(record.onTherapy()).isFalse();
		assertThat(record.dataQuality()).isEmpty();
	}

	@ParameterizedTest(name = "MedicationRequest status {0}")
	@CsvSource(value = {"unknown", "NULL"}, nullValues = "NULL")
	void peptideOrderWhoseStatusDoesNotSayWhetherItIsInEffect_isNamedToTheClinician(String status) {
		MedicationRequest order = peptide("m1", "tesamorelin", "active", TODAY.minusDays(30));
		order.setStatus(status == null ? null : MedicationRequest.MedicationRequestStatus.fromCode(status));

		PatientRecord record = Scenario.of(order).record();

		assertThat(record.peptides()).isEmpty();
		assertThat(record.dataQuality()).singleElement().asString()
				.startsWith("MedicationRequest/m1 (").endsWith("has no status saying whether it is in effect; not counted - please check it");
	}

	/**
	 * An IPS document fills an empty section with a code of its absent-unknown system: "no known problems" and "no known
	 * medications" say there is none and are read as nothing; "no information" says the section could not be filled,
	 * which is named (before, each was called a code in no system the groups hold, or a drug in local codes).
	 */
	@Test
	void ipsAbsentAndUnknownCodes_areReadAsNoneOrNamedAsNoInformation() {
		String ips = "http://hl7.org/fhir/uv/ips/CodeSystem/absent-unknown-uv-ips";
		org.hl7.fhir.r4.model.MedicationStatement noMedications = new org.hl7.fhir.r4.model.MedicationStatement();
		noMedications.setId("s1");
		noMedications.setStatus(org.hl7.fhir.r4.model.MedicationStatement.MedicationStatementStatus.ACTIVE);
		noMedications.setMedication(new CodeableConcept(new Coding(ips, "no-known-medications", null)));
		org.hl7.fhir.r4.model.MedicationStatement noMedicationInfo = noMedications.copy();
		noMedicationInfo.setId("s2");
		noMedicationInfo.setMedication(new CodeableConcept(new Coding(ips, "no-medication-info", null)));

		PatientRecord none = Scenario.of(condition("c1", ips, "no-known-problems", "active"), noMedications).record();
		PatientRecord unknown = Scenario.of(condition("c2", ips, "no-problem-info", "active"), noMedicationInfo)
				.record();

		assertThat(none.dataQuality()).isEmpty();
		assertThat(unknown.dataQuality()).containsExactlyInAnyOrder(
				"Condition/c2 says no information about the patient's problems was available, so the contraindications"
						+ " were not checked against them - please check it",
				"MedicationStatement/s2 says no information about the patient's medications was available, so peptide"
						+ " therapy could not be checked against them - please check it");
	}

	/** A statement that the patient intends to take a peptide is named as intended, not as one without a status. */
	@Test
	void peptideStatementOnlyIntended_isNamedAsIntended() {
		org.hl7.fhir.r4.model.MedicationStatement statement = new org.hl7.fhir.r4.model.MedicationStatement();
		statement.setId("s1");
		statement.setStatus(org.hl7.fhir.r4.model.MedicationStatement.MedicationStatementStatus.INTENDED);
		statement.setMedication(new CodeableConcept(new Coding(Codes.GH_PEPTIDES, "tesamorelin", null)));

		PatientRecord record = Scenario.of(statement).record();

		assertThat(record.peptides()).isEmpty();
		assertThat(record.dataQuality()).singleElement().asString().startsWith("MedicationStatement/s1 (")
				.endsWith("is only intended (MedicationStatement status intended): not known to be taken yet;"
						+ " not counted - please check it");
	}

	@ParameterizedTest(name = "MedicationStatement status {0}")
	@CsvSource({"intended", "unknown"})
	void peptideStatementThatMayBeInEffect_isNamedToTheClinician(String status) {
		MedicationStatement statement = new MedicationStatement();
		statement.setId("s1");
		statement.setStatus(MedicationStatement.MedicationStatementStatus.fromCode(status));
		statement.setMedication(new CodeableConcept(new Coding(Codes.GH_PEPTIDES, "tesamorelin", null)));

		PatientRecord record = Scenario.of(statement).record();

		assertThat(record.dataQuality()).singleElement().asString().startsWith("MedicationStatement/s1 (");
	}

	@ParameterizedTest(name = "{0} order named only as text -> message {1}")
	@CsvSource({"active, true", "draft, true", "stopped, false", "completed, false"})
	void orderThatNamesItsDrugOnlyAsText_isNamedUnlessItHasEnded(String status, boolean named) {
		MedicationRequest compounded = peptide("m1", "tesamorelin", status, TODAY.minusDays(30));
		compounded.setMedication(new CodeableConcept().setText("Compounded peptide, 2 mg vial"));

		PatientRecord record = Scenario.of(compounded).record();

		assertThat(record.peptides()).isEmpty();
		assertThat(record.dataQuality()).hasSize(named ? 1 : 0);
		if (named) {
			assertThat(record.dataQuality().get(0))
					.isEqualTo("MedicationRequest/m1 names its drug only as text, so it cannot be checked as a GH-axis"
							+ " peptide; ignored - please check it")
					.doesNotContain("Compounded");
		}
	}

	/** Compounded peptides have no RxNorm code: an EHR sends its own code, which may be a peptide. */
	@ParameterizedTest(name = "{0} order coded only locally -> message {1}")
	@CsvSource({"active, true", "unknown, true", "stopped, false"})
	void orderThatNamesItsDrugOnlyInLocalCodes_isNamedWithTheirSystemUnlessItHasEnded(String status, boolean named) {
		MedicationRequest compounded = peptide("m1", "tesamorelin", status, TODAY.minusDays(30));
		compounded.setMedication(new CodeableConcept(
				new Coding("urn:oid:1.2.840.114350.1.13.0.1.7.2.698288", "123456", "Compounded peptide")));

		PatientRecord record = Scenario.of(compounded).record();

		assertThat(record.peptides()).isEmpty();
		assertThat(record.dataQuality()).hasSize(named ? 1 : 0);
		if (named) {
			assertThat(record.dataQuality().get(0)).startsWith("MedicationRequest/m1 names its drug only in codes Somaxis"
					+ " does not map to GH-axis peptides (urn:oid:1.2.840.114350.1.13.0.1.7.2.698288), so it cannot be checked");
		}
	}

	/**
	 * An order in effect coded only in SNOMED CT (as the NHS codes drugs, dm+d) or only in NDC, in a code that is no
	 * peptide Somaxis knows: it may still be one (Somaxis holds no SNOMED CT peptide codes and not every NDC product), so
	 * beside a contraindication it is named and counted as unread (the CDS card warns that the contraindication may be
	 * missing); without one it is passed over quietly, as any other drug is. One that also has an RxNorm code is a drug
	 * Somaxis can tell from a peptide. Before, SNOMED CT and NDC codes counted as known non-peptides (EU probe EU-5). The
	 * same for the WHO ATC group code of the somatropin agonists, H01AC, as a compounded peptide without an ATC code of
	 * its own may be coded (before, every ATC code was named on every chart as a code Somaxis does not map).
	 */
	@ParameterizedTest(name = "{0}, malignancy {1} -> named {2}")
	@CsvSource({
			"SNOMED CT, true, true", "SNOMED CT, false, false", "NDC, true, true",
			"SNOMED CT and RxNorm, true, false", "ATC, true, true", "ATC, false, false"})
	void orderCodedOnlyInSnomedCtOrNdc_isNamedBesideAContraindication(String coded, boolean malignancy, boolean named) {
		MedicationRequest other = peptide("m1", "tesamorelin", "active", TODAY.minusDays(30));
		CodeableConcept drug = new CodeableConcept();
		switch (coded) {
			case "SNOMED CT" -> drug.addCoding(new Coding(Codes.SNOMED, "387458008", "Aspirin"));
			// an NDC product no ValueSet of Somaxis lists (58844-130 was used before; it is macimorelin, now named as such)
			case "NDC" -> drug.addCoding(new Coding(Codes.NDC, "0591-3216", null));
			case "ATC" -> drug.addCoding(new Coding(org.somaxis.guidance.knowledge.ConceptSet.ATC, "H01AC", null));
			default -> drug.addCoding(new Coding(Codes.SNOMED, "387458008", "Aspirin"))
					.addCoding(new Coding(org.somaxis.guidance.knowledge.ConceptSet.RXNORM, "1191", "aspirin"));
		}
		other.setMedication(drug);
		Scenario scenario = malignancy ? Scenario.of(patient(52, "female"), other, org.somaxis.guidance.Fixtures.snomedCondition("c1", "254837009"))
				: Scenario.of(patient(52, "female"), other);

		PatientRecord record = scenario.record();

		assertThat(record.peptideMayBeMissing()).isEqualTo(named);
		assertThat(record.dataQuality().stream().anyMatch(message -> message.startsWith("MedicationRequest/m1 names its"
				+ " drug only in SNOMED CT, NDC or ATC codes"))).isEqualTo(named);
	}

	/**
	 * A glucose or HbA1c that could not be used counts as unread (the CDS card warns beside a peptide) unless a later
	 * readable result of the same lab supersedes it; one under a misspelt LOINC system counts too (the review).
	 */
	@ParameterizedTest(name = "{0} -> unread {1}")
	@CsvSource({
			"unusable HbA1c alone,                          true",
			"unusable HbA1c then a readable one,            false",
			"readable HbA1c then an unusable one,           true",
			"unusable HbA1c then a readable glucose,        true",
			"glucose under a misspelt LOINC system,         true"})
	void aGlucoseOrHbA1cThatCouldNotBeUsed_isUnreadUntilALaterReadableOneOfItsLab(String data, boolean unread) {
		List<org.hl7.fhir.r4.model.Resource> resources = new java.util.ArrayList<>(List.of(patient(45, "female")));
		switch (data) {
			case "unusable HbA1c alone" -> resources.add(lab("a1", "4548-4", 53, "mmol/L", TODAY.minusDays(30)));
			case "unusable HbA1c then a readable one" -> resources.addAll(List.of(
					lab("a1", "4548-4", 53, "mmol/L", TODAY.minusDays(30)), lab("a2", "4548-4", 5.4, "%", TODAY.minusDays(2))));
			case "readable HbA1c then an unusable one" -> resources.addAll(List.of(
					lab("a2", "4548-4", 5.4, "%", TODAY.minusDays(30)), lab("a1", "4548-4", 53, "mmol/L", TODAY.minusDays(2))));
			case "unusable HbA1c then a readable glucose" -> resources.addAll(List.of(
					lab("a1", "4548-4", 53, "mmol/L", TODAY.minusDays(30)), glucose("g1", 90, TODAY.minusDays(2))));
			default -> {
				Observation misspelt = glucose("a1", 140, TODAY.minusDays(2));
				misspelt.getCode().getCodingFirstRep().setSystem("http://loinc.org/");
				resources.add(misspelt);
			}
		}

		PatientRecord record = Scenario.of(resources.toArray(new org.hl7.fhir.r4.model.Resource[0])).record();

		assertThat(record.unreadGlycaemia().contains("Observation/a1")).isEqualTo(unread);
	}

	/**
	 * A draft sent with the request and coded only in SNOMED CT, beside a cancer: still a drug that may be a peptide (the
	 * CDS card warns), but named once, as a draft not recognised (the service's message), not twice (the replay).
	 */
	@Test
	void draftCodedOnlyInSnomedCt_besideAContraindication_isUnreadButNotNamedAgainByTheRecord() {
		MedicationRequest draft = peptide("d1", "tesamorelin", "draft", TODAY);
		draft.setMedication(new CodeableConcept(new Coding(Codes.SNOMED, "387458008", "Aspirin")));

		PatientRecord record = Scenario.of(patient(52, "female"), org.somaxis.guidance.Fixtures.snomedCondition("c1",
				"254837009")).drafts(draft).record();

		assertThat(record.peptideMayBeMissing()).isTrue();
		assertThat(record.dataQuality()).noneSatisfy(message -> assertThat(message).contains("only in SNOMED CT or NDC"));
	}

	@Test
	void orderOfAnotherDrugInAStandardCodeSystem_isReadWithoutAMessage() {
		MedicationRequest other = peptide("m1", "tesamorelin", "active", TODAY.minusDays(30));
		// macimorelin (MACRILEN), a diagnostic, not a GH-axis peptide of ours; its NDC product code
		other.setMedication(new CodeableConcept()
				.addCoding(new Coding("urn:oid:1.2.840.114350.1.13.0.1.7.2.698288", "987", null))
				.addCoding(new Coding(Codes.NDC, "58844-130", null)));

		assertThat(Scenario.of(other).record().dataQuality()).isEmpty();
	}

	/**
	 * An order coded only by the WHO ATC code of its peptide, as European systems code a drug (eHDSI Active Ingredient
	 * 8.1.0): sermorelin as a therapy (H01AC04) or as a test of pituitary function (V04CD03), tesamorelin (H01AC06). It
	 * is read as that peptide; before, it was named as a code Somaxis does not map and no contraindication saw it.
	 */
	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({"H01AC04, sermorelin", "V04CD03, sermorelin", "H01AC06, tesamorelin", "oid H01AC06, tesamorelin"})
	void orderCodedOnlyByItsPeptidesAtcCode_isReadAsThatPeptide(String atc, String peptide) {
		MedicationRequest order = peptide("m1", "tesamorelin", "active", TODAY.minusDays(30));
		// also under ATC's HL7 OID, as converted CDA documents carry it (probe 55, P55-m4)
		order.setMedication(new CodeableConcept(atc.startsWith("oid ")
				? new Coding("urn:oid:2.16.840.1.113883.6.73", atc.substring(4), null)
				: new Coding(org.somaxis.guidance.knowledge.ConceptSet.ATC, atc, null)));

		PatientRecord record = Scenario.of(patient(52, "female"), order,
				org.somaxis.guidance.Fixtures.snomedCondition("c1", "254837009")).record();

		assertThat(record.peptides()).singleElement().satisfies(read -> assertThat(read.code()).isEqualTo(peptide));
		assertThat(record.peptideMayBeMissing()).isFalse();
		assertThat(record.dataQuality()).noneSatisfy(message -> assertThat(message).contains("codes"));
	}

	/**
	 * Pituitary surgery counts once begun: completed, in progress, or stopped or on hold after some of it was done (R4);
	 * one whose status is unknown is named as a record of the group not counted, so that beside any peptide the faces
	 * warn of it and say nothing reassuring. Before, a stopped one drew nothing and an unknown one an info line beside
	 * "IGF-1 in the target band" (probe 59, P59-C1, P59-M2).
	 */
	@ParameterizedTest(name = "{0} -> counted {1}, named {2}")
	@CsvSource({"COMPLETED, true, false", "INPROGRESS, true, false", "STOPPED, true, false", "ONHOLD, true, false",
			"UNKNOWN, false, true", "PREPARATION, false, false", "NOTDONE, false, false", "ENTEREDINERROR, false, false",
			// no status at all (R4 requires one; a prefetch or an inline Bundle may lack it, or carry only a
			// data-absent-reason): it threw, and every face answered 500 (probe 60, P60-C1)
			", false, true"})
	void pituitarySurgery_countsOnceBegun_andIsNamedWhenItsStatusIsUnknown(Procedure.ProcedureStatus status,
			boolean counted, boolean named) {
		Procedure surgery = new Procedure();
		surgery.setId("p1");
		surgery.setStatus(status);
		// transethmoidal hypophysectomy, in the VSAC pituitary-surgery subset of hp-axis-conditions
		surgery.setCode(new CodeableConcept(new Coding(Codes.SNOMED, "171944000", null)));

		PatientRecord record = Scenario.of(surgery).drafts(peptide("d1", "sermorelin", "draft", TODAY)).record();

		assertThat(record.has(CodeGroup.HYPOTHALAMIC_PITUITARY)).isEqualTo(counted);
		assertThat(record.contraindicationsMayBeMissing().stream().anyMatch(missing -> missing.startsWith("Procedure/p1")))
				.isEqualTo(named);
		if (named) {
			assertThat(record.dataQuality()).containsExactly("Procedure/p1 (hypothalamic-pituitary: 171944000"
					+ (status == null ? "" : "; unknown") + ") has no status saying whether it was done; not counted"
					+ " - please check it");
		}
	}

	@Test
	void peptideRouteCodedWithTheSnomedOid_isReadAsSnomed() {
		MedicationRequest order = peptide("m1", "ibutamoren", "active", TODAY.minusDays(10));
		order.getDosageInstructionFirstRep().setRoute(new CodeableConcept(
				new Coding("urn:oid:2.16.840.1.113883.6.96", Codes.ORAL_ROUTE, null)));

		PatientRecord record = Scenario.of(order).record();

		assertThat(record.peptides()).singleElement()
				.satisfies(peptide -> assertThat(peptide.routeCode()).isEqualTo(Codes.ORAL_ROUTE));
		assertThat(record.dataQuality()).noneMatch(message -> message.contains("route"));
	}

	@Test
	void peptideDoseGivenAsAVolumeAndAMass_isReadAsTheMass() {
		MedicationRequest order = peptide("m1", "ibutamoren", "active", TODAY.minusDays(10));
		Dosage dosage = order.getDosageInstructionFirstRep();
		dosage.getDoseAndRate().clear();
		dosage.addDoseAndRate().setDose(new Quantity().setValue(0.5).setUnit("mL").setSystem("http://unitsofmeasure.org").setCode("mL"));
		dosage.addDoseAndRate().setDose(new Quantity().setValue(25).setUnit("mg").setSystem("http://unitsofmeasure.org").setCode("mg"));

		PatientRecord record = Scenario.of(order).record();

		assertThat(record.peptides()).singleElement().satisfies(peptide -> assertThat(peptide.dose()).isEqualTo("25 mg"));
	}

	@Test
	void peptideRouteWithoutASnomedCode_isNamedBecauseTheRouteCheckCannotRun() {
		MedicationRequest order = peptide("m1", "ibutamoren", "active", TODAY.minusDays(10));
		order.getDosageInstructionFirstRep().setRoute(new CodeableConcept().setText("Subcutaneous"));

		PatientRecord record = Scenario.of(order).record();

		assertThat(record.peptides()).singleElement().satisfies(peptide -> assertThat(peptide.routeCode()).isEmpty());
		assertThat(record.dataQuality()).containsExactly(
				"MedicationRequest/m1 gives its route without a SNOMED CT, HL7 v2 or HL7 v3 route code Somaxis reads, so the route is not checked - please check it");
	}

	/**
	 * An order in effect with no route (an EHR's history, a prefetched order; the profile asks for none since real
	 * orders come without) is named: route-mismatch cannot run. A draft, still being written, and an ended order are not.
	 */
	@ParameterizedTest(name = "{0} without route, no dosage {1} -> named {2}")
	@CsvSource({"active, false, true", "on-hold, true, true", "draft, false, false", "completed, true, false"})
	void peptideOrderInEffectWithoutARoute_isNamedBecauseTheRouteCheckCannotRun(String status, boolean noDosage, boolean named) {
		MedicationRequest order = peptide("m1", "ibutamoren", status, TODAY.minusDays(10), null);
		if (noDosage) {
			order.getDosageInstruction().clear();
		}

		PatientRecord record = Scenario.of(order).record();

		assertThat(record.dataQuality().stream().anyMatch(message -> message.equals(
				"MedicationRequest/m1 (Ibutamoren (MK-677)) gives no route, so the route is not checked - please check it")))
				.isEqualTo(named);
	}

	@Test
	void igf1ReportedAboveTheAssaysRange_countsAtItsBoundAndIsNamed() {
		Observation high = igf1("o1", 1000, TODAY.minusDays(3));
		high.getValueQuantity().setComparator(Quantity.QuantityComparator.GREATER_THAN);

		PatientRecord record = Scenario.of(patient(45, "male"), high).record();

		assertThat(record.igf1()).singleElement().satisfies(point -> assertThat(point.ngPerMl()).isEqualTo(1000.0));
		assertThat(record.dataQuality()).singleElement().asString()
				.contains("is reported as '>1000', not an exact value; read as 1000");
	}

	@Test
	void unknownPeptideCode_isIgnoredWithAMessage() {
		PatientRecord record = Scenario.of(peptide("m1", "bpc-157", "active", TODAY)).record();

		assertThat(record.peptides()).isEmpty();
		assertThat(record.dataQuality()).containsExactly("MedicationRequest/m1 has unknown gh-peptides code 'bpc-157'; ignored");
	}

	@Test
	void peptideOrder_carriesMechanismRouteDoseAndStart() {
		PatientRecord record = Scenario.of(peptide("m1", "ibutamoren", "active", TODAY.minusDays(3), "oral")).record();

		assertThat(record.peptides()).singleElement().satisfies(order -> {
			assertThat(order.mechanism()).isEqualTo("ghs");
			assertThat(order.routeCode()).isEqualTo(Codes.ORAL_ROUTE);
			assertThat(order.dose()).isEqualTo("300 ug");
			assertThat(order.schedule()).isEqualTo("1 per 1 d");
			assertThat(order.start()).isEqualTo(TODAY.minusDays(3));
		});
	}

	@Test
	void nullAndEmptyInputs_giveAnEmptyRecord() {
		PatientRecord record = new PatientRecordAssembler(Scenario.KNOWLEDGE).assemble(null, null, null, TODAY, null);

		assertThat(record.igf1()).isEmpty();
		assertThat(record.ageYears()).isNull();
		assertThat(List.of(record.phase())).containsExactly(TherapyPhase.NONE);
	}
}
