package org.somaxis.config;

import java.net.URI;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call the server ({@code somaxis.security.*}); see docs/security.md.
 *
 * @param mode {@code open}: no authentication, bound to loopback unless {@code server.address} is set; {@code smart}:
 *     SMART on FHIR access tokens on /fhir, verified CDS client JWTs on /cds-services
 * @param patientClaim the access-token claim that names the patient in context
 * @param auditAdminScope a further scope that may read AuditEvents (besides {@code system/AuditEvent.rs}); empty = none
 * @param authorizationEndpoint the authorization server's authorize URL, published in smart-configuration
 * @param tokenEndpoint the authorization server's token URL, published in smart-configuration
 * @param capabilities the SMART capabilities published in smart-configuration
 */
@ConfigurationProperties(prefix = "somaxis.security", ignoreUnknownFields = false)
public record SecurityProperties(
		@DefaultValue("open") Mode mode,
		@DefaultValue("patient") String patientClaim,
		@DefaultValue("") String auditAdminScope,
		URI authorizationEndpoint,
		URI tokenEndpoint,
		@DefaultValue({"launch-standalone", "launch-ehr", "client-public", "client-confidential-symmetric",
				"client-confidential-asymmetric", "context-standalone-patient", "context-ehr-patient",
				"permission-patient", "permission-user", "permission-v1", "permission-v2"})
				List<String> capabilities) {

	public enum Mode {
		OPEN, SMART
	}
}
