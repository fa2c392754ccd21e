package org.somaxis.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.util.XmlUtil;
import ca.uhn.fhir.validation.SingleValidationMessage;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.TreeMap;
import javax.xml.transform.TransformerException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Ties what is wrong in a batch or transaction Bundle to its entries.
 * <ul>
 *   <li>A transaction is refused whole with one OperationOutcome, so a location such as {@code Observation.code}
 *       alone leaves the sender to guess which of its thousands of entries is meant; the location is rewritten from
 *       the Bundle's root, {@code Bundle.entry[12].resource.ofType(Observation).code}, as the FHIR validator writes
 *       it. Batch entries keep locations relative to their resource: each has its own outcome in its own response
 *       entry.</li>
 *   <li>The parse checks ({@link ParseChecks}) see the whole body and report no entry: HAPI's parser gives only the
 *       parent element's name. When they find problems in a batch or transaction, each entry's resource is parsed
 *       again on its own ({@link #parseProblems}, {@link #parseProblemsOfXml}), so that a transaction names the
 *       entries and a batch refuses only the entries that have them. This costs a second parse, on refused requests
 *       only.</li>
 * </ul>
 */
final class BundleEntries {
	/** The key of what is outside every entry's resource (in the Bundle itself), among problems keyed by entry index. */
	static final int OUTSIDE_ENTRIES = -1;

	private BundleEntries() {}

	/**
	 * The parse problems of a JSON Bundle body (its tree as read), by the index of the entry whose resource has them,
	 * each once; problems of the Bundle itself (outside every entry's resource) come under {@link #OUTSIDE_ENTRIES}, and
	 * so do all of them when the body is null or not a Bundle with entries.
	 */
	static Map<Integer, List<SingleValidationMessage>> parseProblems(FhirContext fhirContext, JsonNode body,
			List<SingleValidationMessage> problems) {
		JsonNode entries = body == null ? null : body.path("entry");
		if (entries == null || !entries.isArray()) {
			return outside(problems);
		}
		List<String> resources = new ArrayList<>();
		for (JsonNode entry : entries) {
			JsonNode resource = entry.path("resource");
			resources.add(resource.isObject() ? resource.toString() : null);
		}
		return byEntry(fhirContext.newJsonParser(), resources, problems);
	}

	/**
	 * The same for an XML Bundle body: each entry's resource element is written out on its own and parsed again. All
	 * problems stay outside the entries when the body's entries cannot be told apart so (not {@code entryCount} of
	 * them, or a resource that does not stand alone), so that no problem is ever tied to the wrong entry.
	 */
	static Map<Integer, List<SingleValidationMessage>> parseProblemsOfXml(FhirContext fhirContext, String body,
			int entryCount, List<SingleValidationMessage> problems) {
		List<String> resources = new ArrayList<>();
		try {
			Element bundle = XmlUtil.parseDocument(body).getDocumentElement();
			if (!"Bundle".equals(localName(bundle))) {
				return outside(problems);
			}
			for (Element entry : children(bundle, "entry")) {
				List<Element> holders = children(entry, "resource");
				List<Element> resource = holders.isEmpty() ? List.of() : children(holders.get(0), null);
				resources.add(resource.isEmpty() ? null : XmlUtil.encodeDocument(resource.get(0)));
			}
		} catch (IOException | SAXException | TransformerException unread) {
			return outside(problems); // HAPI's parser read it, so this does not happen; if it did, nothing is placed
		}
		return resources.size() == entryCount ? byEntry(fhirContext.newXmlParser(), resources, problems) : outside(problems);
	}

	/** Each entry's resource (null for none) parsed again on its own, its problems tied to its index. */
	private static Map<Integer, List<SingleValidationMessage>> byEntry(IParser parser, List<String> resources,
			List<SingleValidationMessage> problems) {
		Map<Integer, List<SingleValidationMessage>> byEntry = new TreeMap<>();
		List<SingleValidationMessage> unplaced = new ArrayList<>(problems);
		for (int i = 0; i < resources.size(); i++) {
			if (resources.get(i) == null) {
				continue;
			}
			ParseChecks.startReadingPastUnreadableValues();
			try {
				parser.parseResource(resources.get(i));
			} catch (DataFormatException refusedByTheParser) {
				// the whole body parsed, so this one should too; what it found until then is still placed
			}
			List<SingleValidationMessage> own = ParseChecks.stop();
			if (!own.isEmpty()) {
				byEntry.put(i, own);
				own.forEach(problem -> removeOne(unplaced, problem));
			}
		}
		if (!unplaced.isEmpty()) {
			byEntry.put(OUTSIDE_ENTRIES, unplaced);
		}
		return byEntry;
	}

	private static Map<Integer, List<SingleValidationMessage>> outside(List<SingleValidationMessage> problems) {
		return problems.isEmpty() ? Map.of() : Map.of(OUTSIDE_ENTRIES, problems);
	}

	/** The element children of an element, those of the given local name (any, for null), in order. */
	private static List<Element> children(Element parent, String name) {
		List<Element> children = new ArrayList<>();
		for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
			if (child instanceof Element element && (name == null || name.equals(localName(element)))) {
				children.add(element);
			}
		}
		return children;
	}

	private static String localName(Element element) {
		return element.getLocalName() != null ? element.getLocalName() : element.getTagName().replaceFirst("^.*:", "");
	}

	private static void removeOne(List<SingleValidationMessage> problems, SingleValidationMessage problem) {
		for (int i = 0; i < problems.size(); i++) {
			SingleValidationMessage candidate = problems.get(i);
			if (Objects.equals(candidate.getMessage(), problem.getMessage())
					&& Objects.equals(candidate.getLocationString(), problem.getLocationString())) {
				problems.remove(i);
				return;
			}
		}
	}

	/** The position of this resource (the object itself) among the entries of the transaction Bundle it came in. */
	static OptionalInt indexOf(RequestDetails request, IBaseResource resource) {
		if (!(ValidationReport.body(request) instanceof Bundle bundle)
				|| bundle.getType() != Bundle.BundleType.TRANSACTION) {
			return OptionalInt.empty();
		}
		List<Bundle.BundleEntryComponent> entries = bundle.getEntry();
		for (int i = 0; i < entries.size(); i++) {
			if (entries.get(i).getResource() == resource) {
				return OptionalInt.of(i);
			}
		}
		return OptionalInt.empty();
	}

	/** The messages, each located from the Bundle's root at the given entry. */
	static List<SingleValidationMessage> located(List<SingleValidationMessage> messages, int index, String resourceType) {
		return messages.stream()
				.map(message -> TypedMessage.relocated(message, fromRoot(index, resourceType, message.getLocationString())))
				.toList();
	}

	/** A location inside the resource of entry {@code index} (of that type), written from the Bundle's root. */
	static String fromRoot(int index, String resourceType, String location) {
		String root = "Bundle.entry[" + index + "].resource.ofType(" + resourceType + ")";
		if (location == null || location.isEmpty() || location.equals(resourceType)) {
			return root;
		}
		if (location.startsWith(resourceType + ".")) {
			return root + location.substring(resourceType.length());
		}
		return root + " " + location;
	}
}
