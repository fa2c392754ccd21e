package org.somaxis.config;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.batch2.maintenance.JobMaintenanceServiceImpl;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.IDaoRegistry;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.cache.ISearchParamIdentityCacheSvc;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.config.util.ResourceCountCacheUtil;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import ca.uhn.fhir.jpa.model.entity.StorageSettings;
import ca.uhn.fhir.jpa.provider.DaoRegistryResourceSupportedSvc;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.jpa.search.IStaleSearchDeletingSvc;
import ca.uhn.fhir.jpa.search.StaleSearchDeletingSvcImpl;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import ca.uhn.fhir.jpa.util.ResourceCountCache;
import ca.uhn.fhir.rest.api.IResourceSupportedSvc;
import jakarta.persistence.EntityManagerFactory;
import java.time.Duration;
import java.util.Properties;
import javax.sql.DataSource;
import org.somaxis.platform.ConditionalWriteMessages;
import org.somaxis.platform.DatabaseKind;
import org.somaxis.platform.SchemaMigration;
import org.somaxis.platform.SearchParamIdentityDrain;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/**
 * HAPI FHIR JPA storage for R4.
 *
 * <p>Imports only the HAPI configurations the server needs. {@code HapiJpaConfig} is deliberately left out:
 * its fulltext bean makes {@code $expand} fail while Hibernate Search is off, so the four beans of it we do
 * need are declared here.
 */
@Configuration
@EnableConfigurationProperties(FhirServerProperties.class)
@Import({
	JpaR4Config.class,
	JpaBatch2Config.class,
	Batch2JobsConfig.class,
	ThreadPoolFactoryConfig.class,
	SubscriptionChannelConfig.class
})
public class FhirJpaConfig {

	@Bean
	DatabaseKind databaseKind(DataSourceProperties dataSourceProperties) {
		return DatabaseKind.fromJdbcUrl(dataSourceProperties.determineUrl());
	}

	@Bean
	SchemaMigration schemaMigration(DataSource dataSource, DatabaseKind databaseKind) {
		return SchemaMigration.run(dataSource, databaseKind);
	}

	/** Closed before HAPI's identity service, so a shutdown does not interrupt its writes (see the class). */
	@Bean(destroyMethod = "close")
	SearchParamIdentityDrain searchParamIdentityDrain(ISearchParamIdentityCacheSvc identities) {
		return new SearchParamIdentityDrain(identities);
	}

	@Bean
	JpaStorageSettings storageSettings(FhirServerProperties properties) {
		JpaStorageSettings settings = new JpaStorageSettings();
		settings.setAllowExternalReferences(true);
		settings.setEnforceReferentialIntegrityOnWrite(true);
		settings.setEnforceReferentialIntegrityOnDelete(true);
		settings.setAutoCreatePlaceholderReferenceTargets(false);
		settings.setAllowMultipleDelete(false);
		// $expunge stays off: no anonymous purge of clinical data
		settings.setExpungeEnabled(false);
		settings.setDeleteExpungeEnabled(false);
		settings.setIndexMissingFields(StorageSettings.IndexEnabledEnum.DISABLED);
		// index rows keep their hashes and values, not SP_NAME and RES_TYPE, which searches never read: a quarter less
		// disk on a big transaction with its AuditEvents (docs/operations-guide.md)
		settings.setIndexStorageOptimized(true);
		// HAPI's match-URL cache remembers a conditional create's criteria as matching the resource it created, even when
		// that resource does not match them (criteria HAPI cannot check in memory, such as _has); a later conditional
		// update with the same criteria, by any client, then overwrote that unrelated resource. Off: each conditional
		// request searches (FhirRestContract#conditionalUpdate_neverReachesAResourceThatDoesNotMatchItsCriteria)
		settings.setMatchUrlCacheEnabled(false);
		// meta.source as the client sent it: HAPI replaced its fragment with the request's id ("...feed#msg-123" became
		// "...feed#pCDaVaS4iiMu65vk", "#epic-7f3a" a random id, and none came back as "...#<id>"), so _source searches by
		// the value sent found nothing (probe 63, P63-M3). The request id is the audit trail's to keep
		settings.setPreserveRequestIdInResourceBody(true);
		// a version-specific reference is followed to its version by _include (it gave the current one), and a
		// Provenance's target written as a transaction's urn:uuid, or without a version, names the version it was
		// written against, as R4 says it SHOULD (probe 64, P64-m4)
		settings.setRespectVersionsForSearchIncludes(true);
		settings.setAutoVersionReferenceAtPaths("Provenance.target");
		// HAPI answers a search repeated within a minute from the first one's stored results: a search for patient A's
		// Observations went on returning one that had just been moved to patient B, and missed one just created (a
		// Condition entered a moment before an app's safety check would not be seen). Off by default
		// (somaxis.fhir.reuse-search-results); paging through one search's results is not affected
		Duration reuse = properties.reuseSearchResults();
		if (reuse.isNegative()) {
			throw new org.somaxis.settings.SettingException("somaxis.fhir.reuse-search-results", "must be 0s or more, not " + reuse,
					"Set a duration of 0s (off, the default) or more.");
		}
		settings.setReuseCachedSearchResultsForMillis(reuse.isZero() ? null : reuse.toMillis());
		// HAPI's default history count (CACHED_ONLY_WITHOUT_OFFSET) keeps a history read's count for a minute and cuts
		// the next read's page to it: right after an update, an instance's history lacked its earlier versions, and a
		// type's history a resource created since, with a wrong total (probe 48, S-C2; hapi-fhir #7897, fixed in 8.12).
		// Counted on every read instead (a count of the versions, per page's first read)
		settings.setHistoryCountMode(ca.uhn.fhir.jpa.api.model.HistoryCountModeEnum.COUNT_ACCURATE);
		if (properties.clientIds() == FhirServerProperties.ClientIds.ANY) {
			// EHRs that number their resources send PUT Encounter/1036; server-assigned ids are then UUIDs, so the two
			// never meet (docs/conformance.md, "Resource ids")
			settings.setResourceClientIdStrategy(JpaStorageSettings.ClientIdStrategyEnum.ANY);
			settings.setResourceServerIdStrategy(JpaStorageSettings.IdStrategyEnum.UUID);
		} else {
			settings.setResourceClientIdStrategy(JpaStorageSettings.ClientIdStrategyEnum.ALPHANUMERIC);
			settings.setResourceServerIdStrategy(JpaStorageSettings.IdStrategyEnum.SEQUENTIAL_NUMERIC);
		}
		settings.setBundleBatchPoolSize(properties.bundleBatchPoolSize());
		settings.setBundleBatchMaxPoolSize(properties.bundleBatchPoolSize());
		settings.setEnableTaskBulkExportJobExecution(true);
		settings.setEnableTaskBulkImportJobExecution(false);
		// ValueSets are expanded in memory on every request, from the first minute on: HAPI's scheduled pre-expansion
		// into the TRM_ tables changed answers ten minutes after start, and failed with logged ERRORs on the review
		// sets' ICD-10-CM filters, a code system this server does not hold (docs/conformance.md)
		settings.setEnableTaskPreExpandValueSets(false);
		// nor read back from the TRM_ tables an earlier version of Somaxis may have filled
		settings.setPreExpandValueSets(false);
		// In HAPI 8.8 false would also make the registry ignore every stored SearchParameter, new ones included. Core
		// parameters stay protected: CoreSearchParameterGuard refuses a SearchParameter that redefines one
		settings.setDefaultSearchParamsCanBeOverridden(true);
		// the Somaxis package's CodeSystems (SNOMED CT and LOINC fragments) win over the core spec's empty stubs
		settings.setAllowDatabaseValidationOverride(true);
		return settings;
	}

	@Bean
	PartitionSettings partitionSettings() {
		return new PartitionSettings();
	}

	@Bean
	SubscriptionSettings subscriptionSettings() {
		return new SubscriptionSettings();
	}

	@Primary
	@Bean
	LocalContainerEntityManagerFactoryBean entityManagerFactory(
			DataSource dataSource,
			DatabaseKind databaseKind,
			SchemaMigration schemaMigration,
			ConfigurableListableBeanFactory beanFactory,
			FhirContext fhirContext,
			JpaStorageSettings storageSettings) {
		// schemaMigration is a parameter so that the schema is current before Hibernate starts
		LocalContainerEntityManagerFactoryBean factory =
				HapiEntityManagerFactoryUtil.newEntityManagerFactory(beanFactory, fhirContext, storageSettings);
		factory.setPersistenceUnitName("HAPI_PU");
		factory.setDataSource(dataSource);
		factory.setJpaProperties(hibernateProperties(databaseKind));
		return factory;
	}

	private static Properties hibernateProperties(DatabaseKind databaseKind) {
		Properties properties = new Properties();
		properties.put("hibernate.dialect", databaseKind.hibernateDialect());
		properties.put("hibernate.hbm2ddl.auto", "none");
		properties.put("hibernate.search.enabled", "false");
		properties.put("hibernate.jdbc.batch_size", "50");
		properties.put("hibernate.order_inserts", "true");
		properties.put("hibernate.order_updates", "true");
		properties.put("hibernate.jdbc.batch_versioned_data", "true");
		properties.put("hibernate.cache.use_second_level_cache", "false");
		properties.put("hibernate.cache.use_query_cache", "false");
		properties.put("hibernate.cache.use_structured_entries", "false");
		properties.put("hibernate.cache.use_minimal_puts", "false");
		properties.put("hibernate.format_sql", "false");
		properties.put("hibernate.show_sql", "false");
		// HAPI runs no bulk HQL mutations; on H2 Hibernate's attempt to pre-create these tables fails noisily
		properties.put("hibernate.query.mutation_strategy.global_temporary.create_tables", "false");
		properties.put("hibernate.query.mutation_strategy.global_temporary.drop_tables", "false");
		return properties;
	}

	@Primary
	@Bean
	JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
		return new JpaTransactionManager(entityManagerFactory);
	}

	@Bean
	static BeanPostProcessor jobMaintenanceInterval(org.springframework.core.env.Environment environment) {
		java.time.Duration interval = org.springframework.boot.context.properties.bind.Binder.get(environment)
				.bind("somaxis.fhir.job-maintenance-interval", java.time.Duration.class)
				.orElse(java.time.Duration.ofSeconds(5));
		return new BeanPostProcessor() {
			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) {
				if (bean instanceof JobMaintenanceServiceImpl maintenance) {
					maintenance.setScheduledJobFrequencyMillis(interval.toMillis());
				}
				return bean;
			}
		};
	}

	/**
	 * Tells HAPI's {@link DaoRegistry} up front that every R4 resource type is supported. Without it, each
	 * resource provider created during startup asks the registry, whose lazy init calls
	 * {@code getBeansOfType(IFhirResourceDao)} again while the DAOs are still being created: about 9 s of a
	 * 2-core start.
	 */
	@Bean
	static BeanPostProcessor daoRegistryKnowsAllResourceTypes(ObjectProvider<FhirContext> fhirContext) {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof DaoRegistry registry) {
					registry.setSupportedResourceTypes(fhirContext.getObject().getResourceTypes());
				}
				return bean;
			}
		};
	}

	/**
	 * The shared FhirContext as Somaxis uses it. It keeps a reference's version as the client wrote it (R4 References: a
	 * reference may be version-specific, and a Provenance's target SHOULD be): HAPI's parser drops {@code /_history/n}
	 * from every reference it encodes unless told otherwise, so a stored Provenance pointed at whatever the current
	 * version was (probe 63, P63-C1); the search indexes stay versionless, {@code Provenance?target=Observation/X} still
	 * finds it. And it answers conditional writes with {@link ConditionalWriteMessages}.
	 */
	@Bean
	static BeanPostProcessor fhirContextAsSomaxisUsesIt() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof FhirContext context) {
					context.getParserOptions().setStripVersionsFromReferences(false);
					context.setLocalizer(new ConditionalWriteMessages());
				}
				return bean;
			}
		};
	}

	/** HAPI's match-url parser, reading a year or month after ge or le as a search does (DayBoundedMatchUrls). */
	@Bean
	@Primary
	ca.uhn.fhir.jpa.searchparam.MatchUrlService dayBoundedMatchUrls(FhirContext fhirContext,
			ca.uhn.fhir.rest.server.util.ISearchParamRegistry searchParams) {
		return new org.somaxis.platform.DayBoundedMatchUrls(fhirContext, searchParams);
	}

	// The beans of HapiJpaConfig we need, without its fulltext search service.

	@Bean
	IStaleSearchDeletingSvc staleSearchDeletingSvc() {
		return new StaleSearchDeletingSvcImpl();
	}

	@Bean
	DatabaseBackedPagingProvider databaseBackedPagingProvider(FhirServerProperties properties) {
		DatabaseBackedPagingProvider paging = new DatabaseBackedPagingProvider();
		paging.setDefaultPageSize(properties.defaultPageSize());
		paging.setMaximumPageSize(properties.maxPageSize());
		return paging;
	}

	@Bean
	IResourceSupportedSvc resourceSupportedSvc(IDaoRegistry daoRegistry) {
		return new DaoRegistryResourceSupportedSvc(daoRegistry);
	}

	@Bean(name = "myResourceCountsCache")
	ResourceCountCache resourceCountsCache(IFhirSystemDao<?, ?> systemDao) {
		return ResourceCountCacheUtil.newResourceCountCache(systemDao);
	}
}
