package org.somaxis.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.somaxis.config.SecurityConfig;
import org.somaxis.guidance.knowledge.KnowledgeException;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A wrong setting stops the start with Spring Boot's "APPLICATION FAILED TO START" report naming the setting and what to
 * do. Before, the cause was the last line of a stack trace some two hundred frames long.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureAnalyzersTest {

	@Test
	void aWrongSetting_stopsTheStartWithAReportNamingItAndWhatToDo(CapturedOutput output) {
		SpringApplicationBuilder application = new SpringApplicationBuilder(SecurityConfig.class)
				.web(WebApplicationType.NONE)
				.properties("somaxis.security.mode=open", "somaxis.fhir.allowed-origins=https://app.example");

		assertThatThrownBy(application::run).satisfies(failure -> assertThat(
				org.springframework.core.NestedExceptionUtils.getMostSpecificCause(failure)).isInstanceOf(SettingException.class));
		assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
				.contains("somaxis.fhir.allowed-origins: needs somaxis.security.mode=smart")
				.contains("Remove somaxis.fhir.allowed-origins, or run in smart mode")
				.doesNotContain("at org.springframework.beans.factory.support.");
	}

	/** An unsupported database URL is named before the connection pool looks for a driver Somaxis does not carry. */
	@Test
	void anUnsupportedDatabaseUrl_stopsTheStartNamingIt_beforeAnyDriverIsLoaded(CapturedOutput output) {
		SpringApplicationBuilder application = new SpringApplicationBuilder(org.somaxis.config.FhirJpaConfig.class)
				.web(WebApplicationType.NONE);

		// as an operator sets it: on the command line, above application.yaml's H2 URL
		assertThatThrownBy(() -> application.run("--spring.datasource.url=jdbc:mysql://db.example/somaxis")).satisfies(failure -> assertThat(
				org.springframework.core.NestedExceptionUtils.getMostSpecificCause(failure)).isInstanceOf(SettingException.class));
		assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
				.contains("spring.datasource.url: unsupported database (jdbc:mysql:)")
				.doesNotContain("db.example")
				.doesNotContain("com.mysql");
	}

	@Test
	void aSettingException_deepInBeanCreation_isDescribedWithItsAction() {
		SettingException cause = new SettingException("somaxis.conformance.packages", "no such file or folder: /x.tgz",
				"Name FHIR NPM package files that exist.");

		FailureAnalysis analysis = new StartupFailureAnalyzers.Setting()
				.analyze(new BeanCreationException("restfulServer", new BeanCreationException("extraPackages", cause)));

		assertThat(analysis.getDescription()).isEqualTo("somaxis.conformance.packages: no such file or folder: /x.tgz");
		assertThat(analysis.getAction()).isEqualTo("Name FHIR NPM package files that exist.");
	}

	@Test
	void aKnowledgeException_isDescribedWithTheFileAndField_andTheFix() {
		KnowledgeException cause = new KnowledgeException("/clinic/terms: clinic terminology folder does not exist");

		FailureAnalysis analysis = new StartupFailureAnalyzers.Knowledge().analyze(new BeanCreationException("knowledge", cause));

		assertThat(analysis.getDescription()).isEqualTo("/clinic/terms: clinic terminology folder does not exist");
		assertThat(analysis.getAction()).contains("somaxis.guidance.terminology-dir");
	}
}
