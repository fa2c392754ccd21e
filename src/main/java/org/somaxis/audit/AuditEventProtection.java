package org.somaxis.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CapabilityStatement;

/**
 * No client may create, update or delete an AuditEvent, in either security mode, also not inside a transaction, nor
 * change its tags, security labels or profiles ({@code $meta-add}, {@code $meta-delete}, which HAPI applies without a
 * write of the resource). Only the server writes them ({@link AuditSink}, whose writes do not pass through the REST
 * server's interceptors).
 */
@Interceptor
public final class AuditEventProtection {
	private static final String AUDIT_EVENT = "AuditEvent";
	private static final Set<CapabilityStatement.TypeRestfulInteraction> WRITES = Set.of(
			CapabilityStatement.TypeRestfulInteraction.CREATE, CapabilityStatement.TypeRestfulInteraction.UPDATE,
			CapabilityStatement.TypeRestfulInteraction.PATCH, CapabilityStatement.TypeRestfulInteraction.DELETE);

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
	public boolean metaChange(RequestDetails request) {
		if (AUDIT_EVENT.equals(request.getResourceName())
				&& ("$meta-add".equals(request.getOperation()) || "$meta-delete".equals(request.getOperation()))) {
			throw new ForbiddenOperationException("AuditEvents are written by the server only");
		}
		return true;
	}

	/** The CapabilityStatement lists what a client may do with AuditEvents: read and search. */
	@Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
	public void readOnlyInTheCapabilityStatement(IBaseConformance capabilityStatement) {
		if (capabilityStatement instanceof CapabilityStatement statement) {
			statement.getRest().forEach(rest -> rest.getResource().stream()
					.filter(resource -> AUDIT_EVENT.equals(resource.getType()))
					.forEach(resource -> {
						resource.getInteraction().removeIf(interaction -> WRITES.contains(interaction.getCode()));
						resource.getOperation().removeIf(operation -> operation.getName().startsWith("meta-"));
						resource.setConditionalCreate(false).setConditionalUpdate(false)
								.setConditionalDelete(CapabilityStatement.ConditionalDeleteStatus.NOTSUPPORTED);
					}));
		}
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void created(IBaseResource resource) {
		refuseAuditEvent(resource);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void updated(IBaseResource oldResource, IBaseResource newResource) {
		refuseAuditEvent(oldResource);
		refuseAuditEvent(newResource);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
	public void deleted(IBaseResource resource) {
		refuseAuditEvent(resource);
	}

	private static void refuseAuditEvent(IBaseResource resource) {
		if (resource != null && AUDIT_EVENT.equals(resource.fhirType())) {
			throw new ForbiddenOperationException("AuditEvents are written by the server only");
		}
	}
}
