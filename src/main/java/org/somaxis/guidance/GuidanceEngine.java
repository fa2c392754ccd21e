package org.somaxis.guidance;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.somaxis.guidance.knowledge.Knowledge;
import org.somaxis.guidance.knowledge.KnowledgeException;
import org.somaxis.guidance.knowledge.RuleSpec;
import org.somaxis.guidance.record.PatientRecord;
import org.somaxis.guidance.rules.Rule;
import org.somaxis.guidance.rules.RuleContext;
import org.somaxis.guidance.rules.Rules;

/**
 * Runs the rules whose knowledge entry lists the requested face and whose population includes the patient. Pure and
 * thread-safe. A rule that meets a {@link DataProblemException} adds a message; a rule that fails in any other way is
 * reported as a {@link RuleFailure} in {@link Guidance#failures()}, never as a message and never silently.
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
		for (Rule rule : rules) {
			Set<String> held = knowledge.rule(rule.id()).phrases().keySet();
			if (!held.equals(rule.phrases())) {
				Set<String> missing = new TreeSet<>(rule.phrases());
				missing.removeAll(held);
				Set<String> unused = new TreeSet<>(held);
				unused.removeAll(rule.phrases());
				throw new KnowledgeException("knowledge/rules.yaml: rules: " + rule.id() + ": phrases: missing " + missing
						+ ", not used by the rule " + unused);
			}
		}
	}

	/** Evaluates on the face of the hook the record was assembled for. */
	public Guidance evaluate(PatientRecord record) {
		return evaluate(record, record.hook().face());
	}

	public Guidance evaluate(PatientRecord record, Face face) {
		List<Finding> findings = new ArrayList<>();
		List<String> messages = new ArrayList<>(record.dataQuality());
		List<RuleFailure> failures = new ArrayList<>();
		// recorded as deceased: no guidance, except the safety checks of an order being written or of a peptide still in
		// effect (a death recorded in the wrong chart, or an order in the wrong one: either way the contraindication must
		// still be seen)
		boolean deceased = record.deceased();
		if (deceased && face == Face.ORDER) {
			messages.add(knowledge.deceasedOrderNotice());
		} else if (deceased && face == Face.PATIENT_VIEW && record.deceasedWithPeptideInEffect()) {
			messages.add(knowledge.deceasedTreatedNotice());
		} else if (deceased) {
			messages.add(knowledge.deceasedNotice());
			return new Guidance(face, findings, messages, failures, List.of());
		}
		Set<String> outsideAge = new TreeSet<>();
		Set<String> safetyOutsideAge = new TreeSet<>();
		for (Rule rule : rules) {
			RuleSpec spec = knowledge.rule(rule.id());
			// a deceased patient's chart: the safety checks that warn, not monitoring reminders (no labs for the dead)
			boolean onlyInforms = spec.severity() == Severity.INFO && spec.elevatedSeverity() == null;
			if (!spec.faces().contains(face) || !spec.population().includesSex(record.sex().code())
					|| deceased && spec.category() != Category.SAFETY
					|| deceased && face == Face.PATIENT_VIEW && onlyInforms) {
				continue;
			}
			Boolean ofAge = !spec.population().ageLimited() ? Boolean.TRUE
					: record.age() == null ? null : record.age().all(spec.population()::includesAge);
			if (!Boolean.TRUE.equals(ofAge)) {
				if (ofAge == null) {
					outsideAge.add(rule.id());
					if (spec.category() == Category.SAFETY) {
						safetyOutsideAge.add(rule.id());
					}
				}
				continue;
			}
			findings.addAll(run(rule, spec, record, face, messages, failures));
		}
		// a reassurance ("IGF-1 in target") beside a critical finding (a contraindication, IGF-1 above +3 SDS) or one that
		// suggests stopping or pausing the therapy (an acute critical illness) would say to keep on course a therapy the
		// other card says to set aside: left out, also on a face where that rule does not run, and beside a record that may
		// be such a condition and was not counted (a sepsis without clinicalStatus, a code of a review set, a pregnancy
		// test that could not be used), or beside such a condition and a drug that could not be read (a blend's
		// tesamorelin under a pharmacy's code beside a hypopituitarism), which the faces warn of
		boolean reassuring = findings.stream().anyMatch(finding -> knowledge.rule(finding.ruleId()).reassurance());
		if (reassuring && (findings.stream().anyMatch(this::setsTherapyAside)
				|| !record.contraindicationsMayBeMissing().isEmpty() || record.pregnancyMayBeMissing()
				|| record.peptideMayBeMissing()
				|| setAsideOnTheChart(record, face, failures))) {
			findings.removeIf(finding -> knowledge.rule(finding.ruleId()).reassurance());
		}
		findings = StopsOverPauses.apply(findings);
		if (deceased) {
			// no labs for the dead on any face: the order face's "no baseline IGF-1" card offered to order an IGF-1, a
			// glucose and an HbA1c for a patient recorded as deceased (probe 83, P83-m1); the card and its other suggestions
			// stay
			findings = findings.stream().map(GuidanceEngine::withoutLabOrders).toList();
		}
		if (!outsideAge.isEmpty()) {
			messages.add((record.age() == null ? "The patient's age is unknown"
					: "The patient's age is " + record.age() + " (a partial birth date)")
					+ ", so rules limited by age were not evaluated: " + String.join(", ", outsideAge));
		}
		return new Guidance(face, findings, messages, failures, List.copyOf(safetyOutsideAge));
	}

	/** The finding without the suggestions that order labs (create a ServiceRequest); itself when it has none. */
	private static Finding withoutLabOrders(Finding finding) {
		List<Suggestion> kept = finding.suggestions().stream()
				.filter(suggestion -> suggestion.actions().stream().noneMatch(action -> action.type() == Action.Type.CREATE))
				.toList();
		return kept.size() == finding.suggestions().size() ? finding
				: new Finding(finding.ruleId(), finding.ruleVersion(), finding.severity(), finding.summary(), finding.detail(),
						finding.evidence(), finding.implicated(), finding.citations(), kept, finding.overrideReasons());
	}

	/**
	 * One rule's findings on a face. A data problem becomes a message; any other failure a typed {@link RuleFailure}.
	 */
	private List<Finding> run(Rule rule, RuleSpec spec, PatientRecord record, Face face, List<String> messages,
			List<RuleFailure> failures) {
		try {
			return rule.evaluate(record, face, context);
		} catch (DataProblemException e) {
			messages.add("rule " + rule.id() + ": " + e.getMessage());
		} catch (RuntimeException e) {
			// Documented boundary: one rule's bug must not hide the other rules' findings (a contraindication
			// among them). The failure is returned as a typed RuleFailure that the faces show and log; it is never
			// turned into a data-quality message.
			failures.add(new RuleFailure(rule.id(), spec.version(), spec.category() == Category.SAFETY,
					e.getClass().getName()));
		}
		return List.of();
	}

	/** A critical finding, or one whose rule suggests stopping or pausing the therapy. */
	private boolean setsTherapyAside(Finding finding) {
		return finding.severity() == Severity.CRITICAL || knowledge.rule(finding.ruleId()).setsTherapyAside();
	}

	/**
	 * Whether a rule that can be critical or set the therapy aside, run on the chart (patient-view) and not on this face,
	 * finds such a thing: on one result (Observation/$evaluate) the contraindication rules do not run, and "IGF-1 in
	 * target" reassured a tesamorelin patient after a hypophysectomy. Only asked when a reassurance fired. A rule that
	 * fails here is reported among this face's failures (the faces show it as a safety check that could not run) and
	 * counts as such a finding: nothing reassuring is said beside it. Its data problems are the chart's to name.
	 */
	private boolean setAsideOnTheChart(PatientRecord record, Face face, List<RuleFailure> failures) {
		if (face == Face.PATIENT_VIEW) {
			return false;
		}
		for (Rule rule : rules) {
			RuleSpec spec = knowledge.rule(rule.id());
			boolean canSetAside = spec.severity() == Severity.CRITICAL || spec.elevatedSeverity() == Severity.CRITICAL
					|| spec.setsTherapyAside();
			if (!canSetAside || spec.faces().contains(face) || !spec.faces().contains(Face.PATIENT_VIEW)) {
				continue;
			}
			int failed = failures.size();
			boolean setAside = run(rule, spec, record, Face.PATIENT_VIEW, new ArrayList<>(), failures).stream()
					.anyMatch(this::setsTherapyAside);
			if (setAside || failures.size() > failed) {
				return true;
			}
		}
		return false;
	}

	public Knowledge knowledge() {
		return knowledge;
	}
}
