package org.somaxis.conformance;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeChildChoiceDefinition;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * The base-spec checks for a resource no held profile applies to, at every depth of what the resource contains:
 * <ul>
 *   <li>every element the R4 definition makes mandatory ({@code min >= 1}) is present (an Observation without
 *       {@code status}, a component without {@code code}, a narrative without {@code div});</li>
 *   <li>no Period ends before it starts (R4's per-1), compared as FHIRPath compares dates: at the precision both
 *       have, so that {@code 2020-05-01} to {@code 2020-05} is not judged, and as instants when both have a time.</li>
 * </ul>
 * It walks HAPI's model definitions, so it costs a small fraction of the HL7 instance validator, which runs only where
 * a held profile applies (docs/conformance.md).
 */
final class BaseSpecChecks {
	/** The message id of a missing mandatory element (behaviour never depends on a message's wording). */
	static final String MESSAGE_ID = "somaxis-required";
	/** The message id of a Period that ends before it starts: the invariant's key. */
	static final String PERIOD_ORDER = "per-1";

	private final FhirContext fhirContext;

	BaseSpecChecks(FhirContext fhirContext) {
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
			if (child.getMin() > 0 && values.stream().noneMatch(BaseSpecChecks::present)) {
				messages.add(missing(path + "." + child.getElementName()));
				continue;
			}
			int index = 0;
			for (IBase value : values) {
				BaseRuntimeElementDefinition<?> childDefinition = fhirContext.getElementDefinition(value.getClass());
				// an empty element (a Narrative a getter created) is absent, as it would be once encoded
				if (childDefinition instanceof BaseRuntimeElementCompositeDefinition<?> composite
						&& !(value instanceof IBaseResource) && !value.isEmpty()) {
					String name = child instanceof RuntimeChildChoiceDefinition
							? child.getElementName().replace("[x]", "") + ".ofType(" + composite.getName() + ")"
							: child.getElementName();
					String at = path + "." + name + (child.getMax() == 1 ? "" : "[" + index + "]");
					if (value instanceof Period period && endsBeforeItStarts(period)) {
						messages.add(error(PERIOD_ORDER, at, at + ": the period ends before it starts (per-1)"));
					}
					walk(value, composite, at, messages);
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

	/**
	 * Whether the end is before the start, as FHIRPath's {@code start <= end} decides it: as instants when both have a
	 * time; else on the date digits both have (year, month, day), undecided (so not judged) when those are equal.
	 */
	static boolean endsBeforeItStarts(Period period) {
		DateTimeType start = period.getStartElement();
		DateTimeType end = period.getEndElement();
		if (start.getValue() == null || end.getValue() == null) {
			return false;
		}
		if (hasTime(start) && hasTime(end)) {
			return end.getValue().before(start.getValue());
		}
		int digits = Math.min(dateLength(start), dateLength(end));
		return end.getValueAsString().substring(0, digits).compareTo(start.getValueAsString().substring(0, digits)) < 0;
	}

	private static boolean hasTime(DateTimeType value) {
		return value.getPrecision().ordinal() > TemporalPrecisionEnum.DAY.ordinal();
	}

	/** How many characters of the value are its date: 4, 7 or 10. */
	private static int dateLength(DateTimeType value) {
		return switch (value.getPrecision()) {
			case YEAR -> 4;
			case MONTH -> 7;
			default -> 10;
		};
	}

	private static SingleValidationMessage missing(String location) {
		return error(MESSAGE_ID, location, location + ": minimum required = 1, but only found 0 (base R4 definition)");
	}

	/** The element path a terser visit is at ({@code Patient.contact.organization}), without list indexes. */
	static String pathOf(String resourceType, List<BaseRuntimeChildDefinition> children) {
		StringBuilder path = new StringBuilder(resourceType);
		children.forEach(child -> path.append('.').append(child.getElementName()));
		return path.toString();
	}

	/** An error of the conformance layer's own checks, with its message id, at its location. */
	static SingleValidationMessage error(String id, String location, String text) {
		return error(id, null, location, text);
	}

	/** As {@link #error(String, String, String)}, of the given issue type (null: the type of its message id). */
	static SingleValidationMessage error(String id, IssueType type, String location, String text) {
		SingleValidationMessage message = new TypedMessage(type);
		message.setSeverity(ResultSeverityEnum.ERROR);
		message.setLocationString(location);
		message.setMessageId(id);
		message.setMessage(text);
		return message;
	}
}
