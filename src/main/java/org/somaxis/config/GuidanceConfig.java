package org.somaxis.config;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import java.time.Clock;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import ca.uhn.fhir.context.FhirContext;
import org.somaxis.gather.DataSources;
import org.somaxis.gather.DraftOrderReader;
import org.somaxis.gather.GatherPlan;
import org.somaxis.gather.GuidanceService;
import org.somaxis.gather.PartRunner;
import org.somaxis.guidance.GuidanceEngine;
import org.somaxis.guidance.knowledge.Knowledge;
import org.somaxis.guidance.knowledge.KnowledgeLoader;
import org.somaxis.guidance.record.PatientRecordAssembler;
import org.somaxis.operation.EvaluateCapabilities;
import org.somaxis.operation.EvaluateParameterCheck;
import org.somaxis.operation.Evaluation;
import org.somaxis.operation.GuidanceRendering;
import org.somaxis.operation.ObservationEvaluateProvider;
import org.somaxis.operation.PatientEvaluateProvider;
import org.somaxis.operation.SystemEvaluateProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.concurrent.DelegatingSecurityContextExecutorService;

/**
 * The guidance engine and its FHIR face, the {@code $evaluate} operations. The knowledge data is loaded and validated
 * here: a bad file stops the server with a message naming the file and field.
 */
@Configuration
@EnableConfigurationProperties({GuidanceProperties.class, CdsProperties.class})
public class GuidanceConfig {
	private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(GuidanceConfig.class);

	@Bean
	Knowledge knowledge(GuidanceProperties properties) {
		if (properties.terminologyDir() != null && !java.nio.file.Files.isDirectory(properties.terminologyDir())) {
			throw new org.somaxis.settings.SettingException("somaxis.guidance.terminology-dir",
					"no such folder: " + properties.terminologyDir(),
					"Set it to a folder of FHIR ValueSet, CodeSystem and ConceptMap JSON files (docs/terminology.md), or remove it.");
		}
		Knowledge knowledge = KnowledgeLoader.fromClasspath(properties.terminologyDir());
		if (properties.terminologyDir() != null) {
			// which clinic files the guidance reads: the only trace of the folder was a failure (probe 66, P66-M4); every
			// file in it but hidden ones was read, or loading would have stopped
			try (var files = java.nio.file.Files.list(properties.terminologyDir())) {
				log.info("Clinic terminology read from {}: {}", properties.terminologyDir(), files
						.map(path -> path.getFileName().toString()).filter(name -> !name.startsWith(".")).sorted().toList());
			} catch (java.io.IOException e) {
				throw new java.io.UncheckedIOException(e); // it was just read
			}
		}
		String jurisdiction = properties.jurisdiction();
		return jurisdiction == null || jurisdiction.isBlank() ? knowledge : knowledge.withJurisdiction(jurisdiction);
	}

	@Bean
	GuidanceEngine guidanceEngine(Knowledge knowledge) {
		return new GuidanceEngine(knowledge);
	}

	@Bean
	Clock guidanceClock() {
		return Clock.systemDefaultZone();
	}

	@Bean
	GuidanceService guidanceService(Knowledge knowledge, GuidanceEngine engine, Clock guidanceClock) {
		return new GuidanceService(new PatientRecordAssembler(knowledge, guidanceClock), engine, guidanceClock);
	}

	@Bean
	DraftOrderReader draftOrderReader(FhirContext fhirContext) {
		return new DraftOrderReader(fhirContext);
	}

	/** Every source of patient data; the CDS allow-list decides which remote servers a prefetch may fall back on. */
	@Bean
	DataSources dataSources(DaoRegistry daoRegistry, IHapiTransactionService transactions, Knowledge knowledge,
			FhirContext fhirContext, CdsProperties cds, PartRunner gatherReads) {
		return new DataSources(daoRegistry, transactions, new GatherPlan(knowledge), fhirContext,
				cds.allowedFhirServers(), cds.selfFhirServers(), cds.remoteTimeout(), gatherReads);
	}

	/**
	 * The store's reads of one evaluation, side by side on the cores that are free: one pool thread per core, which
	 * takes a read only when it is idle (otherwise the request's own thread runs it). Each read carries the security
	 * context of the request that offered it.
	 */
	@Bean
	PartRunner gatherReads() {
		int threads = Runtime.getRuntime().availableProcessors();
		AtomicInteger count = new AtomicInteger();
		ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
				new SynchronousQueue<>(), task -> {
					Thread thread = new Thread(task, "somaxis-gather-" + count.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		pool.allowCoreThreadTimeOut(true);
		return new PartRunner(new DelegatingSecurityContextExecutorService(pool));
	}

	@Bean
	Evaluation evaluation(DataSources dataSources, DraftOrderReader draftOrderReader, GuidanceService guidanceService,
			Knowledge knowledge, Clock guidanceClock) {
		return new Evaluation(dataSources, draftOrderReader, guidanceService, new GuidanceRendering(knowledge),
				guidanceClock);
	}

	/** The $evaluate providers and their interceptors (CapabilityStatement, query checks), registered on the RestfulServer. */
	@Bean
	EvaluateOperations evaluateOperations(Evaluation evaluation) {
		return new EvaluateOperations(
				java.util.List.of(
						new PatientEvaluateProvider(evaluation),
						new ObservationEvaluateProvider(evaluation),
						new SystemEvaluateProvider(evaluation)),
				java.util.List.of(new EvaluateCapabilities(), new EvaluateParameterCheck()));
	}

	public record EvaluateOperations(java.util.List<Object> providers, java.util.List<Object> interceptors) {}
}
