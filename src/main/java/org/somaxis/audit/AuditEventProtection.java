package org.somaxis.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * No client may create, update or delete an AuditEvent, in either security mode, also not inside a transaction, nor
 * change its tags, security labels or profiles ({@code $meta-add}, {@code $meta-delete}, which HAPI applies without a
 * write of the resource). Only the server writes them ({@link AuditSink}, whose writes do not pass through the REST
 * server's interceptors).
 */
@Interceptor
public final class AuditEventProtection {
	private static final String AUDIT_EVENT = "AuditEvent";

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
	public boolean metaChange(RequestDetails request) {
		if (AUDIT_EVENT.equals(request.getResourceName())
				&& ("$meta-add".equals(request.getOperation()) || "$meta-delete".equals(request.getOperation()))) {
			throw new ForbiddenOperationException("AuditEvents are written by the server only");
		}
		return true;
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
