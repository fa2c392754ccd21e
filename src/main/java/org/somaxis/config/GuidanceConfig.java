package org.somaxis.config;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import java.time.Clock;
import org.somaxis.gather.StoreGatherer;
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
import org.somaxis.operation.RecordAssembler;
import org.somaxis.operation.SystemEvaluateProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The guidance engine and its FHIR face, the {@code $evaluate} operations. The knowledge data is loaded and validated
 * here: a bad file stops the server with a message naming the file and field.
 */
@Configuration
@EnableConfigurationProperties(GuidanceProperties.class)
public class GuidanceConfig {

	@Bean
	Knowledge knowledge(GuidanceProperties properties) {
		Knowledge knowledge = KnowledgeLoader.fromClasspath(properties.terminologyDir());
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
	StoreGatherer storeGatherer(DaoRegistry daoRegistry, IHapiTransactionService transactions) {
		return new StoreGatherer(daoRegistry, transactions);
	}

	@Bean
	Evaluation evaluation(
			DaoRegistry daoRegistry,
			StoreGatherer storeGatherer,
			Knowledge knowledge,
			GuidanceEngine engine,
			Clock guidanceClock) {
		RecordAssembler assembler =
				new RecordAssembler(daoRegistry, storeGatherer, new PatientRecordAssembler(knowledge));
		return new Evaluation(assembler, engine, new GuidanceRendering(knowledge), guidanceClock);
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
