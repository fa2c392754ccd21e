package org.somaxis.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.BeforeEach;
import org.somaxis.SomaxisApplication;
import org.somaxis.support.FhirHttp;
import org.somaxis.support.TokenAuthority;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One server in smart mode (H2) for the security ITs, trusting a {@link TokenAuthority} on loopback, with two patients:
 * A (the token's patient) and B (another patient) and a few Observations and Conditions of each.
 */
@SpringBootTest(
		classes = SomaxisApplication.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = {
			"somaxis.demo.enabled=false",
			"somaxis.security.mode=smart",
			"spring.security.oauth2.resourceserver.jwt.audiences=" + SmartServer.AUDIENCE,
			"somaxis.security.authorization-endpoint=https://auth.somaxis.test/authorize",
			"somaxis.security.token-endpoint=https://auth.somaxis.test/token",
			"somaxis.security.audit-admin-scope=somaxis/audit.read",
			"somaxis.fhir.allowed-origins=" + SmartServer.APP_ORIGIN,
			// HAPI's reuse of stored searches, off by default, on here: who may reuse whose search is a security question
			// for a server that turns it on (SmartScopesIT#searchReuse_*)
			"somaxis.fhir.reuse-search-results=60s",
			// bulk export jobs advance once per maintenance pass (5 s shipped): 1 s keeps each export IT to seconds
			"somaxis.fhir.job-maintenance-interval=1s"
		})
public abstract class SmartServer {
	public static final String AUDIENCE = "https://somaxis.test/fhir";
	public static final String CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
	public static final String CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category";
	public static final String CODES = "http://example.org/somaxis-test-codes";
	/** A code only patient B's data carries: any response to A's token that contains it is a leak. */
	public static final String B_MARKER = "b-secret-marker";
	/** Identifiers of the matrix resources (cross-patient conditional writes). */
	public static final String IDENTIFIERS = "http://example.org/somaxis-test-ids";
	/**
	 * The ten resource types of the scope and cross-patient matrices (RELIABILITY.md §8 rows 15 and 16): each in the
	 * Patient compartment, each creatable with {@link #minimal}.
	 */
	public static final List<String> MATRIX_TYPES = List.of("Patient", "Observation", "Condition", "MedicationRequest",
			"Procedure", "Encounter", "ServiceRequest", "AllergyIntolerance", "Immunization", "DiagnosticReport");
	/** The trusted CDS client's issuer. */
	public static final String CDS_CLIENT = "https://ehr.somaxis.test";
	/** The origin of a browser app allowed to call the FHIR endpoint (CORS). */
	public static final String APP_ORIGIN = "https://app.somaxis.test";

	protected static final TokenAuthority AUTHORITY = TokenAuthority.start(null);
	protected static final String RUN = UUID.randomUUID().toString().substring(0, 8);

	protected static String patientA;
	protected static String patientB;
	protected static String observationA;
	protected static String observationB;
	private static int seededPort;

	@LocalServerPort
	protected int port;

	protected FhirHttp http;

	@DynamicPropertySource
	static void issuer(DynamicPropertyRegistry registry) {
		registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", AUTHORITY::jwksUri);
		registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", AUTHORITY::issuer);
		registry.add("somaxis.cds.trusted-clients[0].issuer", () -> CDS_CLIENT);
		registry.add("somaxis.cds.trusted-clients[0].jwk-set-uri", AUTHORITY::jwksUri);
		registry.add("somaxis.cds.trusted-clients[0].allowed-jku[0]", AUTHORITY::secondJwksUri);
		registry.add("spring.datasource.url",
				() -> "jdbc:h2:file:./target/it-data/security-" + UUID.randomUUID() + "/somaxis;DB_CLOSE_ON_EXIT=FALSE");
	}

	/** One client per server, shared by every test instance (the matrices run over a thousand of them). */
	private static final Map<Integer, FhirHttp> CLIENTS = new ConcurrentHashMap<>();

	@BeforeEach
	public void seed() {
		http = CLIENTS.computeIfAbsent(port, FhirHttp::new);
		synchronized (SmartServer.class) {
			// one seed per server (the H2 and the PostgreSQL subclasses run different servers in one JVM)
			if (patientA != null && seededPort == port) {
				return;
			}
			seededPort = port;
			String admin = token("system/*.cruds", null);
			patientA = create(patient("Alpha"), admin);
			patientB = create(patient("Bravo"), admin);
			observationA = create(observation(patientA, "laboratory", "a-lab", 5.1), admin);
			create(observation(patientA, "vital-signs", "a-vital", 72), admin);
			observationB = create(observation(patientB, "laboratory", B_MARKER, 999), admin);
			create(condition(patientA, "problem-list-item", "a-problem"), admin);
			create(condition(patientA, "encounter-diagnosis", "a-diagnosis"), admin);
			create(condition(patientB, "problem-list-item", B_MARKER), admin);
		}
	}

	protected String create(Resource resource, String token) {
		FhirHttp.Response response = http.postResource("/fhir/" + resource.fhirType(), resource, bearer(token));
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		return response.as(resource.getClass()).getIdElement().getIdPart();
	}

	protected static String[] bearer(String token) {
		return new String[] {"Authorization", "Bearer " + token};
	}

	/** A valid access token for {@link #AUDIENCE} with these scopes and (if not null) this patient in context. */
	protected static String token(String scope, String patient) {
		return token(scope, patient, "test-app");
	}

	/** As {@link #token(String, String)}, issued to the client {@code clientId}. */
	protected static String token(String scope, String patient, String clientId) {
		JWTClaimsSet.Builder claims = AUTHORITY.claims(AUDIENCE).claim("scope", scope).claim("client_id", clientId);
		if (patient != null) {
			claims.claim("patient", patient);
		}
		return AUTHORITY.sign(claims.build());
	}

	static Patient patient(String family) {
		Patient patient = new Patient();
		patient.addName().setFamily(family + RUN).addGiven("Test");
		patient.setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.FEMALE);
		return patient;
	}

	static Observation observation(String patient, String category, String code, double value) {
		Observation observation = new Observation();
		observation.setStatus(Observation.ObservationStatus.FINAL);
		observation.addCategory(new CodeableConcept(new Coding(CATEGORY, category, null)));
		observation.setCode(new CodeableConcept(new Coding(CODES, code, null)));
		observation.setSubject(new Reference("Patient/" + patient));
		observation.setValue(new Quantity().setValue(value).setUnit("1").setSystem("http://unitsofmeasure.org").setCode("1"));
		return observation;
	}

	static Condition condition(String patient, String category, String code) {
		Condition condition = new Condition();
		condition.addCategory(new CodeableConcept(new Coding(CONDITION_CATEGORY, category, null)));
		condition.setCode(new CodeableConcept(new Coding(CODES, code, null)));
		condition.setSubject(new Reference("Patient/" + patient));
		return condition;
	}

	/**
	 * The smallest valid body of {@code type} (every base-spec mandatory element, codes from the test code system, so no
	 * Somaxis profile is inferred and only the base checks of docs/conformance.md apply), in {@code patient}'s
	 * compartment, coded with {@code code}. For {@code Patient}, {@code code} is the family name and {@code patient} is
	 * not used. {@code identifier} (value, system {@link #IDENTIFIERS}) may be null.
	 */
	static Resource minimal(String type, String patient, String code, String identifier) {
		Reference subject = new Reference("Patient/" + patient);
		CodeableConcept concept = new CodeableConcept(new Coding(CODES, code, null));
		Identifier id = identifier == null ? null : new Identifier().setSystem(IDENTIFIERS).setValue(identifier);
		switch (type) {
			case "Patient" -> {
				Patient resource = new Patient();
				resource.addName().setFamily(code).addGiven("Test");
				resource.setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.FEMALE);
				if (id != null) {
					resource.addIdentifier(id);
				}
				return resource;
			}
			case "Observation" -> {
				Observation resource = new Observation();
				resource.setStatus(Observation.ObservationStatus.FINAL).setCode(concept).setSubject(subject);
				if (id != null) {
					resource.addIdentifier(id);
				}
				return resource;
			}
			case "Condition" -> {
				Condition resource = new Condition();
				resource.setCode(concept).setSubject(subject);
				if (id != null) {
					resource.addIdentifier(id);
				}
				return resource;
			}
			case "MedicationRequest" -> {
				MedicationRequest resource = new MedicationRequest();
				resource.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE)
						.setIntent(MedicationRequest.MedicationRequestIntent.ORDER)
						.setMedication(concept)
						.setSubject(subject);
				if (id != null) {
					resource.addIdentifier(id);
				}
				return resource;
			}
			case "Procedure" -> {
				Procedure resource = new Procedure();
				resource.setStatus(Procedure.ProcedureStatus.COMPLETED).setCode(concept).setSubject(subject);
				if (id != null) {
					resource.addIdentifier(id);
				}
				return resource;
			}
			case "Encounter" -> {
				Encounter resource = new Encounter();
				resource.setStatus(Encounter.EncounterStatus.FINISHED)
						.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", null))
						.setSubject(subject);
				resource.addType(concept);
				if (id != null) {
					resource.addIdentifier(id);
				}
				return resource;
			}
			case "ServiceRequest" -> {
				ServiceRequest resource = new ServiceRequest();
				resource.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE)
						.setIntent(ServiceRequest.ServiceRequestIntent.ORDER)
						.setCode(concept)
						.setSubject(subject);
				if (id != null) {
					resource.addIdentifier(id);
				}
				return resource;
			}
			case "AllergyIntolerance" -> {
				AllergyIntolerance resource = new AllergyIntolerance();
				resource.setCode(concept).setPatient(subject);
				if (id != null) {
					resource.addIdentifier(id);
				}
				return resource;
			}
			case "Immunization" -> {
				Immunization resource = new Immunization();
				resource.setStatus(Immunization.ImmunizationStatus.COMPLETED)
						.setVaccineCode(concept)
						.setPatient(subject)
						.setOccurrence(new DateTimeType("2026-01-15"));
				if (id != null) {
					resource.addIdentifier(id);
				}
				return resource;
			}
			case "DiagnosticReport" -> {
				DiagnosticReport resource = new DiagnosticReport();
				resource.setStatus(DiagnosticReport.DiagnosticReportStatus.FINAL).setCode(concept).setSubject(subject);
				if (id != null) {
					resource.addIdentifier(id);
				}
				return resource;
			}
			default -> throw new IllegalArgumentException("Not a matrix type: " + type);
		}
	}

	/** The search parameter of {@code type} that holds {@link #minimal}'s code (for Patient: the family name). */
	static String codeParameter(String type) {
		return switch (type) {
			case "Patient" -> "family";
			case "Encounter" -> "type";
			case "Immunization" -> "vaccine-code";
			default -> "code";
		};
	}
}
