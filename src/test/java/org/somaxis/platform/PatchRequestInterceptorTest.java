package org.somaxis.platform;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.junit.jupiter.api.Test;

/** A FHIRPath Patch operation into contained must give a resource; one inside a contained resource is not concerned. */
class PatchRequestInterceptorTest {

	private static Parameters operation(String type, String path, String name, Type value, boolean resourceValue) {
		Parameters patch = new Parameters();
		Parameters.ParametersParameterComponent operation = patch.addParameter().setName("operation");
		operation.addPart().setName("type").setValue(new CodeType(type));
		operation.addPart().setName("path").setValue(new StringType(path));
		if (name != null) {
			operation.addPart().setName("name").setValue(new StringType(name));
		}
		if (resourceValue) {
			operation.addPart().setName("value").setResource(new Organization().setName("Clinic"));
		} else {
			operation.addPart().setName("value").setValue(value);
		}
		return patch;
	}

	@Test
	void aDatatypeAddedOrInsertedIntoContained_isRefused() {
		assertThatThrownBy(() -> PatchRequestInterceptor.containedGetsResources(
				operation("add", "Patient", "contained", new StringType("x"), false))).isInstanceOf(InvalidRequestException.class);
		assertThatThrownBy(() -> PatchRequestInterceptor.containedGetsResources(
				operation("insert", "Patient.contained", null, new StringType("x"), false))).isInstanceOf(InvalidRequestException.class);
	}

	@Test
	void aResourceIntoContained_andAnElementAddedInsideAContainedResource_pass() {
		assertThatCode(() -> PatchRequestInterceptor.containedGetsResources(
				operation("add", "Patient", "contained", null, true))).doesNotThrowAnyException();
		assertThatCode(() -> PatchRequestInterceptor.containedGetsResources(
				operation("add", "MedicationRequest.contained", "status", new CodeType("active"), false))).doesNotThrowAnyException();
	}
}
