package org.somaxis.guidance.record;

import java.util.List;
import java.util.Optional;
import org.somaxis.guidance.knowledge.ConceptSet;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/**
 * The one table of observation kinds Somaxis reads: code system and code, label, the unit the record normalises to
 * (UCUM; empty when the value is not a quantity), the unit family that may be converted into it, and the Somaxis
 * profile a resource of that kind must conform to ({@code null} when none). The record assembler reads each kind in
 * one place; conformance's profile inference reads the profile column.
 */
public enum ObservationKind {
	IGF1(Codes.LOINC, List.of(Codes.IGF1), "IGF-1", "ng/mL", UnitFamily.MASS_OR_MOLAR_CONCENTRATION, "igf1-observation",
			List.of("ng/mL", "ug/L", "nmol/L")),
	FASTING_GLUCOSE_MASS(Codes.LOINC, List.of(Codes.GLUCOSE_MASS), "Fasting glucose", "mg/dL",
			UnitFamily.MASS_OR_MOLAR_CONCENTRATION, "metabolic-lab-observation", List.of("mg/dL")),
	/** Fasting glucose in mmol/L: 77145-1, and 14771-0 (serum or plasma) as SI laboratories code it. */
	FASTING_GLUCOSE_MOLAR(Codes.LOINC, List.of(Codes.GLUCOSE_MOLAR, Codes.GLUCOSE_MOLAR_SERUM), "Fasting glucose", "mg/dL",
			UnitFamily.MASS_OR_MOLAR_CONCENTRATION, "metabolic-lab-observation", List.of("mmol/L")),
	/**
	 * A glucose the laboratory did not mark fasting (a random glucose, or one of a metabolic panel): read only for a value
	 * in the diabetes range whenever it was drawn (random-glucose-diabetes-mg-dl); MK-677 beside a glucose of 260 mg/dL
	 * so coded drew nothing (probe 57, P57-M3). No profile: such results come in every EHR export, and none is Somaxis's.
	 */
	GLUCOSE_NOT_FASTING(Codes.LOINC, List.of(Codes.GLUCOSE_SERUM_PLASMA), "Glucose (not marked fasting)", "mg/dL",
			UnitFamily.MASS_OR_MOLAR_CONCENTRATION, null, List.of("mg/dL")),
	/** A glucose not marked fasting in mmol/L (14749-6), as SI laboratories code it: it drew nothing beside MK-677. */
	GLUCOSE_NOT_FASTING_MOLAR(Codes.LOINC, List.of(Codes.GLUCOSE_SERUM_PLASMA_MOLAR), "Glucose (not marked fasting)",
			"mg/dL", UnitFamily.MASS_OR_MOLAR_CONCENTRATION, null, List.of("mmol/L")),
	INSULIN(Codes.LOINC, List.of(Codes.INSULIN), "Fasting insulin", "u[IU]/mL", UnitFamily.ARBITRARY_OR_MOLAR_CONCENTRATION,
			"metabolic-lab-observation", List.of("u[IU]/mL", "m[IU]/L", "pmol/L")),
	/**
	 * HbA1c by any method a laboratory names (calculation, HPLC, electrophoresis, dried blood spot): the codes of ValueSet
	 * hba1c-tests (VSAC HbA1c Laboratory Test).
	 */
	HBA1C(Codes.LOINC, Codes.HBA1C_TESTS, "HbA1c", "%", UnitFamily.FRACTION, "metabolic-lab-observation"),
	/** HbA1c by the IFCC protocol (59261-8), read in mmol/mol only and converted to NGSP % by the master equation. */
	HBA1C_IFCC(Codes.LOINC, Codes.HBA1C_IFCC, "HbA1c (IFCC)", "%", UnitFamily.IFCC_FRACTION, "metabolic-lab-observation"),
	IGFBP3(Codes.LOINC, List.of(Codes.IGFBP3), "IGFBP-3", "mg/L", UnitFamily.MASS_OR_MOLAR_CONCENTRATION,
			"metabolic-lab-observation", List.of("ug/mL", "mg/L", "ng/mL")),
	TESTOSTERONE(Codes.LOINC, List.of(Codes.TESTOSTERONE), "Testosterone", "ng/dL", UnitFamily.MASS_OR_MOLAR_CONCENTRATION,
			"metabolic-lab-observation", List.of("ng/dL", "ng/mL", "nmol/L")),
	HOMA_IR(Codes.OBSERVATION_CODES, "homa-ir", "HOMA-IR", "1", UnitFamily.DIMENSIONLESS, "homa-ir-observation"),
	SLEEP(Codes.LOINC, Codes.SLEEP, "Sleep duration", "min", UnitFamily.TIME, "sleep-duration-observation"),
	EXERCISE(Codes.LOINC, Codes.EXERCISE_ACTIVITY, "Exercise session", "", UnitFamily.NONE, "exercise-session-observation"),
	PREGNANCY_STATUS(Codes.LOINC, Codes.PREGNANCY_STATUS, "Pregnancy status", "", UnitFamily.NONE, null),
	/**
	 * The older LOINC code for the status as the patient reports it, which some CDA documents, German (KBV)
	 * and French (ANS) records and EHR exports still send; read exactly like 82810-3.
	 */
	PREGNANCY_STATUS_REPORTED(Codes.LOINC, Codes.PREGNANCY_STATUS_REPORTED, "Pregnancy status", "", UnitFamily.NONE, null),
	/**
	 * C-CDA's Pregnancy Observation (template 2.16.840.1.113883.10.20.15.3.8: code ActCode ASSERTION, value SNOMED CT
	 * 77386006), as converted C-CDA documents carry it; read as a pregnancy status when its value is one. Other
	 * assertions are not Somaxis's concern.
	 */
	PREGNANCY_ASSERTION(Codes.V3_ACT_CODE, "ASSERTION", "Pregnancy observation", "", UnitFamily.NONE, null),
	/**
	 * A qualitative hCG (pregnancy) test, urine or serum, read as a pregnancy status by its result: positive (ValueSet
	 * pregnancy-test-positive) says pregnant, negative (pregnancy-test-negative) says not pregnant. The codes are ValueSet
	 * pregnancy-tests (VSAC Pregnancy Test, its [Presence] members and its [Interpretation] member).
	 */
	PREGNANCY_TEST(Codes.LOINC, Codes.HCG_QUALITATIVE, "Pregnancy test", "", UnitFamily.NONE, null),
	/**
	 * A quantitative hCG result (VSAC Pregnancy Test, its members in units, moles or mass; ValueSet
	 * pregnancy-tests-quantitative). Its number is not read: where pregnancy begins is the laboratory's call, and hCG is
	 * also a tumour marker. The laboratory's interpretation is, as a qualitative test's result is; one without a
	 * positive or negative interpretation is named when it is the latest pregnancy evidence.
	 */
	QUANTITATIVE_HCG(Codes.LOINC, Codes.HCG_QUANTITATIVE, "Quantitative hCG", "", UnitFamily.NONE, null),
	/**
	 * The estimated delivery date of a pregnancy (ValueSet estimated-delivery-date-codes: eHDSI PregnancyInformation, the
	 * codes of HL7 IPS edd-method-uv-ips), its value a dateTime: a date from edd-max-days-overdue before the evaluation
	 * date to edd-max-days-ahead after it is read as a pregnancy status that says pregnant. A code a clinic adds to the
	 * ValueSet is read as this kind too (the record asks the knowledge), and the store and remote searches ask for it.
	 */
	ESTIMATED_DELIVERY_DATE(Codes.LOINC, Codes.EDD_CODES, "Estimated delivery date", "", UnitFamily.NONE, null),
	CALORIC_RESTRICTION(Codes.OBSERVATION_CODES, "caloric-restriction", "Caloric restriction flag", "", UnitFamily.NONE,
			null);

	/** What units a kind accepts; conversion itself is in {@link Units}. */
	public enum UnitFamily {
		/** mass/volume (UCUM), or substance/volume converted with a factor from the knowledge data. */
		MASS_OR_MOLAR_CONCENTRATION,
		/** arbitrary units/volume (UCUM), or substance/volume converted with a factor from the knowledge data. */
		ARBITRARY_OR_MOLAR_CONCENTRATION,
		/**
		 * a mass fraction in % (NGSP), or an IFCC HbA1c in mmol/mol converted to it by the IFCC-NGSP master equation of
		 * the knowledge data (the unit says which scale the value is on)
		 */
		FRACTION,
		/**
		 * an IFCC HbA1c: mmol/mol only, converted as above; a value in % under the IFCC code is not read, since it may be
		 * on either scale
		 */
		IFCC_FRACTION,
		DIMENSIONLESS,
		TIME,
		NONE
	}

	private final String system;
	private final List<String> codes;
	private final String label;
	private final String unit;
	private final UnitFamily unitFamily;
	private final String profileId;
	private final List<String> reportedUnits;

	ObservationKind(String system, String code, String label, String unit, UnitFamily unitFamily, String profileId) {
		this(system, List.of(code), label, unit, unitFamily, profileId, List.of());
	}

	ObservationKind(String system, List<String> codes, String label, String unit, UnitFamily unitFamily, String profileId) {
		this(system, codes, label, unit, unitFamily, profileId, List.of());
	}

	ObservationKind(String system, List<String> codes, String label, String unit, UnitFamily unitFamily, String profileId,
			List<String> reportedUnits) {
		this.system = system;
		this.codes = codes;
		this.label = label;
		this.unit = unit;
		this.unitFamily = unitFamily;
		this.profileId = profileId;
		this.reportedUnits = reportedUnits;
	}

	public String system() {
		return system;
	}

	/** The codes of this kind, in {@link #system()}: one for most kinds, the members of a published set for HbA1c and hCG. */
	public List<String> codes() {
		return codes;
	}

	public String label() {
		return label;
	}

	/**
	 * Whether this kind says whether the patient is pregnant (a status, a C-CDA assertion, a pregnancy test or an
	 * estimated delivery date).
	 */
	public boolean isPregnancy() {
		return switch (this) {
			case PREGNANCY_STATUS, PREGNANCY_STATUS_REPORTED, PREGNANCY_ASSERTION, PREGNANCY_TEST, QUANTITATIVE_HCG,
					ESTIMATED_DELIVERY_DATE -> true;
			default -> false;
		};
	}

	/** The metabolic lab a result of this kind is read as, if it is one (IGF-1 is read on its own). */
	public Optional<LabKind> lab() {
		return Optional.ofNullable(switch (this) {
			case FASTING_GLUCOSE_MASS, FASTING_GLUCOSE_MOLAR -> LabKind.FASTING_GLUCOSE;
			case GLUCOSE_NOT_FASTING, GLUCOSE_NOT_FASTING_MOLAR -> LabKind.GLUCOSE_NOT_FASTING;
			case INSULIN -> LabKind.INSULIN;
			case HBA1C, HBA1C_IFCC -> LabKind.HBA1C;
			case IGFBP3 -> LabKind.IGFBP3;
			case TESTOSTERONE -> LabKind.TESTOSTERONE;
			case HOMA_IR -> LabKind.HOMA_IR;
			default -> null;
		});
	}

	/** UCUM unit values of this kind are normalised to; empty when the value is not a quantity. */
	public String unit() {
		return unit;
	}

	public UnitFamily unitFamily() {
		return unitFamily;
	}

	/**
	 * Whether laboratories report this kind in a unit (a UCUM code, or a unit as text in the spellings {@link Units}
	 * reads: any case, mcg, the micro sign): the units its profile's invariant accepts on a write (igf1-1, met-1). A
	 * concentration in any other unit is not read, although UCUM could convert it: an IGF-1 "in mg/dL" is a wrong unit,
	 * not a value ten thousand times higher, and reading it would draw a false critical card where a write refuses it.
	 * A kind with no such list (sleep in any unit of time, the fractions, the dimensionless) reads every unit its family
	 * converts.
	 */
	public boolean isReportedIn(String unit) {
		String ucum = Units.ucum(unit);
		return reportedUnits.isEmpty() || reportedUnits.stream().anyMatch(reported -> reported.equalsIgnoreCase(ucum));
	}

	/** The units laboratories report this kind in ({@link #isReportedIn}); empty when any unit of its family is read. */
	public List<String> reportedUnits() {
		return reportedUnits;
	}

	/** Id of the Somaxis StructureDefinition for this kind, if any. */
	public Optional<String> profileId() {
		return Optional.ofNullable(profileId);
	}

	public static Optional<ObservationKind> of(String system, String code) {
		for (ObservationKind kind : values()) {
			if (code != null && kind.system.equals(system) && kind.codes.contains(code)) {
				return Optional.of(kind);
			}
		}
		return Optional.empty();
	}

	/**
	 * The kind of the first coding of the concept that names one, reading a code system's HL7 OID as its URI (LOINC's
	 * {@code urn:oid:2.16.840.1.113883.6.1}, as converted C-CDA documents carry it). A glucose not marked fasting
	 * (2345-7, 14749-6) yields to another kind a later coding names: a fasting glucose coded 2345-7 and then 1558-6 was read
	 * against the 200 mg/dL cut-off, not 126, and MK-677 beside 130 mg/dL drew nothing (probe 78, P78-C1). Profile
	 * inference does not read a concept so: it asks {@link #of(String, String)} for the exact system our profiles require.
	 */
	public static Optional<ObservationKind> of(CodeableConcept concept) {
		if (concept == null) {
			return Optional.empty();
		}
		Optional<ObservationKind> found = Optional.empty();
		for (Coding coding : concept.getCoding()) {
			if (coding.getSystem() == null || coding.getCode() == null) { // also a value sent only as its data-absent-reason
				continue;
			}
			Optional<ObservationKind> kind = of(ConceptSet.system(coding.getSystem()), coding.getCode().trim());
			if (kind.isPresent() && kind.get() != GLUCOSE_NOT_FASTING && kind.get() != GLUCOSE_NOT_FASTING_MOLAR) {
				return kind;
			}
			found = found.or(() -> kind);
		}
		return found;
	}

	/**
	 * The kind of the concept ({@link #of(CodeableConcept)}) read with its value's unit: a glucose coded with a code in
	 * each unit (a fasting 1558-6 beside 14749-6, or 2345-7 beside 14749-6) and valued in the unit of the code not chosen
	 * is the chosen kind in that unit. Such a result, 7.5 mmol/L with 14749-6 and 1558-6, was named as a code and unit
	 * that disagree and ignored, where one of its codes names that unit (probe 80, P80-m4). A code alone with a value in
	 * the other unit stays as it is, and is named so.
	 */
	public static Optional<ObservationKind> of(CodeableConcept concept, String unit) {
		Optional<ObservationKind> kind = of(concept);
		if (kind.isEmpty() || unit.isBlank() || kind.get().isReportedIn(unit)) {
			return kind;
		}
		ObservationKind inTheUnit = kind.get().inTheOtherUnit();
		boolean aCodeNamesTheUnit = concept.getCoding().stream()
				.filter(coding -> coding.getSystem() != null && coding.getCode() != null)
				.flatMap(coding -> of(ConceptSet.system(coding.getSystem()), coding.getCode().trim()).stream())
				.anyMatch(named -> named.inTheOtherUnit() != null && named.isReportedIn(unit));
		return inTheUnit != null && inTheUnit.isReportedIn(unit) && aCodeNamesTheUnit ? Optional.of(inTheUnit) : kind;
	}

	/** The same result reported in the other unit (a glucose in mg/dL and in mmol/L); null for every other kind. */
	private ObservationKind inTheOtherUnit() {
		return switch (this) {
			case FASTING_GLUCOSE_MASS -> FASTING_GLUCOSE_MOLAR;
			case FASTING_GLUCOSE_MOLAR -> FASTING_GLUCOSE_MASS;
			case GLUCOSE_NOT_FASTING -> GLUCOSE_NOT_FASTING_MOLAR;
			case GLUCOSE_NOT_FASTING_MOLAR -> GLUCOSE_NOT_FASTING;
			default -> null;
		};
	}

	/**
	 * The search tokens of this kind ({@code system|code}), once for each way data may name its code system; for a
	 * LOINC pregnancy kind also the code alone, which matches it under any system: a status or test under a misnamed
	 * LOINC system ({@code https://loinc.org}) is read when it says pregnant, as on a prefetch, and the store's search
	 * did not find it, so its faces missed the pregnancy the prefetch's gave critical (probe 82, P82-M4).
	 */
	public List<String> searchTokens() {
		java.util.stream.Stream<String> named = ConceptSet.systemNames(system).stream()
				.flatMap(name -> codes.stream().map(code -> name + "|" + code));
		return java.util.stream.Stream.concat(named,
				isPregnancy() && system.equals(Codes.LOINC) ? codes.stream() : java.util.stream.Stream.empty()).toList();
	}

	/**
	 * The tokens of this kind in a query sent as a URL. Where data may name the code system more than one way (LOINC by
	 * its URL or by its HL7 OID, {@code urn:oid:2.16.840.1.113883.6.1}, as converted C-CDA documents do), the code alone,
	 * which a token search matches in any system: one token covers every name and keeps the URL short enough for
	 * servers that limit a query string to 2 KB (a match in another system is fetched and not read). Else
	 * {@code system|code}.
	 */
	public List<String> queryTokens() {
		return ConceptSet.systemNames(system).size() > 1
				? codes
				: codes.stream().map(code -> system + "|" + code).toList();
	}
}
