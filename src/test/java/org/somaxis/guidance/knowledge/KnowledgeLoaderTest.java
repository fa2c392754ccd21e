package org.somaxis.guidance.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Severity;

class KnowledgeLoaderTest {

	private static Map<String, String> packagedSources() {
		Map<String, String> sources = new HashMap<>();
		for (String file : KnowledgeLoader.FILES) {
			try (InputStream in = KnowledgeLoader.class.getResourceAsStream("/" + file)) {
				sources.put(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
			} catch (IOException e) {
				throw new IllegalStateException(e);
			}
		}
		return sources;
	}

	private static Map<String, String> withFile(String file, String from, String to) {
		Map<String, String> sources = packagedSources();
		String text = sources.get(file);
		assertThat(text).contains(from);
		sources.put(file, text.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
		return sources;
	}

	/** The packaged rules with {@code from} written {@code to} are refused, with a message containing {@code message}. */
	private static void assertRulesRefused(String from, String to, String message) {
		Map<String, String> sources = withFile(KnowledgeLoader.RULES, from, to);
		assertThatThrownBy(() -> KnowledgeLoader.fromSources(sources)).hasMessageContaining(message);
	}

	/** The wording of the card that says guidance may be incomplete is knowledge data: every reason, and only those. */
	@Test
	void incompleteCardWording_needsEveryReason_andRefusesAnUnknownOne() {
		assertThat(KnowledgeLoader.fromClasspath().notices().incomplete(Notices.Incomplete.PREGNANCY_UNREAD).detail())
				.contains("{records}");
		assertThatThrownBy(() -> KnowledgeLoader.fromSources(withFile(KnowledgeLoader.SETTINGS, "    pregnancy-unread:",
				"    pregnancy-unreadable:")))
				.isInstanceOf(KnowledgeException.class)
				.hasMessageContaining("pregnancy-unread");
	}

	@Test
	void packagedKnowledge_loadsEveryRuleThresholdAndInterval() {
		Knowledge knowledge = KnowledgeLoader.fromClasspath();

		assertThat(knowledge.rules()).hasSize(37);
		assertThat(knowledge.threshold(Threshold.GLUCOSE_DIABETES)).isEqualTo(126.0);
		assertThat(knowledge.jurisdiction().code()).isEqualTo("US");
		assertThat(knowledge.igf1Intervals().bands()).hasSize(9);
		assertThat(knowledge.rule("glucose-intolerance-on-gh-therapy").elevatedSeverity()).isEqualTo(Severity.CRITICAL);
		assertThat(knowledge.rule("igf1-above-range-on-therapy").faces())
				.containsExactlyInAnyOrder(Face.PATIENT_VIEW, Face.ORDER, Face.OBSERVATION);
	}

	@Test
	void citations_pointAtPublicSources_neverAtInternalDesignDocuments() {
		String citations = packagedSources().get(KnowledgeLoader.CITATIONS);
		assertThat(citations.lines().filter(line -> !line.strip().startsWith("#")))
				.noneMatch(line -> line.matches("(?i).*(\\.md\\b|seeds?/|\\bseed[- ]?\\d|\\.txt\\b).*"));
		Knowledge knowledge = KnowledgeLoader.fromClasspath();
		assertThat(knowledge.citation("ada-standards-2024").url()).isEqualTo("https://doi.org/10.2337/dc24-S002");
		assertThat(knowledge.citation("watson-2015").url()).startsWith("https://doi.org/");
		assertThat(knowledge.citation("egrifta-label").url()).startsWith("https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid=");
	}

	@Test
	void projectDirectory_loadsTheSameKnowledgeAsTheClasspath() {
		Knowledge fromDisk = KnowledgeLoader.fromDirectory(Path.of("."));

		assertThat(fromDisk.rules().keySet()).isEqualTo(KnowledgeLoader.fromClasspath().rules().keySet());
	}

	@ParameterizedTest(name = "age {0} -> {1}..{2} ng/mL")
	@CsvSource({"18, 108, 548", "19, 108, 548", "20, 83, 456", "39, 53, 331", "40, 52, 328", "79, 34, 245", "80, 34, 246",
			"101, 34, 246"})
	void fallbackTable_picksTheQuestBandForTheAge(int age, double low, double high) {
		Igf1ReferenceIntervals.Band band = KnowledgeLoader.fromClasspath().igf1Intervals().find(age, "female").orElseThrow();

		assertThat(band.low()).isEqualTo(low);
		assertThat(band.high()).isEqualTo(high);
	}

	@Test
	void fallbackTable_hasNoBandForChildren() {
		assertThat(KnowledgeLoader.fromClasspath().igf1Intervals().find(12, "male")).isEmpty();
	}

	@Test
	void chinaJurisdiction_canBeSelected() {
		Knowledge china = KnowledgeLoader.fromClasspath().withJurisdiction("CN");

		assertThat(china.jurisdiction().name()).contains("NMPA");
		assertThat(china.peptide("tesamorelin").orElseThrow().regulatory().get("CN").status()).isEqualTo("unapproved");
	}

	@Test
	void unknownJurisdiction_isRejected() {
		assertThatThrownBy(() -> KnowledgeLoader.fromClasspath().withJurisdiction("FR"))
				.isInstanceOf(KnowledgeException.class)
				.hasMessageContaining("unknown jurisdiction 'FR'");
	}

	@Test
	void badSeverity_namesFileIndexAndField() {
		Map<String, String> sources = withFile(KnowledgeLoader.RULES,
				"  - id: igf1-above-range-on-therapy\n    version: \"1.0.0\"\n    severity: warning",
				"  - id: igf1-above-range-on-therapy\n    version: \"1.0.0\"\n    severity: severe");

		assertThatThrownBy(() -> KnowledgeLoader.fromSources(sources))
				.isInstanceOf(KnowledgeException.class)
				.hasMessage("knowledge/rules.yaml: rules[3].severity: 'severe' is not one of info, warning, critical");
	}

	@Test
	void unknownCategory_isRejected() {
		Map<String, String> sources = withFile(KnowledgeLoader.RULES,
				"    severity: critical\n    category: safety", "    severity: critical\n    category: urgent");

		assertThatThrownBy(() -> KnowledgeLoader.fromSources(sources))
				.hasMessage("knowledge/rules.yaml: rules[0].category: 'urgent' is not one of safety, lifestyle");
	}

	@Test
	void unknownFace_isRejected() {
		Map<String, String> sources = withFile(KnowledgeLoader.RULES, "faces: [OS]", "faces: [OS, EMAIL]");

		assertThatThrownBy(() -> KnowledgeLoader.fromSources(sources))
				.hasMessage("knowledge/rules.yaml: rules[8].faces[1]: 'EMAIL' is not one of PV, OS, OBS");
	}

	@Test
	void missingSummary_isRejected() {
		Map<String, String> sources = withFile(KnowledgeLoader.RULES,
				"    summary: \"Active malignancy: GH-axis peptide is contraindicated\"\n", "");

		assertThatThrownBy(() -> KnowledgeLoader.fromSources(sources))
				.hasMessage("knowledge/rules.yaml: rules[0].summary: is missing");
	}

	@Test
	void unknownCitation_isRejected() {
		Map<String, String> sources = withFile(KnowledgeLoader.RULES, "sources: [ionescu-frohman-2006, sigalos-pastuszak-2018]", "sources: [seed-999]");

		assertThatThrownBy(() -> KnowledgeLoader.fromSources(sources))
				.hasMessageStartingWith("knowledge/rules.yaml: rules[10].sources[0]: 'seed-999' is not an id in");
	}

	@Test
	void criticalRuleWithoutOverrideReasons_isRejected() {
		Map<String, String> sources = withFile(KnowledgeLoader.RULES,
				"    override-reasons:\n      - pregnancy-record-out-of-date\n", "");

		assertThatThrownBy(() -> KnowledgeLoader.fromSources(sources))
				.hasMessageStartingWith("knowledge/rules.yaml: rules[1]: override-reasons:");
	}

	/** Only critical cards carry override reasons: one listed on a warning was never shown, while the docs promised it. */
	@Test
	void overrideReasonsOnARuleThatCannotBeCritical_areRejected() {
		Map<String, String> sources = withFile(KnowledgeLoader.RULES,
				"    sources: [egrifta-label, takala-1999]\n",
				"    sources: [egrifta-label, takala-1999]\n    override-reasons:\n      - condition-record-out-of-date\n");

		assertThatThrownBy(() -> KnowledgeLoader.fromSources(sources))
				.hasMessageContaining("override-reasons")
				.hasMessageContaining("only a rule that can be critical may list override reasons");
	}

	@Test
	void overrideReasonNotInTheCodeSystem_isRejected() {
		Map<String, String> sources = withFile(KnowledgeLoader.RULES,
				"      - pregnancy-record-out-of-date\n", "      - pregnancy-was-a-dream\n");

		assertThatThrownBy(() -> KnowledgeLoader.fromSources(sources))
				.hasMessageContaining("override-reasons[0]")
				.hasMessageContaining("pregnancy-was-a-dream");
	}

	@Test
	void overrideReasons_takeTheirDisplayFromTheCodeSystem() {
		assertThat(KnowledgeLoader.fromClasspath().rule("peptide-pregnancy").overrideReasons())
				.containsExactly(new org.somaxis.guidance.OverrideReason(
						"pregnancy-record-out-of-date", "Pregnancy record is out of date"));
	}

	@Test
	void updateActionWithoutATypedChange_isRejected() {
		Map<String, String> sources = withFile(KnowledgeLoader.RULES,
				"{type: update-active, set-status: stopped, description: \"Set status to stopped, with no dosing after {evaluation-date} (active malignancy)\"}",
				"{type: update-active, description: \"Set status to stopped (active malignancy)\"}");

		assertThatThrownBy(() -> KnowledgeLoader.fromSources(sources))
				.hasMessageContaining("exactly one of set-status, set-route, dose-change");
	}

	/** A status reason must be a code of HL7's medicationrequest-status-reason, and comes only with a status. */
	@org.junit.jupiter.params.ParameterizedTest(name = "{0}")
	@org.junit.jupiter.params.provider.CsvSource(delimiter = ';', value = {
			"status-reason: pregnant, set-status: stopped; 'pregnant' is not one of altchoice",
			"status-reason: preg, set-route: usual; status-reason comes with set-status"})
	void statusReasonOutsideHl7sCodesOrWithoutAStatus_isRejected(String fields, String message) {
		assertRulesRefused("{type: update-active, set-status: stopped, status-reason: preg, description: \"Set status to stopped, with no dosing after {evaluation-date} (pregnancy)\"}",
				"{type: update-active, " + fields + ", description: \"Set status to stopped (pregnancy)\"}", message);
	}

	/** A lab order's {@code due} counts from a day the rules know, and ends no sooner than it starts. */
	@org.junit.jupiter.params.ParameterizedTest(name = "{0}")
	@org.junit.jupiter.params.provider.CsvSource(delimiter = ';', value = {
			"due: {after: next-visit}; 'next-visit' is not one of therapy-start, worn-off",
			"due: {from-days: 42, to-days: 28}; to-days must not come before from-days",
			"due: {from-days: 2.5}; must be a whole number of days",
			"due: {}; says nothing"})
	void labOrderDueFromAnUnknownDayOrEndingBeforeItStarts_isRejected(String due, String message) {
		assertRulesRefused("{type: create, loinc: \"2484-4\", display: \"IGF-1\", due: {from-days: 28, to-days: 42}}",
				"{type: create, loinc: \"2484-4\", display: \"IGF-1\", " + due + "}", message);
	}

	@Test
	void nonNumericThreshold_isRejected() {
		Map<String, String> sources = withFile(KnowledgeLoader.THRESHOLDS,
				"fasting-glucose-diabetes-mg-dl: 126", "fasting-glucose-diabetes-mg-dl: high");

		assertThatThrownBy(() -> KnowledgeLoader.fromSources(sources))
				.hasMessage("knowledge/thresholds.yaml: thresholds.fasting-glucose-diabetes-mg-dl: 'high' is not a number");
	}

	@Test
	void missingThreshold_isRejected() {
		Map<String, String> sources = withFile(KnowledgeLoader.THRESHOLDS, "  sleep-min-hours: 7\n", "");

		assertThatThrownBy(() -> KnowledgeLoader.fromSources(sources))
				.hasMessage("knowledge/thresholds.yaml: thresholds.sleep-min-hours: is missing");
	}

	@Test
	void unknownThreshold_isRejected() {
		Map<String, String> sources = withFile(KnowledgeLoader.THRESHOLDS, "  sleep-min-hours: 7\n",
				"  sleep-min-hours: 7\n  sleep-max-hours: 9\n");

		assertThatThrownBy(() -> KnowledgeLoader.fromSources(sources))
				.hasMessage("knowledge/thresholds.yaml: thresholds.sleep-max-hours: is not a known threshold");
	}

	@Test
	void badPeptideMechanism_isRejected() {
		Map<String, String> sources = withFile(KnowledgeLoader.PEPTIDES, "mechanism: ghs", "mechanism: gnrh");

		assertThatThrownBy(() -> KnowledgeLoader.fromSources(sources))
				.hasMessage("knowledge/peptides.yaml: peptides[4].mechanism: 'gnrh' is not one of ghrh-analogue, ghs");
	}

	@Test
	void intervalInWrongUnit_isRejected() {
		Map<String, String> sources = withFile(KnowledgeLoader.IGF1_INTERVALS,
				"\"high\": {\"value\": 548, \"unit\": \"ng/mL\", \"system\": \"http://unitsofmeasure.org\", \"code\": \"ng/mL\"}",
				"\"high\": {\"value\": 548, \"unit\": \"nmol/L\", \"system\": \"http://unitsofmeasure.org\", \"code\": \"nmol/L\"}");

		assertThatThrownBy(() -> KnowledgeLoader.fromSources(sources))
				.hasMessage("terminology/ObservationDefinition-igf1-reference-intervals.json: "
						+ "qualifiedInterval[0].range.high.code: 'nmol/L' must be ng/mL");
	}

	@Test
	void invalidYaml_namesTheFile() {
		Map<String, String> sources = packagedSources();
		sources.put(KnowledgeLoader.CITATIONS, "citations: [unclosed");

		assertThatThrownBy(() -> KnowledgeLoader.fromSources(sources))
				.hasMessageStartingWith("knowledge/citations.yaml: is not valid YAML/JSON");
	}

	@Test
	void missingFile_namesTheFile() {
		Map<String, String> sources = packagedSources();
		sources.remove(KnowledgeLoader.PEPTIDES);

		assertThatThrownBy(() -> KnowledgeLoader.fromSources(sources)).hasMessage("knowledge/peptides.yaml: is missing");
	}
}
