package org.somaxis.conformance;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeChildChoiceDefinition;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseExtension;
import org.hl7.fhir.instance.model.api.IBaseHasExtensions;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * The numbers of a resource read from XML that are not written as R4 writes them, each at its path: an integer,
 * positiveInt or unsignedInt with a {@code +} or a leading zero ({@link PrimitiveFormats}: {@code value="+100"},
 * {@code "0100"}), and a decimal off R4's form ({@value #DECIMAL}: {@code "1."}, {@code "01.50"}, {@code "+1.5"},
 * {@code ".5"}), also in a primitive's own extensions. HAPI's parser reads them as the number and keeps the text; the
 * body checks read an XML body as the JSON it encodes to, where the number is written plainly, so they did not see
 * them, and such a body was stored (probe 72, P72-m2). A decimal was stored as its text, which is no JSON number: the
 * resource could not be read back, and every read, search and evaluation of the patient failed with it (probe 74,
 * P74-C1). A JSON body cannot carry them: JSON has no such number.
 */
final class XmlNumberForms {
	private static final Set<String> INTEGERS = Set.of("integer", "positiveInt", "unsignedInt");
	/** R4's decimal, as its core StructureDefinition gives it. */
	static final String DECIMAL = "-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?";
	private static final java.util.regex.Pattern DECIMAL_FORM = java.util.regex.Pattern.compile(DECIMAL);

	private XmlNumberForms() {}

	/** The problems of the resource, each located from the resource's root ({@code Observation.value.ofType(integer)}). */
	static List<SingleValidationMessage> of(FhirContext fhirContext, IBaseResource resource) {
		List<SingleValidationMessage> problems = new ArrayList<>();
		BaseRuntimeElementCompositeDefinition<?> definition = fhirContext.getResourceDefinition(resource);
		walk(fhirContext, resource, definition, definition.getName(), problems);
		return problems;
	}

	private static void walk(FhirContext fhirContext, IBase element, BaseRuntimeElementCompositeDefinition<?> definition,
			String path, List<SingleValidationMessage> problems) {
		for (BaseRuntimeChildDefinition child : definition.getChildren()) {
			List<? extends IBase> values = child.getAccessor().getValues(element);
			for (int i = 0; i < values.size(); i++) {
				IBase value = values.get(i);
				if (value instanceof IBaseResource resource) {
					BaseRuntimeElementCompositeDefinition<?> type = fhirContext.getResourceDefinition(resource);
					walk(fhirContext, resource, type, at(path, child, i, null) + ".ofType(" + type.getName() + ")", problems);
					continue;
				}
				BaseRuntimeElementDefinition<?> type = fhirContext.getElementDefinition(value.getClass());
				if (type == null) {
					continue;
				}
				String at = at(path, child, i, type.getName());
				if (value instanceof IPrimitiveType<?> primitive) {
					String text = primitive.getValueAsString();
					if (text != null && INTEGERS.contains(type.getName())) {
						PrimitiveFormats.problem(type.getName(), text).ifPresent(problem -> problems.add(
								BaseSpecChecks.error(ParseChecks.MESSAGE_ID, IssueType.VALUE, at, problem)));
					} else if (text != null && "decimal".equals(type.getName()) && !DECIMAL_FORM.matcher(text).matches()) {
						problems.add(BaseSpecChecks.error(ParseChecks.MESSAGE_ID, IssueType.VALUE, at, "'"
								+ (text.length() > 80 ? text.substring(0, 80) + "..." : text)
								+ "' is not a valid decimal: R4 writes a decimal as " + DECIMAL));
					}
					if (value instanceof IBaseHasExtensions withExtensions) { // a primitive's own extensions
						List<? extends IBaseExtension<?, ?>> extensions = withExtensions.getExtension();
						for (int e = 0; e < extensions.size(); e++) {
							IBase extension = extensions.get(e);
							walk(fhirContext, extension, (BaseRuntimeElementCompositeDefinition<?>)
									fhirContext.getElementDefinition(extension.getClass()), at + ".extension[" + e + "]", problems);
						}
					}
				} else if (type instanceof BaseRuntimeElementCompositeDefinition<?> composite) {
					walk(fhirContext, value, composite, at, problems);
				}
			}
		}
	}

	/** The path of the child's value {@code index}, a choice's with the type it takes ({@code value.ofType(integer)}). */
	private static String at(String path, BaseRuntimeChildDefinition child, int index, String typeName) {
		String name = child instanceof RuntimeChildChoiceDefinition && typeName != null
				? child.getElementName().replace("[x]", "") + ".ofType(" + typeName + ")"
				: child.getElementName();
		return path + "." + name + (child.getMax() == 1 ? "" : "[" + index + "]");
	}
}
