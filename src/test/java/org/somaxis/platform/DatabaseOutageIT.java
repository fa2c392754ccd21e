package org.somaxis.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.somaxis.SomaxisApplication;
import org.somaxis.support.EmbeddedPostgres;
import org.somaxis.support.FaultFigures;
import org.somaxis.support.FhirHttp;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the server does when its database is gone or its connection pool is exhausted (RELIABILITY.md §8 row 12),
 * on a PostgreSQL server of its own (fsync on) that the test stops ({@code pg_ctl stop -m immediate}) and starts
 * again, with the shipped Hikari {@code connection-timeout} (3 s):
 *
 * <ul>
 *   <li>readiness goes DOWN within one probe period (10 s, Kubernetes' default) and UP within 30 s after the
 *       database returns; liveness stays UP throughout;
 *   <li>a request that cannot get a connection answers 503 with an OperationOutcome and {@code Retry-After}
 *       within the connection timeout plus 5 s, instead of hanging.
 * </ul>
 *
 * <p>In {@code verify}: one cycle of each, 3 requests against the held pool, the database down only as long as the
 * checks take. The long suite ({@code reliability/faults.sh}) runs the plan's size: {@code faults.cycles} (3) cycles
 * of each, {@code faults.pool-requests} (30) parallel requests against the held pool, and the database down for
 * {@code faults.outage-ms} (20 s) while a client keeps writing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabaseOutageIT {
	static final long PROBE_PERIOD_MS = 10_000;
	static final long BACK_UP_WITHIN_MS = 30_000;
	static final long NO_HANG_MS = 3_000 + 5_000;
	static final int POOL_SIZE = 4;
	static final int CYCLES = Integer.getInteger("faults.cycles", 1);
	static final int POOL_REQUESTS = Integer.getInteger("faults.pool-requests", 3);
	static final long OUTAGE_MS = Long.getLong("faults.outage-ms", 0);

	static EmbeddedPostgres postgres;
	static ConfigurableApplicationContext server;
	static FhirHttp http;

	@BeforeAll
	static void start() {
		postgres = EmbeddedPostgres.dedicated();
		String url = postgres.createDatabase("outage");
		server = new SpringApplicationBuilder(SomaxisApplication.class)
				.profiles("postgres")
				// arguments, not default properties: application-postgres.yaml would win over those
				.run(
						"--server.port=0",
						"--somaxis.demo.enabled=false",
						"--spring.datasource.url=" + url,
						"--spring.datasource.username=postgres",
						"--spring.datasource.password=",
						"--spring.datasource.hikari.maximum-pool-size=" + POOL_SIZE);
		http = new FhirHttp(((WebServerApplicationContext) server).getWebServer().getPort());
	}

	@AfterAll
	static void stop() {
		if (server != null) {
			server.close();
		}
	}

	@Test
	@Order(1)
	void anExhaustedPool_answers503WithAnOperationOutcome_insteadOfHanging_andRecovers() throws Exception {
		FaultFigures figures = new FaultFigures("pool-exhaustion");
		DataSource dataSource = server.getBean(DataSource.class);
		ExecutorService clients = Executors.newFixedThreadPool(Math.min(POOL_REQUESTS, 8));
		try {
			for (int cycle = 0; cycle < CYCLES; cycle++) {
				List<Connection> held = new ArrayList<>();
				try {
					for (int i = 0; i < POOL_SIZE; i++) {
						held.add(dataSource.getConnection());
					}
					List<Future<FhirHttp.Response>> answers = new ArrayList<>();
					List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
					for (int i = 0; i < POOL_REQUESTS; i++) {
						answers.add(clients.submit(() -> {
							long start = System.nanoTime();
							FhirHttp.Response response = http.postResource("/fhir/Patient", FhirRestContract.patient("Pool", "Busy"));
							long ms = elapsedMs(start);
							figures.answered(response.status(), ms);
							latencies.add(ms);
							return response;
						}));
					}
					for (Future<FhirHttp.Response> answer : answers) {
						FhirHttp.Response response = answer.get();
						assertThat(response.status()).isEqualTo(503);
						assertThat(response.header("Retry-After")).isEqualTo("5");
						assertThat(response.as(OperationOutcome.class).getIssueFirstRep().getCode())
								.isEqualTo(OperationOutcome.IssueType.TRANSIENT);
					}
					assertThat(latencies).allSatisfy(ms -> assertThat(ms).isLessThan(NO_HANG_MS));
				} finally {
					for (Connection connection : held) {
						connection.close();
					}
				}
				long start = System.nanoTime();
				FhirHttp.Response after = http.postResource("/fhir/Patient", FhirRestContract.patient("Pool", "Free"));
				figures.answered(after.status(), elapsedMs(start));
				assertThat(after.status()).isEqualTo(201);
			}
		} finally {
			clients.shutdownNow();
		}
		FaultFigures.log("POOL cycles=" + CYCLES + " requests_per_cycle=" + POOL_REQUESTS + " pool=" + POOL_SIZE);
		figures.print();
	}

	@Test
	@Order(2)
	void aDatabaseOutage_takesReadinessDown_keepsLivenessUp_answers503_andRecovers() throws Exception {
		FaultFigures figures = new FaultFigures("db-outage-pg");
		List<Long> downMs = new ArrayList<>();
		List<Long> upMs = new ArrayList<>();
		for (int cycle = 0; cycle < CYCLES; cycle++) {
			String before = FhirRestContract.idPart(
					http.postResource("/fhir/Patient", FhirRestContract.patient("Before", "Outage")).header("Location"));
			assertThat(status("/actuator/health/readiness")).isEqualTo(200);

			postgres.stopImmediately();
			long stopped = System.nanoTime();
			long downAfterMs = awaitReadiness(503, PROBE_PERIOD_MS + NO_HANG_MS, figures);
			downMs.add(downAfterMs);
			assertThat(downAfterMs).isLessThanOrEqualTo(PROBE_PERIOD_MS);

			do { // a client that keeps writing while the database is away: each write fails fast, with an OperationOutcome
				long start = System.nanoTime();
				FhirHttp.Response during = http.postResource("/fhir/Patient", FhirRestContract.patient("During", "Outage"));
				long ms = elapsedMs(start);
				figures.answered(during.status(), ms);
				assertThat(during.status()).isEqualTo(503);
				assertThat(during.as(OperationOutcome.class).getIssueFirstRep().getCode())
						.isEqualTo(OperationOutcome.IssueType.TRANSIENT);
				assertThat(ms).isLessThan(NO_HANG_MS);
				assertThat(status("/actuator/health/liveness")).isEqualTo(200);
			} while (elapsedMs(stopped) < OUTAGE_MS);
			FaultFigures.log("database down for " + elapsedMs(stopped) + " ms");

			postgres.restart();
			long upAfterMs = awaitReadiness(200, BACK_UP_WITHIN_MS + NO_HANG_MS, figures);
			upMs.add(upAfterMs);
			assertThat(upAfterMs).isLessThanOrEqualTo(BACK_UP_WITHIN_MS);

			FhirHttp.Response read = http.get("/fhir/Patient/" + before);
			figures.answered(read.status(), 0);
			assertThat(read.status()).isEqualTo(200);
			FhirHttp.Response write = http.postResource("/fhir/Patient", FhirRestContract.patient("After", "Outage"));
			figures.answered(write.status(), 0);
			assertThat(write.status()).isEqualTo(201);
		}
		FaultFigures.log("OUTAGE cycles=" + CYCLES + " readiness_down_ms=" + downMs + " readiness_up_ms=" + upMs);
		figures.print();
	}

	/** Polls readiness every 500 ms until it answers {@code wanted}; liveness must stay UP meanwhile. */
	private static long awaitReadiness(int wanted, long timeoutMs, FaultFigures figures) throws InterruptedException {
		long start = System.nanoTime();
		while (elapsedMs(start) < timeoutMs) {
			if (status("/actuator/health/readiness") == wanted) {
				return elapsedMs(start);
			}
			if (status("/actuator/health/liveness") != 200) {
				figures.violation();
			}
			Thread.sleep(500);
		}
		throw new AssertionError("readiness never answered " + wanted + " within " + timeoutMs + " ms");
	}

	private static int status(String path) {
		return http.get(path, "Accept", "application/json").status();
	}

	private static long elapsedMs(long startNanos) {
		return (System.nanoTime() - startNanos) / 1_000_000;
	}
}
