package org.somaxis.cdshooks;

import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.somaxis.platform.DatabaseKind;
import org.somaxis.support.EmbeddedPostgres;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** {@link FeedbackRetentionContract} on the embedded PostgreSQL server; one fresh database per test. */
class FeedbackRetentionPostgresIT extends FeedbackRetentionContract {
	private static int databases;
	private DataSource dataSource;

	@BeforeAll
	static void server() {
		EmbeddedPostgres.shared();
	}

	@Override
	DataSource dataSource() {
		if (dataSource == null) {
			String url = EmbeddedPostgres.shared().createDatabase("feedback_retention_" + (++databases));
			dataSource = new DriverManagerDataSource(url, "postgres", "");
		}
		return dataSource;
	}

	@Override
	DatabaseKind kind() {
		return DatabaseKind.POSTGRES;
	}
}
