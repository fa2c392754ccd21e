package org.somaxis.operation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.GuidanceResponse;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RequestGroup;
import org.junit.jupiter.api.Test;
import org.somaxis.support.FhirHttp;

/** {@code GET|POST [base]/Patient/[id]/$evaluate} over HTTP against the scenario patients. */
class PatientEvaluateIT extends EvaluateServer {
	static final String VERY_HIGH = "igf1-persistently-very-high-tesamorelin";

	private FhirHttp.Response get(String scenario, String query) {
		return http.get("/fhir/Patient/" + patientId(scenario) + "/$evaluate?" + query);
	}

	private FhirHttp.Response post(String scenario, Parameters input) {
		return http.postResource("/fhir/Patient/" + patientId(scenario) + "/$evaluate", input);
	}

	@Test
	void get_rendersEachFindingAsARequestGroupActionWithItsRuleCoding() {
		FhirHttp.Response response = get(VERY_HIGH, "evaluationDate=" + EVALUATION_DATE);

		assertThat(response.status()).isEqualTo(200);
		Parameters output = response.as(Parameters.class);
		GuidanceResponse guidance = guidance(output);
		assertThat(guidance.getStatus()).isEqualTo(GuidanceResponse.GuidanceResponseStatus.SUCCESS);
		assertThat(guidance.getModuleUriType().getValue())
				.isEqualTo("http://somaxis.org/fhir/OperationDefinition/patient-evaluate");
		assertThat(guidance.getSubject().getReference()).isEqualTo("Patient/" + patientId(VERY_HIGH));
		assertThat(ruleIds(output)).containsExactly("igf1-persistently-very-high", "igf1-above-range-on-therapy");
		RequestGroup.RequestGroupActionComponent critical = requestGroup(output).getAction().get(0);
		assertThat(critical.getPriority()).isEqualTo(RequestGroup.RequestPriority.STAT);
		assertThat(critical.getTitle()).hasSizeLessThan(140);
		assertThat(critical.getDescription()).contains("590");
		assertThat(critical.getDocumentation()).isNotEmpty();
		assertThat(critical.getAction()).extracting(RequestGroup.RequestGroupActionComponent::getTitle).isNotEmpty();
		assertThat(requestGroup(output).getAction().get(1).getPriority()).isEqualTo(RequestGroup.RequestPriority.URGENT);
	}

	@Test
	void get_returnsOneDetectedIssuePerSafetyFinding() {
		Parameters output = get(VERY_HIGH, "evaluationDate=" + EVALUATION_DATE).as(Parameters.class);

		List<DetectedIssue> issues = issues(output);
		assertThat(issues).extracting(issue -> issue.getCode().getCodingFirstRep().getCode())
				.containsExactly("igf1-persistently-very-high", "igf1-above-range-on-therapy");
		DetectedIssue critical = issues.get(0);
		assertThat(critical.getCode().getCodingFirstRep().getSystem()).isEqualTo(RULES);
		assertThat(critical.getSeverity()).isEqualTo(DetectedIssue.DetectedIssueSeverity.HIGH);
		assertThat(critical.getPatient().getReference()).isEqualTo("Patient/" + patientId(VERY_HIGH));
		assertThat(critical.getImplicated()).isNotEmpty();
		assertThat(critical.getEvidenceFirstRep().getDetail())
				.extracting(Reference::getReference)
				.allMatch(reference -> reference.startsWith("Observation/") || reference.startsWith("MedicationRequest/"));
	}

	@Test
	void lifestyleFindings_areNotDetectedIssues() {
		Parameters output = get("short-sleep", "evaluationDate=" + EVALUATION_DATE).as(Parameters.class);

		assertThat(ruleIds(output)).containsExactly("sleep-short");
		assertThat(requestGroup(output).getActionFirstRep().getPriority()).isEqualTo(RequestGroup.RequestPriority.ROUTINE);
		assertThat(issues(output)).isEmpty();
	}

	@Test
	void post_givesTheSameFindingsAsGet() {
		Parameters output = post(VERY_HIGH, parameters(
				"hook", new CodeType("patient-view"), "evaluationDate", new DateType(EVALUATION_DATE)))
				.as(Parameters.class);

		assertThat(ruleIds(output)).containsExactly("igf1-persistently-very-high", "igf1-above-range-on-therapy");
	}

	@Test
	void get_withoutEvaluationDate_evaluatesToday() {
		FhirHttp.Response response = get("short-sleep", "");

		assertThat(response.status()).isEqualTo(200);
		assertThat(guidance(response.as(Parameters.class)).hasResult()).isTrue();
	}

	@Test
	void post_draftOrdersWithoutHook_evaluateTheOrderFace() {
		MedicationRequest draft = mk677(new Reference("Patient/" + patientId("short-sleep")), "34206005");

		Parameters output = post("short-sleep", parameters(
				"draftOrders", bundleOf(draft), "evaluationDate", new DateType(EVALUATION_DATE)))
				.as(Parameters.class);

		assertThat(ruleIds(output)).contains("route-mismatch", "regulatory-status").doesNotContain("sleep-short");
		DetectedIssue route = issues(output).stream()
				.filter(issue -> issue.getCode().getCodingFirstRep().getCode().equals("route-mismatch"))
				.findFirst()
				.orElseThrow();
		assertThat(route.getImplicated()).extracting(Reference::getReference).containsExactly("MedicationRequest/draft-1");
	}

	@Test
	void orderSelect_usesDraftOrdersAlreadyStored() {
		Parameters output = get("active-malignancy-tesamorelin-order", "hook=order-select&evaluationDate=" + EVALUATION_DATE)
				.as(Parameters.class);

		RequestGroup.RequestGroupActionComponent action = requestGroup(output).getActionFirstRep();
		assertThat(ruleIds(output)).containsExactly("peptide-active-malignancy");
		assertThat(action.getAction()).isNotEmpty();
		assertThat(action.getActionFirstRep().getActionFirstRep().getType().getCodingFirstRep().getCode())
				.isEqualTo("remove");
	}

	@Test
	void unknownHook_is400WithAnOperationOutcome() {
		FhirHttp.Response response = get("short-sleep", "hook=encounter-start");

		assertThat(response.status()).isEqualTo(400);
		OperationOutcome outcome = response.as(OperationOutcome.class);
		assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.CODEINVALID);
		assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("Unknown hook 'encounter-start'");
	}

	@Test
	void malformedEvaluationDate_is400NotA500() {
		FhirHttp.Response garbage = get("short-sleep", "evaluationDate=garbage");
		FhirHttp.Response partial = get("short-sleep", "evaluationDate=2026-11");

		assertThat(garbage.status()).isEqualTo(400);
		assertThat(garbage.as(OperationOutcome.class).getIssueFirstRep().getDiagnostics()).contains("is not a date");
		assertThat(partial.status()).isEqualTo(400);
		assertThat(partial.as(OperationOutcome.class).getIssueFirstRep().getDiagnostics()).contains("full date");
		for (String withTime : new String[] {"2026-11-22T10:00:00Z", "2026-11-22T10:00:00", "2026-11-22T10:00:00%2B01:00"}) {
			FhirHttp.Response response = get("short-sleep", "evaluationDate=" + withTime);
			assertThat(response.status()).as(withTime).isEqualTo(400);
			assertThat(response.as(OperationOutcome.class).getIssueFirstRep().getDiagnostics()).contains("it has a time");
		}
	}

	@Test
	void unknownPatient_is404() {
		FhirHttp.Response response = http.get("/fhir/Patient/does-not-exist/$evaluate");

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.as(OperationOutcome.class).getIssue()).isNotEmpty();
	}

	@Test
	void draftEntryOfAnotherType_isNoRuleInput_andIsSkippedAsOnTheCdsFace() {
		Observation notAnOrder = new Observation();
		notAnOrder.setStatus(Observation.ObservationStatus.FINAL);

		FhirHttp.Response response = post("short-sleep", parameters("draftOrders", bundleOf(notAnOrder)));

		assertThat(response.status()).as(response.body()).isEqualTo(200);
	}

	@Test
	void draftOrderWithoutMedication_is400() {
		MedicationRequest draft = mk677(new Reference("Patient/" + patientId("short-sleep")), "26643006");
		draft.setMedication(null);

		FhirHttp.Response response = post("short-sleep", parameters("draftOrders", bundleOf(draft)));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.as(OperationOutcome.class).getIssueFirstRep().getLocation().get(0).getValue())
				.isEqualTo("draftOrders.entry[0]");
	}

	/** The Patient operation reads its data from the store: 'data' is no input of it, and is refused, not ignored. */
	@Test
	void anInputOfAnotherLevel_is400() {
		FhirHttp.Response response = get("short-sleep", "data=x");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.as(OperationOutcome.class).getIssueFirstRep().getDiagnostics())
				.isEqualTo("$evaluate on Patient has no input 'data'; its inputs are hook, draftOrders, evaluationDate");
	}

	/** Drafts inside a Bundle inside draftOrders would reach no rule: 400 at the entry, not a silent skip. */
	@Test
	void draftOrdersInANestedBundle_are400() {
		Bundle inner = bundleOf(mk677(new Reference("Patient/" + patientId("short-sleep")), "26643006"));

		FhirHttp.Response response = post("short-sleep", parameters("draftOrders", bundleOf(inner)));

		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.as(OperationOutcome.class).getIssueFirstRep().getLocation().get(0).getValue())
				.isEqualTo("draftOrders.entry[0]");
	}

	@Test
	void draftOrderForAnotherPatient_is400() {
		MedicationRequest draft = mk677(new Reference("Patient/someone-else"), "26643006");

		FhirHttp.Response response = post("short-sleep", parameters("draftOrders", bundleOf(draft)));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.as(OperationOutcome.class).getIssueFirstRep().getDiagnostics())
				.contains("is not the patient under evaluation");
	}

	@Test
	void unusableData_isRefusedOnWrite_andBecomesAnEvaluationMessageWhenSentInline() {
		Patient patient = new Patient();
		patient.setId("inline-patient");
		patient.setBirthDate(java.sql.Date.valueOf("1980-01-01"));
		patient.setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.FEMALE);
		Observation igf1 = new Observation();
		igf1.setId("inline-igf1");
		igf1.setStatus(Observation.ObservationStatus.FINAL);
		igf1.addCategory().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/observation-category").setCode("laboratory");
		igf1.setCode(new CodeableConcept(new Coding("http://loinc.org", "2484-4", "IGF-1")));
		igf1.setSubject(new Reference("Patient/inline-patient"));
		igf1.setEffective(new org.hl7.fhir.r4.model.DateTimeType("2026-03-02"));
		igf1.setValue(new Quantity().setValue(2).setUnit("mg").setSystem("http://unitsofmeasure.org").setCode("mg"));

		// the store keeps such data out (validation on write)...
		String id = http.postResource("/fhir/Patient", patient).header("Location").split("/")[5];
		Observation stored = igf1.copy();
		stored.setId((String) null);
		stored.setSubject(new Reference("Patient/" + id));
		assertThat(http.postResource("/fhir/Observation", stored).status()).isEqualTo(422);

		// ...and the engine, given it inline, reports it instead of failing
		Bundle data = new Bundle().setType(Bundle.BundleType.COLLECTION);
		data.addEntry().setFullUrl("Patient/inline-patient").setResource(patient);
		data.addEntry().setFullUrl("Observation/inline-igf1").setResource(igf1);
		FhirHttp.Response response = http.postResource(
				"/fhir/$evaluate", EvaluateServer.parameters("data", data, "evaluationDate", new DateType(EVALUATION_DATE)));

		assertThat(response.status()).isEqualTo(200);
		assertThat(messages(response.as(Parameters.class)))
				.anySatisfy(message -> assertThat(message).contains("IGF-1 Observation/inline-igf1 on 2026-03-02", "'mg'", "ignored"));
	}

	@Test
	void capabilityStatement_pointsEachEvaluateAtOurOperationDefinition() {
		CapabilityStatement statement = http.get("/fhir/metadata").as(CapabilityStatement.class);

		CapabilityStatement.CapabilityStatementRestComponent rest = statement.getRestFirstRep();
		assertThat(rest.getOperation())
				.filteredOn(operation -> operation.getName().equals("evaluate"))
				.extracting(operation -> operation.getDefinition())
				.containsExactly("http://somaxis.org/fhir/OperationDefinition/evaluate");
		assertThat(definition(rest, "Patient")).isEqualTo("http://somaxis.org/fhir/OperationDefinition/patient-evaluate");
		assertThat(definition(rest, "Observation"))
				.isEqualTo("http://somaxis.org/fhir/OperationDefinition/observation-evaluate");
	}

	private static String definition(CapabilityStatement.CapabilityStatementRestComponent rest, String type) {
		return rest.getResource().stream()
				.filter(resource -> resource.getType().equals(type))
				.flatMap(resource -> resource.getOperation().stream())
				.filter(operation -> operation.getName().equals("evaluate"))
				.map(operation -> operation.getDefinition())
				.findFirst()
				.orElseThrow();
	}

	static MedicationRequest mk677(Reference subject, String snomedRoute) {
		MedicationRequest draft = new MedicationRequest();
		draft.setStatus(MedicationRequest.MedicationRequestStatus.DRAFT);
		draft.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
		draft.setMedication(new CodeableConcept(
				new Coding("http://somaxis.org/fhir/CodeSystem/gh-peptides", "ibutamoren", "Ibutamoren (MK-677)")));
		draft.setSubject(subject);
		draft.setAuthoredOnElement(new org.hl7.fhir.r4.model.DateTimeType("2026-11-20"));
		draft.addDosageInstruction()
				.setText("25 mg once daily")
				.setRoute(new CodeableConcept(new Coding("http://snomed.info/sct", snomedRoute, null)));
		return draft;
	}

	static Bundle bundleOf(org.hl7.fhir.r4.model.Resource... resources) {
		Bundle bundle = new Bundle();
		bundle.setType(Bundle.BundleType.COLLECTION);
		for (org.hl7.fhir.r4.model.Resource resource : resources) {
			bundle.addEntry().setResource(resource);
		}
		return bundle;
	}
}
