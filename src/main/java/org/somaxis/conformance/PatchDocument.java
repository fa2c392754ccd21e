package org.somaxis.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * The JSON Patch or XML Patch document that made a patched resource, to be applied again as HAPI applied it, so the
 * body checks read the result as the patch wrote it: before HAPI's parser read it back (an XML Patch's {@code .5}
 * stored as 0.5, a JSON Patch's quoted {@code "150"} coerced into a decimal).
 *
 * <p>It is a PATCH request's own body, or the {@code Binary} of a transaction or batch entry whose method is PATCH
 * (probe 78, P78-M1: such an entry's result was checked only as HAPI held it). That entry is the one whose URL names
 * the patched resource; when several could be (a conditional URL, two patches of one resource), the one whose result,
 * applied again, is the resource HAPI made.
 *
 * @param entryResource the Binary of the Bundle entry that carried the patch (a batch entry's answer is looked up by
 *     it), or null for a PATCH request's body
 */
record PatchDocument(Kind kind, byte[] body, IBaseResource entryResource) {
	private static final ObjectMapper JSON = JsonBodyChecks.TREES;

	enum Kind {
		JSON_PATCH, XML_PATCH;

		/** The kind a content type names ({@code application/json-patch+json}, {@code application/xml-patch+xml}). */
		static Optional<Kind> of(String contentType) {
			String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
			return type.contains("json-patch") ? Optional.of(JSON_PATCH)
					: type.contains("xml-patch") ? Optional.of(XML_PATCH) : Optional.empty();
		}
	}

	/**
	 * The patch that made {@code resource} of {@code before}; empty when it was no JSON or XML Patch (a FHIRPath Patch
	 * builds typed values), or when no entry's patch, applied again, makes it.
	 */
	static Optional<PatchDocument> of(FhirContext fhirContext, RequestDetails request, IBaseResource before,
			IBaseResource resource) {
		if (request == null || before == null) {
			return Optional.empty();
		}
		if (request.getRestOperationType() == RestOperationTypeEnum.PATCH) {
			return Kind.of(request.getHeader(Constants.HEADER_CONTENT_TYPE))
					.map(kind -> new PatchDocument(kind, request.loadRequestContents(), null));
		}
		if (!(ValidationReport.body(request) instanceof Bundle bundle)) {
			return Optional.empty();
		}
		String type = fhirContext.getResourceType(before);
		String id = before.getIdElement().getIdPart();
		List<Bundle.BundleEntryComponent> naming = bundle.getEntry().stream()
				.filter(entry -> entry.getRequest().getMethod() == Bundle.HTTPVerb.PATCH
						&& entry.getResource() instanceof Binary && mayName(entry.getRequest().getUrl(), type, id))
				.toList();
		List<PatchDocument> candidates =
				naming.stream().flatMap(entry -> of((Binary) entry.getResource()).stream()).toList();
		if (naming.size() == 1 && candidates.size() == 1 && !naming.get(0).getRequest().getUrl().contains("?")) {
			return Optional.of(candidates.get(0));
		}
		return candidates.stream().filter(candidate -> candidate.makes(fhirContext, before, resource)).findFirst();
	}

	private static Optional<PatchDocument> of(Binary binary) {
		return Kind.of(binary.getContentType()).map(kind -> new PatchDocument(kind, binary.getContent(), binary));
	}

	/** Whether an entry's URL may name the resource: its type and id, or its type and a search (a conditional patch). */
	private static boolean mayName(String url, String type, String id) {
		String path = url == null ? "" : url.startsWith("/") ? url.substring(1) : url;
		int query = path.indexOf('?');
		return query >= 0 ? path.substring(0, query).equals(type) : path.equals(type + "/" + id);
	}

	/** Whether this patch, applied to {@code before} and read back as HAPI reads it, is {@code resource} (meta aside). */
	private boolean makes(FhirContext fhirContext, IBaseResource before, IBaseResource resource) {
		String applied;
		IParser parser;
		try {
			if (kind == Kind.JSON_PATCH) {
				applied = JSON.writeValueAsString(jsonApplied(fhirContext, before));
				parser = fhirContext.newJsonParser();
			} else {
				applied = xmlApplied(fhirContext, before);
				parser = fhirContext.newXmlParser();
			}
			Resource made = (Resource) parser.parseResource(applied);
			return withoutMeta(made).equalsDeep(withoutMeta((Resource) resource));
		} catch (NotApplicable | IOException | DataFormatException another) {
			return false; // another entry's patch: it does not apply to this resource, or makes no resource of it
		}
	}

	private static Resource withoutMeta(Resource resource) {
		Resource copy = resource.copy();
		copy.setMeta(null);
		copy.setIdElement(null);
		return copy;
	}

	/** A JSON Patch's result as the patch wrote it, before HAPI's parser read it back; null for an XML Patch. */
	JsonNode jsonPatched(FhirContext fhirContext, IBaseResource before) {
		if (kind != Kind.JSON_PATCH) {
			return null;
		}
		try {
			return jsonApplied(fhirContext, before);
		} catch (NotApplicable e) {
			throw new IllegalStateException("a JSON Patch HAPI applied could not be applied again", e);
		}
	}

	/** An XML Patch's resulting document, as the patch wrote it; null for a JSON Patch. */
	String xmlPatched(FhirContext fhirContext, IBaseResource before) {
		if (kind != Kind.XML_PATCH) {
			return null;
		}
		try {
			return xmlApplied(fhirContext, before);
		} catch (NotApplicable e) {
			throw new IllegalStateException("an XML Patch HAPI applied could not be applied again", e);
		}
	}

	/** The same patch applied to the same encoding, as HAPI's {@code JsonPatchUtils} applies it. */
	private JsonNode jsonApplied(FhirContext fhirContext, IBaseResource before) throws NotApplicable {
		try {
			com.github.fge.jsonpatch.JsonPatch patch =
					com.github.fge.jsonpatch.JsonPatch.fromJson(JSON.readTree(new String(body, StandardCharsets.UTF_8)));
			return patch.apply(JSON.readTree(fhirContext.newJsonParser().encodeResourceToString(before)));
		} catch (IOException | com.github.fge.jsonpatch.JsonPatchException e) {
			throw new NotApplicable(e);
		}
	}

	/** The same patch applied to the same encoding, as HAPI's {@code XmlPatchUtils} applies it. */
	private String xmlApplied(FhirContext fhirContext, IBaseResource before) throws NotApplicable {
		ByteArrayOutputStream patched = new ByteArrayOutputStream();
		try {
			com.github.dnault.xmlpatch.Patcher.patch(new ByteArrayInputStream(
					fhirContext.newXmlParser().encodeResourceToString(before).getBytes(StandardCharsets.UTF_8)),
					new ByteArrayInputStream(body), patched);
		} catch (IOException | com.github.dnault.xmlpatch.PatchException e) {
			throw new NotApplicable(e);
		}
		return patched.toString(StandardCharsets.UTF_8);
	}

	/** The patch does not apply to the resource (a selector or path that matches nothing in it). */
	private static final class NotApplicable extends Exception {
		NotApplicable(Exception cause) {
			super(cause);
		}
	}
}
