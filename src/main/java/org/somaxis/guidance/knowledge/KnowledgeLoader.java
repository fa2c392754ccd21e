package org.somaxis.guidance.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.somaxis.guidance.Category;
import org.somaxis.guidance.Citation;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.OverrideReason;
import org.somaxis.guidance.Severity;

/**
 * Loads and validates the knowledge data. Any problem throws a {@link KnowledgeException} naming the file and field.
 *
 * <p>Files (names relative to the project root, which is also how errors name them): knowledge/settings.yaml,
 * knowledge/thresholds.yaml, knowledge/citations.yaml, knowledge/peptides.yaml, knowledge/rules.yaml and
 * terminology/ObservationDefinition-igf1-reference-intervals.json; the concept groups come from the ValueSets of
 * terminology/ (see {@link TerminologyLoader}), plus a clinic's extra ValueSet/CodeSystem files.
 */
public final class KnowledgeLoader {
	public static final String SETTINGS = "knowledge/settings.yaml";
	public static final String THRESHOLDS = "knowledge/thresholds.yaml";
	public static final String CITATIONS = "knowledge/citations.yaml";
	public static final String PEPTIDES = "knowledge/peptides.yaml";
	public static final String RULES = "knowledge/rules.yaml";
	public static final String IGF1_INTERVALS = "terminology/ObservationDefinition-igf1-reference-intervals.json";
	public static final String OVERRIDE_REASONS = "terminology/CodeSystem-guidance-override-reasons.json";
	public static final List<String> FILES =
			List.of(SETTINGS, THRESHOLDS, CITATIONS, PEPTIDES, RULES, IGF1_INTERVALS, OVERRIDE_REASONS);

	private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
	private static final Set<String> SEVERITIES = orderedSet("info", "warning", "critical");
	private static final Set<String> FACES = orderedSet("PV", "OS", "OBS");
	private static final Set<String> CATEGORIES = orderedSet("safety", "lifestyle");
	private static final Set<String> GENDERS = orderedSet("male", "female", "other", "unknown");
	private static final Set<String> MECHANISMS = orderedSet(PeptideSpec.GHRH_ANALOGUE, PeptideSpec.GHS);
	private static final Pattern RULE_ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
	private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z0-9-]+)}");
	private static final int MAX_SUMMARY_TEMPLATE = 110;

	private KnowledgeLoader() {}

	/** Loads from the classpath (/knowledge/..., /terminology/...), as packaged by the build. */
	public static Knowledge fromClasspath() {
		return fromClasspath(null);
	}

	/**
	 * Loads from the classpath and merges a clinic's extra terminology.
	 *
	 * @param clinicTerminology a folder of extra ValueSet/CodeSystem JSON files, or null for none
	 */
	public static Knowledge fromClasspath(Path clinicTerminology) {
		Map<String, String> sources = new LinkedHashMap<>();
		for (String file : FILES) {
			sources.put(file, classpathFile(file).orElseThrow(() -> new KnowledgeException(file + ": not found on the classpath")));
		}
		return load(sources, KnowledgeLoader::classpathFile, clinicFiles(clinicTerminology));
	}

	/** Loads from a project directory that contains knowledge/ and terminology/ (e.g. a clinic's edited copy). */
	public static Knowledge fromDirectory(Path root) {
		Map<String, String> sources = new LinkedHashMap<>();
		for (String file : FILES) {
			sources.put(file, directoryFile(root, file).orElseThrow(() -> new KnowledgeException(file + ": cannot be read")));
		}
		return load(sources, file -> directoryFile(root, file), Map.of());
	}

	/**
	 * Loads from file texts keyed by the names in {@link #FILES}; terminology files that are not in the map (the
	 * concept-group ValueSets) are read from the classpath.
	 */
	public static Knowledge fromSources(Map<String, String> sources) {
		return load(sources, file -> sources.containsKey(file) ? Optional.of(sources.get(file)) : classpathFile(file), Map.of());
	}

	/** A project file from the classpath: /{file}, else the packed conformance artefacts (/somaxis-package/{file}). */
	private static Optional<String> classpathFile(String file) {
		for (String location : List.of("/" + file, "/somaxis-package/" + file)) {
			try (InputStream in = KnowledgeLoader.class.getResourceAsStream(location)) {
				if (in != null) {
					return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
				}
			} catch (IOException e) {
				throw new KnowledgeException(file + ": cannot be read: " + e.getMessage(), e);
			}
		}
		return Optional.empty();
	}

	private static Optional<String> directoryFile(Path root, String file) {
		Path path = root.resolve(file);
		if (!Files.isRegularFile(path)) {
			return Optional.empty();
		}
		try {
			return Optional.of(Files.readString(path));
		} catch (IOException | UncheckedIOException e) {
			throw new KnowledgeException(file + ": cannot be read: " + e.getMessage(), e);
		}
	}

	/**
	 * Every *.json file of the clinic folder, by name. Anything else in it but hidden files (a subfolder, an XML or
	 * {@code .JSON} file, a {@code .json.txt}) stops loading, as does a file that cannot be read as UTF-8: it was
	 * skipped without a word, and the codes the clinic put in it counted for nothing (probe 66, P66-C2, m3). A leading
	 * byte order mark, as Windows editors write one, is read past (P66-m4).
	 */
	static Map<String, String> clinicFiles(Path folder) {
		if (folder == null) {
			return Map.of();
		}
		if (!Files.isDirectory(folder)) {
			throw new KnowledgeException(folder + ": clinic terminology folder does not exist");
		}
		Map<String, String> files = new TreeMap<>();
		List<Path> entries;
		try (var paths = Files.list(folder)) {
			entries = paths.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
		} catch (IOException | UncheckedIOException e) {
			throw new KnowledgeException(folder + ": cannot be read: " + e.getMessage(), e);
		}
		for (Path path : entries) {
			if (!path.getFileName().toString().endsWith(".json") || !Files.isRegularFile(path)) {
				throw new KnowledgeException(path + ": is not a FHIR JSON file (*.json); the clinic terminology folder holds"
						+ " only ValueSet, CodeSystem and ConceptMap files in FHIR JSON, one a file, no subfolders");
			}
			try {
				String text = Files.readString(path);
				files.put(path.toString(), text.startsWith("\uFEFF") ? text.substring(1) : text);
			} catch (java.nio.charset.MalformedInputException e) {
				throw new KnowledgeException(path + ": is not UTF-8 text (save it as UTF-8)", e);
			} catch (IOException | UncheckedIOException e) {
				throw new KnowledgeException(path + ": cannot be read: " + e.getMessage(), e);
			}
		}
		return files;
	}

	private static Knowledge load(
			Map<String, String> sources, Function<String, Optional<String>> files, Map<String, String> clinicFiles) {
		Node settings = parse(sources, SETTINGS);
		Map<Threshold, Double> thresholds = thresholds(parse(sources, THRESHOLDS));
		Map<String, Citation> citations = citations(parse(sources, CITATIONS));
		Node peptideFile = parse(sources, PEPTIDES);
		Map<String, Jurisdiction> jurisdictions = jurisdictions(peptideFile);
		Map<String, PeptideSpec> peptides = peptides(peptideFile, jurisdictions.keySet(), citations.keySet());
		Map<String, OverrideReason> reasons = overrideReasons(parse(sources, OVERRIDE_REASONS));
		Map<String, RuleSpec> rules = rules(parse(sources, RULES), citations.keySet(), reasons);
		Igf1ReferenceIntervals intervals = igf1Intervals(parse(sources, IGF1_INTERVALS));
		String jurisdiction = settings.field("jurisdiction").oneOf(jurisdictions.keySet());
		TerminologyLoader terminology = new TerminologyLoader(files, clinicFiles);
		Map<CodeGroup, ConceptSet> groups = terminology.groups();
		ConceptSet peptideCodes = terminology.peptides();
		Map<String, String> peptideByCode = terminology.peptideCodes(peptideCodes, peptides.keySet());
		Node noticeNode = settings.field("notices");
		Notices notices = new Notices(noticeNode.text("decision-support"), noticeNode.text("deceased"),
				noticeNode.text("deceased-order"), noticeNode.text("deceased-treated"), incomplete(noticeNode.field("incomplete")),
				noticeNode.text("cancel-growth-hormone-draft"));
		Knowledge knowledge = new Knowledge(thresholds, rules, citations, peptides, jurisdictions, groups, terminology.reviews(),
				terminology.pregnancyStatus(), terminology.absentOrUnknown(), terminology.antineoplastics(), terminology.growthHormone(),
				terminology.testosterone(), terminology.diabetesMedications(), terminology.ghStimulationTests(),
				peptideCodes,
				peptideByCode, terminology.allergens(peptideByCode, peptides.keySet()), terminology.routes(), terminology.conditionStatuses(),
				intervals, notices, jurisdiction, publishedSystems(files, clinicFiles, groups));
		terminology.requireEveryClinicFileRead();
		terminology.requireNoPeptideAmongOtherDrugs(peptideByCode);
		return knowledge;
	}

	/**
	 * The code systems the published concept groups hold codes of, without a clinic's additions: a Condition coded in one
	 * of them is checked (a code of it in no group is no contraindication). A clinic's own system counts only for the
	 * codes the clinic lists: its first local code in one group made every other code of that system pass unnamed, a
	 * local-coded metastatic carcinoma among them (probe 66, P66-C1).
	 */
	private static Set<String> publishedSystems(Function<String, Optional<String>> files, Map<String, String> clinicFiles,
			Map<CodeGroup, ConceptSet> groups) {
		Map<CodeGroup, ConceptSet> published = clinicFiles.isEmpty() ? groups : new TerminologyLoader(files, Map.of()).groups();
		Set<String> systems = new java.util.TreeSet<>();
		published.values().forEach(set -> systems.addAll(set.systems()));
		return systems;
	}

	private static Node parse(Map<String, String> sources, String file) {
		String text = sources.get(file);
		if (text == null) {
			throw new KnowledgeException(file + ": is missing");
		}
		try {
			JsonNode json = YAML.readTree(text);
			if (json == null || !json.isObject()) {
				throw new KnowledgeException(file + ": (root): must be a mapping");
			}
			return new Node(file, "", json);
		} catch (IOException e) {
			throw new KnowledgeException(file + ": is not valid YAML/JSON: " + e.getMessage(), e);
		}
	}

	private static Map<Threshold, Double> thresholds(Node file) {
		Node node = file.field("thresholds");
		Map<String, Node> entries = node.entries();
		Map<Threshold, Double> values = new EnumMap<>(Threshold.class);
		Set<String> known = new HashSet<>();
		for (Threshold threshold : Threshold.values()) {
			known.add(threshold.key());
			double value = node.field(threshold.key()).number();
			if (value < 0) {
				throw node.field(threshold.key()).error("must not be negative");
			}
			values.put(threshold, value);
		}
		for (String key : entries.keySet()) {
			if (!known.contains(key)) {
				throw entries.get(key).error("is not a known threshold");
			}
		}
		if (values.get(Threshold.IGF1_TARGET_LOW) >= values.get(Threshold.IGF1_TARGET_HIGH)) {
			throw node.field(Threshold.IGF1_TARGET_HIGH.key()).error("must be above igf1-target-low-ng-ml");
		}
		return values;
	}

	private static Map<String, Citation> citations(Node file) {
		Map<String, Citation> citations = new LinkedHashMap<>();
		for (Node item : file.list("citations")) {
			String id = item.text("id");
			if (citations.containsKey(id)) {
				throw item.field("id").error("duplicate citation id '" + id + "'");
			}
			String url = item.optionalText("url", "");
			String text = item.optionalText("text", "");
			if (url.isEmpty() && text.isEmpty()) {
				throw item.error("needs a url or a text");
			}
			citations.put(id, new Citation(id, item.text("label"), url, text));
		}
		return citations;
	}

	private static Map<String, Jurisdiction> jurisdictions(Node file) {
		Map<String, Jurisdiction> jurisdictions = new LinkedHashMap<>();
		for (Node item : file.list("jurisdictions")) {
			Set<String> elevated = new LinkedHashSet<>();
			for (Node status : item.optionalList("elevated-statuses")) {
				elevated.add(status.oneOf(PeptideSpec.RegulatoryStatus.STATUSES));
			}
			String code = item.text("code");
			jurisdictions.put(code, new Jurisdiction(code, item.text("name"), elevated));
		}
		return jurisdictions;
	}

	private static Map<String, PeptideSpec> peptides(Node file, Set<String> jurisdictions, Set<String> citations) {
		Map<String, PeptideSpec> peptides = new LinkedHashMap<>();
		for (Node item : file.list("peptides")) {
			Map<String, PeptideSpec.RegulatoryStatus> regulatory = new LinkedHashMap<>();
			Node statuses = item.field("regulatory");
			for (String jurisdiction : jurisdictions) {
				Node status = statuses.field(jurisdiction);
				regulatory.put(
						jurisdiction,
						new PeptideSpec.RegulatoryStatus(
								status.field("status").oneOf(PeptideSpec.RegulatoryStatus.STATUSES),
								status.text("note"),
								citationIds(status, citations)));
			}
			String code = item.text("code");
			peptides.put(
					code,
					new PeptideSpec(
							code,
							item.text("display"),
							item.field("mechanism").oneOf(MECHANISMS),
							item.text("usual-route"),
							regulatory));
		}
		return peptides;
	}

	/** The guidance-override-reasons CodeSystem (FHIR JSON, read directly): code → reason with its display. */
	private static Map<String, OverrideReason> overrideReasons(Node file) {
		if (!"CodeSystem".equals(file.text("resourceType"))) {
			throw file.field("resourceType").error("must be CodeSystem");
		}
		if (!OverrideReason.SYSTEM.equals(file.text("url"))) {
			throw file.field("url").error("must be " + OverrideReason.SYSTEM);
		}
		Map<String, OverrideReason> reasons = new LinkedHashMap<>();
		for (Node concept : file.list("concept")) {
			String code = concept.text("code");
			if (reasons.put(code, new OverrideReason(code, concept.text("display"))) != null) {
				throw concept.field("code").error("duplicate code '" + code + "'");
			}
		}
		return reasons;
	}

	private static Map<String, RuleSpec> rules(Node file, Set<String> citations, Map<String, OverrideReason> reasons) {
		Map<String, RuleSpec> rules = new LinkedHashMap<>();
		for (Node item : file.list("rules")) {
			String id = item.text("id");
			if (!RULE_ID.matcher(id).matches()) {
				throw item.field("id").error("'" + id + "' must be kebab-case");
			}
			if (rules.containsKey(id)) {
				throw item.field("id").error("duplicate rule id '" + id + "'");
			}
			Category category = Category.fromCode(item.field("category").oneOf(CATEGORIES));
			Severity severity = severity(item.field("severity"));
			Severity elevated = item.has("elevated-severity") ? severity(item.field("elevated-severity")) : null;
			Set<Face> faces = EnumSet.noneOf(Face.class);
			for (Node face : item.list("faces")) {
				faces.add(Face.parse(face.oneOf(FACES)));
			}
			if (faces.isEmpty()) {
				throw item.field("faces").error("must list at least one face");
			}
			String summary = item.text("summary");
			if (PLACEHOLDER.matcher(summary).replaceAll("").length() > MAX_SUMMARY_TEMPLATE) {
				throw item.field("summary").error("is longer than " + MAX_SUMMARY_TEMPLATE + " characters without placeholders");
			}
			List<String> sources = citationIds(item, citations);
			if (sources.isEmpty()) {
				throw item.field("sources").error("must name at least one source");
			}
			List<OverrideReason> overrides = new ArrayList<>();
			for (Node reason : item.optionalList("override-reasons")) {
				overrides.add(reasons.get(reason.oneOf(reasons.keySet())));
			}
			boolean canBeCritical = severity == Severity.CRITICAL || elevated == Severity.CRITICAL;
			if (canBeCritical && overrides.isEmpty()) {
				throw item.error("override-reasons: a rule that can be critical must list override reasons");
			}
			if (!canBeCritical && !overrides.isEmpty()) { // only critical cards carry them (Finding): listed, never shown
				throw item.field("override-reasons").error("only a rule that can be critical may list override reasons");
			}
			rules.put(
					id,
					new RuleSpec(
							id,
							item.text("version"),
							category,
							severity,
							elevated,
							faces,
							summary,
							item.text("detail"),
							suggestions(item),
							sources,
							overrides,
							population(item),
							item.has("reassurance") && reassurance(item.field("reassurance")),
							phrases(item)));
		}
		return rules;
	}

	/** notices.incomplete: a summary (and a detail, optional) for every reason, no other key. */
	private static Map<Notices.Incomplete, Notices.Text> incomplete(Node node) {
		Map<Notices.Incomplete, Notices.Text> texts = new java.util.EnumMap<>(Notices.Incomplete.class);
		Set<String> keys = new java.util.TreeSet<>();
		for (Notices.Incomplete reason : Notices.Incomplete.values()) {
			keys.add(reason.key());
			Node text = node.field(reason.key());
			texts.put(reason, new Notices.Text(text.text("summary"), text.optionalText("detail", "")));
		}
		for (String key : node.entries().keySet()) {
			if (!keys.contains(key)) {
				throw node.field(key).error("is not a reason the card knows: one of " + keys);
			}
		}
		return texts;
	}

	private static boolean reassurance(Node node) {
		if (node.json() == null || !node.json().isBoolean()) {
			throw node.error("must be true or false");
		}
		return node.json().booleanValue();
	}

	private static Map<String, String> phrases(Node rule) {
		Map<String, String> phrases = new LinkedHashMap<>();
		if (rule.has("phrases")) {
			for (Map.Entry<String, Node> phrase : rule.field("phrases").entries().entrySet()) {
				if (!RULE_ID.matcher(phrase.getKey()).matches()) {
					throw phrase.getValue().error("phrase name '" + phrase.getKey() + "' must be kebab-case");
				}
				phrases.put(phrase.getKey(), phrase.getValue().text());
			}
		}
		return phrases;
	}

	private static Population population(Node rule) {
		Node population = rule.field("population");
		Integer min = population.has("min-age") ? age(population.field("min-age")) : null;
		Integer max = population.has("max-age") ? age(population.field("max-age")) : null;
		if (min != null && max != null && max < min) {
			throw population.field("max-age").error("must not be below min-age");
		}
		Set<String> sexes = new LinkedHashSet<>();
		for (Node sex : population.optionalList("sex")) {
			sexes.add(sex.oneOf(GENDERS));
		}
		return new Population(min, max, sexes);
	}

	private static int age(Node node) {
		double value = node.number();
		if (value < 0 || value != Math.rint(value)) {
			throw node.error("must be a whole number of years");
		}
		return (int) value;
	}

	private static List<RuleSpec.SuggestionSpec> suggestions(Node rule) {
		List<RuleSpec.SuggestionSpec> suggestions = new ArrayList<>();
		for (Node item : rule.optionalList("suggestions")) {
			List<RuleSpec.ActionSpec> actions = new ArrayList<>();
			for (Node action : item.optionalList("actions")) {
				String type = action.field("type").oneOf(RuleSpec.ActionSpec.TYPES);
				if (type.equals("create")) {
					actions.add(new RuleSpec.ActionSpec(type, action.text("loinc"), action.text("display"), "", null,
							null, null, null, action.has("due") ? due(action.field("due")) : null));
				} else if (type.startsWith("update-")) {
					String status = action.has("set-status")
							? action.field("set-status").oneOf(RuleSpec.ActionSpec.STATUSES) : null;
					String route = action.has("set-route")
							? action.field("set-route").oneOf(Set.of(RuleSpec.ActionSpec.USUAL_ROUTE)) : null;
					String dose = action.has("dose-change")
							? action.field("dose-change").oneOf(Set.of(RuleSpec.ActionSpec.DOSE_REVIEW)) : null;
					int changes = (status == null ? 0 : 1) + (route == null ? 0 : 1) + (dose == null ? 0 : 1);
					if (changes != 1) {
						throw action.error("an update must declare exactly one of set-status, set-route, dose-change");
					}
					String reason = action.has("status-reason")
							? action.field("status-reason").oneOf(RuleSpec.ActionSpec.STATUS_REASONS) : null;
					if (reason != null && status == null) {
						throw action.error("status-reason comes with set-status");
					}
					actions.add(new RuleSpec.ActionSpec(type, "", "", action.optionalText("description", ""), status, route,
							dose, reason, null));
				} else {
					actions.add(new RuleSpec.ActionSpec(type, "", "", action.optionalText("description", ""), null, null,
							null, null, null));
				}
			}
			suggestions.add(new RuleSpec.SuggestionSpec(item.text("label"), actions));
		}
		return suggestions;
	}

	/** A create action's {@code due}: {@code after} (optional), {@code from-days} (default 0), {@code to-days} (optional). */
	private static RuleSpec.Due due(Node due) {
		String after = due.has("after") ? due.field("after").oneOf(RuleSpec.Due.AFTER) : null;
		int from = due.has("from-days") ? days(due.field("from-days")) : 0;
		Integer to = due.has("to-days") ? days(due.field("to-days")) : null;
		if (to != null && to < from) {
			throw due.error("to-days must not come before from-days");
		}
		if (after == null && from == 0 && to == null) {
			throw due.error("says nothing: give after, from-days or to-days");
		}
		return new RuleSpec.Due(after, from, to);
	}

	private static int days(Node node) {
		double value = node.number();
		if (value < 0 || value != Math.rint(value)) {
			throw node.error("must be a whole number of days");
		}
		return (int) value;
	}

	private static List<String> citationIds(Node item, Set<String> citations) {
		List<String> ids = new ArrayList<>();
		for (Node source : item.list("sources")) {
			String id = source.text();
			if (!citations.contains(id)) {
				throw source.error("'" + id + "' is not an id in " + CITATIONS);
			}
			ids.add(id);
		}
		return ids;
	}

	private static Severity severity(Node node) {
		return Severity.fromIndicator(node.oneOf(SEVERITIES));
	}

	/** Reads the FHIR R4 ObservationDefinition JSON directly (no FhirContext: the engine stays model-only). */
	private static Igf1ReferenceIntervals igf1Intervals(Node file) {
		if (!"ObservationDefinition".equals(file.text("resourceType"))) {
			throw file.field("resourceType").error("must be ObservationDefinition");
		}
		List<Igf1ReferenceIntervals.Band> bands = new ArrayList<>();
		for (Node interval : file.list("qualifiedInterval")) {
			Node range = interval.field("range");
			double low = range.field("low").field("value").number();
			double high = range.field("high").field("value").number();
			for (String side : List.of("low", "high")) {
				String unit = range.field(side).optionalText("code", "ng/mL");
				if (!unit.equals("ng/mL")) {
					throw range.field(side).field("code").error("'" + unit + "' must be ng/mL");
				}
			}
			if (low <= 0 || high <= low) {
				throw range.error("needs 0 < low < high");
			}
			Double ageLow = null;
			Double ageHigh = null;
			if (interval.has("age")) {
				Node age = interval.field("age");
				ageLow = age.has("low") ? age.field("low").field("value").number() : null;
				ageHigh = age.has("high") ? age.field("high").field("value").number() : null;
			}
			String gender = interval.has("gender") ? interval.field("gender").oneOf(GENDERS) : null;
			bands.add(new Igf1ReferenceIntervals.Band(ageLow, ageHigh, gender, low, high));
		}
		String source = file.optionalText("preferredReportName", "IGF-1 reference intervals");
		return new Igf1ReferenceIntervals(source, bands);
	}

	/** Placeholder names used by a template, in order. */
	public static Set<String> placeholders(String template) {
		Set<String> names = new TreeSet<>();
		Matcher matcher = PLACEHOLDER.matcher(template);
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		return names;
	}

	private static Set<String> orderedSet(String... values) {
		return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(List.of(values)));
	}
}
