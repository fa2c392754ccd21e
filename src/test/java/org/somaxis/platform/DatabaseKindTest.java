package org.somaxis.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseKindTest {

	@Test
	void recognisesH2AndPostgresUrls() {
		assertThat(DatabaseKind.fromJdbcUrl("jdbc:h2:file:./data/somaxis")).isEqualTo(DatabaseKind.H2);
		assertThat(DatabaseKind.fromJdbcUrl("jdbc:postgresql://db:5432/somaxis")).isEqualTo(DatabaseKind.POSTGRES);
	}

	@Test
	void refusesAnUnsupportedDatabaseWithAClearMessage() {
		assertThatThrownBy(() -> DatabaseKind.fromJdbcUrl("jdbc:mysql://db/somaxis?user=sa&password=s3cret"))
				.hasMessageContaining("H2")
				.hasMessageContaining("PostgreSQL")
				.hasMessageContaining("jdbc:mysql:")
				.hasMessageNotContaining("s3cret");
	}
}
