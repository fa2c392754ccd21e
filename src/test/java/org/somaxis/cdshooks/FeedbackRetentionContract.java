package org.somaxis.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.jpa.migrate.MigrationResult;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.somaxis.platform.DatabaseKind;
import org.somaxis.platform.SchemaMigration;
import org.somaxis.platform.SomaxisMigrationTasks;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The CDS feedback tables come from the schema migrations (not from code at startup), and the retention setting
 * prunes old rows. Run on H2 ({@link FeedbackRetentionH2Test}) and PostgreSQL ({@link FeedbackRetentionPostgresIT}).
 */
abstract class FeedbackRetentionContract {
	static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

	JdbcTemplate jdbc;
	FeedbackStore store;
	MigrationResult firstRun;

	abstract DataSource dataSource();

	abstract DatabaseKind kind();

	@BeforeEach
	void migrate() {
		jdbc = new JdbcTemplate(dataSource());
		firstRun = SchemaMigration.runSomaxisTasks(dataSource(), kind());
		store = new FeedbackStore(jdbc);
	}

	@Test
	void theMigrationsCreateTheFeedbackTables_andASecondRunChangesNothing() {
		MigrationResult second = SchemaMigration.runSomaxisTasks(dataSource(), kind());

		assertThat(firstRun.succeededTasks).hasSize(SomaxisMigrationTasks.all().size());
		assertThat(second.succeededTasks).isEmpty();
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM cds_card", Long.class)).isZero();
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM cds_feedback", Long.class)).isZero();
	}

	@Test
	void pruning_deletesCardsAndFeedbackOlderThanTheRetention_andKeepsTheRest() throws Exception {
		issue("old-card", "igf1-above-range-on-therapy");
		issue("new-card", "igf1-above-range-on-therapy");
		giveFeedback("old-card");
		giveFeedback("new-card");
		age("old-card", Duration.ofDays(400));

		FeedbackRetention retention = new FeedbackRetention(
				store, Duration.ofDays(365), Duration.ofHours(1), Clock.fixed(NOW, ZoneOffset.UTC));
		int deleted = retention.pruneNow();

		assertThat(deleted).isEqualTo(2);
		assertThat(jdbc.queryForList("SELECT card_uuid FROM cds_card", String.class)).containsExactly("new-card");
		assertThat(jdbc.queryForList("SELECT card_uuid FROM cds_feedback", String.class)).containsExactly("new-card");
		assertThat(store.summary().rules()).singleElement().satisfies(rule -> {
			assertThat(rule.cards()).isEqualTo(1);
			assertThat(rule.accepted()).isEqualTo(1);
		});
		assertThat(retention.pruneNow()).isZero();
	}

	@Test
	void aZeroRetention_keepsEverything_andSchedulesNothing() {
		FeedbackRetention forever =
				new FeedbackRetention(store, Duration.ZERO, Duration.ofHours(1), Clock.fixed(NOW, ZoneOffset.UTC));
		forever.start();

		assertThat(forever.isRunning()).isFalse();
	}

	@Test
	void cardsOfConcurrentCalls_areEachCommittedBeforeTheirCallReturns() throws Exception {
		int threads = 8;
		int callsPerThread = 25;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<Integer>> visible = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				visible.add(pool.submit(() -> {
					int seen = 0;
					for (int call = 0; call < callsPerThread; call++) {
						String a = "t" + thread + "-c" + call + "-a";
						String b = "t" + thread + "-c" + call + "-b";
						store.issued("somaxis-patient-view", List.of(card(a, "short-sleep"), card(b, "short-sleep")));
						seen += jdbc.queryForObject(
								"SELECT COUNT(*) FROM cds_card WHERE card_uuid IN (?, ?)", Integer.class, a, b);
					}
					return seen;
				}));
			}
			for (Future<Integer> thread : visible) {
				assertThat(thread.get(60, TimeUnit.SECONDS)).isEqualTo(2 * callsPerThread);
			}
		} finally {
			pool.shutdownNow();
		}
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM cds_card", Long.class)).isEqualTo(2L * threads * callsPerThread);
	}

	/**
	 * The suggestions a card offered are kept with it, and an accepted suggestion must be one of them; a card issued
	 * before they were kept (no row value) is not checked, and an accepted card naming no suggestion is stored as before.
	 */
	@Test
	void acceptedSuggestions_mustBeOnesTheCardOffered_unlessTheCardPredatesThem() throws Exception {
		var topic = new CdsJson.Coding("http://somaxis.org/fhir/CodeSystem/guidance-rules", "short-sleep", null);
		var suggestion = new CdsJson.Suggestion("Aim for 7-9 h", "5b0c1c2e-1111-4aaa-8bbb-000000000001", null, List.of());
		store.issued("somaxis-patient-view", List.of(new CdsJson.Card("with-one", "s", null, "info",
				new CdsJson.Source("Somaxis", null, topic), List.of(suggestion), null, List.of(), List.of())));
		issue("with-none", "short-sleep");
		issue("from-before", "short-sleep");
		jdbc.update("UPDATE cds_card SET suggestion_uuids = NULL WHERE card_uuid = 'from-before'");

		assertThatThrownBy(() -> accept("with-one", "5b0c1c2e-1111-4aaa-8bbb-000000000002"))
				.isInstanceOf(CdsException.class).hasMessageStartingWith("feedback[0].acceptedSuggestions[0].id");
		assertThatThrownBy(() -> accept("with-none", "5b0c1c2e-1111-4aaa-8bbb-000000000001"))
				.isInstanceOf(CdsException.class).hasMessageContaining("the card has none");
		accept("with-one", "5B0C1C2E-1111-4AAA-8BBB-000000000001");
		accept("from-before", "anything");
		giveFeedback("with-none");

		assertThat(jdbc.queryForList("SELECT card_uuid FROM cds_feedback ORDER BY card_uuid", String.class))
				.containsExactly("from-before", "with-none", "with-one");
	}

	private void accept(String card, String suggestionId) throws Exception {
		store.store("somaxis-patient-view", new ObjectMapper().readTree("{\"feedback\":[{\"card\":\"" + card + "\","
				+ "\"outcome\":\"accepted\",\"acceptedSuggestions\":[{\"id\":\"" + suggestionId + "\"}],"
				+ "\"outcomeTimestamp\":\"2026-12-06T09:00:00Z\"}]}"));
	}

	@Test
	void aCommitTheDatabaseRefuses_failsTheCall_andTheNextCallIsStored() {
		issue("same-card", "short-sleep");

		assertThatThrownBy(() -> issue("same-card", "short-sleep")).isInstanceOf(DataAccessException.class);

		issue("next-card", "short-sleep");
		assertThat(jdbc.queryForList("SELECT card_uuid FROM cds_card ORDER BY card_uuid", String.class))
				.containsExactly("next-card", "same-card");
	}

	private void issue(String uuid, String ruleId) {
		store.issued("somaxis-patient-view", List.of(card(uuid, ruleId)));
	}

	private static CdsJson.Card card(String uuid, String ruleId) {
		var topic = new CdsJson.Coding("http://somaxis.org/fhir/CodeSystem/guidance-rules", ruleId, null);
		return new CdsJson.Card(uuid, "s", null, "info", new CdsJson.Source("Somaxis", null, topic),
				List.of(), null, List.of(), List.of());
	}

	private void giveFeedback(String uuid) throws Exception {
		store.store("somaxis-patient-view", new ObjectMapper().readTree("{\"feedback\":[{\"card\":\"" + uuid
				+ "\",\"outcome\":\"accepted\",\"outcomeTimestamp\":\"2026-12-01T11:00:00Z\"}]}"));
	}

	private void age(String uuid, Duration age) {
		Timestamp then = Timestamp.from(NOW.minus(age));
		jdbc.update("UPDATE cds_card SET issued_at = ? WHERE card_uuid = ?", then, uuid);
		jdbc.update("UPDATE cds_feedback SET received_at = ? WHERE card_uuid = ?", then, uuid);
	}
}
