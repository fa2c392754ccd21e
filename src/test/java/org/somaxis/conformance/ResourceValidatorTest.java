package org.somaxis.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.List;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The validation policy of docs/conformance.md, in process, on the repository's artefacts. */
class ResourceValidatorTest {
	static final String US_CORE_PATIENT = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient";

	@ParameterizedTest
	@EnumSource(UnknownProfilePolicy.class)
	void unknownDeclaredProfile_isIgnoredWarnedOrRefusedAsThePolicySays(UnknownProfilePolicy policy) {
		ResourceValidator validator = new ResourceValidator(Artefacts.FHIR, Artefacts.chain(), policy, null);
		Patient patient = new Patient();
		patient.getMeta().addProfile(US_CORE_PATIENT);

		List<SingleValidationMessage> messages = validator.validate(patient, List.of());

		List<SingleValidationMessage> aboutTheProfile = messages.stream()
				.filter(m -> ResourceValidator.UNKNOWN_PROFILE.equals(m.getMessageId()))
				.toList();
		switch (policy) {
			case IGNORE -> assertThat(aboutTheProfile).isEmpty();
			case WARN -> assertThat(aboutTheProfile).singleElement()
					.satisfies(m -> assertThat(m.getSeverity()).isEqualTo(ResultSeverityEnum.WARNING));
			case REJECT -> assertThat(aboutTheProfile).singleElement()
					.satisfies(m -> assertThat(m.getSeverity()).isEqualTo(ResultSeverityEnum.ERROR));
		}
		assertThat(aboutTheProfile).allSatisfy(m -> {
			assertThat(m.getMessage()).contains(US_CORE_PATIENT);
			assertThat(m.getLocationString()).isEqualTo("Patient.meta.profile[0]");
		});
		assertThat(patient.getMeta().getProfile()).extracting(p -> p.getValue()).containsExactly(US_CORE_PATIENT);
	}

	/**
	 * A write validates the resource after HAPI sorted its {@code meta.profile}: each unheld profile is named, and ordered,
	 * by where the client sent it.
	 */
	@Test
	void unheldProfiles_areLocatedAndOrderedAsSent_notAsSorted() {
		ResourceValidator validator =
				new ResourceValidator(Artefacts.FHIR, Artefacts.chain(), UnknownProfilePolicy.WARN, null);
		String ips = "http://hl7.org/fhir/uv/ips/StructureDefinition/Patient-uv-ips";
		Patient patient = new Patient();
		patient.getMeta().addProfile(US_CORE_PATIENT).addProfile(ips); // as HAPI sorted them

		List<String> located = validator.validate(patient, List.of(), List.of(ips, US_CORE_PATIENT)).stream()
				.filter(m -> ResourceValidator.UNKNOWN_PROFILE.equals(m.getMessageId()))
				.map(m -> m.getLocationString() + " " + (m.getMessage().contains(ips) ? "ips" : "us-core"))
				.toList();

		assertThat(located).containsExactly("Patient.meta.profile[0] ips", "Patient.meta.profile[1] us-core");
	}

	/**
	 * {@code $validate} of a profiled IGF-1 whose issued instant is {@code 2024}: the parse checks name it (as a write
	 * does, refusing it), and the HL7 validator's own report of that value's form is not listed again; its report of a
	 * uri with a space elsewhere, which the parse checks were not given here, still is.
	 */
	@Test
	void aValueTheParseChecksNamed_isNotNamedAgainByTheValidator_otherValueProblemsAre() {
		org.hl7.fhir.r4.model.Observation igf1 = new org.hl7.fhir.r4.model.Observation();
		igf1.setStatus(org.hl7.fhir.r4.model.Observation.ObservationStatus.FINAL);
		igf1.getCode().addCoding().setSystem("http://loinc.org").setCode("2484-4");
		igf1.setSubject(new Reference("Patient/p1"));
		igf1.setEffective(new org.hl7.fhir.r4.model.DateTimeType("2026-11-02T08:15:00Z"));
		igf1.setValue(new org.hl7.fhir.r4.model.Quantity(182).setSystem("http://unitsofmeasure.org").setCode("ng/mL").setUnit("ng/mL"));
		igf1.getIssuedElement().setValueAsString("2024");
		igf1.addIdentifier().setSystem("http://example.org/lab ids").setValue("1");
		SingleValidationMessage named = new SingleValidationMessage();
		named.setSeverity(ResultSeverityEnum.ERROR);
		named.setMessageId(ParseChecks.MESSAGE_ID);
		named.setLocationString("Observation.issued");
		ParseChecks.pendForValidate(List.of(named), List.of(), null);

		List<SingleValidationMessage> messages;
		try {
			messages = Artefacts.validator().validate(igf1, List.of());
		} finally {
			ParseChecks.clear();
		}

		assertThat(messages).filteredOn(ResourceValidator::isError)
				.extracting(SingleValidationMessage::getLocationString, SingleValidationMessage::getMessageId)
				.containsExactlyInAnyOrder(
						org.assertj.core.groups.Tuple.tuple("Observation.issued", ParseChecks.MESSAGE_ID),
						org.assertj.core.groups.Tuple.tuple("Observation.identifier[0].system", "Type_Specific_Checks_DT_URI_WS"));
	}

	/**
	 * R4 makes these references mandatory. Without one, a cancer or an order belongs to no patient, so no guidance can
	 * ever see it; it was stored (HAPI's model calls a Reference child a "resource" child, and the walk skipped them).
	 */
	@ParameterizedTest(name = "{0}")
	@org.junit.jupiter.params.provider.ValueSource(strings = {
			"Condition", "Procedure", "MedicationStatement", "ServiceRequest", "MedicationRequest"})
	void resourceWithoutAHeldProfile_missingAMandatoryReference_isRefusedNamingIt(String type) {
		org.hl7.fhir.r4.model.Resource resource = switch (type) {
			case "Condition" -> new org.hl7.fhir.r4.model.Condition();
			case "Procedure" -> new org.hl7.fhir.r4.model.Procedure()
					.setStatus(org.hl7.fhir.r4.model.Procedure.ProcedureStatus.COMPLETED);
			case "MedicationStatement" -> new org.hl7.fhir.r4.model.MedicationStatement()
					.setStatus(org.hl7.fhir.r4.model.MedicationStatement.MedicationStatementStatus.ACTIVE)
					.setMedication(new org.hl7.fhir.r4.model.CodeableConcept().setText("metformin"));
			case "ServiceRequest" -> new org.hl7.fhir.r4.model.ServiceRequest()
					.setStatus(org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestStatus.ACTIVE)
					.setIntent(org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestIntent.ORDER);
			default -> new org.hl7.fhir.r4.model.MedicationRequest()
					.setStatus(org.hl7.fhir.r4.model.MedicationRequest.MedicationRequestStatus.ACTIVE)
					.setIntent(org.hl7.fhir.r4.model.MedicationRequest.MedicationRequestIntent.ORDER)
					.setMedication(new org.hl7.fhir.r4.model.CodeableConcept().setText("metformin"));
		};

		List<SingleValidationMessage> without = Artefacts.validator().validate(resource, List.of());

		assertThat(without).anySatisfy(m -> {
			assertThat(m.getSeverity()).isEqualTo(ResultSeverityEnum.ERROR);
			assertThat(m.getMessageId()).isEqualTo(BaseSpecChecks.MESSAGE_ID);
			assertThat(m.getLocationString()).isEqualTo(type + ".subject");
		});
		resource.setProperty("subject", new Reference("Patient/p1"));
		assertThat(Artefacts.validator().validate(resource, List.of()))
				.noneMatch(m -> m.getSeverity() == ResultSeverityEnum.ERROR);
	}

	/**
	 * R4's per-1 on a resource without a held profile: a Period that ends before it starts is refused at its path, as
	 * FHIRPath compares dates (at the precision both have; as instants when both have a time), and a Period whose
	 * order the precision leaves open is not.
	 */
	@ParameterizedTest(name = "{0} to {1}: ends before it starts = {2}")
	@CsvSource({
		"2021, 2020, true",
		"2020-05-02, 2020-05-01, true",
		"2020-05-01, 2020-05-01, false",
		"2020-05-01, 2020-05, false",
		"2020-06, 2020-05-31, true",
		"2020-01-01T10:00:00+02:00, 2020-01-01T09:30:00Z, false",
		"2020-01-01T10:00:00Z, 2020-01-01T09:59:59Z, true",
		"2020-01-02, 2020-01-01T23:00:00Z, true",
		"2020-01-01, 2020-01-01T08:00:00Z, false",
	})
	void aPeriodThatEndsBeforeItStarts_isRefusedAtItsPath_asFhirPathComparesDates(String start, String end, boolean refused) {
		org.hl7.fhir.r4.model.Encounter encounter = new org.hl7.fhir.r4.model.Encounter()
				.setStatus(org.hl7.fhir.r4.model.Encounter.EncounterStatus.FINISHED)
				.setClass_(new org.hl7.fhir.r4.model.Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", null));
		encounter.addIdentifier().setValue("1").getPeriod().setStartElement(new org.hl7.fhir.r4.model.DateTimeType(start))
				.setEndElement(new org.hl7.fhir.r4.model.DateTimeType(end));

		List<SingleValidationMessage> messages = Artefacts.validator().validate(encounter, List.of());

		assertThat(messages).filteredOn(m -> BaseSpecChecks.PERIOD_ORDER.equals(m.getMessageId()))
				.extracting(SingleValidationMessage::getLocationString)
				.isEqualTo(refused ? List.of("Encounter.identifier[0].period") : List.of());
		assertThat(messages).filteredOn(ResourceValidator::isError).hasSize(refused ? 1 : 0);
	}

	/**
	 * A profiled resource the server parsed from XML carries its XML body and encoding in its user data. HAPI then
	 * handed the validator the resource encoded as JSON but labelled XML, and every such create or update was a 500.
	 * It is now validated as the same resource from JSON is, and keeps its user data.
	 */
	@Test
	void profiledResourceThatArrivedAsXml_isValidatedAsFromJson() {
		Observation igf1 = igf1WithoutValue();
		List<String> fromJson = Artefacts.validator().validate(igf1, List.of()).stream().map(m -> m.getMessage()).toList();
		Observation fromXml = Artefacts.FHIR.newXmlParser().parseResource(Observation.class,
				Artefacts.FHIR.newXmlParser().encodeResourceToString(igf1WithoutValue()));
		ca.uhn.fhir.util.ResourceUtil.addRawDataToResource(fromXml, ca.uhn.fhir.rest.api.EncodingEnum.XML,
				Artefacts.FHIR.newXmlParser().encodeResourceToString(fromXml));

		List<String> messages = Artefacts.validator().validate(fromXml, List.of()).stream().map(m -> m.getMessage()).toList();

		assertThat(fromJson).isNotEmpty();
		assertThat(messages).containsExactlyInAnyOrderElementsOf(fromJson);
		assertThat(ca.uhn.fhir.util.ResourceUtil.getEncodingTypeFromUserData(fromXml))
				.isEqualTo(ca.uhn.fhir.rest.api.EncodingEnum.XML);
	}

	/** An IGF-1 (inferred from its LOINC code) with no value: our profile refuses it. */
	private static Observation igf1WithoutValue() {
		Observation igf1 = new Observation().setStatus(Observation.ObservationStatus.FINAL)
				.setSubject(new Reference("Patient/p1")).setEffective(new DateTimeType("2026-11-01"));
		igf1.getCode().addCoding().setSystem("http://loinc.org").setCode("2484-4");
		return igf1;
	}

	@Test
	void resourceWithoutAHeldProfile_getsNoInstanceValidation() {
		Patient patient = new Patient();
		patient.addContact().setGender(Enumerations.AdministrativeGender.MALE); // breaks pat-1
		patient.addExtension("http://example.org/generator/unknown-extension", new StringType("x"));
		assertThat(Artefacts.validator().validate(patient, List.of())).isEmpty();
	}

	/**
	 * A profiled IGF-1 whose {@code focus} is a conditional reference with a system in a token ({@code
	 * Observation?code=http://loinc.org|99999-9}), as a transaction or a create may send it for the store to resolve: the
	 * validator checks it as a reference, without a 500. Before, the HL7 validator took the "http://" in it for a
	 * canonical URL and failed inside HAPI's core-definition lookup (StringIndexOutOfBoundsException), a 500 on every
	 * such write.
	 */
	@ParameterizedTest
	@CsvSource({"Observation?code=http://loinc.org|99999-9", "Observation?identifier=http://x.org|nope",
			"Observation?identifier=urn:x|nope", "Patient?identifier=http://hospital.example.org/mrn|123&birthdate=1970-01-01"})
	void conditionalReferenceWithAUrlInItsCriteria_isValidatedWithoutFailing(String criteria) {
		Observation igf1 = new Observation();
		igf1.setStatus(Observation.ObservationStatus.FINAL);
		igf1.getCode().addCoding().setSystem("http://loinc.org").setCode("2484-4");
		igf1.setSubject(new Reference("Patient/p1"));
		igf1.setEffective(new DateTimeType("2026-11-30"));
		igf1.setValue(new Quantity().setValue(150).setUnit("ng/mL").setSystem("http://unitsofmeasure.org").setCode("ng/mL"));
		igf1.addFocus(new Reference(criteria));

		List<SingleValidationMessage> messages = Artefacts.validator().validate(igf1, List.of());

		assertThat(messages).noneMatch(message -> message.getSeverity() == ResultSeverityEnum.FATAL);
	}

	/**
	 * A body weight as Synthea and US Core EHRs send it, declaring the core profile: no message at all (before, our
	 * LOINC fragment, which shadows LOINC, said "Unknown code" and "None of the codings are in 'Vital Signs'").
	 */
	@Test
	void standardVitalSignWithTheCoreProfile_drawsNoFalseWarnings() {
		Observation weight = new Observation();
		weight.getMeta().addProfile("http://hl7.org/fhir/StructureDefinition/bodyweight");
		weight.setStatus(Observation.ObservationStatus.FINAL);
		weight.addCategory().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/observation-category")
				.setCode("vital-signs").setDisplay("vital-signs");
		weight.getCode().addCoding().setSystem("http://loinc.org").setCode("29463-7").setDisplay("Body Weight");
		weight.getCode().setText("Body Weight");
		weight.setSubject(new Reference("Patient/1"));
		weight.setEffective(new DateTimeType("2026-11-01T10:00:00Z"));
		weight.setValue(new Quantity().setValue(80).setUnit("kg").setSystem("http://unitsofmeasure.org").setCode("kg"));

		assertThat(Artefacts.validator().validate(weight, List.of())).isEmpty();
	}

	@Test
	void heldCoreProfile_isEnforced() {
		Observation weight = new Observation();
		weight.getMeta().addProfile("http://hl7.org/fhir/StructureDefinition/bodyweight");
		weight.setStatus(Observation.ObservationStatus.FINAL);
		weight.getCode().addCoding().setSystem("http://loinc.org").setCode("29463-7");
		assertThat(Artefacts.validator().validate(weight, List.of())).anySatisfy(m -> assertThat(ResourceValidator.isError(m)).isTrue());
	}

	/**
	 * A lab result dated by {@code effectiveInstant}, as laboratory systems date a specimen, meets our profiles (it was
	 * refused with 422, though valid R4 and read by the guidance); one dated only by a Timing, which the guidance cannot
	 * date, is still refused.
	 */
	@ParameterizedTest(name = "IGF-1 dated by {0} -> error {1}")
	@org.junit.jupiter.params.provider.CsvSource({"instant, false", "dateTime, false", "timing, true"})
	void labResultDatedByAnInstant_meetsOurProfile(String dating, boolean error) {
		Observation igf1 = WriteValidation.sampleIgf1();
		switch (dating) {
			case "instant" -> igf1.setEffective(new org.hl7.fhir.r4.model.InstantType("2026-11-20T08:15:00Z"));
			case "timing" -> igf1.setEffective(new org.hl7.fhir.r4.model.Timing().addEvent(new java.util.Date()));
			default -> igf1.setEffective(new DateTimeType("2026-11-20T08:15:00Z"));
		}

		List<SingleValidationMessage> messages = Artefacts.validator().validate(igf1, List.of());

		assertThat(messages.stream().anyMatch(ResourceValidator::isError)).as(messages.toString()).isEqualTo(error);
	}

	@Test
	void ourProfile_isEnforcedWhenAnUnheldProfileIsDeclaredToo_andUnknownExtensionsAreAccepted() {
		Observation igf1 = WriteValidation.sampleIgf1();
		igf1.getMeta().addProfile("http://hl7.org/fhir/us/core/StructureDefinition/us-core-observation-lab");
		igf1.addExtension("http://example.org/generator/lab-system", new StringType("LIS-7"));
		assertThat(Artefacts.validator().validate(igf1, List.of())).noneMatch(ResourceValidator::isError);

		igf1.setValue(new Quantity().setValue(146).setUnit("mg/dL").setSystem("http://unitsofmeasure.org").setCode("mg/dL"));
		assertThat(Artefacts.validator().validate(igf1, List.of()))
				.anySatisfy(m -> assertThat(m.getMessage()).contains("igf1-1"))
				.anySatisfy(m -> assertThat(m.getMessageId()).isEqualTo(ResourceValidator.UNKNOWN_PROFILE));
	}

	/** Every HbA1c code of VSAC HbA1c Laboratory Test is held to the metabolic profile: a mass fraction, in %. */
	@ParameterizedTest(name = "HbA1c {0} in {1} -> error {2}")
	@org.junit.jupiter.params.provider.CsvSource({
		"4548-4, %, false", "4548-4, mmol/mol, true",
		"17855-8, %, false", "17855-8, mmol/mol, true",
		"17856-6, %, false", "17856-6, mmol/mol, true",
		"4549-2, %, false", "4549-2, mmol/mol, true",
		"96595-4, %, false", "96595-4, mg/dL, true"})
	void hba1c_ofEveryPublishedCode_isValidatedAgainstTheMetabolicProfile(String code, String unit, boolean error) {
		Observation hba1c = labResult(code, 6.1, unit);

		List<SingleValidationMessage> messages = Artefacts.validator().validate(hba1c, List.of());

		assertThat(hba1c.getMeta().getProfile()).extracting(p -> p.getValue())
				.containsExactly("http://somaxis.org/fhir/StructureDefinition/metabolic-lab-observation");
		assertThat(messages.stream().anyMatch(ResourceValidator::isError)).as(messages.toString()).isEqualTo(error);
	}

	/**
	 * Labs are held to the units laboratories report them in, with the litre as L or l (UCUM has both symbols): a UK or
	 * German laboratory's nmol/l, ng/ml and mmol/l, ug/L for IGF-1, insulin in pmol/L. Before, each was refused on write
	 * while $evaluate read the same value. A unit that says the value is not what the code means is still refused.
	 */
	@ParameterizedTest(name = "{0} in {1} -> error {2}")
	@org.junit.jupiter.params.provider.CsvSource({
		"2484-4, ng/mL, false", "2484-4, ng/ml, false", "2484-4, ug/L, false", "2484-4, ug/l, false",
		"2484-4, nmol/L, false", "2484-4, nmol/l, false", "2484-4, mg/dL, true", "2484-4, mmol/L, true",
		"1558-6, mg/dL, false", "1558-6, mg/dl, false", "1558-6, mmol/L, true",
		"77145-1, mmol/L, false", "77145-1, mmol/l, false", "77145-1, mg/dL, true",
		"14771-0, mmol/L, false", "14771-0, mmol/l, false", "14771-0, mg/dL, true",
		"27873-9, u[IU]/mL, false", "27873-9, m[IU]/l, false", "27873-9, pmol/L, false", "27873-9, mg/dL, true",
		"2483-6, mg/l, false", "2483-6, ng/ml, false", "2483-6, nmol/L, true",
		"2986-8, ng/dL, false", "2986-8, ng/ml, false", "2986-8, nmol/l, false", "2986-8, %, true",
		"59261-8, mmol/mol, false", "59261-8, %, true"})
	void labValues_inTheUnitsLaboratoriesReport_meetOurProfiles_withTheLitreAsLOrl(String code, String unit, boolean error) {
		Observation lab = labResult(code, 42, unit);

		List<SingleValidationMessage> messages = Artefacts.validator().validate(lab, List.of());

		assertThat(lab.getMeta().getProfile()).isNotEmpty();
		assertThat(messages.stream().filter(ResourceValidator::isError).map(SingleValidationMessage::getMessage).toList())
				.as(messages.toString()).satisfies(errors -> {
					if (error) {
						assertThat(errors).anySatisfy(m -> assertThat(m).containsAnyOf("igf1-1", "met-1"));
					} else {
						assertThat(errors).isEmpty();
					}
				});
	}

	/** A final lab result of Patient/p1 under a LOINC code, with a UCUM value. */
	private static Observation labResult(String loinc, double value, String unit) {
		Observation lab = new Observation();
		lab.setStatus(Observation.ObservationStatus.FINAL);
		lab.getCode().addCoding().setSystem("http://loinc.org").setCode(loinc);
		lab.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/p1"));
		lab.setEffective(new org.hl7.fhir.r4.model.DateTimeType("2026-11-21"));
		lab.setValue(new Quantity().setValue(value).setUnit(unit).setSystem("http://unitsofmeasure.org").setCode(unit));
		return lab;
	}

	/**
	 * A tesamorelin order as EHRs code it: their own drug code beside RxNorm (Epic's urn:oid medication codes), an NDC
	 * package code beside RxNorm or ours, a second RxCUI. One coding in gh-peptides meets the binding; an order with no
	 * such coding is still refused.
	 */
	@ParameterizedTest(name = "{0}|{1} and {2}|{3} -> error {4}")
	@org.junit.jupiter.params.provider.CsvSource({
		"urn:oid:1.2.840.114350.1.13.0.1.7.2.698288, 123456, http://www.nlm.nih.gov/research/umls/rxnorm, 1044587, false",
		"http://www.nlm.nih.gov/research/umls/rxnorm, 1044587, http://hl7.org/fhir/sid/ndc, 62064-0241-01, false",
		"http://somaxis.org/fhir/CodeSystem/gh-peptides, tesamorelin, http://hl7.org/fhir/sid/ndc, 62064024101, false",
		"http://www.nlm.nih.gov/research/umls/rxnorm, 1044587, http://www.nlm.nih.gov/research/umls/rxnorm, 1044580, false",
		"http://somaxis.org/fhir/CodeSystem/gh-peptides, tesamorelin, urn:oid:1.2.840.114350.1.13.0.1.7.2.698288, 123456, false",
		"http://somaxis.org/fhir/CodeSystem/gh-peptides, no-such-peptide, urn:oid:1.2.840.114350.1.13.0.1.7.2.698288, 123456, true"
	})
	void peptideOrderWithSeveralCodings_meetsTheBindingWhenOneIsAPeptide(
			String system, String code, String otherSystem, String otherCode, boolean error) {
		org.hl7.fhir.r4.model.MedicationRequest order = new org.hl7.fhir.r4.model.MedicationRequest();
		order.setStatus(org.hl7.fhir.r4.model.MedicationRequest.MedicationRequestStatus.ACTIVE);
		order.setIntent(org.hl7.fhir.r4.model.MedicationRequest.MedicationRequestIntent.ORDER);
		order.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/p1"));
		order.setAuthoredOnElement(new org.hl7.fhir.r4.model.DateTimeType("2026-11-21"));
		org.hl7.fhir.r4.model.CodeableConcept drug = new org.hl7.fhir.r4.model.CodeableConcept();
		drug.addCoding().setSystem(system).setCode(code);
		drug.addCoding().setSystem(otherSystem).setCode(otherCode);
		order.setMedication(drug);
		org.hl7.fhir.r4.model.Dosage dosage = order.addDosageInstruction();
		dosage.getRoute().addCoding().setSystem("http://snomed.info/sct").setCode("34206005");
		dosage.addDoseAndRate().setDose(new Quantity().setValue(2).setUnit("mg").setSystem("http://unitsofmeasure.org").setCode("mg"));

		List<SingleValidationMessage> messages = Artefacts.validator().validate(order, List.of(ProfileInference.GH_PEPTIDE_ORDER));

		assertThat(messages.stream().anyMatch(ResourceValidator::isError)).as(messages.toString()).isEqualTo(error);
	}

	/**
	 * A peptide order whose drug is a reference to a contained Medication, where our profile takes a CodeableConcept
	 * only: refused for that, once. The HL7 validator, which does not follow a reference the profile refused, also said
	 * the contained Medication was referenced from nowhere (dom-3), which it is (probe 63, P63-m11). A contained
	 * resource nothing references still draws dom-3.
	 */
	@ParameterizedTest(name = "referenced {0}")
	@org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
	void containedMedicationReferencedWhereTheProfileRefusesAReference_isNotCalledUnreferenced(boolean referenced) {
		org.hl7.fhir.r4.model.MedicationRequest order = tesamorelinOrder(
				org.hl7.fhir.r4.model.MedicationRequest.MedicationRequestStatus.ACTIVE);
		order.setAuthoredOnElement(new org.hl7.fhir.r4.model.DateTimeType("2026-11-21"));
		org.hl7.fhir.r4.model.Medication medication = new org.hl7.fhir.r4.model.Medication();
		medication.setId("med1");
		medication.setCode(order.getMedicationCodeableConcept());
		order.addContained(medication);
		if (referenced) {
			order.setMedication(new Reference("#med1"));
		}

		List<SingleValidationMessage> messages = Artefacts.validator().validate(order, List.of(ProfileInference.GH_PEPTIDE_ORDER));

		List<String> ids = messages.stream().map(m -> m.getMessageId() + " @" + m.getLocationString()).toList();
		if (referenced) {
			assertThat(ids).as(messages.toString()).contains("Extension_PROF_Type @MedicationRequest.medication.ofType(Reference)")
					.noneMatch(id -> id.startsWith("CONTAINED_ORPHAN_DOM3"))
					.noneMatch(id -> id.endsWith("@MedicationRequest.medication.ofType(Reference).reference"));
		} else {
			assertThat(ids).as(messages.toString()).containsExactly("CONTAINED_ORPHAN_DOM3 @MedicationRequest.contained[0]");
		}
	}

	/** A tesamorelin order (EGRIFTA SV in RxNorm) for Patient/p1 with no date and no dosage yet. */
	private static org.hl7.fhir.r4.model.MedicationRequest tesamorelinOrder(
			org.hl7.fhir.r4.model.MedicationRequest.MedicationRequestStatus status) {
		org.hl7.fhir.r4.model.MedicationRequest order = new org.hl7.fhir.r4.model.MedicationRequest();
		order.setStatus(status);
		order.setIntent(org.hl7.fhir.r4.model.MedicationRequest.MedicationRequestIntent.ORDER);
		order.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/p1"));
		order.setMedication(new org.hl7.fhir.r4.model.CodeableConcept(
				new org.hl7.fhir.r4.model.Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "1044587", null)));
		return order;
	}

	/**
	 * Epic sends a dosage's doses as several doseAndRate entries (the amount to administer as a volume, the ordered
	 * dose); clinics write a volume or syringe units alone, or a titration range. All are valid R4 and stored; a dosage
	 * without a dose in ug or mg, which the guidance cannot compare, carries the gpmr-1 warning. A volume or units alone
	 * was refused before (probe 43, M7), a range always.
	 */
	@ParameterizedTest(name = "doses {0} -> gpmr-1 warning {1}")
	@org.junit.jupiter.params.provider.CsvSource({"'mL,mg', false", "'mg', false", "'', false", "'mL', true",
			"'[iU]', true", "'range', true"})
	void peptideOrderDoses_areStored_warnedWithoutOneInAMassUnit(String units, boolean warned) {
		org.hl7.fhir.r4.model.MedicationRequest order =
				tesamorelinOrder(org.hl7.fhir.r4.model.MedicationRequest.MedicationRequestStatus.ACTIVE);
		order.setAuthoredOnElement(new org.hl7.fhir.r4.model.DateTimeType("2026-11-21"));
		org.hl7.fhir.r4.model.Dosage dosage = order.addDosageInstruction();
		dosage.getRoute().addCoding().setSystem("http://snomed.info/sct").setCode("34206005");
		for (String unit : units.isEmpty() ? new String[0] : units.split(",")) {
			if (unit.equals("range")) {
				dosage.addDoseAndRate().setDose(new org.hl7.fhir.r4.model.Range()
						.setLow(new Quantity().setValue(1).setUnit("mg").setSystem("http://unitsofmeasure.org").setCode("mg"))
						.setHigh(new Quantity().setValue(2).setUnit("mg").setSystem("http://unitsofmeasure.org").setCode("mg")));
				continue;
			}
			dosage.addDoseAndRate().setDose(new Quantity().setValue(unit.equals("mL") ? 0.2 : 2).setUnit(unit)
					.setSystem("http://unitsofmeasure.org").setCode(unit));
		}

		List<SingleValidationMessage> messages = Artefacts.validator().validate(order, List.of());

		assertThat(messages.stream().filter(ResourceValidator::isError)).as(messages.toString()).isEmpty();
		assertThat(messages.stream().anyMatch(m -> m.getMessage().contains("gpmr-1"))).as(messages.toString())
				.isEqualTo(warned);
	}

	/**
	 * A route coded as European EHRs and IPS code it (EDQM Standard Terms), in an EHR's own code, or as text only: valid
	 * R4, accepted (the binding is extensible; the guidance names a route it cannot check). Refused with 422 before.
	 */
	@ParameterizedTest(name = "{0}")
	@org.junit.jupiter.params.provider.CsvSource({"http://standardterms.edqm.eu, 20066000", "urn:oid:1.2.840.114350.1.13.0.1.7.4.798268.7025, 18", "NONE, NONE"})
	void peptideOrderWithARouteOutsideSnomedCt_conformsToThePeptideProfile(String system, String code) {
		org.hl7.fhir.r4.model.MedicationRequest order =
				tesamorelinOrder(org.hl7.fhir.r4.model.MedicationRequest.MedicationRequestStatus.ACTIVE);
		org.hl7.fhir.r4.model.CodeableConcept route = order.addDosageInstruction().getRoute().setText("Subcutaneous");
		if (!system.equals("NONE")) {
			route.addCoding().setSystem(system).setCode(code);
		}

		List<SingleValidationMessage> messages = Artefacts.validator().validate(order, List.of());

		assertThat(messages.stream().filter(ResourceValidator::isError)).as(messages.toString()).isEmpty();
	}

	/** An order from an EHR's history often has no authoredOn: valid R4, and the guidance names an active one it cannot date. */
	@Test
	void completedPeptideOrderWithoutAuthoredOn_conformsToThePeptideProfile() {
		org.hl7.fhir.r4.model.MedicationRequest order =
				tesamorelinOrder(org.hl7.fhir.r4.model.MedicationRequest.MedicationRequestStatus.COMPLETED);
		order.addDosageInstruction().getRoute().addCoding().setSystem("http://snomed.info/sct").setCode("34206005");

		List<SingleValidationMessage> messages = Artefacts.validator().validate(order, List.of());

		assertThat(messages.stream().filter(ResourceValidator::isError)).as(messages.toString()).isEmpty();
	}

	@Test
	void wearableSleepInTheActivityCategory_conformsToTheSleepProfile() {
		Observation sleep = wearableSleep();
		assertThat(Artefacts.validator().validate(sleep, List.of())).noneMatch(ResourceValidator::isError);
		assertThat(sleep.getMeta().getProfile()).extracting(p -> p.getValue()).containsExactly(ProfileInference.SLEEP);
	}

	@Test
	void requestedProfile_isChecked_andAnUnheldRequestedOneIsReported() {
		Patient patient = new Patient();
		assertThat(Artefacts.validator().validate(patient, List.of(ProfileInference.IGF1)))
				.anySatisfy(m -> assertThat(ResourceValidator.isError(m)).isTrue());
		assertThat(Artefacts.validator().validate(new Patient(), List.of(US_CORE_PATIENT)))
				.singleElement().satisfies(m -> assertThat(m.getLocationString()).isEqualTo("Parameters.profile"));
	}

	/**
	 * A profile of ours named with a version the server does not hold ({@code |0.2.0}) is a profile the server does not
	 * hold: the unknown-profile policy applies to it, at its place. Before, any version counted as held, so it was neither
	 * refused under {@code reject} nor named (probe 54, P54-m3). The held version counts as held.
	 */
	@ParameterizedTest(name = "version {0} -> named as not held {1}")
	@org.junit.jupiter.params.provider.CsvSource({"0.2.0, true", "0.1.0, false"})
	void ourProfileInAVersionTheServerDoesNotHold_isAnUnheldProfile(String version, boolean named) {
		Observation sleep = wearableSleep();
		sleep.getMeta().addProfile(ProfileInference.SLEEP + "|" + version);
		ResourceValidator validator = new ResourceValidator(Artefacts.FHIR, Artefacts.chain(), UnknownProfilePolicy.REJECT, null);

		List<SingleValidationMessage> messages = validator.validate(sleep, List.of());

		assertThat(messages.stream().anyMatch(m -> ResourceValidator.UNKNOWN_PROFILE.equals(m.getMessageId())
				&& m.getLocationString().equals("Observation.meta.profile[0]") && ResourceValidator.isError(m)))
				.as(messages.toString()).isEqualTo(named);
		assertThat(messages).noneSatisfy(m -> assertThat(m.getLocationString()).contains("Line[0]"));
	}

	/** HAPI hands a Parameters body's profile to $validate as its toString(): the profile is read from inside it. */
	@ParameterizedTest
	@org.junit.jupiter.params.provider.ValueSource(strings = {
			"UriType[http://somaxis.org/fhir/StructureDefinition/igf1-observation]",
			"CanonicalType[http://somaxis.org/fhir/StructureDefinition/igf1-observation]",
			"http://somaxis.org/fhir/StructureDefinition/igf1-observation"})
	void profileOfAParametersBody_isReadFromHapisToString(String option) {
		assertThat(ResourceValidator.unwrapped(option)).isEqualTo(ProfileInference.IGF1);
	}

	/**
	 * A result or order whose subject is no Patient where our profile says {@code Reference(Patient)}: refused at the
	 * subject (the HL7 validator, without a resolver, checked no target, and R4 lets a Group be an Observation's subject),
	 * so no result about no patient is stored with a profile it does not meet (probe 54, P54-M2). A Patient named by its
	 * literal, absolute or conditional, or by {@code type}, and a placeholder of a transaction, meet it.
	 */
	@ParameterizedTest(name = "{0} -> refused {1}")
	@org.junit.jupiter.params.provider.CsvSource({
			"Group/g1, true", "http://example.org/fhir/Group/g1, true", "Group?identifier=x|1, true", "Device/d1, true",
			"http://example.org/fhir/Group?identifier=x|1, true", "http://example.org/fhir/Patient?identifier=x|1, false",
			"Patient/p1, false", "http://example.org/fhir/Patient/p1/_history/2, false", "Patient?identifier=x|1, false",
			"urn:uuid:2b0c1e0e-52a5-4d3a-9d0f-2c1f5c0c1a11, false"})
	void resultOfOurProfileAboutNoPatient_isRefusedAtItsSubject(String subject, boolean refused) {
		Observation igf1 = new Observation();
		igf1.setStatus(Observation.ObservationStatus.FINAL);
		igf1.getCode().addCoding().setSystem("http://loinc.org").setCode("2484-4");
		igf1.setSubject(new org.hl7.fhir.r4.model.Reference(subject));
		igf1.setEffective(new org.hl7.fhir.r4.model.DateTimeType("2026-11-21"));
		igf1.setValue(new Quantity().setValue(212).setUnit("ng/mL").setSystem("http://unitsofmeasure.org").setCode("ng/mL"));

		List<SingleValidationMessage> messages = Artefacts.validator().validate(igf1, List.of());

		assertThat(messages.stream().anyMatch(m -> ResourceValidator.isError(m) && m.getLocationString().equals("Observation.subject")))
				.as(messages.toString()).isEqualTo(refused);
		assertThat(messages.stream().filter(ResourceValidator::isError)).as(messages.toString()).hasSize(refused ? 1 : 0);
	}

	/** The same by {@code Reference.type} alone (a logical reference): a Patient meets it, a Group does not. */
	@ParameterizedTest(name = "{0} -> refused {1}")
	@org.junit.jupiter.params.provider.CsvSource({"Group, true", "Patient, false"})
	void peptideOrderWhoseSubjectIsTypedOnly_isJudgedByItsType(String type, boolean refused) {
		org.hl7.fhir.r4.model.MedicationRequest order = new org.hl7.fhir.r4.model.MedicationRequest();
		order.setStatus(org.hl7.fhir.r4.model.MedicationRequest.MedicationRequestStatus.ACTIVE);
		order.setIntent(org.hl7.fhir.r4.model.MedicationRequest.MedicationRequestIntent.ORDER);
		order.setMedication(new org.hl7.fhir.r4.model.CodeableConcept(
				new org.hl7.fhir.r4.model.Coding("http://somaxis.org/fhir/CodeSystem/gh-peptides", "tesamorelin", null)));
		order.setSubject(new org.hl7.fhir.r4.model.Reference().setType(type)
				.setIdentifier(new org.hl7.fhir.r4.model.Identifier().setSystem("urn:x").setValue("1")));
		order.setAuthoredOnElement(new org.hl7.fhir.r4.model.DateTimeType("2026-11-21"));

		List<SingleValidationMessage> messages = Artefacts.validator().validate(order, List.of());

		assertThat(messages.stream().anyMatch(m -> ResourceValidator.isError(m) && m.getLocationString().equals("MedicationRequest.subject")))
				.as(messages.toString()).isEqualTo(refused);
	}

	/** A night's sleep as a wearable sends it: category activity, LOINC 93832-4, 7.2 h, no profile declared. */
	private static Observation wearableSleep() {
		Observation sleep = new Observation();
		sleep.setStatus(Observation.ObservationStatus.FINAL);
		sleep.addCategory().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/observation-category").setCode("activity");
		sleep.getCode().addCoding().setSystem("http://loinc.org").setCode("93832-4");
		sleep.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/p1"));
		sleep.setEffective(new org.hl7.fhir.r4.model.DateTimeType("2026-11-21"));
		sleep.setValue(new Quantity().setValue(7.2).setUnit("h").setSystem("http://unitsofmeasure.org").setCode("h"));
		return sleep;
	}

	/**
	 * A conditional reference without the type it searches ({@code ?identifier=...}), on any resource, profiled or not, at
	 * any depth: an error at its element. HAPI's storage answered 500 (probe 55, P55-M2).
	 */
	@ParameterizedTest(name = "{0}")
	@org.junit.jupiter.params.provider.ValueSource(strings = {"Observation.subject", "Condition.subject", "Condition.evidence.detail"})
	void conditionalReferenceWithoutItsType_isAnErrorAtItsElement(String where) {
		org.hl7.fhir.r4.model.Resource resource;
		if (where.startsWith("Observation")) {
			Observation note = new Observation();
			note.setStatus(Observation.ObservationStatus.FINAL);
			note.getCode().setText("note");
			note.setSubject(new org.hl7.fhir.r4.model.Reference("?identifier=urn:x|1"));
			resource = note;
		} else {
			org.hl7.fhir.r4.model.Condition condition = new org.hl7.fhir.r4.model.Condition();
			condition.getCode().setText("note");
			if (where.equals("Condition.subject")) {
				condition.setSubject(new org.hl7.fhir.r4.model.Reference("?identifier=urn:x|1"));
			} else {
				condition.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/p1"));
				condition.addEvidence().addDetail(new org.hl7.fhir.r4.model.Reference("?identifier=urn:x|1"));
			}
			resource = condition;
		}

		List<SingleValidationMessage> messages = Artefacts.validator().validate(resource, List.of());

		assertThat(messages).filteredOn(ResourceValidator::isError).singleElement()
				.satisfies(m -> assertThat(m.getLocationString()).isEqualTo(where));
	}
}
