package org.somaxis.config;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the FHIR REST server ({@code somaxis.fhir.*}).
 *
 * @param defaultPageSize search page size when the client sends no {@code _count}
 * @param maxPageSize largest {@code _count} honoured
 * @param bundleBatchPoolSize threads that process the entries of one batch Bundle
 * @param jobMaintenanceInterval how often Batch2 jobs (bulk export) advance between steps; HAPI's default
 *     of one minute makes a small {@code $export} take several minutes
 * @param maxBundleEntries transaction and batch Bundles with more entries are refused with 413 by the request guard,
 *     before the Bundle is parsed: a 10,001-entry transaction would otherwise hold a database transaction for minutes
 * @param clientIds which ids a client may choose with PUT: {@code any} valid FHIR id, numeric ones too (EHRs that
 *     number their resources export {@code Encounter/1036}), in which case the server assigns UUIDs; or
 *     {@code alphanumeric}, HAPI's default, which keeps purely numeric ids for the server's own sequence
 * @param allowedOrigins CORS origins of browser apps (SMART apps) that call the FHIR endpoint; empty (the default) =
 *     no CORS, so a web page in a user's browser cannot read this server's answers; {@code *} = any origin
 * @param reuseSearchResults how long HAPI may answer a repeated search from an earlier one's stored results (which
 *     misses writes made since); 0 (the default) = every search reads the current data
 */
@ConfigurationProperties(prefix = "somaxis.fhir", ignoreUnknownFields = false)
public record FhirServerProperties(
		@DefaultValue("20") int defaultPageSize,
		@DefaultValue("200") int maxPageSize,
		@DefaultValue("4") int bundleBatchPoolSize,
		@DefaultValue("5s") java.time.Duration jobMaintenanceInterval,
		@DefaultValue("10000") int maxBundleEntries,
		@DefaultValue("any") ClientIds clientIds,
		@DefaultValue List<String> allowedOrigins,
		@DefaultValue("0s") java.time.Duration reuseSearchResults) {

	/** The ids a client may assign; see {@link FhirServerProperties#clientIds()}. */
	public enum ClientIds {
		/** Any valid FHIR id; the server assigns UUIDs, so a numeric client id never meets a server-assigned one. */
		ANY,
		/** Ids with at least one non-digit; the server assigns sequential numbers (HAPI's default). */
		ALPHANUMERIC
	}
}
