package org.somaxis.conformance;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeChildChoiceDefinition;
import ca.uhn.fhir.util.XmlUtil;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLEventFactory;
import javax.xml.stream.XMLEventReader;
import javax.xml.stream.XMLEventWriter;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.events.Attribute;
import javax.xml.stream.events.StartElement;
import javax.xml.stream.events.XMLEvent;
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
 *
 * <p>HAPI's XML parser rewrites some decimals before any check sees them: it drops a leading {@code +}, writes
 * {@code .5} as {@code 0.5} and leading zeros away ({@code 00.5}, {@code 000}). So {@code +-1} was stored as {@code -1}
 * and {@code +1.50} as {@code 1.50}, and a refusal of {@code +01.5} quoted {@code '01.5'} (probe 75, P75-M1, m1). The
 * body's text is therefore read first ({@link #written}): each element's {@code value} that starts as such a rewrite
 * does is replaced by a marker, the marked body is parsed for the walk, and a marker found there is checked as
 * the text it stands for.
 */
final class XmlNumberForms {
	private static final Set<String> INTEGERS = Set.of("integer", "positiveInt", "unsignedInt");
	/** R4's decimal, as its core StructureDefinition gives it. */
	static final String DECIMAL = "-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?";
	private static final java.util.regex.Pattern DECIMAL_FORM = java.util.regex.Pattern.compile(DECIMAL);

	private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
	/** The first marker: an integer (so also a positiveInt, unsignedInt and decimal) no text HAPI rewrites can be. */
	private static final long FIRST_MARKER = 2_000_000_000L;

	private XmlNumberForms() {}

	/**
	 * An XML body, with each {@code value} HAPI's parser would rewrite as a decimal replaced by a marker, and the text
	 * each marker stands for. A body with none is returned as it is.
	 */
	record Written(String xml, Map<String, String> marked) {
		/** A resource not parsed from a body (a patch's result): its values are checked as the model holds them. */
		static final Written AS_HELD = new Written("", Map.of());

		boolean marksNothing() {
			return marked.isEmpty();
		}

		/** The text of a value as the body wrote it. */
		String asWritten(String text) {
			return marked.getOrDefault(text, text);
		}
	}

	static Written written(String xml) {
		if (!mayHoldARewrite(xml)) {
			return new Written(xml, Map.of());
		}
		Map<String, String> marked = new HashMap<>();
		StringWriter out = new StringWriter(xml.length() + 64);
		try {
			// every value as read, character references resolved: a marker must be none of them (a decimal written
			// &#50;000000000 was read as the marker 2000000000 before: probe 76, P76-m1)
			Set<String> values = new HashSet<>();
			for (XMLEventReader reader = XmlUtil.createXmlReader(new StringReader(xml)); reader.hasNext(); ) {
				Attribute value = valueAttribute(reader.nextEvent());
				if (value != null) {
					values.add(value.getValue());
				}
			}
			if (values.stream().noneMatch(XmlNumberForms::rewritten)) {
				return new Written(xml, Map.of());
			}
			XMLEventReader reader = XmlUtil.createXmlReader(new StringReader(xml));
			XMLEventWriter writer = XmlUtil.createXmlWriter(out);
			XMLEventFactory events = XMLEventFactory.newInstance();
			long next = FIRST_MARKER;
			while (reader.hasNext()) {
				XMLEvent event = reader.nextEvent();
				Attribute value = valueAttribute(event);
				if (value != null && rewritten(value.getValue())) {
					String candidate = String.valueOf(next--);
					while (values.contains(candidate)) {
						candidate = String.valueOf(next--);
					}
					String marker = candidate;
					marked.put(marker, value.getValue());
					StartElement start = event.asStartElement();
					List<Attribute> attributes = new ArrayList<>();
					start.getAttributes().forEachRemaining(attribute -> attributes.add((Attribute) attribute));
					attributes.replaceAll(attribute -> attribute.getName().equals(value.getName())
							? events.createAttribute(value.getName(), marker) : attribute);
					event = events.createStartElement(start.getName(), attributes.iterator(), start.getNamespaces());
				}
				writer.add(event);
			}
			writer.close();
		} catch (XMLStreamException unreadable) {
			return new Written(xml, Map.of()); // HAPI's parser refuses what StAX cannot read
		}
		return new Written(out.toString(), marked);
	}

	/**
	 * The {@code value} attribute of the element the event starts, or null: of any namespace, or none, since HAPI's parser
	 * reads every element as FHIR's ({@code <value xmlns="urn:x" value="+-1"/>} was the value, unchecked: probe 77,
	 * P77-M2); one in the narrative is marked too, harmlessly, for the copy is parsed only for these checks. An attribute
	 * of that name in a namespace, which HAPI's parser would read too, is refused before ({@code BodyInspector}).
	 */
	private static Attribute valueAttribute(XMLEvent event) {
		return event.isStartElement() ? event.asStartElement().getAttributeByName(new QName("value")) : null;
	}

	/**
	 * The problems of the document an XML Patch made: its numbers as written, each attribute in a namespace (but
	 * xsi:schemaLocation), which HAPI's parser reads by its local name ({@code <value x:value="7"/>} as the value 7),
	 * and which a request's body may not hold either ({@code BodyInspector}), and each element or attribute R4 does not
	 * have there ({@link ParseChecks}).
	 */
	static List<SingleValidationMessage> ofPatched(FhirContext fhirContext, String xml) {
		List<SingleValidationMessage> problems = new ArrayList<>();
		try {
			int depth = 0;
			int narrative = 0; // the depth of the open narrative div, whose XHTML may carry xml:lang (probe 78, P78-M2)
			for (XMLEventReader reader = XmlUtil.createXmlReader(new StringReader(xml)); reader.hasNext(); ) {
				XMLEvent event = reader.nextEvent();
				if (event.isEndElement()) {
					narrative = depth == narrative ? 0 : narrative;
					depth--;
					continue;
				}
				if (!event.isStartElement()) {
					continue;
				}
				depth++;
				if (narrative == 0 && "div".equals(event.asStartElement().getName().getLocalPart())) {
					narrative = depth;
				}
				if (narrative == 0) {
					event.asStartElement().getAttributes().forEachRemaining(attribute -> {
						QName name = ((Attribute) attribute).getName();
						if (!name.getNamespaceURI().isEmpty() && !(XSI.equals(name.getNamespaceURI())
								&& Set.of("schemaLocation", "noNamespaceSchemaLocation").contains(name.getLocalPart()))) {
							problems.add(BaseSpecChecks.error(ParseChecks.MESSAGE_ID, IssueType.STRUCTURE,
									event.asStartElement().getName().getLocalPart(), "The patch wrote the attribute '"
											+ name.getPrefix() + ":" + name.getLocalPart() + "', in a namespace ("
											+ name.getNamespaceURI() + "): FHIR XML's attributes are in none"));
						}
					});
				}
			}
		} catch (XMLStreamException unreadable) {
			return problems; // HAPI's parser refused the patched document first
		}
		if (!problems.isEmpty()) {
			return problems;
		}
		// an element or attribute R4 does not have, which HAPI's lenient parse of the patched document dropped: the
		// patch answered 200 and stored nothing (probe 78, P78-m3); named here as in a body
		Written written = written(xml);
		IBaseResource read;
		ParseChecks.start();
		try {
			read = fhirContext.newXmlParser().setParserErrorHandler(new ParseChecks()).parseResource(written.xml());
		} finally {
			problems.addAll(ParseChecks.stop());
		}
		return problems.isEmpty() ? of(fhirContext, read, written) : problems;
	}

	/** Whether the text starts as HAPI's XML parser rewrites a decimal: {@code +}, {@code .} or {@code 00}. */
	private static boolean rewritten(String text) {
		return text.startsWith("+") || text.startsWith(".") || text.startsWith("00");
	}

	/** A cheap look at the text: no quote followed by such a start, and no character reference, holds no rewrite. */
	private static boolean mayHoldARewrite(String xml) {
		return xml.contains("\"+") || xml.contains("'+") || xml.contains("\".") || xml.contains("'.")
				|| xml.contains("\"00") || xml.contains("'00") || xml.contains("&#");
	}

	/**
	 * The problems of a resource parsed from {@code written.xml()}, each located from the resource's root
	 * ({@code Observation.value.ofType(integer)}), its markers checked as the text they stand for.
	 */
	static List<SingleValidationMessage> of(FhirContext fhirContext, IBaseResource resource, Written written) {
		List<SingleValidationMessage> problems = new ArrayList<>();
		BaseRuntimeElementCompositeDefinition<?> definition = fhirContext.getResourceDefinition(resource);
		walk(fhirContext, resource, definition, definition.getName(), written, problems);
		return problems;
	}

	private static void walk(FhirContext fhirContext, IBase element, BaseRuntimeElementCompositeDefinition<?> definition,
			String path, Written written, List<SingleValidationMessage> problems) {
		for (BaseRuntimeChildDefinition child : definition.getChildren()) {
			List<? extends IBase> values = child.getAccessor().getValues(element);
			for (int i = 0; i < values.size(); i++) {
				IBase value = values.get(i);
				if (value instanceof IBaseResource resource) {
					BaseRuntimeElementCompositeDefinition<?> type = fhirContext.getResourceDefinition(resource);
					walk(fhirContext, resource, type, at(path, child, i, null) + ".ofType(" + type.getName() + ")", written,
							problems);
					continue;
				}
				BaseRuntimeElementDefinition<?> type = fhirContext.getElementDefinition(value.getClass());
				if (type == null) {
					continue;
				}
				String at = at(path, child, i, type.getName());
				if (value instanceof IPrimitiveType<?> primitive) {
					String text = primitive.getValueAsString() == null ? null : written.asWritten(primitive.getValueAsString());
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
									fhirContext.getElementDefinition(extension.getClass()), at + ".extension[" + e + "]", written,
									problems);
						}
					}
				} else if (type instanceof BaseRuntimeElementCompositeDefinition<?> composite) {
					walk(fhirContext, value, composite, at, written, problems);
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
