package org.somaxis.guidance;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.somaxis.guidance.record.Codes;

/** Small builders for the FHIR R4 resources the tests need. All dates are plain days. */
public final class Fixtures {
	public static final LocalDate TODAY = LocalDate.of(2026, 6, 1);

	private Fixtures() {}

	public static Patient patient(int age, String gender) {
		Patient patient = new Patient();
		patient.setId("p1");
		patient.setBirthDateElement(new DateType(TODAY.minusYears(age).minusDays(10).toString()));
		patient.setGender(Enumerations.AdministrativeGender.fromCode(gender));
		return patient;
	}

	public static Observation lab(String id, String loinc, double value, String unit, LocalDate date) {
		Observation observation = new Observation();
		observation.setId(id);
		observation.setStatus(Observation.ObservationStatus.FINAL);
		observation.setCode(new CodeableConcept(new Coding(Codes.LOINC, loinc, null)));
		observation.setValue(new Quantity().setValue(BigDecimal.valueOf(value)).setSystem(Codes.UCUM).setCode(unit).setUnit(unit));
		if (date != null) {
			observation.setEffective(new DateTimeType(date.toString()));
		}
		observation.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/p1")); // the patient of patient()
		return observation;
	}

	public static Observation igf1(String id, double ngPerMl, LocalDate date) {
		return lab(id, Codes.IGF1, ngPerMl, "ng/mL", date);
	}

	public static Observation withRange(Observation observation, double low, double high) {
		observation.addReferenceRange()
				.setLow(new Quantity().setValue(BigDecimal.valueOf(low)).setCode("ng/mL"))
				.setHigh(new Quantity().setValue(BigDecimal.valueOf(high)).setCode("ng/mL"));
		observation.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/p1")); // the patient of patient()
		return observation;
	}

	public static Observation glucose(String id, double mgPerDl, LocalDate date) {
		return lab(id, Codes.GLUCOSE_MASS, mgPerDl, "mg/dL", date);
	}

	public static Observation insulin(String id, double uiuPerMl, LocalDate date) {
		return lab(id, Codes.INSULIN, uiuPerMl, "u[IU]/mL", date);
	}

	public static Observation hba1c(String id, double percent, LocalDate date) {
		return lab(id, Codes.HBA1C, percent, "%", date);
	}

	public static Observation homaIr(String id, double value, LocalDate date) {
		Observation observation = lab(id, "x", value, "{score}", date);
		observation.setCode(new CodeableConcept(new Coding(Codes.OBSERVATION_CODES, "homa-ir", null)));
		observation.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/p1")); // the patient of patient()
		return observation;
	}

	public static Observation sleep(String id, double hours, LocalDate date) {
		return lab(id, Codes.SLEEP, hours, "h", date);
	}

	public static Observation exercise(String id, String type, LocalDate date, double minutes) {
		Observation observation = new Observation();
		observation.setId(id);
		observation.setStatus(Observation.ObservationStatus.FINAL);
		observation.setCode(new CodeableConcept(new Coding(Codes.LOINC, Codes.EXERCISE_ACTIVITY, null)));
		String system = type.startsWith("LA") ? Codes.LOINC : Codes.EXERCISE_TYPES;
		observation.setValue(new CodeableConcept(new Coding(system, type, null)));
		observation.setEffective(new DateTimeType(date.toString()));
		observation.addComponent()
				.setCode(new CodeableConcept(new Coding(Codes.LOINC, Codes.EXERCISE_DURATION, null)))
				.setValue(new Quantity().setValue(BigDecimal.valueOf(minutes)).setCode("min"));
		observation.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/p1")); // the patient of patient()
		return observation;
	}

	public static Observation caloricRestriction(String id, boolean value, LocalDate date) {
		Observation observation = new Observation();
		observation.setId(id);
		observation.setStatus(Observation.ObservationStatus.FINAL);
		observation.setCode(new CodeableConcept(new Coding(Codes.OBSERVATION_CODES, "caloric-restriction", null)));
		observation.setValue(new BooleanType(value));
		observation.setEffective(new DateTimeType(date.toString()));
		observation.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/p1")); // the patient of patient()
		return observation;
	}

	public static Observation pregnancyStatus(String id, String snomed, LocalDate date) {
		Observation observation = new Observation();
		observation.setId(id);
		observation.setStatus(Observation.ObservationStatus.FINAL);
		observation.setCode(new CodeableConcept(new Coding(Codes.LOINC, Codes.PREGNANCY_STATUS, null)));
		observation.setValue(new CodeableConcept(new Coding(Codes.SNOMED, snomed, null)));
		observation.setEffective(new DateTimeType(date.toString()));
		observation.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/p1")); // the patient of patient()
		return observation;
	}

	/**
	 * An estimated-delivery-date Observation (LOINC 11778-8, IPS's Observation-pregnancy-edd-uv-ips): taken on
	 * {@code date}, its valueDateTime {@code deliveryDate} (any precision, "2027-05-10" or "2027-05").
	 */
	public static Observation estimatedDeliveryDate(String id, LocalDate date, String deliveryDate) {
		Observation observation = new Observation();
		observation.setId(id);
		observation.setStatus(Observation.ObservationStatus.FINAL);
		observation.setCode(new CodeableConcept(new Coding(Codes.LOINC, Codes.EDD, "Delivery date Estimated")));
		observation.setValue(new DateTimeType(deliveryDate));
		observation.setEffective(new DateTimeType(date.toString()));
		observation.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/p1")); // the patient of patient()
		return observation;
	}

	/** A peptide MedicationRequest; status "active" or "draft"; route "sc", "oral" or null. */
	public static MedicationRequest peptide(String id, String code, String status, LocalDate authoredOn) {
		return peptide(id, code, status, authoredOn, null);
	}

	public static MedicationRequest peptide(String id, String code, String status, LocalDate authoredOn, String route) {
		MedicationRequest request = new MedicationRequest();
		request.setId(id);
		request.setStatus(MedicationRequest.MedicationRequestStatus.fromCode(status));
		request.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
		request.setMedication(new CodeableConcept(new Coding(Codes.GH_PEPTIDES, code, null)));
		if (authoredOn != null) {
			request.setAuthoredOnElement(new DateTimeType(authoredOn.toString()));
		}
		Dosage dosage = request.addDosageInstruction();
		if (route != null) {
			String snomed = route.equals("oral") ? Codes.ORAL_ROUTE : Codes.SUBCUTANEOUS_ROUTE;
			dosage.setRoute(new CodeableConcept(new Coding(Codes.SNOMED, snomed, null)));
		}
		dosage.addDoseAndRate().setDose(new Quantity().setValue(BigDecimal.valueOf(300)).setCode("ug").setUnit("ug"));
		dosage.getTiming().getRepeat().setFrequency(1).setPeriod(1)
				.setPeriodUnit(org.hl7.fhir.r4.model.Timing.UnitsOfTime.D);
		request.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/p1")); // the patient of patient()
		return request;
	}

	/** A clinic's record that a peptide was given on {@code date}; status e.g. "completed", "not-done". */
	public static MedicationAdministration administered(String id, String code, String status, LocalDate date) {
		MedicationAdministration administration = new MedicationAdministration();
		administration.setId(id);
		administration.setStatus(MedicationAdministration.MedicationAdministrationStatus.fromCode(status));
		administration.setMedication(new CodeableConcept(new Coding(Codes.GH_PEPTIDES, code, null)));
		if (date != null) {
			administration.setEffective(new DateTimeType(date.toString()));
		}
		administration.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/p1")); // the patient of patient()
		return administration;
	}

	/**
	 * A pharmacy's record that a peptide was handed over on {@code date}; status e.g. "completed", "cancelled";
	 * {@code daysSupply} null for none.
	 */
	public static MedicationDispense dispensed(String id, String code, String status, LocalDate date, Integer daysSupply) {
		MedicationDispense dispense = new MedicationDispense();
		dispense.setId(id);
		dispense.setStatus(MedicationDispense.MedicationDispenseStatus.fromCode(status));
		dispense.setMedication(new CodeableConcept(new Coding(Codes.GH_PEPTIDES, code, null)));
		if (date != null) {
			dispense.setWhenHandedOverElement(new DateTimeType(date.toString()));
		}
		if (daysSupply != null) {
			dispense.setDaysSupply(new Quantity().setValue(daysSupply).setSystem("http://unitsofmeasure.org").setCode("d"));
		}
		dispense.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/p1")); // the patient of patient()
		return dispense;
	}

	public static MedicationStatement testosterone(String id) {
		MedicationStatement statement = new MedicationStatement();
		statement.setId(id);
		statement.setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE);
		statement.setMedication(new CodeableConcept(new Coding(Codes.THERAPY_CODES, "testosterone", null)));
		statement.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/p1")); // the patient of patient()
		return statement;
	}

	public static Condition condition(String id, String system, String code, String clinicalStatus) {
		Condition condition = new Condition();
		condition.setId(id);
		condition.setCode(new CodeableConcept(new Coding(system, code, null)));
		if (clinicalStatus != null) {
			condition.setClinicalStatus(new CodeableConcept(new Coding(Codes.CONDITION_CLINICAL, clinicalStatus, null)));
		}
		condition.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/p1")); // the patient of patient()
		return condition;
	}

	/** The code system a test table names: SNOMED, ICD10CM, ICD10GM (read as ICD-10), else the WHO's ICD10. */
	public static String codeSystem(String name) {
		return switch (name) {
			case "SNOMED" -> Codes.SNOMED;
			case "ICD10CM" -> "http://hl7.org/fhir/sid/icd-10-cm";
			case "ICD10GM" -> "http://fhir.de/CodeSystem/bfarm/icd-10-gm";
			default -> "http://hl7.org/fhir/sid/icd-10";
		};
	}

	public static Condition snomedCondition(String id, String code) {
		return condition(id, Codes.SNOMED, code, "active");
	}

	public static Condition localCondition(String id, String code) {
		return condition(id, Codes.CONDITION_CODES, code, "active");
	}

	public static ServiceRequest labOrderDraft(String id, String loinc) {
		ServiceRequest request = new ServiceRequest();
		request.setId(id);
		request.setStatus(ServiceRequest.ServiceRequestStatus.DRAFT);
		request.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
		request.setCode(new CodeableConcept(new Coding(Codes.LOINC, loinc, null)));
		request.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/p1")); // the patient of patient()
		return request;
	}

	public static Date instant(LocalDate date, int hour, int minute) {
		return Date.from(date.atTime(hour, minute).toInstant(ZoneOffset.UTC));
	}
}
