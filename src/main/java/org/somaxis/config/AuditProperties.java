package org.somaxis.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The audit trail ({@code somaxis.audit.*}).
 *
 * @param enabled record AuditEvents at all
 * @param queueCapacity how many read/search/denial events may wait for the background writer; beyond, they are dropped
 *     and counted (write events never wait: each is stored right after its write commits, before the response)
 */
@ConfigurationProperties(prefix = "somaxis.audit", ignoreUnknownFields = false)
public record AuditProperties(@DefaultValue("true") boolean enabled, @DefaultValue("10000") int queueCapacity) {}
