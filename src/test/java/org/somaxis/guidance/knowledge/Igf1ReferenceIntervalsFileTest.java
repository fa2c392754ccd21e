package org.somaxis.guidance.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.ObservationDefinition;
import org.junit.jupiter.api.Test;
import org.somaxis.guidance.Fixtures;
import org.somaxis.guidance.Scenario;
import org.somaxis.guidance.record.Interpretation;
import org.somaxis.guidance.record.PatientRecord;

/** The fallback table is a valid R4 resource, and the model-object path reads it like the JSON loader does. */
class Igf1ReferenceIntervalsFileTest {
	private static final Path FILE = Path.of("terminology/ObservationDefinition-igf1-reference-intervals.json");

	@Test
	void fileIsValidR4WithoutErrors() throws Exception {
		FhirContext context = FhirContext.forR4();
		context.setParserErrorHandler(new StrictErrorHandler());
		ObservationDefinition definition =
				context.newJsonParser().parseResource(ObservationDefinition.class, Files.readString(FILE));

		ValidationSupportChain support = new ValidationSupportChain(
				new DefaultProfileValidationSupport(context),
				new InMemoryTerminologyServerValidationSupport(context),
				new CommonCodeSystemsTerminologyService(context));
		FhirValidator validator = context.newValidator();
		validator.registerValidatorModule(new FhirInstanceValidator(support));
		ValidationResult result = validator.validateWithResult(definition);

		List<String> errors = result.getMessages().stream()
				.filter(message -> message.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
				.map(SingleValidationMessage::getMessage)
				.toList();
		assertThat(errors).isEmpty();
		assertThat(definition.getQualifiedInterval()).hasSize(9);
		assertThat(definition.getPreferredReportName()).contains("Quest LC-MS");
	}

	@Test
	void definitionSentWithTheResources_replacesTheFallbackTable() throws Exception {
		FhirContext context = FhirContext.forR4Cached();
		ObservationDefinition definition =
				context.newJsonParser().parseResource(ObservationDefinition.class, Files.readString(FILE));
		definition.getQualifiedIntervalFirstRep().getAge().getLow().setValue(0);
		definition.getQualifiedIntervalFirstRep().getRange().getLow().setValue(20);
		definition.getQualifiedIntervalFirstRep().getRange().getHigh().setValue(100);

		// band 20..100 ng/mL for ages 0-19.9: 130 is above range but below +3 SDS (149.5)
		PatientRecord record = Scenario.of(Fixtures.patient(15, "male"), definition,
				Fixtures.igf1("o1", 130, Fixtures.TODAY)).record();

		assertThat(record.dataQuality()).isEmpty();
		assertThat(record.igf1().get(0).interpretation()).isEqualTo(Interpretation.H);
		assertThat(record.igf1().get(0).interval().origin()).contains("Quest");
	}

	@Test
	void invertedIntervalInADefinition_isSkippedWithAMessage() throws Exception {
		ObservationDefinition definition = FhirContext.forR4Cached().newJsonParser()
				.parseResource(ObservationDefinition.class, Files.readString(FILE));
		definition.getQualifiedIntervalFirstRep().getRange().getHigh().setValue(100);

		PatientRecord record = Scenario.of(Fixtures.patient(19, "male"), definition,
				Fixtures.igf1("o1", 150, Fixtures.TODAY)).record();

		assertThat(record.dataQuality()).containsExactly(
				"ObservationDefinition/igf1-reference-intervals has an interval 108..100; skipped",
				"IGF-1 on " + Fixtures.TODAY + ": no reference interval applies to age 19 (male); the result is not interpreted as low,"
						+ " normal or high");
	}
}
