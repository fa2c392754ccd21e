package org.somaxis.guidance.record;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.somaxis.guidance.Scenario;

/** UCUM conversion within a dimension, knowledge factors across the molar boundary, and what cannot convert. */
class UnitsTest {
	private final Units units = new Units(Scenario.KNOWLEDGE);

	@ParameterizedTest(name = "{0} {1} {2} -> {3}")
	@CsvSource({
			"IGF1,                 150,  ng/mL,    150",
			"IGF1,                 150,  ug/L,     150",
			"IGF1,                 20,   nmol/L,   153",
			"IGF1,                 200,  mcg/L,    200",
			"IGF1,                 650,  \u00B5g/L,    650",
			"IGF1,                 650,  \u03BCg/L,    650",
			"INSULIN,              10,   \u00B5IU/mL,  10",
			"INSULIN,              10,   \u03BCIU/mL,  10",
			"FASTING_GLUCOSE_MASS, 100,  mg/dL,    100",
			"FASTING_GLUCOSE_MOLAR,5.5,  mmol/L,   99",
			"INSULIN,              10,   u[IU]/mL, 10",
			"INSULIN,              10,   m[IU]/L,  10",
			"INSULIN,              10,   uIU/mL,   10",
			"INSULIN,              60,   pmol/L,   10",
			"TESTOSTERONE,         10,   nmol/L,   288.4",
			"HBA1C,                6.1,  %,        6.1",
			"HBA1C,                53,   mmol/mol, 7.0",
			"HBA1C_IFCC,           48,   mmol/mol, 6.54",
			"HBA1C_IFCC,           39,   MMOL/MOL, 5.72",
			"SLEEP,                7,    h,        420",
			"SLEEP,                420,  min,      420",
			"IGF1,                 450,  NG/ML,    450",
			"IGF1,                 20,   NMOL/L,   153",
			"IGF1,                 450,  UG/L,     450",
			"FASTING_GLUCOSE_MASS, 135,  MG/DL,    135",
			"FASTING_GLUCOSE_MOLAR,7,    MMOL/L,   126",
			"TESTOSTERONE,         500,  NG/DL,    500",
			"IGFBP3,               4,    MG/L,     4",
			"INSULIN,              10,   UIU/ML,   10"})
	void normalise_convertsIntoTheKindsUnit(ObservationKind kind, double value, String unit, double expected) {
		assertThat(units.normalise(kind, value, unit)).isCloseTo(expected, Offset.offset(0.01));
	}

	@ParameterizedTest(name = "{0} {1} cannot convert")
	@CsvSource({"IGF1, ng", "IGF1, mmol/mol", "IGF1, furlong", "IGF1, u[IU]/mL", "INSULIN, ng/mL", "HBA1C, mg/dL", "HBA1C_IFCC, %", "IGFBP3, nmol/L",
			"FASTING_GLUCOSE_MASS, %"})
	void normalise_refusesWhatItCannotConvert(ObservationKind kind, String unit) {
		assertThat(units.normalise(kind, 1, unit)).isNull();
	}

	/**
	 * Units UCUM converts but laboratories do not report the kind in, as a write refuses them (igf1-1, met-1): an IGF-1 "in
	 * mg/dL" was read as ten thousand times its value in ng/mL, which drew a false critical card on the inline faces
	 * (probe 46, N-M3); units of the right dimension in an unusual scale are not read either, so that the faces agree.
	 */
	@ParameterizedTest(name = "{0} in {1} is not read")
	@CsvSource({"IGF1, mg/dL", "IGF1, MG/DL", "IGF1, mg/L", "IGF1, pmol/mL", "IGF1, \u00B5g/mL", "IGF1, mcg/mL", "IGF1, pg/mL",
			"IGF1, g/L", "FASTING_GLUCOSE_MASS, g/L", "FASTING_GLUCOSE_MASS, mmol/L", "FASTING_GLUCOSE_MOLAR, \u00B5mol/L",
			"FASTING_GLUCOSE_MOLAR, mg/dL", "INSULIN, mU/mL", "TESTOSTERONE, ug/L", "IGFBP3, ug/L"})
	void normalise_refusesUnitsLaboratoriesDoNotReportTheKindIn(ObservationKind kind, String unit) {
		assertThat(units.normalise(kind, 1, unit)).isNull();
		assertThat(kind.isReportedIn(unit)).isFalse();
	}

	@Test
	void micrograms_readMilligramsAndMcg() {
		assertThat(units.micrograms(new org.hl7.fhir.r4.model.Quantity().setValue(0.2).setCode("mg"))).isCloseTo(200, Offset.offset(1e-9));
		assertThat(units.micrograms(new org.hl7.fhir.r4.model.Quantity().setValue(300).setUnit("mcg"))).isCloseTo(300, Offset.offset(1e-9));
		assertThat(units.micrograms(new org.hl7.fhir.r4.model.Quantity().setValue(1).setCode("mL"))).isNull();
	}

	@ParameterizedTest(name = "{0} {1} -> {2}: {3}")
	@CsvSource({
			"0.9,   g/L,   mg/dL,  90",
			"1,     g/L,   mg/dL,  100",
			"1.26,  g/L,   mg/dL,  126",
			"0.057, g/dL,  g/L,    0.57",
			"7.5,   h,     min,    450",
			"0.3,   mg,    ug,     300"})
	void convert_givesTheDecimalResult_alsoFromTheCachedFactor(double value, String from, String to, double expected) {
		assertThat(Units.convert(value, from, to)).isEqualTo(expected);
		assertThat(Units.convert(value, from, to)).as("second call, from the cached factor").isEqualTo(expected);
	}

	@Test
	void convert_ofUnitsThatDoNotConvert_isNull_everyTime() {
		assertThat(Units.convert(1, "mg/dL", "min")).isNull();
		assertThat(Units.convert(1, "mg/dL", "min")).isNull();
		assertThat(Units.convert(1, "furlong", "min")).isNull();
	}
}
