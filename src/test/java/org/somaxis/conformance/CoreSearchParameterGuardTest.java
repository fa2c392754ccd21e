package org.somaxis.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r5.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r5.model.Enumerations.SearchParamType;
import org.hl7.fhir.r5.model.Enumerations.VersionIndependentResourceTypesAll;
import org.hl7.fhir.r5.model.SearchParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CoreSearchParameterGuardTest {
	private static final FhirContext R4 = FhirContext.forR4Cached();

	/** The registry is only read for composite parameters, which these are not. */
	private final CoreSearchParameterGuard guard = new CoreSearchParameterGuard(R4, new JpaStorageSettings(), null);

	@ParameterizedTest(name = "{0}:{1} at {2}")
	@CsvSource({
		"Observation, code, http://example.org/SearchParameter/a, SearchParameter.code",
		"Patient, name, http://example.org/SearchParameter/b, SearchParameter.code",
		"Condition, patient, http://example.org/SearchParameter/c, SearchParameter.code",
		"Resource, _id, http://example.org/SearchParameter/d, SearchParameter.code",
		"DomainResource, _lastUpdated, http://example.org/SearchParameter/e, SearchParameter.code",
		"Observation, note-text, http://hl7.org/fhir/SearchParameter/Observation-code, SearchParameter.url"
	})
	void parameterRedefiningACoreOne_isRefusedAt(String base, String code, String url, String location) {
		assertThatThrownBy(() -> guard.validate(parameter(base, code, url)))
				.isInstanceOfSatisfying(UnprocessableEntityException.class, refused -> {
					OperationOutcome outcome = (OperationOutcome) refused.getOperationOutcome();
					assertThat(outcome.getIssue()).singleElement()
							.satisfies(issue -> assertThat(issue.getLocation()).extracting(l -> l.getValue()).containsExactly(location));
				});
	}

	@Test
	void newCodeOnACoreType_passesToHapisOwnChecks() {
		assertThatCode(() -> guard.validate(parameter("Observation", "note-text", "http://example.org/SearchParameter/f")))
				.doesNotThrowAnyException();
	}

	@Test
	void draftRedefinition_isRefusedToo_soThatMakingItActiveLaterCannotSlipThrough() {
		SearchParameter draft = parameter("Observation", "code", "http://example.org/SearchParameter/g");
		draft.setStatus(PublicationStatus.DRAFT);
		assertThatThrownBy(() -> guard.validate(draft)).isInstanceOf(UnprocessableEntityException.class);
	}

	private static SearchParameter parameter(String base, String code, String url) {
		SearchParameter parameter = new SearchParameter();
		parameter.setUrl(url);
		parameter.setName("Test");
		parameter.setStatus(PublicationStatus.ACTIVE);
		parameter.setCode(code);
		parameter.setType(SearchParamType.STRING);
		parameter.setExpression(("Resource".equals(base) || "DomainResource".equals(base) ? "Resource" : base) + ".id");
		parameter.addBase(VersionIndependentResourceTypesAll.fromCode(base));
		return parameter;
	}
}
