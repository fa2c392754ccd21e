package org.somaxis.guidance.record;

import static org.somaxis.guidance.record.FhirValues.normalisedUnit;
import static org.somaxis.guidance.record.FhirValues.unit;

import org.hl7.fhir.r4.model.Quantity;
import org.somaxis.guidance.knowledge.Knowledge;
import org.somaxis.guidance.knowledge.Threshold;

/** Unit normalisation with the conversion factors from the knowledge data. null means "cannot convert". */
final class Units {
	private final Knowledge knowledge;

	Units(Knowledge knowledge) {
		this.knowledge = knowledge;
	}

	/** IGF-1 to ng/mL (ng/mL, ug/L as is; nmol/L x 7.65). */
	Double igf1NgPerMl(double value, String unit) {
		return switch (normalisedUnit(unit)) {
			case "ng/ml", "ug/l" -> value;
			case "nmol/l" -> value * knowledge.threshold(Threshold.IGF1_NMOL_TO_NG_FACTOR);
			default -> null;
		};
	}

	/** A metabolic lab in the unit of its {@link LabKind}. */
	Double lab(LabKind kind, double value, String rawUnit) {
		String unit = normalisedUnit(rawUnit);
		return switch (kind) {
			case FASTING_GLUCOSE -> switch (unit) {
				case "mg/dl" -> value;
				case "mmol/l" -> value * knowledge.threshold(Threshold.GLUCOSE_MMOL_TO_MG_FACTOR);
				default -> null;
			};
			case INSULIN -> switch (unit) {
				case "uiu/ml", "u[iu]/ml", "µiu/ml", "μiu/ml", "miu/l", "m[iu]/l", "mu/l", "uu/ml" -> value;
				case "pmol/l" -> value / knowledge.threshold(Threshold.INSULIN_PMOL_PER_UIU);
				default -> null;
			};
			case HBA1C -> unit.equals("%") ? value : null;
			case HOMA_IR -> unit.isEmpty() || unit.equals("{score}") || unit.equals("1") ? value : null;
			case IGFBP3 -> unit.equals("mg/l") || unit.equals("ug/ml") ? value : null;
			case TESTOSTERONE -> switch (unit) {
				case "ng/dl" -> value;
				case "nmol/l" -> value * knowledge.threshold(Threshold.TESTOSTERONE_NMOL_TO_NG_DL);
				default -> null;
			};
		};
	}

	/** A duration in minutes (min, h, s). */
	static Double minutes(Quantity quantity) {
		if (quantity == null || !quantity.hasValue()) {
			return null;
		}
		double value = quantity.getValue().doubleValue();
		return switch (normalisedUnit(unit(quantity))) {
			case "min", "minutes", "minute" -> value;
			case "h", "hr", "hours", "hour" -> value * 60;
			case "s" -> value / 60;
			default -> null;
		};
	}
}
