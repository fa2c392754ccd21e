package org.somaxis.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Guidance settings ({@code somaxis.guidance.*}).
 *
 * @param jurisdiction regulatory jurisdiction for {@code regulatory-status} (e.g. US, CN); empty = the knowledge
 *     data's default (knowledge/settings.yaml)
 */
@ConfigurationProperties("somaxis.guidance")
public record GuidanceProperties(String jurisdiction) {}
