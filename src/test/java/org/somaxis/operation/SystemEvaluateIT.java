package org.somaxis.operation;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.somaxis.support.FhirHttp;

/** {@code POST [base]/$evaluate}: stateless guidance over an inline data Bundle. */
class SystemEvaluateIT extends EvaluateServer {

	private static Bundle scenario(String name) {
		return FhirHttp.FHIR.newJsonParser().parseResource(Bundle.class, read(bundleFile(name)));
	}

	@Test
	void post_evaluatesTheInlineBundleAndCitesResourcesByTheirUuid() {
		FhirHttp.Response response = http.postResource("/fhir/$evaluate", parameters(
				"data", scenario("no-baseline-igf1"), "hook", new CodeType("order-sign"),
				"evaluationDate", new DateType(EVALUATION_DATE)));

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		Parameters output = response.as(Parameters.class);
		assertThat(ruleIds(output)).containsExactly("no-baseline-igf1", "regulatory-status");
		assertThat(guidance(output).getModuleUriType().getValue()).isEqualTo("http://somaxis.org/fhir/OperationDefinition/evaluate");
		assertThat(issues(output).get(0).getImplicatedFirstRep().getReference()).matches("MedicationRequest/[0-9a-f-]{36}");
	}

	@Test
	void post_storesNothing() {
		Bundle data = scenario("short-sleep");
		Patient patient = (Patient) data.getEntry().stream()
				.filter(entry -> entry.getResource() instanceof Patient)
				.findFirst().orElseThrow().getResource();
		patient.setIdentifier(java.util.List.of(new Identifier().setSystem("urn:test:stateless").setValue("never-stored")));

		assertThat(http.postResource("/fhir/$evaluate", parameters("data", data)).status()).isEqualTo(200);

		Bundle found = http.get("/fhir/Patient?identifier=urn:test:stateless%7Cnever-stored").as(Bundle.class);
		assertThat(found.getEntry()).isEmpty();
	}

	@Test
	void post_withDraftOrdersReferencingTheBundlePatient_evaluatesTheOrderFace() {
		Bundle data = scenario("short-sleep");
		String patientFullUrl = data.getEntry().stream()
				.filter(entry -> entry.getResource() instanceof Patient)
				.findFirst().orElseThrow().getFullUrl();

		FhirHttp.Response response = http.postResource("/fhir/$evaluate", parameters(
				"data", data,
				"draftOrders", PatientEvaluateIT.bundleOf(PatientEvaluateIT.mk677(new Reference(patientFullUrl), "34206005")),
				"evaluationDate", new DateType(EVALUATION_DATE)));

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(ruleIds(response.as(Parameters.class))).contains("route-mismatch");
	}

	@Test
	void dataWithTwoPatients_is400() {
		Bundle data = scenario("short-sleep");
		data.addEntry().setResource(new Patient().addName(new org.hl7.fhir.r4.model.HumanName().setFamily("Second")));

		FhirHttp.Response response = http.postResource("/fhir/$evaluate", parameters("data", data));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.as(OperationOutcome.class).getIssueFirstRep().getDiagnostics())
				.contains("must hold exactly one Patient", "it holds 2");
	}

	/**
	 * An input given twice: HAPI bound the first data and dropped the second, so a cancer in it was missed without a
	 * word (and the second of two draftOrders likewise). Every input of $evaluate is max 1: 400, in the body or the URL.
	 */
	@Test
	void inputGivenTwice_is400_inTheBodyOrTheUrl() {
		Parameters twice = parameters("data", scenario("short-sleep"));
		twice.addParameter().setName("data").setResource(scenario("short-sleep"));

		FhirHttp.Response body = http.postResource("/fhir/$evaluate", twice);

		assertThat(body.status()).as(body.body()).isEqualTo(400);
		assertThat(body.as(OperationOutcome.class).getIssueFirstRep().getDiagnostics())
				.isEqualTo("$evaluate takes at most one 'data' (it was given 2 times)");
		FhirHttp.Response url = http.postResource("/fhir/$evaluate?hook=patient-view&hook=order-select",
				parameters("data", scenario("short-sleep")));
		assertThat(url.status()).as(url.body()).isEqualTo(400);
		Parameters unnamed = parameters("data", scenario("short-sleep"));
		unnamed.addParameter().setValue(new DateType(EVALUATION_DATE));
		assertThat(http.postResource("/fhir/$evaluate", unnamed).status()).isEqualTo(400);
	}

	/**
	 * An input the operation does not have: HAPI ignored it, so drafts sent as a misspelt 'draftOrder' vanished and the
	 * guidance passed for complete. 400 naming it, in the body or the URL; the FHIR parameters of every interaction
	 * pass.
	 */
	@Test
	void inputTheOperationDoesNotHave_is400_namingIt() {
		Parameters misspelt = parameters("data", scenario("short-sleep"), "draftOrder", new Bundle());

		FhirHttp.Response body = http.postResource("/fhir/$evaluate", misspelt);

		assertThat(body.status()).as(body.body()).isEqualTo(400);
		assertThat(body.as(OperationOutcome.class).getIssueFirstRep().getDiagnostics())
				.isEqualTo("$evaluate has no input 'draftOrder'; its inputs are data, hook, draftOrders, evaluationDate");
		assertThat(body.as(OperationOutcome.class).getIssueFirstRep().getLocation().get(0).getValue())
				.isEqualTo("draftOrder");
		FhirHttp.Response url = http.postResource("/fhir/$evaluate?foo=bar", parameters("data", scenario("short-sleep")));
		assertThat(url.status()).as(url.body()).isEqualTo(400);
		FhirHttp.Response pretty = http.postResource("/fhir/$evaluate?_pretty=true&_format=json",
				parameters("data", scenario("short-sleep"), "evaluationDate", new DateType(EVALUATION_DATE)));
		assertThat(pretty.status()).as(pretty.body()).isEqualTo(200);
	}

	/**
	 * An evaluationDate of another type than valueDate: HAPI's binding answered "Request has parameter evaluationDate of
	 * type DateTimeType but method expects type DateType". 400 naming the parameter, the type it takes and the one given.
	 */
	@Test
	void evaluationDateOfAnotherType_is400_namingTheTypeItTakes() {
		Parameters dateTime = parameters("data", scenario("short-sleep"), "evaluationDate",
				new org.hl7.fhir.r4.model.DateTimeType("2026-11-01T10:00:00Z"));

		FhirHttp.Response date = http.postResource("/fhir/$evaluate", dateTime);

		assertThat(date.status()).as(date.body()).isEqualTo(400);
		assertThat(date.as(OperationOutcome.class).getIssueFirstRep().getDiagnostics())
				.isEqualTo("$evaluate's 'evaluationDate' takes valueDate (YYYY-MM-DD); it was given valueDateTime");
		assertThat(date.as(OperationOutcome.class).getIssueFirstRep().getLocation().get(0).getValue())
				.isEqualTo("Parameters.parameter[1]");
		FhirHttp.Response patientLevel = http.postResource("/fhir/Patient/" + "any-id" + "/$evaluate",
				parameters("evaluationDate", new StringType("2026-11-01")));
		assertThat(patientLevel.status()).as(patientLevel.body()).isEqualTo(400);
		assertThat(patientLevel.as(OperationOutcome.class).getIssueFirstRep().getDiagnostics())
				.isEqualTo("$evaluate's 'evaluationDate' takes valueDate (YYYY-MM-DD); it was given valueString");
	}

	@Test
	void dataWithoutPatient_is400() {
		Bundle data = new Bundle().setType(Bundle.BundleType.COLLECTION);

		FhirHttp.Response response = http.postResource("/fhir/$evaluate", parameters("data", data));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.as(OperationOutcome.class).getIssueFirstRep().getDiagnostics()).contains("it holds 0");
	}

	@Test
	void missingData_is400() {
		FhirHttp.Response response = http.postResource("/fhir/$evaluate", parameters("hook", new CodeType("patient-view")));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.as(OperationOutcome.class).getIssue()).isNotEmpty();
	}

	@Test
	void unknownHook_is400() {
		FhirHttp.Response response = http.postResource("/fhir/$evaluate", parameters(
				"data", scenario("short-sleep"), "hook", new CodeType("order-dispatch")));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.as(OperationOutcome.class).getIssueFirstRep().getDiagnostics()).contains("Unknown hook");
	}

	@Test
	void get_is405BecauseTheDataTravelsInTheBody() {
		FhirHttp.Response response = http.get("/fhir/$evaluate");

		assertThat(response.status()).isEqualTo(405);
		assertThat(response.as(OperationOutcome.class).getIssue()).isNotEmpty();
	}
}
