package org.somaxis.audit;

/**
 * Who made a request, as the audit trail records it: the token's {@code sub}, {@code fhirUser} and client, or
 * {@link #ANONYMOUS} in open mode. Never the token itself.
 */
public record AuditWho(String subject, String fhirUser, String clientId) {
	public static final AuditWho ANONYMOUS = new AuditWho(null, null, null);
}
