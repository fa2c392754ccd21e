package org.somaxis.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.somaxis.gather.PatientDataSource;

/**
 * Dependencies point one way: config → {operation, cdshooks} → gather → guidance; the guidance domain stays pure, the
 * faces only render, and every patient data source lives in gather (ARCHITECTURE.md).
 */
class ArchitectureTest {
	private static JavaClasses classes;

	@BeforeAll
	static void importMainClasses() {
		classes = new ClassFileImporter()
				.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
				.importPackages("org.somaxis");
	}

	@Test
	void guidance_usesNoSpringWebDaoOrCdsClasses() {
		noClasses().that().resideInAPackage("org.somaxis.guidance..")
				.should().dependOnClassesThat().resideInAnyPackage(
						"org.springframework..",
						"jakarta.servlet..",
						"ca.uhn.fhir.jpa..",
						"ca.uhn.fhir.rest..",
						"ca.uhn.fhir.interceptor..",
						"ca.uhn.hapi.fhir.cdshooks..",
						"org.somaxis.cdshooks..",
						"org.somaxis.operation..",
						"org.somaxis.config..",
						"org.somaxis.platform..",
						"org.somaxis.security..")
				.check(classes);
	}

	@Test
	void operation_neverUsesTheCdsHooksLayer() {
		noClasses().that().resideInAPackage("org.somaxis.operation..")
				.should().dependOnClassesThat().resideInAnyPackage("org.somaxis.cdshooks..", "ca.uhn.hapi.fhir.cdshooks..")
				.check(classes);
	}

	@Test
	void cdsHooks_usesGuidanceAndGatherButNeverTheOperations() {
		noClasses().that().resideInAPackage("org.somaxis.cdshooks..")
				.should().dependOnClassesThat().resideInAnyPackage(
						"org.somaxis.operation..", "org.somaxis.config..", "ca.uhn.hapi.fhir.cdshooks..")
				.check(classes);
	}

	@Test
	void onlyConfigWiresTheOperations() {
		noClasses().that().resideOutsideOfPackages("org.somaxis.operation..", "org.somaxis.config..", "org.somaxis")
				.should().dependOnClassesThat().resideInAPackage("org.somaxis.operation..")
				.check(classes);
	}

	@Test
	void gather_dependsOnlyOnTheDomainAndHapi_neverOnAFace() {
		noClasses().that().resideInAPackage("org.somaxis.gather..")
				.should().dependOnClassesThat().resideInAnyPackage(
						"org.somaxis.operation..",
						"org.somaxis.cdshooks..",
						"org.somaxis.config..",
						"org.somaxis.security..",
						"org.somaxis.platform..",
						"org.springframework.web..",
						"jakarta.servlet..")
				.check(classes);
	}

	@Test
	void theFaces_onlyRender_theyNeitherGatherNorOrchestrate() {
		noClasses().that().resideInAnyPackage("org.somaxis.operation..", "org.somaxis.cdshooks..")
				.should().dependOnClassesThat().haveFullyQualifiedName("org.somaxis.guidance.GuidanceEngine")
				.orShould().dependOnClassesThat().haveFullyQualifiedName(
						"org.somaxis.guidance.record.PatientRecordAssembler")
				.orShould().dependOnClassesThat().resideInAnyPackage(
						"ca.uhn.fhir.jpa.api.dao..", "ca.uhn.fhir.jpa.searchparam..", "ca.uhn.fhir.rest.client..")
				.check(classes);
	}

	@Test
	void everyPatientDataSource_livesInGather() {
		classes().that().implement(PatientDataSource.class)
				.should().resideInAPackage("org.somaxis.gather..")
				.check(classes);
	}
}
