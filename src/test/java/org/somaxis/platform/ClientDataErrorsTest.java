package org.somaxis.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.patch.FhirPatch;
import ca.uhn.fhir.jpa.patch.JsonPatchUtils;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;

/** Which exceptions are the client's data problem, however HAPI wraps them, and which stay bugs. */
class ClientDataErrorsTest {
	private static final FhirContext FHIR = FhirContext.forR4Cached();

	@Test
	void aFhirPathPatchGivingAValueItsElementCannotHold_isTheClients_evenWrappedAsHapiWrapsIt() {
		Parameters patch = new Parameters();
		Parameters.ParametersParameterComponent operation = patch.addParameter().setName("operation");
		operation.addPart().setName("type").setValue(new org.hl7.fhir.r4.model.CodeType("replace"));
		operation.addPart().setName("path").setValue(new StringType("Patient.gender"));
		operation.addPart().setName("value").setValue(new IntegerType(5));
		Patient patient = new Patient().setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.FEMALE);

		Throwable failed = catchThrowable(() -> new FhirPatch(FHIR).apply(patient, patch));

		assertThat(failed).isInstanceOf(IllegalArgumentException.class);
		assertThat(ClientDataErrors.clientDataProblem(new InternalErrorException("HAPI-0389", new RuntimeException(failed))))
				.isNotNull()
				.satisfies(problem -> assertThat(problem.message()).startsWith("The patch cannot be applied").contains("'5'"));
	}

	@Test
	void aJsonPatchWhoseResultTheParserFailsOn_isTheClients() {
		Patient patient = new Patient();
		patient.setId("Patient/p1");
		String copyIntoAnExtension = "[{\"op\":\"add\",\"path\":\"/extension\",\"value\":[]},"
				+ "{\"op\":\"copy\",\"from\":\"/id\",\"path\":\"/extension/-\"}]";

		Throwable failed = catchThrowable(() -> JsonPatchUtils.apply(FHIR, patient, copyIntoAnExtension));

		assertThat(failed).isInstanceOf(NullPointerException.class);
		assertThat(ClientDataErrors.clientDataProblem(failed)).isNotNull();
	}

	/**
	 * An XML Patch whose selector matches nothing in the resource ({@code <replace sel="/Patient/gender/@value">} on a
	 * Patient without a gender, or a selector with an undeclared prefix): the library's PatchException, wrapped as HAPI
	 * wraps it, is the client's. Before, a 500 with the selector and a stack trace in the log at ERROR.
	 */
	@Test
	void anXmlPatchWhoseSelectorMatchesNothing_isTheClients() {
		Patient patient = new Patient();
		patient.setId("Patient/p1");
		String patch = "<diff><replace sel=\"/Patient/gender/@value\">female</replace></diff>";

		Throwable failed = catchThrowable(() -> ca.uhn.fhir.jpa.patch.XmlPatchUtils.apply(FHIR, patient, patch));

		assertThat(failed).isNotNull();
		assertThat(ClientDataErrors.clientDataProblem(new InternalErrorException("HAPI-0389", new RuntimeException(failed))))
				.isNotNull()
				.satisfies(problem -> assertThat(problem.message()).startsWith("The patch cannot be applied"));
	}

	/**
	 * An XML Patch that is no XML (a JSON Patch sent as an XML Patch Binary): the library's parser error is the client's,
	 * in its words without the Java class name the library wrapped it in (probe 79, P79-m4).
	 */
	@Test
	void anXmlPatchThatIsNoXml_isTheClients_withoutJavaNames() {
		Patient patient = new Patient();
		patient.setId("Patient/p1");

		Throwable failed = catchThrowable(() -> ca.uhn.fhir.jpa.patch.XmlPatchUtils.apply(FHIR, patient,
				"[{\"op\":\"replace\",\"path\":\"/active\",\"value\":true}]"));

		assertThat(ClientDataErrors.clientDataProblem(new InternalErrorException("HAPI-0389", new RuntimeException(failed))))
				.isNotNull()
				.satisfies(problem -> assertThat(problem.message()).startsWith("The patch cannot be applied")
						.doesNotContain("com.github", "Exception"));
	}

	@Test
	void aVersionIdOfMoreDigitsThanALongHolds_isNotFound_anIdReadAsANumber_staysABug() {
		Throwable version = catchThrowable(() -> new org.hl7.fhir.r4.model.IdType("Patient/p1/_history/99999999999999999999")
				.getVersionIdPartAsLong());
		Throwable id = catchThrowable(() -> new org.hl7.fhir.r4.model.IdType("Patient/p1").getIdPartAsLong());

		assertThat(ClientDataErrors.clientDataProblem(new InternalErrorException("HAPI-2223", version)))
				.satisfies(problem -> assertThat(problem.notFound()).isTrue());
		assertThat(ClientDataErrors.clientDataProblem(id)).isNull();
	}

	@Test
	void aBundleEntryMethodThatIsNoHttpVerb_isTheClients() {
		Throwable failed = catchThrowable(() -> ca.uhn.fhir.rest.api.RequestTypeEnum.valueOf("GETX"));

		assertThat(ClientDataErrors.clientDataProblem(failed).message())
				.isEqualTo("A Bundle entry's request.method is not one of GET, HEAD, POST, PUT, DELETE, PATCH: 'GETX'")
				.doesNotContain("ca.uhn");
	}

	@Test
	void theSameKindOfExceptionThrownElsewhere_staysABug() {
		assertThat(ClientDataErrors.clientDataProblem(new IllegalArgumentException("Unknown AdministrativeGender code '5'"))).isNull();
		assertThat(ClientDataErrors.clientDataProblem(new InternalErrorException("x", new NullPointerException()))).isNull();
		assertThat(ClientDataErrors.clientDataProblem(new NumberFormatException("For input string: \"x\""))).isNull();
	}
}
