package org.somaxis.guidance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.somaxis.guidance.knowledge.RuleSpec;
import org.somaxis.guidance.rules.Rules;

/** docs/guidance-rules.md and knowledge/rules.yaml must describe the same rules, categories, severities and faces. */
class GuidanceRulesDocTest {
	private static final Pattern SECTION = Pattern.compile("(?m)^## `([a-z0-9-]+)`\\s*$");
	private static final Pattern FIELD = Pattern.compile("(?m)^- \\*\\*([A-Za-z ]+):\\*\\* (.*)$");

	/** id -> "category|severity|elevated|faces|population" as the document states them. */
	private static Map<String, String> documented() throws IOException {
		String markdown = Files.readString(Path.of("docs/guidance-rules.md"));
		Map<String, String> rules = new LinkedHashMap<>();
		Matcher section = SECTION.matcher(markdown);
		int[] starts = section.results().mapToInt(result -> result.start()).toArray();
		section.reset();
		int index = 0;
		while (section.find()) {
			int end = index + 1 < starts.length ? starts[index + 1] : markdown.length();
			String body = markdown.substring(section.end(), end);
			Map<String, String> fields = new LinkedHashMap<>();
			Matcher field = FIELD.matcher(body);
			while (field.find()) {
				fields.put(field.group(1), field.group(2).trim());
			}
			Set<String> faces = Arrays.stream(fields.getOrDefault("Faces", "").split(","))
					.map(String::trim).filter(face -> !face.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
			String previous = rules.put(section.group(1),
					fields.get("Category") + "|" + fields.get("Severity") + "|" + fields.getOrDefault("Elevated severity", "-") + "|" + faces
							+ "|" + fields.get("Population"));
			assertThat(previous).as("duplicate section %s", section.group(1)).isNull();
			index++;
		}
		return rules;
	}

	private static Map<String, String> knowledge() {
		Map<String, String> rules = new LinkedHashMap<>();
		for (RuleSpec spec : Scenario.KNOWLEDGE.rules().values()) {
			Set<String> faces = spec.faces().stream().map(Face::abbreviation).collect(Collectors.toCollection(TreeSet::new));
			String elevated = spec.elevatedSeverity() == null ? "-" : spec.elevatedSeverity().indicator();
			rules.put(spec.id(), spec.category().code() + "|" + spec.severity().indicator() + "|" + elevated + "|" + faces
					+ "|" + spec.population().describe());
		}
		return rules;
	}

	@Test
	void everyDocumentedRuleIsInTheKnowledgeDataAndAgrees() throws IOException {
		Map<String, String> knowledge = knowledge();

		documented().forEach((id, described) -> assertThat(knowledge).as("rule %s", id).containsEntry(id, described));
	}

	@Test
	void everyKnowledgeRuleIsDocumentedAndAgrees() throws IOException {
		Map<String, String> documented = documented();

		knowledge().forEach((id, data) -> assertThat(documented).as("rule %s", id).containsEntry(id, data));
	}

	@Test
	void everyRuleClassHasADocumentedSection() throws IOException {
		Set<String> classes = Rules.all().stream().map(rule -> rule.id()).collect(Collectors.toCollection(TreeSet::new));

		assertThat(new TreeSet<>(documented().keySet())).isEqualTo(classes);
	}
}
