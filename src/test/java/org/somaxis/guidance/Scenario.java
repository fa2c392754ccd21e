package org.somaxis.guidance;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hl7.fhir.r4.model.Resource;
import org.somaxis.guidance.knowledge.Knowledge;
import org.somaxis.guidance.knowledge.KnowledgeLoader;
import org.somaxis.guidance.record.PatientRecord;
import org.somaxis.guidance.record.PatientRecordAssembler;

/** Fluent test helper: resources + drafts + hook -> record -> guidance, with the packaged knowledge. */
public final class Scenario {
	public static final Knowledge KNOWLEDGE = KnowledgeLoader.fromClasspath();

	private final List<Resource> resources = new ArrayList<>();
	private final List<Resource> drafts = new ArrayList<>();
	private LocalDate date = Fixtures.TODAY;
	/** The server's today: by default long after every date of these tests, so nothing in them is in the future. */
	private LocalDate today = Fixtures.TODAY.plusYears(10);
	private Hook hook = Hook.PATIENT_VIEW;
	private String focus;
	private Knowledge knowledge = KNOWLEDGE;

	public static Scenario of(Resource... resources) {
		Scenario scenario = new Scenario();
		scenario.resources.addAll(Arrays.asList(resources));
		return scenario;
	}

	public Scenario with(Resource... more) {
		resources.addAll(Arrays.asList(more));
		return this;
	}

	public Scenario drafts(Resource... orders) {
		drafts.addAll(Arrays.asList(orders));
		hook = Hook.ORDER_SIGN;
		return this;
	}

	public Scenario hook(Hook value) {
		hook = value;
		return this;
	}

	public Scenario focus(String observationId) {
		focus = observationId;
		hook = Hook.OBSERVATION_EVALUATE;
		return this;
	}

	public Scenario on(LocalDate value) {
		date = value;
		return this;
	}

	/** The server's today, after which a result is in the future (the evaluation date stays {@link #on}'s). */
	public Scenario today(LocalDate value) {
		today = value;
		return this;
	}

	public Scenario jurisdiction(String code) {
		knowledge = knowledge.withJurisdiction(code);
		return this;
	}

	/** Knowledge loaded otherwise, e.g. with a clinic's terminology folder. */
	public Scenario knowledge(Knowledge value) {
		knowledge = value;
		return this;
	}

	public PatientRecord record() {
		Clock clock = Clock.fixed(today.atStartOfDay(ZoneOffset.UTC).toInstant(), ZoneOffset.UTC);
		return new PatientRecordAssembler(knowledge, clock).assemble(resources, drafts, hook, date, focus);
	}

	public Guidance evaluate() {
		return new GuidanceEngine(knowledge).evaluate(record());
	}

	public Guidance evaluate(Face face) {
		return new GuidanceEngine(knowledge).evaluate(record(), face);
	}

	/** The findings of one rule on the scenario's face. */
	public List<Finding> findings(String ruleId) {
		return evaluate().findings().stream().filter(finding -> finding.ruleId().equals(ruleId)).toList();
	}
}
