package org.somaxis.bench;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Resource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Fixtures;
import org.somaxis.guidance.Guidance;
import org.somaxis.guidance.GuidanceEngine;
import org.somaxis.guidance.Hook;
import org.somaxis.guidance.knowledge.Knowledge;
import org.somaxis.guidance.knowledge.KnowledgeLoader;
import org.somaxis.guidance.record.Codes;
import org.somaxis.guidance.record.PatientRecord;
import org.somaxis.guidance.record.PatientRecordAssembler;

/**
 * The pure engine on one patient with two years of data (about 150 resources): record assembly plus all rules of the
 * patient-view face, and the rules alone on an assembled record. Target: ≤ 200 µs per evaluation.
 *
 * <p>Run: {@code ./mvnw -B -Pbench -DskipTests -DskipITs test-compile exec:exec@engine-bench}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EngineBenchmark {
	static final LocalDate TODAY = LocalDate.of(2026, 11, 22);

	private List<Resource> resources;
	private PatientRecordAssembler assembler;
	private GuidanceEngine engine;
	private PatientRecord record;

	/** Two years: quarterly IGF-1 and metabolic panels, 12 weeks of exercise, 40 nights of sleep: 150 resources, therapy. */
	static List<Resource> twoYears() {
		List<Resource> all = new ArrayList<>();
		all.add(Fixtures.patient(52, "male"));
		LocalDate start = TODAY.minusYears(2);
		all.add(Fixtures.peptide("sermorelin", "sermorelin", "active", start.plusMonths(3)));
		all.add(Fixtures.testosterone("testosterone"));
		all.add(Fixtures.snomedCondition("hypertension", "38341003"));
		all.add(Fixtures.localCondition("cardiac", "cardiac-condition"));
		int n = 0;
		for (LocalDate date = start; !date.isAfter(TODAY); date = date.plusMonths(3)) {
			n++;
			all.add(Fixtures.igf1("igf1-" + n, 110 + 6 * n, date));
			all.add(Fixtures.glucose("glucose-" + n, 92 + n % 4, date));
			all.add(Fixtures.insulin("insulin-" + n, 8 + n % 3, date));
			all.add(Fixtures.hba1c("hba1c-" + n, 5.4, date));
			all.add(Fixtures.lab("igfbp3-" + n, Codes.IGFBP3, 4.1, "mg/L", date));
		}
		for (int day = 0; day < 84; day++) {
			LocalDate date = TODAY.minusDays(day);
			switch (date.getDayOfWeek()) {
				case MONDAY, THURSDAY -> all.add(Fixtures.exercise("resistance-" + day, "LA11839-0", date, 50));
				case SATURDAY -> all.add(Fixtures.exercise("hiit-" + day, "hiit", date, 20));
				case TUESDAY, SUNDAY -> all.add(Fixtures.exercise("walk-" + day, "LA11836-6", date, 45));
				default -> { }
			}
		}
		for (int night = 0; night < 40; night++) {
			all.add(Fixtures.sleep("sleep-" + night, 6.6 + (night % 5) * 0.2, TODAY.minusDays(night)));
		}
		return all;
	}

	@Setup
	public void setUp() {
		Knowledge knowledge = KnowledgeLoader.fromClasspath();
		resources = twoYears();
		assembler = new PatientRecordAssembler(knowledge);
		engine = new GuidanceEngine(knowledge);
		record = assembler.assemble(resources, List.of(), Hook.PATIENT_VIEW, TODAY, null);
		if (resources.size() != 150 || engine.evaluate(record, Face.PATIENT_VIEW).findings().isEmpty()) {
			throw new IllegalStateException("benchmark record too small or silent: " + resources.size() + " resources");
		}
	}

	/** What an $evaluate request costs in the engine: assemble the record, then run the face's rules. */
	@Benchmark
	public Guidance assembleAndEvaluate() {
		PatientRecord assembled = assembler.assemble(resources, List.of(), Hook.PATIENT_VIEW, TODAY, null);
		return engine.evaluate(assembled, Face.PATIENT_VIEW);
	}

	/** The rules alone, on an assembled record. */
	@Benchmark
	public Guidance evaluateOnly() {
		return engine.evaluate(record, Face.PATIENT_VIEW);
	}

	/** The order face (most rules) with the same record. */
	@Benchmark
	public Guidance evaluateOrderFace() {
		return engine.evaluate(record, Face.ORDER);
	}
}
