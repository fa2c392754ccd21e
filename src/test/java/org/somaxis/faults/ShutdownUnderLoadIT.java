package org.somaxis.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.somaxis.support.FaultFigures;
import org.somaxis.support.ServerProcess;

/**
 * SIGTERM during write load (RELIABILITY.md §8 row 13): four clients post tagged transaction Bundles and the server
 * is told to stop. Every Bundle the server committed must have been answered (none cut mid-way), none may be
 * partial, none acknowledged may be missing, and the JVM must exit within {@code timeout-per-shutdown-phase} (30 s)
 * plus the context's own close.
 *
 * <p>Long suite only ({@code reliability/faults.sh}); {@code verify} keeps {@code GracefulShutdownIT}.
 */
@EnabledIfSystemProperty(named = "faults.long", matches = "true")
class ShutdownUnderLoadIT {

	@Test
	void sigtermUnderLoad_answersEveryAcceptedRequest_andLeavesNoPartialBundle() throws Exception {
		int stops = Integer.getInteger("faults.stops", 1);
		Path dir = Files.createDirectories(Path.of("target/it-data/sigterm-" + System.nanoTime())).toAbsolutePath();
		ServerProcess server = ServerProcess.of(List.of("--somaxis.demo.enabled=false"),
				Map.of("SOMAXIS_DATA_DIR", dir.toString()), dir.resolve("server.log"));
		FaultFigures figures = new FaultFigures("graceful-shutdown");
		List<TaggedIngest> loads = new ArrayList<>();
		List<Long> stopMs = new ArrayList<>();
		for (int stop = 0; stop < stops; stop++) {
			server.startAndAwaitReadiness(600_000);
			TaggedIngest ingest = TaggedIngest.start(server.port(), 4, figures);
			loads.add(ingest);
			Thread.sleep(8_000);
			stopMs.add(server.terminate());
			ingest.stop();
		}
		TaggedIngest all = TaggedIngest.merged(loads);
		StoreAudit.Outcome outcome = StoreAudit.audit("jdbc:h2:file:" + dir + "/somaxis", "sa", "", all);
		for (int i = 0; i < outcome.violations(true, true); i++) {
			figures.violation();
		}
		figures.print();
		FaultFigures.log("SHUTDOWN stops=" + stops + " bundles_sent=" + all.entries.size() + " acknowledged="
				+ all.acknowledged.size() + " unanswered=" + all.unanswered.size() + " never_connected="
				+ all.neverConnected.size() + " committed_unanswered=" + outcome.committedUnanswered()
				+ " acknowledged_missing=" + outcome.acknowledgedMissing() + " partial=" + outcome.partial()
				+ " stop_ms=" + stopMs);

		assertThat(all.acknowledged).isNotEmpty();
		assertThat(outcome.committedUnanswered()).as("committed bundles whose answer was cut").isZero();
		assertThat(outcome.partial()).as("partial bundles").isZero();
		assertThat(outcome.acknowledgedMissing()).as("acknowledged but missing").isZero();
		assertThat(outcome.versionViolations()).as("version invariant").isZero();
		assertThat(stopMs).allSatisfy(ms -> assertThat(ms).isLessThan(60_000));
	}
}
