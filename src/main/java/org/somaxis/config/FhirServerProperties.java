package org.somaxis.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the FHIR REST server ({@code somaxis.fhir.*}).
 *
 * @param defaultPageSize search page size when the client sends no {@code _count}
 * @param maxPageSize largest {@code _count} honoured
 * @param bundleBatchPoolSize threads that process the entries of one batch Bundle
 */
@ConfigurationProperties("somaxis.fhir")
public record FhirServerProperties(
		@DefaultValue("20") int defaultPageSize,
		@DefaultValue("200") int maxPageSize,
		@DefaultValue("4") int bundleBatchPoolSize) {}
