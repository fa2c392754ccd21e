package org.somaxis.conformance;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;

/**
 * The base-spec cardinality check for a resource no held profile applies to: every element the R4 definition makes
 * mandatory ({@code min >= 1}) is present, at every depth of what the resource contains (an Observation without
 * {@code status}, a component without {@code code}, a narrative without {@code div}). It walks HAPI's model
 * definitions, so it costs a small fraction of the HL7 instance validator, which runs only where a held profile
 * applies (docs/conformance.md).
 */
final class RequiredElements {
	/** The message id of a missing mandatory element (behaviour never depends on a message's wording). */
	static final String MESSAGE_ID = "somaxis-required";

	private final FhirContext fhirContext;

	RequiredElements(FhirContext fhirContext) {
		this.fhirContext = fhirContext;
	}

	void check(IBaseResource resource, List<SingleValidationMessage> messages) {
		BaseRuntimeElementCompositeDefinition<?> definition = fhirContext.getResourceDefinition(resource);
		walk(resource, definition, definition.getName(), messages);
	}

	private void walk(IBase element, BaseRuntimeElementCompositeDefinition<?> definition, String path,
			List<SingleValidationMessage> messages) {
		for (BaseRuntimeChildDefinition child : definition.getChildren()) {
			// a mandatory reference (Condition.subject) is checked like any element; a contained or nested resource
			// is not walked here but checked as a resource of its own
			List<IBase> values = child.getAccessor().getValues(element);
			if (child.getMin() > 0 && values.stream().noneMatch(RequiredElements::present)) {
				messages.add(missing(path + "." + child.getElementName()));
				continue;
			}
			int index = 0;
			for (IBase value : values) {
				BaseRuntimeElementDefinition<?> childDefinition = fhirContext.getElementDefinition(value.getClass());
				// an empty element (a Narrative a getter created) is absent, as it would be once encoded
				if (childDefinition instanceof BaseRuntimeElementCompositeDefinition<?> composite
						&& !(value instanceof IBaseResource) && !value.isEmpty()) {
					String name = child.getElementName().replace("[x]", "");
					walk(value, composite, path + "." + name + (child.getMax() == 1 ? "" : "[" + index + "]"), messages);
				}
				index++;
			}
		}
	}

	private static boolean present(IBase value) {
		if (value instanceof IPrimitiveType<?> primitive) {
			return primitive.getValueAsString() != null || !value.isEmpty();
		}
		return !value.isEmpty();
	}

	private static SingleValidationMessage missing(String location) {
		SingleValidationMessage message = new SingleValidationMessage();
		message.setSeverity(ResultSeverityEnum.ERROR);
		message.setLocationString(location);
		message.setMessageId(MESSAGE_ID);
		message.setMessage(location + ": minimum required = 1, but only found 0 (base R4 definition)");
		return message;
	}
}
