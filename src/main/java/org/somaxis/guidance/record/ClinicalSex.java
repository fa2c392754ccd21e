package org.somaxis.guidance.record;

import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;

/**
 * The sex a patient's IGF-1 reference intervals (and any sex-limited rule population) are chosen by, read as HL7's Gender
 * Harmony model asks: the sex parameter for clinical use when the record has one, else the administrative gender, unless
 * a recorded birth sex says otherwise.
 * <ul>
 *   <li>{@value #SEX_PARAMETER_FOR_CLINICAL_USE} (the FHIR extensions pack's extension, usable on R4), current on the
 *       evaluation date (no {@code period}, or one that covers it): {@code female-typical} or {@code male-typical} of
 *       {@value #SEX_PARAMETER_SYSTEM} chooses; {@code specified}, any other value, or two current ones that disagree
 *       choose no sex, and that is named;</li>
 *   <li>without one, {@code Patient.gender}; but when US Core's birth sex ({@value #US_CORE_BIRTH_SEX}, {@code F} or
 *       {@code M}) is the other sex than a male or female administrative gender, no sex is chosen, and that is named. The
 *       birth sex is never used to choose: administrative gender and birth sex are recorded sex or gender, not a sex
 *       for clinical use, and where they disagree neither is a safe guess.</li>
 * </ul>
 * No sex ({@link Sex#UNKNOWN}) means a lab's range for one sex is not applied; a range for everyone, or the fallback
 * table's sex-combined band, still is.
 */
final class ClinicalSex {
	static final String SEX_PARAMETER_FOR_CLINICAL_USE =
			"http://hl7.org/fhir/StructureDefinition/patient-sexParameterForClinicalUse";
	static final String SEX_PARAMETER_SYSTEM = "http://terminology.hl7.org/CodeSystem/sex-parameter-for-clinical-use";
	static final String US_CORE_BIRTH_SEX = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex";

	private ClinicalSex() {
	}

	/** The sex to choose intervals by on {@code date}; why none could be chosen, when so, is added to {@code messages}. */
	static Sex of(Patient patient, String patientId, LocalDate date, List<String> messages) {
		Sex administrative = patient.hasGender() ? Sex.fromAdministrativeGender(patient.getGender().toCode()) : Sex.UNKNOWN;
		Set<String> parameters = new LinkedHashSet<>();
		for (Extension extension : patient.getExtensionsByUrl(SEX_PARAMETER_FOR_CLINICAL_USE)) {
			if (current(extension, date)) {
				parameters.add(parameterOf(extension));
			}
		}
		if (parameters.size() == 1 && parameters.contains("female-typical")) {
			return Sex.FEMALE;
		}
		if (parameters.size() == 1 && parameters.contains("male-typical")) {
			return Sex.MALE;
		}
		if (!parameters.isEmpty()) {
			messages.add(patientId + " has a sex parameter for clinical use of " + String.join(" and ", parameters)
					+ ": no sex-specific IGF-1 reference interval is chosen (a range for everyone still applies)");
			return Sex.UNKNOWN;
		}
		Sex birth = birthSex(patient);
		if ((administrative == Sex.MALE || administrative == Sex.FEMALE)
				&& (birth == Sex.MALE || birth == Sex.FEMALE) && birth != administrative) {
			boolean notCurrent = !patient.getExtensionsByUrl(SEX_PARAMETER_FOR_CLINICAL_USE).isEmpty();
			messages.add(patientId + " has administrative gender " + administrative.code() + " and birth sex "
					+ birth.code() + ", and no " + (notCurrent ? "current sex parameter for clinical use (its period"
							+ " does not cover " + date + ")" : "sex parameter for clinical use")
					+ ": no sex-specific IGF-1 reference interval is chosen (a range for everyone still applies)");
			return Sex.UNKNOWN;
		}
		return administrative;
	}

	/**
	 * No {@code period}, or one whose known ends lie on either side of {@code date}, each at its precision: an end of
	 * "2021" ends on 2021-12-31, a start of "2027-03" starts on 2027-03-01.
	 */
	private static boolean current(Extension parameter, LocalDate date) {
		Extension periodPart = single(parameter.getExtensionsByUrl("period"));
		if (periodPart == null || !(periodPart.getValue() instanceof Period period)) {
			return true;
		}
		LocalDate start = FhirValues.earliestDay(period.getStartElement());
		LocalDate end = FhirValues.latestDay(period.getEndElement());
		return (start == null || !start.isAfter(date)) && (end == null || !end.isBefore(date));
	}

	/** The code of the parameter's {@code value}, "a value that cannot be read" when it has none of the code system's. */
	private static String parameterOf(Extension parameter) {
		Extension valuePart = single(parameter.getExtensionsByUrl("value"));
		if (valuePart != null && valuePart.getValue() instanceof CodeableConcept value) {
			for (Coding coding : value.getCoding()) {
				if (SEX_PARAMETER_SYSTEM.equals(coding.getSystem()) && coding.hasCode()) {
					return coding.getCode();
				}
			}
		}
		return "a value that cannot be read";
	}

	/**
	 * The one extension of a list, else null: two where one belongs say nothing certain (HAPI's getExtensionByUrl throws
	 * on them).
	 */
	private static Extension single(List<Extension> extensions) {
		return extensions.size() == 1 ? extensions.get(0) : null;
	}

	/** US Core's birth sex, F or M; {@link Sex#UNKNOWN} for any other value (UNK, ASKU, OTH), none, or two. */
	private static Sex birthSex(Patient patient) {
		Extension extension = single(patient.getExtensionsByUrl(US_CORE_BIRTH_SEX));
		if (extension == null || extension.getValue() == null || !extension.getValue().isPrimitive()) {
			return Sex.UNKNOWN;
		}
		return switch (extension.getValue().primitiveValue()) {
			case "F" -> Sex.FEMALE;
			case "M" -> Sex.MALE;
			default -> Sex.UNKNOWN;
		};
	}
}
