package org.somaxis.operation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.GuidanceResponse;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.RequestGroup;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.somaxis.SomaxisApplication;
import org.somaxis.support.FhirHttp;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One running server (H2) for every $evaluate IT: the subclasses share this Spring context. The scenario bundles of
 * examples/bundles are loaded over HTTP, as transactions, once per JVM.
 */
@SpringBootTest(
		classes = SomaxisApplication.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = {"somaxis.demo.enabled=false", "somaxis.guard.max-body-size=2MB"})
public abstract class EvaluateServer {
	public static final String EVALUATION_DATE = "2026-11-22";
	public static final Path BUNDLES = Path.of("examples/bundles");
	static final String RULES = GuidanceRendering.RULES_SYSTEM;

	/** bundle file name without "Bundle-" and ".json" → Patient id on the server. */
	private static final Map<String, String> PATIENTS = new TreeMap<>();

	@LocalServerPort
	protected int port;

	protected FhirHttp http;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add(
				"spring.datasource.url",
				() -> "jdbc:h2:file:./target/it-data/evaluate-" + UUID.randomUUID() + "/somaxis;DB_CLOSE_ON_EXIT=FALSE");
	}

	@BeforeEach
	public void loadScenarios() {
		http = new FhirHttp(port);
		synchronized (PATIENTS) {
			if (!PATIENTS.isEmpty()) {
				return;
			}
			for (String scenario : scenarios()) {
				FhirHttp.Response response = http.post("/fhir", read(bundleFile(scenario)), FhirHttp.FHIR_JSON);
				assertThat(response.status()).as(scenario + ": " + response.body()).isEqualTo(200);
				Bundle result = response.as(Bundle.class);
				Bundle sent = FhirHttp.FHIR.newJsonParser().parseResource(Bundle.class, read(bundleFile(scenario)));
				for (int i = 0; i < sent.getEntry().size(); i++) {
					if (sent.getEntry().get(i).getResource().fhirType().equals("Patient")) {
						String location = result.getEntry().get(i).getResponse().getLocation();
						PATIENTS.put(scenario, location.split("/")[1]);
					}
				}
			}
		}
	}

	public static List<String> scenarios() {
		try (Stream<Path> files = Files.list(BUNDLES)) {
			return files.map(path -> path.getFileName().toString())
					.filter(name -> name.startsWith("Bundle-") && name.endsWith(".json"))
					.map(name -> name.substring("Bundle-".length(), name.length() - ".json".length()))
					.sorted()
					.toList();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public static Path bundleFile(String scenario) {
		return BUNDLES.resolve("Bundle-" + scenario + ".json");
	}

	public static String read(Path file) {
		try {
			return Files.readString(file);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	protected String patientId(String scenario) {
		return PATIENTS.get(scenario);
	}

	// ---- reading the output ----

	public static GuidanceResponse guidance(Parameters output) {
		return (GuidanceResponse) output.getParameter("guidance").getResource();
	}

	public static RequestGroup requestGroup(Parameters output) {
		GuidanceResponse guidance = guidance(output);
		String id = guidance.getResult().getReference().substring(1);
		return (RequestGroup) guidance.getContained().stream()
				.filter(resource -> resource.getIdElement().getIdPart().equals(id))
				.findFirst()
				.orElseThrow();
	}

	/** Rule ids of the RequestGroup's actions, in output order. */
	public static List<String> ruleIds(Parameters output) {
		return requestGroup(output).getAction().stream()
				.map(action -> action.getCodeFirstRep().getCodingFirstRep())
				.peek(coding -> assertThat(coding.getSystem()).isEqualTo(RULES))
				.map(coding -> coding.getCode())
				.toList();
	}

	public static List<DetectedIssue> issues(Parameters output) {
		return output.getParameter().stream()
				.filter(parameter -> parameter.getName().equals("issue"))
				.map(parameter -> (DetectedIssue) parameter.getResource())
				.toList();
	}

	public static List<String> messages(Parameters output) {
		GuidanceResponse guidance = guidance(output);
		if (!guidance.hasEvaluationMessage()) {
			return List.of();
		}
		String id = guidance.getEvaluationMessageFirstRep().getReference().substring(1);
		Resource outcome = guidance.getContained().stream()
				.filter(resource -> resource.getIdElement().getIdPart().equals(id))
				.findFirst()
				.orElseThrow();
		return ((org.hl7.fhir.r4.model.OperationOutcome) outcome).getIssue().stream()
				.map(issue -> issue.getDiagnostics())
				.toList();
	}

	public static Parameters parameters(Object... nameValuePairs) {
		Parameters parameters = new Parameters();
		for (int i = 0; i < nameValuePairs.length; i += 2) {
			String name = (String) nameValuePairs[i];
			Object value = nameValuePairs[i + 1];
			if (value instanceof Resource resource) {
				parameters.addParameter().setName(name).setResource(resource);
			} else {
				parameters.addParameter().setName(name).setValue((org.hl7.fhir.r4.model.Type) value);
			}
		}
		return parameters;
	}
}
