package org.somaxis.operation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.somaxis.support.FhirHttp;

/** {@code GET|POST [base]/Observation/[id]/$evaluate}: one IGF-1 or metabolic result in context. */
class ObservationEvaluateIT extends EvaluateServer {

	/** The newest Observation of the scenario patient with this LOINC code. */
	private String latest(String scenario, String loinc) {
		Bundle found = http.get("/fhir/Observation?patient=" + patientId(scenario) + "&code=http://loinc.org%7C" + loinc
				+ "&_sort=-date&_count=1").as(Bundle.class);
		return found.getEntryFirstRep().getResource().getIdElement().getIdPart();
	}

	@Test
	void get_interpretsAnIgf1ResultAgainstItsIntervalPreviousAndBaseline() {
		String id = latest(PatientEvaluateIT.VERY_HIGH, "2484-4");

		FhirHttp.Response response = http.get("/fhir/Observation/" + id + "/$evaluate?evaluationDate=" + EVALUATION_DATE);

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		Parameters output = response.as(Parameters.class);
		assertThat(((Quantity) output.getParameterValue("value")).getValue()).isEqualByComparingTo("590");
		Range interval = (Range) output.getParameterValue("referenceRange");
		assertThat(interval.getHigh().getValue()).isGreaterThan(BigDecimal.valueOf(100));
		assertThat(((CodeableConcept) output.getParameterValue("interpretation")).getCodingFirstRep().getCode())
				.isEqualTo("HH");
		assertThat(((DecimalType) output.getParameterValue("sds")).getValue()).isGreaterThan(BigDecimal.valueOf(3));
		Parameters.ParametersParameterComponent previous = output.getParameter("previous");
		assertThat(((Quantity) part(previous, "value")).getValue()).isEqualByComparingTo("560");
		assertThat(((Quantity) part(previous, "change")).getValue()).isEqualByComparingTo("30");
		Parameters.ParametersParameterComponent baseline = output.getParameter("baseline");
		assertThat(((Quantity) part(baseline, "value")).getValue()).isEqualByComparingTo("160");
		assertThat(ruleIds(output)).contains("igf1-persistently-very-high", "igf1-above-range-on-therapy");
	}

	@Test
	void post_givesTheSameInterpretationAsGet() {
		String id = latest(PatientEvaluateIT.VERY_HIGH, "2484-4");

		FhirHttp.Response response = http.postResource("/fhir/Observation/" + id + "/$evaluate",
				parameters("evaluationDate", new DateType(EVALUATION_DATE)));

		assertThat(response.status()).isEqualTo(200);
		Parameters output = response.as(Parameters.class);
		assertThat(((CodeableConcept) output.getParameterValue("interpretation")).getCodingFirstRep().getCode())
				.isEqualTo("HH");
	}

	@Test
	void lowIgf1WithoutTherapy_isLowAndFiresTheLifestyleRuleOnTheResultFace() {
		String id = latest("baseline-igf1-low-no-therapy", "2484-4");

		Parameters output = http.get("/fhir/Observation/" + id + "/$evaluate?evaluationDate=" + EVALUATION_DATE)
				.as(Parameters.class);

		assertThat(((CodeableConcept) output.getParameterValue("interpretation")).getCodingFirstRep().getCode())
				.isEqualTo("L");
		assertThat(output.getParameter("baseline")).isNull();
		assertThat(ruleIds(output)).containsExactly("low-igf1-lifestyle");
	}

	@Test
	void fastingGlucose_comparesWithPreviousAndBaselineWithoutAnInterval() {
		String id = latest("early-glucose-rise-week3", "1558-6");

		Parameters output = http.get("/fhir/Observation/" + id + "/$evaluate?evaluationDate=" + EVALUATION_DATE)
				.as(Parameters.class);

		assertThat(((Quantity) output.getParameterValue("value")).getUnit()).isEqualTo("mg/dL");
		assertThat(output.getParameter("referenceRange")).isNull();
		assertThat(output.getParameter("baseline")).isNotNull();
		assertThat(((DecimalType) part(output.getParameter("baseline"), "changePercent")).getValue())
				.isGreaterThan(BigDecimal.TEN);
	}

	/**
	 * An HbA1c by electrophoresis, or under LOINC's HL7 OID as converted C-CDA documents carry it, is interpreted as the
	 * usual 4548-4 is (these were 422 "neither an IGF-1 nor a metabolic result").
	 */
	@ParameterizedTest(name = "HbA1c {0}|{1}")
	@CsvSource({"http://loinc.org, 4549-2", "http://loinc.org, 17856-6", "urn:oid:2.16.840.1.113883.6.1, 4548-4"})
	void hba1cOfAnotherPublishedCodeOrSystemName_isInterpreted(String system, String code) {
		String id = created(lab(newPatient(), system, code, 6.8, "%"));

		FhirHttp.Response response = http.get("/fhir/Observation/" + id + "/$evaluate?evaluationDate=" + EVALUATION_DATE);

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		Quantity value = (Quantity) response.as(Parameters.class).getParameterValue("value");
		assertThat(value.getValue()).isEqualByComparingTo("6.8");
		assertThat(value.getUnit()).isEqualTo("%");
	}

	/**
	 * A glucose in the diabetes range of a patient on MK-677: the result's face draws the glucose-intolerance card,
	 * critical, as the patient's faces do; it answered an empty success (probe 83, P83-M2).
	 */
	@Test
	void aDiabetesRangeGlucoseOnMk677_drawsTheGlucoseIntoleranceCard() {
		String patientId = newPatient();
		org.hl7.fhir.r4.model.MedicationRequest mk677 = org.somaxis.guidance.Fixtures.peptide("m1", "ibutamoren", "active",
				java.time.LocalDate.parse(EVALUATION_DATE).minusDays(60));
		mk677.setId((String) null);
		mk677.getSubject().setReference("Patient/" + patientId);
		mk677.getDosageInstruction().forEach(dosage -> dosage.getDoseAndRate().forEach(rate -> {
			if (rate.hasDoseQuantity()) {
				rate.getDoseQuantity().setSystem("http://unitsofmeasure.org");
			}
		}));
		FhirHttp.Response order = http.postResource("/fhir/MedicationRequest", mk677);
		assertThat(order.status()).as(order.body()).isEqualTo(201);
		String id = created(lab(patientId, "http://loinc.org", "2345-7", 250, "mg/dL"));

		Parameters output = http.get("/fhir/Observation/" + id + "/$evaluate?evaluationDate=" + EVALUATION_DATE)
				.as(Parameters.class);

		assertThat(ruleIds(output)).contains("glucose-intolerance-on-gh-therapy");
	}

	/**
	 * A result entered in error or cancelled is no result to interpret: 422 saying so; it answered an empty success
	 * (probe 83, P83-m6).
	 */
	@ParameterizedTest(name = "{0}")
	@org.junit.jupiter.params.provider.ValueSource(strings = {"entered-in-error", "cancelled"})
	void aResultEnteredInErrorOrCancelled_is422SayingSo(String status) {
		Observation igf1 = lab(newPatient(), "http://loinc.org", "2484-4", 180, "ng/mL");
		igf1.setStatus(Observation.ObservationStatus.fromCode(status));
		String id = created(igf1);

		FhirHttp.Response response = http.get("/fhir/Observation/" + id + "/$evaluate?evaluationDate=" + EVALUATION_DATE);

		assertThat(response.status()).as(response.body()).isEqualTo(422);
		assertThat(response.body()).contains("has status " + status);
	}

	/** A stored HOMA-IR (the Somaxis profile: unitless, derived from a glucose and an insulin) is interpreted too. */
	@Test
	void storedHomaIr_isInterpreted() {
		String patientId = newPatient();
		String glucose = created(lab(patientId, "http://loinc.org", "1558-6", 95, "mg/dL"));
		String insulin = created(lab(patientId, "http://loinc.org", "27873-9", 12, "u[IU]/mL"));
		Observation homaIr = lab(patientId, "http://somaxis.org/fhir/CodeSystem/observation-codes", "homa-ir", 2.8, "1");
		homaIr.addDerivedFrom().setReference("Observation/" + glucose);
		homaIr.addDerivedFrom().setReference("Observation/" + insulin);
		String id = created(homaIr);

		FhirHttp.Response response = http.get("/fhir/Observation/" + id + "/$evaluate?evaluationDate=" + EVALUATION_DATE);

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(((Quantity) response.as(Parameters.class).getParameterValue("value")).getValue())
				.isEqualByComparingTo("2.8");
	}

	/**
	 * A 15-year-old's IGF-1 of 700 ng/mL with no lab range: above every adult band of the fallback table, which does not
	 * cover children, and so not known to be above the child's own interval. No interpretation or SDS is given against
	 * the adult band, whose source says what it is. Before, "H" and an SDS against the adult band were given as the
	 * child's (probe 45, m5).
	 */
	@Test
	void aChildsIgf1AboveEveryAdultBand_isNotInterpretedAgainstOne() {
		Patient child = new Patient().setGender(AdministrativeGender.MALE)
				.setBirthDateElement(new DateType(java.time.LocalDate.parse(EVALUATION_DATE).minusYears(15).minusDays(30).toString()));
		String patientId = http.postResource("/fhir/Patient", child).as(Patient.class).getIdElement().getIdPart();
		String id = created(lab(patientId, "http://loinc.org", "2484-4", 700, "ng/mL"));

		Parameters output = http.get("/fhir/Observation/" + id + "/$evaluate?evaluationDate=" + EVALUATION_DATE)
				.as(Parameters.class);

		assertThat(output.getParameter("interpretation")).isNull();
		assertThat(output.getParameter("sds")).isNull();
		assertThat(output.getParameterValue("referenceRangeSource").primitiveValue())
				.contains("an adult band: no interval applies to the patient's age");
	}

	private String newPatient() {
		Patient patient = new Patient().setGender(AdministrativeGender.FEMALE).setBirthDateElement(new DateType("1975-03-01"));
		return http.postResource("/fhir/Patient", patient).as(Patient.class).getIdElement().getIdPart();
	}

	private static Observation lab(String patientId, String system, String code, double value, String unit) {
		Observation lab = new Observation();
		lab.setStatus(Observation.ObservationStatus.FINAL);
		lab.getCode().addCoding().setSystem(system).setCode(code);
		lab.getSubject().setReference("Patient/" + patientId);
		lab.setEffective(new DateTimeType(EVALUATION_DATE));
		lab.setValue(new Quantity().setValue(value).setUnit(unit).setSystem("http://unitsofmeasure.org").setCode(unit));
		return lab;
	}

	private String created(Observation observation) {
		FhirHttp.Response created = http.postResource("/fhir/Observation", observation);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.as(Observation.class).getIdElement().getIdPart();
	}

	@Test
	void resultOfAnotherKind_is422() {
		String id = latest("short-sleep", "93832-4");

		FhirHttp.Response response = http.get("/fhir/Observation/" + id + "/$evaluate");

		assertThat(response.status()).isEqualTo(422);
		assertThat(response.as(OperationOutcome.class).getIssueFirstRep().getCode())
				.isEqualTo(OperationOutcome.IssueType.NOTSUPPORTED);
	}

	@Test
	void unknownObservation_is404() {
		assertThat(http.get("/fhir/Observation/nope/$evaluate").status()).isEqualTo(404);
	}

	@Test
	void observationWithoutSubject_isRefusedOnWriteWith422() {
		Observation orphan = new Observation();
		orphan.setStatus(Observation.ObservationStatus.FINAL);
		orphan.getCode().addCoding().setSystem("http://loinc.org").setCode("2484-4");
		orphan.setValue(new Quantity().setValue(150).setUnit("ng/mL"));

		FhirHttp.Response response = http.postResource("/fhir/Observation", orphan);

		assertThat(response.status()).isEqualTo(422);
		assertThat(response.as(OperationOutcome.class).getIssue())
				.anySatisfy(issue -> assertThat(issue.getExpression().toString() + issue.getLocation() + issue.getDiagnostics())
						.contains("subject"));
	}

	private static org.hl7.fhir.r4.model.Type part(Parameters.ParametersParameterComponent parameter, String name) {
		return parameter.getPart().stream()
				.filter(part -> part.getName().equals(name))
				.findFirst()
				.orElseThrow()
				.getValue();
	}
}
