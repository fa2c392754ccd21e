package org.somaxis.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Demo data loaded at startup ({@code somaxis.demo.*}). On by default for the embedded H2 database,
 * off in the {@code postgres} profile.
 *
 * @param enabled load the demo bundles at startup
 * @param bundles classpath locations of transaction Bundles; every entry must be a conditional create
 */
@ConfigurationProperties(prefix = "somaxis.demo", ignoreUnknownFields = false)
public record DemoDataProperties(
		@DefaultValue("false") boolean enabled,
		@DefaultValue("classpath:demo/Bundle-demo-patients.json") java.util.List<String> bundles) {}
