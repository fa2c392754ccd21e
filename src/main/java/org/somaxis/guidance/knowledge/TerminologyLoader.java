package org.somaxis.guidance.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Expands the concept-group ValueSets of terminology/ into {@link ConceptSet}s, reading FHIR JSON directly (no
 * FhirContext: the engine stays model-only).
 *
 * <p>Supported compose: {@code include.concept} lists, {@code include.valueSet} (our canonicals, resolved to
 * terminology/ValueSet-{id}.json, or a clinic ValueSet with that url), a whole {@code include.system} when its
 * CodeSystem is held (terminology/CodeSystem-{id}.json for our canonicals, or a clinic CodeSystem), and
 * {@code include.filter} with {@code op = regex} on {@code property = code}, and {@code exclude.concept} lists (a code
 * taken out of what the includes give, also out of an included ValueSet). Anything else (an exclude by filter, ValueSet
 * or whole system, an excluded code a regex filter of the group would still match, other filter operations, an
 * unresolvable include) stops loading with a message naming the file: a group must never be silently other than it
 * says.
 *
 * <p>A clinic ValueSet whose url equals a group's canonical is merged into that group (its includes are added).
 */
final class TerminologyLoader {
	static final String VALUE_SET_BASE = "http://somaxis.org/fhir/ValueSet/";
	static final String CODE_SYSTEM_BASE = "http://somaxis.org/fhir/CodeSystem/";
	static final String GH_PEPTIDES_VALUE_SET = VALUE_SET_BASE + "gh-peptides";
	static final String GH_PEPTIDES_SYSTEM = CODE_SYSTEM_BASE + "gh-peptides";
	static final String ANTINEOPLASTICS_VALUE_SET = "antineoplastic-medications";
	static final String GROWTH_HORMONE_VALUE_SET = "gh-therapy-medications";
	static final String TESTOSTERONE_VALUE_SET = "testosterone-therapy-medications";
	static final String DIABETES_MEDICATIONS_VALUE_SET = "diabetes-medications";
	static final String GH_STIMULATION_TESTS_VALUE_SET = "gh-stimulation-tests";
	static final String PEPTIDE_MAP = "terminology/ConceptMap-gh-peptides-to-rxnorm-unii.json";
	static final String EXCIPIENT_MAP = "terminology/ConceptMap-gh-peptide-excipients.json";
	static final String ROUTE_MAP = "terminology/ConceptMap-v2-routes-to-snomed.json";
	static final String CONDITION_STATUS_MAP = "terminology/ConceptMap-ccda-problem-status-to-condition-clinical.json";
	private static final String CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical";

	private static final ObjectMapper JSON = new ObjectMapper();

	private final Function<String, Optional<String>> files;
	private final Map<String, List<Node>> clinicValueSets = new HashMap<>();
	private final Map<String, Node> clinicCodeSystems = new HashMap<>();
	private final List<Node> clinicConceptMaps = new ArrayList<>();
	private final Map<String, ConceptSet> cache = new HashMap<>();
	private final Set<String> includedCodeSystems = new HashSet<>();
	private final Set<String> clinicFileNames;
	private static final Set<String> CLINIC_TYPES = Set.of("ValueSet", "CodeSystem", "ConceptMap");
	private static final Pattern TEN_DIGITS = Pattern.compile("\\d{10}");
	/** The equivalences of a map's target that say it is not the source: not read as the peptide. */
	private static final Set<String> NOT_THE_SOURCE = Set.of("unmatched", "disjoint");
	/**
	 * The equivalences of a clinic map's target read as the peptide: the same, or a product of it. A wider or merely
	 * related code (a drug class) would be shown as the one peptide on every card (probe 67, P67-m1).
	 */
	private static final Set<String> THE_PEPTIDE = Set.of("equivalent", "equal", "narrower", "specializes");
	private final Set<Node> mapsThatNameAPeptide = new HashSet<>();
	private Set<String> excipients;

	/**
	 * @param files reads a project file such as terminology/ValueSet-diabetes-conditions.json
	 * @param clinicFiles a clinic's extra ValueSet/CodeSystem JSON files: name (for messages) to text
	 */
	TerminologyLoader(Function<String, Optional<String>> files, Map<String, String> clinicFiles) {
		this.files = files;
		this.clinicFileNames = Set.copyOf(clinicFiles.keySet());
		clinicFiles.forEach((name, text) -> {
			Node resource = parse(name, text);
			String type = resource.text("resourceType");
			if (!CLINIC_TYPES.contains(type)) {
				// checked before the url, which a Bundle of ValueSets lacks (probe 66, P66-m1)
				throw resource.field("resourceType").error("'" + type + "' must be ValueSet, CodeSystem or ConceptMap, one"
						+ " resource a file (a Bundle's entries are not read)");
			}
			String url = resource.text("url");
			if ("retired".equals(resource.optionalText("status", ""))) {
				// it would be merged as one in use (probe 66, P66-M4)
				throw resource.field("status").error("is retired: remove the file, or it would be read as one in use");
			}
			switch (type) {
				case "ValueSet" -> clinicValueSets.computeIfAbsent(url, key -> new ArrayList<>()).add(resource);
				case "CodeSystem" -> {
					Node earlier = clinicCodeSystems.put(url, resource);
					if (earlier != null) { // the later file's codes replaced the earlier's (probe 66, P66-M4)
						throw resource.field("url").error("is also the url of " + earlier.file() + ": one CodeSystem a url");
					}
				}
				default -> clinicConceptMaps.add(resource);
			}
		});
	}

	/**
	 * Stops loading when a clinic file has no effect: a ValueSet whose url no group, read set or included ValueSet has (a
	 * typo in its url, a {@code |version} after it, an expansion-only download under its own url), a CodeSystem no read
	 * ValueSet includes whole, a ConceptMap with a group whose source is not the gh-peptides CodeSystem (the only maps a
	 * clinic folder is read for). The clinic meant each to change what the guidance reads; left unread, its codes were
	 * silently not counted (probe 66, P66-C2, M1). Call after everything is read.
	 */
	void requireEveryClinicFileRead() {
		for (Map.Entry<String, List<Node>> valueSet : clinicValueSets.entrySet()) {
			if (!cache.containsKey(valueSet.getKey())) {
				throw valueSet.getValue().get(0).field("url").error("'" + valueSet.getKey() + "' is no ValueSet the guidance"
						+ " reads (a concept group's canonical, such as " + VALUE_SET_BASE + "malignancy-conditions, or a"
						+ " ValueSet one of them includes), so its codes would count for nothing (docs/terminology.md)");
			}
		}
		for (Map.Entry<String, Node> codeSystem : clinicCodeSystems.entrySet()) {
			if (!includedCodeSystems.contains(codeSystem.getKey())) {
				throw codeSystem.getValue().field("url").error("'" + codeSystem.getKey() + "' is included whole by no"
						+ " ValueSet the guidance reads, so its codes would count for nothing");
			}
		}
		for (Node map : clinicConceptMaps) {
			for (Node group : map.list("group")) {
				if (!GH_PEPTIDES_SYSTEM.equals(group.text("source"))) {
					throw group.field("source").error("must be " + GH_PEPTIDES_SYSTEM + ": a clinic ConceptMap is read only"
							+ " for the codes that name a peptide, and this group would be read for nothing");
				}
			}
			if (!mapsThatNameAPeptide.contains(map)) { // every target unmatched or disjoint (probe 67, P67-m2)
				throw map.field("group").error("names no code as a peptide (every target is unmatched or disjoint), so the"
						+ " map would be read for nothing");
			}
		}
	}

	Map<CodeGroup, ConceptSet> groups() {
		Map<CodeGroup, ConceptSet> groups = new EnumMap<>(CodeGroup.class);
		for (CodeGroup group : CodeGroup.values()) {
			groups.put(group, nonEmpty(group.valueSetId()));
		}
		return groups;
	}

	/** The review sets of the groups that have one ({@link CodeGroup#reviewValueSetId()}). */
	Map<CodeGroup, ConceptSet> reviews() {
		Map<CodeGroup, ConceptSet> reviews = new EnumMap<>(CodeGroup.class);
		for (CodeGroup group : CodeGroup.values()) {
			if (group.reviewValueSetId() != null) {
				reviews.put(group, nonEmpty(group.reviewValueSetId()));
			}
		}
		return reviews;
	}

	/**
	 * The ValueSets a pregnancy-status Observation's or a pregnancy test's value is read by, and the codes of an
	 * estimated-delivery-date Observation; each must have codes.
	 */
	PregnancyStatusValues pregnancyStatus() {
		return new PregnancyStatusValues(nonEmpty(PregnancyStatusValues.PREGNANT_VALUE_SET),
				nonEmpty(PregnancyStatusValues.NOT_PREGNANT_VALUE_SET),
				nonEmpty(PregnancyStatusValues.TEST_POSITIVE_VALUE_SET),
				nonEmpty(PregnancyStatusValues.TEST_NEGATIVE_VALUE_SET),
				nonEmpty(PregnancyStatusValues.ESTIMATED_DELIVERY_DATE_VALUE_SET));
	}

	/** The two ValueSets of IPS's absent and unknown codes; each must have codes. */
	AbsentOrUnknown absentOrUnknown() {
		return new AbsentOrUnknown(nonEmpty(AbsentOrUnknown.KNOWN_ABSENT_VALUE_SET),
				nonEmpty(AbsentOrUnknown.NO_INFORMATION_VALUE_SET));
	}

	/** The medications that treat cancer; the ValueSet must have codes. */
	ConceptSet antineoplastics() {
		return nonEmpty(ANTINEOPLASTICS_VALUE_SET);
	}

	/** The growth hormone products (somatropin and the long-acting ones); the ValueSet must have codes. */
	ConceptSet growthHormone() {
		return nonEmpty(GROWTH_HORMONE_VALUE_SET);
	}

	/** The testosterone products; the ValueSet must have codes. */
	ConceptSet testosterone() {
		return nonEmpty(TESTOSTERONE_VALUE_SET);
	}

	/** The medications that may treat diabetes; the ValueSet must have codes. */
	ConceptSet diabetesMedications() {
		return nonEmpty(DIABETES_MEDICATIONS_VALUE_SET);
	}

	/** The growth hormone stimulation tests (macimorelin); the ValueSet must have codes. */
	ConceptSet ghStimulationTests() {
		return nonEmpty(GH_STIMULATION_TESTS_VALUE_SET);
	}

	private ConceptSet nonEmpty(String valueSetId) {
		ConceptSet set = expand(VALUE_SET_BASE + valueSetId, new LinkedHashSet<>());
		if (set.codes().isEmpty() && set.patterns().isEmpty()) {
			throw new KnowledgeException(file(valueSetId) + ": has no codes");
		}
		return set;
	}

	ConceptSet peptides() {
		return expand(GH_PEPTIDES_VALUE_SET, new LinkedHashSet<>());
	}

	/**
	 * "system|code" of every code that names a peptide, to its gh-peptides code: every target of our ConceptMap (the
	 * RxNorm and NDC products, and the UNIIs of the substance and its salt, which a compounded vial's ingredients carry)
	 * and of a clinic's ConceptMaps of the same shape (source the gh-peptides CodeSystem, one element per peptide, its
	 * targets the clinic's codes, e.g. an EHR's local code of a compounded peptide). Every non-local member of the peptide
	 * ValueSet must map to a known peptide: a product we cannot place in a mechanism class would be a peptide the safety
	 * rules cannot judge. A target outside the ValueSet names the peptide too: before, a blend whose tesamorelin was coded
	 * by its UNII was read as its other peptide only, and the tesamorelin contraindications were silent.
	 */
	Map<String, String> peptideCodes(ConceptSet peptides, Set<String> knownPeptides) {
		Map<String, String> codes = new LinkedHashMap<>();
		addPeptideMappings(parse(PEPTIDE_MAP, read(PEPTIDE_MAP)), codes, false);
		clinicConceptMaps.forEach(map -> addPeptideMappings(map, codes, true));
		for (String code : knownPeptides) {
			codes.put(GH_PEPTIDES_SYSTEM + "|" + code, code);
		}
		for (String member : peptides.codes()) {
			String peptide = codes.get(member);
			if (peptide == null || !knownPeptides.contains(peptide)) {
				throw new KnowledgeException(where(GH_PEPTIDES_VALUE_SET) + ": " + member
						+ " is in the peptide ValueSet but maps to no peptide of knowledge/peptides.yaml via " + PEPTIDE_MAP
						+ " or a clinic's ConceptMap");
			}
		}
		return codes;
	}

	/**
	 * "system|code" of every product or substance whose hypersensitivity contraindicates a peptide, to those peptides:
	 * the peptide's own codes ({@code peptideByCode}: Somaxis codes, RxNorm and NDC products), every target of ConceptMap
	 * gh-peptides-to-rxnorm-unii and of a clinic's maps of its shape (the UNIIs of the substance and its salt; a clinic's
	 * RxNorm ingredient or SNOMED CT substance codes), and the excipients of ConceptMap gh-peptide-excipients (mannitol
	 * for tesamorelin). A code may name several peptides (a blend's code). Every element must be a known peptide: an
	 * unknown one would match no order, silently.
	 */
	Map<String, Set<String>> allergens(Map<String, String> peptideByCode, Set<String> knownPeptides) {
		Map<String, Set<String>> allergens = new LinkedHashMap<>();
		peptideByCode.forEach((code, peptide) -> allergens.computeIfAbsent(code, key -> new java.util.TreeSet<>()).add(peptide));
		addAllergens(PEPTIDE_MAP, parse(PEPTIDE_MAP, read(PEPTIDE_MAP)), false, knownPeptides, allergens);
		for (Node map : clinicConceptMaps) {
			addAllergens(map.file() + " (" + map.text("url") + ")", map, false, knownPeptides, allergens);
		}
		addAllergens(EXCIPIENT_MAP, parse(EXCIPIENT_MAP, read(EXCIPIENT_MAP)), true, knownPeptides, allergens);
		allergens.replaceAll((code, peptides) -> Set.copyOf(peptides));
		return allergens;
	}

	/**
	 * Adds the targets of a map's groups whose source is the gh-peptides CodeSystem.
	 *
	 * @param onlyPeptides every group must have that source (the excipient map); otherwise others are skipped
	 */
	private static void addAllergens(String name, Node map, boolean onlyPeptides, Set<String> knownPeptides,
			Map<String, Set<String>> allergens) {
		for (Node group : map.list("group")) {
			if (!GH_PEPTIDES_SYSTEM.equals(group.text("source"))) {
				if (onlyPeptides) {
					throw new KnowledgeException(name + ": a group's source is '" + group.text("source") + "', not "
							+ GH_PEPTIDES_SYSTEM);
				}
				continue;
			}
			String target = ConceptSet.system(group.text("target"));
			for (Node element : group.list("element")) {
				String peptide = element.text("code");
				if (!knownPeptides.contains(peptide)) {
					throw new KnowledgeException(name + ": '" + peptide + "' is no peptide of knowledge/peptides.yaml");
				}
				for (Node mapped : element.optionalList("target")) {
					if (mapped.has("code") && !NOT_THE_SOURCE.contains(mapped.optionalText("equivalence", ""))) {
						stored(mapped, target).forEach(code -> allergens.computeIfAbsent(target + "|" + code,
								key -> new java.util.TreeSet<>()).add(peptide));
					}
				}
			}
		}
	}

	/**
	 * "system|code" of each route code of another system (HL7 v2 table 0162) to the SNOMED CT route code the guidance
	 * reads (ConceptMap v2-routes-to-snomed), or to itself for a code mapped as {@code unmatched}: a route that is none
	 * of those.
	 */
	Map<String, String> routes() {
		Map<String, String> routes = new LinkedHashMap<>();
		for (Node group : parse(ROUTE_MAP, read(ROUTE_MAP)).list("group")) {
			if (!ConceptSet.SNOMED.equals(ConceptSet.system(group.text("target")))) {
				throw group.field("target").error("must be " + ConceptSet.SNOMED);
			}
			String source = ConceptSet.system(group.text("source"));
			for (Node element : group.list("element")) {
				String key = source + "|" + element.text("code");
				for (Node mapped : element.list("target")) {
					routes.put(key, mapped.has("code") ? mapped.text("code") : key);
				}
			}
		}
		return routes;
	}

	/**
	 * "system|code" of each Condition status of another code system (C-CDA's Problem Status values, SNOMED CT) to the
	 * condition-clinical code it is equivalent to (ConceptMap ccda-problem-status-to-condition-clinical).
	 */
	Map<String, String> conditionStatuses() {
		Map<String, String> statuses = new LinkedHashMap<>();
		for (Node group : parse(CONDITION_STATUS_MAP, read(CONDITION_STATUS_MAP)).list("group")) {
			if (!CONDITION_CLINICAL.equals(ConceptSet.system(group.text("target")))) {
				throw group.field("target").error("must be " + CONDITION_CLINICAL);
			}
			String source = ConceptSet.system(group.text("source"));
			for (Node element : group.list("element")) {
				for (Node mapped : element.list("target")) {
					if (!"equivalent".equals(mapped.text("equivalence"))) {
						throw mapped.field("equivalence").error("must be equivalent: a status read as another is a guess");
					}
					statuses.put(source + "|" + element.text("code"), mapped.text("code"));
				}
			}
		}
		return statuses;
	}

	/**
	 * Adds the codes a map's targets name, each read as its element's peptide; not a target whose equivalence says it is
	 * not that peptide ({@code unmatched}, {@code disjoint}). A clinic's map may not make a code that names one peptide
	 * name another (EGRIFTA SV read as ipamorelin met the rules of the wrong peptide), nor make a drug of the medication
	 * sets a peptide (letrozole shown as sermorelin): each stops loading (probe 66, P66-C3, M2).
	 */
	private void addPeptideMappings(Node map, Map<String, String> codes, boolean clinic) {
		for (Node group : map.list("group")) {
			if (!GH_PEPTIDES_SYSTEM.equals(group.text("source"))) {
				continue; // a clinic's: refused by requireEveryClinicFileRead
			}
			String target = ConceptSet.system(group.text("target"));
			for (Node element : group.list("element")) {
				String peptide = element.text("code");
				for (Node mapped : element.optionalList("target")) {
					String equivalence = mapped.optionalText("equivalence", "");
					if (!mapped.has("code") || NOT_THE_SOURCE.contains(equivalence)) {
						continue;
					}
					if (clinic && !THE_PEPTIDE.contains(equivalence)) {
						throw mapped.field("equivalence").error("must be equivalent, equal, narrower or specializes (the code"
								+ " names the peptide or a product of it), or unmatched or disjoint (it does not): a '"
								+ equivalence + "' code would be read and shown as " + peptide);
					}
					for (String code : stored(mapped, target)) {
						mapPeptide(map, mapped, target, code, peptide, codes, clinic);
					}
				}
			}
		}
	}

	/** Maps one form of a target's code to its peptide, refusing what a clinic's map may not do. */
	private void mapPeptide(Node map, Node mapped, String target, String code, String peptide, Map<String, String> codes,
			boolean clinic) {
		String key = target + "|" + code;
		String earlier = codes.get(key);
		if (clinic && earlier != null && !earlier.equals(peptide)) {
			throw mapped.field("code").error("'" + key + "' names " + earlier + " (" + PEPTIDE_MAP + " or an"
					+ " earlier map): a clinic map cannot make it " + peptide);
		}
		if (clinic) {
			otherDrug(target, code).ifPresent(drugs -> {
				throw mapped.field("code").error("'" + key + "' is in ValueSet " + drugs + ", a drug the guidance"
						+ " reads as no GH-axis peptide: a clinic map cannot make it " + peptide);
			});
			if (excipients().contains(key)) { // mannitol read as sermorelin made a vial a blend (P67-M2)
				throw mapped.field("code").error("'" + key + "' is an excipient in " + EXCIPIENT_MAP + ": a clinic map"
						+ " cannot make it " + peptide);
			}
			mapsThatNameAPeptide.add(map);
		}
		codes.put(key, peptide);
	}

	/**
	 * The forms a listed code is kept under: the code as {@link ConceptSet#code} writes it, and an NDC package code as
	 * its product code, the level every lookup reads an NDC at ({@link ConceptSet#codeForms}): a clinic's package code
	 * was kept as written and never matched, so a cancer drug or a peptide listed so counted for nothing (probe 68,
	 * P68-C1, M3).
	 */
	private static List<String> stored(Node listed, String system) {
		String code = listed.text("code");
		if (ConceptSet.NDC.equals(system) && TEN_DIGITS.matcher(ConceptSet.code(system, code)).matches()) {
			// 4-4-2, 5-3-2 or 5-4-1: kept as all three products, it matched another labeler's (probe 69, P69-M1); read
			// as every lookup reads it, without the blanks (a no-break or zero-width space) a strip() left (P70-M1)
			throw listed.field("code").error("'" + code + "' is a 10-digit NDC without hyphens, which may be any of three"
					+ " products: write it with its hyphens (labeler-product-package) or as the 11-digit code");
		}
		// a code not written as its system writes codes matches no record: a 9-digit NDC was kept as written and never
		// matched a package of its product, so a cancer drug listed so counted for nothing (probe 70, P70-C1)
		CodeSyntax.problem(new org.hl7.fhir.r4.model.Coding(system, code, null)).ifPresent(problem -> {
			throw listed.field("code").error("'" + code + "' " + problem + ", so it would match no record");
		});
		return ConceptSet.NDC.equals(system) ? ConceptSet.codeForms(system, code) : List.of(ConceptSet.code(system, code));
	}

	/** "system|code" of every target of the excipient map, read once. */
	private Set<String> excipients() {
		if (excipients != null) {
			return excipients;
		}
		excipients = new HashSet<>();
		for (Node group : parse(EXCIPIENT_MAP, read(EXCIPIENT_MAP)).list("group")) {
			String target = ConceptSet.system(group.text("target"));
			for (Node element : group.list("element")) {
				element.optionalList("target").stream().filter(mapped -> mapped.has("code"))
						.forEach(mapped -> stored(mapped, target).forEach(code -> excipients.add(target + "|" + code)));
			}
		}
		return excipients;
	}

	/**
	 * Stops loading when a medication set (antineoplastics, growth hormone, testosterone, diabetes, stimulation tests)
	 * holds a code that names a peptide: every tesamorelin order was cited as its own cancer treatment after a clinic
	 * file added tesamorelin's RxNorm code to the antineoplastics (probe 67, P67-M3).
	 */
	void requireNoPeptideAmongOtherDrugs(Map<String, String> peptideByCode) {
		for (String valueSet : List.of(ANTINEOPLASTICS_VALUE_SET, GROWTH_HORMONE_VALUE_SET, TESTOSTERONE_VALUE_SET,
				DIABETES_MEDICATIONS_VALUE_SET, GH_STIMULATION_TESTS_VALUE_SET)) {
			ConceptSet drugs = nonEmpty(valueSet);
			peptideByCode.forEach((key, peptide) -> {
				int bar = key.lastIndexOf('|');
				if (drugs.contains(key.substring(0, bar), key.substring(bar + 1))) {
					throw new KnowledgeException(where(VALUE_SET_BASE + valueSet) + ": " + key + " names " + peptide
							+ ", so it cannot also be a drug of ValueSet " + valueSet);
				}
			});
		}
	}

	/** Our file of a ValueSet, and the clinic files that add to it. */
	private String where(String url) {
		List<String> names = new ArrayList<>();
		if (url.startsWith(VALUE_SET_BASE)) {
			names.add(file(url.substring(VALUE_SET_BASE.length())));
		}
		clinicValueSets.getOrDefault(url, List.of()).forEach(node -> names.add(node.file()));
		return String.join(", ", names);
	}

	/** The medication ValueSet (antineoplastics, growth hormone, testosterone, diabetes, stimulation tests) holding a code. */
	private Optional<String> otherDrug(String system, String code) {
		for (String valueSet : List.of(ANTINEOPLASTICS_VALUE_SET, GROWTH_HORMONE_VALUE_SET, TESTOSTERONE_VALUE_SET,
				DIABETES_MEDICATIONS_VALUE_SET, GH_STIMULATION_TESTS_VALUE_SET)) {
			if (nonEmpty(valueSet).contains(system, code)) {
				return Optional.of(valueSet);
			}
		}
		return Optional.empty();
	}

	private ConceptSet expand(String url, Set<String> visiting) {
		ConceptSet cached = cache.get(url);
		if (cached != null) {
			return cached;
		}
		if (!visiting.add(url)) {
			throw new KnowledgeException("ValueSet " + url + " includes itself");
		}
		List<Node> definitions = new ArrayList<>();
		if (url.startsWith(VALUE_SET_BASE)) {
			String file = file(url.substring(VALUE_SET_BASE.length()));
			files.apply(file).ifPresent(text -> definitions.add(parse(file, text)));
		}
		definitions.addAll(clinicValueSets.getOrDefault(url, List.of()));
		if (definitions.isEmpty()) {
			throw new KnowledgeException("ValueSet " + url + " is neither in terminology/ nor in the clinic terminology folder");
		}
		Set<String> codes = new HashSet<>();
		Map<String, List<Pattern>> patterns = new HashMap<>();
		List<Node> excludes = new ArrayList<>();
		Set<String> published = Set.of();
		for (Node definition : definitions) {
			if (!"ValueSet".equals(definition.text("resourceType"))) {
				throw definition.field("resourceType").error("must be ValueSet");
			}
			if (isClinic(definition) && published.isEmpty()) {
				published = Set.copyOf(codes); // what our own definition gives, before the clinic's (ours is read first)
			}
			Node compose = definition.field("compose");
			for (Node include : compose.list("include")) {
				include(include, codes, patterns, visiting);
			}
			excludes.addAll(compose.optionalList("exclude"));
		}
		for (Node exclude : excludes) {
			exclude(exclude, codes, patterns, isClinic(exclude) ? published : Set.of());
		}
		visiting.remove(url);
		ConceptSet set = new ConceptSet(url, codes, freeze(patterns));
		cache.put(url, set);
		return set;
	}

	private void include(Node include, Set<String> codes, Map<String, List<Pattern>> patterns, Set<String> visiting) {
		for (Node valueSet : include.optionalList("valueSet")) {
			String url = valueSet.text();
			if (!clinicValueSets.containsKey(url) && !cache.containsKey(url)
					&& (!url.startsWith(VALUE_SET_BASE) || files.apply(file(url.substring(VALUE_SET_BASE.length()))).isEmpty())) {
				// named with the file and element that include it (probe 66, P66-m2)
				throw valueSet.error("ValueSet " + url + " is neither in terminology/ nor in the clinic terminology folder");
			}
			ConceptSet nested = expand(url, visiting);
			if (include.has("system")) {
				throw include.error("system together with valueSet (an intersection) is not supported");
			}
			codes.addAll(nested.codes());
			nested.patterns().forEach((system, list) -> patterns.computeIfAbsent(system, key -> new ArrayList<>()).addAll(list));
		}
		if (!include.has("system")) {
			if (!include.has("valueSet")) {
				throw include.error("needs a system or a valueSet");
			}
			return;
		}
		String system = ConceptSet.system(include.text("system"));
		if (include.has("concept")) {
			for (Node concept : include.list("concept")) {
				stored(concept, system).forEach(code -> codes.add(system + "|" + code));
			}
		}
		for (Node filter : include.optionalList("filter")) {
			if (!"code".equals(filter.text("property")) || !"regex".equals(filter.text("op"))) {
				throw filter.error("only filters with property 'code' and op 'regex' are supported");
			}
			try {
				patterns.computeIfAbsent(system, key -> new ArrayList<>()).add(Pattern.compile(filter.text("value")));
			} catch (PatternSyntaxException e) {
				throw filter.field("value").error("is not a valid regular expression: " + e.getDescription());
			}
		}
		if (!include.has("concept") && !include.has("filter")) {
			for (Node concept : codeSystem(include, system).list("concept")) {
				addConcepts(system, concept, codes);
			}
		}
	}

	/**
	 * Takes the codes an exclude lists out of the group's members: by system and code only (VSAC's Breastfeeding holds
	 * "Suppressed lactation", which is no breastfeeding; probe 60, P60-m4). A code a regex filter of the group still
	 * matches cannot be taken out, and says so.
	 */
	private static void exclude(Node exclude, Set<String> codes, Map<String, List<Pattern>> patterns, Set<String> published) {
		if (exclude.has("valueSet") || exclude.has("filter") || !exclude.has("system") || !exclude.has("concept")) {
			throw exclude.error("only an exclude of listed codes of one system is supported by the guidance matcher");
		}
		String system = ConceptSet.system(exclude.text("system"));
		for (Node concept : exclude.list("concept")) {
			List<String> forms = stored(concept, system); // first: a 10-digit NDC is refused as one (probe 70, P70-m1)
			if (ConceptSet.NDC.equals(system) && !forms.contains(ConceptSet.code(system, concept.text("code")))) {
				// an NDC is read at product level: excluding one package took its product out whole (probe 69, P69-C2)
				throw concept.field("code").error("'" + concept.text("code") + "' is an NDC package code; the guidance reads"
						+ " an NDC at product level, so excluding it would take out its whole product: exclude the product"
						+ " code if that is meant");
			}
			String listed = ConceptSet.code(system, concept.text("code"));
			// an ICD-10 or ICD-10-CM code under a category the ValueSet lists: the category holds it as the code is read
			// (ConceptSet#codeForms), and no exclude takes one code out of it, also when the code is listed too (that
			// exclude loaded and did nothing: probe 74, P74-m3; it was "in no include": probe 73, P73-m3)
			Optional<String> category = !ConceptSet.ICD10.equals(system) && !ConceptSet.ICD10CM.equals(system)
					? Optional.empty()
					: ConceptSet.codeForms(system, listed).stream()
							.filter(form -> !form.equals(listed) && codes.contains(system + "|" + form)).findFirst();
			if (category.isPresent()) {
				throw concept.field("code").error("'" + concept.text("code") + "' is under " + category.get() + ", which the"
						+ " ValueSet includes and which holds every code under it as records are read, so it cannot be"
						+ " excluded: list the codes under " + category.get() + " that count instead");
			}
			boolean excluded = false;
			// an NDC product in every form it is read in: 45678-111 and 45678-0111 are one (probe 71, P71-M2)
			List<String> taken = !ConceptSet.NDC.equals(system) ? forms
					: forms.stream().flatMap(form -> ConceptSet.ndcProductForms(form).stream()).distinct().toList();
			for (String code : taken) {
				excluded |= exclude(concept, system, code, codes, patterns, published);
			}
			if (!excluded) {
				// a product code in the padded 5-4 form is also read as the 5-3 product it may be: either form of an
				// included product takes it out (probe 70, P70-m3)
				throw concept.field("code").error("'" + concept.text("code") + "' is in no include of the ValueSet, so"
						+ " excluding it does nothing (a typing error?)");
			}
		}
	}

	/**
	 * Takes one form of an excluded code out of the group's members, refusing an exclude that would mislead; whether
	 * the group had it.
	 */
	private static boolean exclude(Node concept, String system, String code, Set<String> codes,
			Map<String, List<Pattern>> patterns, Set<String> published) {
		if (patterns.getOrDefault(system, List.of()).stream().anyMatch(pattern -> pattern.matcher(code).matches())) {
			throw concept.field("code").error("'" + code + "' is matched by a regex filter of the group, so it cannot be excluded");
		}
		if (published.contains(system + "|" + code)) {
			// a clinic file adds codes; taking a published one out of a group (363346000 out of the malignancies)
			// silenced its contraindication without a trace (probe 66, P66-C4)
			throw concept.field("code").error("'" + code + "' is a code of the published ValueSet, which a clinic file"
					+ " cannot take out: a clinic folder adds codes to a group; to change the published groups, load an"
					+ " edited copy of knowledge/ and terminology/ (docs/terminology.md)");
		}
		return codes.remove(system + "|" + code);
	}

	/** Whether a node was read from a clinic file, not from our terminology/. */
	private boolean isClinic(Node node) {
		return clinicFileNames.contains(node.file());
	}

	private void addConcepts(String system, Node concept, Set<String> codes) {
		codes.add(system + "|" + concept.text("code"));
		for (Node child : concept.optionalList("concept")) {
			addConcepts(system, child, codes);
		}
	}

	private Node codeSystem(Node include, String system) {
		includedCodeSystems.add(system);
		if (clinicCodeSystems.containsKey(system)) {
			return clinicCodeSystems.get(system);
		}
		if (system.startsWith(CODE_SYSTEM_BASE)) {
			String file = "terminology/CodeSystem-" + system.substring(CODE_SYSTEM_BASE.length()) + ".json";
			Optional<String> text = files.apply(file);
			if (text.isPresent()) {
				return parse(file, text.get());
			}
		}
		throw include.field("system").error("'" + system + "' is included whole, but its CodeSystem is not held");
	}

	private String read(String file) {
		return files.apply(file).orElseThrow(() -> new KnowledgeException(file + ": is missing"));
	}

	private static String file(String valueSetId) {
		return "terminology/ValueSet-" + valueSetId + ".json";
	}

	private static Node parse(String file, String text) {
		try {
			JsonNode json = JSON.readTree(text);
			if (json == null || !json.isObject()) {
				throw new KnowledgeException(file + ": (root): must be a JSON object");
			}
			return new Node(file, "", json);
		} catch (IOException e) {
			throw new KnowledgeException(file + ": is not valid JSON: " + e.getMessage(), e);
		}
	}

	private static Map<String, List<Pattern>> freeze(Map<String, List<Pattern>> patterns) {
		Map<String, List<Pattern>> frozen = new HashMap<>();
		patterns.forEach((system, list) -> frozen.put(system, List.copyOf(list)));
		return frozen;
	}
}
