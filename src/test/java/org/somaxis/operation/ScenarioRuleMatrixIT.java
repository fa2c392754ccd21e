package org.somaxis.operation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Parameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.somaxis.guidance.knowledge.KnowledgeLoader;
import org.somaxis.support.FhirHttp;

/**
 * Every scenario bundle through {@code Patient/$evaluate} on the patient-view and order-select hooks: each fires
 * exactly the rules its row of src/test/resources/guidance/scenario-rule-matrix.csv marks (PV, OS or PV+OS) and stays
 * silent on every other rule. The stateless {@code $evaluate} on the same bundle must agree.
 *
 * <p>{@code -Dguidance.matrix.write=true} writes the observed matrix to target/scenario-rule-matrix.csv for review.
 */
class ScenarioRuleMatrixIT extends EvaluateServer {
	static final Path MATRIX = Path.of("src/test/resources/guidance/scenario-rule-matrix.csv");
	private static final Map<String, String> OBSERVED = new java.util.TreeMap<>();

	static List<String> rules() {
		return new ArrayList<>(new TreeSet<>(KnowledgeLoader.fromClasspath().rules().keySet()));
	}

	/** scenario → rule → "PV", "OS", "PV+OS" or "". */
	static Map<String, Map<String, String>> matrix() throws IOException {
		List<String> lines = Files.readAllLines(MATRIX).stream().filter(line -> !line.isBlank()).toList();
		String[] header = lines.get(0).split(",", -1);
		Map<String, Map<String, String>> rows = new LinkedHashMap<>();
		for (String line : lines.subList(1, lines.size())) {
			String[] cells = line.split(",", -1);
			Map<String, String> row = new LinkedHashMap<>();
			for (int i = 1; i < header.length; i++) {
				row.put(header[i], cells[i].trim());
			}
			rows.put(cells[0], row);
		}
		return rows;
	}

	@Test
	void matrix_hasOneColumnPerRuleAndOneRowPerScenarioBundle() throws IOException {
		Map<String, Map<String, String>> matrix = matrix();

		assertThat(new ArrayList<>(matrix.keySet())).containsExactlyInAnyOrderElementsOf(scenarios());
		matrix.values().forEach(row -> assertThat(new TreeSet<>(row.keySet())).isEqualTo(new TreeSet<>(rules())));
	}

	@Test
	void matrix_givesEveryRuleAtLeastOneFiringScenario() throws IOException {
		Map<String, Map<String, String>> matrix = matrix();

		for (String rule : rules()) {
			assertThat(matrix.values().stream().anyMatch(row -> !row.get(rule).isEmpty()))
					.as("some scenario fires %s", rule)
					.isTrue();
		}
	}

	static Stream<String> scenarioNames() {
		return scenarios().stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("scenarioNames")
	void scenario_firesExactlyItsRulesOnEachHook(String scenario) throws IOException {
		Set<String> patientView = new TreeSet<>(evaluateStored(scenario, "patient-view"));
		Set<String> orderSelect = new TreeSet<>(evaluateStored(scenario, "order-select"));
		Map<String, String> observed = new LinkedHashMap<>();
		for (String rule : rules()) {
			String pv = patientView.contains(rule) ? "PV" : "";
			String os = orderSelect.contains(rule) ? "OS" : "";
			observed.put(rule, pv.isEmpty() || os.isEmpty() ? pv + os : pv + "+" + os);
		}
		OBSERVED.put(scenario, String.join(",", observed.values()));

		assertThat(observed).as("row %s of %s", scenario, MATRIX).isEqualTo(matrix().get(scenario));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("scenarioNames")
	void statelessEvaluate_agreesWithTheStoredPatient(String scenario) {
		Bundle data = FhirHttp.FHIR.newJsonParser().parseResource(Bundle.class, read(bundleFile(scenario)));
		for (String hook : List.of("patient-view", "order-select")) {
			FhirHttp.Response response = http.postResource("/fhir/$evaluate", parameters(
					"data", data, "hook", new CodeType(hook), "evaluationDate", new DateType(EVALUATION_DATE)));
			assertThat(response.status()).as(response.body()).isEqualTo(200);

			assertThat(ruleIds(response.as(Parameters.class))).as("%s on %s", scenario, hook)
					.isEqualTo(evaluateStored(scenario, hook));
		}
	}

	private List<String> evaluateStored(String scenario, String hook) {
		FhirHttp.Response response = http.get("/fhir/Patient/" + patientId(scenario) + "/$evaluate?hook=" + hook
				+ "&evaluationDate=" + EVALUATION_DATE);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return ruleIds(response.as(Parameters.class));
	}

	@AfterAll
	static void writeObserved() throws IOException {
		if (Boolean.getBoolean("guidance.matrix.write") && !OBSERVED.isEmpty()) {
			List<String> lines = new ArrayList<>();
			lines.add("scenario," + String.join(",", rules()));
			OBSERVED.forEach((scenario, cells) -> lines.add(scenario + "," + cells));
			Files.write(Path.of("target/scenario-rule-matrix.csv"), lines);
		}
	}
}
