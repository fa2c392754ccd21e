package org.somaxis.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.validation.SingleValidationMessage;
import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.somaxis.guidance.record.ObservationKind;

/**
 * IGF-1 and metabolic lab results in the shapes reference laboratories' interfaces send them, against the server's
 * validator (the code path of every write and of {@code $validate}). A result beyond the assay's range given as text
 * ("<25") and one dated only by its release ({@code issued}) are valid R4: accepted with a warning, named by the guidance
 * at evaluation. Before, both were refused with 422, and the transaction that carried them with them (probe 43, M6).
 * So is a unit given as text only, as HL7 v2 converters send it, when it is one the laboratories report (warning igf1-6,
 * met-6). What contradicts what the data means (a unit no laboratory reports, no unit, no time at all) is still refused.
 */
class LabObservationShapesTest {
	private static final Pattern OUR_KEY = Pattern.compile("\\b(igf1|met)-\\d+\\b");

	@ParameterizedTest(name = "{0} {1}: {2} {3}")
	@CsvSource(delimiter = '|', textBlock = """
			Observation-igf1-normal-adult-male.json      | as a number                     | accepted | -
			Observation-igf1-normal-adult-male.json      | as a bound (>1000)              | accepted | -
			Observation-igf1-normal-adult-male.json      | as text (<25)                   | accepted | igf1-4
			Observation-igf1-normal-adult-male.json      | issued only                     | accepted | igf1-3
			Observation-igf1-normal-adult-male.json      | neither effective nor issued    | refused  | igf1-5
			Observation-igf1-normal-adult-male.json      | in mg/dL                        | refused  | igf1-1
			Observation-igf1-normal-adult-male.json      | as a code                       | refused  | valueCodeableConcept
			Observation-metabolic-fasting-glucose.json   | as a number                     | accepted | -
			Observation-metabolic-fasting-glucose.json   | as text (<25)                   | accepted | met-4
			Observation-metabolic-fasting-glucose.json   | issued only                     | accepted | met-3
			Observation-metabolic-fasting-glucose.json   | neither effective nor issued    | refused  | met-5
			Observation-metabolic-fasting-glucose.json   | in mg/dL                        | accepted | -
			Observation-igf1-normal-adult-male.json      | unit as text ng/ml              | accepted | igf1-6
			Observation-igf1-normal-adult-male.json      | unit as text NG/ML              | accepted | igf1-6
			Observation-igf1-normal-adult-male.json      | unit as text mcg/L              | accepted | igf1-6
			Observation-igf1-normal-adult-male.json      | unit as text mg/dl              | refused  | igf1-1
			Observation-igf1-normal-adult-male.json      | no unit at all                  | refused  | igf1-1
			Observation-metabolic-fasting-glucose.json   | unit as text mg/dl              | accepted | met-6
			Observation-metabolic-fasting-glucose.json   | unit as text ng/ml              | refused  | met-1
			Observation-metabolic-fasting-insulin.json   | unit as text uIU/mL             | accepted | met-6
			Observation-igf1-normal-adult-male.json      | UCUM under its OID              | accepted | -
			Observation-igf1-normal-adult-male.json      | UCUM system, unit text, no code | accepted | -
			Observation-igf1-normal-adult-male.json      | UCUM under its OID in mg/dL     | refused  | igf1-1
			Observation-metabolic-fasting-glucose.json   | UCUM under its OID              | accepted | -
			Observation-metabolic-fasting-glucose.json   | UCUM system, unit text, no code | accepted | -
			""")
	void labShape_isAcceptedUnlessItContradictsWhatItMeans(String example, String shape, String outcome, String expected) {
		Observation result = (Observation) Artefacts.read(Artefacts.ROOT.resolve("examples/resources/" + example));
		result.setMeta(null); // held to the profile by inference, as results from other systems are
		switch (shape) {
			case "as a bound (>1000)" -> result.setValue(ucum(1000, "ng/mL").setComparator(Quantity.QuantityComparator.GREATER_THAN));
			case "as text (<25)" -> result.setValue(new StringType("<25"));
			case "issued only" -> result.setEffective(null).setIssuedElement(new InstantType("2026-12-01T09:30:00Z"));
			case "neither effective nor issued" -> result.setEffective(null).setIssued(null);
			case "in mg/dL" -> result.setValue(ucum(146, "mg/dL"));
			case "as a code" -> result.setValue(new CodeableConcept().setText("high"));
			// OBX-6 as HL7 v2 converters carry it: the unit as text, without a system or a code (probe 46, N-M3: refused,
			// and the converter's whole transaction with it, while the guidance read the same units)
			case "unit as text ng/ml", "unit as text NG/ML", "unit as text mcg/L", "unit as text mg/dl",
					"unit as text uIU/mL" -> result.setValue(new Quantity().setValue(BigDecimal.valueOf(146))
							.setUnit(shape.substring("unit as text ".length())));
			case "no unit at all" -> result.setValue(new Quantity().setValue(BigDecimal.valueOf(146)));
			// converted C-CDA: UCUM under its HL7 OID, or the UCUM system with the unit only as text (R4's qty-3 allows a
			// system without a code); both refused with 422, and a converter's whole transaction with them (probe 50, P50-M4)
			case "UCUM under its OID" -> result.setValue(((Quantity) result.getValue()).copy()
					.setSystem("urn:oid:2.16.840.1.113883.6.8"));
			case "UCUM under its OID in mg/dL" -> result.setValue(ucum(146, "mg/dL").setSystem("urn:oid:2.16.840.1.113883.6.8"));
			case "UCUM system, unit text, no code" -> {
				Quantity quantity = ((Quantity) result.getValue()).copy();
				result.setValue(quantity.setUnit(quantity.getCode()).setCode(null));
			}
			default -> { }
		}

		Artefacts.assertShape(result, outcome, expected, OUR_KEY);
	}

	/**
	 * A value with no unit at all is refused for that (igf1-1, met-1), and draws no warning that its unit was given as
	 * text only, which it was not (probe 63, P63-m11: igf1-6 said "a unit given as text only ... is read by that text").
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource({"Observation-igf1-normal-adult-male.json, igf1-1", "Observation-metabolic-fasting-glucose.json, met-1"})
	void aValueWithNoUnitAtAll_isRefusedForIt_withoutAWarningAboutAUnitGivenAsText(String example, String key) {
		Observation result = (Observation) Artefacts.read(Artefacts.ROOT.resolve("examples/resources/" + example));
		result.setMeta(null);
		result.setValue(new Quantity().setValue(BigDecimal.valueOf(146)));

		List<SingleValidationMessage> ours = Artefacts.validator().validate(result, List.of()).stream()
				.filter(m -> OUR_KEY.matcher(m.getMessage()).find()).toList();

		assertThat(ours).as(Artefacts.describe(ours)).singleElement().satisfies(m -> {
			assertThat(m.getMessage()).contains(key + ":");
			assertThat(ResourceValidator.isError(m)).isTrue();
		});
	}

	/**
	 * The guidance reads a result in exactly the units a write accepts it in ({@link ObservationKind#isReportedIn}), so
	 * inline {@code $evaluate} and CDS prefetch, which are not validated, judge what the store would hold: an IGF-1 in
	 * mg/dL was refused on write and read inline as ten thousand times its value, with a false critical card (probe 46,
	 * N-M3). Every lab kind against every unit, as a UCUM code and as text only.
	 */
	@ParameterizedTest(name = "{0} in {1}")
	@MethodSource("labKindsAndUnits")
	void aUnitIsReadByTheGuidance_exactlyWhenAWriteAcceptsIt(ObservationKind kind, String unit, boolean asUcumCode) {
		String example = kind == ObservationKind.IGF1 ? "Observation-igf1-normal-adult-male.json"
				: "Observation-metabolic-fasting-glucose.json";
		Observation result = (Observation) Artefacts.read(Artefacts.ROOT.resolve("examples/resources/" + example));
		result.setMeta(null);
		result.getCode().getCodingFirstRep().setCode(kind.codes().get(0)).setDisplay(null);
		result.setValue(asUcumCode ? ucum(146, unit) : new Quantity().setValue(BigDecimal.valueOf(146)).setUnit(unit));

		List<SingleValidationMessage> errors = Artefacts.validator().validate(result, List.of()).stream()
				.filter(ResourceValidator::isError).toList();

		assertThat(errors.isEmpty()).as(Artefacts.describe(errors)).isEqualTo(kind.isReportedIn(unit));
	}

	static Stream<Arguments> labKindsAndUnits() {
		List<String> ucumCodes = List.of("ng/mL", "ng/ml", "ug/L", "nmol/L", "mg/dL", "mg/L", "g/L", "pg/mL", "mmol/L",
				"umol/L", "u[IU]/mL", "m[IU]/L", "pmol/L", "pmol/mL", "ug/mL", "ng/dL", "mmol/mol", "%");
		List<String> texts = List.of("ng/ml", "NG/ML", "ug/L", "mcg/L", "nmol/l", "mg/dl", "MG/DL", "mg/l", "g/l", "mmol/L",
				"uIU/mL", "uU/mL", "mIU/L", "mU/L", "pmol/l", "ug/ml", "mcg/mL", "ng/dl", "pg/ml");
		List<ObservationKind> kinds = List.of(ObservationKind.IGF1, ObservationKind.FASTING_GLUCOSE_MASS,
				ObservationKind.FASTING_GLUCOSE_MOLAR, ObservationKind.INSULIN, ObservationKind.IGFBP3,
				ObservationKind.TESTOSTERONE);
		return kinds.stream().flatMap(kind -> Stream.concat(
				ucumCodes.stream().map(unit -> Arguments.of(kind, unit, true)),
				texts.stream().map(unit -> Arguments.of(kind, unit, false))));
	}

	private static Quantity ucum(double value, String unit) {
		return new Quantity().setValue(BigDecimal.valueOf(value)).setUnit(unit).setSystem("http://unitsofmeasure.org")
				.setCode(unit);
	}
}
