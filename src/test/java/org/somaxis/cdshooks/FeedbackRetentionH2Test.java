package org.somaxis.cdshooks;

import java.util.UUID;
import javax.sql.DataSource;
import org.somaxis.platform.DatabaseKind;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** {@link FeedbackRetentionContract} on an in-memory H2 database. */
class FeedbackRetentionH2Test extends FeedbackRetentionContract {
	private final DataSource dataSource =
			new DriverManagerDataSource("jdbc:h2:mem:feedback-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");

	@Override
	DataSource dataSource() {
		return dataSource;
	}

	@Override
	DatabaseKind kind() {
		return DatabaseKind.H2;
	}
}
