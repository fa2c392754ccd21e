package org.somaxis.audit;

import ca.uhn.fhir.storage.interceptor.balp.BalpConstants;
import java.util.Date;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * Builds the AuditEvents Somaxis writes itself, in the shape of IHE BALP (the same codes as HAPI's
 * {@code BalpAuditCaptureInterceptor}): denials, operations and CDS Hooks calls. Never a request or response body,
 * never a token.
 */
public final class AuditEvents {
	public static final String AGENT_IDENTIFIER_SYSTEM = "http://somaxis.org/fhir/sid/oauth-subject";
	public static final String CLIENT_IDENTIFIER_SYSTEM = "http://somaxis.org/fhir/sid/oauth-client";
	static final String CDS_HOOKS_SYSTEM = "http://somaxis.org/fhir/CodeSystem/audit-event-type";
	/** IHE BALP 1.1.3, CodeSystem BasicAuditEntityType: "transport specific unique identifier where http X-Request-Id is used". */
	public static final String BALP_ENTITY_TYPE_SYSTEM = "https://profiles.ihe.net/ITI/BALP/CodeSystem/BasicAuditEntityType";
	public static final String BALP_ENTITY_TYPE_REQUEST_ID = "XrequestId";

	private AuditEvents() {}

	/**
	 * @param interaction a FHIR restful interaction or operation ({@code read}, {@code $evaluate}, {@code cds-hook})
	 * @param what the resource or URL acted on; null when none
	 * @param patient the absolute URL of the patient whose data was touched ({@code [base]/Patient/id}), or null; absolute
	 *     so that an audit record never blocks deleting the patient (referential integrity applies to local references)
	 * @param status the HTTP status answered
	 */
	public static AuditEvent event(String interaction, AuditEventAction action, AuditWho who, String network,
			String server, String what, String patient, int status) {
		AuditEvent event = new AuditEvent();
		event.getType().setSystem(BalpConstants.CS_AUDIT_EVENT_TYPE).setCode("rest").setDisplay("Restful Operation");
		event.addSubtype(new Coding(BalpConstants.CS_RESTFUL_INTERACTION, interaction, interaction));
		event.setAction(action);
		event.setRecorded(new Date());
		event.setOutcome(status < 400 ? AuditEventOutcome._0 : status < 500 ? AuditEventOutcome._4 : AuditEventOutcome._8);
		if (status >= 400) {
			event.setOutcomeDesc("HTTP " + status);
		}
		event.getSource().getObserver().setDisplay(server);

		AuditEvent.AuditEventAgentComponent client = event.addAgent();
		client.getType().addCoding(new Coding("http://dicom.nema.org/resources/ontology/DCM", "110153", "Source Role ID"));
		client.setWho(clientReference(who, network));
		client.getNetwork().setAddress(network).setType(BalpConstants.AUDIT_EVENT_AGENT_NETWORK_TYPE_IP_ADDRESS);
		client.setRequestor(false);

		AuditEvent.AuditEventAgentComponent serverAgent = event.addAgent();
		serverAgent.getType().addCoding(new Coding("http://dicom.nema.org/resources/ontology/DCM", "110152", "Destination Role ID"));
		serverAgent.getWho().setDisplay(server);
		serverAgent.getNetwork().setAddress(server);
		serverAgent.setRequestor(false);

		AuditEvent.AuditEventAgentComponent user = event.addAgent();
		user.getType().addCoding(new Coding("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP",
				"information recipient"));
		user.setWho(userReference(who));
		if (who.fhirUser() != null) {
			user.setAltId(who.fhirUser());
		}
		user.setRequestor(true);

		if (what != null) {
			AuditEvent.AuditEventEntityComponent entity = event.addEntity();
			entity.getType().setSystem(BalpConstants.CS_AUDIT_ENTITY_TYPE)
					.setCode(BalpConstants.CS_AUDIT_ENTITY_TYPE_2_SYSTEM_OBJECT)
					.setDisplay(BalpConstants.CS_AUDIT_ENTITY_TYPE_2_SYSTEM_OBJECT_DISPLAY);
			entity.getRole().setSystem(BalpConstants.CS_OBJECT_ROLE)
					.setCode(BalpConstants.CS_OBJECT_ROLE_4_DOMAIN_RESOURCE)
					.setDisplay(BalpConstants.CS_OBJECT_ROLE_4_DOMAIN_RESOURCE_DISPLAY);
			entity.getWhat().setDisplay(what);
		}
		if (patient != null) {
			AuditEvent.AuditEventEntityComponent entity = event.addEntity();
			entity.getType().setSystem(BalpConstants.CS_AUDIT_ENTITY_TYPE)
					.setCode(BalpConstants.CS_AUDIT_ENTITY_TYPE_1_PERSON)
					.setDisplay(BalpConstants.CS_AUDIT_ENTITY_TYPE_1_PERSON_DISPLAY);
			entity.getRole().setSystem(BalpConstants.CS_OBJECT_ROLE)
					.setCode(BalpConstants.CS_OBJECT_ROLE_1_PATIENT)
					.setDisplay(BalpConstants.CS_OBJECT_ROLE_1_PATIENT_DISPLAY);
			entity.getWhat().setReference(patient);
		}
		return event;
	}

	/** Adds the BALP {@code transaction} entity naming the HTTP request ({@code X-Request-ID}), unless it has one. */
	static void addRequestId(AuditEvent event, String requestId) {
		for (AuditEvent.AuditEventEntityComponent entity : event.getEntity()) {
			if (BALP_ENTITY_TYPE_SYSTEM.equals(entity.getType().getSystem())
					&& BALP_ENTITY_TYPE_REQUEST_ID.equals(entity.getType().getCode())) {
				return;
			}
		}
		AuditEvent.AuditEventEntityComponent entity = event.addEntity();
		entity.getType().setSystem(BALP_ENTITY_TYPE_SYSTEM).setCode(BALP_ENTITY_TYPE_REQUEST_ID)
				.setDisplay("transport specific unique identifier where http X-Request-Id is used");
		entity.getWhat().getIdentifier().setValue(requestId);
	}

	static Reference clientReference(AuditWho who, String network) {
		Reference reference = new Reference();
		if (who.clientId() != null) {
			reference.setIdentifier(new Identifier().setSystem(CLIENT_IDENTIFIER_SYSTEM).setValue(who.clientId()));
		}
		reference.setDisplay(network);
		return reference;
	}

	static Reference userReference(AuditWho who) {
		Reference reference = new Reference();
		if (who.subject() != null) {
			reference.setIdentifier(new Identifier().setSystem(AGENT_IDENTIFIER_SYSTEM).setValue(who.subject()));
		}
		if (who.subject() == null && who.fhirUser() == null) {
			reference.setDisplay("anonymous (open mode)");
		}
		return reference;
	}
}
