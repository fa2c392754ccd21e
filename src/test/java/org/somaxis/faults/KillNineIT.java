package org.somaxis.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.somaxis.support.EmbeddedPostgres;
import org.somaxis.support.FaultFigures;
import org.somaxis.support.ServerProcess;

/**
 * {@code kill -9} during write load (RELIABILITY.md §8 rows 10 and 11): four clients post tagged transaction
 * Bundles, the server JVM is killed at a random moment, started again on the same database, and the database is
 * audited: no Bundle may be partial, the version invariant must hold, and, on PostgreSQL and on the shipped H2
 * settings, no acknowledged Bundle may be missing nor lack the AuditEvents of its writes (row 19). H2 with its own
 * defaults is measured for comparison only (docs/adr/0006-h2-durability.md).
 *
 * <p>{@code verify} runs one kill on the shipped H2 settings. {@code reliability/faults.sh} (Maven profile
 * {@code faults}) runs every mode with {@code faults.kills} kills each ({@code -Dfaults.modes=...} to choose).
 */
class KillNineIT {
	enum Mode {
		H2_DEFAULTS("kill9-h2-defaults", false),
		H2_SHIPPED("kill9-h2", true),
		POSTGRES("kill9-pg", true);

		final String category;
		final boolean mustKeepAcknowledged;

		Mode(String category, boolean mustKeepAcknowledged) {
			this.category = category;
			this.mustKeepAcknowledged = mustKeepAcknowledged;
		}
	}

	static List<Mode> modes() {
		String modes = System.getProperty("faults.modes", "H2_SHIPPED");
		return Arrays.stream(modes.split(",")).map(String::strip).map(Mode::valueOf).toList();
	}

	@ParameterizedTest
	@MethodSource("modes")
	void killMinusNineDuringTransactionIngest_leavesNoPartialBundle_andLosesNoAcknowledgedOne(Mode mode)
			throws Exception {
		int kills = Integer.getInteger("faults.kills", 1);
		long loadMinMs = Long.getLong("faults.load-min-ms", 5_000);
		long loadMaxMs = Long.getLong("faults.load-max-ms", 15_000);
		Path dir = Files.createDirectories(Path.of("target/it-data/kill9-" + mode + "-" + System.nanoTime()))
				.toAbsolutePath();
		Database database = Database.of(mode, dir);
		ServerProcess server = ServerProcess.of(database.arguments(), Map.of("SOMAXIS_DATA_DIR", dir.toString()),
				dir.resolve("server.log"));
		FaultFigures figures = new FaultFigures(mode.category);
		TaggedIngest all = null;
		List<Long> restartMs = new ArrayList<>();
		int reopenFailures = 0;
		server.startAndAwaitReadiness(600_000);
		List<TaggedIngest> loads = new ArrayList<>();
		long loadMs = 0;
		try {
			for (int kill = 0; kill < kills; kill++) {
				TaggedIngest ingest = TaggedIngest.start(server.port(), 4, figures);
				loads.add(ingest);
				long load = ThreadLocalRandom.current().nextLong(loadMinMs, loadMaxMs + 1);
				Thread.sleep(load);
				loadMs += load;
				server.kill();
				ingest.stop();
				try {
					restartMs.add(server.startAndAwaitReadiness(600_000));
				} catch (IllegalStateException reopenFailed) {
					reopenFailures++;
					break;
				}
			}
		} finally {
			if (server.isAlive() && mode != Mode.POSTGRES) {
				server.terminate();
			}
		}
		all = TaggedIngest.merged(loads);
		StoreAudit.Outcome outcome = StoreAudit.audit(database.jdbcUrl(), database.user(), "", all);
		if (server.isAlive()) {
			server.terminate();
		}
		for (int i = 0; i < outcome.violations(mode.mustKeepAcknowledged, false) + reopenFailures; i++) {
			figures.violation();
		}
		figures.print();
		FaultFigures.log("KILL9 mode=" + mode + " kills=" + kills + " bundles_sent=" + all.entries.size()
				+ " acknowledged=" + all.acknowledged.size() + " unanswered=" + all.unanswered.size()
				+ " acknowledged_missing=" + outcome.acknowledgedMissing()
				+ " acknowledged_unaudited_resources=" + outcome.acknowledgedUnaudited() + " partial=" + outcome.partial()
				+ " committed_unanswered=" + outcome.committedUnanswered() + " version_violations="
				+ outcome.versionViolations() + " reopen_failures=" + reopenFailures + " restart_ready_ms=" + restartMs
				+ " db_size_mb=" + database.sizeMb() + " acknowledged_resources_per_s="
				+ all.acknowledged.stream().mapToInt(all.entries::get).sum() * 1000L / Math.max(1, loadMs));

		assertThat(reopenFailures).as("database reopens after kill -9").isZero();
		assertThat(outcome.partial()).as("partial bundles").isZero();
		assertThat(outcome.versionViolations()).as("version invariant").isZero();
		assertThat(all.acknowledged).as("some bundles were acknowledged before the kill").isNotEmpty();
		if (mode.mustKeepAcknowledged) {
			assertThat(outcome.acknowledgedMissing()).as("acknowledged but missing").isZero();
			assertThat(outcome.acknowledgedUnaudited()).as("resources of acknowledged Bundles without an AuditEvent")
					.isZero();
		}
	}

	/** Where a mode keeps its data and how the server and the audit reach it. */
	record Database(List<String> arguments, String jdbcUrl, String user, Path dir) {
		static Database of(Mode mode, Path dir) {
			return switch (mode) {
				// H2 with its own defaults: the URL Somaxis shipped before ADR 0006
				case H2_DEFAULTS -> {
					String url = "jdbc:h2:file:" + dir + "/somaxis;DB_CLOSE_ON_EXIT=FALSE";
					yield new Database(List.of("--somaxis.demo.enabled=false", "--spring.datasource.url=" + url), url,
							"sa", dir);
				}
				// the shipped default: only SOMAXIS_DATA_DIR is set, application.yaml gives the URL
				case H2_SHIPPED -> new Database(List.of("--somaxis.demo.enabled=false"),
						"jdbc:h2:file:" + dir + "/somaxis", "sa", dir);
				case POSTGRES -> {
					EmbeddedPostgres postgres = EmbeddedPostgres.dedicated();
					String url = postgres.createDatabase("kill9");
					// the postgres profile defaults to smart mode; this test's clients carry no token
					yield new Database(List.of("--somaxis.demo.enabled=false", "--spring.profiles.active=postgres",
							"--somaxis.security.mode=open",
							"--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
							"--spring.datasource.password="), url, "postgres", dir);
				}
			};
		}

		long sizeMb() throws java.io.IOException {
			Path file = dir.resolve("somaxis.mv.db");
			return Files.exists(file) ? Files.size(file) / (1024 * 1024) : -1;
		}
	}
}
