package org.somaxis.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.util.List;
import java.util.Set;
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
 * Which writes are validated ({@link ResourceValidator} says how): every resource type except the conformance
 * and infrastructure ones, on create, update and PATCH. Also the start-up warm-up and rehearsal.
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

	/**
	 * Validates one IGF-1 Observation, one Patient and one refused IGF-1 (mg/dL, whose OperationOutcome is then
	 * rendered as JSON), so that the first client write does not pay for loading the core spec, compiling the
	 * profiles and the refusal path. In process: nothing goes over HTTP and nothing is stored. Returns the time
	 * it took in milliseconds.
	 */
	public static long warmUp(FhirContext fhirContext, ResourceValidator validator) {
		long start = System.nanoTime();
		validator.validate(sampleIgf1(), List.of());
		validator.validate(samplePatient(), List.of());
		Observation refused = sampleIgf1();
		refused.setValue(new Quantity().setValue(150).setUnit("mg/dL").setSystem("http://unitsofmeasure.org").setCode("mg/dL"));
		var messages = validator.validate(refused, List.of());
		if (!ResourceValidator.hasErrors(messages)) {
			throw new IllegalStateException("The warm-up IGF-1 in mg/dL was not refused: the IGF-1 profile is not enforced");
		}
		fhirContext.newJsonParser().encodeResourceToString(validator.toOperationOutcome(messages));
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
