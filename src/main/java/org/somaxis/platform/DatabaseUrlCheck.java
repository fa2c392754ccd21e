package org.somaxis.platform;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * An unsupported {@code spring.datasource.url} stops the start naming the setting ({@link DatabaseKind#fromJdbcUrl}),
 * before any bean exists: the connection pool otherwise tries first to load a driver Somaxis does not carry, and a MySQL
 * URL ended in a stack trace about its driver class. Registered in META-INF/spring.factories.
 */
public final class DatabaseUrlCheck implements EnvironmentPostProcessor {
	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String url = environment.getProperty("spring.datasource.url");
		if (url != null && !url.isBlank()) {
			DatabaseKind.fromJdbcUrl(url);
		}
	}
}
