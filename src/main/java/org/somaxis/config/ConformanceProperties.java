package org.somaxis.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The conformance layer ({@code somaxis.conformance.*}).
 *
 * @param validateOnWrite validate every create, update and PATCH against the base spec and the Somaxis profiles
 *     (declared or inferred from codes), refusing errors with 422
 * @param installPackage install the Somaxis FHIR package into the database at startup when it changed
 */
@ConfigurationProperties("somaxis.conformance")
public record ConformanceProperties(
		@DefaultValue("true") boolean validateOnWrite,
		@DefaultValue("true") boolean installPackage) {}
