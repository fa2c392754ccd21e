package org.somaxis.conformance;

import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.hl7.fhir.exceptions.FHIRFormatError;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.utilities.StringPair;
import org.hl7.fhir.utilities.xhtml.NodeType;
import org.hl7.fhir.utilities.xhtml.XhtmlNode;
import org.hl7.fhir.utilities.xhtml.XhtmlParser;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The narrative check every resource gets, profiled or not: FHIR R4's narrative invariants on {@code text.div}
 * (of the resource, of each contained resource, and of each resource a stored Bundle carries), so that no markup a
 * browser would run (a {@code <script>}, an {@code <iframe>}, an {@code onclick} attribute, a {@code javascript:}
 * link) is stored for an EHR to render.
 * <ul>
 *   <li><b>txt-1</b>: only the basic HTML formatting elements and attributes of chapters 7-11 (except section 4 of
 *       chapter 9) and 12 of HTML 4.0, {@code <a>} (name or href), images and style attributes. The lists of
 *       allowed elements and attributes are the HL7 validator's own: the div is read by
 *       {@link XhtmlParser} of org.hl7.fhir.utilities with its {@code Reject} policy, which reports each element
 *       and attribute outside them (the same lists {@code XhtmlValidator} of org.hl7.fhir.validation applies to
 *       profiled resources).</li>
 *   <li>Links: the attributes that hold a URL ({@code href}, {@code src}, {@code cite}, {@code longdesc},
 *       {@code usemap}) are relative, or {@code http}, {@code https}, {@code mailto}, {@code tel} or {@code urn};
 *       an image may also be a {@code data:image/...} URL. Anything else ({@code javascript:}, {@code vbscript:},
 *       {@code data:text/html}) is refused: those lists allow {@code href} but do not look at its scheme. A
 *       style attribute may not run script (IE's {@code expression(...)}, a {@code javascript:} URL).</li>
 *   <li><b>txt-2</b>: the narrative has some non-whitespace content (text, or an image).</li>
 *   <li>The div is in the XHTML namespace. HAPI reads a JSON div without {@code xmlns} as XHTML, but keeps an XML
 *       {@code <div>} written without it in FHIR's namespace, and any other namespace as written.</li>
 * </ul>
 * It reads only the div, so it costs a small fraction of the instance validator. Thread-safe.
 */
final class NarrativeChecks {
	/** The message id of a refused narrative (behaviour never depends on a message's wording). */
	static final String MESSAGE_ID = "somaxis-narrative";

	/** The element-qualified attributes of the HTML 4.0 lists that hold a URL. */
	private static final Set<String> URL_ATTRIBUTES = Set.of(
			"a.href", "area.href", "img.src", "img.longdesc", "img.usemap", "blockquote.cite", "q.cite");
	private static final Set<String> SAFE_SCHEMES = Set.of("http", "https", "mailto", "tel", "urn");
	private static final Pattern SCHEME = Pattern.compile("^([a-z][a-z0-9+.-]*):");
	/** What a style attribute may not contain (after removing whitespace, lower case): ways CSS has run script. */
	private static final List<String> SCRIPT_IN_STYLE = List.of("expression(", "javascript:", "vbscript:", "behavior:", "-moz-binding");

	private static final String XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml";
	private static final DocumentBuilderFactory DOM = secureFactory();
	private static final ThreadLocal<DocumentBuilder> BUILDER = ThreadLocal.withInitial(NarrativeChecks::newBuilder);
	/**
	 * One parser per thread: building one fills its table of HTML entities, about 80 µs, against 3 µs to read a
	 * narrative with it, and every write of a resource with a narrative comes here.
	 */
	private static final ThreadLocal<XhtmlParser> PARSER = ThreadLocal.withInitial(() -> {
		XhtmlParser parser = new XhtmlParser();
		parser.setPolicy(XhtmlParser.ParserSecurityPolicy.Reject);
		return parser;
	});

	/** Checks the narratives of the resource and of what it carries; adds one error per problem. */
	void check(IBaseResource resource, List<SingleValidationMessage> messages) {
		if (!(resource instanceof Resource r4)) {
			return;
		}
		check(r4, r4.fhirType(), messages);
	}

	private void check(Resource resource, String path, List<SingleValidationMessage> messages) {
		if (resource instanceof DomainResource domain) {
			checkNarrative(domain.getText(), path + ".text.div", messages);
			int index = 0;
			for (Resource contained : domain.getContained()) {
				check(contained, path + ".contained[" + index++ + "]", messages);
			}
		} else if (resource instanceof Bundle bundle) {
			int index = 0;
			for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
				if (entry.hasResource()) {
					check(entry.getResource(), path + ".entry[" + index + "].resource", messages);
				}
				index++;
			}
		}
	}

	private void checkNarrative(Narrative narrative, String location, List<SingleValidationMessage> messages) {
		if (narrative == null || narrative.getDiv() == null || narrative.getDiv().getNodeType() == null) {
			return; // no narrative, or no div: the required-element check reports a narrative without div
		}
		String div = narrative.getDivAsString();
		if (div == null || div.isBlank()) {
			return; // an empty div is no div: the required-element check (or the instance validator) reports it
		}
		XhtmlParser parser = PARSER.get();
		parser.getValidationIssues().clear(); // the issues of this div only
		XhtmlNode allowed;
		Document document;
		try {
			document = BUILDER.get().parse(new InputSource(new StringReader(div)));
			allowed = parser.parseHtmlNode(document.getDocumentElement());
		} catch (SAXException | IOException | FHIRFormatError e) {
			messages.add(error(location, "the narrative is not well-formed XHTML (" + e.getMessage() + ")"));
			return;
		} finally {
			BUILDER.get().reset();
		}
		String namespace = document.getDocumentElement().getNamespaceURI();
		if (!XHTML_NAMESPACE.equals(namespace)) {
			// a JSON div without xmlns is read as XHTML; an XML <div> without it is in FHIR's namespace, stored as such
			messages.add(error(location, "the narrative's div is in " + (namespace == null ? "no namespace" : "the namespace " + namespace)
					+ ", not XHTML's (" + XHTML_NAMESPACE + "): a narrative is an XHTML div element"));
		}
		for (StringPair issue : parser.getValidationIssues()) {
			messages.add(error(location, describe(issue)));
		}
		checkLinksAndStyles(allowed, location, messages);
		if (!hasContent(allowed)) {
			messages.add(error(location, "the narrative has no content besides whitespace (FHIR R4 txt-2)"));
		}
	}

	private static String describe(StringPair issue) {
		String txt1 = " (FHIR R4 txt-1: only the basic HTML formatting elements and attributes are allowed in a narrative)";
		return switch (issue.getName()) {
			case "XHTML_XHTML_Element_Illegal" -> "element <" + issue.getValue() + "> is not allowed" + txt1;
			case "XHTML_XHTML_Attribute_Illegal" -> {
				String qualified = issue.getValue();
				int dot = qualified.indexOf('.');
				yield dot < 0 ? "attribute " + qualified + " is not allowed" + txt1
						: "attribute " + qualified.substring(dot + 1) + " on <" + qualified.substring(0, dot) + "> is not allowed" + txt1;
			}
			default -> issue.getName() + ": " + issue.getValue() + txt1;
		};
	}

	private static void checkLinksAndStyles(XhtmlNode node, String location, List<SingleValidationMessage> messages) {
		if (node.getNodeType() != NodeType.Element && node.getNodeType() != NodeType.Document) {
			return;
		}
		if (node.getNodeType() == NodeType.Element && node.getAttributes() != null) {
			node.getAttributes().forEach((name, value) -> {
				String qualified = node.getName() + "." + name;
				if (URL_ATTRIBUTES.contains(qualified) && !safeUrl(qualified, value)) {
					messages.add(error(location, "attribute " + name + " on <" + node.getName() + "> holds a URL with a scheme that is"
							+ " not allowed in a narrative (only relative, http, https, mailto, tel, urn; data:image/ for images)"));
				}
				if ("style".equals(name) && scriptInStyle(value)) {
					messages.add(error(location, "attribute style on <" + node.getName() + "> can run script"));
				}
			});
		}
		if (node.hasChildren()) {
			for (XhtmlNode child : node.getChildNodes()) {
				checkLinksAndStyles(child, location, messages);
			}
		}
	}

	static boolean safeUrl(String qualifiedAttribute, String value) {
		if (value == null) {
			return true;
		}
		// browsers ignore whitespace and control characters inside a scheme ("java\tscript:")
		String compact = value.codePoints()
				.filter(c -> c > 0x20)
				.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
				.toString()
				.toLowerCase(Locale.ROOT);
		Matcher scheme = SCHEME.matcher(compact);
		if (!scheme.find()) {
			return true; // relative: a path, a fragment, a query
		}
		if (SAFE_SCHEMES.contains(scheme.group(1))) {
			return true;
		}
		return "img.src".equals(qualifiedAttribute) && compact.startsWith("data:image/");
	}

	private static boolean scriptInStyle(String value) {
		if (value == null) {
			return false;
		}
		String compact = value.replaceAll("\\s", "").toLowerCase(Locale.ROOT);
		return SCRIPT_IN_STYLE.stream().anyMatch(compact::contains);
	}

	private static boolean hasContent(XhtmlNode node) {
		if (node.getNodeType() == NodeType.Text) {
			return node.getContent() != null && !node.getContent().isBlank();
		}
		if (node.getNodeType() == NodeType.Element && "img".equals(node.getName())) {
			return true;
		}
		return node.hasChildren() && node.getChildNodes().stream().anyMatch(NarrativeChecks::hasContent);
	}

	private static SingleValidationMessage error(String location, String text) {
		SingleValidationMessage message = new SingleValidationMessage();
		message.setSeverity(ResultSeverityEnum.ERROR);
		message.setLocationString(location);
		message.setMessageId(MESSAGE_ID);
		message.setMessage(location + ": " + text);
		return message;
	}

	/** A DOM parser that reads no DOCTYPE, entity or external resource (the div is untrusted input). */
	private static DocumentBuilderFactory secureFactory() {
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setNamespaceAware(true);
		factory.setXIncludeAware(false);
		factory.setExpandEntityReferences(false);
		try {
			factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
			factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
		} catch (ParserConfigurationException e) {
			throw new IllegalStateException("The XML parser cannot be made safe for narratives", e);
		}
		return factory;
	}

	private static DocumentBuilder newBuilder() {
		try {
			DocumentBuilder builder;
			synchronized (DOM) {
				builder = DOM.newDocumentBuilder();
			}
			builder.setErrorHandler(new DefaultHandler() {
				@Override
				public void fatalError(SAXParseException e) throws SAXException {
					throw e;
				}
			});
			return builder;
		} catch (ParserConfigurationException e) {
			throw new IllegalStateException("The XML parser cannot be made safe for narratives", e);
		}
	}
}
