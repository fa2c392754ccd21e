package org.somaxis.config;

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
 */
@ConfigurationProperties("somaxis.fhir")
public record FhirServerProperties(
		@DefaultValue("20") int defaultPageSize,
		@DefaultValue("200") int maxPageSize,
		@DefaultValue("4") int bundleBatchPoolSize,
		@DefaultValue("5s") java.time.Duration jobMaintenanceInterval,
		@DefaultValue("10000") int maxBundleEntries) {}
