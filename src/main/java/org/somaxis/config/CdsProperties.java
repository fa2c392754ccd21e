package org.somaxis.config;

import java.time.Duration;
import java.util.List;
import org.somaxis.security.cds.TrustedCdsClient;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * CDS Hooks settings ({@code somaxis.cds.*}).
 *
 * @param allowedFhirServers remote FHIR bases the services may query with the client's token; empty = none
 * @param selfFhirServers further bases that mean "this server" (e.g. the public URL behind a proxy); the base the
 *     request arrived on always counts
 * @param allowedOrigins CORS origins for browser clients ("*" = any; credentials are never allowed)
 * @param remoteTimeout connect and read timeout for remote prefetch queries
 * @param feedbackRetention how long issued cards and feedback rows are kept (0 = forever)
 * @param trustedClients the CDS clients whose JWTs are accepted ({@code trusted-clients[n].issuer}, {@code .jwk-set-uri},
 *     optional {@code .tenant} and {@code .allowed-jku}); required in smart mode, verified when present in open mode
 * @param replayCacheSize how many client JWT ids are remembered against replay
 */
@ConfigurationProperties(prefix = "somaxis.cds", ignoreUnknownFields = false)
public record CdsProperties(
		@DefaultValue List<String> allowedFhirServers,
		@DefaultValue List<String> selfFhirServers,
		@DefaultValue("*") List<String> allowedOrigins,
		@DefaultValue("5s") Duration remoteTimeout,
		@DefaultValue("365d") Duration feedbackRetention,
		@DefaultValue List<TrustedCdsClient> trustedClients,
		@DefaultValue("100000") int replayCacheSize) {}
