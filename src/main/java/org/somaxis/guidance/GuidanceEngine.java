package org.somaxis.guidance;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.somaxis.guidance.knowledge.Knowledge;
import org.somaxis.guidance.knowledge.KnowledgeException;
import org.somaxis.guidance.record.PatientRecord;
import org.somaxis.guidance.rules.Rule;
import org.somaxis.guidance.rules.RuleContext;
import org.somaxis.guidance.rules.Rules;

/**
 * Runs the rules whose knowledge entry lists the requested face. Pure, thread-safe and total: a failing rule becomes
 * a message in {@link Guidance#messages()}, never an exception.
 */
public final class GuidanceEngine {
	private final Knowledge knowledge;
	private final List<Rule> rules;
	private final RuleContext context;

	public GuidanceEngine(Knowledge knowledge) {
		this(knowledge, Rules.all());
	}

	/** Checks at construction that rules and knowledge entries match one to one. */
	public GuidanceEngine(Knowledge knowledge, List<Rule> rules) {
		this.knowledge = knowledge;
		this.rules = List.copyOf(rules);
		this.context = new RuleContext(knowledge);
		Set<String> coded = new TreeSet<>();
		rules.forEach(rule -> coded.add(rule.id()));
		Set<String> described = new TreeSet<>(knowledge.rules().keySet());
		if (!coded.equals(described)) {
			Set<String> missingData = new TreeSet<>(coded);
			missingData.removeAll(described);
			Set<String> missingCode = new TreeSet<>(described);
			missingCode.removeAll(coded);
			throw new KnowledgeException("knowledge/rules.yaml: rules: no entry for " + missingData
					+ "; no rule class for " + missingCode);
		}
	}

	/** Evaluates on the face of the hook the record was assembled for. */
	public Guidance evaluate(PatientRecord record) {
		return evaluate(record, record.hook().face());
	}

	public Guidance evaluate(PatientRecord record, Face face) {
		List<Finding> findings = new ArrayList<>();
		List<String> messages = new ArrayList<>(record.dataQuality());
		for (Rule rule : rules) {
			if (!knowledge.rule(rule.id()).faces().contains(face)) {
				continue;
			}
			try {
				findings.addAll(rule.evaluate(record, face, context));
			} catch (RuntimeException e) {
				messages.add("rule " + rule.id() + " could not be evaluated (" + e.getClass().getSimpleName() + ": "
						+ e.getMessage() + "); no finding produced");
			}
		}
		return new Guidance(face, findings, messages);
	}

	public Knowledge knowledge() {
		return knowledge;
	}
}
