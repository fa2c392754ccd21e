package org.somaxis.conformance;

import ca.uhn.fhir.context.FhirContext;
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
import org.hl7.fhir.r4.model.DecimalType;

/**
 * The JSON Patch or XML Patch document that made a patched resource, to be applied again as HAPI applied it, so the
 * body checks read the result as the patch wrote it: before HAPI's parser read it back (an XML Patch's {@code .5}
 * stored as 0.5, a JSON Patch's quoted {@code "150"} coerced into a decimal).
 *
 * <p>It is the document the DAO applied ({@link PatchesBeingApplied}): a PATCH request's own body, or
 * the {@code Binary} of a transaction or batch entry whose method is PATCH (probe 78, P78-M1: such an entry's result was
 * checked only as HAPI held it).
 *
 * @param entryResource the Binary of the Bundle entry that carried the patch (a batch entry's answer is looked up by
 *     it), or null for a PATCH request's body
 */
record PatchDocument(Kind kind, byte[] body, IBaseResource entryResource) {
	private static final ObjectMapper JSON = JsonBodyChecks.TREES;
	/**
	 * The JSON Patch library's reader of patches, with decimals that keep their digits: its own reading (as HAPI's)
	 * made the 3.50 a patch writes 3.5.
	 */
	private static final com.github.fge.jsonpatch.JsonPatchFactory PATCHES = new com.github.fge.jsonpatch.JsonPatchFactory(
			JSON.copy().registerModule(new com.github.fge.jsonpatch.JsonPatchModule()));

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
	 * The JSON or XML Patch that made {@code resource} of {@code before}; empty when no patch did, and for a FHIRPath
	 * Patch, which builds typed values.
	 */
	static Optional<PatchDocument> of(RequestDetails request, IBaseResource before, IBaseResource resource) {
		PatchesBeingApplied.Applying applying = PatchesBeingApplied.of(request, resource);
		if (applying == null || applying.document() == null || before == null) {
			return Optional.empty();
		}
		Kind kind = switch (applying.type()) {
			case JSON_PATCH -> Kind.JSON_PATCH;
			case XML_PATCH -> Kind.XML_PATCH;
			default -> null;
		};
		return Optional.ofNullable(kind).map(patch -> new PatchDocument(patch,
				applying.document().getBytes(StandardCharsets.UTF_8), entryResource(request, applying, patch)));
	}

	/**
	 * The Binary of the request Bundle's PATCH entry that carries this document; of two that carry the same one, the one
	 * whose URL names what the DAO patches. Null outside a Bundle.
	 */
	private static IBaseResource entryResource(RequestDetails request, PatchesBeingApplied.Applying applying, Kind kind) {
		if (!(ValidationReport.body(request) instanceof Bundle bundle)) {
			return null;
		}
		List<Bundle.BundleEntryComponent> carrying = bundle.getEntry().stream()
				.filter(entry -> entry.getRequest().getMethod() == Bundle.HTTPVerb.PATCH
						&& entry.getResource() instanceof Binary binary && Kind.of(binary.getContentType()).equals(Optional.of(kind))
						&& binary.getContent() != null
						&& new String(binary.getContent(), StandardCharsets.UTF_8).equals(applying.document()))
				.toList();
		return carrying.stream()
				.filter(entry -> names(entry.getRequest().getUrl(), applying))
				.findFirst()
				.or(() -> carrying.stream().findFirst())
				.map(Bundle.BundleEntryComponent::getResource)
				.orElse(null);
	}

	/** Whether an entry's URL is the conditional URL the DAO was given, or names its resource's type and id. */
	private static boolean names(String url, PatchesBeingApplied.Applying applying) {
		if (url == null) {
			return false;
		}
		if (url.equals(applying.conditionalUrl())) {
			return true;
		}
		String path = url.split("\\?", 2)[0];
		return applying.id() != null && applying.id().hasIdPart()
				&& path.endsWith(applying.id().getResourceType() + "/" + applying.id().getIdPart());
	}

	/** A JSON Patch's result as the patch wrote it, before HAPI's parser read it back; null for an XML Patch. */
	JsonNode jsonPatched(FhirContext fhirContext, IBaseResource before) {
		if (kind != Kind.JSON_PATCH) {
			return null;
		}
		try {
			com.github.fge.jsonpatch.JsonPatch patch = PATCHES.fromJson(JSON.readTree(body));
			return patch.apply(JSON.readTree(fhirContext.newJsonParser().encodeResourceToString(before)));
		} catch (IOException | com.github.fge.jsonpatch.JsonPatchException e) {
			// HAPI has just applied this very patch to this very resource, as its JsonPatchUtils applies it
			throw new IllegalStateException("a JSON Patch HAPI applied could not be applied again", e);
		}
	}

	/**
	 * Gives the decimals of a JSON Patch's result back the digits they were written with. HAPI's {@code JsonPatchUtils}
	 * reads the resource and the patch as doubles, so a JSON Patch wrote 3.50 as 3.5 and 1.23456789012345678 as
	 * 1.2345678901234567, and every other decimal of the resource lost its trailing zeros the same way, where a PUT, an
	 * XML Patch and a FHIRPath Patch keep them (probe 79, P79-M5; R4's decimal keeps its precision). Each decimal of
	 * HAPI's result takes the value of the same decimal in the result as written, when that is what a double made of it.
	 */
	void keepDecimalsAsWritten(FhirContext fhirContext, IBaseResource before, IBaseResource resource) {
		if (kind != Kind.JSON_PATCH) {
			return;
		}
		IBaseResource written;
		try {
			written = fhirContext.newJsonParser()
					.setParserErrorHandler(new ca.uhn.fhir.parser.LenientErrorHandler(false))
					.parseResource(resource.getClass(), JSON.writeValueAsString(jsonPatched(fhirContext, before)));
		} catch (IOException | ca.uhn.fhir.parser.DataFormatException unread) {
			return; // HAPI's own parse of the same result stands; the checks before this one passed it
		}
		ca.uhn.fhir.util.FhirTerser terser = fhirContext.newTerser();
		List<DecimalType> held = terser.getAllPopulatedChildElementsOfType(resource, DecimalType.class);
		List<DecimalType> asWritten = terser.getAllPopulatedChildElementsOfType(written, DecimalType.class);
		if (held.size() != asWritten.size()) {
			return;
		}
		for (int i = 0; i < held.size(); i++) {
			java.math.BigDecimal exact = asWritten.get(i).getValue();
			java.math.BigDecimal read = held.get(i).getValue();
			if (exact != null && read != null && exact.doubleValue() == read.doubleValue()) {
				held.get(i).setValueAsString(asWritten.get(i).getValueAsString());
			}
		}
	}

	/** An XML Patch's resulting document, as the patch wrote it; null for a JSON Patch. */
	String xmlPatched(FhirContext fhirContext, IBaseResource before) {
		if (kind != Kind.XML_PATCH) {
			return null;
		}
		ByteArrayOutputStream patched = new ByteArrayOutputStream();
		try {
			com.github.dnault.xmlpatch.Patcher.patch(new ByteArrayInputStream(
					fhirContext.newXmlParser().encodeResourceToString(before).getBytes(StandardCharsets.UTF_8)),
					new ByteArrayInputStream(body), patched);
		} catch (IOException e) {
			// HAPI has just applied this very patch to this very resource, as its XmlPatchUtils applies it
			throw new IllegalStateException("an XML Patch HAPI applied could not be applied again", e);
		}
		return patched.toString(StandardCharsets.UTF_8);
	}
}
