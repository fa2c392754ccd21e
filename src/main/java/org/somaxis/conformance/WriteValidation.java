package org.somaxis.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.interceptor.validation.IRepositoryValidatingRule;
import ca.uhn.fhir.jpa.interceptor.validation.RepositoryValidatingRuleBuilder;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.hl7.fhir.r5.utils.validation.constants.BestPracticeWarningLevel;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Which writes are validated, and how: every resource type except the conformance and infrastructure ones is
 * validated on create and update against the base spec and every profile in its {@code meta.profile}
 * (declared or inferred); an error rejects the write; an unknown declared profile is an error.
 */
public final class WriteValidation {
	/** Written by the package installer or the server itself; never validated on write. */
	static final Set<String> NOT_VALIDATED = Set.of(
			"StructureDefinition", "CodeSystem", "ValueSet", "ConceptMap", "ImplementationGuide", "NamingSystem",
			"SearchParameter", "OperationDefinition", "CapabilityStatement", "StructureMap", "CompartmentDefinition",
			"Subscription", "Binary", "Parameters", "AuditEvent");

	private WriteValidation() {}

	public static List<String> validatedTypes(FhirContext fhirContext) {
		return fhirContext.getResourceTypes().stream()
				.filter(type -> !NOT_VALIDATED.contains(type))
				.sorted()
				.toList();
	}

	public static List<IRepositoryValidatingRule> rules(FhirContext fhirContext, RepositoryValidatingRuleBuilder builder) {
		for (String type : validatedTypes(fhirContext)) {
			builder.forResourcesOfType(type)
					.requireValidationToDeclaredProfiles()
					.rejectOnSeverity("error")
					.errorOnUnknownProfiles()
					// best-practice advice (dom-6 narrative, obs-7 performer) never rejects; skipping it saves time
					.withBestPracticeWarningLevel(BestPracticeWarningLevel.Ignore);
		}
		return builder.build();
	}

	/**
	 * Validates one IGF-1 Observation and one Patient through the rules, so that the first client write does
	 * not pay for loading the core spec and compiling the profiles. Returns the time it took in milliseconds.
	 */
	public static long warmUp(List<IRepositoryValidatingRule> rules) {
		long start = System.nanoTime();
		for (IBaseResource sample : List.of(sampleIgf1(), samplePatient())) {
			ProfileInference.declareInferredProfiles(sample);
			String type = sample.getClass().getSimpleName();
			rules.stream()
					.filter(rule -> rule.getResourceType().equals(type))
					.forEach(rule -> rule.evaluate(new SystemRequestDetails(), sample));
		}
		return (System.nanoTime() - start) / 1_000_000;
	}

	/**
	 * Creates a valid IGF-1 Observation (subject outside this server) through the DAO, with validation and
	 * indexing, inside a transaction that is rolled back: nothing is stored.
	 */
	public static void rehearseWrite(DaoRegistry daoRegistry, PlatformTransactionManager transactionManager) {
		new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
			Observation igf1 = sampleIgf1();
			igf1.setSubject(new Reference("http://example.org/fhir/Patient/write-rehearsal"));
			daoRegistry.getResourceDao(Observation.class).create(igf1, new SystemRequestDetails());
			status.setRollbackOnly();
		});
	}

	/**
	 * Sends one IGF-1 Observation that breaks the profile (mg/dL) to this server over HTTP: it is refused with 422
	 * and nothing is stored, but the REST path (HTTP, parsing, interceptors, the OperationOutcome) is warm for the
	 * first client. Returns the HTTP status.
	 */
	public static int rehearseRefusedRequest(FhirContext fhirContext, int port) throws IOException, InterruptedException {
		Observation igf1 = sampleIgf1();
		igf1.setSubject(new Reference("http://example.org/fhir/Patient/write-rehearsal"));
		igf1.setValue(new Quantity().setValue(150).setUnit("mg/dL").setSystem("http://unitsofmeasure.org").setCode("mg/dL"));
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		HttpResponse<String> response = client.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/fhir/Observation"))
						.timeout(Duration.ofSeconds(30))
						.header("Content-Type", "application/fhir+json")
						.POST(HttpRequest.BodyPublishers.ofString(fhirContext.newJsonParser().encodeResourceToString(igf1)))
						.build(),
				HttpResponse.BodyHandlers.ofString());
		return response.statusCode();
	}

	static Observation sampleIgf1() {
		Observation observation = new Observation();
		observation.setStatus(Observation.ObservationStatus.FINAL);
		observation.addCategory(new CodeableConcept(new Coding(
				"http://terminology.hl7.org/CodeSystem/observation-category", "laboratory", null)));
		observation.setCode(new CodeableConcept(new Coding(ProfileInference.LOINC, "2484-4", null)));
		observation.setSubject(new Reference("Patient/warm-up"));
		observation.setEffective(new DateTimeType("2026-01-01"));
		observation.setValue(new Quantity().setValue(150).setUnit("ng/mL").setSystem("http://unitsofmeasure.org")
				.setCode("ng/mL"));
		return observation;
	}

	static Patient samplePatient() {
		Patient patient = new Patient();
		patient.addName().setFamily("Warm").addGiven("Up");
		return patient;
	}
}
