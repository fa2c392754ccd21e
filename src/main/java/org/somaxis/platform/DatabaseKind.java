package org.somaxis.platform;

import ca.uhn.fhir.jpa.migrate.DriverTypeEnum;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirH2Dialect;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirPostgresDialect;
import java.util.Locale;

/** The databases Somaxis supports, recognised from the JDBC URL so that switching is one property. */
public enum DatabaseKind {
	H2("jdbc:h2:", HapiFhirH2Dialect.class.getName(), DriverTypeEnum.H2_EMBEDDED),
	POSTGRES("jdbc:postgresql:", HapiFhirPostgresDialect.class.getName(), DriverTypeEnum.POSTGRES_9_4);

	private final String urlPrefix;
	private final String hibernateDialect;
	private final DriverTypeEnum migrationDriver;

	DatabaseKind(String urlPrefix, String hibernateDialect, DriverTypeEnum migrationDriver) {
		this.urlPrefix = urlPrefix;
		this.hibernateDialect = hibernateDialect;
		this.migrationDriver = migrationDriver;
	}

	public static DatabaseKind fromJdbcUrl(String jdbcUrl) {
		String url = jdbcUrl == null ? "" : jdbcUrl.toLowerCase(Locale.ROOT);
		for (DatabaseKind kind : values()) {
			if (url.startsWith(kind.urlPrefix)) {
				return kind;
			}
		}
		// only the scheme: the rest of a URL may hold a password (?password=...), which must not reach the log
		String scheme = url.startsWith("jdbc:") && url.indexOf(':', 5) > 0 ? url.substring(0, url.indexOf(':', 5) + 1)
				: "not a jdbc: URL";
		throw new org.somaxis.settings.SettingException("spring.datasource.url", "unsupported database (" + scheme
				+ "): Somaxis runs on H2 (jdbc:h2:) or PostgreSQL (jdbc:postgresql:)", "Set a jdbc:h2: or jdbc:postgresql: URL.");
	}

	public String hibernateDialect() {
		return hibernateDialect;
	}

	public DriverTypeEnum migrationDriver() {
		return migrationDriver;
	}
}
