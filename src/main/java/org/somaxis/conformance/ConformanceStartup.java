package org.somaxis.conformance;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.somaxis.conformance.ExtraPackages.ExtraPackage;
import org.somaxis.conformance.PackageBuilder.FhirPackage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;

/**
 * At startup, before any other runner (demo data) and before the server reports ready: installs the packages
 * that changed (ours, then the {@code somaxis.conformance.packages}), then warms the validator so the first client
 * write does not pay for it. Everything in process: nothing goes over HTTP.
 */
public final class ConformanceStartup implements ApplicationRunner, Ordered {
	private static final Logger log = LoggerFactory.getLogger(ConformanceStartup.class);

	private final PackageInstaller installer;
	private final FhirPackage fhirPackage;
	private final List<ExtraPackage> extraPackages;
	private final LongSupplier warmUp;
	private final Runnable writeRehearsal;

	/**
	 * @param installer null when the install is off
	 * @param warmUp validates samples and returns the milliseconds it took; null when validation is off
	 * @param writeRehearsal a validated write rolled back at the end, so the first client write finds the storage
	 *     path warm too (nothing is stored); null for none
	 */
	public ConformanceStartup(
			PackageInstaller installer,
			FhirPackage fhirPackage,
			List<ExtraPackage> extraPackages,
			LongSupplier warmUp,
			Runnable writeRehearsal) {
		this.installer = installer;
		this.fhirPackage = fhirPackage;
		this.extraPackages = extraPackages;
		this.warmUp = warmUp;
		this.writeRehearsal = writeRehearsal;
	}

	@Override
	public void run(ApplicationArguments args) {
		// warming is CPU work and the install mostly database work: run them side by side
		CompletableFuture<Long> warming = warmUp == null
				? CompletableFuture.completedFuture(0L)
				: CompletableFuture.supplyAsync(warmUp::getAsLong);
		if (installer != null) {
			PackageInstaller.Outcome outcome = installer.installIfChanged(fhirPackage);
			log.info("FHIR package {} {} in {} ms (sha256 {})", fhirPackage.fileName(),
					outcome.installed() ? "installed" : "unchanged, install skipped", outcome.millis(), outcome.sha256());
			for (ExtraPackage extra : extraPackages) {
				PackageInstaller.Outcome extraOutcome = installer.installIfChanged(extra);
				log.info("FHIR package {}#{} ({}) {} in {} ms (sha256 {})", extra.name(), extra.version(), extra.file(),
						extraOutcome.installed() ? "installed" : "unchanged, install skipped", extraOutcome.millis(),
						extraOutcome.sha256());
			}
		}
		log.info("Validator warmed in {} ms", warming.join());
		if (writeRehearsal != null) {
			long start = System.nanoTime();
			writeRehearsal.run();
			log.info("Validated write rehearsed (rolled back) in {} ms", (System.nanoTime() - start) / 1_000_000);
		}
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 100;
	}
}
