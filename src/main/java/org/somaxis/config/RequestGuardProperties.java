package org.somaxis.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits the request guard enforces before any body reaches a parser ({@code somaxis.guard.*}).
 *
 * @param maxBodySize larger bodies are refused with 413
 * @param maxNumberExponent numbers (JSON, XML, numbers written as strings, search parameters) whose decimal exponent
 *     is larger in magnitude are refused with 400
 * @param maxNestingDepth JSON or XML nested deeper is refused with 400
 */
@ConfigurationProperties(prefix = "somaxis.guard", ignoreUnknownFields = false)
public record RequestGuardProperties(
		@DefaultValue("20MB") DataSize maxBodySize,
		@DefaultValue("1000") int maxNumberExponent,
		@DefaultValue("100") int maxNestingDepth) {}
