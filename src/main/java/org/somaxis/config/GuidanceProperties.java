package org.somaxis.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Guidance settings ({@code somaxis.guidance.*}).
 *
 * @param jurisdiction regulatory jurisdiction for {@code regulatory-status} (e.g. US, CN); empty = the knowledge
 *     data's default (knowledge/settings.yaml)
 * @param terminologyDir a folder of extra FHIR ValueSet/CodeSystem JSON files merged into the concept groups at
 *     startup (a ValueSet whose url is a group's canonical adds its codes to that group); empty = none. See
 *     docs/terminology.md.
 */
@ConfigurationProperties(prefix = "somaxis.guidance", ignoreUnknownFields = false)
public record GuidanceProperties(String jurisdiction, Path terminologyDir) {}
