package org.somaxis.guidance.knowledge;

/** Every number a rule or the record assembler uses. Each must appear in knowledge/thresholds.yaml under its key. */
public enum Threshold {
	IGF1_NMOL_TO_NG_FACTOR("igf1-nmol-l-to-ng-ml"),
	IGF1_VERY_HIGH_SDS("igf1-very-high-sds"),
	IGF1_TARGET_LOW("igf1-target-low-ng-ml"),
	IGF1_TARGET_HIGH("igf1-target-high-ng-ml"),
	IGF1_RECENT_DAYS("igf1-recent-days"),
	IGF1_NON_RESPONSE_MIN_WEEKS("igf1-non-response-min-weeks"),
	IGF1_NON_RESPONSE_MIN_RISE_PERCENT("igf1-non-response-min-rise-percent"),
	GLUCOSE_MMOL_TO_MG_FACTOR("glucose-mmol-l-to-mg-dl"),
	HBA1C_IFCC_TO_NGSP_SLOPE("hba1c-ifcc-to-ngsp-slope"),
	HBA1C_IFCC_TO_NGSP_INTERCEPT("hba1c-ifcc-to-ngsp-intercept"),
	HBA1C_IFCC_MIN("hba1c-ifcc-min-mmol-mol"),
	GLUCOSE_DIABETES("fasting-glucose-diabetes-mg-dl"),
	GLUCOSE_NOT_FASTING_DIABETES("random-glucose-diabetes-mg-dl"),
	GLUCOSE_PREDIABETES("fasting-glucose-prediabetes-mg-dl"),
	/** The glucose cut-offs in mmol/L, as the source pairs them with those in mg/dL ({@link #inMillimolesPerLitre}). */
	GLUCOSE_DIABETES_MMOL("fasting-glucose-diabetes-mmol-l"),
	GLUCOSE_NOT_FASTING_DIABETES_MMOL("random-glucose-diabetes-mmol-l"),
	GLUCOSE_PREDIABETES_MMOL("fasting-glucose-prediabetes-mmol-l"),
	HBA1C_DIABETES("hba1c-diabetes-percent"),
	HBA1C_PREDIABETES("hba1c-prediabetes-percent"),
	HOMA_IR_DIVISOR("homa-ir-divisor"),
	HOMA_IR_RESISTANCE("homa-ir-insulin-resistance"),
	INSULIN_PMOL_PER_UIU("insulin-pmol-l-per-uiu-ml"),
	TESTOSTERONE_NMOL_TO_NG_DL("testosterone-nmol-l-to-ng-dl"),
	EARLY_GLUCOSE_RISE_PERCENT("early-glucose-rise-percent"),
	EARLY_GLUCOSE_RISE_MAX_PERCENT("early-glucose-rise-max-percent"),
	IGF1_NON_RESPONSE_MIN_DRAW_WEEKS("igf1-non-response-min-draw-weeks"),
	METABOLIC_RECENT_DAYS("metabolic-recent-days"),
	THERAPY_COURSE_GAP_DAYS("therapy-course-gap-days"),
	THERAPY_BREAK_DAYS("therapy-break-days"),
	GIVEN_OR_DISPENSED_CURRENT_DAYS("given-or-dispensed-current-days"),
	ENDED_PEPTIDE_WASHOUT_DAYS("ended-peptide-washout-days"),
	MOBILISATION_WEEKS("mobilisation-weeks"),
	BODY_COMPOSITION_END_MONTHS("body-composition-end-months"),
	EXERCISE_WINDOW_DAYS("exercise-window-days"),
	EXERCISE_MIN_LOGGED_SESSIONS("exercise-min-logged-sessions"),
	RESISTANCE_MIN_PER_WEEK("resistance-min-sessions-per-week"),
	ENDURANCE_MAX_HOURS_PER_WEEK("endurance-max-hours-per-week"),
	ENDURANCE_LONG_SESSION_MINUTES("endurance-long-session-minutes"),
	EXERCISE_MAX_SESSION_MINUTES("exercise-max-session-minutes"),
	SLEEP_WINDOW_DAYS("sleep-window-days"),
	SLEEP_MIN_HOURS("sleep-min-hours"),
	SLEEP_NIGHT_BOUNDARY_HOURS("sleep-night-boundary-hours"),
	SLEEP_MAX_HOURS_PER_NIGHT("sleep-max-hours-per-night"),
	IMPLAUSIBLE_AGE_YEARS("implausible-age-years"),
	EDD_MAX_DAYS_AHEAD("edd-max-days-ahead"),
	EDD_MAX_DAYS_OVERDUE("edd-max-days-overdue"),
	PREGNANCY_RECORD_MAX_DAYS("pregnancy-record-max-days");

	private final String key;

	Threshold(String key) {
		this.key = key;
	}

	public String key() {
		return key;
	}

	/**
	 * The same cut-off in mmol/L, as the source pairs the two (126 mg/dL with 7.0 mmol/L, 200 with 11.1, 100 with 5.6), for a
	 * glucose reported in mmol/L: the pairs are not one factor apart (11.1 x 18 is 199.8, 5.6 x 18 is 100.8), so a result
	 * in mmol/L converted and judged against the cut-off in mg/dL fell on the wrong side of it (probe 80, P80-M3; probe
	 * 81, P81-m1: 11.09 mmol/L drew the critical card as 200 mg/dL). Empty for every other threshold.
	 */
	public java.util.Optional<Threshold> inMillimolesPerLitre() {
		return java.util.Optional.ofNullable(switch (this) {
			case GLUCOSE_DIABETES -> GLUCOSE_DIABETES_MMOL;
			case GLUCOSE_NOT_FASTING_DIABETES -> GLUCOSE_NOT_FASTING_DIABETES_MMOL;
			case GLUCOSE_PREDIABETES -> GLUCOSE_PREDIABETES_MMOL;
			default -> null;
		});
	}
}
