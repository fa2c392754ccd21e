package org.somaxis.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.BaseValidationSupportWrapper;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * HAPI's core definitions ({@link DefaultProfileValidationSupport}), asked only what they can answer. The HL7
 * validator reads a conditional reference whose criteria hold a URL ({@code Observation?code=http://loinc.org|2484-4},
 * which a create or a transaction may send for the store to resolve) as an absolute URL, takes an empty resource type
 * from it, and asks for the StructureDefinition {@code http://hl7.org/fhir/StructureDefinition/}: HAPI 8.8's lookup
 * then fails on the empty name (StringIndexOutOfBoundsException), a 500 on every such write. A URL without a name
 * after its last "/" names no definition, so it is answered "none" here.
 */
final class CoreDefinitions extends BaseValidationSupportWrapper {
	CoreDefinitions(FhirContext fhirContext) {
		super(fhirContext, new DefaultProfileValidationSupport(fhirContext));
	}

	@Override
	public IBaseResource fetchStructureDefinition(String url) {
		return url == null || url.endsWith("/") ? null : super.fetchStructureDefinition(url);
	}

	@Override
	public <T extends IBaseResource> T fetchResource(Class<T> type, String url) {
		return url == null || url.endsWith("/") ? null : super.fetchResource(type, url);
	}

	@Override
	public String getName() {
		return "Somaxis core definitions (HAPI DefaultProfileValidationSupport)";
	}
}
