package org.somaxis.guidance.record;

import static org.somaxis.guidance.record.FhirValues.unit;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.fhir.ucum.Decimal;
import org.fhir.ucum.UcumEssenceService;
import org.fhir.ucum.UcumException;
import org.hl7.fhir.r4.model.Quantity;
import org.somaxis.guidance.knowledge.Knowledge;
import org.somaxis.guidance.knowledge.Threshold;

/**
 * Unit normalisation. Units of one dimension (ng/mL and ug/L, mg/dL and g/L, u[IU]/mL and m[IU]/L, h and min) are
 * converted by the UCUM library; substance concentrations (nmol/L, mmol/L, pmol/L) are first brought to the kind's
 * molar reference unit by UCUM and then multiplied by the conversion factor from the knowledge data, since UCUM
 * cannot know a molar mass. A few common non-UCUM spellings (uIU/mL, mU/L, hours, mcg, also inside a unit as in mcg/L)
 * are read as their UCUM equivalent, and so is the micro prefix written as the micro sign (U+00B5) or the Greek mu
 * (U+03BC), as lab systems print it (µg/L is UCUM's ug/L), and the concentrations labs report written in another case,
 * such as UCUM's case-insensitive NG/ML and MG/DL.
 * null means "cannot convert", also for a concentration in a unit laboratories do not report it in
 * ({@link ObservationKind#isReportedIn}).
 */
final class Units {
	private static final Map<String, String> ALIASES = Map.ofEntries(
			Map.entry("uiu/ml", "u[IU]/mL"),
			Map.entry("uu/ml", "u[IU]/mL"),
			Map.entry("miu/l", "m[IU]/L"),
			Map.entry("mu/l", "m[IU]/L"),
			Map.entry("minutes", "min"),
			Map.entry("minute", "min"),
			Map.entry("hours", "h"),
			Map.entry("hour", "h"),
			Map.entry("hr", "h"),
			Map.entry("mcg", "ug"),
			Map.entry("{score}", "1"),
			// UCUM's case-insensitive forms (NG/ML, MG/DL), as HL7 v2 feeds and older lab systems send them in capitals,
			// and other spellings in another case, of the concentrations the labs here are reported in
			Map.entry("ng/ml", "ng/mL"),
			Map.entry("ug/ml", "ug/mL"),
			Map.entry("ng/dl", "ng/dL"),
			Map.entry("mg/dl", "mg/dL"),
			Map.entry("ug/l", "ug/L"),
			Map.entry("mg/l", "mg/L"),
			Map.entry("g/l", "g/L"),
			Map.entry("pmol/l", "pmol/L"),
			Map.entry("nmol/l", "nmol/L"),
			Map.entry("mmol/l", "mmol/L"),
			Map.entry("mmol/mol", "mmol/mol"),
			Map.entry("", "1"));

	private static final int SIGNIFICANT_DIGITS = 12;
	private static final int MAX_CACHED_CONVERSIONS = 1_000;
	private static final Map<String, Conversion> CONVERSIONS = new ConcurrentHashMap<>();

	private final Knowledge knowledge;

	Units(Knowledge knowledge) {
		this.knowledge = knowledge;
	}

	/** A value of this kind in {@link ObservationKind#unit()}; null when the unit cannot be converted. */
	Double normalise(ObservationKind kind, double value, String rawUnit) {
		if (!kind.isReportedIn(rawUnit)) {
			return null;
		}
		String unit = ucum(rawUnit);
		return switch (kind.unitFamily()) {
			case MASS_OR_MOLAR_CONCENTRATION, ARBITRARY_OR_MOLAR_CONCENTRATION -> {
				// UCUM reads mol as a pure number and [IU] as arbitrary, so it would "convert" pmol/L into u[IU]/mL
				// by Avogadro's number: a substance unit only ever takes the molar path with the knowledge factor.
				if (unit.contains("mol")) {
					Molar molar = molar(kind);
					Double reference = molar == null ? null : convert(value, unit, molar.unit());
					yield reference == null ? null : molar.inTheKindsUnit(reference);
				}
				boolean arbitrary = kind.unitFamily() == ObservationKind.UnitFamily.ARBITRARY_OR_MOLAR_CONCENTRATION;
				yield arbitrary == (unit.contains("[IU]") || unit.contains("[iU]")) ? convert(value, unit, kind.unit()) : null;
			}
			case FRACTION -> unit.equals("%") ? Double.valueOf(value) : ngspFromIfcc(value, unit);
			case IFCC_FRACTION -> ngspFromIfcc(value, unit);
			case DIMENSIONLESS -> unit.equals("1") ? value : null;
			case TIME -> convert(value, unit, kind.unit());
			case NONE -> null;
		};
	}

	/**
	 * A glucose reported in a molar unit, in mmol/L: what the cut-offs in mmol/L judge ({@link
	 * org.somaxis.guidance.knowledge.Threshold#inMillimolesPerLitre}); null for any other kind or unit.
	 */
	Double millimolesPerLitre(ObservationKind kind, double value, String rawUnit) {
		Molar molar = molar(kind);
		String unit = ucum(rawUnit);
		return molar == null || !molar.glucose() || !unit.contains("mol") || !kind.isReportedIn(rawUnit) ? null
				: convert(value, unit, molar.unit());
	}

	/**
	 * An HbA1c in IFCC units (mmol/mol) as NGSP %, by the IFCC-NGSP master equation of the knowledge data (an affine
	 * map: IFCC and NGSP are two scales, not two units of one quantity, so UCUM cannot convert them); null in any other
	 * unit.
	 */
	private Double ngspFromIfcc(double value, String unit) {
		if (!unit.equals("mmol/mol")) {
			return null;
		}
		double ngsp = knowledge.threshold(Threshold.HBA1C_IFCC_TO_NGSP_SLOPE) * value
				+ knowledge.threshold(Threshold.HBA1C_IFCC_TO_NGSP_INTERCEPT);
		return new BigDecimal(ngsp).round(new MathContext(SIGNIFICANT_DIGITS)).doubleValue();
	}

	/** A duration in minutes. */
	Double minutes(Quantity quantity) {
		if (quantity == null || !quantity.hasValue()) {
			return null;
		}
		return convert(quantity.getValue().doubleValue(), ucum(unit(quantity)), "min");
	}

	/** A dose in micrograms; null when it is not a UCUM mass. */
	Double micrograms(Quantity quantity) {
		if (quantity == null || !quantity.hasValue()) {
			return null;
		}
		return convert(quantity.getValue().doubleValue(), ucum(unit(quantity)), "ug");
	}

	/** The molar reference unit of a kind and the knowledge factor from it to the kind's unit; null when none. */
	private Molar molar(ObservationKind kind) {
		return switch (kind) {
			case IGF1 -> new Molar("nmol/L", knowledge.threshold(Threshold.IGF1_NMOL_TO_NG_FACTOR), false);
			case FASTING_GLUCOSE_MASS, FASTING_GLUCOSE_MOLAR, GLUCOSE_NOT_FASTING, GLUCOSE_NOT_FASTING_MOLAR ->
					new Molar("mmol/L", knowledge.threshold(Threshold.GLUCOSE_MMOL_TO_MG_FACTOR), true);
			case INSULIN -> new Molar("pmol/L", 1.0 / knowledge.threshold(Threshold.INSULIN_PMOL_PER_UIU), false);
			case TESTOSTERONE -> new Molar("nmol/L", knowledge.threshold(Threshold.TESTOSTERONE_NMOL_TO_NG_DL), false);
			default -> null;
		};
	}

	/**
	 * A molar reference unit and the factor from it to the kind's unit.
	 *
	 * @param glucose whether the kind is a glucose: quoted in whole mg/dL, as laboratories report it, and judged against
	 *     the cut-offs in mmol/L the source pairs with those in mg/dL ({@link #millimolesPerLitre}), since the pairs are
	 *     not one factor apart (11.1 mmol/L times 18 is 199.8: probe 80, P80-M3; probe 81, P81-m1)
	 */
	private record Molar(String unit, double factor, boolean glucose) {
		double inTheKindsUnit(double reference) {
			double converted = reference * factor;
			return glucose ? Math.round(converted) : converted;
		}
	}

	/** A unit as UCUM: the spellings above read as their UCUM code, any other unit as it is (trimmed). */
	static String ucum(String unit) {
		String trimmed = unit == null ? "" : MICRO.matcher(unit.trim()).replaceAll("u");
		String alias = ALIASES.get(trimmed.toLowerCase(java.util.Locale.ROOT));
		// "mcg" inside a unit (mcg/L, as US labs write IGF-1's ug/L) is UCUM's ug there too
		return alias != null ? alias : MCG.matcher(trimmed).replaceAll("ug");
	}

	private static final java.util.regex.Pattern MICRO = java.util.regex.Pattern.compile("[\u00B5\u03BC]");
	private static final java.util.regex.Pattern MCG = java.util.regex.Pattern.compile("(?<![A-Za-z])mcg(?![A-Za-z])");

	/**
	 * UCUM conversion; null when either unit is not valid UCUM or the two are not commensurable. The UCUM library
	 * computes with decimal strings (a conversion cost about a millisecond, most of a CDS call's time on records with
	 * many results), so the factor of each pair of units is asked once and cached; the product is rounded to
	 * {@value #SIGNIFICANT_DIGITS} significant digits, as the decimal arithmetic would give (0.9 g/L is 90 mg/dL, not
	 * 90.00000000000001), so a result never lands on the other side of a threshold because of binary rounding. A pair
	 * that would not convert by a factor alone (a unit with an offset; the library converts none today) is converted
	 * value by value.
	 */
	static Double convert(double value, String from, String to) {
		if (from.equals(to)) {
			return value;
		}
		String key = from + '\n' + to;
		Conversion conversion = CONVERSIONS.get(key);
		if (conversion == null) {
			conversion = conversion(from, to);
			if (CONVERSIONS.size() < MAX_CACHED_CONVERSIONS) { // unit strings come from the data: keep the cache bounded
				CONVERSIONS.put(key, conversion);
			}
		}
		if (!conversion.byFactor()) {
			return exact(value, from, to);
		}
		return conversion.factor() == null ? null
				: new BigDecimal(value * conversion.factor()).round(new MathContext(SIGNIFICANT_DIGITS)).doubleValue();
	}

	/** How one unit converts into another: by {@code factor} (null: not at all), or only value by value. */
	private record Conversion(Double factor, boolean byFactor) {}

	private static Conversion conversion(String from, String to) {
		Double one = exact(1, from, to);
		if (one == null) {
			return new Conversion(null, true);
		}
		Double thousand = exact(1000, from, to);
		boolean byFactor = thousand != null && Math.abs(thousand - 1000 * one) <= 1e-9 * Math.abs(thousand);
		return new Conversion(one, byFactor);
	}

	private static Double exact(double value, String from, String to) {
		try {
			Decimal converted = Ucum.SERVICE.convert(new Decimal(Double.toString(value)), from, to);
			return Double.parseDouble(converted.asDecimal());
		} catch (UcumException e) {
			return null;
		}
	}

	/** The UCUM essence, parsed once from the library's own copy. */
	private static final class Ucum {
		static final UcumEssenceService SERVICE = load();

		private static UcumEssenceService load() {
			try (InputStream in = UcumEssenceService.class.getResourceAsStream("/ucum-essence.xml")) {
				return new UcumEssenceService(in);
			} catch (IOException | UcumException e) {
				throw new IllegalStateException("the UCUM essence bundled with org.fhir:ucum cannot be read", e);
			}
		}
	}
}
