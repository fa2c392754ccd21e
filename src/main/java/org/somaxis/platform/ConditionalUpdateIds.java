package org.somaxis.platform;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.somaxis.fhir.OperationOutcomes;

/**
 * A conditional update ({@code PUT Patient?identifier=...}) whose body names a resource id other than the one its
 * criteria found: 400, as R4 specifies (http.html#cond-update, "One Match, resource id provided but does not match
 * resource found"). HAPI dropped the body's id and updated the match, a record the client did not mean; the same
 * entry in a transaction was already refused (probe 48, S-M2). One whose body names an id and that finds no match is
 * refused with 400 too: R4 makes it an update as create under that id, but HAPI's REST layer drops the body's id before
 * storage and created the resource under an id of its own, so that an interface engine's retry of the same request found
 * it and was refused for the id (probe 49, R49-M3). The client can send {@code PUT [type]/[id]} (update as create) or
 * leave the id out.
 */
@Interceptor
public final class ConditionalUpdateIds {
	private final FhirContext fhirContext;

	public ConditionalUpdateIds(FhirContext fhirContext) {
		this.fhirContext = fhirContext;
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void bodyIdNamesTheMatch(IBaseResource previous, RequestDetails request) {
		String sent = conditionalUpdateBodyId(request);
		if (previous == null) {
			return; // HAPI gives no previous version for a resource created earlier in the same transaction (probe 52)
		}
		String found = previous.getIdElement().getIdPart();
		if (sent != null && !sent.equals(found)) {
			String message = "The conditional update found " + previous.getIdElement().getResourceType() + "/" + found
					+ ", but its body names the id " + shown(sent) + ": send the matching resource's id, or none";
			throw new InvalidRequestException(message, OperationOutcomes.error(IssueType.INVALID, message,
					previous.getIdElement().getResourceType() + ".id"));
		}
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void noMatchWithABodyId(IBaseResource created, RequestDetails request) {
		String sent = conditionalUpdateBodyId(request);
		if (sent != null) {
			String type = fhirContext.getResourceType(created);
			String message = "The conditional update found no " + type + ", and this server cannot create one under the id"
					+ " its body names (" + shown(sent) + "): send PUT " + type + "/" + shown(sent)
					+ " to create it under that id, or leave the id out";
			throw new InvalidRequestException(message, OperationOutcomes.error(IssueType.NOTSUPPORTED, message,
					type + ".id"));
		}
	}

	/** The id the body of a conditional update gives its resource; null for any other request, or without one. */
	private String conditionalUpdateBodyId(RequestDetails request) {
		if (request == null || request.getRestOperationType() != RestOperationTypeEnum.UPDATE
				|| request.getConditionalUrl(RestOperationTypeEnum.UPDATE) == null) {
			return null;
		}
		return bodyId(request);
	}

	/** An id as FHIR writes them in full; anything else shortened to printable characters. */
	private static String shown(String id) {
		return id.matches("[A-Za-z0-9\\-.]{1,64}") ? id : IfMatch.printable(id);
	}

	/** The id the request's body gives its resource, or null (none, or a body that is no FHIR resource). */
	private String bodyId(RequestDetails request) {
		byte[] body = request.loadRequestContents();
		if (body == null || body.length == 0) {
			return null;
		}
		String text = new String(body, StandardCharsets.UTF_8);
		IParser parser = text.stripLeading().startsWith("<") ? fhirContext.newXmlParser() : fhirContext.newJsonParser();
		try {
			IBaseResource resource = parser.parseResource(text);
			return resource.getIdElement().hasIdPart() ? resource.getIdElement().getIdPart() : null;
		} catch (DataFormatException unreadable) {
			return null; // HAPI has read it already; a body it could not read never reaches storage
		}
	}
}
