package org.somaxis.config;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.packages.IHapiPackageCacheManager;
import ca.uhn.fhir.jpa.packages.IPackageInstallerSvc;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.somaxis.conformance.ConformanceArtefacts;
import org.somaxis.conformance.ConformanceRestInterceptor;
import org.somaxis.conformance.ConformanceStartup;
import org.somaxis.conformance.CoreSearchParameterGuard;
import org.somaxis.conformance.ExtraPackages;
import org.somaxis.conformance.ExtraPackages.ExtraPackage;
import org.somaxis.conformance.PackageBuilder;
import org.somaxis.conformance.PackageBuilder.FhirPackage;
import org.somaxis.conformance.PackageDownloadController;
import org.somaxis.conformance.PackageInstaller;
import org.somaxis.conformance.ParseChecks;
import org.somaxis.conformance.PatchesBeingApplied;
import org.somaxis.conformance.ResourceValidator;
import org.somaxis.conformance.SearchParameterActivation;
import org.somaxis.conformance.StoredReferences;
import org.somaxis.platform.LocalReferenceInterceptor;
import org.somaxis.conformance.WriteValidation;
import org.somaxis.conformance.WriteValidationInterceptor;
import org.springframework.aop.Advisor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Role;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The conformance layer: the Somaxis FHIR package and further packages, their install at startup, the one
 * validator, validation on write and what {@code $validate} answers.
 */
@Configuration
@EnableConfigurationProperties(ConformanceProperties.class)
public class ConformanceConfig {

	/** Built from the artefacts on the classpath; the same bytes as the build's target/somaxis.fhir-*.tgz. */
	@Bean
	FhirPackage somaxisPackage(BuildProperties build) {
		return PackageBuilder.build(PackageBuilder.fromClasspath(ConformanceConfig.class.getClassLoader()), build.getVersion());
	}

	/**
	 * The patch the DAO applies, for the checks of its result on the same thread (infrastructure role: the auto-proxy
	 * creator that HAPI's transaction management registers applies only such advisors).
	 */
	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static Advisor patchesBeingAppliedAdvisor() {
		return PatchesBeingApplied.advisor();
	}

	@Bean
	List<ExtraPackage> extraPackages(ConformanceProperties properties, FhirContext fhirContext) {
		return ExtraPackages.read(fhirContext, properties.packages());
	}

	/**
	 * Replaces HAPI's SearchParameter check (primary, so HAPI's SearchParameter DAO and package installer take it):
	 * stored SearchParameters may add parameters, never redefine core ones.
	 */
	@Bean
	@Primary
	CoreSearchParameterGuard coreSearchParameterGuard(
			FhirContext fhirContext, JpaStorageSettings storageSettings, ISearchParamRegistry searchParamRegistry) {
		return new CoreSearchParameterGuard(fhirContext, storageSettings, searchParamRegistry);
	}

	/**
	 * The server's one validator on an in-memory chain of our artefacts, the further packages' and the core spec.
	 * Primary instance validator module, so HAPI's {@code $validate} runs it too: a write and {@code $validate}
	 * share one code path.
	 */
	@Bean
	@Primary
	ResourceValidator resourceValidator(ConformanceProperties properties, FhirContext fhirContext,
			FhirPackage somaxisPackage, List<ExtraPackage> extraPackages, ObjectProvider<DaoRegistry> daoRegistry,
			ObjectProvider<ISearchParamRegistry> searchParamRegistry, LocalReferenceInterceptor localReferences) {
		List<IBaseResource> extra = extraPackages.stream().flatMap(p -> p.artefacts().stream()).toList();
		return new ResourceValidator(
				fhirContext,
				ConformanceArtefacts.validationChain(
						fhirContext, ConformanceArtefacts.parse(fhirContext, somaxisPackage.files()), extra),
				properties.unknownProfile(),
				new StoredReferences(fhirContext, daoRegistry::getObject, searchParamRegistry::getObject,
						localReferences::makeLocal));
	}

	/**
	 * Validation on write on the JPA interceptor service (REST writes, transaction and batch entries, PATCH and
	 * internal writes), the parse checks on the shared FhirContext, and the REST side (parse checks refused,
	 * {@code $validate}'s URL profile, entry outcomes and warnings) on the /fhir server. Also stored
	 * SearchParameters taking effect at commit.
	 */
	@Bean
	ConformanceRestInterceptor conformanceRestInterceptor(
			ConformanceProperties properties,
			FhirContext fhirContext,
			ResourceValidator resourceValidator,
			IInterceptorService jpaInterceptorService,
			ISearchParamRegistry searchParamRegistry,
			RestfulServer restfulServer) {
		if (properties.validateOnWrite()) {
			fhirContext.setParserErrorHandler(new ParseChecks());
			jpaInterceptorService.registerInterceptor(new WriteValidationInterceptor(fhirContext, resourceValidator));
		}
		jpaInterceptorService.registerInterceptor(new SearchParameterActivation(searchParamRegistry));
		ConformanceRestInterceptor interceptor = new ConformanceRestInterceptor(fhirContext, resourceValidator);
		restfulServer.registerInterceptor(interceptor);
		return interceptor;
	}

	@Bean
	ConformanceStartup conformanceStartup(
			ConformanceProperties properties,
			FhirPackage somaxisPackage,
			List<ExtraPackage> extraPackages,
			ResourceValidator resourceValidator,
			ConformanceRestInterceptor conformanceRestInterceptor,
			IPackageInstallerSvc packageInstallerSvc,
			IHapiPackageCacheManager packageCache,
			DaoRegistry daoRegistry,
			FhirContext fhirContext,
			PlatformTransactionManager transactionManager) {
		PackageInstaller installer = properties.installPackage()
				? new PackageInstaller(packageInstallerSvc, packageCache, daoRegistry, fhirContext)
				: null;
		boolean validating = properties.validateOnWrite();
		return new ConformanceStartup(
				installer,
				somaxisPackage,
				extraPackages,
				validating ? () -> WriteValidation.warmUp(fhirContext, resourceValidator) : null,
				validating ? () -> WriteValidation.rehearseWrite(daoRegistry, transactionManager) : null);
	}

	@Bean
	PackageDownloadController packageDownloadController(FhirPackage somaxisPackage) {
		return new PackageDownloadController(somaxisPackage);
	}
}
