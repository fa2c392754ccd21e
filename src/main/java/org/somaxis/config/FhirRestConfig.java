package org.somaxis.config;

import ca.uhn.fhir.batch2.jobs.bulkmodify.reindex.ReindexProvider;
import ca.uhn.fhir.batch2.jobs.export.BulkDataExportProvider;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.jpa.provider.ValueSetOperationProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.narrative2.NullNarrativeGenerator;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.IncomingRequestAddressStrategy;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Meta;
import org.somaxis.fhir.ServerBases;
import org.somaxis.guidance.knowledge.Knowledge;
import org.somaxis.terminology.ConceptGroupValidation;
import org.somaxis.terminology.ExpansionCompleteness;
import org.somaxis.terminology.ExpansionPaging;
import org.somaxis.terminology.LookupAnswers;
import org.somaxis.platform.ConditionalUpdateIds;
import org.somaxis.platform.InternalErrorInterceptor;
import org.somaxis.platform.LocalReferenceInterceptor;
import org.somaxis.platform.PatchFailureAdvice;
import org.somaxis.platform.PatchRequestInterceptor;
import org.somaxis.platform.ConditionalMatchDates;
import org.somaxis.platform.ConditionalTargets;
import org.somaxis.platform.PreconditionInterceptor;
import org.somaxis.platform.RequestLogInterceptor;
import org.somaxis.platform.SearchParameterHandling;
import org.somaxis.platform.LocalReferenceSearch;
import org.somaxis.platform.SummaryPaging;
import org.somaxis.platform.SummaryTextRead;
import org.somaxis.platform.TransactionAnswers;
import org.somaxis.platform.SystemProvider;
import org.somaxis.platform.UnsupportedOperations;
import org.somaxis.platform.UnsupportedSearches;
import org.somaxis.platform.WriteAnswers;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.somaxis.fhir.BulkExportRequests;
import org.somaxis.fhir.ExportDeletion;
import org.somaxis.fhir.ConditionalReads;
import org.somaxis.fhir.Watermarks;
import java.util.List;
import org.somaxis.platform.DateSearchPrefixes;
import org.somaxis.platform.ErrorOutcomes;
import org.somaxis.platform.EverythingCompartment;
import org.somaxis.platform.EverythingParameters;
import org.somaxis.platform.HttpMethods;
import org.springframework.aop.Advisor;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.web.filter.CorsFilter;

/** The FHIR R4 REST server at {@code /fhir}: which providers and interceptors it has, and nothing else. */
@Configuration
public class FhirRestConfig {

	/**
	 * A patch HAPI cannot apply is a 400 where the DAO patches, so a batch entry gets it too (infrastructure role: the
	 * auto-proxy creator that HAPI's transaction management registers applies only such advisors).
	 */
	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static Advisor patchFailureAdvisor() {
		return PatchFailureAdvice.advisor();
	}

	public static final String SERVER_NAME = "Somaxis";

	/** Writes in flight and each export's kick-off time, for a {@code transactionTime} that {@code _since} can chain on. */
	@Bean
	Watermarks watermarks() {
		return new Watermarks(java.time.Clock.systemUTC());
	}

	@Bean
	FilterRegistrationBean<org.springframework.web.filter.OncePerRequestFilter> exportManifests(
			Watermarks times) {
		FilterRegistrationBean<org.springframework.web.filter.OncePerRequestFilter> registration =
				new FilterRegistrationBean<>(times.manifestFilter());
		registration.addUrlPatterns("/fhir/*");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20); // after the request guard
		registration.setName("exportManifests");
		return registration;
	}

	@Bean
	RestfulServer restfulServer(
			IFhirSystemDao<Bundle, Meta> systemDao,
			ResourceProviderFactory resourceProviders,
			ValueSetOperationProvider valueSetOperations,
			BulkDataExportProvider bulkDataExport,
			ReindexProvider reindex,
			DatabaseBackedPagingProvider pagingProvider,
			JpaStorageSettings storageSettings,
			ISearchParamRegistry searchParamRegistry,
			IValidationSupport validationSupport,
			ObjectProvider<BuildProperties> build,
			GuidanceConfig.EvaluateOperations evaluateOperations,
			Knowledge knowledge,
			DaoRegistry daoRegistry,
			LocalReferenceInterceptor localReferences,
			ca.uhn.fhir.jpa.searchparam.MatchUrlService matchUrls,
			Watermarks watermarks,
			ca.uhn.fhir.batch2.api.IJobCoordinator jobCoordinator,
			ca.uhn.fhir.batch2.api.IJobPersistence jobPersistence,
			SecurityProperties security) {
		RestfulServer server = new RestfulServer(systemDao.getContext());
		server.setServerName(SERVER_NAME);
		server.setServerVersion(build.getIfAvailable() == null ? "dev" : build.getIfAvailable().getVersion());
		server.setImplementationDescription("Somaxis FHIR R4 server for growth-hormone-axis therapy");
		server.setDefaultResponseEncoding(EncodingEnum.JSON);
		server.setServerAddressStrategy(new IncomingRequestAddressStrategy());
		systemDao.getContext().setNarrativeGenerator(new NullNarrativeGenerator());

		server.registerProviders(resourceProviders.createProviders());
		ConditionalTargets conditionalTargets = new ConditionalTargets(daoRegistry, matchUrls);
		server.registerProvider(new SystemProvider(systemDao, conditionalTargets));
		server.registerProvider(valueSetOperations);
		server.registerProvider(bulkDataExport);
		// $reindex and $hapi.fhir.reindex-status: a system/*.cruds token only (SmartEnforcement), ADR 0001
		server.registerProvider(reindex);
		server.registerProviders(evaluateOperations.providers());
		server.setPagingProvider(pagingProvider);
		server.setServerConformanceProvider(new JpaCapabilityStatementProvider(
				server, systemDao, storageSettings, searchParamRegistry, validationSupport));
		server.registerInterceptor(new RequestLogInterceptor());
		server.registerInterceptor(new InternalErrorInterceptor());
		server.registerInterceptor(new PreconditionInterceptor(conditionalTargets));
		server.registerInterceptor(new ConditionalReads()); // If-None-Match and If-Modified-Since as RFC 9110 reads them
		server.registerInterceptor(new ConditionalUpdateIds(systemDao.getContext())); // a body id not the match's: 400
		server.registerInterceptor(new UnsupportedOperations()); // $lastn, $expunge, $hapi.fhir.merge
		server.registerInterceptor(new SummaryPaging()); // _summary on every page
		server.registerInterceptor(new SummaryTextRead()); // a read's _summary=text as FHIR defines it
		server.registerInterceptor(new TransactionAnswers()); // no Location of Bundle/<id>, entry etags W/"n"
		server.registerInterceptor(new WriteAnswers()); // Location on an update that creates, ETag on a patch
		server.registerInterceptor(new EverythingParameters(systemDao.getContext(),
				security.mode() == SecurityProperties.Mode.OPEN)); // _since, start, end, _type, _count=0
		server.registerInterceptor(new EverythingCompartment(systemDao.getContext())); // never another patient's data
		// date=ge2024 read as from 2024-01-01; date=ap...: not supported, said plainly
		server.registerInterceptor(new DateSearchPrefixes(systemDao.getContext(), searchParamRegistry));
		// composites over repeating elements, token :below/:above: wrong answers, refused
		server.registerInterceptor(new UnsupportedSearches(systemDao.getContext(), searchParamRegistry));
		server.registerInterceptor(new BulkExportRequests(matchUrls, systemDao.getContext()));
		server.registerInterceptor(watermarks);
		server.registerInterceptor(new ExportDeletion(jobCoordinator, jobPersistence, daoRegistry));
		// terminology answers as FHIR R4 defines them where HAPI's in-memory ones differ (docs/terminology.md)
		server.registerInterceptor(new ExpansionCompleteness(validationSupport));
		server.registerInterceptor(new ExpansionPaging());
		server.registerInterceptor(new ConceptGroupValidation(knowledge.conceptSetsByUrl(), daoRegistry));
		server.registerInterceptor(new LookupAnswers());
		server.registerInterceptor(new PatchRequestInterceptor(systemDao.getContext()));
		server.registerInterceptor(new SearchParameterHandling(searchParamRegistry)); // Prefer: handling=lenient|strict
		server.registerInterceptor(new LocalReferenceSearch(systemDao.getContext(), searchParamRegistry,
				localReferences)); // subject=<this server's base>/Patient/1; absolute references and the search cache
		evaluateOperations.interceptors().forEach(server::registerInterceptor);
		return server;
	}

	/**
	 * Absolute references to this server's own base are stored relative, for every write (also the demo data's and a
	 * transaction's entries), so they are indexed as the local references they are.
	 */
	@Bean
	LocalReferenceInterceptor localReferenceInterceptor(FhirContext fhirContext,
			IInterceptorService jpaInterceptorService, CdsProperties cds) {
		LocalReferenceInterceptor interceptor =
				new LocalReferenceInterceptor(fhirContext, new ServerBases(cds.selfFhirServers()));
		jpaInterceptorService.registerInterceptor(interceptor);
		return interceptor;
	}

	/**
	 * The check HAPI makes of a conditional create's or update's resource against its url, with a date after ge, gt, le
	 * or lt read as the search reads it (ConditionalMatchDates).
	 */
	@Bean
	ConditionalMatchDates conditionalMatchDates(FhirContext fhirContext, IInterceptorService jpaInterceptorService,
			ObjectProvider<ca.uhn.fhir.jpa.searchparam.MatchUrlService> matchUrls,
			ObjectProvider<ca.uhn.fhir.jpa.searchparam.extractor.ISearchParamExtractor> extractor) {
		ConditionalMatchDates interceptor = new ConditionalMatchDates(fhirContext, matchUrls::getObject, extractor::getObject);
		jpaInterceptorService.registerInterceptor(interceptor);
		return interceptor;
	}

	@Bean
	ServletRegistrationBean<RestfulServer> fhirServlet(RestfulServer restfulServer) {
		ServletRegistrationBean<RestfulServer> registration = new ServletRegistrationBean<>(restfulServer, "/fhir/*");
		registration.setName("fhir");
		registration.setLoadOnStartup(1);
		return registration;
	}

	/** HEAD served as GET, OPTIONS answered with the methods served, other methods 405 (HAPI answered 400 or 501). */
	@Bean
	FilterRegistrationBean<HttpMethods> httpMethods(ErrorOutcomes outcomes) {
		FilterRegistrationBean<HttpMethods> registration = new FilterRegistrationBean<>(new HttpMethods(outcomes));
		registration.addUrlPatterns("/fhir", "/fhir/*");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5); // after CORS and the request id, before the guard
		registration.setName("httpMethods");
		return registration;
	}

	/**
	 * CORS for browser apps (SMART apps) that call the FHIR endpoint and read the SMART configuration; off unless
	 * {@code somaxis.fhir.allowed-origins} names origins. The headers a FHIR client reads from a write's or a read's
	 * answer (Location, ETag...) are exposed to it.
	 */
	@Bean
	FilterRegistrationBean<CorsFilter> fhirCors(FhirServerProperties properties, ErrorOutcomes outcomes) {
		return CorsRegistrations.registration("fhirCors", properties.allowedOrigins(),
				List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"),
				List.of("Authorization", "Content-Type", "Accept", "If-Match", "If-None-Match", "If-None-Exist",
						"If-Modified-Since", "Prefer", "X-Request-ID"),
				List.of("Location", "Content-Location", "ETag", "Last-Modified", "X-Request-ID"),
				List.of("/fhir", "/fhir/*", "/.well-known/smart-configuration"),
				CorsRegistrations.withOperationOutcome(outcomes, "somaxis.fhir.allowed-origins"));
	}
}
