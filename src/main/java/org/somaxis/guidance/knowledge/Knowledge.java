package org.somaxis.guidance.knowledge;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.somaxis.guidance.Citation;

/**
 * All clinical knowledge the engine uses, loaded and validated once by {@link KnowledgeLoader}. Immutable; the
 * configured jurisdiction can be switched with {@link #withJurisdiction(String)}.
 */
public final class Knowledge {
	private final Map<Threshold, Double> thresholds;
	private final Map<String, RuleSpec> rules;
	private final Map<String, Citation> citations;
	private final Map<String, PeptideSpec> peptides;
	private final Map<String, Jurisdiction> jurisdictions;
	private final Map<CodeGroup, ConceptSet> groups;
	private final Map<CodeGroup, ConceptSet> reviews;
	private final PregnancyStatusValues pregnancyStatus;
	private final AbsentOrUnknown absentOrUnknown;
	private final ConceptSet antineoplastics;
	private final ConceptSet growthHormone;
	private final ConceptSet testosterone;
	private final ConceptSet diabetesMedications;
	private final ConceptSet ghStimulationTests;
	private final Set<String> groupSystems;
	private final Set<String> clinicSystems;
	private final ConceptSet peptideCodes;
	private final Map<String, String> peptideByCode;
	private final Map<String, Set<String>> allergens;
	private final Set<String> allergenSystems;
	private final Map<String, String> routes;
	private final Map<String, String> conditionStatuses;
	private final Igf1ReferenceIntervals igf1Intervals;
	private final Jurisdiction jurisdiction;
	private final Notices notices;

	Knowledge(
			Map<Threshold, Double> thresholds,
			Map<String, RuleSpec> rules,
			Map<String, Citation> citations,
			Map<String, PeptideSpec> peptides,
			Map<String, Jurisdiction> jurisdictions,
			Map<CodeGroup, ConceptSet> groups,
			Map<CodeGroup, ConceptSet> reviews,
			PregnancyStatusValues pregnancyStatus,
			AbsentOrUnknown absentOrUnknown,
			ConceptSet antineoplastics,
			ConceptSet growthHormone,
			ConceptSet testosterone,
			ConceptSet diabetesMedications,
			ConceptSet ghStimulationTests,
			ConceptSet peptideCodes,
			Map<String, String> peptideByCode,
			Map<String, Set<String>> allergens,
			Map<String, String> routes,
			Map<String, String> conditionStatuses,
			Igf1ReferenceIntervals igf1Intervals,
			Notices notices,
			String jurisdictionCode,
			Set<String> groupSystems) {
		this.thresholds = new EnumMap<>(thresholds);
		this.rules = Map.copyOf(rules);
		this.citations = Map.copyOf(citations);
		this.peptides = Map.copyOf(peptides);
		this.jurisdictions = Map.copyOf(jurisdictions);
		this.groups = new EnumMap<>(groups);
		this.reviews = reviews.isEmpty() ? new EnumMap<>(CodeGroup.class) : new EnumMap<>(reviews);
		this.pregnancyStatus = pregnancyStatus;
		this.absentOrUnknown = absentOrUnknown;
		this.antineoplastics = antineoplastics;
		this.growthHormone = growthHormone;
		this.testosterone = testosterone;
		this.diabetesMedications = diabetesMedications;
		this.ghStimulationTests = ghStimulationTests;
		this.groupSystems = Set.copyOf(groupSystems);
		Set<String> clinic = new java.util.TreeSet<>();
		groups.values().forEach(set -> clinic.addAll(set.systems()));
		clinic.removeAll(groupSystems);
		this.clinicSystems = Set.copyOf(clinic);
		this.peptideCodes = peptideCodes;
		this.peptideByCode = Map.copyOf(peptideByCode);
		this.allergens = Map.copyOf(allergens);
		this.allergenSystems = allergens.keySet().stream().map(key -> key.substring(0, key.lastIndexOf('|')))
				.collect(java.util.stream.Collectors.toUnmodifiableSet());
		this.routes = Map.copyOf(routes);
		this.conditionStatuses = Map.copyOf(conditionStatuses);
		this.igf1Intervals = igf1Intervals;
		this.notices = notices;
		this.jurisdiction = jurisdictions.get(jurisdictionCode);
		if (jurisdiction == null) {
			throw new KnowledgeException(
					"unknown jurisdiction '" + jurisdictionCode + "'; known: " + String.join(", ", jurisdictions.keySet()));
		}
	}

	/** A copy configured for another jurisdiction (e.g. "CN"). */
	public Knowledge withJurisdiction(String code) {
		return new Knowledge(
				thresholds, rules, citations, peptides, jurisdictions, groups, reviews, pregnancyStatus, absentOrUnknown, antineoplastics, growthHormone,
				testosterone, diabetesMedications, ghStimulationTests, peptideCodes, peptideByCode,
				allergens, routes, conditionStatuses, igf1Intervals,
				notices, code, groupSystems);
	}

	public double threshold(Threshold threshold) {
		return thresholds.get(threshold);
	}

	public RuleSpec rule(String id) {
		RuleSpec spec = rules.get(id);
		if (spec == null) {
			throw new KnowledgeException("knowledge/rules.yaml: no rule with id '" + id + "'");
		}
		return spec;
	}

	public Map<String, RuleSpec> rules() {
		return rules;
	}

	public Citation citation(String id) {
		return citations.get(id);
	}

	public List<Citation> citations(List<String> ids) {
		return ids.stream().map(citations::get).toList();
	}

	public Optional<PeptideSpec> peptide(String code) {
		return Optional.ofNullable(peptides.get(code));
	}

	public Jurisdiction jurisdiction() {
		return jurisdiction;
	}

	/** The members of a concept group (ValueSet terminology/ValueSet-{group.valueSetId()}.json plus clinic additions). */
	public ConceptSet group(CodeGroup group) {
		return groups.get(group);
	}

	/** The codes that point to the group's concept without being members; empty when the group has no review set. */
	public java.util.Optional<ConceptSet> review(CodeGroup group) {
		return java.util.Optional.ofNullable(reviews.get(group));
	}

	/**
	 * Every ValueSet the record reads codes by, by url, as it reads them (clinic additions included): the concept groups
	 * and their review sets, the peptides, the antineoplastic and growth hormone medications, the pregnancy-status and
	 * pregnancy-test values, the estimated-delivery-date codes. What {@code $validate-code} against one of them answers.
	 */
	public Map<String, ConceptSet> conceptSetsByUrl() {
		Map<String, ConceptSet> byUrl = new java.util.LinkedHashMap<>();
		groups.values().forEach(set -> byUrl.put(set.url(), set));
		reviews.values().forEach(set -> byUrl.put(set.url(), set));
		List.of(peptideCodes, antineoplastics, growthHormone, testosterone, diabetesMedications, ghStimulationTests, pregnancyStatus.pregnant(), pregnancyStatus.notPregnant(), pregnancyStatus.testPositive(),
				pregnancyStatus.testNegative(), pregnancyStatus.estimatedDeliveryDate()).forEach(set -> byUrl.put(set.url(), set));
		return byUrl;
	}

	/** The values of a pregnancy-status Observation that say pregnant, and those that say not pregnant. */
	public PregnancyStatusValues pregnancyStatus() {
		return pregnancyStatus;
	}

	/** The IPS codes that fill an empty section: none of a kind, or no information about it. */
	public AbsentOrUnknown absentOrUnknown() {
		return absentOrUnknown;
	}

	/**
	 * Medications that treat cancer (ValueSet antineoplastic-medications): one in effect beside a malignancy that is no
	 * longer active means its treatment is not complete.
	 */
	public ConceptSet antineoplastics() {
		return antineoplastics;
	}

	/**
	 * Growth hormone products (ValueSet gh-therapy-medications: somatropin and the long-acting ones): one in effect is GH
	 * therapy, which raises IGF-1 itself, though it is no GH-axis peptide.
	 */
	public ConceptSet growthHormone() {
		return growthHormone;
	}

	/** Testosterone products (ValueSet testosterone-therapy-medications): one active is testosterone therapy. */
	public ConceptSet testosterone() {
		return testosterone;
	}

	/**
	 * Medications that may treat diabetes (ValueSet diabetes-medications, VSAC Diabetes Medications): one in effect is a
	 * reason to check glucose status beside a peptide, never diabetes itself (the set lists drugs given without it).
	 */
	public ConceptSet diabetesMedications() {
		return diabetesMedications;
	}

	/** Growth hormone stimulation tests (ValueSet gh-stimulation-tests: macimorelin): no therapy, and no GH-axis peptide. */
	public ConceptSet ghStimulationTests() {
		return ghStimulationTests;
	}

	/**
	 * The code systems the published concept groups hold codes of (a clinic's additions aside): a Condition coded in one
	 * of them is checked; one coded only in another is checked when a group lists its code (a clinic's), else named.
	 */
	public Set<String> groupSystems() {
		return groupSystems;
	}

	/**
	 * The code systems only a clinic's additions to the groups hold codes of: a code of one that no group lists is named
	 * wherever it stands, also beside a published code (probe 68, P68-M1).
	 */
	public Set<String> clinicSystems() {
		return clinicSystems;
	}

	/** Members of ValueSet gh-peptides (Somaxis peptide codes and RxNorm products). */
	public ConceptSet peptideCodes() {
		return peptideCodes;
	}

	/**
	 * The peptide a medication coding names: a gh-peptides code directly, or through ConceptMap
	 * gh-peptides-to-rxnorm-unii (and a clinic's maps of its shape) an RxNorm or NDC product (an NDC package code by its
	 * product), or a UNII of the substance, as a compounded vial's ingredients are coded. Empty otherwise.
	 */
	public Optional<PeptideSpec> peptideFor(String system, String code) {
		if (system == null || code == null || code.isBlank()) {
			return Optional.empty();
		}
		String canonical = ConceptSet.system(system);
		return ConceptSet.codeForms(canonical, code).stream()
				.map(form -> peptideByCode.get(canonical + "|" + form))
				.filter(java.util.Objects::nonNull)
				.findFirst()
				.flatMap(this::peptide);
	}

	/**
	 * The peptides (gh-peptides codes) a recorded allergy or intolerance to this substance or product contraindicates:
	 * the peptide itself, by any code Somaxis holds for it (its product codes, the UNIIs of the substance), or one of
	 * its excipients (ConceptMap gh-peptide-excipients). Empty when no coding names one.
	 */
	/**
	 * The code systems (canonical) in which an allergen is looked up against the peptides and their excipients: those of
	 * the published and the clinic's maps (gh-peptides, RxNorm, NDC, FDA UNII). A code in any other system cannot be
	 * told to be a peptide or not.
	 */
	public Set<String> allergenSystems() {
		return allergenSystems;
	}

	/**
	 * A route coded in HL7 v2 table 0162 or HL7 v3 RouteOfAdministration (ConceptMap v2-routes-to-snomed): its SNOMED CT
	 * route code (SC, SQ, PO), or for another code the map lists as unmatched its "system|code" (IM, IV: a route that is
	 * no GH-axis peptide's usual one); empty when the route has no coding the map lists (v2 OTH, a local SQ under the v2
	 * table's system).
	 */
	public java.util.Optional<String> mappedRoute(CodeableConcept route) {
		for (org.hl7.fhir.r4.model.Coding coding : route.getCoding()) {
			if (coding.hasSystem() && coding.hasCode()) {
				String key = ConceptSet.system(coding.getSystem()) + "|"
						+ coding.getCode().strip().toUpperCase(java.util.Locale.ROOT);
				if (routes.containsKey(key)) {
					return java.util.Optional.of(routes.get(key));
				}
			}
		}
		return java.util.Optional.empty();
	}

	/**
	 * The condition-clinical code a Condition status coded in another system is equivalent to (C-CDA's Problem Status,
	 * SNOMED CT 55561003 Active: ConceptMap ccda-problem-status-to-condition-clinical); empty for a code the map does
	 * not list.
	 */
	public java.util.Optional<String> conditionClinicalStatus(Coding coding) {
		if (coding == null || !coding.hasSystem() || !coding.hasCode()) {
			return java.util.Optional.empty();
		}
		return java.util.Optional.ofNullable(
				conditionStatuses.get(ConceptSet.system(coding.getSystem()) + "|" + coding.getCode().strip()));
	}

	public Set<String> peptidesContraindicatedBy(CodeableConcept substance) {
		Set<String> peptides = new java.util.TreeSet<>();
		for (Coding coding : substance.getCoding()) {
			if (coding.hasSystem() && coding.hasCode()) {
				String canonical = ConceptSet.system(coding.getSystem());
				ConceptSet.codeForms(canonical, coding.getCode())
						.forEach(form -> peptides.addAll(allergens.getOrDefault(canonical + "|" + form, Set.of())));
			}
		}
		return peptides;
	}

	/** "Decision support, not a diagnosis": to be shown once per response by each face. */
	public String decisionSupportNotice() {
		return notices.decisionSupport();
	}

	/** Why a deceased patient gets no guidance. */
	public String deceasedNotice() {
		return notices.deceased();
	}

	/** Why an order for a patient recorded as deceased gets only the safety findings, and what to check. */
	public String deceasedOrderNotice() {
		return notices.deceasedOrder();
	}

	/** The fixed texts the faces show (knowledge/settings.yaml, notices). */
	public Notices notices() {
		return notices;
	}

	/** Why a patient recorded as deceased with a peptide in effect gets only the safety findings, and what to check. */
	public String deceasedTreatedNotice() {
		return notices.deceasedTreated();
	}

	public Igf1ReferenceIntervals igf1Intervals() {
		return igf1Intervals;
	}
}
