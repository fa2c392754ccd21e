package org.somaxis.guidance.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.somaxis.guidance.Fixtures.TODAY;
import static org.somaxis.guidance.Fixtures.glucose;
import static org.somaxis.guidance.Fixtures.igf1;
import static org.somaxis.guidance.Fixtures.lab;
import static org.somaxis.guidance.Fixtures.patient;
import static org.somaxis.guidance.Fixtures.peptide;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.GuidanceEngine;
import org.somaxis.guidance.Scenario;
import org.somaxis.guidance.knowledge.Knowledge;
import org.somaxis.guidance.knowledge.KnowledgeException;
import org.somaxis.guidance.knowledge.KnowledgeLoader;
import org.somaxis.guidance.record.PatientRecord;

/**
 * The parts of a finding that differ from case to case are phrases of the rule's knowledge entry: the rule chooses one,
 * the words are data. Each phrase, rendered in the case that chooses it, with every placeholder filled.
 */
class RulePhrasesTest {

	static Stream<Arguments> phraseCases() {
		return Stream.of(
				Arguments.of("glucose-rising-mid-therapy", "end-of-mobilisation", (Supplier<Scenario>) () -> Scenario.of(
								patient(45, "male"), peptide("m1", "tesamorelin", "active", TODAY.minusDays(70)),
								glucose("g4", 95, TODAY.minusDays(50)), glucose("g9", 105, TODAY.minusDays(1))),
						"Fasting glucose was at the end of the first 4 weeks 95 mg/dL on " + TODAY.minusDays(50)),
				Arguments.of("glucose-rising-mid-therapy", "before-therapy", (Supplier<Scenario>) () -> Scenario.of(
								patient(45, "male"), peptide("m1", "tesamorelin", "active", TODAY.minusDays(80)),
								glucose("g0", 85, TODAY.minusDays(85)), glucose("g9", 122, TODAY.minusDays(1))),
						"was before therapy 85 mg/dL on " + TODAY.minusDays(85) + " (none was drawn in the first 4 weeks;"
								+ " it rose more than the 25 % those weeks may bring)"),
				Arguments.of("igf1-persistently-very-high", "two-in-a-row", (Supplier<Scenario>) () -> Scenario.of(
								patient(45, "male"), peptide("m1", "sermorelin", "active", TODAY.minusDays(200)),
								igf1("previous", 530, TODAY.minusDays(100)), igf1("latest", 530, TODAY.minusDays(10))),
						"two consecutive on-therapy results above the limit (previous 530 ng/mL on " + TODAY.minusDays(100) + ")"),
				Arguments.of("igf1-persistently-very-high", "not-reduced", (Supplier<Scenario>) () -> Scenario.of(
								patient(45, "male"), peptide("m1", "sermorelin", "active", TODAY.minusDays(200)),
								igf1("latest", 530, TODAY.minusDays(10))),
						"no order since this result is known to lower the dose"),
				Arguments.of("igf1-non-response", "from-baseline", (Supplier<Scenario>) () -> Scenario.of(
								patient(45, "male"), peptide("m1", "sermorelin", "active", TODAY.minusDays(84)),
								igf1("baseline", 100, TODAY.minusDays(89)), igf1("latest", 109, TODAY.minusDays(1))),
						"change: 9 % from the baseline of 100 ng/mL on " + TODAY.minusDays(89)),
				Arguments.of("igf1-non-response", "no-baseline", (Supplier<Scenario>) () -> Scenario.of(
								patient(45, "male"), peptide("m1", "sermorelin", "active", TODAY.minusDays(84)),
								igf1("latest", 51, TODAY.minusDays(1))),
						"change: no pre-therapy baseline to compare"),
				Arguments.of("igf1-non-response", "causes-usual", (Supplier<Scenario>) () -> Scenario.of(
								patient(45, "male"), peptide("m1", "sermorelin", "active", TODAY.minusDays(84)),
								igf1("latest", 51, TODAY.minusDays(1))),
						"Check adherence, insulin resistance (HOMA-IR)"),
				// hypopituitarism explains a flat IGF-1 better than adherence (probe 59, P59-m3)
				Arguments.of("igf1-non-response", "causes-hp-axis", (Supplier<Scenario>) () -> Scenario.of(
								patient(45, "male"), peptide("m1", "sermorelin", "active", TODAY.minusDays(84)),
								igf1("latest", 51, TODAY.minusDays(1)), org.somaxis.guidance.Fixtures.snomedCondition("c1", "74728003")),
						"A hypothalamic-pituitary disorder is recorded (Condition/c1"),
				Arguments.of("metabolic-monitoring-overdue", "last-lab", (Supplier<Scenario>) () -> Scenario.of(
								patient(45, "male"), peptide("m1", "tesamorelin", "active", TODAY.minusDays(200)),
								igf1("o1", 200, TODAY.minusDays(10)), glucose("g1", 95, TODAY.minusDays(91))),
						"the last fasting glucose or HbA1c is " + TODAY.minusDays(91) + "."),
				Arguments.of("metabolic-monitoring-overdue", "no-lab", (Supplier<Scenario>) () -> Scenario.of(
								patient(45, "male"), peptide("m1", "tesamorelin", "active", TODAY.minusDays(200)),
								igf1("o1", 200, TODAY.minusDays(10))),
						"the last fasting glucose or HbA1c is none on record."),
				// a result that could not be used is named, not called "none on record" (the replay of the EU probe)
				Arguments.of("metabolic-monitoring-overdue", "unread-lab", (Supplier<Scenario>) () -> Scenario.of(
								patient(45, "male"), peptide("m1", "tesamorelin", "active", TODAY.minusDays(200)),
								igf1("o1", 200, TODAY.minusDays(10)), lab("a1", "4548-4", 53, "mmol/L", TODAY.minusDays(6))),
						"the last fasting glucose or HbA1c is none that could be used (Observation/a1 could not be)."),
				Arguments.of("metabolic-monitoring-overdue", "last-lab-unread", (Supplier<Scenario>) () -> Scenario.of(
								patient(45, "male"), peptide("m1", "tesamorelin", "active", TODAY.minusDays(200)),
								igf1("o1", 200, TODAY.minusDays(10)), glucose("g1", 95, TODAY.minusDays(91)),
								lab("a1", "4548-4", 53, "mmol/L", TODAY.minusDays(6))),
						"the last fasting glucose or HbA1c is " + TODAY.minusDays(91) + " (Observation/a1 could not be used)."),
				Arguments.of("no-baseline-igf1", "last-igf1", (Supplier<Scenario>) () -> Scenario.of(patient(45, "male"),
								igf1("o1", 150, TODAY.minusDays(91))).drafts(peptide("d1", "ipamorelin", "draft", TODAY)),
						"The last IGF-1 is " + TODAY.minusDays(91) + "."),
				Arguments.of("no-baseline-igf1", "no-igf1", (Supplier<Scenario>) () -> Scenario.of(patient(45, "male"))
								.drafts(peptide("d1", "ipamorelin", "draft", TODAY)),
						"The last IGF-1 is none on record."),
				Arguments.of("igf1-monitoring-overdue", "no-igf1", (Supplier<Scenario>) () -> Scenario.of(patient(45, "male"),
								peptide("m1", "tesamorelin", "active", TODAY.minusDays(300))),
						"the last IGF-1 is none on record."));
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("phraseCases")
	void eachPhrase_isRenderedFromKnowledge_withEveryPlaceholderFilled(String rule, String phrase, Supplier<Scenario> scenario,
			String expected) {
		List<Finding> findings = scenario.get().findings(rule);

		assertThat(findings).singleElement().satisfies(finding -> {
			assertThat(finding.detail()).contains(expected).doesNotContain("{").doesNotContain("?");
			assertThat(finding.summary()).doesNotContain("{").doesNotContain("?");
		});
		assertThat(KnowledgeLoader.fromClasspath().rule(rule).phrases()).containsKey(phrase);
	}

	@Test
	void everyRuleDeclaresExactlyThePhrasesItsEntryHolds() {
		Knowledge knowledge = KnowledgeLoader.fromClasspath();

		for (Rule rule : Rules.all()) {
			assertThat(knowledge.rule(rule.id()).phrases().keySet()).as(rule.id()).isEqualTo(rule.phrases());
		}
	}

	@Test
	void aRuleWhosePhraseIsMissingFromKnowledge_stopsTheEngineFromStarting_namingIt() {
		List<Rule> rules = new ArrayList<>(Rules.all());
		rules.replaceAll(rule -> rule.id().equals("igf1-non-response") ? withPhrases(rule, Set.of("no-baseline", "from-baseline",
				"causes-usual", "causes-hp-axis", "review-usual", "review-hp-axis", "extra")) : rule);

		assertThatThrownBy(() -> new GuidanceEngine(KnowledgeLoader.fromClasspath(), rules))
				.isInstanceOf(KnowledgeException.class)
				.hasMessageContaining("igf1-non-response")
				.hasMessageContaining("missing [extra]");
	}

	@Test
	void aPhraseInKnowledgeThatNoRuleUses_stopsTheEngineFromStarting_namingIt() {
		List<Rule> rules = new ArrayList<>(Rules.all());
		rules.replaceAll(rule -> rule.id().equals("igf1-non-response") ? withPhrases(rule, Set.of("no-baseline", "causes-usual",
				"causes-hp-axis", "review-usual", "review-hp-axis")) : rule);

		assertThatThrownBy(() -> new GuidanceEngine(KnowledgeLoader.fromClasspath(), rules))
				.isInstanceOf(KnowledgeException.class)
				.hasMessageContaining("not used by the rule [from-baseline]");
	}

	private static Rule withPhrases(Rule rule, Set<String> phrases) {
		return new Rule() {
			@Override
			public String id() {
				return rule.id();
			}

			@Override
			public Set<String> phrases() {
				return phrases;
			}

			@Override
			public List<Finding> evaluate(PatientRecord record, Face face, RuleContext context) {
				return rule.evaluate(record, face, context);
			}
		};
	}
}
