package org.somaxis.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import ca.uhn.fhir.storage.interceptor.balp.IBalpAuditContextServices;
import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Function;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.Reference;

/**
 * The audit trail around HAPI's {@code BalpAuditCaptureInterceptor} (which records reads, searches and writes): this
 * class tells BALP who the caller is, and records what BALP does not: failed and refused requests (401, 403, 404...),
 * operations ({@code $evaluate}, {@code $export}, {@code $everything}) and CDS Hooks calls. See docs/security.md.
 */
@Interceptor
public final class AuditTrail implements IBalpAuditContextServices {
	private final AuditSink sink;
	private final Function<HttpServletRequest, AuditWho> who;

	/** @param who the caller of a request, from its verified token (open mode: always anonymous) */
	public AuditTrail(AuditSink sink, Function<HttpServletRequest, AuditWho> who) {
		this.sink = sink;
		this.who = who;
	}

	// BALP context

	@Override
	public Reference getAgentClientWho(RequestDetails request) {
		return AuditEvents.clientReference(who(request), getNetworkAddress(request));
	}

	@Override
	public Reference getAgentUserWho(RequestDetails request) {
		return AuditEvents.userReference(who(request));
	}

	// What BALP does not record

	@Hook(Pointcut.SERVER_HANDLE_EXCEPTION)
	public boolean failed(RequestDetails request, BaseServerResponseException exception) {
		HttpServletRequest servlet = servlet(request);
		String interaction = request.getRestOperationType() == null ? "unknown" : request.getRestOperationType().getCode();
		if (request.getOperation() != null) {
			interaction = request.getOperation();
		}
		sink.recordAuditEvent(AuditEvents.event(interaction, action(request.getRestOperationType()), who(request),
				getNetworkAddress(request), request.getFhirServerBase(), what(request), patient(request),
				exception.getStatusCode()));
		return true;
	}

	/**
	 * Operations; and any other request that ended normally without an AuditEvent from BALP, which records only what
	 * it shows or writes: a search or history with no match, a conditional create that matched an existing resource,
	 * a transaction of GET entries that found nothing. A query of patient data is audited whatever it found.
	 */
	@Hook(Pointcut.SERVER_PROCESSING_COMPLETED_NORMALLY)
	public void completed(RequestDetails request) {
		RestOperationTypeEnum type = request.getRestOperationType();
		if (type == RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE || type == RestOperationTypeEnum.EXTENDED_OPERATION_TYPE
				|| type == RestOperationTypeEnum.EXTENDED_OPERATION_SERVER) {
			sink.recordAuditEvent(AuditEvents.event(request.getOperation(), AuditEventAction.E, who(request),
					getNetworkAddress(request), request.getFhirServerBase(), what(request), patient(request), 200));
			return;
		}
		if (type == null || type == RestOperationTypeEnum.METADATA || RequestIdFilter.audited()) {
			return;
		}
		sink.recordAuditEvent(AuditEvents.event(type.getCode(), action(type), who(request), getNetworkAddress(request),
				request.getFhirServerBase(), what(request), patient(request), 200));
	}

	/** A request refused before it reached the FHIR server or a CDS service (no or bad token). */
	public void denied(HttpServletRequest request, int status) {
		sink.recordAuditEvent(AuditEvents.event("http-" + request.getMethod().toLowerCase(java.util.Locale.ROOT),
				AuditEventAction.E, who.apply(request), request.getRemoteAddr(), serverBase(request),
				request.getRequestURI(), null, status));
	}

	/** A CDS Hooks request: discovery, a service call or feedback; {@code client} is the verified client's issuer. */
	public void cdsCall(HttpServletRequest request, int status, String client) {
		AuditWho caller = client == null ? AuditWho.ANONYMOUS : new AuditWho(null, null, client);
		sink.recordAuditEvent(AuditEvents.event("cds-hooks", AuditEventAction.E, caller, request.getRemoteAddr(),
				serverBase(request), request.getRequestURI(), null, status));
	}

	private AuditWho who(RequestDetails request) {
		HttpServletRequest servlet = servlet(request);
		return servlet == null ? AuditWho.ANONYMOUS : who.apply(servlet);
	}

	private static HttpServletRequest servlet(RequestDetails request) {
		return request instanceof ServletRequestDetails details ? details.getServletRequest() : null;
	}

	private static String what(RequestDetails request) {
		if (request.getId() != null && request.getResourceName() != null) {
			return request.getResourceName() + "/" + request.getId().getIdPart();
		}
		return request.getResourceName();
	}

	private static String patient(RequestDetails request) {
		if ("Patient".equals(request.getResourceName()) && request.getId() != null && request.getId().hasIdPart()) {
			return request.getFhirServerBase() + "/Patient/" + request.getId().getIdPart();
		}
		return null;
	}

	private static AuditEventAction action(RestOperationTypeEnum type) {
		if (type == null) {
			return AuditEventAction.E;
		}
		return switch (type) {
			case CREATE -> AuditEventAction.C;
			case READ, VREAD, HISTORY_INSTANCE -> AuditEventAction.R;
			case UPDATE, PATCH -> AuditEventAction.U;
			case DELETE -> AuditEventAction.D;
			default -> AuditEventAction.E;
		};
	}

	private static String serverBase(HttpServletRequest request) {
		return request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort();
	}
}
