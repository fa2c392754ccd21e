package org.somaxis.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;

/**
 * The shipped H2 settings keep the optimizer's statistics current on a young database (ADR 0007). The shape is the
 * one of HAPI's gathering search {@code Observation?patient=X&code=...&date=ge...}: the patient's links drive the join,
 * and each of the patient's resources is then looked up in the date index. With H2's own default (statistics after
 * 2,000 changed rows) a table of a few hundred rows was never analyzed, and H2 looked each resource up with a range
 * scan over every row of the date index from that date on: work that grows with the whole database, per resource of
 * the patient.
 */
class ShippedH2StatisticsTest {
	private static final int PATIENTS = 20;
	private static final int RESOURCES_PER_PATIENT = 30;
	private static final Pattern SCAN_COUNT = Pattern.compile("scanCount: (\\d+)");

	@Test
	void aYoungDatabaseWithTheShippedSettings_looksUpAPatientsDatesByResource() throws SQLException {
		long scanned = rowsScannedByOnePatientsDateSearch(shippedUrlOptions());

		// the patient's 30 links, then about one date row per resource; nothing of the other 19 patients
		assertThat(scanned).isLessThan(4L * RESOURCES_PER_PATIENT);
	}

	@Test
	void withH2sDefaultStatistics_theSameSearchScansTheWholeDateIndexPerResource() throws SQLException {
		long scanned = rowsScannedByOnePatientsDateSearch(";DB_CLOSE_ON_EXIT=FALSE");

		// the reason for the setting: if H2 ever chooses well without it, this test says the setting can go
		assertThat(scanned).isGreaterThan((long) PATIENTS * RESOURCES_PER_PATIENT);
	}

	private static String shippedUrlOptions() {
		YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
		yaml.setResources(new ClassPathResource("application.yaml"));
		Properties properties = yaml.getObject();
		String url = properties.getProperty("spring.datasource.url");
		assertThat(url).startsWith("jdbc:h2:file:");
		return url.substring(url.indexOf(';'));
	}

	private static long rowsScannedByOnePatientsDateSearch(String urlOptions) throws SQLException {
		String url = "jdbc:h2:mem:stats-" + UUID.randomUUID() + urlOptions;
		try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
			try (Statement ddl = connection.createStatement()) {
				ddl.execute("CREATE TABLE LINK (PID BIGINT PRIMARY KEY, SRC BIGINT, TARGET BIGINT, PATH VARCHAR(200))");
				ddl.execute("CREATE INDEX LINK_TARGET ON LINK (TARGET, PATH, SRC)");
				ddl.execute("CREATE TABLE DATES (SP_ID BIGINT PRIMARY KEY, RES_ID BIGINT, HASH_IDENTITY BIGINT,"
						+ " HIGH_ORDINAL INT)");
				// two of HAPI's date indexes: by search parameter and date, and by resource
				ddl.execute("CREATE INDEX DATES_HASH_HIGH ON DATES (HASH_IDENTITY, HIGH_ORDINAL, RES_ID)");
				ddl.execute("CREATE INDEX DATES_RESID ON DATES (RES_ID, HASH_IDENTITY, HIGH_ORDINAL)");
			}
			try (PreparedStatement link = connection.prepareStatement("INSERT INTO LINK VALUES (?, ?, ?, 'subject')");
					PreparedStatement date = connection.prepareStatement("INSERT INTO DATES VALUES (?, ?, 42, ?)")) {
				long id = 0;
				for (int patient = 0; patient < PATIENTS; patient++) {
					for (int resource = 0; resource < RESOURCES_PER_PATIENT; resource++) {
						id++;
						link.setLong(1, id);
						link.setLong(2, id);
						link.setLong(3, 100_000 + patient);
						link.executeUpdate();
						date.setLong(1, id);
						date.setLong(2, id);
						date.setInt(3, 20261101 + resource % 28);
						date.executeUpdate();
					}
				}
			}
			String search = "EXPLAIN ANALYZE SELECT l.SRC FROM LINK l INNER JOIN DATES d ON (l.SRC = d.RES_ID)"
					+ " WHERE l.TARGET = 100003 AND l.PATH = 'subject' AND d.HASH_IDENTITY = 42"
					+ " AND d.HIGH_ORDINAL >= 20261101";
			try (Statement query = connection.createStatement(); ResultSet plan = query.executeQuery(search)) {
				plan.next();
				Matcher counts = SCAN_COUNT.matcher(plan.getString(1));
				long scanned = 0;
				while (counts.find()) {
					scanned += Long.parseLong(counts.group(1));
				}
				return scanned;
			}
		}
	}
}
