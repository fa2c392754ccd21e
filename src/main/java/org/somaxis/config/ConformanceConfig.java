package org.somaxis.config;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.interceptor.validation.IRepositoryValidatingRule;
import ca.uhn.fhir.jpa.interceptor.validation.RepositoryValidatingRuleBuilder;
import ca.uhn.fhir.jpa.packages.IPackageInstallerSvc;
import java.util.List;
import org.somaxis.conformance.ConformanceArtefacts;
import org.somaxis.conformance.ConformanceStartup;
import org.somaxis.conformance.PackageBuilder;
import org.somaxis.conformance.PackageBuilder.FhirPackage;
import org.somaxis.conformance.PackageDownloadController;
import org.somaxis.conformance.PackageInstaller;
import org.somaxis.conformance.WriteValidation;
import org.somaxis.conformance.WriteValidationInterceptor;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/** The conformance layer: the Somaxis FHIR package, its install at startup, and validation on write. */
@Configuration
@EnableConfigurationProperties(ConformanceProperties.class)
public class ConformanceConfig {

	/** Built from the artefacts on the classpath; the same bytes as the build's target/somaxis.fhir-*.tgz. */
	@Bean
	FhirPackage somaxisPackage(BuildProperties build) {
		return PackageBuilder.build(PackageBuilder.fromClasspath(ConformanceConfig.class.getClassLoader()), build.getVersion());
	}

	/**
	 * HAPI's repository validating rules on an in-memory chain of the core spec and our artefacts, applied with
	 * profile inference by one interceptor on the JPA interceptor service (so REST writes, transaction entries,
	 * PATCH and internal writes are all covered).
	 */
	@Bean
	List<IRepositoryValidatingRule> writeValidationRules(
			ConformanceProperties properties,
			FhirContext fhirContext,
			FhirPackage somaxisPackage,
			AutowireCapableBeanFactory beanFactory,
			IInterceptorService jpaInterceptorService) {
		if (!properties.validateOnWrite()) {
			return List.of();
		}
		RepositoryValidatingRuleBuilder builder = new RepositoryValidatingRuleBuilder(
				ConformanceArtefacts.validationChain(
						fhirContext, ConformanceArtefacts.parse(fhirContext, somaxisPackage.files())));
		beanFactory.autowireBean(builder);
		List<IRepositoryValidatingRule> rules = WriteValidation.rules(fhirContext, builder);
		jpaInterceptorService.registerInterceptor(new WriteValidationInterceptor(fhirContext, rules));
		return rules;
	}

	@Bean
	ConformanceStartup conformanceStartup(
			ConformanceProperties properties,
			FhirPackage somaxisPackage,
			List<IRepositoryValidatingRule> writeValidationRules,
			IPackageInstallerSvc packageInstallerSvc,
			DaoRegistry daoRegistry,
			FhirContext fhirContext,
			PlatformTransactionManager transactionManager,
			ApplicationContext applicationContext,
			SecurityProperties security) {
		PackageInstaller installer = properties.installPackage()
				? new PackageInstaller(packageInstallerSvc, daoRegistry, fhirContext)
				: null;
		Runnable writeRehearsal = writeValidationRules.isEmpty()
				? null
				: () -> {
					WriteValidation.rehearseWrite(daoRegistry, transactionManager);
					// in smart mode an untokened request is refused (401) before it reaches the validator: skip it
					if (security.mode() == SecurityProperties.Mode.OPEN
							&& applicationContext instanceof WebServerApplicationContext web && web.getWebServer().getPort() > 0) {
						try {
							WriteValidation.rehearseRefusedRequest(fhirContext, web.getWebServer().getPort());
						} catch (java.io.IOException e) {
							throw new java.io.UncheckedIOException(e);
						} catch (InterruptedException e) {
							Thread.currentThread().interrupt();
						}
					}
				};
		return new ConformanceStartup(installer, somaxisPackage, writeValidationRules, writeRehearsal);
	}

	@Bean
	PackageDownloadController packageDownloadController(FhirPackage somaxisPackage) {
		return new PackageDownloadController(somaxisPackage);
	}
}
