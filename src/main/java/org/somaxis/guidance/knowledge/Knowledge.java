package org.somaxis.guidance.knowledge;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
	private final Map<CodeGroup, Set<String>> codes;
	private final Igf1ReferenceIntervals igf1Intervals;
	private final Jurisdiction jurisdiction;

	Knowledge(
			Map<Threshold, Double> thresholds,
			Map<String, RuleSpec> rules,
			Map<String, Citation> citations,
			Map<String, PeptideSpec> peptides,
			Map<String, Jurisdiction> jurisdictions,
			Map<CodeGroup, Set<String>> codes,
			Igf1ReferenceIntervals igf1Intervals,
			String jurisdictionCode) {
		this.thresholds = new EnumMap<>(thresholds);
		this.rules = Map.copyOf(rules);
		this.citations = Map.copyOf(citations);
		this.peptides = Map.copyOf(peptides);
		this.jurisdictions = Map.copyOf(jurisdictions);
		this.codes = new EnumMap<>(codes);
		this.igf1Intervals = igf1Intervals;
		this.jurisdiction = jurisdictions.get(jurisdictionCode);
		if (jurisdiction == null) {
			throw new KnowledgeException(
					"unknown jurisdiction '" + jurisdictionCode + "'; known: " + String.join(", ", jurisdictions.keySet()));
		}
	}

	/** A copy configured for another jurisdiction (e.g. "CN"). */
	public Knowledge withJurisdiction(String code) {
		return new Knowledge(thresholds, rules, citations, peptides, jurisdictions, codes, igf1Intervals, code);
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

	/** Codes of a group, each as "system|code". */
	public Set<String> codes(CodeGroup group) {
		return codes.get(group);
	}

	public Igf1ReferenceIntervals igf1Intervals() {
		return igf1Intervals;
	}
}
