package org.somaxis.config;

import java.util.List;
import org.somaxis.conformance.UnknownProfilePolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The conformance layer ({@code somaxis.conformance.*}).
 *
 * @param validateOnWrite validate every create, update and PATCH (docs/conformance.md has the policy), refusing
 *     errors with 422
 * @param installPackage install the Somaxis FHIR package (and the {@code packages}) into the database at startup
 *     when it changed
 * @param unknownProfile what a profile in {@code meta.profile} that the server does not hold gives: nothing, a
 *     warning on the response, or a refusal
 * @param packages further FHIR NPM packages ({@code .tgz} files, or folders of them) whose profiles are held and
 *     enforced like ours
 */
@ConfigurationProperties(prefix = "somaxis.conformance", ignoreUnknownFields = false)
public record ConformanceProperties(
		@DefaultValue("true") boolean validateOnWrite,
		@DefaultValue("true") boolean installPackage,
		@DefaultValue("warn") UnknownProfilePolicy unknownProfile,
		@DefaultValue List<String> packages) {}
