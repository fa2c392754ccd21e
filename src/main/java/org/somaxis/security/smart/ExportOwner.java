package org.somaxis.security.smart;

import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Identifier;

/**
 * The client that started a bulk export. It is written into the job's parameters, and HAPI copies it into
 * {@code Binary.securityContext.identifier} of every export file; only that client may then poll or cancel the job
 * and read, change or delete its files. The client id of the token ({@code client_id}, else {@code azp}), or its
 * {@code sub} when it names no client.
 */
record ExportOwner(String system, String value) {
	static final String CLIENT = "http://somaxis.org/fhir/sid/oauth-client";
	static final String SUBJECT = "http://somaxis.org/fhir/sid/oauth-subject";

	/** The token's client, or its subject; empty when it names neither (such a token owns no export). */
	static Optional<ExportOwner> of(SmartAccess access) {
		if (access.clientId() != null && !access.clientId().isBlank()) {
			return Optional.of(new ExportOwner(CLIENT, access.clientId()));
		}
		if (access.subject() != null && !access.subject().isBlank()) {
			return Optional.of(new ExportOwner(SUBJECT, access.subject()));
		}
		return Optional.empty();
	}

	/** The owner a Binary names, when it is an export file (a security context identifier in one of our systems). */
	static Optional<ExportOwner> of(IBaseResource resource) {
		if (!(resource instanceof Binary binary) || !binary.hasSecurityContext()) {
			return Optional.empty();
		}
		Identifier identifier = binary.getSecurityContext().getIdentifier();
		if (!CLIENT.equals(identifier.getSystem()) && !SUBJECT.equals(identifier.getSystem())) {
			return Optional.empty();
		}
		return Optional.of(new ExportOwner(identifier.getSystem(), identifier.getValue()));
	}

	/**
	 * HAPI's extension on the {@code meta} of every bulk export file (its job's id), in HAPI 8.8's
	 * {@code ExpandResourceAndWriteBinaryStep}.
	 */
	static final String HAPI_EXPORT_JOB = "https://hapifhir.org/NamingSystem/bulk-export-job-id";

	/** Whether the resource is a bulk export file: a Binary naming its owner, or one HAPI marks with its export job. */
	static boolean isExportFile(IBaseResource resource) {
		return resource instanceof Binary binary && (of(binary).isPresent()
				|| binary.getMeta().getExtension().stream().anyMatch(extension -> HAPI_EXPORT_JOB.equals(extension.getUrl())));
	}

	/**
	 * True unless the resource is an export file of another client, or of none: a file written in open mode (no
	 * owner) holds data of every patient and is no client's once the server runs in smart mode.
	 */
	static boolean mayTouch(SmartAccess access, IBaseResource resource) {
		if (isExportFile(resource) && of(resource).isEmpty()) {
			return false;
		}
		return of(resource).map(owner -> of(access).filter(owner::equals).isPresent()).orElse(true);
	}
}
